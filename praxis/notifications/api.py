"""The member's own notifications in the public API, through `selectors.notifications_of` (nobody else's)."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema

from praxis.core.rest import DEFAULT_LIMIT, PROBLEMS, Limit, paginate, require_member

from . import registry, selectors
from .models import Notification

router = Router(tags=["notifications"])


class NotificationOut(Schema):
    id: int
    kind: str
    message: str
    url: str
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_message(notification: Notification) -> str:
        return str(registry.message(notification))


@router.get("/notifications", response={200: list[NotificationOut], **PROBLEMS}, summary="My notifications")
def notifications(request: HttpRequest, response: HttpResponse, unread: bool = False,
                  limit: Limit = DEFAULT_LIMIT, cursor: str = "") -> list[Notification]:
    """The token's member's notifications, newest first; `unread=true` for the unread ones only."""
    actor = require_member(request, "notifications:read")
    queryset = selectors.notifications_of(actor)
    if unread:
        queryset = queryset.filter(read_at__isnull=True)
    return paginate(request, response, queryset, key="created_at", descending=True, limit=limit, cursor=cursor)
