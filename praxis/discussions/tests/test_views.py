"""Discussion pages: success, wrong method, anonymous, outsider, htmx, and query counts."""

import pytest
from django.urls import reverse

from praxis.content.models import Content
from praxis.content.selectors import content_url

from ..models import Answer, Bookmark, ContentVote, Playlist, Question
from .factories import make_answers, make_content, make_playlist, make_question

HTMX = {"HX-Request": "true"}


@pytest.fixture
def content(personas):
    return make_content(personas.verified_gp, title="Suture simple")


def test_verified_member_asks_from_the_content_page(personas, content) -> None:
    client = personas.client("outsider")
    page = client.get(content_url(content)).content.decode()
    assert 'id="discussion"' in page and reverse("discussions:ask", args=[content.pk]) in page
    response = client.post(reverse("discussions:ask", args=[content.pk]),
                           {"body": "Fil résorbable ?", "is_anonymous": "on"})
    question = Question.objects.get()
    assert response.status_code == 302 and response.url == reverse("discussions:question", args=[question.pk])
    assert question.is_anonymous


def test_unverified_member_reads_but_is_told_why_they_cannot_post(personas, content) -> None:
    make_question(content, personas.outsider, body="Question visible")
    html = personas.client("unverified_member").get(content_url(content)).content.decode()
    assert "Question visible" in html and "Only verified professionals ask and answer" in html
    assert personas.client("unverified_member").post(reverse("discussions:ask", args=[content.pk]),
                                                     {"body": "x"}).status_code == 403


def test_ask_errors_keep_the_text(personas, content) -> None:
    url = reverse("discussions:ask", args=[content.pk])
    response = personas.client("outsider").post(url, {"body": "Appelez-moi au 0475 12 34 56"}, headers=HTMX)
    assert response.status_code == 400 and b"<html" not in response.content
    assert "0475 12 34 56" in response.content.decode()
    assert personas.client("anonymous").post(url, {"body": "x"}).status_code == 302
    assert personas.client("outsider").put(url).status_code == 405


def test_ask_under_hidden_content_is_404(personas) -> None:
    content = make_content(personas.institution_admin, visibility=Content.Visibility.INSTITUTION,
                           institution=personas.institution)
    assert personas.client("outsider").get(reverse("discussions:ask", args=[content.pk])).status_code == 404


def test_thread_page_names_and_hides_people(personas, content) -> None:
    question = make_question(content, personas.facilitator, body="Question anonyme", anonymous=True)
    Answer.objects.create(question=question, author=personas.verified_gp, body="Réponse de l'auteur")
    url = reverse("discussions:question", args=[question.pk])
    member = personas.client("outsider").get(url).content.decode()
    assert "A colleague (anonymous)" in member and personas.facilitator.last_name not in member
    assert "Author of the content" in member
    moderator = personas.client("moderator").get(url).content.decode()
    assert personas.facilitator.last_name in moderator and "asked anonymously to peers" in moderator
    assert personas.client("anonymous").get(url).status_code == 302
    assert personas.client("outsider").post(url).status_code == 405


def test_an_anonymous_askers_reply_keeps_its_name_hidden_after_a_moderator_saw_it(personas, content) -> None:
    """Answers are kept rendered (fragment cache): what the moderator was shown must never reach a peer."""
    question = make_question(content, personas.facilitator, body="Question anonyme", anonymous=True)
    Answer.objects.create(question=question, author=personas.facilitator, body="Précision de la personne")
    url = reverse("discussions:question", args=[question.pk])
    moderator = personas.client("moderator").get(url).content.decode()
    assert moderator.count(personas.facilitator.last_name) >= 2  # the question and the reply
    peer = personas.client("outsider").get(url).content.decode()
    assert personas.facilitator.last_name not in peer
    assert "The person who asked" in peer or "La personne qui a posé la question" in peer


