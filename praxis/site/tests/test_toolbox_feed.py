"""New items of the toolboxes a member follows, in the home feed and the weekly digest (prevention's toolboxes)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from praxis.content.models import Content
from praxis.core.actor import Actor
from praxis.prevention import services
from praxis.prevention.models import Toolbox
from praxis.prevention.tests.factories import make_toolbox
from praxis.search.tests.factories import make_content
from praxis.site.feed import digest_items
from praxis.testing import Personas

pytestmark = pytest.mark.django_db


def _url(name: str, toolbox: Toolbox) -> str:
    return reverse(f"prevention:{name}", kwargs={"slug": toolbox.slug})


def _fresh(toolbox: Toolbox) -> Toolbox:
    return Toolbox.objects.get(pk=toolbox.pk)


def test_new_items_of_followed_toolboxes_reach_the_home_feed_and_the_weekly_digest(personas: Personas) -> None:
    toolbox = make_toolbox(personas.institution, title="Boîte du fil")
    other = make_toolbox(personas.institution, title="Boîte non suivie")
    personas.client("verified_gp").post(_url("toolbox_follow", toolbox), {"follow": "1"})
    admin = Actor(personas.institution_admin)
    services.item_add(actor=admin, toolbox=toolbox, seen_version=toolbox.version, section=toolbox.sections.get(),
                      kind="link", url="https://exemple.org/nouveau", title="Guide de la téléconsultation")
    services.item_add(actor=admin, toolbox=other, seen_version=other.version, section=other.sections.get(),
                      kind="link", url="https://exemple.org/autre", title="Lien d'une autre boîte")
    reserved = make_content("Capsule réservée aux vérifiés", author=personas.facilitator,
                            visibility=Content.Visibility.VERIFIED)
    services.item_add(actor=admin, toolbox=toolbox, seen_version=_fresh(toolbox).version,
                      section=toolbox.sections.get(), kind="content", target=reserved)

    home = personas.client("verified_gp").get("/").content.decode()
    assert "Guide de la téléconsultation" in home and "Capsule réservée aux vérifiés" in home
    assert "Lien d&#x27;une autre boîte" not in home and "Lien d'une autre boîte" not in home

    now = timezone.now()
    digest = digest_items(personas.verified_gp, now - timedelta(days=7), now + timedelta(minutes=1))
    assert {item["title"] for item in digest if item["kind"] == "toolbox"} == {
        "Guide de la téléconsultation", "Capsule réservée aux vérifiés"}
    # A follower who may not open an item is not shown it.
    personas.client("unverified_member").post(_url("toolbox_follow", toolbox), {"follow": "1"})
    digest = digest_items(personas.unverified_member, now - timedelta(days=7), now + timedelta(minutes=1))
    assert {item["title"] for item in digest if item["kind"] == "toolbox"} == {"Guide de la téléconsultation"}
