"""Editing, deleting, flagging and moderating questions and answers: through the pages and the services."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from praxis.core.actor import Actor
from praxis.core.audit import Action
from praxis.core.models import AuditEntry
from praxis.review.models import Flag

from .. import services
from ..models import Answer, PostRevision, PostState
from .factories import make_answers, make_content, make_question

HTMX = {"HX-Request": "true"}


@pytest.fixture
def thread(personas):
    content = make_content(personas.verified_gp, title="Suture simple")
    question = make_question(content, personas.outsider, body="Fil résorbable ou non ?")
    answer = Answer.objects.create(question=question, author=personas.facilitator, body="Résorbable 4/0.")
    return question, answer


def _url(name: str, kind: str, pk: int) -> str:
    return reverse(f"discussions:{name}", args=[kind, pk])


def test_author_edits_their_answer_and_the_thread_shows_it_was_edited(personas, thread) -> None:
    question, answer = thread
    client = personas.client("facilitator")
    form = client.get(_url("post_edit", "reponse", answer.pk))
    assert form.status_code == 200 and 'name="version" value="1"' in form.content.decode()
    response = client.post(_url("post_edit", "reponse", answer.pk), {"body": "Résorbable 4/0, rapide.", "version": 1})
    assert response.status_code == 302
    answer.refresh_from_db()
    assert answer.body == "Résorbable 4/0, rapide." and answer.version == 2 and answer.edited_at
    assert PostRevision.objects.get(answer=answer).body == "Résorbable 4/0."
    page = personas.client("outsider").get(reverse("discussions:question", args=[question.pk])).content.decode()
    assert "edited on" in page and "Résorbable 4/0, rapide." in page
    assert AuditEntry.objects.filter(action=Action.DISCUSSIONS_ANSWER_EDITED, data__by_moderator=False).exists()


def test_editing_someone_elses_answer_is_forbidden(personas, thread) -> None:
    _question, answer = thread
    url = _url("post_edit", "reponse", answer.pk)
    assert personas.client("verified_gp").post(url, {"body": "Mon avis.", "version": 1}).status_code == 403
    assert personas.client("verified_gp").get(url).status_code == 403
    with pytest.raises(PermissionDenied):
        services.post_edit(actor=Actor(personas.outsider), post=answer, body="x", version=1)
    answer.refresh_from_db()
    assert answer.body == "Résorbable 4/0." and not PostRevision.objects.exists()


def test_a_concurrent_edit_is_shown_as_a_conflict_not_overwritten(personas, thread) -> None:
    _question, answer = thread
    client = personas.client("facilitator")
    url = _url("post_edit", "reponse", answer.pk)
    assert client.post(url, {"body": "Première correction.", "version": 1}).status_code == 302
    stale = client.post(url, {"body": "Correction partie d'une vieille version.", "version": 1}, headers=HTMX)
    html = stale.content.decode()
    assert stale.status_code == 409 and b"<html" not in stale.content
    assert "Première correction." in html and "Correction partie d&#39;une vieille version." in html
    assert 'name="version" value="2"' in html  # saving again now starts from the current version
    answer.refresh_from_db()
    assert answer.body == "Première correction." and answer.version == 2


def test_an_edit_is_checked_for_patient_identifiers(personas, thread) -> None:
    _question, answer = thread
    response = personas.client("facilitator").post(_url("post_edit", "reponse", answer.pk),
                                                   {"body": "Rappelez-la au 0475 12 34 56", "version": 1})
    assert response.status_code == 400 and "0475 12 34 56" in response.content.decode()
    answer.refresh_from_db()
    assert answer.version == 1


def test_author_deletes_their_question_and_a_placeholder_keeps_the_thread(personas, thread) -> None:
    question, _answer = thread
    client = personas.client("outsider")
    assert client.get(_url("post_delete", "question", question.pk)).status_code == 405
    assert personas.client("facilitator").post(_url("post_delete", "question", question.pk)).status_code == 403
    assert client.post(_url("post_delete", "question", question.pk)).status_code == 302
    question.refresh_from_db()
    assert question.state == PostState.DELETED
    page = personas.client("verified_gp").get(reverse("discussions:question", args=[question.pk])).content.decode()
    assert "This question was deleted by its author." in page
    assert "Fil résorbable ou non ?" not in page and "Résorbable 4/0." in page  # the answers stay readable
    moderator = personas.client("moderator").get(reverse("discussions:question", args=[question.pk])).content.decode()
    assert "Fil résorbable ou non ?" in moderator


def test_a_member_flags_an_answer_once_and_it_reaches_the_moderation_queue(personas, thread) -> None:
    _question, answer = thread
    client = personas.client("verified_gp")
    url = _url("post_flag", "reponse", answer.pk)
    assert client.get(url).status_code == 200
    for _n in range(2):
        assert client.post(url, {"reason": Flag.Reason.ADVERTISING}).status_code == 302
    assert Flag.objects.filter(target_id=answer.pk, status=Flag.Status.OPEN).count() == 1
    assert personas.client("facilitator").get(url).status_code == 403  # not one's own
    assert personas.client("anonymous").post(url, {"reason": "other"}).status_code == 302
    queue = personas.client("moderator").get(reverse("review:moderation")).content.decode()
    assert "Résorbable 4/0." in queue and "Advertising" in queue
    assert _url("post_hide", "reponse", answer.pk) in queue


def test_moderator_hides_restores_and_corrects_with_an_audit_entry(personas, thread) -> None:
    question, answer = thread
    services.post_flag(actor=Actor(personas.verified_gp), post=answer, reason=Flag.Reason.INAPPROPRIATE)
    moderator = personas.client("moderator")
    url = _url("post_hide", "reponse", answer.pk)
    assert moderator.post(url, {"reason": ""}, headers=HTMX).status_code == 400
    assert personas.client("outsider").post(url, {"reason": "x"}).status_code == 403
    assert moderator.post(url, {"reason": "Hors sujet."}).status_code == 302
    answer.refresh_from_db()
    assert answer.state == PostState.HIDDEN
    assert Flag.objects.get(target_id=answer.pk).status == Flag.Status.UPHELD
    thread_url = reverse("discussions:question", args=[question.pk])
    member = personas.client("outsider").get(thread_url).content.decode()
    assert "This answer was hidden by a moderator." in member and "Résorbable 4/0." not in member
    assert "Résorbable 4/0." in moderator.get(thread_url).content.decode()
    assert moderator.post(_url("post_restore", "reponse", answer.pk)).status_code == 302
    assert moderator.post(_url("post_edit", "reponse", answer.pk), {"body": "Résorbable.", "version": 1}).status_code \
        == 302
    answer.refresh_from_db()
    assert answer.state == PostState.VISIBLE and answer.body == "Résorbable."
    assert PostRevision.objects.get(answer=answer).by_moderator
    actions = set(AuditEntry.objects.filter(actor=personas.moderator).values_list("action", flat=True))
    assert {Action.DISCUSSIONS_ANSWER_HIDDEN, Action.DISCUSSIONS_ANSWER_RESTORED,
            Action.DISCUSSIONS_ANSWER_EDITED} <= actions
    versions = moderator.get(_url("post_versions", "reponse", answer.pk)).content.decode()
    assert "Résorbable 4/0." in versions and "Version 1" in versions
    assert personas.client("facilitator").get(_url("post_versions", "reponse", answer.pk)).status_code == 403


def test_a_deleted_answer_cannot_be_restored_or_hidden(personas, thread) -> None:
    _question, answer = thread
    services.post_delete(actor=Actor(personas.facilitator), post=answer)
    answer.refresh_from_db()
    with pytest.raises(PermissionDenied):
        services.post_restore(actor=Actor(personas.moderator), post=answer)
    with pytest.raises(PermissionDenied):
        services.post_hide(actor=Actor(personas.moderator), post=answer, reason="x")
    with pytest.raises(ValidationError):
        services.post_hide(actor=Actor(personas.moderator), post=make_question(answer.question.content,
                                                                               personas.outsider), reason=" ")


def test_unknown_kind_is_404(personas, thread) -> None:
    question, _answer = thread
    assert personas.client("moderator").get(f"/echanges/playlist/{question.pk}/versions/").status_code == 404


def test_moderation_queue_query_count_does_not_grow_with_flagged_answers(personas, thread,
                                                                        django_assert_max_num_queries) -> None:
    question, _answer = thread
    answers = make_answers(question, [personas.reviewer, personas.facilitator], 12)
    for answer in answers:
        services.post_flag(actor=Actor(personas.verified_gp), post=answer, reason=Flag.Reason.OTHER, text="?")
    services.post_flag(actor=Actor(personas.verified_gp), post=question, reason=Flag.Reason.OTHER, text="?")
    client = personas.client("moderator")
    client.get(reverse("review:moderation"))  # content types and sessions cached
    with django_assert_max_num_queries(10):
        response = client.get(reverse("review:moderation"))
    assert len(response.context["flags"]) == 14 and all(flag.shown for flag in response.context["flags"])


def test_french_pages_say_modifie(personas, thread, settings) -> None:
    settings.LANGUAGE_CODE = "fr"
    question, answer = thread
    services.post_edit(actor=Actor(personas.facilitator), post=answer, body="Résorbable 3/0.", version=1)
    page = personas.client("outsider").get(reverse("discussions:question", args=[question.pk]),
                                           headers={"Accept-Language": "fr"}).content.decode()
    assert "modifié le" in page
