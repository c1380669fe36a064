"""States of the accessibility walk for review (see praxis/testing/a11y.py)."""

from praxis.testing.a11y import State

STATES = [
    State("review:staff", "team of reviewers and moderators", persona="platform_admin"),
    State("review:staff_member", "roles form", persona="platform_admin",
          kwargs=lambda w: {"member_id": w.personas.outsider.pk}),
]
