"""Writes of discussions: questions, answers, accepted answers, votes, bookmarks, playlists."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from praxis.core import audit
from praxis.core.actor import Actor

from .. import services
from ..models import Answer, Bookmark, ContentVote, Question
from .factories import make_content, make_playlist, make_question


@pytest.fixture
def content(personas):
    return make_content(personas.verified_gp, title="Pose d'un stérilet")


def test_asking_emails_the_content_author_without_naming_an_anonymous_asker(
    personas, content, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        question = services.question_ask(actor=Actor(personas.outsider), content=content,
                                         body="Faut-il un antalgique avant ?", anonymous=True)
    assert question.is_anonymous
    assert audit.history(question).get().data == {
        "content": content.pk, "content_author": personas.verified_gp.pk, "anonymous": True}
    [message] = mail.outbox
    assert message.to == [personas.verified_gp.email]
    assert "Faut-il un antalgique avant ?" in message.body
    assert personas.outsider.last_name not in message.body


def test_text_is_stored_as_plain_text_and_shown_escaped(personas, content) -> None:
    question = services.question_ask(actor=Actor(personas.outsider), content=content,
                                     body="<script>alert(1)</script>\nDeuxième ligne")
    assert question.body == "<script>alert(1)</script>\nDeuxième ligne"
    html = personas.client("reviewer").get(f"/echanges/question/{question.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;" in html


def test_a_patient_identifier_in_a_question_is_refused(personas, content) -> None:
    with pytest.raises(ValidationError):
        services.question_ask(actor=Actor(personas.outsider), content=content,
                              body="Mon patient M. Janssens né le 3 mars 1961 a mal.")
    assert not Question.objects.exists()


def test_unverified_members_cannot_ask(personas, content) -> None:
    with pytest.raises(PermissionDenied):
        services.question_ask(actor=Actor(personas.unverified_member), content=content, body="Question ?")


def test_answering_counts_and_emails_the_asker(personas, content, django_capture_on_commit_callbacks) -> None:
    question = make_question(content, personas.outsider)
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_post(actor=Actor(personas.verified_gp), question=question, body="Une 21G suffit.")
    question.refresh_from_db()
    assert question.answer_count == 1
    assert mail.outbox[0].to == [personas.outsider.email]


def test_accepting_toggles_and_replaces(personas, content) -> None:
    question = make_question(content, personas.outsider)
    first = Answer.objects.create(question=question, author=personas.reviewer, body="A")
    second = Answer.objects.create(question=question, author=personas.facilitator, body="B")
    assert services.answer_toggle_accepted(actor=Actor(personas.outsider), answer=first)
    assert services.answer_toggle_accepted(actor=Actor(personas.verified_gp), answer=second)
    question.refresh_from_db()
    assert question.accepted_answer == second
    assert not services.answer_toggle_accepted(actor=Actor(personas.outsider), answer=second)
    question.refresh_from_db()
    assert question.accepted_answer is None
    with pytest.raises(PermissionDenied):
        services.answer_toggle_accepted(actor=Actor(personas.reviewer), answer=first)


def test_useful_votes_are_one_per_member_and_toggle(personas, content) -> None:
    actor = Actor(personas.outsider)
    assert services.content_toggle_useful(actor=actor, content=content)
    assert ContentVote.objects.filter(content=content).count() == 1
    assert not services.content_toggle_useful(actor=actor, content=content)
    assert not ContentVote.objects.exists()
    answer = Answer.objects.create(question=make_question(content, personas.outsider), author=personas.reviewer,
                                   body="A")
    assert services.answer_toggle_useful(actor=actor, answer=answer)
    assert services.answer_toggle_useful(actor=Actor(personas.facilitator), answer=answer)
    answer.refresh_from_db()
    assert answer.useful_count == 2
    services.answer_toggle_useful(actor=actor, answer=answer)
    answer.refresh_from_db()
    assert answer.useful_count == 1
    with pytest.raises(PermissionDenied):
        services.answer_toggle_useful(actor=Actor(personas.reviewer), answer=answer)


def test_bookmarks_toggle(personas, content) -> None:
    actor = Actor(personas.unverified_member)
    assert services.bookmark_toggle(actor=actor, content=content)
    assert not services.bookmark_toggle(actor=actor, content=content)
    assert not Bookmark.objects.exists()


def test_playlists_keep_order_and_refuse_others(personas, content) -> None:
    other = make_content(personas.verified_gp, title="Deuxième")
    actor = Actor(personas.outsider)
    playlist = services.playlist_create(actor=actor, name="Formation infirmière")
    services.playlist_add(actor=actor, playlist=playlist, content=content)
    services.playlist_add(actor=actor, playlist=playlist, content=other)
    services.playlist_add(actor=actor, playlist=playlist, content=content)  # already there
    assert list(playlist.items.values_list("content_id", flat=True)) == [content.pk, other.pk]
    with pytest.raises(ValidationError):
        services.playlist_create(actor=actor, name="Formation infirmière")
    with pytest.raises(PermissionDenied):
        services.playlist_add(actor=Actor(personas.reviewer), playlist=playlist, content=content)
    services.playlist_remove(actor=actor, playlist=playlist, content_id=content.pk)
    assert list(playlist.items.values_list("content_id", flat=True)) == [other.pk]
    services.playlist_delete(actor=actor, playlist=make_playlist(personas.outsider, "Vide"))
