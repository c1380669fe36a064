"""An assignment's people list keeps its count (until the institution's report token changes) and its table (as HTML
per what it shows and language, `core.cards.kept_html`): a newcomer, a completion, a move and the day changing show on
the next load, in each language, and one scope never shows another's people. "My training" keeps nothing: a lesson
done, a new assignment and a completion show at once too."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from praxis.core.actor import Actor
from praxis.learning import services as learning_services
from praxis.learning.mandatory import rules, selectors, services
from praxis.learning.mandatory.models import Department, StaffAssignment, StaffMember
from praxis.learning.tests.factories import make_course
from praxis.testing import make_institution_member, make_member

pytestmark = pytest.mark.django_db

DONE_ON = {"fr": "fait le", "nl": "gedaan op", "en": "done on"}
TO_DO = {"fr": "à faire", "nl": "te doen", "en": "to do"}
PAGE_OF = {"fr": "Page 1 sur {}", "nl": "Pagina 1 van {}", "en": "Page 1 of {}"}


@pytest.fixture
def hospital(personas, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)  # 3 people: two pages
    institution = personas.institution
    urgences = Department.objects.create(institution=institution, name="Urgences")
    cardio = Department.objects.create(institution=institution, name="Cardiologie")
    nurse = make_member("nurse@chu.test")
    make_institution_member(institution, nurse)
    for email, department, user in (("nurse@chu.test", urgences, nurse), ("doctor@chu.test", urgences, None),
                                    ("cardio@chu.test", cardio, None)):
        StaffMember.objects.create(institution=institution, email=email, first_name="Prénom",
                                   last_name=email.split("@")[0], department=department, profession="nurse", user=user)
    admin = Actor(personas.institution_admin)
    scope = rules.check_scope(admin, institution.pk)
    course = make_course(institution, title="Hygiène", lessons=2)
    assignment, _n = services.assignment_create(actor=admin, scope=scope, institution=institution, data={
        "course": course, "auto_assign": True, "target": "everyone", "due_days": 30})
    return {"institution": institution, "cardio": cardio, "admin": admin, "scope": scope, "nurse": nurse,
            "course": course, "assignment": assignment, "client": personas.client("institution_admin"),
            "url": reverse("learning:assignment", args=[institution.slug, assignment.pk])}


def _page(client, settings, url, language):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _table(page):
    return page[page.index('<div id="rounds">'):]


def _complete(h):
    actor = Actor(h["nurse"])
    enrolment = learning_services.enrolment_create(actor=actor, course=h["course"])
    for lesson in h["course"].lessons.all():
        learning_services.lesson_acknowledge(actor=actor, enrolment=enrolment, lesson=lesson)


def test_a_newcomer_and_a_completion_show_on_the_next_load_in_each_language(hospital, settings):
    client, url = hospital["client"], hospital["url"]
    before = {language: _page(client, settings, url, language) for language in ("fr", "nl", "en")}
    for language, page in before.items():
        assert PAGE_OF[language].format(2) in page and TO_DO[language] in page
        assert DONE_ON[language] not in page
        assert _table(_page(client, settings, url, language)) == _table(page)  # kept, and the same
    services.staff_import_apply(actor=hospital["admin"], institution=hospital["institution"],
                                text="Courriel;Prénom;Nom;Fonction;Service\naaron@chu.test;Aaron;Aaron;nurse;Urgences\n"
                                     "eva@chu.test;Eva;Noel;nurse;Urgences\n")
    for language in ("fr", "nl", "en"):
        page = _page(client, settings, url, language)
        assert PAGE_OF[language].format(3) in page and "Aaron Aaron" in page  # first by name
    _complete(hospital)
    for language in ("fr", "nl", "en"):
        page = _page(client, settings, url + "?state=done", language)
        assert DONE_ON[language] in page and "nurse" in page
        assert PAGE_OF[language].format(1) not in page  # one person done: no pages
        assert "doctor" not in _page(client, settings, url + "?state=done", language)


def test_each_state_lists_its_own_people(hospital, settings):
    """"Overdue" is read by the ORM (its filter holds today's date), the other states by the compiled query."""
    StaffAssignment.objects.filter(assignment=hospital["assignment"], staff__email="doctor@chu.test").update(
        due_on=timezone.localdate() - timedelta(days=1))
    _complete(hospital)

    def names(state):
        page = _page(hospital["client"], settings, hospital["url"] + f"?state={state}", "en")
        return re.findall(r'<th scope="row">Prénom (\w+)</th>', page)

    assert names("overdue") == ["doctor"]
    assert names("open") == ["cardio", "doctor"]
    assert names("done") == ["nurse"]
    assert names("") == ["cardio", "doctor"]  # the first page of two


def test_the_open_and_done_counts_follow_a_completion(hospital):
    scope, assignment = hospital["scope"], hospital["assignment"]
    assert [selectors.assignment_round_count(scope, assignment, state=state) for state in ("", "open", "done")] == [
        3, 3, 0]
    _complete(hospital)
    assert [selectors.assignment_round_count(scope, assignment, state=state) for state in ("", "open", "done")] == [
        3, 2, 1]


def test_a_move_shows_the_new_department_and_a_managers_list_holds_their_people_only(hospital, personas, settings):
    client, url = hospital["client"], hospital["url"]
    assert "Cardiologie" in _page(client, settings, url + "?page=2", "fr") or "Cardiologie" in _page(
        client, settings, url, "fr")
    doctor = StaffMember.objects.get(email="doctor@chu.test")
    services.staff_update(actor=hospital["admin"], staff=doctor, department=hospital["cardio"], profession="nurse")
    page = _page(client, settings, url, "fr")  # cardio, doctor (Cardiologie both) on the first page
    assert page.count("<td>Cardiologie</td>") == 2
    manager = make_member("manager@chu.test")
    make_institution_member(hospital["institution"], manager)
    hospital["cardio"].managers.add(manager)
    manager_client = personas.client("institution_admin")
    manager_client.force_login(manager)
    page = _page(manager_client, settings, url, "fr")
    assert "nurse</th>" not in page and page.count("<td>Cardiologie</td>") == 2
    assert "Page 1 sur" not in page  # two people: one page


def test_the_day_changing_moves_a_round_to_overdue_without_any_write(hospital):
    scope, assignment = hospital["scope"], hospital["assignment"]
    assert selectors.assignment_round_count(scope, assignment, state="overdue") == 0
    tomorrow = timezone.now() + timedelta(days=31)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: tomorrow)
        assert selectors.assignment_round_count(scope, assignment, state="overdue") == 3


