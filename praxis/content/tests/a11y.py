"""States of the accessibility walk for content (see praxis/testing/a11y.py)."""

from praxis.testing.a11y import State

STATES = [
    State("content:create", "article errors", persona="verified_gp", kwargs={"kind": "article"}, submit="main form"),
    State("content:list", "no result", persona="anonymous", query="q=zzzqqxw"),
]
