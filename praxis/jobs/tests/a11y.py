"""States of the accessibility walk for jobs (see praxis/testing/a11y.py)."""

from praxis.testing.a11y import State

STATES = [
    State("jobs:create", "form errors", persona="institution_admin", submit="main form"),
    State("jobs:saved_searches", "none saved", persona="outsider"),
]
