"""An adopted template shapes its community: a meeting agenda words the five phases of the next meetings, a case
template the case form and page, an indicator set the indicators followed; adapting the tool or taking the
template's change applies again."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from praxis.communities import services, shaping
from praxis.communities.models import Community, Network, Tool, ToolTemplate
from praxis.core.actor import Actor
from praxis.testing import make_community_member, make_institution, make_institution_member, make_member

from .factories import make_local_community

pytestmark = pytest.mark.django_db

AGENDA = """# Notre ordre du jour

## Accueil et météo
Chacun dit en une phrase où il en est.

## Suivi des actions
On reprend les actions ouvertes.

## Situations concrètes
Un cas, présenté en 10 minutes.

## Thèmes du groupe
La posture, les outils.

## Clôture
Sujets de la prochaine fois.
"""

CASE = """# Grille du réseau

## Questions au groupe
Ce que vous attendez des collègues.

## Contexte du service
Type de service, territoire, moment.

## Problème rencontré
Ce qui bloque, pour qui.
"""


@pytest.fixture
def world():
    coordinator = make_institution("Coordination bruxelloise")
    organiser = make_member(first_name="Anne", last_name="Coordo")
    make_institution_member(coordinator, organiser, "staff")
    network = Network.objects.create(name="Réseau bruxellois", coordinator=coordinator)
    facilitator = make_member(first_name="Inès", last_name="Haddad")
    community = make_local_community("CdP Nord", facilitator=facilitator, network=network)
    member = make_member(first_name="Pieter", last_name="Janssens")
    make_community_member(community, member)
    return network, organiser, community, facilitator, member


def _publish(network: Network, organiser, kind: str, text: str) -> ToolTemplate:
    return services.template_publish(actor=Actor(organiser), network=network, kind=kind, title=f"Modèle {kind}",
                                     summary="", text=text)


def _adopt(client, community: Community, template: ToolTemplate, user) -> Tool:
    client.force_login(user)
    response = client.post(reverse("communities:template_adopt", args=[community.slug, template.pk]))
    assert response.status_code == 302
    return Tool.objects.get(community=community, template=template)


def _schedule(community: Community, facilitator, days: int = 7):
    starts = timezone.now() + timedelta(days=days)
    return services.meeting_schedule(actor=Actor(facilitator), community=community, cases=[], data={
        "title": "Réunion", "starts_at": starts, "ends_at": starts + timedelta(hours=2), "mode": "in_person",
        "place": "Maison de quartier"})


def test_an_adopted_agenda_words_the_five_phases_of_the_next_meetings(world, client) -> None:
    network, organiser, community, facilitator, member = world
    template = _publish(network, organiser, "agenda", AGENDA)
    _adopt(client, community, template, member)
    community.refresh_from_db()
    assert [row["title"] for row in services.agenda_template(community)] == [
        "Accueil et météo", "Suivi des actions", "Situations concrètes", "Thèmes du groupe", "Clôture"]
    meeting = _schedule(community, facilitator)
    assert [phase["key"] for phase in meeting.agenda] == ["welcome", "recap", "exchange", "themes", "closure"]
    assert meeting.agenda[0]["title"] == "Accueil et météo"
    assert meeting.agenda[0]["prompt"] == "Chacun dit en une phrase où il en est."
    # Still editable per community: the agenda template page shows the adopted wording.
    client.force_login(facilitator)
    page = client.get(reverse("communities:agenda_template", args=[community.slug])).content.decode()
    assert "Suivi des actions" in page


def test_taking_the_change_of_an_agenda_rewords_the_next_meetings_and_keeping_ours_does_not(world, client) -> None:
    network, organiser, community, facilitator, member = world
    template = _publish(network, organiser, "agenda", AGENDA)
    tool = _adopt(client, community, template, member)
    services.template_update(actor=Actor(organiser), template=template, note="Accueil renommé",
                             text=AGENDA.replace("Accueil et météo", "Accueil et ancrage"))
    client.force_login(member)
    assert client.post(reverse("communities:template_change", args=[community.slug, tool.pk]),
                       {"decision": "keep"}).status_code == 302
    community.refresh_from_db()
    assert services.agenda_template(community)[0]["title"] == "Accueil et météo"
    services.template_update(actor=Actor(organiser), template=template, note="Clôture précisée",
                             text=AGENDA.replace("Accueil et météo", "Accueil et ancrage").replace(
                                 "## Clôture", "## Clôture et évaluation"))
    assert client.post(reverse("communities:template_change", args=[community.slug, tool.pk]),
                       {"decision": "take"}).status_code == 302
    community.refresh_from_db()
    meeting = _schedule(community, facilitator)
    assert [meeting.agenda[0]["title"], meeting.agenda[4]["title"]] == ["Accueil et ancrage",
                                                                         "Clôture et évaluation"]


def test_adapting_the_adopted_tool_rewords_the_agenda_and_an_unreadable_text_changes_nothing(world, client) -> None:
    network, organiser, community, _facilitator, member = world
    tool = _adopt(client, community, _publish(network, organiser, "agenda", AGENDA), member)
    services.tool_save(actor=Actor(member), tool=tool, text=AGENDA.replace("Thèmes du groupe", "Nos thèmes"),
                       based_on=1)
    community.refresh_from_db()
    assert services.agenda_template(community)[3]["title"] == "Nos thèmes"
    services.tool_save(actor=Actor(member), tool=tool, text="Une simple note sans rubriques.", based_on=2)
    community.refresh_from_db()
    assert services.agenda_template(community)[3]["title"] == "Nos thèmes"


def test_an_adopted_case_template_shapes_the_case_form_and_page(world, client) -> None:
    network, organiser, community, _facilitator, member = world
    _adopt(client, community, _publish(network, organiser, "case", CASE), member)
    form = client.get(reverse("communities:case_create", args=[community.slug])).content.decode()
    # The sections are recognised by their words, whatever their order in the template.
    assert "Contexte du service" in form and "Type de service, territoire, moment." in form
    assert "Problème rencontré" in form and "Questions au groupe" in form
    assert form.index("Contexte du service") < form.index("Problème rencontré") < form.index("Questions au groupe")
    response = client.post(reverse("communities:case_create", args=[community.slug]), {
        "title": "Sorties du vendredi", "context": "Service de soins à domicile", "problem": "Pas de relais",
        "open_questions": "Qui appeler ?"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Contexte du service" in page and "Questions au groupe" in page and "Qui appeler ?" in page


def test_a_case_template_without_named_parts_words_them_in_order() -> None:
    shape = shaping.case_shape("- Premier point: le décor\n- Deuxième point")
    assert shape == [{"field": "context", "title": "Premier point", "prompt": "le décor"},
                     {"field": "problem", "title": "Deuxième point", "prompt": ""}]
    assert shaping.case_shape("Rien à lire ici.") is None


def test_an_adopted_indicator_set_selects_the_indicators_shown(world, client) -> None:
    network, organiser, community, _facilitator, member = world
    other = make_local_community("CdP Sud", facilitator=make_member(), network=network)
    template = _publish(network, organiser, "indicators",
                        "# Nos indicateurs\n- Réunions tenues\n- Taux de présence (en %)\n- usefulness")
    _adopt(client, community, template, member)
    community.refresh_from_db()
    assert community.indicator_keys == ["meetings_held", "attendance_rate", "usefulness"]
    # The community's own page: only what its set follows.
    page = client.get(reverse("communities:indicators", args=[community.slug])).content.decode()
    assert "Réunions tenues" in page and "Taux de présence" in page and "Actions faites à temps" not in page
    # The coordinator: the indicators some community follows; the rest of a row not followed is a dash.
    client.force_login(organiser)
    csv = client.get(reverse("communities:network_indicators", args=[network.pk]), {"format": "csv"})
    header, *rows = csv.content.decode().splitlines()
    assert header.split(",") == ["Communauté", "Membres", "Réunions tenues", "Taux de présence", "Cas ouverts",
                                 "Cas documentés", "Cas avec des suites connues", "Actions faites à temps",
                                 "Réunions jugées utiles (4 ou 5 sur 5)"]
    by_name = {row.split(",")[0]: row.split(",") for row in rows}
    assert by_name[community.name][1] == "" and by_name[community.name][2] == "0"  # members: not followed
    assert by_name[other.name][2] == "0"
    html = client.get(reverse("communities:network_indicators", args=[network.pk])).content.decode()
    assert "—" in html


def test_when_every_community_follows_a_set_the_network_shows_only_those_indicators(world, client) -> None:
    network, organiser, community, _facilitator, member = world
    _adopt(client, community, _publish(network, organiser, "indicators", "- Meetings held\n- Cases opened"), member)
    client.force_login(organiser)
    csv = client.get(reverse("communities:network_indicators", args=[network.pk]), {"format": "csv"})
    assert csv.content.decode().splitlines()[0].split(",") == ["Communauté", "Réunions tenues", "Cas ouverts"]


def test_a_plain_tool_template_shapes_nothing(world, client) -> None:
    network, organiser, community, _facilitator, member = world
    _adopt(client, community, _publish(network, organiser, "tool", AGENDA), member)
    community.refresh_from_db()
    assert community.agenda_template == [] and community.case_template == [] and community.indicator_keys == []


def test_the_community_indicators_are_for_its_members(world, client) -> None:
    _network, organiser, community, _facilitator, member = world
    client.force_login(member)
    assert client.get(reverse("communities:indicators", args=[community.slug])).status_code == 200
    client.force_login(organiser)  # the coordinator reads the network's figures, not the community's pages
    assert client.get(reverse("communities:indicators", args=[community.slug])).status_code == 403
    assert client.post(reverse("communities:indicators", args=[community.slug])).status_code == 405
