"""Every write to accounts goes through here: one transaction and one audit entry per state change."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from praxis.core import audit
from praxis.core.actor import Actor
from praxis.core.audit import Action
from praxis.core.files import delete_field_files_on_commit
from praxis.core.models import AuditEntry
from praxis.core.personal_data import declarations
from praxis.core.uploads import clean_document

from . import rules, tasks
from .eid.claims import Identity
from .models import DataExport, ErasureRequest, ProofDocument, User, VerificationStatus
from .tasks import send_verification_decision
from .validators import CheckedNumber, check_registration_number

PROFILE_FIELDS = ["first_name", "last_name", "profession", "specialty", "country", "postal_code", "city", "languages"]
PROOF_TYPES = {"application/pdf", "image/jpeg", "image/png"}


def _apply_number(user: User, checked: CheckedNumber | None) -> None:
    user.registration_number = checked.number if checked else ""
    user.registration_kind = checked.kind if checked else ""
    user.registration_key = checked.stable_key if checked else ""
    user.registration_warnings = list(checked.warnings) if checked else []


@transaction.atomic
def member_complete_signup(*, user: User, data: dict[str, Any], checked: CheckedNumber | None) -> User:
    """Store the professional profile typed at sign-up; the member then waits for a moderator's verification."""
    for name in PROFILE_FIELDS:
        setattr(user, name, data.get(name) or ([] if name == "languages" else ""))
    _apply_number(user, checked)
    user.individual_declared_at = timezone.now()
    user.preferred_language = (translation.get_language() or "fr")[:2]
    user.verification_status = VerificationStatus.PENDING
    user.full_clean(exclude=["password"])
    user.save()
    audit.log(user, Action.ACCOUNTS_MEMBER_SIGNED_UP, user, {"profession": user.profession, "country": user.country})
    return user


@transaction.atomic
def member_update_profile(*, actor: Actor, member: User, data: dict[str, Any], checked: CheckedNumber | None) -> User:
    """Edit one's profile. Changing the professional number of a verified member sends it back to verification."""
    rules.check_edit_profile(actor, member)
    number_changed = (checked.number if checked else "") != member.registration_number or data.get(
        "country"
    ) != member.country
    for name in PROFILE_FIELDS:
        setattr(member, name, data.get(name) or ([] if name == "languages" else ""))
    changes: dict[str, Any] = {}
    if number_changed:
        _apply_number(member, checked)
        if member.verification_status != VerificationStatus.PENDING:
            changes["previous_status"] = member.verification_status
            member.verification_status = VerificationStatus.PENDING
            member.verified_at = None
    member.full_clean(exclude=["password"])
    member.save()
    audit.log(actor, Action.ACCOUNTS_MEMBER_PROFILE_UPDATED, member, {"number_changed": number_changed, **changes})
    return member


@transaction.atomic
def member_set_language(*, member: User, language: str) -> None:
    codes = {code for code, _label in settings.LANGUAGES}
    if language in codes and member.preferred_language != language:
        User.objects.filter(pk=member.pk).update(preferred_language=language)


def _decide(actor: Actor, member: User, status: str, action: Action, message: str) -> User:
    rules.check_verify_member(actor, member)
    member = User.objects.select_for_update().get(pk=member.pk)
    previous = member.verification_status
    member.verification_status = status
    member.verification_note = message
    member.verified_at = timezone.now() if status == VerificationStatus.VERIFIED else None
    member.save(update_fields=["verification_status", "verification_note", "verified_at"])
    audit.log(actor, action, member, {"from": previous, "to": status, "message": message})
    decision = action.rsplit(".", 1)[-1]
    send_verification_decision.enqueue(member.pk, decision, message)
    return member


@transaction.atomic
def verification_approve(*, actor: Actor, member: User) -> User:
    """A moderator confirms the member's professional number: they become a verified professional."""
    return _decide(actor, member, VerificationStatus.VERIFIED, Action.ACCOUNTS_VERIFICATION_APPROVED, "")


@transaction.atomic
def verification_reject(*, actor: Actor, member: User, reason: str) -> User:
    """A moderator rejects the number; the reason is emailed to the member."""
    if not reason.strip():
        raise ValidationError(_("Explain your decision to the member."))
    return _decide(actor, member, VerificationStatus.REJECTED, Action.ACCOUNTS_VERIFICATION_REJECTED, reason)


@transaction.atomic
def verification_request_proof(*, actor: Actor, member: User, message: str) -> User:
    """A moderator asks the member to upload a proof document."""
    if not message.strip():
        raise ValidationError(_("Explain your decision to the member."))
    return _decide(actor, member, VerificationStatus.PROOF_REQUESTED, Action.ACCOUNTS_VERIFICATION_PROOF_REQUESTED,
                   message)


