"""Creating the first platform admin from the command line, and changing one's email address."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from praxis.accounts.models import User

pytestmark = pytest.mark.django_db


def test_createsuperuser_noinput_creates_an_admin_who_can_sign_in(monkeypatch, client) -> None:
    monkeypatch.setenv("DJANGO_SUPERUSER_EMAIL", "root@praxis.example")
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "Un-Mot-De-Passe-Admin-2026")
    call_command("createsuperuser", "--noinput")
    admin = User.objects.get(email="root@praxis.example")
    assert admin.is_superuser and admin.is_staff
    response = client.post("/compte/login/", {"login": "root@praxis.example", "password": "Un-Mot-De-Passe-Admin-2026"})
    assert response.status_code == 302
    # Signed in, and sent to set up the second factor that the role requires.
    assert client.get(reverse("accounts:profile"))["Location"] == reverse("mfa_index")


def test_a_new_email_address_must_be_confirmed_before_it_replaces_the_old_one(personas) -> None:
    member = personas.verified_gp
    client = personas.client("verified_gp")
    response = client.post(reverse("account_email"), {"action_add": "", "email": "nouvelle@example.test"})
    assert response.status_code == 302
    new = EmailAddress.objects.get(email="nouvelle@example.test")
    assert not new.verified
    member.refresh_from_db()
    assert member.email == "gp@example.test"
    link = re.search(r"https?://\S+/compte/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    client.post(link.split("testserver", 1)[-1])
    member.refresh_from_db()
    assert member.email == "nouvelle@example.test"
    assert list(EmailAddress.objects.filter(user=member).values_list("email", flat=True)) == ["nouvelle@example.test"]
