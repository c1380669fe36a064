from collections.abc import Iterable
from datetime import date
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from praxis.core.actor import Actor
from praxis.core.audit import READ_ACTIONS, accesses_to
from praxis.core.models import AuditEntry

from . import rules
from .models import DataExport, ErasureRequest, ProofDocument, User, VerificationStatus

AWAITING = [VerificationStatus.PENDING, VerificationStatus.PROOF_REQUESTED]


def verification_queue(actor: Actor, *, status: str = "awaiting") -> QuerySet[User]:
    """Members whose email is confirmed and whose number awaits a moderator, oldest first, with their proofs and
    the number of other accounts sharing the same professional key (a sign of a duplicate or a borrowed number)."""
    statuses = AWAITING if status == "awaiting" else [status]
    same_key = (
        User.objects.filter(registration_key=OuterRef("registration_key"))
        .exclude(pk=OuterRef("pk"))
        .exclude(registration_key="")
        .order_by()
        .values("registration_key")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        rules.members_to_verify_visible_to(actor)
        .filter(verification_status__in=statuses, is_active=True, emailaddress__verified=True)
        .annotate(same_key_count=Coalesce(Subquery(same_key), 0))
        .prefetch_related(Prefetch("proofs", queryset=ProofDocument.objects.order_by("-uploaded_at")))
        .order_by("date_joined", "pk")
        .distinct()
    )


def member_for_verification(actor: Actor, member_id: int) -> User | None:
    return (
        rules.members_to_verify_visible_to(actor)
        .filter(pk=member_id)
        .prefetch_related("proofs")
        .first()
    )


def awaiting_count(actor: Actor) -> int:
    return verification_queue(actor).count() if rules.can_verify_members(actor) else 0


def members_sharing_key(member: User) -> QuerySet[User]:
    if not member.registration_key:
        return User.objects.none()
    return User.objects.filter(Q(registration_key=member.registration_key)).exclude(pk=member.pk)


def proof(proof_id: int) -> ProofDocument | None:
    """A proof document with its member (`rules.can_view_proof` decides who may open it)."""
    return ProofDocument.objects.select_related("user").filter(pk=proof_id).first()


def member_by_email(email: str) -> User | None:
    """The member who holds this address (any case), for matching an e-ID's verified address."""
    return User.objects.filter(email__iexact=email.strip()).first() if email.strip() else None


def identities_of(member: User) -> QuerySet[Any]:
    """The e-IDs linked to the member, oldest first."""
    from allauth.socialaccount.models import SocialAccount

    return SocialAccount.objects.filter(user=member).order_by("date_joined", "pk")


def identity_taken(provider_id: str, uid: str) -> bool:
    from allauth.socialaccount.models import SocialAccount

    return SocialAccount.objects.filter(provider=provider_id, uid=uid).exists()

def exports_of(member: User) -> QuerySet[DataExport]:
    return DataExport.objects.filter(member=member).order_by("-created_at", "-id")


def available_export(member: User, token: str) -> DataExport | None:
    """The member's own archive behind this link, while it is available (someone else's, or expired: None)."""
    return DataExport.objects.filter(member=member, token=token, status=DataExport.Status.READY,
                                     expires_at__gt=timezone.now()).first()


def access_log(*, action: str = "", actor_email: str = "", since: date | None = None) -> QuerySet[AuditEntry]:
    """Reads of private data, newest first, filtered (moderators' and admins' access log)."""
    entries = AuditEntry.objects.filter(action__in=READ_ACTIONS).select_related("actor", "target_type")
    if action:
        entries = entries.filter(action=action)
    if actor_email:
        entries = entries.filter(actor__email__iexact=actor_email)
    if since:
        entries = entries.filter(created_at__date__gte=since)
    return entries.order_by("-created_at", "-id")


def with_target_names(entries: Iterable[AuditEntry]) -> list[AuditEntry]:
    """The entries, each with `target_name`: what was read, named (a member by their name), one query per kind of
    target; empty when the target no longer exists."""
    entries = list(entries)
    wanted: dict[Any, set[str]] = {}
    for entry in entries:
        if entry.target_type is not None:
            wanted.setdefault(entry.target_type, set()).add(entry.target_id)
    names: dict[tuple[int | None, str], str] = {}
    for kind, ids in wanted.items():
        model = kind.model_class()
        if model is None:
            continue
        for target in model._default_manager.filter(pk__in=ids):
            name = target.get_full_name() if isinstance(target, User) else str(target)
            names[(kind.pk, str(target.pk))] = name
    for entry in entries:
        entry.target_name = names.get((entry.target_type_id, entry.target_id), "")  # type: ignore[attr-defined]
    return entries


def accesses_to_member(member: User) -> QuerySet[AuditEntry]:
    """Who read this member's private data (their verification file, their proofs...), newest first."""
    return accesses_to(member).select_related("actor").order_by("-created_at", "-id")


def pending_erasure(member: User) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(member=member, status=ErasureRequest.Status.QUEUED).first()


def erasure_by_token(token: str) -> ErasureRequest | None:
    return ErasureRequest.objects.filter(token=token).first() if token else None
