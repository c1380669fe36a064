"""An institution's system (client credentials) and its admins' tokens: the staff list, staff import, a person's
department and profession, assignments, completions and certificates — what the training pages show, for the one
institution the credential is bound to, with the pages' rules."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from praxis.core.actor import Actor
from praxis.core.models import AuditEntry
from praxis.institutions.models import Invitation
from praxis.learning import services as learning_services
from praxis.learning.mandatory import rules, services
from praxis.learning.mandatory.models import Department, StaffMember
from praxis.learning.models import Enrolment
from praxis.learning.tests.factories import make_course
from praxis.testing import make_institution, make_institution_member, make_member, make_totp

from .conftest import ApiClient, ids, make_token
from .test_oauth import _client_credentials


@pytest.fixture
def hospital(world):
    p = world.personas
    institution = p.institution
    urgences = Department.objects.create(institution=institution, name="Urgences")
    cardio = Department.objects.create(institution=institution, name="Cardiologie")
    nurse = make_member("nurse@chu.test")
    make_institution_member(institution, nurse)
    people = {
        "nurse": StaffMember.objects.create(institution=institution, email="nurse@chu.test", first_name="Nadia",
                                            last_name="Aubry", department=urgences, profession="nurse", user=nurse),
        "doctor": StaffMember.objects.create(institution=institution, email="doctor@chu.test", first_name="Denis",
                                             last_name="Borg", department=cardio, profession="physician"),
    }
    admin = Actor(p.institution_admin)
    scope = rules.check_scope(admin, institution.pk)
    course = make_course(institution, lessons=1)
    assignment, _count = services.assignment_create(
        actor=admin, scope=scope, institution=institution,
        data={"course": course, "auto_assign": True, "target": "department", "department": urgences, "due_days": 30})
    enrolment = learning_services.enrolment_create(actor=Actor(nurse), course=course)
    for lesson in course.lessons.all():
        learning_services.lesson_acknowledge(actor=Actor(nurse), enrolment=enrolment, lesson=lesson)
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.COMPLETED
    _new, system = _client_credentials(world)
    return {"institution": institution, "urgences": urgences, "cardio": cardio, "people": people,
            "assignment": assignment, "enrolment": enrolment, "system": system, "course": course}


def _base(h):
    return f"/institutions/{h['institution'].slug}"


def test_the_staff_list_is_what_the_staff_page_shows(world, hospital):
    """Browser/API parity for the institution's admin, by session on the page and by token and system in the API."""
    page = world.personas.client("institution_admin").get(
        reverse("learning:staff", kwargs={"institution": hospital["institution"].slug}))
    assert page.status_code == 200
    shown = {person.pk for person in page.context["page"].object_list}
    assert shown == {hospital["people"]["nurse"].pk, hospital["people"]["doctor"].pk}
    admin = ApiClient(make_token(world.personas.institution_admin, ["staff:read"]))
    assert set(ids(admin.get(f"{_base(hospital)}/staff", {"limit": 100}))) == shown
    rows = hospital["system"].get(f"{_base(hospital)}/staff", {"limit": 100}).json()
    assert {row["id"] for row in rows} == shown
    nurse = next(row for row in rows if row["email"] == "nurse@chu.test")
    assert nurse["department"]["name"] == "Urgences" and nurse["is_member"] and nurse["profession"] == "nurse"
    urgences = hospital["system"].get(f"{_base(hospital)}/staff", {"department": hospital["urgences"].pk})
    assert ids(urgences) == [hospital["people"]["nurse"].pk]
    assert AuditEntry.objects.filter(action="learning.staff.read").count() >= 3  # read private data: recorded


def test_others_get_what_the_pages_give_them(world, hospital):
    base = _base(hospital)
    # Its staff (not a manager): 403, as on the page; an outsider: 404, as on the page.
    staff = ApiClient(make_token(world.personas.institution_staff))
    assert staff.get(f"{base}/staff").status_code == 403
    assert world.personas.client("institution_staff").get(
        reverse("learning:staff", kwargs={"institution": hospital["institution"].slug})).status_code == 403
    assert ApiClient(make_token(world.personas.outsider)).get(f"{base}/staff").status_code == 404
    assert ApiClient().get(f"{base}/staff").status_code == 404  # anonymous: nothing of this institution's
    # A token without the scope: 403 insufficient-scope, even for the admin.
    narrow = ApiClient(make_token(world.personas.institution_admin, ["events:read"]))
    assert narrow.get(f"{base}/staff").json()["type"].endswith("/insufficient-scope")
    assert narrow.get(f"{base}/completions").json()["type"].endswith("/insufficient-scope")


