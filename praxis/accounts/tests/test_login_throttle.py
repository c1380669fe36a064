"""Failed sign-ins slow an attacker down without locking the owner out, and a hospital behind one address signs in.

Through HTTP, as members and an attacker would; the clock is moved forward (time-machine) instead of waiting."""

from __future__ import annotations

import re
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from praxis.accounts import throttle
from praxis.testing import PASSWORD, make_member

pytestmark = pytest.mark.django_db
LOGIN = "/compte/login/"
ATTACKER = "203.0.113.66"
HOSPITAL = "192.0.2.10"


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def _try(client: Client, email: str, password: str) -> Any:
    return client.post(LOGIN, {"login": email, "password": password})


def test_an_attacker_is_slowed_down_with_growing_delays_and_told_when_to_come_back() -> None:
    owner = make_member("cible@example.test")
    attacker = Client(REMOTE_ADDR=ATTACKER)
    with time_machine.travel(0, tick=False) as clock:
        for _ in range(throttle.FREE_FAILURES):
            assert _try(attacker, owner.email, "devine").status_code == 200
        waits = []
        for _ in range(6):
            refused = _try(attacker, owner.email, "devine")
            assert refused.status_code == 429
            waits.append(int(refused["Retry-After"]))
            assert "Réessayez dans" in refused.content.decode()
            clock.shift(waits[-1])
            assert _try(attacker, owner.email, "devine").status_code == 200  # checked once the wait is over
        assert waits == [1, 2, 4, 8, 16, 32]
        # The right password does not jump the queue either.
        early = _try(attacker, owner.email, PASSWORD)
        assert early.status_code == 429 and int(early["Retry-After"]) == 64
        assert not _signed_in(attacker)


def test_the_owner_still_signs_in_during_an_attack_on_their_account(django_capture_on_commit_callbacks) -> None:
    owner = make_member("cible@example.test")
    usual = Client(REMOTE_ADDR="198.51.100.20")  # the owner's own computer, signed in before the attack
    assert _try(usual, owner.email, PASSWORD).status_code == 302
    usual.post(reverse("account_logout"))
    attacker = Client(REMOTE_ADDR=ATTACKER)
    with time_machine.travel(0, tick=False) as clock:
        for _ in range(200):  # hammering, waiting out every delay
            response = _try(attacker, owner.email, "devine")
            if response.status_code == 429:
                clock.shift(int(response["Retry-After"]))
        assert not _signed_in(attacker)

        # On their usual computer: the password is enough, at once.
        response = _try(usual, owner.email, PASSWORD)
        assert response.status_code == 302 and _signed_in(usual)

        # On a computer they never used (another network): the password, then a code sent to their address.
        ward = Client(REMOTE_ADDR="198.51.100.77")
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            response = _try(ward, owner.email, PASSWORD)
        assert response.status_code == 302 and response["Location"] == reverse("account_confirm_login_code")
        assert not _signed_in(ward)
        assert "code" in ward.get(reverse("account_confirm_login_code")).content.decode()
        found = re.search(r"^\s*([A-Z0-9]{3,}-[A-Z0-9]{3,})\s*$", str(mail.outbox[-1].body), re.MULTILINE)
        assert found is not None
        code = found.group(1)
        assert mail.outbox[-1].to == [owner.email]
        response = ward.post(reverse("account_confirm_login_code"), {"code": code})
        assert response.status_code == 302 and _signed_in(ward)

        # The attacker's right guess from their own browser meets the same code, which only the owner receives.
        clock.shift(throttle.MAX_DELAY_SECONDS)
        response = _try(attacker, owner.email, PASSWORD)
        assert response["Location"] == reverse("account_confirm_login_code") and not _signed_in(attacker)


def test_fifty_members_behind_one_hospital_address_sign_in_even_with_typing_errors() -> None:
    members = [make_member(f"soignant{n}@example.test") for n in range(50)]
    signed_in = 0
    for n, member in enumerate(members):
        client = Client(REMOTE_ADDR=HOSPITAL)
        if n % 3 == 0:  # one in three mistypes first
            assert _try(client, member.email, "mot-de-passe-mal-tape").status_code == 200
        response = _try(client, member.email, PASSWORD)
        assert response.status_code == 302, (n, response.status_code)
        signed_in += _signed_in(client)
    assert signed_in == 50


def test_one_address_spraying_passwords_over_many_accounts_is_stopped_with_retry_after() -> None:
    sprayer = Client(REMOTE_ADDR=ATTACKER)
    with time_machine.travel(0, tick=False):
        statuses = [_try(sprayer, f"personne{n}@example.test", "Printemps2024!").status_code for n in range(101)]
    assert statuses[:100] == [200] * 100
    assert statuses[100] == 429
