"""Reviewers, moderators, institution admins and platform admins: second factor mandatory, short sessions."""

import time

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.auth import SESSION_KEY
from django.urls import reverse

from praxis.core.middleware import LAST_SEEN, LOGIN_AT

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("persona", ["reviewer", "moderator", "institution_admin", "platform_admin"])
def test_a_privileged_member_without_a_second_factor_is_sent_to_set_one_up(personas, persona: str) -> None:
    Authenticator.objects.filter(user=personas.users[persona]).delete()
    client = personas.client(persona)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_index")
    # The set-up pages stay reachable (allauth first asks to confirm the password), with no redirect loop.
    setup = client.get(reverse("mfa_activate_totp"))
    assert setup["Location"].startswith(reverse("account_reauthenticate"))
    assert client.get(setup["Location"]).status_code == 200


def test_an_ordinary_member_is_not_asked_for_a_second_factor(personas) -> None:
    assert personas.client("verified_gp").get(reverse("accounts:profile")).status_code == 200


def _age_session(client, **seconds_ago: float) -> None:
    session = client.session
    now = time.time()
    session[LOGIN_AT] = now - seconds_ago.get("login", 0)
    session[LAST_SEEN] = now - seconds_ago.get("seen", 0)
    session.save()


def test_a_privileged_session_ends_after_30_minutes_idle(personas) -> None:
    client = personas.client("moderator")
    client.get(reverse("accounts:profile"))
    _age_session(client, login=3600, seen=29 * 60)
    assert client.get(reverse("accounts:profile")).status_code == 200
    _age_session(client, login=3600, seen=31 * 60)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert SESSION_KEY not in client.session


def test_a_privileged_session_ends_after_12_hours_even_when_active(personas) -> None:
    client = personas.client("platform_admin")
    client.get(reverse("accounts:profile"))
    _age_session(client, login=12 * 3600 + 60, seen=10)
    assert client.get(reverse("accounts:profile")).status_code == 302
    assert SESSION_KEY not in client.session


def test_an_ordinary_member_keeps_a_long_session(personas) -> None:
    client = personas.client("verified_gp")
    _age_session(client, login=24 * 3600, seen=3 * 3600)
    assert client.get(reverse("accounts:profile")).status_code == 200


def test_a_member_lists_and_ends_their_other_sessions(personas) -> None:
    from django.test import Client

    from praxis.testing import PASSWORD

    member = personas.verified_gp
    phone, laptop = Client(), Client()
    for device in (phone, laptop):
        device.post("/compte/login/", {"login": member.email, "password": PASSWORD},
                    headers={"User-Agent": "Mozilla/5.0 (Linux; Android 14) Mobile"})
    page = laptop.get(reverse("usersessions_list"))
    assert page.status_code == 200
    assert len(page.context["sessions"]) == 2
    response = laptop.post(reverse("usersessions_list"), {"action": "logout"})
    assert response.status_code == 302
    assert SESSION_KEY not in phone.session
    assert laptop.get(reverse("accounts:profile")).status_code == 200


def test_only_platform_admins_reach_the_django_admin(personas) -> None:
    assert personas.client("platform_admin").get("/admin/").status_code == 200
    assert personas.client("moderator").get("/admin/").status_code == 302
    assert personas.client("verified_gp").get("/admin/").status_code == 302


def _sign_in_with_code(client, user, code: str):
    from praxis.testing import PASSWORD

    response = client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert response["Location"] == reverse("mfa_authenticate")
    return client.post(reverse("mfa_authenticate"), {"code": code})


def test_a_code_typed_as_it_expires_is_accepted_once_but_an_older_one_is_refused(client) -> None:
    from praxis.testing import fresh_totp_step, make_member, make_totp, totp_code

    moderator = make_member("drift@example.test", is_moderator=True)
    secret = make_totp(moderator)
    step = fresh_totp_step()  # not across a step boundary

    too_old = _sign_in_with_code(client, moderator, totp_code(secret, step - 3))
    assert too_old.status_code == 200
    assert SESSION_KEY not in client.session
    assert "code" in too_old.context["form"].errors

    just_expired = totp_code(secret, step - 1)
    assert _sign_in_with_code(client, moderator, just_expired)["Location"] == "/"
    assert client.session[SESSION_KEY] == str(moderator.pk)

    client.logout()
    replayed = _sign_in_with_code(client, moderator, just_expired)
    assert replayed.status_code == 200
    assert SESSION_KEY not in client.session
