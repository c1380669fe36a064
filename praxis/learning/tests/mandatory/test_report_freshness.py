"""Training reports are kept in memory between writes: every kind of write through the services shows on the next
load, one scope never reads another's figures, and a load with nothing changed runs fewer queries."""

import csv
import io
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from praxis.core.actor import Actor
from praxis.learning import services as learning_services
from praxis.learning.mandatory import rules, selectors, services
from praxis.learning.mandatory.models import Department, StaffAssignment, StaffMember
from praxis.learning.models import Enrolment
from praxis.learning.programmes import services as programme_services
from praxis.learning.tests.factories import make_course
from praxis.testing import make_institution, make_institution_member, make_member, make_totp

pytestmark = pytest.mark.django_db

FIELDS = ["assigned", "started", "completed", "overdue", "expiring"]


def _staff(institution, department, email, *, user=None, profession="nurse"):
    return StaffMember.objects.create(institution=institution, email=email, first_name="Prénom",
                                      last_name=email.split("@")[0], department=department, profession=profession,
                                      user=user)


@pytest.fixture
def hospital(personas):
    institution = personas.institution
    urgences = Department.objects.create(institution=institution, name="Urgences")
    cardio = Department.objects.create(institution=institution, name="Cardiologie")
    nurse = make_member("nurse@chu.test")
    make_institution_member(institution, nurse)
    people = {"nurse": _staff(institution, urgences, "nurse@chu.test", user=nurse),
              "doctor": _staff(institution, urgences, "doctor@chu.test", profession="physician"),
              "cardio": _staff(institution, cardio, "cardio@chu.test")}
    admin = Actor(personas.institution_admin)
    return {"institution": institution, "urgences": urgences, "cardio": cardio, "people": people, "admin": admin,
            "scope": rules.check_scope(admin, institution.pk), "nurse_user": nurse,
            "client": personas.client("institution_admin"), "slug": institution.slug}


def _assign(h, course=None, **data):
    course = course or make_course(h["institution"], title="Hygiène", lessons=1)
    assignment, _n = services.assignment_create(
        actor=h["admin"], scope=h["scope"], institution=h["institution"],
        data={"course": course, "auto_assign": True, "target": "everyone", "due_days": 30, **data})
    return assignment, course


def _report(client, slug, course_slug=""):
    """The report's figures as the CSV export gives them: {label: {assigned, started, ...}}."""
    url = reverse("learning:report_csv", args=[slug]) + (f"?course={course_slug}" if course_slug else "")
    response = client.get(url)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff")), delimiter=";"))[1:]
    return {row[0]: dict(zip(FIELDS, map(int, row[1:6]), strict=True)) for row in rows}


def test_an_assignment_and_its_closing_show_on_the_next_load(hospital):
    client, slug = hospital["client"], hospital["slug"]
    assert _report(client, slug) == {}
    assignment, _course = _assign(hospital)
    assert _report(client, slug)["Hygiène"]["assigned"] == 3
    page = client.get(reverse("learning:report", args=[slug])).content.decode()
    assert "Hygiène" in page
    services.assignment_close(actor=hospital["admin"], scope=hospital["scope"], assignment=assignment)
    assert _report(client, slug) == {}


def test_a_start_and_a_completion_show_on_the_next_load_and_in_the_months(hospital):
    client, slug = hospital["client"], hospital["slug"]
    _assignment, course = _assign(hospital)
    assert _report(client, slug)["Hygiène"] == {"assigned": 3, "started": 0, "completed": 0, "overdue": 0,
                                                "expiring": 0}
    assert _report(client, slug, course.slug)["Urgences"]["started"] == 0
    actor = Actor(hospital["nurse_user"])
    enrolment = learning_services.enrolment_create(actor=actor, course=course)
    assert _report(client, slug)["Hygiène"]["started"] == 1
    assert _report(client, slug, course.slug)["Urgences"]["started"] == 1
    page = client.get(reverse("learning:report", args=[slug]) + f"?course={course.slug}").content.decode()
    for lesson in course.lessons.all():
        learning_services.lesson_acknowledge(actor=actor, enrolment=enrolment, lesson=lesson)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    assert _report(client, slug)["Hygiène"]["started"] == 0
    assert _report(client, slug)["Hygiène"]["completed"] == 1
    assert _report(client, slug, course.slug)["Urgences"]["completed"] == 1
    after = client.get(reverse("learning:report", args=[slug]) + f"?course={course.slug}").content.decode()
    assert page != after  # the month chart counted the completion


