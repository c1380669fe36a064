"""The accessibility walk's declarations (see docs/accessibility.md).

The walk (`praxis/testing/tests/test_accessibility_walk.py`) opens every GET page of the permission matrix. Pages are
also checked in the states a plain GET does not show; an app declares them in `praxis/<app>/tests/a11y.py`:

    STATES = [
        State("discussions:ask", "form errors", submit="main form.question"),   # invalid POST: errors on the page
        State("discussions:bookmarks", "empty list", persona="outsider"),
        State("events:detail", "registered", kwargs=lambda w: {...}, click="main [hx-post]"),  # htmx partial
    ]

`world` is the permission matrix's (personas, then each app's matrix `setup`); an app's a11y module may add its own
`setup(world)` for the objects its states need.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from praxis.testing.matrix import World

VENDOR = Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"
OWN_CHECKS = Path(__file__).parent / "a11y_checks.js"

# WCAG 2.0, 2.1 and 2.2, levels A and AA: the rules axe-core runs.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]

# Who "sees the most" of a page: the first persona of this list that the matrix lets open it.
PERSONA_PREFERENCE = [
    "platform_admin", "moderator", "institution_admin", "facilitator", "reviewer", "verified_gp",
    "institution_staff", "outsider", "unverified_member", "anonymous",
]


@dataclass(frozen=True)
class State:
    """A page in a state that a GET alone does not show.

    - `submit`: CSS selector of a form, submitted as it is without the browser's own validation (`novalidate`), so
      the server answers with its error messages.
    - `fill`: {selector: value} typed before submitting or clicking.
    - `click`: CSS selector of a control that triggers an htmx request; the walk waits until htmx has settled.
    - `query`: a query string (`"q=zzzz"`: no results, an empty list).
    """

    name: str
    label: str
    persona: str = "verified_gp"
    kwargs: Callable[[World], dict[str, Any]] | dict[str, Any] = field(default_factory=dict)
    query: str = ""
    submit: str = ""
    fill: dict[str, str] = field(default_factory=dict)
    click: str = ""

    def resolve_kwargs(self, world: World) -> dict[str, Any]:
        return self.kwargs(world) if callable(self.kwargs) else self.kwargs
