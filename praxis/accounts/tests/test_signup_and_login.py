"""Sign-up, email verification, login: through HTTP, as a member would."""

import re
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from praxis.accounts.models import User, VerificationStatus
from praxis.core.models import AuditEntry
from praxis.testing import PASSWORD, make_member, valid_inami

pytestmark = pytest.mark.django_db

SIGNUP = "/compte/signup/"
LOGIN = "/compte/login/"


def signup_data(**overrides: object) -> dict[str, Any]:
    data = {
        "first_name": "Aline", "last_name": "Dewez", "email": "aline.dewez@example.test",
        "password1": "Un-mot-de-passe-solide-42", "password2": "Un-mot-de-passe-solide-42",
        "profession": "gp", "specialty": "", "country": "BE", "registration_number": "1-01857-48-004",
        "postal_code": "4430", "city": "Ans", "languages": ["fr", "nl"], "individual": "on", "accept_terms": "on",
    }
    data.update(overrides)
    return data


def test_a_health_professional_registers_and_waits_for_verification(client) -> None:
    response = client.post(SIGNUP, signup_data())
    assert response.status_code == 302
    user = User.objects.get(email="aline.dewez@example.test")
    assert (user.profession, user.country, user.postal_code, user.city) == ("gp", "BE", "4430", "Ans")
    assert user.registration_number == "10185748004"
    assert user.registration_key == "10185748"
    assert user.languages == ["fr", "nl"]
    assert user.verification_status == VerificationStatus.PENDING
    assert user.individual_declared_at is not None
    assert AuditEntry.objects.filter(action="accounts.member.signed_up", target_id=str(user.pk)).exists()
    assert len(mail.outbox) == 1
    assert "Confirm" in mail.outbox[0].subject or "Confirm" in mail.outbox[0].subject.title() or mail.outbox[0].to == [
        "aline.dewez@example.test"]


def test_a_member_cannot_log_in_before_confirming_the_email(client) -> None:
    client.post(SIGNUP, signup_data())
    client.logout()
    response = client.post(LOGIN, {"login": "aline.dewez@example.test", "password": "Un-mot-de-passe-solide-42"})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session

    link = re.search(r"https?://[^\s]+/compte/confirm-email/[^\s]+/", mail.outbox[-1].body).group(0)
    path = link.split("testserver", 1)[-1]
    assert client.post(path).status_code == 302
    assert EmailAddress.objects.get(email="aline.dewez@example.test").verified
    response = client.post(LOGIN, {"login": "aline.dewez@example.test", "password": "Un-mot-de-passe-solide-42"})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(email="aline.dewez@example.test").pk)


def test_a_wrong_registration_number_is_explained_in_french_and_the_form_keeps_what_was_typed(client) -> None:
    response = client.post(SIGNUP, signup_data(registration_number="1-08290-60-004"), headers={
        "Accept-Language": "fr"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Les chiffres de contrôle de ce numéro INAMI (60)" in html
    assert 'value="Aline"' in html and 'value="4430"' in html and 'value="1-08290-60-004"' in html
    assert not User.objects.filter(email="aline.dewez@example.test").exists()


def test_students_and_social_workers_may_register_without_a_number(client) -> None:
    response = client.post(SIGNUP, signup_data(profession="student", registration_number=""))
    assert response.status_code == 302
    assert User.objects.get(email="aline.dewez@example.test").registration_number == ""


def test_a_gp_must_give_a_number_and_a_specialist_a_specialty(client) -> None:
    html = client.post(SIGNUP, signup_data(registration_number="")).content.decode()
    assert "Votre numéro d&#x27;enregistrement professionnel est obligatoire" in html
    html = client.post(SIGNUP, signup_data(profession="specialist")).content.decode()
    assert "Indiquez votre spécialité." in html


def test_a_commercial_firm_cannot_register_as_an_individual(client) -> None:
    data = signup_data()
    del data["individual"]
    html = client.post(SIGNUP, data).content.decode()
    assert "Les entreprises commerciales ne peuvent pas s&#x27;inscrire comme particuliers" in html
    assert not User.objects.filter(email="aline.dewez@example.test").exists()


def test_signing_up_with_a_taken_email_gives_no_hint_that_the_account_exists(client) -> None:
    make_member("aline.dewez@example.test")
    mail.outbox.clear()
    taken = client.post(SIGNUP, signup_data(), follow=True)
    client.logout()
    fresh = client.post(SIGNUP, signup_data(email="someone.else@example.test"), follow=True)
    assert taken.status_code == fresh.status_code == 200
    assert [r[0].split("?")[0] for r in taken.redirect_chain] == [r[0].split("?")[0] for r in fresh.redirect_chain]
    assert User.objects.filter(email="aline.dewez@example.test").count() == 1
    # The owner of the address is told by email, not the person at the keyboard.
    assert any("aline.dewez@example.test" in m.to for m in mail.outbox)


def test_the_session_key_changes_at_login(client) -> None:
    member = make_member()
    client.get(LOGIN)
    before = client.session.session_key
    client.post(LOGIN, {"login": member.email, "password": PASSWORD})
    assert client.session["_auth_user_id"] == str(member.pk)
    assert client.session.session_key != before


def test_failed_logins_are_limited_per_ip_even_with_a_forged_forwarded_for(client) -> None:
    make_member("target@example.test")
    for attempt in range(100):  # sized for a hospital's staff behind one address
        response = client.post(LOGIN, {"login": f"nobody{attempt}@example.test", "password": "wrong"},
                               headers={"X-Forwarded-For": f"203.0.113.{attempt}"})
        assert response.status_code == 200
    response = client.post(LOGIN, {"login": "target@example.test", "password": PASSWORD},
                           headers={"X-Forwarded-For": "198.51.100.7"})
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Trop de tentatives" in response.content.decode()


def test_password_reset_is_rate_limited_per_ip(client) -> None:
    statuses = [client.post("/compte/password/reset/", {"email": f"x{i}@example.test"}) for i in range(31)]
    assert [r.status_code for r in statuses[:30]] == [302] * 30
    assert statuses[30].status_code == 429 and statuses[30]["Retry-After"] == "60"


def test_sign_up_is_rate_limited_per_ip(client) -> None:
    statuses = []
    for i in range(31):
        client.logout()
        statuses.append(client.post(SIGNUP, signup_data(email=f"new{i}@example.test",
                                                        registration_number=valid_inami(1000 + i))))
    assert [r.status_code for r in statuses[:30]] == [302] * 30
    assert statuses[30].status_code == 429 and statuses[30]["Retry-After"] == "60"