def test_a_staff_import_a_move_and_a_member_joining_show_on_the_next_load(hospital, personas):
    client, slug = hospital["client"], hospital["slug"]
    _assignment, course = _assign(hospital)
    assert _report(client, slug, course.slug)["Urgences"]["assigned"] == 2
    services.staff_import_apply(actor=hospital["admin"], institution=hospital["institution"],
                                text="Courriel;Prénom;Nom;Fonction;Service\neva@chu.test;Eva;Noel;nurse;Urgences\n")
    assert _report(client, slug, course.slug)["Urgences"]["assigned"] == 3
    services.staff_update(actor=hospital["admin"], staff=hospital["people"]["doctor"],
                          department=hospital["cardio"], profession="physician")
    report = _report(client, slug, course.slug)
    assert (report["Urgences"]["assigned"], report["Cardiologie"]["assigned"]) == (2, 2)
    # Eva joins and has begun the course: once her line is linked to her account, she counts as started.
    eva = make_member("eva@chu.test")
    learning_services.enrolment_create(actor=Actor(eva), course=course)
    assert _report(client, slug)["Hygiène"]["started"] == 0
    assert services.staff_link_member(institution_id=hospital["institution"].pk, user=eva) == 1
    assert _report(client, slug)["Hygiène"]["started"] == 1


def test_a_new_round_of_a_recurring_assignment_shows_on_the_next_load(hospital):
    client, slug = hospital["client"], hospital["slug"]
    course = make_course(hospital["institution"], title="Hygiène", lessons=1)
    assignment, _course = _assign(hospital, course, recurrence_months=12)
    actor = Actor(hospital["nurse_user"])
    enrolment = learning_services.enrolment_create(actor=actor, course=course)
    for lesson in course.lessons.all():
        learning_services.lesson_acknowledge(actor=actor, enrolment=enrolment, lesson=lesson)
    assert _report(client, slug)["Hygiène"]["completed"] == 1
    record = StaffAssignment.objects.get(assignment=assignment, staff=hospital["people"]["nurse"])
    assert record.valid_until is not None
    assert services.renew_due(record.valid_until - timedelta(days=10)) == 1
    assert _report(client, slug)["Hygiène"]["completed"] == 0


def test_the_day_changing_moves_overdue_rounds_without_any_write(hospital):
    today = timezone.localdate()
    _assign(hospital, due_on=today + timedelta(days=2), due_days=None)
    [row] = selectors.report_by_course(hospital["scope"])
    assert row.overdue == 0
    [row] = selectors.report_by_course(hospital["scope"], today=today + timedelta(days=3))
    assert row.overdue == 3
    [row] = selectors.report_by_course(hospital["scope"], today=today)
    assert row.overdue == 0


def test_an_erased_member_leaves_the_report(hospital, django_capture_on_commit_callbacks):
    from praxis.accounts import services as account_services

    client, slug = hospital["client"], hospital["slug"]
    _assign(hospital)
    assert _report(client, slug)["Hygiène"]["assigned"] == 3
    nurse = hospital["nurse_user"]
    with django_capture_on_commit_callbacks(execute=True):
        account_services.erasure_request(actor=Actor(nurse), member=nurse)
    assert _report(client, slug)["Hygiène"]["assigned"] == 2


def test_a_programme_losing_a_course_changes_who_started_it(hospital, personas):
    from praxis.learning.models import Programme, ProgrammeCourse

    client, slug = hospital["client"], hospital["slug"]
    first = make_course(hospital["institution"], title="Un", lessons=1)
    second = make_course(hospital["institution"], title="Deux", lessons=1)
    programme = Programme.objects.create(title="Parcours", slug="parcours", status="published",
                                         owner_institution=hospital["institution"])
    ProgrammeCourse.objects.create(programme=programme, course=first, position=1)
    item = ProgrammeCourse.objects.create(programme=programme, course=second, position=2)
    services.assignment_create(actor=hospital["admin"], scope=hospital["scope"], institution=hospital["institution"],
                               data={"programme": programme, "target": "everyone", "due_days": 30})
    learning_services.enrolment_create(actor=Actor(hospital["nurse_user"]), course=second)
    assert _report(client, slug)["Parcours"]["started"] == 1
    programme_services.programme_item_remove(actor=Actor(personas.institution_admin), item=item)
    assert _report(client, slug)["Parcours"]["started"] == 0


