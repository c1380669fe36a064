"""Every write of the directory: keyword-only, atomic, validated, one audit entry per state change.

Audit actions: institutions.institution.{created,updated,verified,rejected},
institutions.invitation.{sent,accepted,declined,revoked}, institutions.membership.{role_changed,removed},
institutions.claim.{submitted,accepted,rejected}, institutions.directory_profile.updated,
institutions.follow.{created,deleted}."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from praxis.core import audit
from praxis.core.actor import Actor
from praxis.core.audit import Action
from praxis.core.concurrency import lock_unchanged
from praxis.core.files import delete_on_commit
from praxis.core.privacy import check_no_patient_identifiers

from . import geo, rules, selectors, tasks
from .models import ClaimRequest, DirectoryProfile, Follow, Institution, InstitutionMembership, Invitation, Service

INVITATION_SALT = "praxis.institutions.invitation"
PROFILE_FIELDS = [
    "name", "kind", "description", "publics", "languages", "address", "postal_code", "city", "country", "phone",
    "email", "website", "opening_hours",
]


def invitation_token(invitation: Invitation) -> str:
    """The signed key of an invitation link (it cannot be guessed; expiry is the invitation's `expires_at`)."""
    return signing.dumps(invitation.pk, salt=INVITATION_SALT)


def invitation_id_from_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=INVITATION_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


# Slugs that would shadow the directory's own pages.
RESERVED_SLUGS = {"nouvelle", "mes-institutions", "mon-profil", "moderation", "invitations", "confreres"}


def _unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "institution"
    if base in RESERVED_SLUGS:
        base = f"{base}-institution"
    slug, n = base, 2
    while Institution.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _locate(institution: Institution) -> None:
    """Coordinates from the postal code (offline); a full-address geocoder refines them later if configured."""
    if institution.postal_code and institution.country:
        found = geo.locate(institution.country, institution.postal_code)
        if found:
            institution.latitude, institution.longitude = found[0].lat, found[0].lon
            return
    institution.latitude = institution.longitude = None


def _save_logo(institution: Institution, logo: UploadedFile[Any] | None, extension: str | None) -> None:
    if logo is not None and extension:
        institution.logo.save(f"{uuid.uuid4().hex}.{extension}", logo, save=False)


def _check_text(institution: Institution) -> None:
    check_no_patient_identifiers(description=institution.description)


@transaction.atomic
def institution_create(
    *, actor: Actor, data: dict[str, Any], services: list[Service], logo: UploadedFile[Any] | None = None,
    logo_extension: str | None = None,
) -> Institution:
    """Register an institution: unpublished until a moderator verifies it; its creator becomes its first admin."""
    rules.check_create_institution(actor)
    institution = Institution(**{k: data.get(k, "") if k not in {"publics", "languages"} else data.get(k, [])
                                 for k in PROFILE_FIELDS})
    institution.slug = _unique_slug(institution.name)
    institution.created_by = actor.user
    institution.is_verified = False
    _locate(institution)
    _check_text(institution)
    _save_logo(institution, logo, logo_extension)
    institution.full_clean()
    institution.save()
    institution.services.set(services)
    InstitutionMembership.objects.create(institution=institution, user=actor.user,
                                         role=InstitutionMembership.Role.ADMIN)
    actor.forget_memberships()  # the actor's roles now include this institution
    audit.log(actor, Action.INSTITUTIONS_INSTITUTION_CREATED, institution, {"name": institution.name})
    if institution.address and settings.GEOCODER_URL:
        tasks.geocode_institution.enqueue(institution.pk)
    return institution


@transaction.atomic
def institution_update(
    *, actor: Actor, institution: Institution, data: dict[str, Any], services: list[Service],
    logo: UploadedFile[Any] | None = None, logo_extension: str | None = None, remove_logo: bool = False,
    seen: str | None = None,
) -> Institution:
    rules.check_edit_institution(actor, institution)
    lock_unchanged(institution, seen)
    before = {k: getattr(institution, k) for k in PROFILE_FIELDS}
    for key in PROFILE_FIELDS:
        if key in data:
            setattr(institution, key, data[key])
    moved = any(before[k] != getattr(institution, k) for k in ("address", "postal_code", "city", "country"))
    if moved:
        _locate(institution)
    _check_text(institution)
    old_logo = institution.logo.name
    if remove_logo:
        institution.logo = ""
    _save_logo(institution, logo, logo_extension)
    institution.full_clean()
    institution.save()
    if old_logo and old_logo != institution.logo.name:
        delete_on_commit(old_logo, storage=institution.logo.storage)
    institution.services.set(services)
    changed = sorted(k for k in PROFILE_FIELDS if before[k] != getattr(institution, k))
    audit.log(actor, Action.INSTITUTIONS_INSTITUTION_UPDATED, institution, {"fields": changed})
    if moved and institution.address and settings.GEOCODER_URL:
        tasks.geocode_institution.enqueue(institution.pk)
    return institution


@transaction.atomic
def institution_verify(*, actor: Actor, institution: Institution) -> Institution:
    """A moderator checked the institution exists: it is published in the directory."""
    rules.check_moderate_institutions(actor)
    if institution.is_verified:
        raise ValidationError(_("This institution is already published."))
    institution.is_verified = True
    institution.rejected_at = None
    institution.moderation_note = ""
    institution.save(update_fields=["is_verified", "rejected_at", "moderation_note", "updated_at"])
    audit.log(actor, Action.INSTITUTIONS_INSTITUTION_VERIFIED, institution)
    tasks.send_institution_decision.enqueue(institution.pk, "verified")
    return institution


@transaction.atomic
def institution_reject(*, actor: Actor, institution: Institution, reason: str) -> Institution:
    rules.check_moderate_institutions(actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Tell the institution why, so that it can correct its request.")})
    institution.is_verified = False
    institution.rejected_at = timezone.now()
    institution.moderation_note = reason.strip()
    institution.save(update_fields=["is_verified", "rejected_at", "moderation_note", "updated_at"])
    audit.log(actor, Action.INSTITUTIONS_INSTITUTION_REJECTED, institution, {"reason": reason.strip()})
    tasks.send_institution_decision.enqueue(institution.pk, "rejected")
    return institution


@transaction.atomic
def institution_close(*, actor: Actor, institution: Institution, note: str) -> Institution:
    """The institution stopped: it leaves the directory and search, its staff is told (the notification rule of
    `INSTITUTIONS_INSTITUTION_CLOSED`) and keeps its memberships, so that its history stays readable."""
    rules.check_close_institution(actor, institution)
    if institution.closed_at is not None:
        raise ValidationError(_("This institution is already closed."))
    institution.closed_at = timezone.now()
    institution.closing_note = note.strip()[:1000]
    institution.save(update_fields=["closed_at", "closing_note", "updated_at"])
    audit.log(actor, Action.INSTITUTIONS_INSTITUTION_CLOSED, institution, {"note": institution.closing_note})
    return institution


@transaction.atomic
def institution_reopen(*, actor: Actor, institution: Institution) -> Institution:
    rules.check_close_institution(actor, institution)
    if institution.closed_at is None:
        raise ValidationError(_("This institution is open."))
    institution.closed_at = None
    institution.closing_note = ""
    institution.save(update_fields=["closed_at", "closing_note", "updated_at"])
    audit.log(actor, Action.INSTITUTIONS_INSTITUTION_REOPENED, institution)
    return institution


# --- staff ------------------------------------------------------------------------------------------------------
@transaction.atomic
def invitation_send(*, actor: Actor, institution: Institution, email: str, role: str) -> Invitation:
    """Invite an address to the staff. Sending again to a pending address renews the same invitation."""
    rules.check_manage_members(actor, institution)
    email = email.strip().lower()
    if selectors.is_on_staff(institution, email=email):
        raise ValidationError({"email": _("%(email)s is already on the staff of %(institution)s.")
                               % {"email": email, "institution": institution.name}})
    expires = timezone.now() + timedelta(days=settings.INSTITUTION_INVITATION_DAYS)
    invitation = institution.invitations.filter(email__iexact=email, status=Invitation.Status.PENDING).first()
    if invitation is None:
        invitation = Invitation(institution=institution, email=email)
    invitation.role = role
    invitation.invited_by = actor.user
    invitation.expires_at = expires
    invitation.full_clean()
    invitation.save()
    audit.log(actor, Action.INSTITUTIONS_INVITATION_SENT, invitation, {"email": email, "role": role})
    tasks.send_invitation.enqueue(invitation.pk)
    return invitation


def _check_open(invitation: Invitation) -> None:
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(_("This invitation has already been answered or withdrawn."))
    if invitation.is_expired:
        raise ValidationError(_("This invitation has expired. Ask the institution to send a new one."))


@transaction.atomic
def invitation_accept(*, actor: Actor, invitation: Invitation) -> InstitutionMembership:
    rules.check_respond_to_invitation(actor, invitation)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _check_open(invitation)
    membership, created = InstitutionMembership.objects.get_or_create(
        institution=invitation.institution, user=actor.user,
        defaults={"role": invitation.role, "status": InstitutionMembership.Status.ACTIVE},
    )
    if not created and membership.status != InstitutionMembership.Status.ACTIVE:
        membership.status = InstitutionMembership.Status.ACTIVE
        membership.role = invitation.role
        membership.save(update_fields=["status", "role"])
    invitation.status = Invitation.Status.ACCEPTED
    invitation.accepted_by = actor.user
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "accepted_by", "responded_at"])
    actor.forget_memberships()
    audit.log(actor, Action.INSTITUTIONS_INVITATION_ACCEPTED, invitation, {"role": membership.role})
    return membership


