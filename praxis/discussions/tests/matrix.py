
from types import SimpleNamespace
from typing import Any

from praxis.testing.matrix import LOGIN, Route, members_only

from .factories import make_content, make_playlist, make_question


def setup(world: SimpleNamespace) -> None:
    p = world.personas
    world.talk_content = make_content(p.verified_gp, title="Matrice des échanges")
    world.talk_question = make_question(world.talk_content, p.outsider)
    from praxis.discussions.models import Answer

    world.talk_answer = Answer.objects.create(question=world.talk_question, author=p.verified_gp, body="Une réponse.")
    world.talk_playlist = make_playlist(p.verified_gp, contents=[world.talk_content])


# Verified professionals post; unverified members only read.
POSTERS = {"anonymous": LOGIN, "unverified_member": 403, "*": 200}
OWNER_ONLY = {"anonymous": LOGIN, "verified_gp": 200, "*": 404}


def _content(w: SimpleNamespace) -> dict[str, Any]:
    return {"content_id": w.talk_content.pk}


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
]
