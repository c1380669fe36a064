"""The permission matrix: for every route of Praxis, what each persona gets.

Each app declares its rows in `praxis/<app>/tests/matrix.py`:

    ROUTES = [Route("accounts:profile", expect={"anonymous": 302, "*": 200}), ...]
    def setup(world): world.member = make_member(...)   # optional: objects the routes need

`praxis/testing/tests/test_permission_matrix.py` walks the URLconf: a Praxis route without a row fails the suite.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import Any

from praxis.testing import PERSONA_NAMES

World = SimpleNamespace


@dataclass(frozen=True)
class Route:
    name: str
    expect: dict[str, int]
    method: str = "get"
    kwargs: Callable[[World], dict[str, Any]] | dict[str, Any] = field(default_factory=dict)
    data: Callable[[World], dict[str, Any]] | dict[str, Any] = field(default_factory=dict)
    htmx: bool = False

    def expected(self, persona: str) -> int:
        if persona in self.expect:
            return self.expect[persona]
        return self.expect["*"]

    def resolve_kwargs(self, world: World) -> dict[str, Any]:
        return self.kwargs(world) if callable(self.kwargs) else self.kwargs

    def resolve_data(self, world: World) -> dict[str, Any]:
        return self.data(world) if callable(self.data) else self.data

    def __post_init__(self) -> None:
        unknown = set(self.expect) - {*PERSONA_NAMES, "*"}
        if unknown:
            raise ValueError(f"{self.name}: unknown personas {unknown}")
        if "*" not in self.expect and set(self.expect) != set(PERSONA_NAMES):
            raise ValueError(f"{self.name}: give every persona or a '*' default")


# Shorthands for the common shapes of a row.
LOGIN = 302  # anonymous visitors are sent to the login page


def members_only(ok: int = 200) -> dict[str, int]:
    return {"anonymous": LOGIN, "*": ok}


def moderators_only(ok: int = 200, others: int = 403) -> dict[str, int]:
    return {"anonymous": LOGIN, "moderator": ok, "platform_admin": ok, "*": others}


def everyone(ok: int = 200) -> dict[str, int]:
    return {"*": ok}
