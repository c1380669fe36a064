from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "praxis.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # Each app's `search.py` registers its kinds; the index-update hooks follow their objects.
        from . import hooks, registry

        registry.load()
        hooks.connect()
