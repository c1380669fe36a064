"""Yearly calendar windows ("hand hygiene every year in March"): due dates at the end of the window, across years,
over New Year and in Brussels time; the form in French and Dutch."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.urls import reverse

from praxis.core.actor import Actor
from praxis.learning import services as learning_services
from praxis.learning.mandatory import rules, services
from praxis.learning.mandatory.models import Assignment, Department, StaffAssignment, StaffMember
from praxis.learning.mandatory.windows import YearlyWindow
from praxis.learning.models import Enrolment
from praxis.learning.tests.factories import make_course
from praxis.testing import make_institution_member, make_member

MARCH = YearlyWindow.whole_month(3)
WINTER = YearlyWindow(12, 1, 1, 31)  # 1 December – 31 January, over New Year


def test_a_completion_counts_until_the_end_of_the_first_window_starting_after_it():
    assert MARCH.counts_until(date(2026, 3, 15)) == date(2027, 3, 31)
    assert MARCH.counts_until(date(2026, 3, 1)) == date(2027, 3, 31)  # the first day of the window is in it
    assert MARCH.counts_until(date(2026, 5, 10)) == date(2027, 3, 31)
    assert MARCH.counts_until(date(2026, 2, 10)) == date(2026, 3, 31)  # before this year's window
    assert MARCH.counts_until(date(2026, 12, 31)) == date(2027, 3, 31)


def test_a_window_over_new_year_belongs_to_the_year_it_ends_in():
    assert WINTER.wraps and WINTER.start_of(date(2027, 1, 31)) == date(2026, 12, 1)
    assert WINTER.first_end_on_or_after(date(2026, 11, 15)) == date(2027, 1, 31)
    assert WINTER.counts_until(date(2026, 12, 31)) == date(2028, 1, 31)
    assert WINTER.counts_until(date(2027, 1, 1)) == date(2028, 1, 31)
    assert WINTER.counts_until(date(2026, 11, 30)) == date(2027, 1, 31)


def test_the_29th_of_february_is_the_28th_in_other_years():
    february = YearlyWindow.whole_month(2)
    assert february.end_in(2027) == date(2027, 2, 28) and february.end_in(2028) == date(2028, 2, 29)
    assert february.counts_until(date(2028, 2, 29)) == date(2029, 2, 28)


def test_the_next_round_opens_sixty_days_before_the_end_or_when_the_window_starts():
    assert MARCH.opens_on(date(2027, 3, 31), 60) == date(2027, 1, 30)
    assert MARCH.renewal_horizon(date(2027, 1, 29), 60) == date(2026, 3, 31)
    assert MARCH.renewal_horizon(date(2027, 1, 30), 60) == date(2027, 3, 31)
    spring = YearlyWindow(1, 1, 6, 30)  # a long window: the round opens when it starts
    assert spring.opens_on(date(2027, 6, 30), 60) == date(2027, 1, 1)
    assert spring.renewal_horizon(date(2026, 12, 31), 60) == date(2026, 6, 30)
    assert spring.renewal_horizon(date(2027, 1, 1), 60) == date(2027, 6, 30)


@pytest.fixture
def hospital(db, personas):
    institution = personas.institution
    department = Department.objects.create(institution=institution, name="Urgences")
    people = {}
    for name in ("nurse", "doctor"):
        user = make_member(f"{name}@chu.test")
        make_institution_member(institution, user)
        people[name] = (user, StaffMember.objects.create(institution=institution, email=user.email, user=user,
                                                          first_name=name, last_name="Test", department=department,
                                                          joined_on=date(2025, 1, 1)))
    admin = Actor(personas.institution_admin)
    return {"institution": institution, "people": people, "admin": admin,
            "scope": rules.check_scope(admin, institution.pk), "course": make_course(institution, lessons=1)}


def _assign(h, window, **data):
    assignment, _n = services.assignment_create(
        actor=h["admin"], scope=h["scope"], institution=h["institution"],
        data={"course": h["course"], "target": "everyone", "auto_assign": True, "window": window, **data})
    return assignment


def _complete_at(user, course, moment):
    with time_machine.travel(moment, tick=False):
        actor = Actor(user)
        enrolment = learning_services.enrolment_create(actor=actor, course=course)
        for lesson in course.lessons.all():
            learning_services.lesson_acknowledge(actor=actor, enrolment=enrolment, lesson=lesson)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    return enrolment


def _rounds(assignment, staff):
    return list(StaffAssignment.objects.filter(assignment=assignment, staff=staff).order_by("cycle"))


def test_a_march_assignment_is_due_at_the_end_of_march_and_reopens_every_year(hospital):
    user, staff = hospital["people"]["nurse"]
    with time_machine.travel(datetime(2026, 1, 10, 9, 0, tzinfo=UTC), tick=False):
        assignment = _assign(hospital, MARCH)
    assert assignment.window == MARCH and assignment.due_on is None and assignment.due_days is None
    [first] = _rounds(assignment, staff)
    assert first.due_on == date(2026, 3, 31)
    # 23:30 UTC on 28 February is 00:30 on 1 March in Brussels: done in the window
    _complete_at(user, hospital["course"], datetime(2026, 2, 28, 23, 30, tzinfo=UTC))
    first.refresh_from_db()
    assert first.valid_until == date(2027, 3, 31)
    assert services.renew_due(date(2027, 1, 29)) == 0
    assert services.renew_due(date(2027, 1, 30)) == 1
    assert services.renew_due(date(2027, 2, 15)) == 0  # once
    first_again, second = _rounds(assignment, staff)
    assert second.due_on == date(2027, 3, 31) and first_again.completed_at and not first_again.is_current
    # done early, in February 2027, before the window: it serves the 2027 round, next due in March 2028
    _complete_at(user, hospital["course"], datetime(2027, 2, 10, 12, 0, tzinfo=UTC))
    second.refresh_from_db()
    assert second.completed_at is not None and second.valid_until == date(2028, 3, 31)


def test_an_earlier_completion_counts_by_its_date_in_brussels_not_in_utc(hospital):
    nurse, nurse_staff = hospital["people"]["nurse"]
    doctor, doctor_staff = hospital["people"]["doctor"]
    _complete_at(nurse, hospital["course"], datetime(2026, 2, 28, 23, 30, tzinfo=UTC))  # 1 March, 00:30 local
    _complete_at(doctor, hospital["course"], datetime(2026, 2, 28, 22, 30, tzinfo=UTC))  # 28 February, 23:30 local
    with time_machine.travel(datetime(2026, 6, 1, 8, 0, tzinfo=UTC), tick=False):
        assignment = _assign(hospital, MARCH)
    [nurse_round] = _rounds(assignment, nurse_staff)
    [doctor_round] = _rounds(assignment, doctor_staff)
    assert nurse_round.completed_at is not None and nurse_round.valid_until == date(2027, 3, 31)
    assert doctor_round.completed_at is None  # the doctor's lapsed on 31 March 2026
    assert doctor_round.due_on == date(2027, 3, 31)


def test_a_window_over_new_year_is_due_in_january_and_reopens_when_it_starts(hospital):
    user, staff = hospital["people"]["nurse"]
    with time_machine.travel(datetime(2026, 11, 15, 9, 0, tzinfo=UTC), tick=False):
        assignment = _assign(hospital, WINTER)
    [first] = _rounds(assignment, staff)
    assert first.due_on == date(2027, 1, 31)
    # New Year's Eve 23:30 UTC is already 2027 in Brussels
    _complete_at(user, hospital["course"], datetime(2026, 12, 31, 23, 30, tzinfo=UTC))
    first.refresh_from_db()
    assert timezone_year(first.completed_at) == 2027 and first.valid_until == date(2028, 1, 31)
    assert services.renew_due(date(2027, 11, 30)) == 0
    assert services.renew_due(date(2027, 12, 1)) == 1
    assert _rounds(assignment, staff)[1].due_on == date(2028, 1, 31)


def timezone_year(moment):
    from django.utils import timezone

    return timezone.localdate(moment).year


def test_a_fixed_due_date_and_a_window_the_first_round_keeps_its_date(hospital):
    user, staff = hospital["people"]["nurse"]
    with time_machine.travel(datetime(2026, 6, 1, 8, 0, tzinfo=UTC), tick=False):
        assignment = _assign(hospital, MARCH, due_days=30)
    [first] = _rounds(assignment, staff)
    assert first.due_on == date(2026, 7, 1)
    _complete_at(user, hospital["course"], datetime(2026, 6, 20, 8, 0, tzinfo=UTC))
    first.refresh_from_db()
    assert first.valid_until == date(2027, 3, 31)


def _post(client, slug, course, **fields):
    return client.post(reverse("learning:assignment_new", args=[slug]),
                       {"course": course.pk, "target": "everyone", **fields})


def test_the_form_takes_a_month_or_two_days_and_explains_mistakes_in_french_and_dutch(hospital, personas):
    client, slug, course = personas.client("institution_admin"), hospital["institution"].slug, hospital["course"]
    client.cookies["django_language"] = "fr"
    both = _post(client, slug, course, window_month="3", recurrence_months="12")
    assert both.status_code == 400
    assert "Choisissez un nombre de mois ou une fenêtre annuelle, pas les deux." in both.content.decode()
    nothing = _post(client, slug, course)
    assert nothing.status_code == 400
    assert "Indiquez une date d\u2019échéance, un nombre de jours ou une fenêtre annuelle." in nothing.content.decode()
    client.cookies["django_language"] = "nl"
    bad_day = _post(client, slug, course, window_from="31/04", window_to="15/05")
    assert bad_day.status_code == 400
    assert "Schrijf een dag en een maand, zoals 15/02." in bad_day.content.decode()
    half = _post(client, slug, course, window_from="15/02")
    assert half.status_code == 400 and "Geef de eerste en de laatste dag." in half.content.decode()
    assert not Assignment.objects.exists()
    client.cookies["django_language"] = "fr"
    ok = _post(client, slug, course, window_from="15/02", window_to="15.04")
    assert ok.status_code == 302
    assignment = Assignment.objects.get()
    assert assignment.window == YearlyWindow(2, 15, 4, 15)
    page = client.get(ok["Location"]).content.decode()
    assert "chaque année du 15 février au 15 avril" in page
    assert "à la fin de la fenêtre annuelle" in page