def test_a_corrected_answer_shows_at_once(personas, content) -> None:
    """A moderator removing a phone number from an answer (admin or SQL): the kept rendering must not show it."""
    question = make_question(content, personas.facilitator)
    answer = Answer.objects.create(question=question, author=personas.verified_gp, body="Appelez le 0470 12 34 56")
    url = reverse("discussions:question", args=[question.pk])
    assert "0470 12 34 56" in personas.client("outsider").get(url).content.decode()
    Answer.objects.filter(pk=answer.pk).update(body="Appelez le secrétariat")
    page = personas.client("outsider").get(url).content.decode()
    assert "0470 12 34 56" not in page and "Appelez le secrétariat" in page


def test_thread_pages_by_key_and_htmx_returns_the_answers_only(personas, content) -> None:
    question = make_question(content, personas.outsider)
    answers = make_answers(question, [personas.reviewer], 45)
    client = personas.client("outsider")
    first = client.get(reverse("discussions:question", args=[question.pk]))
    assert [a.pk for a in first.context["page"].answers] == [a.pk for a in answers[:20]]
    cursor = first.context["page"].next_cursor
    second = client.get(reverse("discussions:question", args=[question.pk]), {"after": cursor}, headers=HTMX)
    assert b"<html" not in second.content and b"R\xc3\xa9ponse 20" in second.content
    last = client.get(reverse("discussions:question", args=[question.pk]), {"last": "1"})
    assert [a.pk for a in last.context["page"].answers] == [a.pk for a in answers[25:]]


def test_thread_page_query_count_does_not_grow(personas, content, django_assert_max_num_queries) -> None:
    question = make_question(content, personas.outsider)
    make_answers(question, [personas.reviewer, personas.facilitator, personas.verified_gp], 60)
    client = personas.client("outsider")
    with django_assert_max_num_queries(9):
        response = client.get(reverse("discussions:question", args=[question.pk]), {"last": "1"})
    assert len(response.context["page"].answers) == 20


def test_answer_accept_and_vote(personas, content) -> None:
    question = make_question(content, personas.outsider)
    url = reverse("discussions:answer", args=[question.pk])
    response = personas.client("reviewer").post(url, {"body": "Fil 4/0 sur le visage."})
    answer = Answer.objects.get()
    assert response.status_code == 302 and f"#answer-{answer.pk}" in response.url
    assert personas.client("reviewer").post(url, {"body": ""}).status_code == 400
    assert personas.client("reviewer").get(url).status_code == 405
    assert personas.client("unverified_member").post(url, {"body": "x"}).status_code == 403
    accept = reverse("discussions:accept", args=[answer.pk])
    assert personas.client("facilitator").post(accept).status_code == 403
    assert personas.client("outsider").post(accept).status_code == 302
    assert Question.objects.get().accepted_answer == answer
    vote = reverse("discussions:vote_answer", args=[answer.pk])
    response = personas.client("outsider").post(vote, headers=HTMX)
    assert response.status_code == 200 and b"Useful" in response.content and b"<html" not in response.content
    assert Answer.objects.get().useful_count == 1
    assert personas.client("reviewer").post(vote).status_code == 403  # own answer
    assert personas.client("anonymous").post(vote).status_code == 302


def test_content_vote_and_bookmark_with_htmx(personas, content) -> None:
    client = personas.client("outsider")
    response = client.post(reverse("discussions:vote_content", args=[content.pk]), headers=HTMX)
    assert response.status_code == 200 and b'id="content-actions"' in response.content
    assert ContentVote.objects.count() == 1
    response = client.post(reverse("discussions:bookmark", args=[content.pk]))
    assert response.status_code == 302 and Bookmark.objects.count() == 1
    assert personas.client("verified_gp").post(reverse("discussions:vote_content", args=[content.pk])).status_code \
        == 403
    assert client.get(reverse("discussions:bookmark", args=[content.pk])).status_code == 405


