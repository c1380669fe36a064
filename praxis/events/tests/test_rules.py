"""Truth tables of the events rules, persona by persona."""

from datetime import timedelta

import pytest

from praxis.core.actor import Actor
from praxis.events import rules
from praxis.events.models import Event, Registration, WhitePaper
from praxis.testing import PERSONA_NAMES

from .factories import make_event, make_piece, make_registration, make_white_paper

pytestmark = pytest.mark.django_db

ORGANISERS = {"institution_admin", "moderator", "platform_admin"}


def _actor(personas, name):
    return Actor(personas.users[name])


def test_who_may_create_an_event(personas):
    table = {name: rules.can_create_event(_actor(personas, name)) for name in PERSONA_NAMES}
    assert table == {name: name not in {"anonymous", "unverified_member"} for name in PERSONA_NAMES}


def test_a_trainer_organises_for_the_institution_but_staff_do_not(personas):
    from praxis.testing import make_institution_member, make_member

    trainer = make_member("trainer@example.test", status="pending")
    make_institution_member(personas.institution, trainer, "trainer")
    event = make_event(personas.institution_admin, institution=personas.institution)
    assert rules.can_create_event(Actor(trainer)) and rules.can_manage_event(Actor(trainer), event)
    assert not rules.can_manage_event(_actor(personas, "institution_staff"), event)


def test_who_manages_an_institution_event(personas):
    event = make_event(personas.institution_admin, institution=personas.institution)
    table = {name: rules.can_manage_event(_actor(personas, name), event) for name in PERSONA_NAMES}
    assert table == {name: name in ORGANISERS for name in PERSONA_NAMES}


def test_the_member_who_created_an_event_manages_it(personas):
    event = make_event(personas.verified_gp)
    table = {name: rules.can_manage_event(_actor(personas, name), event) for name in PERSONA_NAMES}
    assert table == {name: name in {"verified_gp", "moderator", "platform_admin"} for name in PERSONA_NAMES}


def test_who_may_register(personas):
    event = make_event(personas.institution_admin)
    cancelled = make_event(personas.institution_admin, status=Event.Status.CANCELLED)
    for name in PERSONA_NAMES:
        assert rules.can_register(_actor(personas, name), event) is (name != "anonymous")
        assert not rules.can_register(_actor(personas, name), cancelled)


def test_only_a_seat_holder_or_an_organiser_sees_the_join_link(personas):
    event = make_event(personas.institution_admin, institution=personas.institution, kind=Event.Kind.WEBINAR,
                       online_url="https://visio.example.org/x", is_online=True)
    seats = {"verified_gp": make_registration(event, personas.verified_gp),
             "outsider": make_registration(event, personas.outsider, Registration.Status.WAITLISTED)}
    table = {name: rules.can_see_join_link(_actor(personas, name), event, seats.get(name)) for name in PERSONA_NAMES}
    assert table == {name: name in ORGANISERS | {"verified_gp"} for name in PERSONA_NAMES}


def test_a_registration_is_cancelled_by_its_member_before_the_start_only(personas):
    upcoming = make_registration(make_event(personas.institution_admin), personas.verified_gp)
    started = make_registration(make_event(personas.institution_admin, starts_in=timedelta(minutes=-5)),
                                personas.verified_gp)
    table = {name: rules.can_cancel_registration(_actor(personas, name), upcoming) for name in PERSONA_NAMES}
    assert table == {name: name == "verified_gp" for name in PERSONA_NAMES}
    assert not rules.can_cancel_registration(_actor(personas, "verified_gp"), started)


def test_attendance_is_marked_by_organisers_once_the_event_started(personas):
    upcoming = make_event(personas.institution_admin, institution=personas.institution)
    started = make_event(personas.institution_admin, institution=personas.institution,
                         starts_in=timedelta(hours=-1))
    for name in PERSONA_NAMES:
        assert not rules.can_mark_attendance(_actor(personas, name), upcoming)
        assert rules.can_mark_attendance(_actor(personas, name), started) is (name in ORGANISERS)


def test_which_white_papers_each_persona_sees(personas):
    seminar = make_event(personas.institution_admin, institution=personas.institution, kind=Event.Kind.SEMINAR)
    published = make_white_paper(seminar, personas.institution_admin, status=WhitePaper.Status.PUBLISHED)
    submitted = make_white_paper(seminar, personas.institution_admin, status=WhitePaper.Status.SUBMITTED)
    draft = make_white_paper(seminar, personas.institution_admin)
    expected_extra = {"reviewer": {submitted.pk}, "institution_admin": {submitted.pk, draft.pk},
                      "moderator": {submitted.pk, draft.pk}, "platform_admin": {submitted.pk, draft.pk}}
    for name in PERSONA_NAMES:
        seen = set(rules.white_papers_visible_to(_actor(personas, name)).values_list("pk", flat=True))
        assert seen == {published.pk} | expected_extra.get(name, set()), name


def test_who_reviews_a_submitted_white_paper(personas):
    seminar = make_event(personas.institution_admin, institution=personas.institution, kind=Event.Kind.SEMINAR)
    submitted = make_white_paper(seminar, personas.institution_admin, status=WhitePaper.Status.SUBMITTED)
    draft = make_white_paper(seminar, personas.institution_admin)
    table = {name: rules.can_review_white_paper(_actor(personas, name), submitted) for name in PERSONA_NAMES}
    assert table == {name: name in {"reviewer", "moderator", "platform_admin"} for name in PERSONA_NAMES}
    assert not any(rules.can_review_white_paper(_actor(personas, name), draft) for name in PERSONA_NAMES)


def test_who_edits_a_white_paper_by_status(personas):
    seminar = make_event(personas.institution_admin, institution=personas.institution, kind=Event.Kind.SEMINAR)
    for status in WhitePaper.Status.values:
        paper = make_white_paper(seminar, personas.institution_admin, status=status)
        editable = status in {WhitePaper.Status.DRAFT, WhitePaper.Status.CHANGES_REQUESTED}
        table = {name: rules.can_edit_white_paper(_actor(personas, name), paper) for name in PERSONA_NAMES}
        assert table == {name: editable and name in ORGANISERS for name in PERSONA_NAMES}, status


def test_seminar_pieces_are_seen_with_their_seminar(personas):
    seminar = make_event(personas.institution_admin, institution=personas.institution, kind=Event.Kind.SEMINAR)
    hidden = make_event(personas.institution_admin, institution=personas.institution, kind=Event.Kind.SEMINAR,
                        status=Event.Status.UNPUBLISHED)
    shown = make_piece(seminar, personas.institution_admin)
    withheld = make_piece(hidden, personas.institution_admin)
    # An unpublished seminar is seen by moderators and the member who created it (events_visible_to), so are its pieces.
    with_hidden = {"moderator", "platform_admin", "institution_admin"}
    for name in PERSONA_NAMES:
        seen = set(rules.pieces_visible_to(_actor(personas, name)).values_list("pk", flat=True))
        assert seen == {shown.pk} | ({withheld.pk} if name in with_hidden else set()), name
