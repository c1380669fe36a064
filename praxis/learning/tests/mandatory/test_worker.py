"""Reminders go through the real worker: once, by email in the learner's language and in the app."""

from datetime import timedelta

from django.utils import formats, timezone, translation

from praxis.core.actor import Actor
from praxis.learning.mandatory import rules, services, tasks
from praxis.learning.mandatory.models import Department, Reminder, StaffMember
from praxis.learning.tests.factories import make_course
from praxis.testing import make_institution, make_institution_member, make_member


def test_the_worker_sends_a_reminder_once_in_dutch_by_email_and_in_the_app(task_worker):
    from praxis.notifications.models import Notification

    institution = make_institution("UZ Test")
    admin = make_member("admin@uz.test")
    make_institution_member(institution, admin, "admin")
    nurse = make_member("verpleegkundige@uz.test", preferred_language="nl")
    make_institution_member(institution, nurse)
    department = Department.objects.create(institution=institution, name="Spoed")
    StaffMember.objects.create(institution=institution, user=nurse, email=nurse.email, first_name="An",
                               last_name="Peeters", department=department)
    course = make_course(institution, title="Handhygiëne", lessons=1)
    due = timezone.localdate() + timedelta(days=5)
    actor = Actor(admin)
    services.assignment_create(actor=actor, scope=rules.check_scope(actor, institution.pk), institution=institution,
                               data={"course": course, "target": "everyone", "due_on": due})
    assert tasks.daily() == (0, 1)
    task_worker.wait_for(lambda: len(task_worker.sent_emails()) >= 1)
    task_worker.wait_for(lambda: Notification.objects.filter(recipient=nurse, kind="learning").exists())
    assert tasks.daily() == (0, 0)
    emails = task_worker.sent_emails()
    assert [m["To"] for m in emails] == ["verpleegkundige@uz.test"]
    with translation.override("nl"):
        due_label = formats.date_format(due, "j F Y")
    body = emails[0].get_body(("plain",)).get_content()
    assert "Handhygiëne" in body and due_label in body
    assert Reminder.objects.count() == 1


def test_the_worker_reminds_once_60_days_before_a_certificate_expires(task_worker):
    from praxis.learning import services as learning_services

    institution = make_institution("CHU Test")
    admin = make_member("admin@chu.test")
    make_institution_member(institution, admin, "admin")
    nurse = make_member("infirmiere@chu.test", preferred_language="fr")
    make_institution_member(institution, nurse)
    StaffMember.objects.create(institution=institution, user=nurse, email=nurse.email, first_name="Léa",
                               last_name="Martin")
    course = make_course(institution, title="Sécurité incendie", lessons=1, certificate_validity_months=12)
    actor = Actor(admin)
    services.assignment_create(actor=actor, scope=rules.check_scope(actor, institution.pk), institution=institution,
                               data={"course": course, "target": "everyone", "due_days": 30})
    enrolment = learning_services.enrolment_create(actor=Actor(nurse), course=course)
    for lesson in course.lessons.all():
        learning_services.lesson_acknowledge(actor=Actor(nurse), enrolment=enrolment, lesson=lesson)
    enrolment.refresh_from_db()
    assert enrolment.valid_until is not None
    day = enrolment.valid_until - timedelta(days=60)
    assert tasks.daily(day) == (0, 1)
    task_worker.wait_for(lambda: len(task_worker.sent_emails()) >= 1)
    assert tasks.daily(day) == (0, 0)
    assert tasks.daily(day + timedelta(days=1)) == (0, 0)
    [email] = task_worker.sent_emails()
    with translation.override("fr"):
        expiry_label = formats.date_format(enrolment.valid_until, "j F Y")
    body = email.get_body(("plain",)).get_content()
    assert "Sécurité incendie" in body and expiry_label in body and "expire le" in body
    assert list(Reminder.objects.values_list("kind", flat=True)) == ["expiry-60"]
