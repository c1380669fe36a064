"""Reads of private data leave a trace: who opened a proof, a verification file, an attendee or staff list, a CSV.
The member sees who opened their own data; moderators and admins see every read, with filters."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from praxis.accounts.models import ProofDocument
from praxis.core.models import AuditEntry
from praxis.events.tests.factories import make_event, make_registration

PDF = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"


def _proof(member) -> ProofDocument:
    proof = ProofDocument(user=member, content_type="application/pdf", content_hash="0" * 64)
    proof.file.save("pdf", ContentFile(PDF), save=True)
    return proof


def test_a_moderator_opening_a_proof_and_the_verification_file_is_recorded_and_shown_to_the_member(personas):
    member = personas.unverified_member
    proof = _proof(member)
    moderator = personas.client("moderator")
    assert moderator.get(reverse("accounts:proof_download", args=[proof.pk])).status_code == 200
    assert moderator.get(reverse("accounts:verification_detail", args=[member.pk])).status_code == 200
    reads = AuditEntry.objects.filter(target_id=str(member.pk), action__in=[
        "accounts.proof.read", "accounts.verification_file.read"])
    assert {entry.actor for entry in reads} == {personas.moderator}
    assert reads.count() == 2

    page = personas.client("unverified_member").get(reverse("accounts:my_accesses")).content.decode()
    assert personas.moderator.get_full_name() in page
    assert "a ouvert un justificatif" in page and "a ouvert le dossier de vérification" in page


def test_a_member_opening_their_own_proof_is_not_an_access_by_someone_else(personas):
    proof = _proof(personas.unverified_member)
    client = personas.client("unverified_member")
    client.get(reverse("accounts:proof_download", args=[proof.pk]))
    assert not AuditEntry.objects.filter(action="accounts.proof.read").exists()
    page = client.get(reverse("accounts:my_accesses")).content.decode()
    assert "ouvert vos données privées." in page and "a ouvert un justificatif" not in page


def test_opening_and_downloading_an_attendee_list_is_recorded(personas):
    event = make_event(personas.institution_admin, institution=personas.institution)
    make_registration(event, personas.verified_gp)
    client = personas.client("institution_admin")
    for name in ["events:attendees", "events:attendees_csv", "events:attendance_csv"]:
        assert client.get(reverse(name, args=[event.pk])).status_code == 200, name
    actions = list(AuditEntry.objects.filter(target_id=str(event.pk), actor=personas.institution_admin)
                   .order_by("id").values_list("action", flat=True))
    assert actions == ["events.attendees.read", "events.attendees.exported", "events.attendees.exported"]


def test_opening_a_staff_list_is_recorded(personas):
    client = personas.client("institution_admin")
    assert client.get(reverse("institutions:members", args=[personas.institution.slug])).status_code == 200
    assert AuditEntry.objects.filter(action="institutions.staff.read", actor=personas.institution_admin,
                                     target_id=str(personas.institution.pk)).exists()


def test_moderators_filter_the_access_log(personas):
    member = personas.unverified_member
    proof = _proof(member)
    personas.client("moderator").get(reverse("accounts:proof_download", args=[proof.pk]))
    personas.client("platform_admin").get(reverse("accounts:verification_detail", args=[member.pk]))
    log = personas.client("platform_admin")
    rows = {"headers": {"HX-Request": "true"}}
    every = log.get(reverse("accounts:access_log"), **rows).content.decode()
    assert "a ouvert un justificatif" in every and "a ouvert le dossier de vérification" in every
    assert member.get_full_name() in every  # whose file was opened, named
    only_proofs = log.get(reverse("accounts:access_log"), {"action": "accounts.proof.read"}, **rows).content.decode()
    assert "a ouvert un justificatif" in only_proofs and "a ouvert le dossier de vérification" not in only_proofs
    by_moderator = log.get(reverse("accounts:access_log"), {"actor": personas.moderator.email},
                           headers={"HX-Request": "true"}).content.decode()
    assert personas.moderator.email in by_moderator and "<html" not in by_moderator
    assert personas.client("verified_gp").get(reverse("accounts:access_log")).status_code == 403


def test_the_access_log_reads_in_a_fixed_number_of_queries(personas):
    member = personas.unverified_member
    moderator, log = personas.client("moderator"), personas.client("platform_admin")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert log.get(reverse("accounts:access_log")).status_code == 200
        return len(captured)

    moderator.get(reverse("accounts:verification_detail", args=[member.pk]))
    moderator.get(reverse("accounts:proof_download", args=[_proof(member).pk]))
    log.get(reverse("accounts:access_log"))
    one = queries()
    for _ in range(5):
        moderator.get(reverse("accounts:verification_detail", args=[member.pk]))
        moderator.get(reverse("accounts:proof_download", args=[_proof(member).pk]))
    assert queries() == one


def test_a_role_or_verification_change_in_the_django_admin_is_audited(personas):
    member = personas.outsider
    admin = personas.client("platform_admin")
    url = reverse("admin:accounts_user_change", args=[member.pk])
    page = admin.get(url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update({"is_moderator": "on", "languages": '["fr"]', "registration_warnings": "[]",
                 "date_joined_0": member.date_joined.strftime("%Y-%m-%d"),
                 "date_joined_1": member.date_joined.strftime("%H:%M:%S")})
    for name in ["is_reviewer", "is_staff", "is_superuser", "groups", "user_permissions"]:
        if not data.get(name):
            data.pop(name, None)
    data["is_active"] = "on"
    response = admin.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    entry = AuditEntry.objects.get(action="accounts.member.admin_changed", target_id=str(member.pk))
    assert entry.actor == personas.platform_admin and entry.data["fields"] == {"is_moderator": "True"}