def test_bookmarks_page_and_query_count(personas, django_assert_max_num_queries) -> None:
    for n in range(7):
        Bookmark.objects.create(user=personas.outsider, content=make_content(personas.verified_gp, title=f"F{n}"))
    hidden = make_content(personas.verified_gp, status=Content.Status.UNPUBLISHED, title="Retiré")
    Bookmark.objects.create(user=personas.outsider, content=hidden)
    client = personas.client("outsider")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("discussions:bookmarks"))
    assert len(response.context["bookmarks"]) == 7 and "Retiré" not in response.content.decode()
    assert b"<html" not in client.get(reverse("discussions:bookmarks"), headers=HTMX).content
    assert personas.client("anonymous").get(reverse("discussions:bookmarks")).status_code == 302
    assert client.post(reverse("discussions:bookmarks")).status_code == 405


def test_playlists_pages(personas, content) -> None:
    client = personas.client("outsider")
    assert client.get(reverse("discussions:playlists")).status_code == 200
    response = client.post(reverse("discussions:playlists"), {"name": "Urgences"})
    playlist = Playlist.objects.get()
    assert response.status_code == 302
    assert client.post(reverse("discussions:playlists"), {"name": "Urgences"}).status_code == 400
    add = reverse("discussions:playlist_add", args=[content.pk])
    assert client.post(add, {"playlist": playlist.pk}).status_code == 302
    assert client.post(add, {"name": "Nouvelle liste"}).status_code == 302
    assert Playlist.objects.count() == 2
    page = client.get(reverse("discussions:playlist", args=[playlist.pk]))
    assert page.status_code == 200 and "Suture simple" in page.content.decode()
    assert b"<html" not in client.get(reverse("discussions:playlist", args=[playlist.pk]), headers=HTMX).content
    assert personas.client("reviewer").get(reverse("discussions:playlist", args=[playlist.pk])).status_code == 404
    remove = reverse("discussions:playlist_remove", args=[playlist.pk, content.pk])
    assert client.post(remove).status_code == 302 and not playlist.items.exists()
    assert client.post(reverse("discussions:playlist_delete", args=[playlist.pk])).status_code == 302
    assert personas.client("anonymous").get(reverse("discussions:playlists")).status_code == 302


def test_playlists_page_query_count(personas, django_assert_max_num_queries) -> None:
    for n in range(5):
        make_playlist(personas.outsider, f"Liste {n}", [make_content(personas.verified_gp)])
    client = personas.client("outsider")
    with django_assert_max_num_queries(6):
        response = client.get(reverse("discussions:playlists"))
    assert response.content.decode().count("1 item") == 5


def test_thread_renders_in_french(personas, content) -> None:
    question = make_question(content, personas.facilitator, anonymous=True)
    response = personas.client("outsider").get(reverse("discussions:question", args=[question.pk]),
                                               headers={"Accept-Language": "fr"})
    html = response.content.decode()
    assert "Un ou une collègue (anonyme)" in html and "Pas encore de réponse." in html


def test_older_questions_are_paged_by_key(personas, content, django_assert_max_num_queries) -> None:
    from datetime import timedelta

    from django.utils import timezone

    questions = [make_question(content, personas.outsider, body=f"Question numéro {n}") for n in range(25)]
    for n, question in enumerate(questions):
        Question.objects.filter(pk=question.pk).update(created_at=timezone.now() - timedelta(minutes=100 - n))
    client = personas.client("facilitator")
    page = client.get(content_url(content)).content.decode()
    assert "Question numéro 24" in page and "Question numéro 4<" not in page
    older = reverse("discussions:questions", args=[content.pk])
    assert older in page
    first = client.get(older)
    cursor = first.context["older"]
    with django_assert_max_num_queries(9):
        response = client.get(older, {"before": cursor}, headers=HTMX)
    assert [q.pk for q in response.context["questions"]] == [q.pk for q in reversed(questions[:5])]
    assert b"<html" not in response.content
    assert personas.client("anonymous").get(older).status_code == 302
    assert client.post(older).status_code == 405
    hidden = make_content(personas.institution_admin, visibility=Content.Visibility.INSTITUTION,
                          institution=personas.institution)
    assert client.get(reverse("discussions:questions", args=[hidden.pk])).status_code == 404
