"""States of the accessibility walk for discussions (see praxis/testing/a11y.py)."""

from praxis.testing.a11y import State

STATES = [
    State("discussions:ask", "question errors", persona="outsider", kwargs=lambda w: {"content_id": w.talk_content.pk},
          submit="main form"),
    State("discussions:post_edit", "answer edit form", persona="verified_gp",
          kwargs=lambda w: {"kind": "reponse", "post_id": w.talk_answer.pk}),
    State("discussions:post_flag", "flag an answer", persona="outsider",
          kwargs=lambda w: {"kind": "reponse", "post_id": w.talk_answer.pk}),
    State("discussions:bookmarks", "no bookmark", persona="outsider"),
    State("discussions:playlists", "no playlist", persona="outsider"),
]