def test_a_client_credential_of_another_institution_is_refused(world, hospital):
    other = make_institution("Autre hôpital", city="Mons", country="BE")
    other_admin = make_member("rh@autre.test")
    make_institution_member(other, other_admin, "admin")
    make_totp(other_admin)
    from praxis.api import services as api_services

    new = api_services.institution_client_register(actor=Actor(other_admin), institution=other, name="SIRH")
    import base64

    answer = ApiClient().client.post("/o/token/", {"grant_type": "client_credentials", "scope": "read write"},
                                     headers={"Authorization": "Basic " + base64.b64encode(
                                         f"{new.client_id}:{new.client_secret}".encode()).decode()})
    theirs = ApiClient(answer.json()["access_token"])
    base = _base(hospital)
    for path in ("/staff", "/departments", "/assignments", "/completions",
                 f"/staff/{hospital['people']['nurse'].pk}"):
        assert theirs.get(base + path).status_code == 404, path
    refused = theirs.send("post", f"{base}/staff", {"people": [{"email": "x@y.test", "first_name": "X",
                                                                "last_name": "Y"}]})
    assert refused.status_code == 404
    assert not StaffMember.objects.filter(email="x@y.test").exists()
    assert theirs.get(f"/institutions/{other.slug}/staff").json() == []  # its own: allowed, empty


def test_a_system_imports_staff_as_the_import_page_does(world, hospital, django_capture_on_commit_callbacks):
    body = {"people": [
        {"email": "Anne.Lambert@chu.test", "first_name": "Anne", "last_name": "Lambert", "profession": "nurse",
         "department": "Urgences", "joined_on": "2024-03-01"},
        {"email": "nurse@chu.test", "first_name": "Nadia", "last_name": "Aubry-Martin", "profession": "nurse",
         "department": "Pédiatrie"},
    ]}
    with django_capture_on_commit_callbacks(execute=True):
        answer = hospital["system"].send("post", f"{_base(hospital)}/staff", body)
    assert answer.status_code == 200, answer.content
    assert answer.json() == {"created": 1, "updated": 1, "invited": 1, "departments": 1}
    anne = StaffMember.objects.get(email="anne.lambert@chu.test")
    assert anne.department == hospital["urgences"] and str(anne.joined_on) == "2024-03-01"
    assert Invitation.objects.filter(email="anne.lambert@chu.test", institution=hospital["institution"]).exists()
    assert any("anne.lambert@chu.test" in m.to for m in mail.outbox)
    assert anne.assignments.count() == 1  # the automatic assignment of Urgences reached her
    moved = StaffMember.objects.select_related("department").get(email="nurse@chu.test")
    assert moved.department is not None and moved.department.name == "Pédiatrie"


@pytest.mark.parametrize("body, location", [
    ({"people": [{"email": "ok@chu.test", "first_name": "A", "last_name": "B"},
                 {"email": "pas-une-adresse", "first_name": "C", "last_name": "D"}]}, "body.people.1"),
    ({"people": [{"email": "ok@chu.test", "first_name": "A", "last_name": "B", "badge": 12}]}, "body.people.0.badge"),
    ({"people": [{"email": "ok@chu.test", "first_name": "A", "last_name": "B", "profession": "astronaut"}]},
     "body.people.0.profession"),
    ({"people": [{"email": "ok@chu.test", "first_name": "   ", "last_name": "B"}]}, "body.people.0.first_name"),
    ({"people": []}, "body.people"),
    ({"people": "tout le monde"}, "body.people"),
    ({"persons": []}, "body.people"),
])
def test_bad_staff_imports_are_refused_whole(world, hospital, body, location):
    before = StaffMember.objects.count()
    answer = hospital["system"].send("post", f"{_base(hospital)}/staff", body)
    assert answer.status_code == 422, answer.content
    assert location in [error["location"] for error in answer.json()["errors"]]
    assert StaffMember.objects.count() == before and not Invitation.objects.exists()


def test_importing_needs_an_admin_and_the_write_scope(world, hospital):
    body = {"people": [{"email": "ok@chu.test", "first_name": "A", "last_name": "B"}]}
    reader = ApiClient(make_token(world.personas.institution_admin, ["staff:read"]))
    assert reader.send("post", f"{_base(hospital)}/staff", body).json()["type"].endswith("/insufficient-scope")
    trainer = make_member("trainer@chu.test")
    make_institution_member(hospital["institution"], trainer, "trainer")
    forbidden = ApiClient(make_token(trainer, ["write", "read"])).send("post", f"{_base(hospital)}/staff", body)
    assert forbidden.status_code == 403 and forbidden.json()["type"].endswith("/forbidden")
    assert not StaffMember.objects.filter(email="ok@chu.test").exists()


