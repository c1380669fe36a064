"""The community's home is partly rendered from fragments cached per community and `updated_at` (see
`selectors.home_sections`): the services that change what it lists call `home_changed`, so the next home shows it at
once. Changes made elsewhere (a member's name or profession) show within the fragments' 10 minutes."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from ..models import Community


def home_changed(community_id: int | None = None, *, communities: QuerySet[Community] | None = None) -> None:
    """Mark the community (or several) changed: a new `updated_at`, so its cached home fragments are rebuilt."""
    target = communities if communities is not None else Community.objects.filter(pk=community_id or 0)
    target.update(updated_at=timezone.now())
