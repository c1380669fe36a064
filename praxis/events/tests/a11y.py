"""States of the accessibility walk for events (see praxis/testing/a11y.py)."""

from praxis.testing.a11y import State

STATES = [
    State("events:create", "form errors", persona="institution_admin", submit="main form"),
    State("events:detail", "registered (htmx)", persona="outsider", kwargs=lambda w: {"event_id": w.event.pk},
          click="#registration form[hx-post] button[type=submit]"),
    State("events:mine", "no registration", persona="outsider"),
]
