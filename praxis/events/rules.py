"""Who sees, organises, registers for and reviews events. Lists, feeds, exports and emails go through
`events_visible_to`, `pieces_visible_to` and `white_papers_visible_to`."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from praxis.core.actor import Actor, Standing
from praxis.institutions.models import Institution

from .models import Event, Registration, SeminarPiece, WhitePaper

ORGANISER_ROLES = {"admin", "trainer"}


def events_visible_to(actor: Actor | Standing) -> QuerySet[Event]:
    """Events are announcements: everyone, signed in or not, sees the published and the cancelled ones. One a
    moderator unpublished stays visible to moderators and to the member who created it."""
    if actor.is_moderator:
        return Event.objects.all()
    visible = ~Q(status=Event.Status.UNPUBLISHED)
    if actor.is_authenticated:
        visible |= Q(created_by_id=actor.id)
    return Event.objects.filter(visible)


def organiser_institution_ids(actor: Actor) -> list[int]:
    """Institutions the actor may organise for: their admins and trainers (verification checked by the selector)."""
    return [pk for pk, role in actor.institution_roles.items() if role in ORGANISER_ROLES]


def can_create_event(actor: Actor) -> bool:
    """A verified member, or an admin or trainer of an institution (which must itself be verified)."""
    return actor.is_authenticated and (actor.is_verified or bool(organiser_institution_ids(actor)))


def check_create_event(actor: Actor) -> None:
    if not can_create_event(actor):
        raise PermissionDenied


def can_organise_for(actor: Actor, institution: Institution | None) -> bool:
    """In one's own name: verified members. For an institution: its admins and trainers, once it is verified."""
    if institution is None:
        return actor.is_verified
    return institution.is_verified and actor.institution_roles.get(institution.pk) in ORGANISER_ROLES


def can_manage_event(actor: Actor, event: Event) -> bool:
    """The member who created it, the admins and trainers of the organising institution, moderators."""
    if not actor.is_authenticated:
        return False
    if actor.is_moderator or event.created_by_id == actor.id:
        return True
    return event.institution_id is not None and actor.institution_roles.get(event.institution_id) in ORGANISER_ROLES


def check_manage_event(actor: Actor, event: Event) -> None:
    if not can_manage_event(actor, event):
        raise PermissionDenied


def can_register(actor: Actor, event: Event) -> bool:
    """Any signed-in member may ask for a seat; deadline, capacity and duplicates are checked by the service."""
    return actor.is_authenticated and event.status == Event.Status.PUBLISHED


def check_register(actor: Actor, event: Event) -> None:
    if not can_register(actor, event):
        raise PermissionDenied


def can_cancel_registration(actor: Actor, registration: Registration | None) -> bool:
    return (
        registration is not None and actor.is_authenticated and registration.user_id == actor.id
        and registration.is_active and not registration.event.has_started
    )


def check_cancel_registration(actor: Actor, registration: Registration | None) -> None:
    if not can_cancel_registration(actor, registration):
        raise PermissionDenied


def can_see_join_link(actor: Actor, event: Event, registration: Registration | None) -> bool:
    """Only people with a confirmed seat (and the organisers) get the webinar link."""
    if can_manage_event(actor, event):
        return True
    return registration is not None and registration.user_id == actor.id and (
        registration.status == Registration.Status.CONFIRMED
    )


def can_mark_attendance(actor: Actor, event: Event) -> bool:
    """Attendance is marked by the organisers once the event has started."""
    return can_manage_event(actor, event) and event.has_started


def check_mark_attendance(actor: Actor, event: Event) -> None:
    if not can_mark_attendance(actor, event):
        raise PermissionDenied


def can_edit_seminar(actor: Actor, event: Event) -> bool:
    """Contributions, notes and recommendations belong to seminars; their organisers add them."""
    return event.kind == Event.Kind.SEMINAR and can_manage_event(actor, event)


def check_edit_seminar(actor: Actor, event: Event) -> None:
    if not can_edit_seminar(actor, event):
        raise PermissionDenied


def pieces_visible_to(actor: Actor) -> QuerySet[SeminarPiece]:
    """Seminar pieces are read on their seminar's page: whoever sees the seminar sees them."""
    return SeminarPiece.objects.filter(event__in=events_visible_to(actor), event__kind=Event.Kind.SEMINAR)


def white_papers_visible_to(actor: Actor) -> QuerySet[WhitePaper]:
    """Published versions for everyone; drafts to their seminar's organisers; submitted ones to reviewers."""
    visible = Q(status=WhitePaper.Status.PUBLISHED)
    if actor.is_authenticated:
        if actor.is_moderator:
            return WhitePaper.objects.all()
        if actor.is_reviewer:
            visible |= Q(status=WhitePaper.Status.SUBMITTED)
        visible |= Q(event__created_by_id=actor.id)
        institutions = organiser_institution_ids(actor)
        if institutions:
            visible |= Q(event__institution_id__in=institutions)
    return WhitePaper.objects.filter(visible)


def can_edit_white_paper(actor: Actor, paper: WhitePaper) -> bool:
    """Organisers edit and submit drafts and papers sent back; a submitted or published version is frozen."""
    return paper.status in {WhitePaper.Status.DRAFT, WhitePaper.Status.CHANGES_REQUESTED} and can_edit_seminar(
        actor, paper.event
    )


def check_edit_white_paper(actor: Actor, paper: WhitePaper) -> None:
    if not can_edit_white_paper(actor, paper):
        raise PermissionDenied


def can_review_white_paper(actor: Actor, paper: WhitePaper) -> bool:
    """Reviewers and moderators decide on submitted versions, never on a paper they wrote or organise."""
    return (
        (actor.is_reviewer or actor.is_moderator) and paper.status == WhitePaper.Status.SUBMITTED
        and paper.created_by_id != actor.id and not can_edit_seminar_as_organiser(actor, paper.event)
    )


def can_edit_seminar_as_organiser(actor: Actor, event: Event) -> bool:
    """Organiser in person (not through the moderator role): used to keep reviews independent."""
    if not actor.is_authenticated:
        return False
    return event.created_by_id == actor.id or (
        event.institution_id is not None and actor.institution_roles.get(event.institution_id) in ORGANISER_ROLES
    )


def check_review_white_paper(actor: Actor, paper: WhitePaper) -> None:
    if not can_review_white_paper(actor, paper):
        raise PermissionDenied


def can_view_review_queue(actor: Actor) -> bool:
    return actor.is_reviewer or actor.is_moderator


def check_view_review_queue(actor: Actor) -> None:
    if not can_view_review_queue(actor):
        raise PermissionDenied


def can_use_calendar_feed(actor: Actor) -> bool:
    return actor.is_authenticated


# --- flags and moderation -----------------------------------------------------------------------------------------
def can_flag_event(actor: Actor, event: Event) -> bool:
    """Signed-in members flag a published event (advertising, wrong information), not one they organise."""
    return actor.is_authenticated and event.status == Event.Status.PUBLISHED and not can_manage_event(actor, event)


def check_flag_event(actor: Actor, event: Event) -> None:
    if not can_flag_event(actor, event):
        raise PermissionDenied


def can_unpublish_event(actor: Actor, event: Event) -> bool:
    """Moderators take a published event offline, with a reason (its open flags are closed)."""
    return actor.is_moderator and event.status == Event.Status.PUBLISHED


def check_unpublish_event(actor: Actor, event: Event) -> None:
    if not can_unpublish_event(actor, event):
        raise PermissionDenied
