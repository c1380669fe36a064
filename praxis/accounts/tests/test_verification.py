"""Moderators verify professional numbers: approve, reject with a reason, or ask for a proof document."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from praxis.accounts.models import ProofDocument, User, VerificationStatus
from praxis.core.models import AuditEntry
from praxis.testing import make_member
from praxis.testing.files import pdf_bytes, png_bytes

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()
PNG = png_bytes()


def decide(client, member: User, decision: str, message: str = "", **kwargs):
    url = reverse("accounts:verification_detail", args=[member.pk])
    return client.post(url, {"decision": decision, "message": message}, **kwargs)


def test_the_queue_lists_members_awaiting_verification_oldest_first(personas) -> None:
    older = make_member("older@example.test", status=VerificationStatus.PENDING)
    make_member("verified@example.test")
    make_member("unconfirmed@example.test", status=VerificationStatus.PENDING, email_verified=False)
    response = personas.client("moderator").get(reverse("accounts:verification_queue"))
    members = list(response.context["members"])
    assert members[0] == personas.unverified_member
    assert older in members
    assert all(m.verification_status in {"pending", "proof_requested"} for m in members)
    assert not any(m.email == "unconfirmed@example.test" for m in members)


def test_the_queue_costs_the_same_number_of_queries_for_many_members(personas) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = personas.client("moderator")
    url = reverse("accounts:verification_queue")

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    count_queries()  # the first request of a session also writes the session
    few = count_queries()
    for i in range(20):
        member = make_member(f"waiting{i}@example.test", status=VerificationStatus.PENDING)
        ProofDocument.objects.create(user=member, file="proofs/x.pdf", content_type="application/pdf",
                                     content_hash="0" * 64)
    assert count_queries() == few
    assert len(client.get(url).context["members"]) == 21


def test_the_htmx_filter_returns_only_the_rows(personas) -> None:
    response = personas.client("moderator").get(
        reverse("accounts:verification_queue") + "?status=verified", headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<tr>" in html and "<html" not in html
    assert "gp@example.test" in html


def test_a_moderator_approves_a_member_who_is_told_by_email_in_their_language(
    personas, django_capture_on_commit_callbacks
) -> None:
    member = personas.unverified_member
    User.objects.filter(pk=member.pk).update(preferred_language="nl")
    with django_capture_on_commit_callbacks(execute=True):
        response = decide(personas.client("moderator"), member, "approve")
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.verification_status == VerificationStatus.VERIFIED
    assert member.verified_at is not None
    entry = AuditEntry.objects.get(action="accounts.verification.approved", target_id=str(member.pk))
    assert entry.actor == personas.moderator
    assert [m.to for m in mail.outbox] == [[member.email]]
    assert mail.outbox[0].subject == "[Praxis] Uw beroepsstatus is geverifieerd"
    assert mail.outbox[0].alternatives[0].mimetype == "text/html"


def test_rejecting_needs_a_reason_which_is_sent_to_the_member(personas, django_capture_on_commit_callbacks) -> None:
    member = personas.unverified_member
    client = personas.client("moderator")
    response = decide(client, member, "reject", "")
    assert response.status_code == 400
    assert "Expliquez votre décision au membre." in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, member, "reject", "Ce numéro INAMI appartient à une autre personne.")
    member.refresh_from_db()
    assert member.verification_status == VerificationStatus.REJECTED
    assert "Ce numéro INAMI appartient à une autre personne." in mail.outbox[0].body
    assert mail.outbox[0].subject == "[Praxis] Votre inscription n'a pas pu être vérifiée"


def test_a_requested_proof_is_uploaded_by_the_member_and_seen_by_the_moderator(
    personas, django_capture_on_commit_callbacks
) -> None:
    member = personas.unverified_member
    with django_capture_on_commit_callbacks(execute=True):
        decide(personas.client("moderator"), member, "request_proof", "Merci d'envoyer votre carte professionnelle.")
    member.refresh_from_db()
    assert member.verification_status == VerificationStatus.PROOF_REQUESTED
    assert reverse("accounts:proof_upload") in mail.outbox[0].body

    applicant = personas.client("unverified_member")
    response = applicant.post(reverse("accounts:proof_upload"),
                              {"file": SimpleUploadedFile("carte.pdf", PDF, "application/pdf")})
    assert response.status_code == 302
    proof = member.proofs.get()
    assert proof.content_type == "application/pdf"
    assert "carte" not in proof.file.name  # stored under a name we chose
    member.refresh_from_db()
    assert member.verification_status == VerificationStatus.PENDING

    page = personas.client("moderator").get(reverse("accounts:verification_detail", args=[member.pk]))
    assert reverse("accounts:proof_download", args=[proof.pk]) in page.content.decode()
    download = personas.client("moderator").get(reverse("accounts:proof_download", args=[proof.pk]))
    assert b"".join(download.streaming_content) == PDF


@pytest.mark.parametrize(
    ("name", "payload", "message"),
    [
        ("carte.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64, "Seuls les fichiers PDF, JPEG ou PNG"),
        ("carte.pdf", b"", "Le fichier soumis est vide."),
        ("../../etc/passwd.png", b"root:x:0:0:root:/root:/bin/bash\n", "Seuls les fichiers PDF, JPEG ou PNG"),
    ],
)
def test_a_proof_is_checked_by_its_content_not_its_name(personas, name: str, payload: bytes, message: str) -> None:
    response = personas.client("unverified_member").post(
        reverse("accounts:proof_upload"), {"file": SimpleUploadedFile(name, payload, "application/pdf")}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ProofDocument.objects.exists()


def test_a_png_proof_is_accepted(personas) -> None:
    response = personas.client("unverified_member").post(
        reverse("accounts:proof_upload"), {"file": SimpleUploadedFile("carte.png", PNG, "image/png")}
    )
    assert response.status_code == 302
    assert ProofDocument.objects.get().content_type == "image/png"


def test_a_moderator_cannot_verify_their_own_number(personas) -> None:
    moderator = personas.moderator
    User.objects.filter(pk=moderator.pk).update(verification_status=VerificationStatus.PENDING)
    response = decide(personas.client("moderator"), moderator, "approve")
    assert response.status_code == 404
    moderator.refresh_from_db()
    assert moderator.verification_status == VerificationStatus.PENDING


def test_the_detail_page_shows_the_history_and_accounts_sharing_the_number(personas) -> None:
    member = personas.unverified_member
    twin = make_member("twin@example.test", registration_number=member.registration_number,
                       status=VerificationStatus.VERIFIED)
    client = personas.client("moderator")
    decide(client, member, "request_proof", "Une preuve, s'il vous plaît.")
    html = client.get(reverse("accounts:verification_detail", args=[member.pk])).content.decode()
    assert "accounts.verification.proof_requested" in html
    assert "Une preuve, s&#x27;il vous plaît." in html
    assert twin.get_full_name() in html
