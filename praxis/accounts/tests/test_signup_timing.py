"""Sign-up must not tell whether an address has an account: same status, same page, same time (within noise).

This is a behaviour test, not a speed target: it compares the two paths with each other, under a real password hasher
(the suite's MD5 hasher would hide the difference), and judges the gap against the cost of one password hash measured
in the same rounds. It counts the CPU time of this process (the test client runs the request in it), which the other
processes of a loaded machine do not inflate the way they inflate wall-clock time; rounds alternate which path goes
first and are compared pairwise."""

from __future__ import annotations

import re
import statistics
import time

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.test import Client

from praxis.testing import make_member, valid_inami

from .test_signup_and_login import SIGNUP, signup_data

pytestmark = pytest.mark.django_db
TRIES = 7


class MeasurablePBKDF2(PBKDF2PasswordHasher):
    """Django's PBKDF2 with fewer rounds: a hash costs tens of milliseconds instead of a second (production's cost),
    enough to stand far above the noise of one request while keeping the test short."""

    iterations = 300_000


@pytest.fixture
def real_hasher(settings):
    settings.PASSWORD_HASHERS = [f"{__name__}.MeasurablePBKDF2"]


def _sign_up(email: str, n: int) -> tuple[float, int, str, str]:
    client = Client(REMOTE_ADDR=f"198.51.100.{n}")  # one address each: the per-IP sign-up limit is not under test
    started = time.process_time()
    response = client.post(SIGNUP, signup_data(email=email, registration_number=valid_inami(2000 + n)))
    elapsed = time.process_time() - started
    page = client.get(response["Location"]).content.decode() if response.status_code == 302 else ""
    return elapsed, response.status_code, response.get("Location", ""), page


def _comparable(page: str, email: str) -> str:
    """The page without what differs on every request (tokens) and the address typed (shown back to its typist)."""
    page = re.sub(r'(nonce|value)="[^"]*"', r'\1=""', page.replace(email, "<typed address>"))
    return re.sub(r'"X-CSRFToken": "[^"]*"', '"X-CSRFToken": ""', page)


def test_signing_up_with_a_known_or_a_new_address_takes_the_same_time_and_answers_the_same(real_hasher) -> None:
    for n in range(TRIES):  # each address probed once, as a new one is (a second try is the "known" path for both)
        make_member(f"deja.inscrite{n}@example.test")
    known: list[float] = []
    new: list[float] = []
    hashes: list[float] = []
    answers: set[tuple[int, str, str]] = set()
    for n in range(TRIES):
        # Each round times one hash and both paths back to back, in alternating order, so that a slow moment of a
        # loaded machine falls on the whole round; rounds are compared pairwise.
        hashes.append(_timed(lambda: make_password("Un-mot-de-passe-solide-42")))
        order = [("known", f"deja.inscrite{n}@example.test"), ("new", f"nouvelle{n}@example.test")]
        for label, email in order if n % 2 else reversed(order):
            elapsed, status, location, page = _sign_up(email, 2 * n + (label == "new"))
            (known if label == "known" else new).append(elapsed)
            answers.add((status, location, _comparable(page, email)))
    gap = statistics.median(b - a for a, b in zip(known, new, strict=True))
    hash_cost = statistics.median(hashes)
    medians = f"known {statistics.median(known) * 1000:.1f} ms, new {statistics.median(new) * 1000:.1f} ms"
    print(f"\nsign-up CPU medians: {medians}, paired gap {gap * 1000:.1f} ms; one hash {hash_cost * 1000:.1f} ms")
    assert len(answers) == 1, "the two paths answer differently"
    assert next(iter(answers))[0] == 302
    # Before the fix the gap was one whole hash (the new account hashed its password, the known address did not).
    assert abs(gap) < 0.5 * hash_cost, f"gap {gap * 1000:.0f} ms, one hash {hash_cost * 1000:.0f} ms"


def _timed(function) -> float:
    started = time.process_time()
    function()
    return time.process_time() - started
