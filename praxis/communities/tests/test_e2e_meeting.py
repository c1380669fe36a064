"""End to end in a real headless Chromium at phone width, in French: a facilitator schedules a meeting (members are
invited by email with an .ics), takes the roll call on the phone, writes the minutes, records an action, and the open
action carries over into the next meeting's agenda; the member present finds the peer-group session in their record."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from praxis.communities.models import Meeting
from praxis.cpd.models import Entry
from praxis.testing import PASSWORD, make_community_member, make_member

from .factories import make_local_community

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_facilitator_runs_a_meeting_on_a_phone(live_server, browser) -> None:
    base = live_server.url
    facilitator = make_member("animatrice@example.test", first_name="Inès", last_name="Haddad")
    community = make_local_community(facilitator=facilitator, peer_group_number="GLEM-BXL-0421")
    member = make_member("infirmier@example.test", profession="nurse", first_name="Pieter", last_name="Janssens")
    make_community_member(community, member)
    absent = make_member("absente@example.test", first_name="Lotte", last_name="Peeters")
    make_community_member(community, absent)

    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-BE")
    context.route(re.compile(r"^https?://(?!127\.0\.0\.1|localhost).*"), lambda route: route.abort())
    page = context.new_page()
    page.goto(f"{base}/compte/login/")
    page.fill("input[name=login]", facilitator.email)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"{base}/")

    # 1. Schedule today's meeting (it starts in a few minutes) from the community's home.
    page.goto(f"{base}/communautes/{community.slug}/")
    page.get_by_role("link", name="Programmer une réunion").click()
    starts = timezone.now() + timedelta(minutes=5)
    page.fill("input[name=title]", "Réunion de décembre")
    page.fill("input[name=starts_at]", _local(starts))
    page.fill("input[name=ends_at]", _local(starts + timedelta(hours=2)))
    page.fill("input[name=place]", "Maison de quartier, salle 2")
    page.get_by_role("button", name="Programmer et inviter les membres").click()
    page.wait_for_url(re.compile(r"/reunions/\d+/$"))
    assert page.locator("h1").inner_text() == "Réunion de décembre"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    invited = sorted(message.to[0] for message in mail.outbox)
    assert invited == sorted([facilitator.email, member.email, absent.email])
    assert mail.outbox[0].attachments[0][2].startswith("text/calendar")

    # 2. Roll call on the phone: large checkboxes, one tap per member present.
    page.get_by_role("link", name="Présences").click()
    page.get_by_label("Pieter Janssens").check()
    page.get_by_label("Inès Haddad").check()
    page.get_by_role("button", name="Enregistrer les présences").click()
    page.wait_for_url(re.compile(r"/reunions/\d+/$"))
    assert "Présences enregistrées : 2 présents." in page.locator(".messages").inner_text()

    # 3. Minutes per phase, a decision, the topics of the next meeting.
    page.get_by_role("link", name="Compte rendu", exact=True).click()
    page.get_by_label("1. Accueil et ancrage du groupe").fill("Tour de table.")
    page.get_by_label("3. Échange à partir de situations concrètes").fill("Sorties du vendredi soir.")
    page.fill("textarea[name=decisions]", "Une personne de référence par service.")
    page.fill("textarea[name=next_topics]", "Outils de liaison")
    page.get_by_role("button", name="Enregistrer le compte rendu").click()
    page.wait_for_url(re.compile(r"/reunions/\d+/$"))
    assert "Une personne de référence par service." in page.content()

    # 4. An action with its owner (a member) and due date.
    page.fill("input[name=text]", "Diffuser la fiche de liaison")
    page.select_option("select[name=owner]", str(member.pk))
    page.fill("input[name=due_on]", timezone.localdate().isoformat())
    page.get_by_role("button", name="Ajouter l\u2019action").click()
    page.wait_for_url(re.compile(r"/reunions/\d+/#actions$"))
    assert "Diffuser la fiche de liaison — Pieter Janssens" in page.locator("#actions").inner_text()

    # 5. The next meeting's agenda carries the open action and the chosen topic.
    Meeting.objects.filter(community=community).update(starts_at=timezone.now() - timedelta(hours=3),
                                                       ends_at=timezone.now() - timedelta(hours=1))
    page.goto(f"{base}/communautes/{community.slug}/reunions/nouvelle/")
    later = timezone.now() + timedelta(days=42)
    page.fill("input[name=starts_at]", _local(later))
    page.fill("input[name=ends_at]", _local(later + timedelta(hours=2)))
    page.get_by_role("button", name="Programmer et inviter les membres").click()
    page.wait_for_url(re.compile(r"/reunions/\d+/$"))
    agenda = page.locator("section[aria-labelledby=agenda-title]").inner_text()
    assert "Action : Diffuser la fiche de liaison — Pieter Janssens" in agenda
    assert "Outils de liaison" in agenda

    # The member present has the peer-group session in their record; the absent one has none.
    assert Entry.objects.filter(member=member, activity_type="peer_group").count() == 1
    assert not Entry.objects.filter(member=absent).exists()
