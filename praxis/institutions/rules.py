"""Who may do what in the health network directory. Every view and template asks here."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from praxis.core.actor import Actor

from .models import ClaimRequest, DirectoryProfile, Institution, Invitation


# --- institutions -----------------------------------------------------------------------------------------------
def institutions_visible_to(actor: Actor) -> QuerySet[Institution]:
    """Published institutions for everyone (the directory is public); unpublished ones for their own members and
    for moderators."""
    if actor.is_moderator:
        return Institution.objects.all()
    published = Q(is_verified=True, closed_at__isnull=True)
    own = list(actor.institution_roles) if actor.is_authenticated else []
    if own:
        return Institution.objects.filter(published | Q(pk__in=own))
    return Institution.objects.filter(published)


def can_view_institution(actor: Actor, institution: Institution) -> bool:
    return ((institution.is_verified and institution.closed_at is None) or actor.is_moderator
            or actor.is_institution_member(institution.pk))


def can_create_institution(actor: Actor) -> bool:
    """Any signed-in member may register an institution; a moderator verifies it before it is published."""
    return actor.is_authenticated


def check_create_institution(actor: Actor) -> None:
    if not can_create_institution(actor):
        raise PermissionDenied


def can_edit_institution(actor: Actor, institution: Institution) -> bool:
    """The institution's admins (and platform admins) edit its profile."""
    return actor.is_institution_admin(institution.pk) or actor.is_platform_admin


def check_edit_institution(actor: Actor, institution: Institution) -> None:
    if not can_edit_institution(actor, institution):
        raise PermissionDenied


def can_close_institution(actor: Actor, institution: Institution) -> bool:
    """Its admins (and moderators) close an institution that stopped, or reopen it."""
    return actor.is_institution_admin(institution.pk) or actor.is_moderator


def check_close_institution(actor: Actor, institution: Institution) -> None:
    if not can_close_institution(actor, institution):
        raise PermissionDenied


def can_manage_members(actor: Actor, institution: Institution) -> bool:
    """Invite staff, change roles, remove members: the institution's admins only."""
    return actor.is_institution_admin(institution.pk) or actor.is_platform_admin


def check_manage_members(actor: Actor, institution: Institution) -> None:
    if not can_manage_members(actor, institution):
        raise PermissionDenied


def can_view_members(actor: Actor, institution: Institution) -> bool:
    """The full staff list (with roles and pending invitations) is for the institution's members and moderators."""
    return actor.is_institution_member(institution.pk) or actor.is_moderator


def check_view_members(actor: Actor, institution: Institution) -> None:
    if not can_view_members(actor, institution):
        raise PermissionDenied


def can_leave_institution(actor: Actor, institution: Institution) -> bool:
    return actor.is_institution_member(institution.pk)


def check_leave_institution(actor: Actor, institution: Institution) -> None:
    if not can_leave_institution(actor, institution):
        raise PermissionDenied


def can_moderate_institutions(actor: Actor) -> bool:
    """Verify new institutions, decide on claims and duplicates."""
    return actor.is_moderator


def check_moderate_institutions(actor: Actor) -> None:
    if not can_moderate_institutions(actor):
        raise PermissionDenied


def can_claim_institution(actor: Actor, institution: Institution) -> bool:
    """A member who is not already on its staff may ask to manage a published institution (or report a duplicate)."""
    return actor.is_authenticated and institution.is_verified and not actor.is_institution_member(institution.pk)


def check_claim_institution(actor: Actor, institution: Institution) -> None:
    if not can_claim_institution(actor, institution):
        raise PermissionDenied


def claims_visible_to(actor: Actor) -> QuerySet[ClaimRequest]:
    if actor.is_moderator:
        return ClaimRequest.objects.all()
    if actor.is_authenticated:
        return ClaimRequest.objects.filter(requester_id=actor.id)
    return ClaimRequest.objects.none()


# --- invitations ------------------------------------------------------------------------------------------------
def can_respond_to_invitation(actor: Actor, invitation: Invitation) -> bool:
    """The link is the key, but only the account with the invited address may use it."""
    return bool(actor.user and actor.user.email.lower() == invitation.email.lower())


def check_respond_to_invitation(actor: Actor, invitation: Invitation) -> None:
    if not can_respond_to_invitation(actor, invitation):
        raise PermissionDenied


# --- colleagues and follows -------------------------------------------------------------------------------------
def can_browse_colleagues(actor: Actor) -> bool:
    """Colleagues' entries are personal data: only verified professionals browse them."""
    return actor.is_verified or actor.is_moderator


def check_browse_colleagues(actor: Actor) -> None:
    if not can_browse_colleagues(actor):
        raise PermissionDenied


def colleagues_visible_to(actor: Actor) -> QuerySet[DirectoryProfile]:
    """Listed profiles of active members; nobody for those who may not browse."""
    if not can_browse_colleagues(actor):
        return DirectoryProfile.objects.none()
    return DirectoryProfile.objects.filter(is_listed=True, user__is_active=True)


def can_edit_directory_profile(actor: Actor) -> bool:
    return actor.is_authenticated


def check_edit_directory_profile(actor: Actor) -> None:
    if not can_edit_directory_profile(actor):
        raise PermissionDenied


def can_follow(actor: Actor) -> bool:
    return actor.is_authenticated


def check_follow(actor: Actor) -> None:
    if not can_follow(actor):
        raise PermissionDenied


def can_view_institution_history(actor: Actor, institution: Institution) -> bool:
    """What happened to an institution (its audit log): its admins and the moderators."""
    return can_edit_institution(actor, institution) or can_moderate_institutions(actor)
