"""States of the accessibility walk for institutions (see praxis/testing/a11y.py)."""

from praxis.testing.a11y import State

STATES = [
    State("institutions:create", "form errors", persona="verified_gp", submit="main form"),
    State("institutions:directory", "no result", persona="anonymous", query="q=zzzqqxw"),
]
