"""The interface language: marked on <html>, kept across signing in, remembered for the member (emails use it), and
content written in another language than the interface's is marked with its own `lang`."""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from praxis.accounts.models import User
from praxis.core.templatetags.praxis import lang_attr
from praxis.testing import PASSWORD, make_member

pytestmark = pytest.mark.django_db

LOGIN = "/compte/login/"


@pytest.mark.parametrize("language", ["fr", "nl", "en"])
def test_the_page_says_which_language_it_is_in(client: Client, language: str) -> None:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    html = client.get(LOGIN).content.decode()
    assert f'<html lang="{language}">' in html


def test_the_language_chosen_before_signing_in_is_kept_and_remembered(client: Client) -> None:
    member = make_member("lien@example.test")
    assert member.preferred_language == "fr"
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"  # chosen with the language switch, before signing in
    response = client.post(LOGIN, {"login": "lien@example.test", "password": PASSWORD}, follow=True)
    assert '<html lang="nl">' in response.content.decode()
    member.refresh_from_db()
    assert member.preferred_language == "nl"


def test_a_new_browser_gets_the_members_own_language_when_signing_in() -> None:
    make_member("jan@example.test", preferred_language="nl")
    client = Client()
    response = client.post(LOGIN, {"login": "jan@example.test", "password": PASSWORD})
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "nl"
    assert '<html lang="nl">' in client.get(response["Location"]).content.decode()
    assert User.objects.get(email="jan@example.test").preferred_language == "nl"


def test_signing_up_in_dutch_remembers_dutch_for_the_emails(client: Client) -> None:
    from praxis.accounts.tests.test_signup_and_login import signup_data

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    client.post("/compte/signup/", signup_data())
    assert User.objects.get(email="aline.dewez@example.test").preferred_language == "nl"


def test_content_in_another_language_than_the_interface_is_marked() -> None:
    with translation.override("nl"):
        assert lang_attr("fr") == ' lang="fr"'
        assert lang_attr("nl") == ""
    with translation.override("fr"):
        assert lang_attr("fr") == ""
        assert lang_attr("") == ""
