"""States of the accessibility walk for search (see praxis/testing/a11y.py)."""

from praxis.testing.a11y import State

STATES = [
    State("search:results", "no result", persona="anonymous", query="q=zzzqqxw"),
    State("search:results", "results", persona="verified_gp", query="q=patient"),
]
