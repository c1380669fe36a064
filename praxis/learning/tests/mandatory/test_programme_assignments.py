"""A programme assigned through the assignment flow: one round per person, done when every course of the programme
is; a report line per programme and its departments."""

import pytest
from django.urls import reverse

from praxis.core.actor import Actor
from praxis.core.models import AuditEntry
from praxis.learning import services as learning_services
from praxis.learning.mandatory import rules, selectors, services
from praxis.learning.mandatory.models import Assignment, Department, StaffAssignment, StaffMember
from praxis.learning.models import Programme, ProgrammeCourse, PublicationStatus, Visibility
from praxis.learning.tests.factories import make_course
from praxis.testing import make_institution_member, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def hospital(personas):
    institution = personas.institution
    urgences = Department.objects.create(institution=institution, name="Urgences")
    cardio = Department.objects.create(institution=institution, name="Cardiologie")
    nurse = make_member("nurse@chu.test")
    make_institution_member(institution, nurse)
    StaffMember.objects.create(institution=institution, email=nurse.email, user=nurse, first_name="Ana",
                               last_name="Nurse", department=urgences)
    StaffMember.objects.create(institution=institution, email="doc@chu.test", first_name="Dan", last_name="Doc",
                               department=urgences)
    StaffMember.objects.create(institution=institution, email="cardio@chu.test", first_name="Cy", last_name="Cardio",
                               department=cardio)
    courses = [make_course(institution, title=title, lessons=1) for title in ("Hygiène", "Incendie")]
    programme = Programme.objects.create(title="Parcours des nouveaux", slug="parcours-nouveaux",
                                         owner_institution=institution, visibility=Visibility.INTERNAL,
                                         status=PublicationStatus.PUBLISHED)
    for position, course in enumerate(courses, start=1):
        ProgrammeCourse.objects.create(programme=programme, course=course, position=position)
    admin = Actor(personas.institution_admin)
    return {"institution": institution, "nurse": nurse, "courses": courses, "programme": programme,
            "scope": rules.check_scope(admin, institution.pk), "admin": admin}


def _complete(user, course):
    actor = Actor(user)
    enrolment = learning_services.enrolment_create(actor=actor, course=course)
    for lesson in course.lessons.all():
        learning_services.lesson_acknowledge(actor=actor, enrolment=enrolment, lesson=lesson)


def test_an_assigned_programme_is_done_when_all_its_courses_are_and_has_its_report_line(hospital, personas):
    client, slug = personas.client("institution_admin"), hospital["institution"].slug
    response = client.post(reverse("learning:assignment_new", args=[slug]), {
        "programme": hospital["programme"].pk, "target": "everyone", "due_days": 30, "auto_assign": "on"})
    assert response.status_code == 302
    assignment = Assignment.objects.get()
    assert assignment.programme == hospital["programme"] and assignment.course is None
    record = StaffAssignment.objects.get(assignment=assignment, staff__user=hospital["nurse"])
    assert StaffAssignment.objects.filter(assignment=assignment).count() == 3
    mine = personas.client("institution_admin")
    mine.force_login(hospital["nurse"])
    page = mine.get(reverse("learning:mine")).content.decode()
    assert "Parcours des nouveaux" in page and reverse("learning:programme", args=["parcours-nouveaux"]) in page

    first, second = hospital["courses"]
    _complete(hospital["nurse"], first)
    learning_services.enrolment_create(actor=Actor(hospital["nurse"]), course=second)
    record.refresh_from_db()
    assert record.completed_at is None  # one course of two
    [row] = selectors.report_by_course(hospital["scope"])
    assert (row.key, row.label, row.is_programme) == ("programme:parcours-nouveaux", "Parcours des nouveaux", True)
    assert (row.assigned, row.started, row.completed) == (3, 1, 0)

    _complete(hospital["nurse"], second)
    record.refresh_from_db()
    assert record.completed_at is not None
    [row] = selectors.report_by_course(hospital["scope"])
    assert (row.assigned, row.started, row.completed, row.rate) == (3, 0, 1, 33)
    departments = {r.label: r for r in selectors.report_by_department(hospital["scope"], row.key)}
    assert (departments["Urgences"].assigned, departments["Urgences"].completed) == (2, 1)
    assert (departments["Cardiologie"].assigned, departments["Cardiologie"].completed) == (1, 0)
    report = client.get(reverse("learning:report", args=[slug]), {"course": row.key})
    assert report.status_code == 200 and "Parcours des nouveaux" in report.content.decode()
    overview = client.get(reverse("learning:report", args=[slug])).content.decode()
    assert "(programme)" in overview
    csv = client.get(reverse("learning:report_csv", args=[slug]), {"course": row.key}).content.decode()
    assert "Urgences" in csv and "Cardiologie" in csv


def test_a_course_or_a_programme_not_both(hospital, personas):
    client = personas.client("institution_admin")
    client.cookies["django_language"] = "fr"
    response = client.post(reverse("learning:assignment_new", args=[hospital["institution"].slug]), {
        "course": hospital["courses"][0].pk, "programme": hospital["programme"].pk, "target": "everyone",
        "due_days": 30})
    assert response.status_code == 400
    assert "Choisissez un cours ou un programme." in response.content.decode()
    assert not Assignment.objects.exists()


def test_a_reminder_names_the_programme(hospital):
    assignment, _n = services.assignment_create(
        actor=hospital["admin"], scope=hospital["scope"], institution=hospital["institution"],
        data={"programme": hospital["programme"], "target": "everyone", "due_days": 5})
    [(record_id, kind)] = services.reminders_due()
    assert services.reminder_send(record_id=record_id, kind=kind) is True
    entry = AuditEntry.objects.get(action="learning.assignment.reminder")
    assert entry.data["course"] == "Parcours des nouveaux" and assignment.subject_url.endswith("/parcours-nouveaux/")
