"""The personal data of the continuing-education record, and what goes when a member deletes their account (called
by `accounts.services.member_erase`).

The record (entries, their attestations uploaded by the member, scheme choices, period PDFs and reminders) goes with
the account, files once the deletion has committed. Attestations issued to the member lose the name and the PDF and
are revoked ("account deleted"): anyone checking the code learns it is no longer valid, not whose it was. Lists an
organiser transmitted keep only their counts.
"""

from __future__ import annotations

from typing import Any

from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from praxis.accounts.models import User
from praxis.core.files import delete_field_files_on_commit
from praxis.core.personal_data import Holding, OnErasure

from .models import Attestation, Entry, PeriodExport, SchemeChoice

PERSONAL_DATA = [
    Holding("cpd.Attestation", ("recipient", "recipient_name", "pdf"),
            purpose=_("attestations and certificates issued to you, which anyone can verify with their code"),
            on_erasure=OnErasure.ANONYMISED, files=("pdf",),
            leaves_platform=_("the attestations you share (PDF, verifiable credential) show your name")),
    Holding("cpd.Entry", ("member", "title", "organiser", "date", "hours", "points", "proof"),
            purpose=_("your continuing-education record"), on_erasure=OnErasure.DELETED, files=("proof",)),
    Holding("cpd.SchemeChoice", ("member", "scheme", "anchor"),
            purpose=_("the accreditation schemes you follow"), on_erasure=OnErasure.DELETED),
    Holding("cpd.Transmission", ("created_by",), purpose=_("attendance lists an organiser transmitted"),
            on_erasure=OnErasure.ANONYMISED),
]
NOT_PERSONAL = {
    "PeriodExport": "a member's period PDF, reached through their scheme choice (deleted with it)",
    "Reminder": "reached through the member's scheme choice (deleted with it)",
}


def export_member(*, member: User) -> dict[str, Any]:
    return {
        "entries": list(Entry.objects.filter(member=member).order_by("date").values(
            "origin", "title", "organiser", "date", "hours", "points", "rubric", "activity_type", "reference",
            "created_at")),
        "schemes": list(SchemeChoice.objects.filter(member=member).values("scheme", "anchor", "created_at")),
        "attestations": list(Attestation.objects.filter(recipient=member).values(
            "code", "kind", "title", "issuer_name", "issued_on", "valid_until", "points", "hours", "revoked_at")),
    }


def export_files(*, member: User) -> list[tuple[str, FieldFile]]:
    files: list[tuple[str, FieldFile]] = []
    for entry in Entry.objects.filter(member=member).exclude(proof=""):
        files.append((f"entry-{entry.pk}-{(entry.proof.name or '').rsplit('/', 1)[-1]}", entry.proof))
    for attestation in Attestation.objects.filter(recipient=member).exclude(pdf=""):
        files.append((f"attestation-{attestation.code}.pdf", attestation.pdf))
    return files


def erase_member(*, member: User, former_member: User) -> None:
    delete_field_files_on_commit(entry.proof for entry in Entry.objects.filter(member=member).exclude(proof=""))
    delete_field_files_on_commit(export.pdf for export in PeriodExport.objects.filter(choice__member=member))
    attestations = Attestation.objects.filter(recipient=member)
    delete_field_files_on_commit(attestation.pdf for attestation in attestations.exclude(pdf=""))
    attestations.filter(revoked_at__isnull=True).update(revoked_at=timezone.now(), revoked_reason="account deleted")
    attestations.update(recipient=None, recipient_name=str(former_member), pdf="", pdf_rendered_at=None)
