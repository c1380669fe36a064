from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "praxis.communities"
    label = "communities"
    verbose_name = _("Communities of practice")

    def ready(self) -> None:
        from praxis.core.actor import register_memberships

        from .selectors import memberships_of

        register_memberships("community", memberships_of, key="community_id")
