"""The state of a screening in progress: kept in the visitor's session only, until the last answer.

A screening abandoned half-way stores nothing (its answers expire with the session); the last screen stores one
anonymous row (`services.screening_record`), forgets the answers and sends to the result's own URL (a signed token
holding the version, the date and the six flags), which the result page, the PDF and the calendar file read."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib.sessions.backends.base import SessionBase
from django.core import signing

from . import icope

CONTEXT_SLUG = "contexte"


@dataclass(frozen=True)
class Flow:
    key: str  # "self" or "pro": part of the URL names and the session keys
    steps: list[icope.Step]

    @property
    def professional(self) -> bool:
        return self.key == "pro"

    @property
    def slugs(self) -> list[str]:
        return [CONTEXT_SLUG, *(step.slug for step in self.steps)]

    def step(self, slug: str) -> icope.Step | None:
        return next((step for step in self.steps if step.slug == slug), None)

    def url(self, name: str) -> str:
        return f"prevention:{self.key}_{name}"

    @property
    def step_name(self) -> str:
        return self.url("step")

    @property
    def start_name(self) -> str:
        return self.url("start")

    @property
    def result_name(self) -> str:
        return self.url("result")


SELF = Flow("self", icope.SELF_STEPS)
PRO = Flow("pro", icope.PRO_STEPS)
FLOWS = {"self": SELF, "pro": PRO}


class Screening:
    """The answers of one screening in progress, read from and written back to the session."""

    def __init__(self, session: SessionBase, flow: Flow) -> None:
        self.session, self.flow = session, flow
        self.key = f"prevention:screening:{flow.key}"
        state = session.get(self.key)
        if not state or state.get("v") != icope.VERSION:
            state = None
        self.state: dict[str, Any] | None = state

    @property
    def context(self) -> dict[str, str] | None:
        return self.state["ctx"] if self.state else None

    @property
    def answers(self) -> dict[str, Any]:
        return self.state["a"] if self.state else {}

    @property
    def word_set(self) -> int:
        return self.state["ws"] if self.state else 0

    def first_unanswered(self) -> str | None:
        """The slug of the first screen still to answer (None when all are answered)."""
        if self.context is None:
            return CONTEXT_SLUG
        for step in self.flow.steps:
            if any(key not in self.answers for key in step.items if icope.ITEMS_BY_KEY[key].kind != "note") or (
                    step.items and all(icope.ITEMS_BY_KEY[k].kind == "note" for k in step.items)
                    and step.slug not in self.state.get("seen", [])):
                return step.slug
        return None

    def start(self, context: dict[str, str]) -> None:
        if self.state is None:
            self.state = {"v": icope.VERSION, "ws": random.randrange(len(icope.WORD_SETS["fr"])), "a": {}, "seen": []}
        self.state["ctx"] = context
        self._save()

    def answer(self, step: icope.Step, answers: dict[str, Any]) -> None:
        assert self.state is not None
        self.state["a"].update(answers)
        if step.slug not in self.state["seen"]:
            self.state["seen"].append(step.slug)
        self._save()

    def finish(self) -> None:
        """Forget the answers (the result lives in its own URL, see `result_token`)."""
        self.session.pop(self.key, None)
        self.state = None

    def _save(self) -> None:
        self.session[self.key] = self.state
        self.session.modified = True


# --- the result, carried in its own URL ---------------------------------------------------------------------------
# The result page, its PDF and its calendar file read the result from a signed token in the URL: nothing about the
# screening is looked up on the server, the page can be bookmarked or shown to the GP, and the token holds only what
# the anonymous row holds (version, date, flags, which version of the screening), so sharing it reveals no identity.
TOKEN_SALT = "prevention.result"


@dataclass(frozen=True)
class Result:
    flow: Flow
    version: str
    screened_on: date
    flags: dict[str, bool]

    @property
    def flagged(self) -> list[str]:
        return [domain for domain in icope.DOMAIN_KEYS if self.flags[domain]]

    @property
    def bits(self) -> str:
        return "".join("1" if self.flags[domain] else "0" for domain in icope.DOMAIN_KEYS)


def result_token(flow: Flow, version: str, screened_on: date, flags: dict[str, bool]) -> str:
    bits = "".join("1" if flags[domain] else "0" for domain in icope.DOMAIN_KEYS)
    return signing.dumps({"f": flow.key, "v": version, "d": screened_on.isoformat(), "x": bits}, salt=TOKEN_SALT)


def read_token(token: str) -> Result | None:
    """The result in a token, or None when the token was altered or is not one of ours."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT)
        bits, flow = data["x"], FLOWS[data["f"]]
        if len(bits) != len(icope.DOMAIN_KEYS) or set(bits) - {"0", "1"}:
            return None
        return Result(flow=flow, version=str(data["v"]), screened_on=date.fromisoformat(data["d"]),
                      flags={domain: bit == "1" for domain, bit in zip(icope.DOMAIN_KEYS, bits, strict=True)})
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
