"""Truth tables of discussions: who reads, posts, accepts, votes, bookmarks, and who knows an anonymous asker."""

import pytest

from praxis.content.models import Content
from praxis.core.actor import Actor
from praxis.testing import PERSONA_NAMES

from .. import rules
from ..models import Answer
from .factories import make_content, make_playlist, make_question

MEMBERS = set(PERSONA_NAMES) - {"anonymous"}
VERIFIED = MEMBERS - {"unverified_member"}


def table(personas, check) -> set[str]:
    return {name for name in PERSONA_NAMES if check(Actor(personas.users[name]))}


@pytest.fixture
def public(personas):
    return make_content(personas.verified_gp)


def test_members_read_the_discussion_of_public_content(personas, public) -> None:
    assert table(personas, lambda a: rules.can_read_discussion(a, public)) == MEMBERS


def test_only_verified_professionals_post(personas, public) -> None:
    assert table(personas, lambda a: rules.can_post(a, public)) == VERIFIED


def test_the_institution_audience_alone_discusses_institution_content(personas) -> None:
    content = make_content(personas.institution_admin, visibility=Content.Visibility.INSTITUTION,
                           institution=personas.institution)
    assert table(personas, lambda a: rules.can_read_discussion(a, content)) == {
        "institution_admin", "institution_staff", "moderator", "platform_admin"}


def test_nobody_posts_under_unpublished_content(personas) -> None:
    content = make_content(personas.verified_gp, status=Content.Status.UNPUBLISHED)
    assert table(personas, lambda a: rules.can_post(a, content)) == set()


def test_an_anonymous_asker_is_known_only_to_themselves_and_moderators(personas, public) -> None:
    question = make_question(public, personas.outsider, anonymous=True)
    assert table(personas, lambda a: rules.can_see_identity(a, question)) == {
        "outsider", "moderator", "platform_admin"}
    named = make_question(public, personas.outsider)
    assert table(personas, lambda a: rules.can_see_identity(a, named)) == set(PERSONA_NAMES)


def test_the_asker_or_the_content_author_accepts(personas, public) -> None:
    question = make_question(public, personas.outsider)
    answer = Answer.objects.create(question=question, author=personas.reviewer, body="Oui.")
    assert table(personas, lambda a: rules.can_accept(a, answer)) == {"outsider", "verified_gp"}


def test_no_vote_for_oneself(personas, public) -> None:
    question = make_question(public, personas.outsider)
    answer = Answer.objects.create(question=question, author=personas.reviewer, body="Oui.")
    assert table(personas, lambda a: rules.can_vote_content(a, public)) == VERIFIED - {"verified_gp"}
    assert table(personas, lambda a: rules.can_vote_answer(a, answer)) == VERIFIED - {"reviewer"}


def test_members_bookmark_and_only_owners_edit_playlists(personas, public) -> None:
    assert table(personas, lambda a: rules.can_bookmark(a, public)) == MEMBERS
    playlist = make_playlist(personas.facilitator)
    assert table(personas, lambda a: rules.can_edit_playlist(a, playlist)) == {"facilitator"}
