"""Truth tables of the content rules the pages rely on."""

import pytest

from praxis.content import rules
from praxis.content.models import Content
from praxis.core.actor import Actor
from praxis.testing import make_institution, make_member

from .pages_factories import make_content

PERSONAS = ["anonymous", "unverified_member", "verified_gp", "outsider", "reviewer", "moderator",
            "institution_admin", "institution_staff", "facilitator", "platform_admin"]


@pytest.fixture
def pieces(personas):
    author = make_member("auteur.regles@example.test")
    return {
        "public": make_content(author),
        "verified": make_content(author, visibility=Content.Visibility.VERIFIED),
        "institution": make_content(author, visibility=Content.Visibility.INSTITUTION,
                                    institution=personas.institution),
        "community": make_content(author, visibility=Content.Visibility.COMMUNITY, community=personas.community),
        "submitted": make_content(author, status=Content.Status.SUBMITTED),
        "draft": make_content(author, status=Content.Status.DRAFT),
    }


FULL_VIEW = {
    "public": {"unverified_member", "verified_gp", "outsider", "reviewer", "moderator", "institution_admin",
               "institution_staff", "facilitator", "platform_admin"},
    "verified": {"verified_gp", "outsider", "reviewer", "moderator", "institution_admin", "institution_staff",
                 "facilitator", "platform_admin"},
    "institution": {"institution_admin", "institution_staff", "moderator", "platform_admin"},
    "community": {"facilitator", "moderator", "platform_admin"},
    "submitted": {"reviewer", "moderator", "platform_admin"},
    "draft": {"moderator", "platform_admin"},
}


@pytest.mark.parametrize("piece", list(FULL_VIEW))
def test_who_sees_the_full_content(personas, pieces, piece: str) -> None:
    allowed = {name for name in PERSONAS if rules.can_view_full_content(Actor(personas.users[name]), pieces[piece])}
    assert allowed == FULL_VIEW[piece]


def test_the_page_check_in_python_agrees_with_the_sql_audience(personas, pieces) -> None:
    """`can_view_content` decides on the loaded piece; lists use `contents_visible_to` in SQL: same answers."""
    other_institution = make_content(make_member("autre.auteur@example.test"),
                                     visibility=Content.Visibility.INSTITUTION,
                                     institution=make_institution("Autre hôpital"))
    revision = make_content(pieces["public"].author, revision_of=pieces["public"])
    published = {**{name: piece for name, piece in pieces.items() if name in {"public", "verified", "institution",
                                                                            "community"}},
                 "other_institution": other_institution, "revision": revision}
    for name in PERSONAS:
        actor = Actor(personas.users[name])
        in_sql = set(rules.contents_visible_to(actor).values_list("pk", flat=True))
        for label, piece in published.items():
            if actor.is_moderator or piece.author_id == actor.id:
                continue  # moderators and authors see their own whatever the audience
            assert rules.can_view_content(actor, piece) == (piece.pk in in_sql), (name, label)
            if piece.revision_of_id is None:  # revisions are never indexed
                # The search index stores each piece's audience key and filters on the actor's keys: same answers.
                reached = rules.audience_key(piece) in actor.audience_keys
                assert reached == (piece.pk in in_sql), (name, label)


def test_anonymous_visitors_see_only_the_teaser_of_public_content(personas, pieces) -> None:
    anonymous = Actor(None)
    assert rules.can_view_content(anonymous, pieces["public"])
    assert not rules.can_view_full_content(anonymous, pieces["public"])
    assert not rules.can_view_content(anonymous, pieces["verified"])


def test_only_verified_professionals_create(personas) -> None:
    creators = {name for name in PERSONAS if rules.can_create_content(Actor(personas.users[name]))}
    assert creators == set(PERSONAS) - {"anonymous", "unverified_member"}


@pytest.mark.parametrize("status,editable", [
    (Content.Status.DRAFT, True), (Content.Status.CHANGES_REQUESTED, True), (Content.Status.PUBLISHED, True),
    (Content.Status.SUBMITTED, False), (Content.Status.IN_REVIEW, False), (Content.Status.SUPERSEDED, False),
])
def test_the_author_edits_unless_the_piece_is_with_a_reviewer(personas, status: str, editable: bool) -> None:
    piece = make_content(personas.verified_gp, status=status)
    assert rules.can_edit_content(Actor(personas.verified_gp), piece) is editable
    assert not rules.can_edit_content(Actor(personas.moderator), piece)
    assert rules.editable_in_place(piece) is (status != Content.Status.PUBLISHED)


def test_authors_address_only_their_own_institutions_and_communities(personas) -> None:
    staff, facilitator, outsider = (Actor(personas.users[n]) for n in ("institution_staff", "facilitator", "outsider"))
    institution, community = personas.institution.pk, personas.community.pk
    assert rules.can_target_audience(staff, "institution", institution, None)
    assert not rules.can_target_audience(outsider, "institution", institution, None)
    assert rules.can_target_audience(facilitator, "community", None, community)
    assert not rules.can_target_audience(staff, "community", None, community)
    assert rules.can_target_audience(outsider, "verified", None, None)
    assert not rules.can_target_audience(outsider, "nonsense", None, None)