@transaction.atomic
def invitation_decline(*, actor: Actor, invitation: Invitation) -> Invitation:
    rules.check_respond_to_invitation(actor, invitation)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    _check_open(invitation)
    invitation.status = Invitation.Status.DECLINED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    audit.log(actor, Action.INSTITUTIONS_INVITATION_DECLINED, invitation)
    return invitation


@transaction.atomic
def invitation_revoke(*, actor: Actor, invitation: Invitation) -> Invitation:
    rules.check_manage_members(actor, invitation.institution)
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(_("Only a pending invitation can be withdrawn."))
    invitation.status = Invitation.Status.REVOKED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    audit.log(actor, Action.INSTITUTIONS_INVITATION_REVOKED, invitation)
    return invitation


def _check_keeps_an_admin(membership: InstitutionMembership) -> None:
    if selectors.is_last_admin(membership):
        raise ValidationError(_("An institution needs at least one administrator: name another one first."))


@transaction.atomic
def membership_change_role(*, actor: Actor, membership: InstitutionMembership, role: str) -> InstitutionMembership:
    rules.check_manage_members(actor, membership.institution)
    if role not in InstitutionMembership.Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if role == membership.role:
        return membership
    if role != InstitutionMembership.Role.ADMIN:
        _check_keeps_an_admin(membership)
    previous = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit.log(actor, Action.INSTITUTIONS_MEMBERSHIP_ROLE_CHANGED, membership,
              {"user": membership.user_id, "from": previous, "to": role})
    return membership