def test_moving_a_person_needs_the_etag_read(world, hospital):
    system = hospital["system"]
    doctor = hospital["people"]["doctor"]
    url = f"{_base(hospital)}/staff/{doctor.pk}"
    read = system.get(url)
    etag = read["ETag"]
    body = {"department": hospital["urgences"].pk, "profession": "physician"}
    assert system.send("put", url, body).status_code == 428
    moved = system.send("put", url, body, **{"If-Match": etag})
    assert moved.status_code == 200 and moved.json()["department"]["name"] == "Urgences"
    assert moved["ETag"] != etag and system.get(url)["ETag"] == moved["ETag"]
    assert doctor.assignments.count() == 1  # the assignment of Urgences reached him
    stale = system.send("put", url, {"department": None, "profession": "nurse"}, **{"If-Match": etag})
    assert stale.status_code == 412
    entry = AuditEntry.objects.get(action="learning.staff.updated")
    assert entry.data["before"]["department_id"] == hospital["cardio"].pk
    # Bad input: another institution's department, unknown profession, unknown field, missing field.
    other = Department.objects.create(institution=make_institution("Autre"), name="Urgences")
    fresh = {"If-Match": moved["ETag"]}
    answer = system.send("put", url, {"department": other.pk, "profession": "nurse"}, **fresh)
    assert answer.status_code == 422 and answer.json()["errors"][0]["location"] == "body.department"
    assert system.send("put", url, {"department": None, "profession": "pilot"}, **fresh).status_code == 422
    assert system.send("put", url, {"department": None, "profession": "nurse", "x": 1}, **fresh).status_code == 422
    assert system.send("put", url, {"profession": "nurse"}, **fresh).status_code == 422
    doctor.refresh_from_db()
    assert doctor.department == hospital["urgences"]


def test_assignments_and_completions_are_what_the_assignment_page_shows(world, hospital):
    system = hospital["system"]
    assignment = hospital["assignment"]
    rows = system.get(f"{_base(hospital)}/assignments").json()
    assert [(row["id"], row["people"], row["done"]) for row in rows] == [(assignment.pk, 1, 1)]
    assert rows[0]["subject"] == {"kind": "course", "slug": hospital["course"].slug,
                                  "title": hospital["course"].title}
    page = world.personas.client("institution_admin").get(reverse("learning:assignment", kwargs={
        "institution": hospital["institution"].slug, "assignment_id": assignment.pk}), {"state": "done"})
    shown = [record.pk for record in page.context["page"].object_list]
    answer = system.get(f"{_base(hospital)}/completions", {"assignment": assignment.pk})
    assert ids(answer) == shown and len(shown) == 1
    completion = answer.json()[0]
    assert completion["email"] == "nurse@chu.test"
    certificate = hospital["enrolment"].certificate
    if certificate is not None:
        assert completion["certificate"]["code"] == certificate.code
        assert completion["certificate"]["verify_url"] == f"/verifier/{certificate.code}/"
    later = system.get(f"{_base(hospital)}/completions", {"since": "2999-01-01T00:00:00+00:00"})
    assert ids(later) == []
    naive = system.get(f"{_base(hospital)}/completions", {"since": "2026-01-01T00:00:00"})
    assert naive.status_code == 422 and naive.json()["errors"][0]["location"] == "query.since"


def test_a_department_manager_sees_their_department_only(world, hospital):
    manager = make_member("chef@chu.test")
    make_institution_member(hospital["institution"], manager)
    StaffMember.objects.create(institution=hospital["institution"], email="chef@chu.test", first_name="Chef",
                               last_name="Cardio", department=hospital["cardio"], user=manager)
    hospital["cardio"].managers.add(manager)
    client = ApiClient(make_token(manager, ["read"]))
    found = ids(client.get(f"{_base(hospital)}/staff"))
    assert hospital["people"]["doctor"].pk in found and hospital["people"]["nurse"].pk not in found
    assert ids(client.get(f"{_base(hospital)}/departments")) == [hospital["cardio"].pk]
    assert ids(client.get(f"{_base(hospital)}/completions")) == []
    nurse = hospital["people"]["nurse"].pk
    assert client.get(f"{_base(hospital)}/staff/{nurse}").status_code == 404
