from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "praxis.core"
    label = "core"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        # Registers the worker's start-up and periodic hooks with huey.
        from . import tasks  # noqa: F401
        from .authentication import remember_owner

        # The session's owner is known from the sign-in on: its first page is read in one round trip too.
        user_logged_in.connect(remember_owner, dispatch_uid="praxis.core.remember_owner")