@transaction.atomic
def membership_remove(*, actor: Actor, membership: InstitutionMembership) -> None:
    """An admin removes a member, or a member leaves."""
    leaving = membership.user_id == actor.id
    if leaving:
        rules.check_leave_institution(actor, membership.institution)
    else:
        rules.check_manage_members(actor, membership.institution)
    _check_keeps_an_admin(membership)
    audit.log(actor, Action.INSTITUTIONS_MEMBERSHIP_REMOVED, membership.institution,
              {"user": membership.user_id, "role": membership.role, "left": leaving})
    membership.delete()
    actor.forget_memberships()


# --- claims and duplicates --------------------------------------------------------------------------------------
@transaction.atomic
def claim_submit(
    *, actor: Actor, institution: Institution, kind: str, message: str, duplicate: Institution | None = None,
) -> ClaimRequest:
    """Ask the moderators to make me an admin of an existing institution, or to merge a duplicate entry."""
    rules.check_claim_institution(actor, institution)
    if ClaimRequest.objects.filter(institution=institution, requester=actor.user,
                                   status=ClaimRequest.Status.OPEN).exists():
        raise ValidationError(_("You already have a request about this institution; the moderators will answer it."))
    if kind == ClaimRequest.Kind.MERGE and (duplicate is None or duplicate.pk == institution.pk):
        raise ValidationError({"duplicate": _("Choose the other entry for the same institution.")})
    check_no_patient_identifiers(message=message)
    claim = ClaimRequest(institution=institution, requester=actor.user, kind=kind, message=message.strip(),
                         duplicate=duplicate if kind == ClaimRequest.Kind.MERGE else None)
    claim.full_clean()
    claim.save()
    audit.log(actor, Action.INSTITUTIONS_CLAIM_SUBMITTED, claim, {"kind": kind, "institution": institution.pk})
    return claim


