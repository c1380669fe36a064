"""Platform-wide permissions."""

from django.core.exceptions import PermissionDenied

from .actor import Actor


def can_use_admin(actor: Actor) -> bool:
    """Only platform admins reach Django's admin."""
    return actor.is_platform_admin


def can_view_members_area(actor: Actor) -> bool:
    """Any signed-in member with a confirmed email; unverified members included."""
    return actor.is_authenticated


def check_members_area(actor: Actor) -> None:
    if not can_view_members_area(actor):
        raise PermissionDenied
