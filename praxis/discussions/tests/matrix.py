
from types import SimpleNamespace
from typing import Any

from praxis.testing.matrix import LOGIN, Route, members_only, moderators_only

from .factories import make_content, make_playlist, make_question


def setup(world: SimpleNamespace) -> None:
    p = world.personas
    world.talk_content = make_content(p.verified_gp, title="Matrice des échanges")
    world.talk_question = make_question(world.talk_content, p.outsider)
    from praxis.discussions.models import Answer

    world.talk_answer = Answer.objects.create(question=world.talk_question, author=p.verified_gp, body="Une réponse.")
    world.talk_playlist = make_playlist(p.verified_gp, contents=[world.talk_content])
    world.talk_hidden = Answer.objects.create(question=world.talk_question, author=p.facilitator, body="Masquée.",
                                              state="hidden")


# Verified professionals post; unverified members only read.
POSTERS = {"anonymous": LOGIN, "unverified_member": 403, "*": 200}
OWNER_ONLY = {"anonymous": LOGIN, "verified_gp": 200, "*": 404}


def _content(w: SimpleNamespace) -> dict[str, Any]:
    return {"content_id": w.talk_content.pk}


def _answer(w: SimpleNamespace) -> dict[str, Any]:
    return {"kind": "reponse", "post_id": w.talk_answer.pk}


# The answer's author (verified_gp) and moderators edit; the other readers of the thread are refused.
EDITORS = {"anonymous": LOGIN, "verified_gp": 200, "moderator": 200, "platform_admin": 200, "*": 403}
# Every reader of the thread flags it, except its author.
FLAGGERS = {"anonymous": LOGIN, "verified_gp": 403, "*": 200}


ROUTES = [
    Route("discussions:ask", POSTERS, kwargs=_content),
    Route("discussions:ask", {**POSTERS, "*": 400}, method="post", kwargs=_content),
    Route("discussions:questions", members_only(), kwargs=_content),
    Route("discussions:questions", members_only(), htmx=True, kwargs=_content),
    Route("discussions:question", members_only(), kwargs=lambda w: {"question_id": w.talk_question.pk}),
    Route("discussions:question", members_only(), htmx=True, kwargs=lambda w: {"question_id": w.talk_question.pk}),
    Route("discussions:answer", {**POSTERS, "*": 400}, method="post",
          kwargs=lambda w: {"question_id": w.talk_question.pk}),
    # The person who asked (outsider) or the content's author (verified_gp) accepts.
    Route("discussions:accept", {"anonymous": LOGIN, "outsider": 302, "verified_gp": 302, "*": 403}, method="post",
          kwargs=lambda w: {"answer_id": w.talk_answer.pk}),
    # Nobody votes for their own answer or content.
    Route("discussions:vote_answer", {**POSTERS, "verified_gp": 403, "*": 302}, method="post",
          kwargs=lambda w: {"answer_id": w.talk_answer.pk}),
    Route("discussions:vote_content", {**POSTERS, "verified_gp": 403, "*": 302}, method="post", kwargs=_content),
    Route("discussions:bookmark", members_only(302), method="post", kwargs=_content),
    Route("discussions:playlist_add", members_only(400), method="post", kwargs=_content),
    Route("discussions:bookmarks", members_only()),
    Route("discussions:bookmarks", members_only(), htmx=True),
    Route("discussions:playlists", members_only()),
    Route("discussions:playlists", members_only(400), method="post"),
    Route("discussions:playlist", OWNER_ONLY, kwargs=lambda w: {"playlist_id": w.talk_playlist.pk}),
    Route("discussions:playlist_remove", {**OWNER_ONLY, "verified_gp": 302}, method="post",
          kwargs=lambda w: {"playlist_id": w.talk_playlist.pk, "content_id": w.talk_content.pk}),
    Route("discussions:playlist_delete", {**OWNER_ONLY, "verified_gp": 302}, method="post",
          kwargs=lambda w: {"playlist_id": w.talk_playlist.pk}),
    Route("discussions:post_edit", EDITORS, kwargs=_answer),
    Route("discussions:post_edit", EDITORS, htmx=True, kwargs=_answer),
    Route("discussions:post_edit", {**EDITORS, "verified_gp": 403, "outsider": 200},
          kwargs=lambda w: {"kind": "question", "post_id": w.talk_question.pk}),
    # An empty text is refused (400) to those who may edit.
    Route("discussions:post_edit", {k: 400 if v == 200 else v for k, v in EDITORS.items()}, method="post",
          kwargs=_answer),
    # Only the author deletes (then the answer is gone for the next personas: still 403).
    Route("discussions:post_delete", {"anonymous": LOGIN, "verified_gp": 302, "*": 403}, method="post",
          kwargs=_answer),
    Route("discussions:post_flag", FLAGGERS, kwargs=_answer),
    Route("discussions:post_flag", {**FLAGGERS, "*": 400}, method="post", kwargs=_answer),
    Route("discussions:post_versions", moderators_only(), kwargs=_answer),
    Route("discussions:post_hide", moderators_only(), kwargs=_answer),
    Route("discussions:post_hide", moderators_only(400), method="post", kwargs=_answer),
    # The moderator shows the hidden answer again; for the platform admin, next, it is no longer hidden.
    Route("discussions:post_restore", {"anonymous": LOGIN, "moderator": 302, "*": 403}, method="post",
          kwargs=lambda w: {"kind": "reponse", "post_id": w.talk_hidden.pk}),
]
