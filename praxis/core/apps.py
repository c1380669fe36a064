from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "praxis.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        # Registers the worker's start-up and periodic hooks with huey.
        from . import tasks  # noqa: F401