@transaction.atomic
def proof_upload(*, actor: Actor, member: User, upload: Any) -> ProofDocument:
    """Store a proof document, checked by its content (not its name), and put the member back in the queue."""
    rules.check_upload_proof(actor, member)
    if upload.size == 0:
        raise ValidationError(_("The file is empty."))
    if upload.size > settings.PROOF_MAX_BYTES:
        raise ValidationError(_("The file is larger than 10 MB."))
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in PROOF_TYPES:
        raise ValidationError(_("Only PDF, JPEG or PNG files are accepted; this file is none of them."))
    upload = clean_document(upload, kind.mime, kind.extension)  # images re-encoded, PDFs parsed
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    proof = ProofDocument(user=member, content_type=kind.mime, content_hash=digest.hexdigest(),
                          original_name=str(getattr(upload, "name", ""))[:200])
    proof.file.save(f"{kind.extension}", upload, save=False)
    proof.full_clean()
    proof.save()
    if member.verification_status != VerificationStatus.VERIFIED:
        User.objects.filter(pk=member.pk).update(verification_status=VerificationStatus.PENDING)
    audit.log(actor, Action.ACCOUNTS_VERIFICATION_PROOF_UPLOADED, member, {"proof": proof.pk, "type": kind.mime})
    return proof


@transaction.atomic
def export_request(*, actor: Actor, member: User) -> DataExport:
    """Ask for the archive of one's data: a background job builds it and emails a link valid `PRIVACY_EXPORT_DAYS`.
    A request while one is being prepared returns that one (one job per member at a time)."""
    rules.check_manage_own_account(actor, member)
    User.objects.select_for_update().filter(pk=member.pk).first()  # two requests at once: the second waits here
    pending = DataExport.objects.filter(member=member, status=DataExport.Status.QUEUED).first()
    if pending is not None:
        return pending
    export = DataExport.objects.create(member=member, token=secrets.token_urlsafe(32))
    audit.log(actor, Action.ACCOUNTS_EXPORT_REQUESTED, member, {"export": export.pk})
    tasks.build_data_export.enqueue(export.pk)
    return export


@transaction.atomic
def erasure_request(*, actor: Actor, member: User) -> ErasureRequest:
    """Ask for one's account to be erased. What forbids it (the last administrator of an institution with staff) is
    answered at once (`ValidationError`); otherwise the request is recorded, the member's sessions end, their uploads
    in progress stop, and the background job `accounts.tasks.erase_account` does the erasure. A request while one is
    pending returns that one (one job per member)."""
    rules.check_manage_own_account(actor, member)
    User.objects.select_for_update().filter(pk=member.pk).first()  # two requests at once: the second waits here
    pending = ErasureRequest.objects.filter(member=member, status=ErasureRequest.Status.QUEUED).first()
    if pending is not None:
        return pending
    for declaration in declarations():
        if declaration.check_erasure is not None:
            declaration.check_erasure(member=member)
    erasure = ErasureRequest.objects.create(member=member, token=secrets.token_urlsafe(32),
                                            language=(member.preferred_language or "fr")[:5])
    audit.log(actor, Action.ACCOUNTS_MEMBER_ERASURE_REQUESTED, member, {"erasure": erasure.pk})
    for declaration in declarations():
        if declaration.erasure_requested is not None:
            declaration.erasure_requested(member=member)
    _end_sessions(member)
    tasks.erase_account.enqueue(erasure.pk)
    return erasure


def _end_sessions(member: User) -> None:
    from allauth.usersessions.models import UserSession

    for user_session in UserSession.objects.filter(user=member):
        user_session.end()


def erasure_waits_for(member: User) -> list[str]:
    """Work of the member still running that the erasure must wait for (their video being transcoded)."""
    waiting: list[str] = []
    for declaration in declarations():
        if declaration.erasure_waits_for is not None:
            waiting += declaration.erasure_waits_for(member=member)
    return waiting


