"""Signing in and asking for a new password must not tell whether an address has an account: same status, same page
(once what differs on every request is set aside), same time within noise. Sign-up has its own test
(test_signup_timing.py), whose method this follows: a real password hasher, the CPU time of this process, rounds that
alternate which path goes first, compared pairwise and judged against the cost of one password hash."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.test import Client
from django.urls import reverse

from praxis.testing import make_member

from .test_signup_timing import _comparable, real_hasher  # noqa: F401 - the fixture is used by name

pytestmark = pytest.mark.django_db
TRIES = 5


def _timed(function: Callable[[], object]) -> float:
    started = time.process_time()
    function()
    return time.process_time() - started


def _probe(path: Callable[[Client, str], Any], n: int) -> tuple[list[float], ...]:
    """Each round probes its own pair of addresses (`connue<n>@` has an account, `inconnue<n>@` not), as an
    attacker would go through a list: the per-address limits are not what is compared."""
    times: dict[str, list[float]] = {"known": [], "unknown": []}
    answers: set[tuple[int, str, str]] = set()
    hashes = []
    for round_ in range(n):
        hashes.append(_timed(lambda: make_password("Un-mot-de-passe-solide-42")))
        order = [("known", f"connue{round_}@example.test"), ("unknown", f"inconnue{round_}@example.test")]
        for label, email in order if round_ % 2 else reversed(order):
            client = Client(REMOTE_ADDR=f"203.0.113.{2 * round_ + (label == 'known')}")
            started = time.process_time()
            response = path(client, email)
            times[label].append(time.process_time() - started)
            page = client.get(response["Location"]).content.decode() if response.status_code == 302 else (
                response.content.decode())
            answers.add((response.status_code, response.get("Location", ""), _comparable(page, email)))
    assert len(answers) == 1, f"the two paths answer differently: {[a[:2] for a in answers]}"
    return times["known"], times["unknown"], hashes


def _judge(name: str, known: list[float], unknown: list[float], hashes: list[float]) -> None:
    gap = statistics.median(b - a for a, b in zip(known, unknown, strict=True))
    hash_cost = statistics.median(hashes)
    print(f"\n{name} CPU medians: known {statistics.median(known) * 1000:.1f} ms, unknown "
          f"{statistics.median(unknown) * 1000:.1f} ms, paired gap {gap * 1000:.1f} ms; "
          f"one hash {hash_cost * 1000:.1f} ms")
    assert abs(gap) < 0.5 * hash_cost, f"{name}: gap {gap * 1000:.0f} ms, one hash {hash_cost * 1000:.0f} ms"


def test_a_wrong_password_and_an_unknown_address_answer_alike(real_hasher) -> None:  # noqa: F811
    for n in range(TRIES):
        make_member(f"connue{n}@example.test")

    def sign_in(client: Client, email: str) -> Any:
        return client.post(reverse("account_login"), {"login": email, "password": "Pas-le-bon-mot-de-passe-9"})

    known, unknown, hashes = _probe(sign_in, TRIES)
    _judge("sign-in", known, unknown, hashes)


def test_a_reset_for_a_known_or_an_unknown_address_answers_alike(real_hasher) -> None:  # noqa: F811
    for n in range(TRIES):
        make_member(f"connue{n}@example.test")

    def reset(client: Client, email: str) -> Any:
        return client.post(reverse("account_reset_password"), {"email": email})

    known, unknown, hashes = _probe(reset, TRIES)
    _judge("password reset", known, unknown, hashes)
    # Both addresses get a message (the unknown one is told no account uses it): the inbox says nothing either.
    assert sorted(message.to[0].split("@")[0].removeprefix("in") for message in mail.outbox) == sorted(
        [f"connue{n}" for n in range(TRIES)] * 2)
