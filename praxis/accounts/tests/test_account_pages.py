"""Profile, settings, personal data export and account deletion."""

import io
import json
import zipfile
from typing import Any

import pytest
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from praxis.accounts.models import DataExport, User, VerificationStatus
from praxis.core.models import AuditEntry
from praxis.testing import PASSWORD

pytestmark = pytest.mark.django_db


def profile_data(member: User, **overrides: object) -> dict[str, Any]:
    data = {
        "first_name": member.first_name, "last_name": member.last_name, "profession": member.profession,
        "specialty": member.specialty, "country": member.country, "registration_number": member.registration_number,
        "postal_code": "5000", "city": "Namur", "languages": ["fr"],
    }
    data.update(overrides)
    return data


def test_a_member_sees_their_profile_and_status(personas) -> None:
    html = personas.client("unverified_member").get(reverse("accounts:profile")).content.decode()
    assert "En attente de vérification" in html
    assert personas.unverified_member.email in html


def test_editing_the_profile_keeps_the_verification_when_the_number_is_unchanged(personas) -> None:
    member = personas.verified_gp
    response = personas.client("verified_gp").post(reverse("accounts:profile_edit"), profile_data(member))
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.city, member.verification_status) == ("Namur", VerificationStatus.VERIFIED)


def test_changing_the_number_sends_a_verified_member_back_to_verification(personas) -> None:
    member = personas.verified_gp
    response = personas.client("verified_gp").post(
        reverse("accounts:profile_edit"), profile_data(member, registration_number="1-08290-59-004"), follow=True
    )
    member.refresh_from_db()
    assert member.verification_status == VerificationStatus.PENDING
    assert member.registration_key == "10829059"
    assert "un modérateur va le vérifier à nouveau" in response.content.decode()


def test_a_rejected_profile_edit_keeps_what_was_typed(personas) -> None:
    member = personas.verified_gp
    response = personas.client("verified_gp").post(
        reverse("accounts:profile_edit"), profile_data(member, registration_number="12345", city="Huy")
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'value="Huy"' in html and "Un numéro INAMI compte 11 chiffres" in html


def test_the_htmx_profile_edit_returns_only_the_form(personas) -> None:
    member = personas.verified_gp
    response = personas.client("verified_gp").post(
        reverse("accounts:profile_edit"), profile_data(member, registration_number="12345"),
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert html.lstrip().startswith("<form") and "<html" not in html


def test_a_member_downloads_all_their_data_as_a_zip_archive(personas, django_capture_on_commit_callbacks) -> None:
    member = personas.institution_staff
    client = personas.client("institution_staff")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:export"))
    export = DataExport.objects.get(member=member)
    response = client.get(reverse("accounts:export_download", args=[export.token]))
    assert response["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    data = json.loads(archive.read("accounts.json"))
    assert data["profile"]["email"] == member.email
    assert data["profile"]["registration_number"] == member.registration_number
    assert data["email_addresses"] == [{"email": member.email, "verified": True, "primary": True}]
    memberships = json.loads(archive.read("institutions.json"))["memberships"]
    assert memberships[0]["institution__name"] == personas.institution.name


def test_deleting_the_account_needs_the_password_and_removes_the_personal_data(
    personas, django_capture_on_commit_callbacks,
) -> None:
    member = personas.unverified_member
    client = personas.client("unverified_member")
    client.post(reverse("accounts:profile_edit"), profile_data(member, registration_number="1-01857-48-004"))
    wrong = client.post(reverse("accounts:delete"), {"password": "nope", "confirm": "on"})
    assert wrong.status_code == 400
    assert "Ce mot de passe n&#x27;est pas correct." in wrong.content.decode()
    assert User.objects.filter(pk=member.pk).exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=member.pk).exists()
    assert SESSION_KEY not in client.session
    assert AuditEntry.objects.filter(action="accounts.member.deleted", data__member_id=member.pk).exists()
    about_member = AuditEntry.objects.filter(target_id=str(member.pk), action__startswith="accounts.member.profile")
    assert about_member.exists() and all(entry.data == {} for entry in about_member)


def test_the_settings_page_links_every_security_page(personas) -> None:
    html = personas.client("verified_gp").get(reverse("accounts:settings")).content.decode()
    for name in ["account_email", "account_change_password", "mfa_index", "usersessions_list", "accounts:export",
                 "accounts:delete"]:
        assert reverse(name) in html


def test_changing_the_language_is_remembered_for_emails(personas) -> None:
    client = personas.client("verified_gp")
    response = client.post(reverse("accounts:set_language"), {"language": "nl", "next": "/"})
    assert response.status_code == 302
    personas.verified_gp.refresh_from_db()
    assert personas.verified_gp.preferred_language == "nl"
    assert "Beveiliging en instellingen" in client.get(reverse("accounts:settings")).content.decode()