def test_an_edit_in_the_admin_site_shows_on_the_next_load(hospital, personas):
    client, slug = hospital["client"], hospital["slug"]
    assignment, _course = _assign(hospital)
    assert _report(client, slug)["Hygiène"]["overdue"] == 0
    record = StaffAssignment.objects.get(assignment=assignment, staff=hospital["people"]["doctor"])
    admin_client = personas.client("platform_admin")
    url = reverse("admin:learning_staffassignment_change", args=[record.pk])
    response = admin_client.post(url, {
        "assignment": assignment.pk, "staff": record.staff_id, "cycle": 1, "is_current": "on",
        "due_on": (timezone.localdate() - timedelta(days=1)).isoformat(), "opened_at_0": "2026-01-01",
        "opened_at_1": "10:00:00", "time_spent_seconds": 0})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert _report(client, slug)["Hygiène"]["overdue"] == 1


def test_one_scope_never_reads_anothers_figures(hospital, personas):
    slug = hospital["slug"]
    _assignment, course = _assign(hospital)
    manager = make_member("manager@chu.test")
    make_institution_member(hospital["institution"], manager)
    hospital["cardio"].managers.add(manager)
    manager_client = personas.client("institution_admin")
    manager_client.force_login(manager)
    # The admin's figures are kept first; the manager's are their department's only, and the other way round.
    assert _report(hospital["client"], slug)["Hygiène"]["assigned"] == 3
    assert _report(manager_client, slug)["Hygiène"]["assigned"] == 1
    assert list(_report(manager_client, slug, course.slug)) == ["Cardiologie"]
    assert set(_report(hospital["client"], slug, course.slug)) == {"Cardiologie", "Urgences"}
    # Another institution with its own assignment of the same course, read by its own admin.
    other = make_institution("Autre hôpital")
    other_admin = make_member("admin@autre.test")
    make_institution_member(other, other_admin, role="admin")
    other_admin_actor = Actor(other_admin)
    _staff(other, None, "x@autre.test")
    services.assignment_create(actor=other_admin_actor, scope=rules.check_scope(other_admin_actor, other.pk),
                               institution=other, data={"course": course, "target": "everyone", "due_days": 30})
    make_totp(other_admin)
    other_client = personas.client("institution_admin")
    other_client.force_login(other_admin)
    assert _report(other_client, other.slug)["Hygiène"]["assigned"] == 1
    assert _report(hospital["client"], slug)["Hygiène"]["assigned"] == 3


def test_a_load_with_nothing_changed_reads_no_rounds(hospital):
    client, slug = hospital["client"], hospital["slug"]
    _assignment, course = _assign(hospital)
    for url in (reverse("learning:report", args=[slug]),
                reverse("learning:report", args=[slug]) + f"?course={course.slug}"):
        with CaptureQueriesContext(connection) as first:
            assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as second:
            assert client.get(url).status_code == 200
        rounds_read = [q for q in second.captured_queries if "learning_staffassignment" in q["sql"]]
        assert rounds_read == [] and len(second) <= len(first) - 3


def _department_cells(page, department):
    """(the "% done" line, assigned, started, completed) of a department's row in the report page's table."""
    found = re.search(rf'<th scope="row">{department}\s*<br><span class="muted">([^<]*)</span></th>\s*'
                      r"<td>(\d+)</td><td>(\d+)</td><td>(\d+)</td>", page)
    assert found, page
    return found.group(1), *map(int, found.groups()[1:])


def _figures(page):
    return page[page.index('<div class="table-wrap">'):page.index("</figure>")]


def test_the_kept_table_and_chart_follow_a_completion_in_each_language(hospital, settings):
    """The table and the chart are kept as HTML per what they show and language: a completion shows on the next page
    in fr, nl and en, and each language keeps its own text."""
    client, slug = hospital["client"], hospital["slug"]
    _assignment, course = _assign(hospital)
    url = reverse("learning:report", args=[slug]) + f"?course={course.slug}"

    def page(language):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        return client.get(url).content.decode()

    before = {language: page(language) for language in ("fr", "nl", "en")}
    for language in ("fr", "nl", "en"):
        assert _department_cells(before[language], "Urgences")[1:] == (2, 0, 0)
        assert _figures(page(language)) == _figures(before[language])  # kept, and the same
    assert len({_department_cells(before[language], "Urgences")[0] for language in before}) == 3
    actor = Actor(hospital["nurse_user"])
    enrolment = learning_services.enrolment_create(actor=actor, course=course)
    for lesson in course.lessons.all():
        learning_services.lesson_acknowledge(actor=actor, enrolment=enrolment, lesson=lesson)
    for language in ("fr", "nl", "en"):
        after = page(language)
        assert _department_cells(after, "Urgences")[1:] == (2, 0, 1)
        assert _figures(after).split("<figure")[1] != _figures(before[language]).split("<figure")[1]  # the chart
