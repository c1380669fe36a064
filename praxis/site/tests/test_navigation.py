"""The menu: areas for everyone, desks of reviewers, moderators and admins only for them, the current area marked."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

DESKS = {"review:queue": "Relectures", "review:moderation": "Modération",
         "accounts:verification_queue": "Vérifications", "admin:index": "Administration"}


def menu(html: str) -> dict[str, str]:
    """href -> label of the main navigation's links."""
    nav = re.search(r'<nav aria-label="Navigation principale">(.*?)</nav>', html, re.S).group(1)
    return {href: label.strip() for href, label in re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)}


@pytest.mark.parametrize("persona, desks", [
    ("anonymous", set()), ("verified_gp", set()), ("reviewer", {"review:queue"}),
    ("moderator", {"review:moderation", "accounts:verification_queue"}),
    ("platform_admin", {"review:moderation", "accounts:verification_queue", "admin:index"}),
])
def test_each_role_sees_its_desks_in_french(personas, persona: str, desks: set[str]) -> None:
    links = menu(personas.client(persona).get(reverse("content:list")).content.decode())
    assert {name for name in DESKS if reverse(name) in links} == desks
    for name in desks:
        assert links[reverse(name)] == DESKS[name]
    assert links[reverse("content:list")] == "Capsules"


def test_the_current_area_is_marked_for_screen_readers(personas) -> None:
    html = personas.client("verified_gp").get(reverse("events:agenda")).content.decode()
    assert re.search(rf'<a href="{reverse("events:agenda")}" aria-current="page">', html)
    assert html.count('aria-current="page"') == 1
