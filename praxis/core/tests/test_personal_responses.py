"""Personal responses stay out of shared caches (a ward computer's back button). Praxis routes are walked by the
permission matrix; this covers the data export, allauth's account pages and signing in and out."""

import pytest
from django.urls import reverse

from praxis.testing import PASSWORD

pytestmark = pytest.mark.django_db


def _directives(response) -> set[str]:
    return {part.strip().split("=")[0] for part in response.get("Cache-Control", "").lower().split(",") if part}


def test_the_data_export_is_never_stored(personas) -> None:
    response = personas.client("verified_gp").get(reverse("accounts:export"))
    assert response.status_code == 200
    assert {"private", "no-store"} <= _directives(response)


@pytest.mark.parametrize("name", ["account_email", "account_change_password", "mfa_index", "usersessions_list"])
def test_the_account_security_pages_are_never_stored(personas, name: str) -> None:
    response = personas.client("verified_gp").get(reverse(name))
    assert response.status_code == 200
    assert {"private", "no-store"} <= _directives(response)


def test_signing_in_answers_with_a_response_that_is_never_stored(client, verified_gp) -> None:
    response = client.post(reverse("account_login"), {"login": verified_gp.email, "password": PASSWORD})
    assert response.status_code == 302
    assert {"private", "no-store"} <= _directives(response)
    home = client.get("/")
    assert {"private", "no-store"} <= _directives(home)


def test_public_pages_for_visitors_may_be_cached(client) -> None:
    assert "no-store" not in _directives(client.get(reverse("content:list")))
