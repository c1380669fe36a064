"""The personal data accounts hold (see `praxis.core.personal_data`): the member's profile and professional number,
their proof documents (deleted `RETENTION_PROOF_DAYS` after the verification decision) and their data archives.

The account itself is deleted last by `accounts.services.member_erase`, after every app's `erase_member`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from allauth.account.models import EmailAddress
from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

from praxis.core.files import delete_field_files_on_commit
from praxis.core.personal_data import Holding, OnErasure, Retention

from .models import DataExport, ErasureRequest, ProofDocument, User, VerificationStatus


def _purge_proofs(cutoff: datetime) -> int:
    decided = Q(user__verification_status__in=[VerificationStatus.VERIFIED, VerificationStatus.REJECTED])
    old = ProofDocument.objects.filter(decided, uploaded_at__lt=cutoff).filter(
        Q(user__verified_at__isnull=True) | Q(user__verified_at__lt=cutoff))
    proofs = list(old.only("pk", "file"))
    delete_field_files_on_commit(proof.file for proof in proofs)
    return ProofDocument.objects.filter(pk__in=[proof.pk for proof in proofs]).delete()[0]


def _purge_exports(cutoff: datetime) -> int:
    old = list(DataExport.objects.filter(Q(expires_at__lt=cutoff) | Q(created_at__lt=cutoff, expires_at=None)))
    delete_field_files_on_commit(export.file for export in old)
    return DataExport.objects.filter(pk__in=[export.pk for export in old]).delete()[0]


def _purge_erasure_requests(cutoff: datetime) -> int:
    return ErasureRequest.objects.exclude(status=ErasureRequest.Status.QUEUED).filter(
        finished_at__lt=cutoff).delete()[0]


PERSONAL_DATA = [
    Holding(
        "accounts.User",
        ("email", "first_name", "last_name", "profession", "specialty", "country", "registration_number",
         "registration_key", "postal_code", "city", "languages", "verification_note", "last_login"),
        purpose=_("your account: signing in, your professional profile, the verification of your professional "
                  "number"),
        on_erasure=OnErasure.DELETED,
    ),
    Holding(
        "accounts.ProofDocument", ("user", "file", "original_name"),
        purpose=_("proof of your professional status, read by the moderators who verify it"),
        on_erasure=OnErasure.DELETED, files=("file",),
        retention=Retention("RETENTION_PROOF_DAYS", _("the verification decision"), purge=_purge_proofs),
    ),
    Holding(
        "accounts.DataExport", ("member", "file"),
        purpose=_("the archive of your data that you asked for"),
        on_erasure=OnErasure.DELETED, files=("file",),
        retention=Retention("PRIVACY_EXPORT_DAYS", _("the archive is ready"), purge=_purge_exports),
    ),
    Holding(
        "accounts.ErasureRequest", ("member",),
        purpose=_("your request to delete your account, so that it is done once and you can see how it ended"),
        on_erasure=OnErasure.ANONYMISED,
        retention=Retention("RETENTION_ERASURE_REQUEST_DAYS", _("the deletion ended"),
                            purge=_purge_erasure_requests),
    ),
]


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def export_member(*, member: User) -> dict[str, Any]:
    return {
        "profile": {
            "email": member.email,
            "first_name": member.first_name,
            "last_name": member.last_name,
            "profession": member.profession,
            "specialty": member.specialty,
            "country": member.country,
            "registration_number": member.registration_number,
            "registration_kind": member.registration_kind,
            "postal_code": member.postal_code,
            "city": member.city,
            "languages": member.languages,
            "preferred_language": member.preferred_language,
            "verification_status": member.verification_status,
            "verification_note": member.verification_note,
            "verified_at": _iso(member.verified_at),
            "date_joined": _iso(member.date_joined),
            "last_login": _iso(member.last_login),
            "individual_declared_at": _iso(member.individual_declared_at),
        },
        "email_addresses": list(EmailAddress.objects.filter(user=member).values("email", "verified", "primary")),
        "proof_documents": [
            {"uploaded_at": _iso(proof.uploaded_at), "type": proof.content_type, "name": proof.original_name,
             "file": f"files/accounts/{_proof_name(proof)}"}
            for proof in member.proofs.all()
        ],
    }


def _proof_name(proof: ProofDocument) -> str:
    extension = {"application/pdf": "pdf", "image/jpeg": "jpg", "image/png": "png"}.get(proof.content_type, "bin")
    return f"proof-{proof.pk}.{extension}"


def export_files(*, member: User) -> list[tuple[str, FieldFile]]:
    return [(_proof_name(proof), proof.file) for proof in member.proofs.all()]


def erase_member(*, member: User, former_member: User) -> None:
    """The account, its proofs and archives go in `member_erase` itself (last, after every other app)."""
