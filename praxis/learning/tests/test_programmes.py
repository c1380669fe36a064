"""Programmes: trainers put courses in order (buttons that work by keyboard), publish; learners see their progress
across the programme's courses; bounded queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from praxis.core.actor import Actor
from praxis.learning import services as learning_services
from praxis.learning.models import Enrolment, Programme, PublicationStatus, Visibility
from praxis.learning.tests.factories import make_course
from praxis.testing import make_institution

pytestmark = pytest.mark.django_db


def _complete(user, course):
    actor = Actor(user)
    enrolment = learning_services.enrolment_create(actor=actor, course=course)
    for lesson in course.lessons.all():
        learning_services.lesson_acknowledge(actor=actor, enrolment=enrolment, lesson=lesson)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED


def _order(programme):
    return list(programme.items.order_by("position").values_list("course__title", flat=True))


def test_a_trainer_puts_a_programme_together_reorders_it_and_a_learner_follows_it(personas):
    institution = personas.institution
    first = make_course(institution, title="Hygiène des mains", lessons=1)
    second = make_course(institution, title="Sécurité incendie", lessons=1)
    admin = personas.client("institution_admin")
    created = admin.post(reverse("learning:programme_new"), {
        "title": "Parcours des nouveaux", "summary": "Les bases.", "owner_institution": institution.pk,
        "visibility": Visibility.INTERNAL})
    assert created.status_code == 302
    programme = Programme.objects.get()
    assert programme.status == PublicationStatus.DRAFT and programme.slug == "parcours-des-nouveaux"
    for course in (first, second):
        assert admin.post(reverse("learning:programme_item_add", args=[programme.pk]),
                          {"course": course.pk}).status_code == 302
    again = admin.post(reverse("learning:programme_item_add", args=[programme.pk]), {"course": first.pk})
    assert again.status_code == 400 and "Ce cours est déjà dans le programme." in again.content.decode()
    assert _order(programme) == ["Hygiène des mains", "Sécurité incendie"]
    second_item = programme.items.get(course=second)
    moved = admin.post(reverse("learning:programme_item_move", args=[second_item.pk]), {"direction": "up"},
                       headers={"HX-Request": "true"})
    assert moved.status_code == 200 and moved.content.decode().index("Sécurité") < moved.content.decode().index(
        "Hygiène")
    assert _order(programme) == ["Sécurité incendie", "Hygiène des mains"]
    # a learner does not see the draft; once published, the institution's staff follow it
    staff = personas.client("institution_staff")
    assert staff.get(reverse("learning:programme", args=[programme.slug])).status_code == 404
    assert admin.post(reverse("learning:programme_publish", args=[programme.pk])).status_code == 302
    _complete(personas.institution_staff, first)
    page = staff.get(reverse("learning:programme", args=[programme.slug])).content.decode()
    assert "Cours terminés : 1 sur 2" in page
    assert page.index("Sécurité incendie") < page.index("Hygiène des mains")
    assert personas.client("outsider").get(reverse("learning:programme", args=[programme.slug])).status_code == 404
    assert "Parcours des nouveaux" in staff.get(reverse("learning:catalogue")).content.decode()


def test_a_course_its_learners_could_not_open_is_refused_in_an_open_programme(personas):
    internal = make_course(personas.institution, title="Accueil interne", visibility=Visibility.INTERNAL, lessons=1)
    programme = Programme.objects.create(title="Ouvert", slug="ouvert", owner_institution=personas.institution)
    response = personas.client("institution_admin").post(
        reverse("learning:programme_item_add", args=[programme.pk]), {"course": internal.pk})
    assert response.status_code == 400
    assert not programme.items.exists()


def test_another_institutions_trainer_cannot_edit_a_shared_programme(personas):
    other = make_institution("Hôpital de Lille")
    programme = Programme.objects.create(title="Transfrontalier", slug="transfrontalier", owner_institution=other,
                                         visibility=Visibility.SHARED, status=PublicationStatus.PUBLISHED)
    programme.shared_with.add(personas.institution)
    admin = personas.client("institution_admin")
    assert admin.get(reverse("learning:programme", args=[programme.slug])).status_code == 200
    assert admin.get(reverse("learning:programme_edit", args=[programme.pk])).status_code == 403


def test_programme_pages_have_a_bounded_number_of_queries(personas, django_assert_max_num_queries):
    institution = personas.institution
    programme = Programme.objects.create(title="Parcours", slug="parcours", owner_institution=institution,
                                         visibility=Visibility.INTERNAL, status=PublicationStatus.PUBLISHED)
    admin, staff = personas.client("institution_admin"), personas.client("institution_staff")

    def add_courses(n):
        for _ in range(n):
            course = make_course(institution, lessons=1)
            programme.items.create(course=course, position=programme.items.count() + 1)
            learning_services.enrolment_create(actor=Actor(personas.institution_staff), course=course)

    add_courses(1)
    pages = [(staff, reverse("learning:programme", args=[programme.slug])),
             (admin, reverse("learning:programme_edit", args=[programme.pk])),
             (admin, reverse("learning:authoring")), (staff, reverse("learning:catalogue"))]
    counts = {}
    for client, url in pages:
        with CaptureQueriesContext(connection) as few:
            assert client.get(url).status_code == 200
        counts[url] = len(few)
    add_courses(12)
    for i in range(5):
        Programme.objects.create(title=f"Autre {i}", slug=f"autre-{i}", owner_institution=institution,
                                 status=PublicationStatus.PUBLISHED).items.create(
            course=make_course(institution, lessons=0), position=1)
    for client, url in pages:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200
