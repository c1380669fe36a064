"""Templates of a network: published by the coordinator, adopted and adapted by communities, changed with a notice
("template updated — see what changed") that members answer by taking the change or keeping their text."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from praxis.communities import services
from praxis.communities.models import Network, Tool, ToolTemplate
from praxis.core.actor import Actor
from praxis.notifications.models import Notification
from praxis.testing import make_community_member, make_institution, make_institution_member, make_member

from .factories import make_local_community

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    coordinator = make_institution("Coordination bruxelloise")
    organiser = make_member(first_name="Anne", last_name="Coordo")
    make_institution_member(coordinator, organiser, "staff")
    network = Network.objects.create(name="Réseau bruxellois", coordinator=coordinator)
    facilitator = make_member(first_name="Inès", last_name="Haddad")
    community = make_local_community("CdP Nord", facilitator=facilitator, network=network)
    member = make_member(first_name="Pieter", last_name="Janssens")
    make_community_member(community, member)
    return network, organiser, community, facilitator, member


def _publish(network, organiser) -> ToolTemplate:
    return services.template_publish(actor=Actor(organiser), network=network, kind="case", title="Grille de cas",
                                     summary="Pour présenter un cas", text="# Cas\n- contexte\n- problème")


def test_the_coordinator_publishes_and_a_community_adopts_then_adapts(network, client) -> None:
    network, organiser, community, _facilitator, member = network
    client.force_login(organiser)
    response = client.post(reverse("communities:template_create"), {
        "network": network.pk, "kind": "case", "title": "Grille de cas", "summary": "",
        "text": "# Cas\n- contexte"})
    template = ToolTemplate.objects.get()
    assert response.status_code == 302 and template.network == network and template.version == 1
    client.force_login(member)
    offered = client.get(reverse("communities:templates_offered", args=[community.slug])).content.decode()
    assert "Grille de cas" in offered
    response = client.post(reverse("communities:template_adopt", args=[community.slug, template.pk]))
    tool = Tool.objects.get(community=community)
    assert response.status_code == 302 and tool.template == template and tool.template_version == 1
    assert tool.versions.get(number=1).text == "# Cas\n- contexte"
    services.tool_save(actor=Actor(member), tool=tool, text="# Cas\n- contexte\n- notre rubrique", based_on=1)
    assert not Tool.objects.get(pk=tool.pk).template_changed


def test_a_change_of_the_template_notifies_and_shows_what_changed(
    network, client, django_capture_on_commit_callbacks,
) -> None:
    network, organiser, community, facilitator, member = network
    template = _publish(network, organiser)
    tool = services.template_adopt(actor=Actor(member), community=community, template=template)
    services.tool_save(actor=Actor(member), tool=tool, text="# Cas\n- contexte\n- problème\n- notre rubrique",
                       based_on=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.template_update(actor=Actor(organiser), template=template, note="Rôles ajoutés",
                                 text="# Cas\n- contexte\n- problème\n- rôles impliqués")
    tool.refresh_from_db()
    assert tool.template_changed
    notified = set(Notification.objects.values_list("recipient__email", flat=True))
    assert {facilitator.email, member.email} <= notified and organiser.email not in notified
    client.force_login(member)
    page = client.get(reverse("communities:tool", args=[community.slug, tool.pk])).content.decode()
    assert "Modèle mis à jour — voir ce qui a changé" in page
    home = client.get(reverse("communities:home", args=[community.slug])).content.decode()
    assert f"/outils/{tool.pk}/modele/" in home
    change = client.get(reverse("communities:template_change", args=[community.slug, tool.pk])).content.decode()
    assert "Rôles ajoutés" in change and "+ - rôles impliqués" in change


def test_taking_the_change_makes_a_new_version_and_keeps_the_adapted_text_in_the_history(network, client) -> None:
    network, organiser, community, _facilitator, member = network
    template = _publish(network, organiser)
    tool = services.template_adopt(actor=Actor(member), community=community, template=template)
    services.tool_save(actor=Actor(member), tool=tool, text="notre texte", based_on=1)
    services.template_update(actor=Actor(organiser), template=template, note="v2", text="texte du réseau v2")
    client.force_login(member)
    response = client.post(reverse("communities:template_change", args=[community.slug, tool.pk]),
                           {"decision": "take"})
    assert response.status_code == 302
    tool.refresh_from_db()
    assert tool.version == 3 and tool.template_version == 2 and not tool.template_changed
    assert [v.text for v in tool.versions.order_by("number")] == ["# Cas\n- contexte\n- problème", "notre texte",
                                                                  "texte du réseau v2"]
    # Answered: the page is gone until the next change.
    assert client.get(reverse("communities:template_change", args=[community.slug, tool.pk])).status_code == 404


def test_keeping_our_text_silences_this_version_but_not_the_next(network, client) -> None:
    network, organiser, community, _facilitator, member = network
    template = _publish(network, organiser)
    tool = services.template_adopt(actor=Actor(member), community=community, template=template)
    services.template_update(actor=Actor(organiser), template=template, note="v2", text="v2")
    client.force_login(member)
    assert client.post(reverse("communities:template_change", args=[community.slug, tool.pk]),
                       {"decision": "keep"}).status_code == 302
    tool.refresh_from_db()
    assert not tool.template_changed and tool.version == 1 and tool.template_version == 1
    services.template_update(actor=Actor(organiser), template=template, note="v3", text="v3")
    tool.refresh_from_db()
    assert tool.template_changed


def test_who_may_publish_read_and_adopt(network) -> None:
    network, organiser, _community, facilitator, member = network
    other_network = Network.objects.create(name="Autre", coordinator=make_institution("Autre coordination"))
    foreign = make_local_community("CdP ailleurs", facilitator=make_member(), network=other_network)
    template = _publish(network, organiser)
    with pytest.raises(PermissionDenied):
        services.template_publish(actor=Actor(facilitator), network=network, kind="tool", title="x", summary="",
                                  text="x")
    with pytest.raises(PermissionDenied):  # the platform's templates are for platform admins
        services.template_publish(actor=Actor(organiser), network=None, kind="tool", title="x", summary="", text="x")
    with pytest.raises(PermissionDenied):  # another network's community
        services.template_adopt(actor=Actor(foreign.memberships.get().user), community=foreign, template=template)
    with pytest.raises(PermissionDenied):
        services.template_update(actor=Actor(member), template=template, note="", text="changé")
    outsider = make_member()
    from praxis.communities import rules

    assert not rules.templates_visible_to(Actor(outsider)).filter(pk=template.pk).exists()
    assert rules.templates_visible_to(Actor(member)).filter(pk=template.pk).exists()


def test_an_unchanged_text_publishes_no_version(network) -> None:
    network, organiser, *_rest = network
    template = _publish(network, organiser)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.template_update(actor=Actor(organiser), template=template, note="rien",
                                 text="# Cas\n- contexte\n- problème")


def test_the_template_list_reads_a_fixed_number_of_queries(network, client, django_assert_max_num_queries) -> None:
    network, organiser, community, _facilitator, member = network
    for n in range(10):
        template = services.template_publish(actor=Actor(organiser), network=network, kind="tool",
                                             title=f"Modèle {n}", summary="", text=f"texte {n}")
        services.template_adopt(actor=Actor(member), community=community, template=template)
    client.force_login(member)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("communities:templates"))
    assert response.status_code == 200 and response.content.decode().count("Modèle ") >= 10
    with django_assert_max_num_queries(12):
        response = client.get(reverse("communities:templates_offered", args=[community.slug]))
    assert response.status_code == 200
