"""Reminders before the due date and before a completion expires (60, 30 and 7 days by default), each sent once;
invited staff get theirs once they have joined."""

from datetime import timedelta

import pytest
from django.utils import timezone

from praxis.core.actor import Actor
from praxis.learning import services as learning_services
from praxis.learning.mandatory import rules, services
from praxis.learning.mandatory.models import Department, Reminder, StaffAssignment, StaffMember
from praxis.learning.tests.factories import make_course
from praxis.testing import make_institution_member, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def hospital(personas):
    institution = personas.institution
    department = Department.objects.create(institution=institution, name="Urgences")
    nurse = make_member("nurse@chu.test")
    make_institution_member(institution, nurse)
    staff = StaffMember.objects.create(institution=institution, email=nurse.email, user=nurse, first_name="Ana",
                                       last_name="Nurse", department=department)
    admin = Actor(personas.institution_admin)
    return {"institution": institution, "department": department, "nurse": nurse, "staff": staff, "admin": admin,
            "scope": rules.check_scope(admin, institution.pk)}


def _assign(h, course, **data):
    assignment, _n = services.assignment_create(actor=h["admin"], scope=h["scope"], institution=h["institution"],
                                                data={"course": course, "target": "everyone", "auto_assign": True,
                                                      **data})
    return assignment


def _complete(user, course):
    actor = Actor(user)
    enrolment = learning_services.enrolment_create(actor=actor, course=course)
    for lesson in course.lessons.all():
        learning_services.lesson_acknowledge(actor=actor, enrolment=enrolment, lesson=lesson)


def _send_all(day):
    due = services.reminders_due(day)
    for record_id, kind in due:
        assert services.reminder_send(record_id=record_id, kind=kind) is True
    return [kind for _pk, kind in due]


def test_by_default_reminders_come_60_30_and_7_days_before_the_due_date_then_once_overdue(hospital, settings):
    assert settings.LEARNING_REMINDER_DAYS == [60, 30, 7]
    today = timezone.localdate()
    _assign(hospital, make_course(hospital["institution"], lessons=1), due_on=today + timedelta(days=70))
    assert _send_all(today) == []
    assert _send_all(today + timedelta(days=10)) == ["due-60"]
    assert _send_all(today + timedelta(days=11)) == []  # once
    assert _send_all(today + timedelta(days=40)) == ["due-30"]
    assert _send_all(today + timedelta(days=63)) == ["due-7"]
    assert _send_all(today + timedelta(days=70)) == []
    assert _send_all(today + timedelta(days=71)) == ["overdue"]
    assert _send_all(today + timedelta(days=90)) == []
    assert sorted(Reminder.objects.values_list("kind", flat=True)) == ["due-30", "due-60", "due-7", "overdue"]


def test_the_days_are_a_setting(hospital, settings):
    settings.LEARNING_REMINDER_DAYS = [14]
    today = timezone.localdate()
    _assign(hospital, make_course(hospital["institution"], lessons=1), due_on=today + timedelta(days=70))
    assert _send_all(today + timedelta(days=10)) == []
    assert _send_all(today + timedelta(days=56)) == ["due-14"]


def test_a_certificate_that_expires_is_reminded_60_30_and_7_days_before_once_each(hospital):
    course = make_course(hospital["institution"], lessons=1, certificate_validity_months=12)
    assignment = _assign(hospital, course, due_days=30)
    _complete(hospital["nurse"], course)
    record = StaffAssignment.objects.get(assignment=assignment)
    assert record.valid_until is not None
    expiry = record.valid_until
    assert _send_all(expiry - timedelta(days=61)) == []
    assert _send_all(expiry - timedelta(days=60)) == ["expiry-60"]
    assert services.reminder_send(record_id=record.pk, kind="expiry-60") is False  # sent once
    assert _send_all(expiry - timedelta(days=45)) == []
    assert _send_all(expiry - timedelta(days=30)) == ["expiry-30"]
    assert _send_all(expiry - timedelta(days=7)) == ["expiry-7"]
    assert _send_all(expiry) == []
    assert _send_all(expiry + timedelta(days=1)) == []  # an expired completion is not reminded again


def test_a_recurring_round_reopened_takes_over_the_expiry_reminders_without_saying_anything_twice(hospital, settings):
    settings.LEARNING_RENEW_DAYS_BEFORE = 30
    course = make_course(hospital["institution"], lessons=1)
    assignment = _assign(hospital, course, due_days=30, recurrence_months=12)
    _complete(hospital["nurse"], course)
    first = StaffAssignment.objects.get(assignment=assignment)
    lapse = first.valid_until
    assert lapse is not None
    assert _send_all(lapse - timedelta(days=60)) == ["expiry-60"]
    assert services.renew_due(lapse - timedelta(days=30)) == 1
    assert services.reminders_due(lapse - timedelta(days=30)) == [
        (StaffAssignment.objects.get(assignment=assignment, cycle=2).pk, "due-30")]


def test_invited_staff_get_their_reminders_once_they_join(hospital, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    course = make_course(hospital["institution"], lessons=1)
    invited = StaffMember.objects.create(institution=hospital["institution"], email="new@chu.test",
                                         first_name="Noa", last_name="New", department=hospital["department"])
    already_member = make_member("elsewhere@chu.test")  # a Praxis member on the list, not yet on the staff
    listed = StaffMember.objects.create(institution=hospital["institution"], email=already_member.email,
                                        user=already_member, first_name="Eli", last_name="Else",
                                        department=hospital["department"])
    assignment = _assign(hospital, course, due_on=today + timedelta(days=20))
    rounds = {r.staff_id: r for r in StaffAssignment.objects.filter(assignment=assignment)}
    assert set(rounds) == {hospital["staff"].pk, invited.pk, listed.pk}  # everyone's round waits for them
    assert [pk for pk, _kind in services.reminders_due(today)] == [rounds[hospital["staff"].pk].pk]
    user = make_member("new@chu.test")
    with django_capture_on_commit_callbacks(execute=True):
        make_institution_member(hospital["institution"], user)
        make_institution_member(hospital["institution"], already_member)
    invited.refresh_from_db()
    assert invited.user == user
    assert StaffAssignment.objects.filter(assignment=assignment).count() == 3  # the same rounds, not new ones
    assert sorted(services.reminders_due(today)) == sorted(
        (rounds[pk].pk, "due-30") for pk in (hospital["staff"].pk, invited.pk, listed.pk))