def test_my_training_shows_a_lesson_done_a_new_assignment_and_a_completion_at_once(hospital, personas, settings):
    client = personas.client("verified_gp")
    client.force_login(hospital["nurse"])
    url = reverse("learning:mine")
    page = _page(client, settings, url, "en")
    assert "Hygiène" in page and "due on" in page  # assigned
    actor = Actor(hospital["nurse"])
    enrolment = learning_services.enrolment_create(actor=actor, course=hospital["course"])
    first, second = hospital["course"].lessons.order_by("position")
    learning_services.lesson_acknowledge(actor=actor, enrolment=enrolment, lesson=first)
    assert "1 of 2 lessons done" in _page(client, settings, url, "en")
    assert "1 van 2 lessen voltooid" in _page(client, settings, url, "nl")
    other = make_course(hospital["institution"], title="Incendie", lessons=1)
    services.assignment_create(actor=hospital["admin"], scope=hospital["scope"], institution=hospital["institution"],
                               data={"course": other, "auto_assign": True, "target": "everyone", "due_days": 30})
    assert "Incendie" in _page(client, settings, url, "en")
    learning_services.lesson_acknowledge(actor=actor, enrolment=enrolment, lesson=second)
    page = _page(client, settings, url, "en")
    done = page[page.index('id="done-title"'):]
    assert "Hygiène" in done and "completed on" in done
