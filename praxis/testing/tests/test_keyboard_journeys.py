"""Journeys with the keyboard only (Tab, Shift+Tab, Enter, Space, arrows, Escape) in real Chromium at phone width, in
French: the focus order, the accessible names a screen reader announces (Playwright's aria snapshot of the focused
element) and errors tied to their fields. See docs/accessibility.md."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import expect

from praxis.testing import make_member
from praxis.testing.browser import wait_until_true

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def keyboard_page(browser: Any, base: str, member: Any = None) -> Any:
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-BE")
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost).*"), lambda route: route.abort())
    context.add_cookies([{"name": "django_language", "value": "fr", "url": base}])
    if member is not None:
        from django.test import Client

        client = Client()
        client.force_login(member)
        context.add_cookies([{"name": n, "value": m.value, "url": base} for n, m in client.cookies.items()])
    return context.new_page()


def focused(page: Any) -> str:
    """What a screen reader announces for the focused element: its role and accessible name."""
    if page.evaluate("!document.activeElement || document.activeElement === document.body"):
        return "(nothing)"
    return page.locator("*:focus").aria_snapshot(timeout=5000).splitlines()[0].rstrip(":")


def focused_id(page: Any) -> str:
    return page.evaluate("document.activeElement && document.activeElement.id || ''")


def tab_to(page: Any, pattern: str, *, limit: int = 80, back: bool = False) -> list[str]:
    """Tab (or Shift+Tab) until the announced element matches `pattern`; returns what was announced on the way."""
    heard = []
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        heard.append(focused(page))
        if re.search(pattern, heard[-1]):
            return heard
    raise AssertionError(f"{pattern!r} never got the focus; heard: {heard}")


def skip_to_content(page: Any) -> None:
    page.keyboard.press("Tab")
    assert focused(page) == '- link "Aller au contenu"'
    page.keyboard.press("Enter")


def test_sign_up_and_verify_with_the_keyboard(live_server, browser) -> None:
    page = keyboard_page(browser, live_server.url)
    page.goto(f"{live_server.url}/compte/signup/")
    skip_to_content(page)
    typed = {
        "id_first_name": "Aline", "id_last_name": "Dewez", "id_email": "aline@example.test",
        "id_password1": "Geste-Sur-42!", "id_password2": "Geste-Sur-42!",
        "id_registration_number": "1-08290-60-004",  # wrong check digits: an error to correct
        "id_postal_code": "4430", "id_city": "Ans",
    }
    order = []
    for _ in range(60):
        page.keyboard.press("Tab")
        element = focused_id(page)
        announced = focused(page)
        assert re.search(r'"[^"]+"', announced), f"{element} has no accessible name: {announced}"
        if element and element not in order:
            order.append(element)
        if element in typed:
            page.keyboard.type(typed[element])
        elif element == "id_profession":
            page.keyboard.press("ArrowDown")  # a closed select: arrows change the choice
        elif element == "id_country":
            page.keyboard.type("Bel")  # or what is typed (ASCII letters: others open the list)
        elif element in {"id_individual", "id_accept_terms"}:
            page.keyboard.press("Space")
        if announced.startswith('- button "Créer mon compte"'):
            break
        print(element, announced)
    fields = [e for e in order if e.startswith("id_") and not e.startswith("id_languages_")]
    assert fields == ["id_first_name", "id_last_name", "id_email", "id_password1", "id_password2", "id_profession",
                      "id_specialty", "id_country", "id_registration_number", "id_postal_code", "id_city",
                      "id_individual", "id_accept_terms"]
    assert page.locator("#id_profession").input_value() == "gp"
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # The error is tied to its field, which gets the focus: announced with its message.
    assert focused_id(page) == "id_registration_number"
    field = page.locator("#id_registration_number")
    assert field.get_attribute("aria-invalid") == "true"
    described = " ".join(page.locator(f"#{i}").inner_text() for i in field.get_attribute("aria-describedby").split())
    assert "chiffres de contrôle" in described
    page.keyboard.press("Control+A")
    page.keyboard.type("1-08290-59-004")
    tab_to(page, r'textbox "Mot de passe :"', back=True)  # passwords are not sent back: type them again
    assert focused_id(page) == "id_password1"
    page.keyboard.type("Geste-Sur-42!")
    page.keyboard.press("Tab")
    page.keyboard.type("Geste-Sur-42!")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/compte/confirm-email/$"))

    # The link of the email, then its confirmation button, with the keyboard.
    found = re.search(r"https?://\S+/compte/confirm-email/\S+/", str(mail.outbox[-1].body))
    assert found
    page.goto(found.group(0))
    skip_to_content(page)
    tab_to(page, r'button "Confirmer"')
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/compte/login/"))
    page.context.close()


def test_the_phone_menu_opens_with_enter_and_closes_with_escape(live_server, browser) -> None:
    page = keyboard_page(browser, live_server.url)
    page.goto(f"{live_server.url}/")
    tab_to(page, r'Menu')  # a <summary>: Chromium exposes it as a disclosure (shown as text by the snapshot)
    page.keyboard.press("Enter")
    assert page.locator("details.menu").get_attribute("open") is not None
    heard = tab_to(page, r'link "Se connecter"')
    assert heard[0].startswith("- link")  # the first link of the opened menu follows its button
    page.keyboard.press("Escape")
    assert page.locator("details.menu").get_attribute("open") is None
    assert focused(page).endswith("Menu")
    page.context.close()


def test_ask_a_question_with_the_keyboard(live_server, browser) -> None:
    from praxis.content.selectors import content_url
    from praxis.discussions.tests.factories import make_content

    author = make_member("autrice@example.test")
    asker = make_member("curieux@example.test")
    content = make_content(author, title="Pansement de brûlure")
    page = keyboard_page(browser, live_server.url, asker)
    page.goto(f"{live_server.url}{content_url(content)}")
    skip_to_content(page)
    tab_to(page, r'textbox')
    page.keyboard.type("Faut-il changer le pansement tous les jours ?")
    page.keyboard.press("Tab")
    announced = focused(page)
    assert announced.startswith("- checkbox"), announced
    box = page.locator("*:focus")
    description = box.get_attribute("aria-describedby")
    assert description and page.locator(f"#{description}").count() == 1  # the help text exists (was a dead id)
    page.keyboard.press("Space")
    assert box.is_checked()
    tab_to(page, r'button "Poser')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_text("Faut-il changer le pansement tous les jours ?").first).to_be_visible()
    page.context.close()


def test_register_for_an_event_and_add_it_to_a_calendar_with_the_keyboard(live_server, browser) -> None:
    from praxis.events.tests.factories import make_event

    organiser = make_member("organisatrice@example.test")
    member = make_member("participant@example.test")
    event = make_event(organiser, capacity=20)
    page = keyboard_page(browser, live_server.url, member)
    page.goto(f"{live_server.url}/agenda/{event.pk}/")
    skip_to_content(page)
    tab_to(page, r'button "Je m.inscris"|button "S.inscrire"')
    page.keyboard.press("Enter")
    # htmx replaced the section: the focus is not lost, the new state is in a status region.
    status = page.locator("#registration [role=status]")
    status.get_by_text("Vous avez une place.").wait_for()
    wait_until_true(page, "document.activeElement && document.activeElement.id === 'registration'")
    heard = tab_to(page, r'link "Ajouter à mon agenda')
    assert any("Annuler mon inscription" in h for h in heard)
    assert page.locator("*:focus").get_attribute("href").endswith(f"/agenda/{event.pk}/evenement.ics")
    page.context.close()


def test_the_self_assessment_with_the_keyboard(live_server, browser) -> None:
    page = keyboard_page(browser, live_server.url)
    page.goto(f"{live_server.url}/prevention/auto-evaluation/")
    skip_to_content(page)
    tab_to(page, r'link "Commencer les questions"')
    with page.expect_navigation():
        page.keyboard.press("Enter")
    skip_to_content(page)
    heard = tab_to(page, r'radio "Je réponds pour moi-même')
    page.keyboard.press("Space")
    tab_to(page, r'radio "[^"]*ans')  # the age group: arrows move within the group
    page.keyboard.press("ArrowDown")
    assert focused(page).startswith("- radio")
    assert heard
    page.context.close()


def test_the_map_has_french_zoom_buttons_and_a_list_alternative(live_server, browser) -> None:
    from praxis.institutions.tests.factories import LIEGE, make_listed_institution

    make_listed_institution("Maison médicale du Laveu", lat=LIEGE[0], lon=LIEGE[1])
    page = keyboard_page(browser, live_server.url)
    page.goto(f"{live_server.url}/annuaire/?q=Laveu")
    zoom_in = page.locator(".leaflet-control-zoom-in")
    zoom_in.wait_for()
    assert zoom_in.get_attribute("title") == "Zoom avant"
    assert page.locator(".leaflet-control-zoom-out").get_attribute("title") == "Zoom arrière"
    expect(page.get_by_role("link", name="Maison médicale du Laveu").first).to_be_visible()  # the list beside the map
    page.context.close()
