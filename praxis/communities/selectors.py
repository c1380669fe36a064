from typing import Any

from django.db.models import QuerySet

from .models import CommunityMembership


def memberships_of(user: Any) -> QuerySet[CommunityMembership]:
    """The member's communities: what `Actor.community_roles` reads (registered by the app config)."""
    return CommunityMembership.objects.filter(user=user)
