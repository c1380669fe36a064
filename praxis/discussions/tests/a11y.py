"""States of the accessibility walk for discussions (see praxis/testing/a11y.py)."""

from praxis.testing.a11y import State

STATES = [
    State("discussions:ask", "question errors", persona="outsider", kwargs=lambda w: {"content_id": w.talk_content.pk},
          submit="main form"),
    State("discussions:bookmarks", "no bookmark", persona="outsider"),
    State("discussions:playlists", "no playlist", persona="outsider"),
]
