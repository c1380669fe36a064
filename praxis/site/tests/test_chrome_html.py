"""The header's menu and language options are rendered once per distinct menu in Python (issue 22): the same HTML as
base.html's loops wrote, escaping included."""

from django.conf import settings
from django.template import engines
from django.utils import translation

from praxis.site.context_processors import _language_options, _menu_html

MENU_LOOP = engines["django"].from_string(
    "{% for name, href, label, current in menu_items %}\n"
    '              <li><a href="{{ href }}"{% if current %} aria-current="page"{% endif %}>{{ label }}</a></li>\n'
    "            {% endfor %}"
)
LANGUAGE_LOOP = engines["django"].from_string(
    "{% load i18n %}{% get_current_language as LANGUAGE_CODE %}{% get_available_languages as LANGUAGES %}"
    "{% for code, name in LANGUAGES %}\n"
    '              <option value="{{ code }}" lang="{{ code }}"{% if code == LANGUAGE_CODE %} selected{% endif %}>'
    "{{ code|language_name_local|capfirst }}</option>\n"
    "            {% endfor %}"
)


def test_the_menu_is_the_html_of_the_template_loop() -> None:
    items = (("content:list", "/contenus/", "Capsules", True), ("events:agenda", "/agenda/?a=1&b=2", "Agenda", False),
             ("x:y", '/x/"<y>', "L'<b>étrange</b> & co", False))
    assert _menu_html(items) == MENU_LOOP.render({"menu_items": items})
    assert 'aria-current="page">Capsules' in _menu_html(items) and "<b>" not in _menu_html(items)
    assert _menu_html(()) == ""


def test_the_language_options_are_the_html_of_the_template_loop() -> None:
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            assert _language_options(code) == LANGUAGE_LOOP.render({})


def test_the_menu_labels_follow_the_language_of_each_request(client, db) -> None:
    assert ">Annuaire</a>" in client.get("/", headers={"Accept-Language": "fr"}).content.decode()
    client.cookies.clear()
    assert ">Gids</a>" in client.get("/", headers={"Accept-Language": "nl"}).content.decode()
    client.cookies.clear()
    assert ">Annuaire</a>" in client.get("/", headers={"Accept-Language": "fr"}).content.decode()


def test_the_parts_rendered_once_per_language_never_mix_visitors_members_or_languages(client, db) -> None:
    from django.template.loader import render_to_string
    from django.urls import reverse

    from praxis.testing import make_member

    logout, login = f'action="{reverse("account_logout")}"', f'href="{reverse("account_login")}"'
    member = make_member()
    client.force_login(member)
    html = client.get("/", headers={"Accept-Language": "fr"}).content.decode()
    assert logout in html and login not in html
    client.logout()
    html = client.get("/", headers={"Accept-Language": "fr"}).content.decode()
    assert login in html and logout not in html
    client.cookies.clear()
    html = client.get("/", headers={"Accept-Language": "nl"}).content.decode()
    assert login in html and 'lang="nl"' in html and ">Gids</a>" in html
    # Without a request (no context processors) the footer's links are still there.
    with translation.override("fr"):
        page = render_to_string("404.html")
    assert f'href="{reverse("core:terms")}"' in page