@transaction.atomic
def claim_accept(*, actor: Actor, claim: ClaimRequest) -> ClaimRequest:
    """A claim makes the requester an admin; a merge moves the duplicate's staff over and unpublishes it."""
    rules.check_moderate_institutions(actor)
    if claim.status != ClaimRequest.Status.OPEN:
        raise ValidationError(_("This request has already been decided."))
    institution = claim.institution
    if claim.kind == ClaimRequest.Kind.CLAIM:
        InstitutionMembership.objects.update_or_create(
            institution=institution, user=claim.requester,
            defaults={"role": InstitutionMembership.Role.ADMIN, "status": InstitutionMembership.Status.ACTIVE},
        )
    elif claim.duplicate is not None:
        duplicate = claim.duplicate
        for membership in selectors.memberships_to_carry_over(duplicate, institution):
            InstitutionMembership.objects.create(institution=institution, user_id=membership.user_id,
                                                 role=membership.role, status=membership.status)
        duplicate.is_verified = False
        duplicate.rejected_at = timezone.now()
        duplicate.moderation_note = _("Merged into %(name)s.") % {"name": institution.name}
        duplicate.save(update_fields=["is_verified", "rejected_at", "moderation_note", "updated_at"])
        Follow.objects.filter(target_kind=Follow.Kind.INSTITUTION, target_id=duplicate.pk).exclude(
            follower__in=Follow.objects.filter(target_kind=Follow.Kind.INSTITUTION, target_id=institution.pk)
            .values("follower")).update(target_id=institution.pk)
    claim.status = ClaimRequest.Status.ACCEPTED
    claim.resolved_by = actor.user
    claim.resolved_at = timezone.now()
    claim.save(update_fields=["status", "resolved_by", "resolved_at"])
    audit.log(actor, Action.INSTITUTIONS_CLAIM_ACCEPTED, claim, {"kind": claim.kind})
    return claim


@transaction.atomic
def claim_reject(*, actor: Actor, claim: ClaimRequest) -> ClaimRequest:
    rules.check_moderate_institutions(actor)
    if claim.status != ClaimRequest.Status.OPEN:
        raise ValidationError(_("This request has already been decided."))
    claim.status = ClaimRequest.Status.REJECTED
    claim.resolved_by = actor.user
    claim.resolved_at = timezone.now()
    claim.save(update_fields=["status", "resolved_by", "resolved_at"])
    audit.log(actor, Action.INSTITUTIONS_CLAIM_REJECTED, claim, {"kind": claim.kind})
    return claim


# --- colleagues and follows -------------------------------------------------------------------------------------
DIRECTORY_FIELDS = ["is_listed", "show_specialty", "show_city", "show_languages", "show_institutions", "show_email",
                    "bio"]


@transaction.atomic
def directory_profile_update(*, actor: Actor, data: dict[str, Any], themes: list[Any]) -> DirectoryProfile:
    """Save what the member shows in the colleagues directory; the location follows their practice postal code."""
    rules.check_edit_directory_profile(actor)
    user = actor.user
    profile, _created = DirectoryProfile.objects.get_or_create(user=user)
    for key in DIRECTORY_FIELDS:
        if key in data:
            setattr(profile, key, data[key])
    check_no_patient_identifiers(bio=profile.bio)
    found = geo.locate(user.country, user.postal_code) if user.postal_code else []
    if not found and user.city:
        found = geo.locate(user.country, user.city)
    profile.latitude, profile.longitude = (found[0].lat, found[0].lon) if found else (None, None)
    profile.full_clean()
    profile.save()
    profile.themes.set(themes)
    audit.log(actor, Action.INSTITUTIONS_DIRECTORY_PROFILE_UPDATED, profile, {"listed": profile.is_listed})
    return profile


@transaction.atomic
def follow(*, actor: Actor, kind: str, target_id: int) -> Follow:
    rules.check_follow(actor)
    if kind == Follow.Kind.MEMBER and target_id == actor.id:
        raise ValidationError(_("You cannot follow yourself."))
    row, created = Follow.objects.get_or_create(follower=actor.user, target_kind=kind, target_id=target_id)
    if created:
        audit.log(actor, Action.INSTITUTIONS_FOLLOW_CREATED, row, {"kind": kind, "target": target_id})
    return row


@transaction.atomic
def unfollow(*, actor: Actor, kind: str, target_id: int) -> None:
    rules.check_follow(actor)
    deleted, _rows = Follow.objects.filter(follower=actor.user, target_kind=kind, target_id=target_id).delete()
    if deleted:
        audit.log(actor, Action.INSTITUTIONS_FOLLOW_DELETED, None, {"kind": kind, "target": target_id})
