"""Truth tables of the learning rules, persona by persona."""

import pytest
from django.core.exceptions import PermissionDenied

from praxis.core.actor import Actor
from praxis.learning import rules
from praxis.learning.models import PublicationStatus, Visibility
from praxis.testing import PERSONA_NAMES, make_institution, make_institution_member, make_member

from .factories import make_course, make_enrolment, make_text_lesson

pytestmark = pytest.mark.django_db

MEMBERS = set(PERSONA_NAMES) - {"anonymous"}
STAFF = {"institution_admin", "institution_staff"}


def _table(personas, decide):
    return {name: decide(Actor(personas.users[name])) for name in PERSONA_NAMES}


def _visible(personas, course):
    return _table(personas, lambda actor: rules.courses_visible_to(actor).filter(pk=course.pk).exists())


def test_an_open_course_is_visible_to_every_member(personas):
    course = make_course(make_institution())
    assert _visible(personas, course) == {name: name in MEMBERS for name in PERSONA_NAMES}


def test_an_internal_course_is_visible_to_its_staff_and_the_platform_admins_only(personas):
    course = make_course(personas.institution, visibility=Visibility.INTERNAL)
    assert _visible(personas, course) == {name: name in STAFF | {"platform_admin"} for name in PERSONA_NAMES}


def test_a_shared_course_is_visible_to_the_staff_of_the_institutions_it_is_shared_with(personas):
    course = make_course(make_institution("CHU partenaire"), visibility=Visibility.SHARED,
                         shared_with=[personas.institution])
    assert _visible(personas, course) == {name: name in STAFF | {"platform_admin"} for name in PERSONA_NAMES}


def test_a_draft_is_visible_to_its_authors_only(personas):
    trainer = make_member("trainer@example.test")
    make_institution_member(personas.institution, trainer, "trainer")
    course = make_course(personas.institution, status=PublicationStatus.DRAFT)
    assert _visible(personas, course) == {name: name in {"institution_admin", "platform_admin"}
                                          for name in PERSONA_NAMES}
    assert rules.courses_visible_to(Actor(trainer)).filter(pk=course.pk).exists()


def test_an_archived_version_stays_visible_to_its_learners(personas):
    course = make_course(personas.institution, status=PublicationStatus.ARCHIVED)
    make_enrolment(course, personas.outsider)
    assert _visible(personas, course) == {name: name in {"outsider", "institution_admin", "platform_admin"}
                                          for name in PERSONA_NAMES}


def test_who_may_enrol(personas):
    open_course = make_course(make_institution())
    internal = make_course(personas.institution, visibility=Visibility.INTERNAL)
    draft = make_course(personas.institution, status=PublicationStatus.DRAFT)
    assert _table(personas, lambda a: rules.can_enrol(a, open_course)) == {n: n in MEMBERS for n in PERSONA_NAMES}
    assert _table(personas, lambda a: rules.can_enrol(a, internal)) == {n: n in STAFF for n in PERSONA_NAMES}
    assert not any(_table(personas, lambda a: rules.can_enrol(a, draft)).values())
    with pytest.raises(PermissionDenied):
        rules.check_enrol(Actor(personas.outsider), internal)


def test_who_edits_a_course(personas):
    trainer, other_trainer = make_member("trainer@example.test"), make_member("trainer2@example.test")
    make_institution_member(personas.institution, trainer, "trainer")
    make_institution_member(make_institution(), other_trainer, "trainer")
    course = make_course(personas.institution)
    platform_course = make_course(None)
    assert _table(personas, lambda a: rules.can_edit_course(a, course)) == {
        n: n in {"institution_admin", "platform_admin"} for n in PERSONA_NAMES}
    assert _table(personas, lambda a: rules.can_edit_course(a, platform_course)) == {
        n: n == "platform_admin" for n in PERSONA_NAMES}
    assert rules.can_edit_course(Actor(trainer), course)
    assert not rules.can_edit_course(Actor(other_trainer), course)
    assert _table(personas, rules.can_author_courses) == {
        n: n in {"institution_admin", "platform_admin"} for n in PERSONA_NAMES}


def test_a_lesson_opens_to_its_learner_once_its_prerequisite_is_done(personas):
    course = make_course(None)
    first = make_text_lesson(course)
    second = make_text_lesson(course, prerequisite=first)
    enrolment = make_enrolment(course, personas.verified_gp)
    gp, other = Actor(personas.verified_gp), Actor(personas.outsider)
    assert rules.can_follow_lesson(gp, enrolment, first, set())
    assert not rules.can_follow_lesson(gp, enrolment, second, set())
    assert rules.can_follow_lesson(gp, enrolment, second, {first.pk})
    assert not rules.can_follow_lesson(other, enrolment, first, set())
    assert not rules.can_follow_lesson(gp, None, first, set())
