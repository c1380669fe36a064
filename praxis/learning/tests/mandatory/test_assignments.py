"""Assignments: groups, due dates, completion, recurrence, reminders sent once, reports, managers' scope."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from praxis.core.actor import Actor
from praxis.learning import services as learning_services
from praxis.learning.mandatory import rules, selectors, services
from praxis.learning.mandatory.models import Department, StaffAssignment, StaffMember
from praxis.learning.models import Enrolment
from praxis.learning.tests.factories import make_course
from praxis.testing import make_institution_member, make_member

pytestmark = pytest.mark.django_db


def _staff(institution, department, email, *, profession="nurse", user=None, **fields):
    return StaffMember.objects.create(institution=institution, email=email, first_name="Prénom",
                                      last_name=email.split("@")[0], department=department, profession=profession,
                                      user=user, **fields)


@pytest.fixture
def hospital(personas):
    institution = personas.institution
    urgences = Department.objects.create(institution=institution, name="Urgences")
    cardio = Department.objects.create(institution=institution, name="Cardiologie")
    nurse = make_member("nurse@chu.test", preferred_language="nl")
    make_institution_member(institution, nurse)
    people = {
        "nurse": _staff(institution, urgences, "nurse@chu.test", user=nurse),
        "doctor": _staff(institution, urgences, "doctor@chu.test", profession="physician"),
        "cardio": _staff(institution, cardio, "cardio@chu.test"),
    }
    admin = Actor(personas.institution_admin)
    return {"institution": institution, "urgences": urgences, "cardio": cardio, "people": people, "admin": admin,
            "scope": rules.check_scope(admin, institution.pk), "nurse_user": nurse}


def _assign(h, course, **data):
    return services.assignment_create(actor=h["admin"], scope=h["scope"], institution=h["institution"],
                                      data={"course": course, "auto_assign": True, **data})


def _complete(user, course):
    actor = Actor(user)
    enrolment = learning_services.enrolment_create(actor=actor, course=course)
    for lesson in course.lessons.all():
        learning_services.lesson_acknowledge(actor=actor, enrolment=enrolment, lesson=lesson)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    return enrolment


def test_groups_by_department_profession_and_people(hospital):
    course = make_course(hospital["institution"], lessons=1)
    _a, by_department = _assign(hospital, course, target="department", department=hospital["urgences"], due_days=30)
    _b, by_profession = _assign(hospital, course, target="profession", profession="nurse", due_days=30)
    _c, by_people = services.assignment_create(
        actor=hospital["admin"], scope=hospital["scope"], institution=hospital["institution"],
        data={"course": course, "target": "people", "due_days": 10}, people=[hospital["people"]["doctor"]])
    assert (by_department, by_profession, by_people) == (2, 2, 1)


def test_a_due_date_in_the_past_is_refused_in_the_users_language(hospital, personas):
    course = make_course(hospital["institution"], lessons=1)
    client = personas.client("institution_admin")
    client.cookies["django_language"] = "fr"
    response = client.post(reverse("learning:assignment_new", args=[hospital["institution"].slug]), {
        "course": course.pk, "target": "department", "department": hospital["urgences"].pk,
        "due_on": (timezone.localdate() - timedelta(days=1)).isoformat()})
    assert response.status_code == 400
    assert "La date d\u2019échéance est dans le passé." in response.content.decode()
    assert not StaffAssignment.objects.exists()


def test_completing_the_course_completes_the_round_and_a_valid_earlier_completion_counts(hospital):
    course = make_course(hospital["institution"], lessons=2)
    assignment, _n = _assign(hospital, course, target="department", department=hospital["urgences"], due_days=30)
    record = StaffAssignment.objects.get(assignment=assignment, staff=hospital["people"]["nurse"])
    assert record.completed_at is None
    _complete(hospital["nurse_user"], course)
    record.refresh_from_db()
    assert record.completed_at is not None and record.valid_until is None
    # assigned again by profession: her completion already counts
    second, _n = _assign(hospital, course, target="profession", profession="nurse", due_days=30)
    assert StaffAssignment.objects.get(assignment=second, staff=hospital["people"]["nurse"]).completed_at


def test_a_yearly_assignment_reopens_before_the_completion_lapses_and_keeps_the_history(hospital):
    course = make_course(hospital["institution"], lessons=1, certificate_validity_months=24)
    assignment, _n = _assign(hospital, course, target="department", department=hospital["urgences"],
                             due_days=30, recurrence_months=12)
    enrolment = _complete(hospital["nurse_user"], course)
    record = StaffAssignment.objects.get(assignment=assignment, staff=hospital["people"]["nurse"])
    # due date, validity and certificate expiry are three things
    completed = timezone.localdate(enrolment.completed_at)
    assert record.valid_until == services.add_months(completed, 12)
    assert enrolment.valid_until == services.add_months(completed, 24)
    assert services.renew_due(record.valid_until - timedelta(days=61)) == 0
    assert services.renew_due(record.valid_until - timedelta(days=60)) == 1
    assert services.renew_due(record.valid_until - timedelta(days=59)) == 0  # once
    rounds = list(StaffAssignment.objects.filter(assignment=assignment, staff=hospital["people"]["nurse"])
                  .order_by("cycle"))
    assert [r.cycle for r in rounds] == [1, 2]
    assert rounds[1].due_on == record.valid_until and rounds[0].completed_at  # history kept
    # doing it again completes round 2 only
    _complete(hospital["nurse_user"], course)
    rounds[1].refresh_from_db()
    assert rounds[1].completed_at is not None


def test_add_months_across_years_and_month_ends():
    assert services.add_months(date(2025, 11, 30), 3) == date(2026, 2, 28)
    assert services.add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert services.add_months(date(2025, 12, 31), 1) == date(2026, 1, 31)


def test_newcomers_are_assigned_when_they_join(hospital, django_capture_on_commit_callbacks):
    course = make_course(hospital["institution"], lessons=1)
    assignment, _n = _assign(hospital, course, target="department", department=hospital["urgences"], due_days=15)
    newcomer = _staff(hospital["institution"], hospital["urgences"], "new@chu.test",
                      joined_on=timezone.localdate() + timedelta(days=5))
    user = make_member("new@chu.test")
    with django_capture_on_commit_callbacks(execute=True):
        make_institution_member(hospital["institution"], user)
    record = StaffAssignment.objects.get(assignment=assignment, staff=newcomer)
    assert record.due_on == newcomer.joined_on + timedelta(days=15)
    newcomer.refresh_from_db()
    assert newcomer.user == user


def test_reminders_are_queued_once_per_threshold_and_when_overdue(hospital, settings):
    settings.LEARNING_REMINDER_DAYS = [30, 7]
    course = make_course(hospital["institution"], lessons=1)
    _assign(hospital, course, target="department", department=hospital["urgences"],
            due_on=timezone.localdate() + timedelta(days=20))
    today = timezone.localdate()
    [(record_id, kind)] = services.reminders_due(today)  # only the nurse has an account
    assert kind == "due-30"
    assert services.reminder_send(record_id=record_id, kind=kind) is True
    assert services.reminder_send(record_id=record_id, kind=kind) is False  # sent once
    assert services.reminders_due(today) == []
    assert services.reminders_due(today + timedelta(days=13)) == [(record_id, "due-7")]
    assert services.reminders_due(today + timedelta(days=21)) == [(record_id, "overdue")]
    StaffAssignment.objects.filter(pk=record_id).update(completed_at=timezone.now())
    assert services.reminders_due(today + timedelta(days=21)) == []


def test_report_figures_on_known_data(hospital):
    course = make_course(hospital["institution"], title="Hygiène", lessons=1)
    _assign(hospital, course, target="everyone", due_days=30)
    _complete(hospital["nurse_user"], course)
    StaffAssignment.objects.filter(staff=hospital["people"]["doctor"]).update(
        due_on=timezone.localdate() - timedelta(days=1))
    StaffAssignment.objects.filter(staff=hospital["people"]["nurse"]).update(
        valid_until=timezone.localdate() + timedelta(days=10), score=Decimal("80"))
    # The cardiologist has an account and has begun the course: started; the doctor has not.
    cardiologist = make_member("cardio@chu.test")
    StaffMember.objects.filter(pk=hospital["people"]["cardio"].pk).update(user=cardiologist)
    learning_services.enrolment_create(actor=Actor(cardiologist), course=course)
    [row] = selectors.report_by_course(hospital["scope"])
    assert (row.assigned, row.started, row.completed, row.overdue, row.expiring, row.rate, row.average_score) == (
        3, 1, 1, 1, 1, 33, 80.0)
    rows = {r.label: r for r in selectors.report_by_department(hospital["scope"], course.slug)}
    assert (rows["Urgences"].assigned, rows["Urgences"].started, rows["Urgences"].completed,
            rows["Urgences"].overdue) == (2, 0, 1, 1)
    assert (rows["Cardiologie"].assigned, rows["Cardiologie"].started, rows["Cardiologie"].completed) == (1, 1, 0)
    months = selectors.completions_by_month(hospital["scope"], course.slug)
    assert len(months) == 12 and months[-1][1] == 1


def test_completions_by_month_start_at_local_midnight_of_the_first_month(hospital):
    course = make_course(hospital["institution"], lessons=1)
    _assign(hospital, course, target="everyone", due_days=30)
    today = date(2026, 6, 15)
    first = timezone.make_aware(datetime(2025, 7, 1))  # twelve months back, local midnight (22:00 UTC the day before)
    nurse, doctor, cardio = (StaffAssignment.objects.get(staff=hospital["people"][k]) for k in ("nurse", "doctor",
                                                                                                 "cardio"))
    StaffAssignment.objects.filter(pk=nurse.pk).update(completed_at=first + timedelta(minutes=30))
    StaffAssignment.objects.filter(pk=doctor.pk).update(completed_at=first - timedelta(minutes=30))
    StaffAssignment.objects.filter(pk=cardio.pk).update(completed_at=timezone.make_aware(datetime(2026, 6, 30, 23)))
    months = selectors.completions_by_month(hospital["scope"], course.slug, today=today)
    assert months[0] == (date(2025, 7, 1), 1) and months[-1] == (date(2026, 6, 1), 1)
    assert sum(n for _m, n in months) == 2


def test_a_manager_sees_and_assigns_only_their_department(hospital, personas):
    manager = make_member("manager@chu.test")
    make_institution_member(hospital["institution"], manager)
    hospital["cardio"].managers.add(manager)
    course = make_course(hospital["institution"], title="Hygiène", lessons=1)
    _assign(hospital, course, target="everyone", due_days=30)
    client = personas.client("institution_admin")
    client.force_login(manager)
    staff_page = client.get(reverse("learning:staff", args=[hospital["institution"].slug])).content.decode()
    assert "cardio@chu.test" in staff_page and "doctor@chu.test" not in staff_page
    csv = client.get(reverse("learning:report_csv", args=[hospital["institution"].slug]) + f"?course={course.slug}")
    assert "Cardiologie" in csv.content.decode() and "Urgences" not in csv.content.decode()
    refused = client.post(reverse("learning:assignment_new", args=[hospital["institution"].slug]), {
        "course": course.pk, "target": "department", "department": hospital["urgences"].pk, "due_days": 10})
    assert refused.status_code == 400  # not a choice for this manager
    scope = rules.check_scope(Actor(manager), hospital["institution"].pk)
    with pytest.raises(PermissionDenied):
        services.assignment_create(actor=Actor(manager), scope=scope, institution=hospital["institution"],
                                   data={"course": course, "target": "department",
                                         "department": hospital["urgences"], "due_days": 10})
    ok = client.post(reverse("learning:assignment_new", args=[hospital["institution"].slug]), {
        "course": course.pk, "target": "department", "department": hospital["cardio"].pk, "due_days": 10})
    assert ok.status_code == 302


def test_the_csv_export_is_safe_against_formulas(hospital, personas):
    course = make_course(hospital["institution"], title="=HYPERLINK(\"x\")", lessons=1)
    _assign(hospital, course, target="everyone", due_days=30)
    body = personas.client("institution_admin").get(
        reverse("learning:report_csv", args=[hospital["institution"].slug])).content.decode()
    assert "'=HYPERLINK" in body


def test_reading_staff_progress_and_reports_is_in_the_access_log(hospital, personas):
    from praxis.core.models import AuditEntry

    course = make_course(hospital["institution"], lessons=1)
    assignment, _n = _assign(hospital, course, target="everyone", due_days=30)
    client, slug = personas.client("institution_admin"), hospital["institution"].slug
    for url in (reverse("learning:staff", args=[slug]), reverse("learning:assignment", args=[slug, assignment.pk]),
                reverse("learning:report", args=[slug]) + f"?course={course.slug}",
                reverse("learning:report_csv", args=[slug])):
        assert client.get(url).status_code == 200
    reads = list(AuditEntry.objects.filter(actor=personas.institution_admin, action__startswith="learning.")
                 .exclude(action__in=["learning.assignment.created", "learning.course.created"])
                 .order_by("id").values_list("action", "data"))
    assert [action for action, _data in reads] == [
        "learning.staff.read", "learning.assignment.read", "learning.report.read", "learning.report.exported"]
    assert reads[2][1] == {"course": course.slug}
    log = personas.client("platform_admin").get(reverse("accounts:access_log")).content.decode()
    assert "a ouvert un rapport de formation" in log and "a téléchargé un rapport de formation" in log


def test_list_pages_have_a_bounded_number_of_queries(hospital, personas, django_assert_max_num_queries):
    client = personas.client("institution_admin")
    slug = hospital["institution"].slug
    course = make_course(hospital["institution"], lessons=1)
    assignment, _n = _assign(hospital, course, target="everyone", due_days=30)
    pages = [reverse("learning:staff", args=[slug]), reverse("learning:assignments", args=[slug]),
             reverse("learning:assignment", args=[slug, assignment.pk]), reverse("learning:report", args=[slug]),
             reverse("learning:report", args=[slug]) + f"?course={course.slug}",
             reverse("learning:departments", args=[slug]), reverse("learning:mine")]
    counts = {}
    for url in pages:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        counts[url] = len(few)
    for i in range(40):
        department = Department.objects.create(institution=hospital["institution"], name=f"Service {i}")
        _staff(hospital["institution"], department, f"p{i}@chu.test", user=make_member(f"p{i}@chu.test"))
        department.managers.add(personas.institution_staff)
        other = make_course(hospital["institution"], lessons=1)
        _assign(hospital, other, target="department", department=department, due_days=5)
    for url in pages:
        with django_assert_max_num_queries(counts[url]):
            client.get(url)
