import io
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from pypdf import PdfReader

from praxis.core.actor import Actor
from praxis.cpd import services
from praxis.cpd.tasks import render_attestation_pdf

from .factories import make_attestation

pytestmark = pytest.mark.django_db


def test_anyone_verifies_a_valid_attestation_without_an_account(personas, client):
    attestation = make_attestation(personas.verified_gp, title="Soirée BPCO", issuer_institution=personas.institution)
    response = client.get(f"/verifier/{attestation.code}/", headers={"Accept-Language": "fr"})
    text = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    assert "Attestation valide" in text and "Soirée BPCO" in text
    assert personas.verified_gp.get_full_name() in text and personas.institution.name in text


def test_the_code_is_accepted_as_typed_from_paper(personas, client):
    attestation = make_attestation(personas.verified_gp)
    typed = f"{attestation.code[:4].lower()}-{attestation.code[4:8]} {attestation.code[8:]}"
    response = client.get("/verifier/", {"code": typed})
    assert response.status_code == 302 and response["Location"] == f"/verifier/{attestation.code}/"


def test_an_expired_attestation_says_until_when(personas, client):
    today = timezone.localdate()
    attestation = make_attestation(personas.verified_gp, issued_on=today - timedelta(days=800),
                                   valid_until=today - timedelta(days=70))
    text = client.get(f"/verifier/{attestation.code}/", headers={"Accept-Language": "fr"}).content.decode()
    assert "Attestation expirée" in text


def test_a_revoked_attestation_says_so_with_its_reason(personas, client):
    attestation = make_attestation(personas.verified_gp)
    services.attestation_revoke(actor=Actor(personas.moderator), attestation=attestation, reason="Doublon")
    text = client.get(f"/verifier/{attestation.code}/", headers={"Accept-Language": "nl"}).content.decode()
    assert "Ingetrokken attest" in text and "Doublon" in text


def test_a_forged_code_is_unknown(client, db):
    response = client.get("/verifier/AAAABBBBCCCCDDDD/", headers={"Accept-Language": "fr"})
    assert response.status_code == 404 and "Code inconnu" in response.content.decode()


def test_the_pdf_carries_the_facts_the_code_and_the_url(personas, settings):
    settings.SITE_URL = "https://praxis.example"
    attestation = make_attestation(personas.verified_gp, title="Soirée BPCO", hours=2, points=2,
                                   issuer_institution=personas.institution)
    render_attestation_pdf(attestation.pk)
    attestation.refresh_from_db()
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(attestation.pdf.read())).pages)
    for expected in ["Soirée BPCO", personas.verified_gp.get_full_name(), personas.institution.name,
                     attestation.code, f"https://praxis.example/verifier/{attestation.code}/"]:
        assert expected in text
    first = attestation.pdf.name
    render_attestation_pdf(attestation.pk)
    attestation.refresh_from_db()
    assert attestation.pdf.name == first
    assert "private/cpd/" in first and attestation.code in first


def test_the_recipient_downloads_the_pdf_privately(personas):
    attestation = make_attestation(personas.verified_gp)
    client = personas.client("verified_gp")
    pending = client.get(f"/formation-continue/attestations/{attestation.code}/pdf/")  # not rendered yet
    assert pending.status_code == 202
    attestation.pdf.save("a.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    response = client.get(f"/formation-continue/attestations/{attestation.code}/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    url = f"/formation-continue/attestations/{attestation.code}/pdf/"
    assert personas.client("outsider").get(url).status_code == 404


def test_an_institution_admin_opening_a_member_s_attestation_is_shown_in_the_member_s_access_log(personas):
    """An attestation is part of the member's training record: its issuing institution's admins may open it, and the
    member sees who did ("Who accessed my data"); the member opening their own is not written down."""
    from django.urls import reverse

    from praxis.core.models import AuditEntry

    member = personas.verified_gp
    attestation = make_attestation(member, issuer_institution=personas.institution)
    attestation.pdf.save("attestation.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    url = reverse("cpd:attestation_pdf", args=[attestation.code])

    assert personas.client("verified_gp").get(url).status_code == 200
    assert not AuditEntry.objects.filter(action="cpd.attestation.read").exists()
    assert personas.client("institution_admin").get(url).status_code == 200
    entry = AuditEntry.objects.get(action="cpd.attestation.read")
    assert entry.actor == personas.institution_admin and entry.target_id == str(member.pk)
    page = personas.client("verified_gp").get(reverse("accounts:my_accesses")).content.decode()
    assert "a ouvert l\u2019une de vos attestations de formation" in page
    assert personas.institution_admin.get_full_name() in page