@transaction.atomic
def member_erase(*, erasure: ErasureRequest) -> bool:
    """Erase the account of a request and its personal data, in one transaction (run by `tasks.erase_account`).
    Returns False when the request was already carried out (a second delivery of the job).

    Each app's `privacy.erase_member` first hands what others rely on (published content, events, job offers,
    answers...) to the "Former member" placeholder and deletes the rest; see each app's `privacy.py` for what it
    keeps. Files (proofs, drafts' documents and videos, their renditions) are removed only once the erasure has
    committed. Audit entries stay, detached from the person."""
    erasure = ErasureRequest.objects.select_for_update().get(pk=erasure.pk)  # (no outer join: PostgreSQL refuses)
    member = erasure.member
    if erasure.status != ErasureRequest.Status.QUEUED or member is None:
        return False
    former_member = User.objects.former_member()
    # The audit log (core) is cleaned last: the other apps' erasure writes entries about the member too.
    for declaration in sorted(declarations(), key=lambda declaration: declaration.label == "core"):
        if declaration.erase_member is not None:
            declaration.erase_member(member=member, former_member=former_member)
    delete_field_files_on_commit(proof.file for proof in member.proofs.all())
    delete_field_files_on_commit(export.file for export in member.data_exports.all())
    _end_sessions(member)  # a session opened since the request
    from django.contrib.contenttypes.models import ContentType

    # History about the member loses what it said of them (decisions' messages, profile facts).
    AuditEntry.objects.filter(
        target_type=ContentType.objects.get_for_model(User), target_id=str(member.pk)
    ).update(data={})
    audit.log(None, Action.ACCOUNTS_MEMBER_DELETED, None, {"member_id": member.pk, "erasure": erasure.pk})
    member.delete()  # the request's member becomes NULL: it names nobody any more
    ErasureRequest.objects.filter(pk=erasure.pk).update(status=ErasureRequest.Status.DONE, finished_at=timezone.now())
    return True


@transaction.atomic
def erasure_failed(*, erasure_id: int) -> ErasureRequest | None:
    """The job gave up after its last attempt (the admins were told by the task system): the request says so, and the
    member (still there) may ask again."""
    erasure = ErasureRequest.objects.filter(pk=erasure_id, status=ErasureRequest.Status.QUEUED).first()
    if erasure is None:
        return None
    ErasureRequest.objects.filter(pk=erasure.pk).update(status=ErasureRequest.Status.FAILED,
                                                       finished_at=timezone.now())
    audit.log(None, Action.ACCOUNTS_MEMBER_ERASURE_FAILED, erasure.member, {"erasure": erasure.pk})
    erasure.refresh_from_db()
    return erasure


# --- national e-IDs (praxis/accounts/eid/, docs/eid-sign-in.md) -------------------------------------------------------


def _identity_data(identity: Identity) -> dict[str, Any]:
    return {"provider": identity.provider_name, "provider_id": identity.provider_id}


@transaction.atomic
def identity_vouch(*, member: User, identity: Identity) -> bool:
    """The professional number an e-ID provider vouches for makes the member verified, once it passes the checks a
    typed number passes (its country's rule, no warning for the moderator, no other account holding it). Otherwise
    nothing changes and the normal verification by a moderator applies. Returns whether the member is now verified."""
    member = User.objects.select_for_update().get(pk=member.pk)
    if member.verification_status == VerificationStatus.VERIFIED or not identity.number:
        return False
    reason = ""
    checked: CheckedNumber | None = None
    try:
        checked = check_registration_number(identity.country, identity.number)
    except ValidationError as error:
        reason = "; ".join(error.messages)
    if checked is not None and checked.warnings:
        reason = "; ".join(checked.warnings)
    elif checked is not None and User.objects.filter(registration_key=checked.stable_key).exclude(
        pk=member.pk
    ).exists():
        reason = "another account holds this number"
    if reason or checked is None:
        audit.log(member, Action.ACCOUNTS_IDENTITY_NUMBER_NOT_VOUCHED, member,
                  {**_identity_data(identity), "reason": reason})
        return False
    previous = member.verification_status
    _apply_number(member, checked)
    member.country = identity.country
    if identity.profession:
        member.profession = identity.profession
    member.verification_status = VerificationStatus.VERIFIED
    member.verified_at = timezone.now()
    member.full_clean(exclude=["password"])
    member.save()
    audit.log(member, Action.ACCOUNTS_VERIFICATION_VOUCHED_BY_EID, member, {
        **_identity_data(identity), "from": previous, "to": VerificationStatus.VERIFIED,
        "number_kind": checked.kind, "acr": identity.acr,
    })
    return True


@transaction.atomic
def identity_linked(*, member: User, identity: Identity) -> None:
    """Record a newly linked e-ID (at sign-up, from the settings, or after confirming a matching address), then let
    the number it vouches for verify the member."""
    audit.log(member, Action.ACCOUNTS_IDENTITY_LINKED, member, {**_identity_data(identity), "acr": identity.acr})
    identity_vouch(member=member, identity=identity)


@transaction.atomic
def identity_unlink(*, actor: Actor, account: Any, identity: Identity) -> None:
    """Remove an e-ID from the member's account (never the last way to sign in: see rules)."""
    rules.check_unlink_identity(actor, account)
    audit.log(actor, Action.ACCOUNTS_IDENTITY_UNLINKED, account.user, _identity_data(identity))
    account.delete()
