"""Who posts, sees and answers job offers. Lists, alerts and emails go through `offers_visible_to`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.utils import timezone

from praxis.core.actor import Actor

from .models import JobOffer, SavedSearch

POSTER_ROLES = {"admin", "staff"}


def open_offers() -> Q:
    """Open and not past the closing date: expiry holds even before the nightly task flips the status."""
    return Q(status=JobOffer.Status.OPEN, closing_date__gte=timezone.localdate(), institution__is_verified=True,
             institution__closed_at__isnull=True)


def offers_visible_to(actor: Actor) -> QuerySet[JobOffer]:
    """Open offers for everyone; an institution's own people also see its expired and withdrawn offers."""
    visible = open_offers()
    if actor.is_moderator:
        return JobOffer.objects.all()
    own = [pk for pk, role in actor.institution_roles.items() if role in POSTER_ROLES]
    if own:
        visible |= Q(institution_id__in=own)
    return JobOffer.objects.filter(visible)


def poster_institution_ids(actor: Actor) -> list[int]:
    return [pk for pk, role in actor.institution_roles.items() if role in POSTER_ROLES]


def can_post_offer(actor: Actor, institution: object | None = None) -> bool:
    """Admins and staff of a verified institution. Without an institution: may the actor post for any?"""
    if not actor.is_authenticated:
        return False
    if institution is None:
        return bool(poster_institution_ids(actor))
    return bool(getattr(institution, "is_verified", False)) and (
        actor.institution_roles.get(institution.pk) in POSTER_ROLES  # type: ignore[attr-defined]
    )


def check_post_offer(actor: Actor, institution: object | None = None) -> None:
    if not can_post_offer(actor, institution):
        raise PermissionDenied


def can_manage_offer(actor: Actor, offer: JobOffer) -> bool:
    if not actor.is_authenticated:
        return False
    return actor.is_moderator or actor.institution_roles.get(offer.institution_id) in POSTER_ROLES


def check_manage_offer(actor: Actor, offer: JobOffer) -> None:
    if not can_manage_offer(actor, offer):
        raise PermissionDenied


def can_contact(actor: Actor, offer: JobOffer) -> bool:
    """Signed-in members write to the institution of an open offer that asks for messages through Praxis."""
    return actor.is_authenticated and offer.apply_method == JobOffer.ApplyMethod.MESSAGE and offer.is_open and (
        actor.institution_roles.get(offer.institution_id) is None
    )


def check_contact(actor: Actor, offer: JobOffer) -> None:
    if not can_contact(actor, offer):
        raise PermissionDenied


def can_save_search(actor: Actor) -> bool:
    return actor.is_authenticated


def check_save_search(actor: Actor) -> None:
    if not can_save_search(actor):
        raise PermissionDenied


def saved_searches_visible_to(actor: Actor) -> QuerySet[SavedSearch]:
    return SavedSearch.objects.filter(user_id=actor.id) if actor.is_authenticated else SavedSearch.objects.none()


# --- flags and moderation -----------------------------------------------------------------------------------------
def can_flag_offer(actor: Actor, offer: JobOffer) -> bool:
    """Signed-in members flag an open offer (advertising, wrong information), not one of their own institution."""
    return actor.is_authenticated and offer.is_open and actor.institution_roles.get(offer.institution_id) is None


def check_flag_offer(actor: Actor, offer: JobOffer) -> None:
    if not can_flag_offer(actor, offer):
        raise PermissionDenied


def can_unpublish_offer(actor: Actor, offer: JobOffer) -> bool:
    """Moderators take an open offer offline, with a reason (its open flags are closed)."""
    return actor.is_moderator and offer.status == JobOffer.Status.OPEN


def check_unpublish_offer(actor: Actor, offer: JobOffer) -> None:
    if not can_unpublish_offer(actor, offer):
        raise PermissionDenied
