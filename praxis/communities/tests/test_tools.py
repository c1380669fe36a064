"""Co-built tools: versions, a readable diff, and no silent overwrite (the second save shows the conflict and keeps
both texts) — also under real concurrency on PostgreSQL."""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.urls import reverse

from praxis.communities import services
from praxis.communities.models import Tool, ToolVersion
from praxis.core.actor import Actor
from praxis.testing import make_community_member, make_member

from .factories import make_local_community


@pytest.fixture
def cast(db):
    facilitator = make_member(first_name="Inès", last_name="Haddad")
    community = make_local_community(facilitator=facilitator)
    member = make_member(first_name="Pieter", last_name="Janssens")
    make_community_member(community, member)
    return community, facilitator, member


def test_each_save_is_a_version_with_a_readable_diff(cast) -> None:
    community, facilitator, member = cast
    tool = services.tool_create(actor=Actor(facilitator), community=community, title="Fiche de liaison",
                                text="# Fiche\n- service\n- date de sortie")
    version = services.tool_save(actor=Actor(member), tool=tool, text="# Fiche\n- service\n- date et heure de sortie",
                                 based_on=1, note="Heure ajoutée")
    assert version.number == 2 and not version.is_conflict
    lines = services.diff("# Fiche\n- service\n- date de sortie", version.text)
    assert [(line.kind, line.text) for line in lines if line.kind != "same"] == [
        ("removed", "- date de sortie"), ("added", "- date et heure de sortie")]


def test_the_second_save_on_an_old_version_keeps_both_texts(cast, client) -> None:
    community, facilitator, member = cast
    tool = services.tool_create(actor=Actor(facilitator), community=community, title="Fiche", text="v1")
    services.tool_save(actor=Actor(facilitator), tool=tool, text="texte d'Inès", based_on=1)
    client.force_login(member)
    response = client.post(reverse("communities:tool_edit", args=[community.slug, tool.pk]),
                           {"title": "Fiche", "text": "texte de Pieter", "based_on": 1})
    assert response.status_code == 409
    page = response.content.decode()
    assert "texte d&#x27;Inès" in page and "texte de Pieter" in page
    tool.refresh_from_db()
    assert tool.version == 2
    assert ToolVersion.objects.get(tool=tool, number=2).text == "texte d'Inès"
    assert ToolVersion.objects.get(tool=tool, number=None).text == "texte de Pieter"
    # Saving again from the newest version goes through.
    assert client.post(reverse("communities:tool_edit", args=[community.slug, tool.pk]),
                       {"title": "Fiche", "text": "texte fusionné", "based_on": 2}).status_code == 302


def test_a_tool_is_private_to_the_community(cast, client) -> None:
    community, facilitator, _member = cast
    tool = services.tool_create(actor=Actor(facilitator), community=community, title="Fiche", text="v1")
    client.force_login(make_member())
    assert client.get(reverse("communities:tool", args=[community.slug, tool.pk])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_concurrent_saves_on_postgresql_never_overwrite_each_other() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("row locks are what is under test: PostgreSQL only")
    facilitator = make_member()
    community = make_local_community(facilitator=facilitator)
    writers = [make_member() for _ in range(4)]
    for writer in writers:
        make_community_member(community, writer)
    tool = services.tool_create(actor=Actor(facilitator), community=community, title="Fiche", text="v1")
    barrier = threading.Barrier(len(writers))
    errors: list[BaseException] = []

    def save(user) -> None:
        try:
            barrier.wait(5)
            services.tool_save(actor=Actor(user), tool=Tool.objects.get(pk=tool.pk), text=f"texte de {user.pk}",
                               based_on=1)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(writer,)) for writer in writers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not errors
    tool.refresh_from_db()
    assert tool.version == 2
    assert ToolVersion.objects.filter(tool=tool, number=2).count() == 1
    assert ToolVersion.objects.filter(tool=tool, number__isnull=True).count() == len(writers) - 1
    assert set(ToolVersion.objects.filter(tool=tool).exclude(number=1).values_list("text", flat=True)) == {
        f"texte de {writer.pk}" for writer in writers}
