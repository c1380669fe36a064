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


def _orm_questions(content, limit: int = 20) -> list:
    return list(content.questions.select_related("author", "accepted_answer", "accepted_answer__author")
                .order_by("-created_at", "-id")[: limit + 1])


def test_the_content_pages_compiled_question_read_gives_what_the_orm_gives_and_new_questions_at_once(
    personas, django_assert_num_queries
) -> None:
    content, other = make_content(personas.verified_gp), make_content(personas.verified_gp, title="Autre")
    first = make_question(content, personas.outsider, anonymous=True)
    [accepted] = make_answers(first, [personas.reviewer], 1)
    first.accepted_answer = accepted
    first.save(update_fields=["accepted_answer"])
    make_question(other, personas.outsider, body="Ailleurs")
    actor = Actor(personas.verified_gp)
    with django_assert_num_queries(1):
        questions = selectors.questions_for_content(actor, content)
    expected = _orm_questions(content)
    assert [q.pk for q in questions] == [q.pk for q in expected] == [first.pk]
    read, orm = questions[0], expected[0]
    assert {f.attname: getattr(read, f.attname) for f in read._meta.concrete_fields} == {
        f.attname: getattr(orm, f.attname) for f in orm._meta.concrete_fields}
    assert read.author == personas.outsider and read.accepted_answer == accepted
    assert read.accepted_answer.author == personas.reviewer and read.content is content
    with django_assert_num_queries(0):  # every joined row is there, as select_related leaves it
        read.author.email, read.accepted_answer.author.email  # noqa: B018
    # A question asked after the first read is on the next one: only the SQL is kept, never rows.
    second = make_question(content, personas.reviewer, body="Et la dose ?")
    assert [q.pk for q in selectors.questions_for_content(actor, content)] == [second.pk, first.pk]
    assert [q.pk for q in selectors.questions_for_content(actor, other)] == [
        q.pk for q in _orm_questions(other)]
    # A page of another size is compiled on its own, and says there is more.
    assert len(selectors.questions_for_content(actor, content, limit=1)) == 2


def test_the_action_bar_shows_each_member_their_own_vote_bookmark_and_lists_only(
    personas, django_assert_num_queries
) -> None:
    from ..models import Bookmark, ContentVote
    from .factories import make_playlist

    content, other = make_content(personas.verified_gp), make_content(personas.verified_gp, title="Autre")
    voter, reader = personas.reviewer, personas.outsider
    ContentVote.objects.create(content=content, user=voter)
    ContentVote.objects.create(content=other, user=reader)
    Bookmark.objects.create(content=content, user=voter)
    make_playlist(voter, "Lectures")
    make_playlist(voter, "Gestes")
    make_playlist(reader, "Liste de lecture")
    actor = Actor(voter)
    selectors.content_actions(actor, content)  # the actor's memberships are read once, by the rules
    with django_assert_num_queries(3):  # votes (the total and the member's), bookmark, lists
        mine = selectors.content_actions(actor, content)
    assert (mine["useful_count"], mine["voted"], mine["bookmarked"]) == (1, True, True)
    assert [p["name"] for p in mine["playlists"]] == ["Gestes", "Lectures"]  # by name
    theirs = selectors.content_actions(Actor(reader), content)
    assert (theirs["useful_count"], theirs["voted"], theirs["bookmarked"]) == (1, False, False)
    assert [p["name"] for p in theirs["playlists"]] == ["Liste de lecture"]
    # The reader's vote on another piece counts there, not here; a visitor sees the count only.
    assert selectors.content_actions(Actor(reader), other)["voted"] is True
    visitor = selectors.content_actions(Actor(None), content)
    assert (visitor["useful_count"], visitor["voted"], visitor["bookmarked"], visitor["playlists"]) == (
        1, False, False, [])
    # Nothing is kept between reads: a vote withdrawn and a bookmark removed show at once.
    ContentVote.objects.filter(user=voter).delete()
    Bookmark.objects.filter(user=voter).delete()
    again = selectors.content_actions(Actor(voter), content)
    assert (again["useful_count"], again["voted"], again["bookmarked"]) == (0, False, False)


def test_the_thread_pages_compiled_question_read_gives_what_the_orm_gives_and_each_change_at_once(
    personas, django_assert_num_queries
) -> None:
    """`question_for` reads the question, its content, the content's author, the asker and the accepted answer with
    SQL compiled once per process: the same fields and joined rows as the ORM's `select_related` read, and an edit,
    a newly accepted answer or another question read afterwards come from the database, never from a kept row."""
    from ..models import Question

    content = make_content(personas.verified_gp)
    question = make_question(content, personas.outsider, anonymous=True)
    other = make_question(content, personas.reviewer, body="Une autre question")
    actor = Actor(personas.verified_gp)

    def orm(pk):
        return Question.objects.select_related("content", "content__author", "author", "accepted_answer").get(pk=pk)

    def fields(obj):
        return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}

    with django_assert_num_queries(1):
        read = selectors.question_for(actor, question.pk)
    expected = orm(question.pk)
    assert fields(read) == fields(expected)
    assert fields(read.content) == fields(expected.content) and fields(read.author) == fields(expected.author)
    assert read.accepted_answer is None and read.shown_author is None  # anonymous to another member
    with django_assert_num_queries(0):  # every joined row is there, as select_related leaves it
        read.content.author.email, read.author.email  # noqa: B018
    [accepted] = make_answers(question, [personas.facilitator], 1)
    Question.objects.filter(pk=question.pk).update(body="Texte corrigé", accepted_answer=accepted)
    again = selectors.question_for(actor, question.pk)
    assert again.body == "Texte corrigé" and again.accepted_answer == accepted
    assert fields(again.accepted_answer) == fields(orm(question.pk).accepted_answer)
    assert selectors.question_for(actor, other.pk).body == "Une autre question"
    assert selectors.question_for(Actor(personas.outsider), question.pk).shown_author == personas.outsider
    assert selectors.question_for(actor, 2**63) is None and selectors.question_for(actor, other.pk + 1000) is None
