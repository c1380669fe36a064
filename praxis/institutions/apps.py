from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    name = "praxis.institutions"
    label = "institutions"
    verbose_name = _("Institutions")

    def ready(self) -> None:
        from praxis.core.actor import register_memberships

        from .selectors import active_memberships_of

        register_memberships("institution", active_memberships_of, key="institution_id")
