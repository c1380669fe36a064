"""The screening in both versions, through the pages: answers stay in the session, one anonymous row at the end."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse

from praxis.prevention import icope, wizard
from praxis.prevention.models import Screening
from praxis.testing import Personas

from .factories import CONTEXT_PRO, CONTEXT_SELF, post_data
from .test_icope import HEALTHY

pytestmark = pytest.mark.django_db


def step_url(flow: wizard.Flow, slug: str) -> str:
    return reverse(flow.step_name, args=[slug])


def walk(client: Client, flow: wizard.Flow, context: dict[str, str], answers: dict[str, Any],
         stop_before: str | None = None) -> Any:
    response = client.post(step_url(flow, wizard.CONTEXT_SLUG), context)
    assert response.status_code == 302, response.content.decode()[:2000]
    for step in flow.steps:
        if step.slug == stop_before:
            return response
        response = client.post(step_url(flow, step.slug), post_data(step, answers))
        assert response.status_code == 302, (step.slug, response.content.decode()[-3000:])
    return response


def table_counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for model in apps.get_models():
            table = model._meta.db_table
            if table == "django_session":
                continue
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (table names from the models)
            counts[table] = cursor.fetchone()[0]
    return counts


def test_the_self_assessment_stores_one_anonymous_row_and_shows_the_flagged_domains() -> None:
    client = Client()
    answers = HEALTHY | {"chair_rise": "16.5", "appetite_loss": True}
    before = table_counts()
    response = walk(client, wizard.SELF, CONTEXT_SELF, answers)
    assert response.url.startswith("/prevention/resultat/")

    after = table_counts()
    changed = {table: after[table] - before[table] for table in after if after[table] != before[table]}
    assert changed == {Screening._meta.db_table: 1}  # nothing else written anywhere (sessions aside)
    row = Screening.objects.values().get()
    row.pop("id")
    assert row == {
        "instrument_version": icope.VERSION, "run_by": "carer", "age_band": "80-89", "country": "BE",
        "area": "be-wht", "flag_cognition": False, "flag_mobility": True, "flag_nutrition": True,
        "flag_vision": False, "flag_hearing": False, "flag_depression": False, "screened_on": row["screened_on"],
    }
    # The answers left the session with the last screen.
    assert not [key for key in client.session.keys() if key.startswith("prevention:")]  # noqa: SIM118

    page = client.get(response.url).content.decode()
    assert "Mobilité réduite" in page and "Malnutrition" in page
    assert "SPPB" in page or "kinésithérapeute" in page


def test_no_column_of_a_screening_can_hold_a_name_a_birth_date_or_free_text() -> None:
    kinds = {field.name: field.get_internal_type() for field in Screening._meta.concrete_fields}
    assert "DateTimeField" not in kinds.values()  # no time of day either
    for field in Screening._meta.concrete_fields:
        if field.get_internal_type() == "CharField":
            assert field.choices or field.name == "instrument_version", field.name
    assert not [f for f in Screening._meta.get_fields() if f.is_relation]  # no link to an account


def test_a_screening_abandoned_half_way_stores_nothing() -> None:
    client = Client()
    walk(client, wizard.SELF, CONTEXT_SELF, HEALTHY, stop_before="poids")
    assert Screening.objects.count() == 0
    # Coming back offers to continue where the person stopped; still nothing stored.
    page = client.get(reverse("prevention:self_start")).content.decode()
    assert step_url(wizard.SELF, "poids") in page
    assert Screening.objects.count() == 0


def test_screens_cannot_be_skipped_and_going_back_keeps_the_answers() -> None:
    client = Client()
    client.post(step_url(wizard.SELF, "contexte"), CONTEXT_SELF)
    response = client.get(step_url(wizard.SELF, "poids"))
    assert response.url == step_url(wizard.SELF, "mots")
    client.post(step_url(wizard.SELF, "mots"), {})
    client.post(step_url(wizard.SELF, "date"), {"oriented_date": "no"})
    page = client.get(step_url(wizard.SELF, "date")).content.decode()
    assert re.search(r'value="no"[^>]*checked', page)
    page = client.get(step_url(wizard.SELF, "contexte")).content.decode()
    assert re.search(r'value="be-wht"[^>]*selected', page)


@pytest.mark.parametrize(("typed", "message"), [
    ("-3", "ne peut pas être négatif"),
    ("600,1", "Plus de 10 minutes"),
    ("4000", "Plus de 10 minutes"),
    ("0", "plus de zéro"),
    ("douze", "nombre de secondes"),
    ("", "Indiquez le temps"),
])
def test_an_impossible_chair_rise_time_is_refused_with_a_clear_message(typed: str, message: str) -> None:
    client = Client()
    walk(client, wizard.SELF, CONTEXT_SELF, HEALTHY, stop_before="chaise")
    response = client.post(step_url(wizard.SELF, "chaise"), {"chair_rise_seconds": typed})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert typed in response.content.decode()  # what was typed is kept in the field
    assert "chair_rise" not in client.session["prevention:screening:self"]["a"]


def test_a_time_and_could_not_do_it_are_not_accepted_together() -> None:
    client = Client()
    walk(client, wizard.SELF, CONTEXT_SELF, HEALTHY, stop_before="chaise")
    response = client.post(step_url(wizard.SELF, "chaise"), {"chair_rise_seconds": "12", "chair_rise_not_done": "on"})
    assert response.status_code == 400


def test_the_area_must_be_in_the_chosen_country() -> None:
    response = Client().post(step_url(wizard.SELF, "contexte"), CONTEXT_SELF | {"country": "FR"})
    assert response.status_code == 400
    assert "pas dans le pays" in response.content.decode()


def test_no_screen_offers_free_text() -> None:
    client = Client()
    pages = [client.get(step_url(wizard.SELF, "contexte")).content.decode()]
    client.post(step_url(wizard.SELF, "contexte"), CONTEXT_SELF)
    for step in wizard.SELF.steps:
        pages.append(client.get(step_url(wizard.SELF, step.slug)).content.decode())
        client.post(step_url(wizard.SELF, step.slug), post_data(step, HEALTHY))
    for page in pages:
        form = page[page.index("<main"):]
        assert "<textarea" not in form
        types = set(re.findall(r'<input[^>]*type="(\w+)"', form))
        assert types <= {"hidden", "radio", "checkbox", "text"}, types
        # The only text input is the chair-rise time, a decimal number.
        assert re.findall(r'<input[^>]*type="text"[^>]*name="(\w+)"', form) in ([], ["chair_rise_seconds"])


def test_the_self_assessment_shows_the_word_set_in_the_visitors_language() -> None:
    client = Client(headers={"accept-language": "nl"})
    client.cookies["django_language"] = "nl"
    client.post(step_url(wizard.SELF, "contexte"), CONTEXT_SELF)
    page = client.get(step_url(wizard.SELF, "mots")).content.decode()
    index = client.session["prevention:screening:self"]["ws"]
    assert all(word in page for word in icope.WORD_SETS["nl"][index])


def test_a_member_runs_the_professional_version_stored_as_run_by_a_professional(personas: Personas) -> None:
    client = personas.client("verified_gp")
    worst = {key: False for key in HEALTHY} | {"words_recalled": 0, "chair_rise": None}
    response = walk(client, wizard.PRO, CONTEXT_PRO, worst | {"hearing_passed": True, "oriented_date": True,
                                                  "oriented_place": True, "words_recalled": 3})
    row = Screening.objects.get()
    assert (row.run_by, row.country, row.area, row.flagged_domains) == ("professional", "FR", "fr-59", ["mobility"])
    assert "SPPB" in client.get(response.url).content.decode()
    response = client.get(reverse("prevention:pro_step", args=["humeur"]))
    assert response.url == step_url(wizard.PRO, "contexte")  # the answers are gone: a new screening starts


def test_the_professional_version_asks_one_domain_per_screen_and_the_self_assessment_one_question() -> None:
    assert max(len(step.items) for step in wizard.SELF.steps) == 1
    domains = [{icope.ITEMS_BY_KEY[key].domain for key in step.items} for step in wizard.PRO.steps]
    assert all(len(found) == 1 for found in domains)


def test_htmx_gets_only_the_question() -> None:
    response = Client().get(step_url(wizard.SELF, "contexte"), headers={"HX-Request": "true"})
    assert b'id="question"' in response.content and b"<html" not in response.content
