from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "praxis.communities"
    label = "communities"
    verbose_name = _("Communities of practice")

    def ready(self) -> None:
        from praxis.core.actor import register_memberships

        from .models import CommunityMembership

        register_memberships("community", lambda user: CommunityMembership.objects.filter(user=user),
                             key="community_id")
