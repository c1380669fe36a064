"""The self-assessment end to end in a real Chromium at phone width (390 px), in French: with the on-screen timer,
and without JavaScript (the time typed by hand)."""

import re

import pytest
from playwright.sync_api import expect

from praxis.institutions.models import Service
from praxis.institutions.tests.factories import LIEGE, load_test_places, make_listed_institution
from praxis.prevention.models import DomainService, Screening

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def phone(browser, *, javascript: bool = True):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-BE",
                                  java_script_enabled=javascript)
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost).*"), lambda route: route.abort())
    return context


def answer(page, value: str) -> None:
    page.locator(f"main input[value='{value}']").check()
    page.locator("main button[type=submit]").click()


def test_an_older_person_takes_the_self_assessment_on_a_phone_with_the_timer(live_server, phone_browser) -> None:
    load_test_places()
    # Transactional tests may start after another one flushed the seeded rows: make sure the mapping is there.
    dementia, _new = Service.objects.get_or_create(slug="dementia", defaults={"name": "Démence et mémoire"})
    DomainService.objects.get_or_create(domain="cognition", service=dementia)
    make_listed_institution("Consultation mémoire du CHU", lat=LIEGE[0], lon=LIEGE[1], services=["dementia"])
    context = phone(phone_browser)
    page = context.new_page()
    page.goto(f"{live_server.url}/prevention/auto-evaluation/")
    page.get_by_role("link", name="Commencer les questions").click()
    page.get_by_label("Je réponds pour moi-même").check()
    page.get_by_label("80 à 89 ans").check()
    page.get_by_label("France").check()
    page.get_by_label("Province ou département (facultatif)").select_option("fr-59")
    page.get_by_role("button", name="Suivant").click()

    words = page.locator("main .words li").all_inner_texts()
    assert len(words) == 3
    page.get_by_role("button", name="Suivant").click()
    answer(page, "yes")  # date
    answer(page, "yes")  # place
    for word in words[:2]:  # one word forgotten: cognition flagged
        page.get_by_label(word).check()
    page.get_by_role("button", name="Suivant").click()

    # The timer shows with JavaScript; its time lands in the field, which the person can still correct.
    expect(page.get_by_role("heading", name="Se lever d'une chaise")).to_be_visible()
    page.get_by_role("button", name="Lancer le chronomètre").click()
    page.get_by_role("button", name="Arrêter").click()
    assert re.fullmatch(r"\d+,\d", page.get_by_label("Temps pour cinq levers, en secondes").input_value())
    page.get_by_label("Temps pour cinq levers, en secondes").fill("9,5")
    page.get_by_role("button", name="Suivant").click()
    for value in ["no", "no", "no", "yes", "no", "no"]:
        answer(page, value)

    expect(page.get_by_role("heading", name="Résultat du dépistage")).to_be_visible()
    expect(page.get_by_role("heading", name="Déclin cognitif")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # no sideways scrolling on a phone
    row = Screening.objects.get()
    assert (row.run_by, row.age_band, row.area, row.flagged_domains) == ("self", "80-89", "fr-59", ["cognition"])

    # Who can help near a postal code: an unknown one keeps the result, a known one lists the memory clinic.
    page.get_by_label("Pays").select_option("BE")
    page.get_by_label("Code postal").fill("0042")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_text("Nous ne connaissons pas ce code postal")).to_be_visible()
    expect(page.get_by_role("heading", name="Déclin cognitif")).to_be_visible()
    page.get_by_label("Code postal").fill("4000")
    page.get_by_role("button", name="Rechercher").click()
    expect(page.get_by_role("link", name="Consultation mémoire du CHU")).to_be_visible()
    context.close()


def test_the_self_assessment_works_without_javascript_typing_the_time(live_server, phone_browser) -> None:
    context = phone(phone_browser, javascript=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/prevention/auto-evaluation/contexte/")
    page.get_by_label("Je suis un proche aidant et j'aide quelqu'un").check()
    page.get_by_label("70 à 79 ans").check()
    page.get_by_label("Belgique").check()
    page.get_by_role("button", name="Suivant").click()
    page.get_by_role("button", name="Suivant").click()
    answer(page, "yes")
    answer(page, "yes")
    for box in page.locator("main input[type=checkbox]").all():
        box.check()
    page.get_by_role("button", name="Suivant").click()
    expect(page.get_by_role("button", name="Lancer le chronomètre")).to_be_hidden()
    page.get_by_label("Temps pour cinq levers, en secondes").fill("-2")
    page.get_by_role("button", name="Suivant").click()
    expect(page.get_by_text("Un temps ne peut pas être négatif.")).to_be_visible()
    page.get_by_label("Temps pour cinq levers, en secondes").fill("15,2")
    page.get_by_role("button", name="Suivant").click()
    for value in ["no", "no", "no", "yes", "no", "no"]:
        answer(page, value)
    expect(page.get_by_role("heading", name="Mobilité réduite")).to_be_visible()
    assert Screening.objects.get().flagged_domains == ["mobility"]
    context.close()
