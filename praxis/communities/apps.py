from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "praxis.communities"
    label = "communities"
    verbose_name = _("Communities of practice")

    def ready(self) -> None:
        from praxis.core.actor import register_memberships
        from praxis.events.ics import register_feed_source

        from .ics import member_meetings
        from .selectors import memberships_of

        register_memberships("community", memberships_of, key="community_id")
        # Meetings appear in the members' personal calendar feed (events offers the hook, imports nothing of ours).
        register_feed_source(member_meetings)
