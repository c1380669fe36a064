"""Who sees and revokes attestations, who sees a record. A record is personal: its member only."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from praxis.core.actor import Actor

from .models import Attestation, Entry, SchemeChoice

ISSUER_ROLES = {"admin", "trainer"}


def _issuer_institution_ids(actor: Actor) -> list[int]:
    return [pk for pk, role in actor.institution_roles.items() if role in ISSUER_ROLES]


def attestations_visible_to(actor: Actor) -> QuerySet[Attestation]:
    """Attestations whose PDF the actor may open: their own, their institution's (admins, trainers), all for
    platform admins. The public verification page shows facts of any code and does not go through this."""
    if not actor.is_authenticated:
        return Attestation.objects.none()
    if actor.is_platform_admin:
        return Attestation.objects.all()
    return Attestation.objects.filter(
        Q(recipient_id=actor.id) | Q(issuer_institution_id__in=_issuer_institution_ids(actor))
    )


def can_view_attestation_pdf(actor: Actor, attestation: Attestation) -> bool:
    if not actor.is_authenticated:
        return False
    if actor.is_platform_admin or (attestation.recipient_id and attestation.recipient_id == actor.id):
        return True
    return attestation.issuer_institution_id in _issuer_institution_ids(actor)


def check_view_attestation_pdf(actor: Actor, attestation: Attestation) -> None:
    if not can_view_attestation_pdf(actor, attestation):
        raise PermissionDenied


def can_revoke_attestation(actor: Actor, attestation: Attestation) -> bool:
    """Platform admins and moderators; the admins of the issuing institution. Never the recipient."""
    if not actor.is_authenticated:
        return False
    if actor.is_platform_admin or actor.is_moderator:
        return True
    issuer = attestation.issuer_institution_id
    return issuer is not None and actor.institution_roles.get(issuer) == "admin"


def check_revoke_attestation(actor: Actor, attestation: Attestation) -> None:
    if not can_revoke_attestation(actor, attestation):
        raise PermissionDenied


def can_view_record(actor: Actor) -> bool:
    """Every member keeps a record; visitors have none."""
    return actor.is_authenticated


def entries_visible_to(actor: Actor) -> QuerySet[Entry]:
    """A member's record is theirs alone (organisers see attendance in their own apps, not the record)."""
    if not actor.is_authenticated:
        return Entry.objects.none()
    return Entry.objects.filter(member_id=actor.id)


def can_view_proof(actor: Actor, entry: Entry) -> bool:
    """The attestation a member uploaded is theirs alone."""
    return actor.is_authenticated and entry.member_id == actor.id


def check_view_proof(actor: Actor, entry: Entry) -> None:
    if not can_view_proof(actor, entry):
        raise PermissionDenied


def can_delete_entry(actor: Actor, entry: Entry) -> bool:
    """A member removes what they declared; what Praxis issued or an organiser transmitted stays."""
    return actor.is_authenticated and entry.member_id == actor.id and entry.origin == Entry.Origin.DECLARED


def check_delete_entry(actor: Actor, entry: Entry) -> None:
    if not can_delete_entry(actor, entry):
        raise PermissionDenied


def check_manage_scheme(actor: Actor, choice: SchemeChoice) -> None:
    if not (actor.is_authenticated and choice.member_id == actor.id):
        raise PermissionDenied


def transmit_institution_ids(actor: Actor) -> list[int]:
    """Institutions for which the actor may transmit an attendance list: those they administer or train for."""
    if not actor.is_authenticated:
        return []
    return _issuer_institution_ids(actor)


def check_transmit(actor: Actor, institution_id: int | None = None) -> None:
    allowed = transmit_institution_ids(actor)
    if not allowed or (institution_id is not None and institution_id not in allowed):
        raise PermissionDenied
