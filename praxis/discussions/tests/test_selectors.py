"""Keyset pagination of answers and the anonymity of askers as members and moderators read them."""

import pytest

from praxis.core.actor import Actor

from .. import selectors
from .factories import make_answers, make_content, make_question


@pytest.fixture
def thread(personas):
    content = make_content(personas.verified_gp)
    question = make_question(content, personas.outsider)
    # 47 answers, three by three on the same second: the id must break the ties.
    answers = make_answers(question, [personas.reviewer, personas.facilitator], 47, same_time=True)
    return selectors.question_for(Actor(personas.outsider), question.pk), answers


def test_walking_forward_by_key_returns_every_answer_once_in_order(personas, thread) -> None:
    question, answers = thread
    actor = Actor(personas.outsider)
    seen, cursor, pages = [], "", 0
    while True:
        page = selectors.answers_page(actor, question, after=cursor, size=10)
        seen += [a.pk for a in page.answers]
        pages += 1
        if pages > 1:
            assert page.has_previous
        if not page.has_next:
            break
        cursor = page.next_cursor
    assert seen == [a.pk for a in answers]
    assert pages == 5


def test_first_middle_and_last_pages(personas, thread) -> None:
    question, answers = thread
    actor = Actor(personas.outsider)
    first = selectors.answers_page(actor, question, size=10)
    assert [a.pk for a in first.answers] == [a.pk for a in answers[:10]]
    assert first.has_next and not first.has_previous
    middle = selectors.answers_page(actor, question, after=selectors.encode_cursor(answers[19]), size=10)
    assert [a.pk for a in middle.answers] == [a.pk for a in answers[20:30]]
    last = selectors.answers_page(actor, question, last=True, size=10)
    assert [a.pk for a in last.answers] == [a.pk for a in answers[-10:]]
    assert last.has_previous and not last.has_next
    back = selectors.answers_page(actor, question, before=last.previous_cursor, size=10)
    assert [a.pk for a in back.answers] == [a.pk for a in answers[27:37]]
    assert back.has_next and back.has_previous


def test_a_broken_cursor_gives_the_first_page(personas, thread) -> None:
    question, answers = thread
    page = selectors.answers_page(Actor(personas.outsider), question, after="pas-un-curseur!", size=5)
    assert [a.pk for a in page.answers] == [a.pk for a in answers[:5]]


def test_the_last_page_costs_the_same_queries_as_the_first(
    personas, thread, django_assert_num_queries
) -> None:
    question, _answers = thread
    actor = Actor(personas.outsider)
    with django_assert_num_queries(1):
        selectors.answers_page(actor, question, size=10)
    with django_assert_num_queries(1):
        selectors.answers_page(actor, question, last=True, size=10)


def test_anonymous_question_hides_the_name_from_members_but_not_from_moderators(personas) -> None:
    content = make_content(personas.verified_gp)
    asked = make_question(content, personas.unverified_member, anonymous=True)
    make_answers(asked, [personas.unverified_member], 1)
    for name, sees in [("verified_gp", False), ("reviewer", False), ("outsider", False), ("moderator", True),
                       ("platform_admin", True), ("unverified_member", True)]:
        actor = Actor(personas.users[name])
        [question] = selectors.questions_for_content(actor, content)
        assert (question.shown_author == personas.unverified_member) is sees, name
        if not sees:
            assert question.shown_author is None
        # The asker's own answer in the thread does not give them away either.
        page = selectors.answers_page(actor, selectors.question_for(actor, asked.pk))
        assert (page.answers[0].shown_author is not None) is sees, name
