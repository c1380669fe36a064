"""Truth tables: who may submit, claim, decide, read the history, flag, moderate."""

import pytest

from praxis.content.models import Content
from praxis.core.actor import Actor
from praxis.testing import PERSONA_NAMES

from .. import rules
from .factories import make_competence, make_content, make_flag, make_submission, make_theme


@pytest.fixture
def world(personas):
    theme = make_theme()
    make_competence(personas.reviewer, theme)
    return personas, theme


def actor(personas, name: str) -> Actor:
    return Actor(personas.users[name])


def table(personas, check) -> set[str]:
    """The personas for whom `check(actor)` is true."""
    return {name for name in PERSONA_NAMES if check(actor(personas, name))}


def test_only_the_verified_author_submits_a_draft_or_a_piece_sent_back(world) -> None:
    personas, theme = world
    for status in [Content.Status.DRAFT, Content.Status.CHANGES_REQUESTED]:
        content = make_content(personas.verified_gp, status=status, themes=[theme])
        assert table(personas, lambda a, c=content: rules.can_submit(a, c)) == {"verified_gp"}
    for status in [Content.Status.SUBMITTED, Content.Status.IN_REVIEW, Content.Status.PUBLISHED,
                   Content.Status.REJECTED, Content.Status.SUPERSEDED, Content.Status.UNPUBLISHED]:
        content = make_content(personas.verified_gp, status=status, themes=[theme])
        assert table(personas, lambda a, c=content: rules.can_submit(a, c)) == set()


def test_an_author_whose_verification_was_withdrawn_cannot_submit(world) -> None:
    personas, theme = world
    content = make_content(personas.unverified_member, status=Content.Status.DRAFT, themes=[theme])
    assert not rules.can_submit(actor(personas, "unverified_member"), content)


def test_only_reviewers_see_the_queue(world) -> None:
    personas, _theme = world
    assert table(personas, rules.can_view_queue) == {"reviewer"}


def test_only_a_competent_reviewer_claims_a_waiting_submission(world) -> None:
    personas, theme = world
    submission = make_submission(personas.verified_gp, theme)
    assert table(personas, lambda a: rules.can_claim(a, submission)) == {"reviewer"}


def test_a_reviewer_without_the_theme_cannot_claim(world) -> None:
    personas, _theme = world
    other = make_theme("Pédiatrie")
    submission = make_submission(personas.verified_gp, other)
    assert not rules.can_claim(actor(personas, "reviewer"), submission)


def test_a_reviewer_never_reviews_their_own_content(world) -> None:
    personas, theme = world
    submission = make_submission(personas.reviewer, theme)
    assert not rules.is_competent_reviewer(actor(personas, "reviewer"), submission.content)
    assert not rules.can_claim(actor(personas, "reviewer"), submission)
    assert not rules.can_view_submission(actor(personas, "reviewer"), submission)


def test_only_the_reviewer_who_claimed_decides(world) -> None:
    personas, theme = world
    waiting = make_submission(personas.verified_gp, theme)
    claimed = make_submission(personas.verified_gp, theme, reviewer=personas.reviewer)
    assert table(personas, lambda a: rules.can_decide(a, waiting)) == set()
    assert table(personas, lambda a: rules.can_decide(a, claimed)) == {"reviewer"}


def test_history_is_for_the_author_competent_reviewers_and_moderators(world) -> None:
    personas, theme = world
    content = make_content(personas.verified_gp, themes=[theme])
    assert table(personas, lambda a: rules.can_view_history(a, content)) == {
        "verified_gp", "reviewer", "moderator", "platform_admin"}


def test_members_who_see_a_published_piece_flag_it_but_not_its_author(world) -> None:
    personas, theme = world
    public = make_content(personas.verified_gp, themes=[theme])
    assert table(personas, lambda a: rules.can_flag(a, public)) == set(PERSONA_NAMES) - {"anonymous", "verified_gp"}
    verified_only = make_content(personas.verified_gp, themes=[theme], visibility=Content.Visibility.VERIFIED)
    assert "unverified_member" not in table(personas, lambda a: rules.can_flag(a, verified_only))
    draft = make_content(personas.verified_gp, status=Content.Status.DRAFT, themes=[theme])
    assert table(personas, lambda a: rules.can_flag(a, draft)) == set()


def test_only_moderators_moderate_and_unpublish_published_pieces(world) -> None:
    personas, theme = world
    content = make_content(personas.verified_gp, themes=[theme])
    flag = make_flag(content, personas.outsider)
    assert table(personas, rules.can_moderate) == {"moderator", "platform_admin"}
    assert table(personas, lambda a: rules.can_dismiss_flag(a, flag)) == {"moderator", "platform_admin"}
    assert table(personas, lambda a: rules.can_unpublish(a, content)) == {"moderator", "platform_admin"}
    draft = make_content(personas.verified_gp, status=Content.Status.DRAFT, themes=[theme])
    assert table(personas, lambda a: rules.can_unpublish(a, draft)) == set()


def test_a_submission_is_offered_to_the_competent_reviewers_but_not_its_author(world) -> None:
    from praxis.testing import make_member

    from .. import selectors

    personas, theme = world
    colleague = make_member(is_reviewer=True)
    make_competence(colleague, theme)
    make_competence(make_member(is_reviewer=True), make_theme("Pédiatrie"))
    submission = make_submission(personas.reviewer, theme)
    assert list(selectors.reviewers_for(submission.content)) == [colleague]
