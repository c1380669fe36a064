"""Pages of communities: success, wrong method, anonymous, outsider, htmx, query counts, bad input."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from praxis.communities.models import Community, CommunityInvitation
from praxis.communities.services import invitation_token
from praxis.institutions.tests.factories import load_test_places
from praxis.testing import make_community_member, make_member

from .factories import make_community_invitation, make_join_request, make_local_community

pytestmark = pytest.mark.django_db


@pytest.fixture
def facilitator():
    return make_member(email="anim@example.test")


@pytest.fixture
def community(facilitator):
    return make_local_community(facilitator=facilitator)


def _client(client, user):
    client.force_login(user)
    return client


def test_creating_a_territorial_community_resolves_its_places(client) -> None:
    load_test_places()
    founder = make_member()
    response = _client(client, founder).post(reverse("communities:create"), {
        "name": "CdP Ans-Herstal", "purpose": "Coordonner les retours à domicile.", "scope": "territory",
        "places": "4430, 4040 Herstal", "languages": ["fr"], "join_policy": "request", "visibility": "public"})
    community = Community.objects.get(name="CdP Ans-Herstal")
    assert response.status_code == 302
    assert sorted(community.places.values_list("postal_code", flat=True)) == ["4040", "4430"]


def test_an_unknown_place_is_named_and_what_was_typed_is_kept(client) -> None:
    load_test_places()
    response = _client(client, make_member()).post(reverse("communities:create"), {
        "name": "CdP inconnue", "purpose": "Mon but précis", "scope": "territory", "places": "Atlantide",
        "languages": ["fr"], "join_policy": "open", "visibility": "public"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "« Atlantide » n\u2019est pas une commune ou un code postal connu" in text or "Atlantide" in text
    assert "Mon but précis" in text
    assert not Community.objects.filter(name="CdP inconnue").exists()


def test_the_list_reads_a_fixed_number_of_queries(client, django_assert_max_num_queries) -> None:
    member = make_member()
    for n in range(8):
        community = make_local_community(f"CdP {n}", facilitator=make_member())
        make_community_member(community, make_member())
    make_community_member(community, member)
    _client(client, member)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("communities:list"))
    assert response.status_code == 200
    assert response.content.decode().count('class="card"') == 8


def test_the_home_shows_members_the_composition_and_reads_few_queries(
    client, community, facilitator, django_assert_max_num_queries,
) -> None:
    for profession in ["nurse", "nurse", "social_worker", "physiotherapist"] * 5:
        make_community_member(community, make_member(profession=profession))
    make_join_request(community)
    _client(client, facilitator)
    # One query per section (the shared library and the template notices included), whatever the community's size.
    with django_assert_max_num_queries(17):
        response = client.get(reverse("communities:home", args=[community.slug]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Infirmier" in text and "21 membres" in text
    assert "1 demande d\u2019adhésion vous attend" in text


def test_the_home_lists_are_cached_per_community_and_a_change_shows_at_once(
    client, community, facilitator, django_assert_max_num_queries,
) -> None:
    from praxis.communities import services
    from praxis.core.actor import Actor

    member = make_member(first_name="Pieter", last_name="Janssens", profession="physiotherapist")
    _client(client, facilitator)
    url = reverse("communities:home", args=[community.slug])
    client.get(url)
    # Built once: the lists every member sees and the composition come from the cached fragments.
    with django_assert_max_num_queries(10):
        assert client.get(url).status_code == 200
    services.case_create(actor=Actor(facilitator), community=community, themes=[],
                         data={"title": "Sorties du vendredi", "context": "Un service", "problem": "Pas de relais"})
    assert "Sorties du vendredi" in client.get(url).content.decode()
    services.thread_create(actor=Actor(facilitator), community=community, title="Cahier de liaison", body="Qui ?")
    assert "Cahier de liaison" in client.get(url).content.decode()
    community.join_policy = Community.JoinPolicy.OPEN
    community.save()
    services.community_join(actor=Actor(member), community=community)
    assert "Kinésithérapeute" in client.get(url).content.decode()


def test_an_outsider_sees_the_presentation_and_asks_to_join(client, community) -> None:
    outsider = make_member()
    _client(client, outsider)
    page = client.get(reverse("communities:home", args=[community.slug])).content.decode()
    assert "Demander à rejoindre" in page and "Ressources" not in page
    response = client.post(reverse("communities:join", args=[community.slug]), {"message": "Infirmière à Evere"})
    assert response.status_code == 302
    assert community.join_requests.get(user=outsider).message == "Infirmière à Evere"
    assert client.get(reverse("communities:join", args=[community.slug])).status_code == 405


def test_an_unlisted_community_is_a_404_for_outsiders(client, community) -> None:
    community.visibility = Community.Visibility.PRIVATE
    community.save()
    _client(client, make_member())
    assert client.get(reverse("communities:home", args=[community.slug])).status_code == 404


def test_a_facilitator_accepts_a_request_with_htmx(client, community, facilitator) -> None:
    join_request = make_join_request(community)
    response = _client(client, facilitator).post(
        reverse("communities:request_decide", args=[community.slug, join_request.pk]), {"decision": "accept"},
        headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.content.decode()
    assert community.memberships.filter(user=join_request.user).exists()


def test_an_expired_invitation_page_says_so(client, community, facilitator) -> None:
    guest = make_member()
    invitation = make_community_invitation(community, guest.email, invited_by=facilitator, days=-2)
    response = _client(client, guest).get(reverse("communities:invitation", args=[invitation_token(invitation)]))
    assert response.status_code == 410
    assert "Cette invitation a expiré" in response.content.decode()


def test_an_invitation_link_cannot_be_used_twice(client, community, facilitator) -> None:
    guest = make_member()
    invitation = make_community_invitation(community, guest.email, invited_by=facilitator)
    url = reverse("communities:invitation", args=[invitation_token(invitation)])
    _client(client, guest)
    assert client.post(url, {"decision": "accept"}).status_code == 302
    assert CommunityInvitation.objects.get(pk=invitation.pk).status == "accepted"
    assert client.post(url, {"decision": "accept"}).status_code == 410
    assert client.get(reverse("communities:invitation", args=["forged"])).status_code == 404


def test_the_last_facilitator_names_a_successor_to_leave(client, community, facilitator) -> None:
    member = make_community_member(community, make_member(last_name="Suivant"))
    _client(client, facilitator)
    url = reverse("communities:leave", args=[community.slug])
    assert "Suivant" in client.get(url).content.decode()
    refused = client.post(url, {})
    assert refused.status_code == 400 and community.memberships.filter(user=facilitator).exists()
    assert client.post(url, {"successor": member.pk}).status_code == 302
    member.refresh_from_db()
    assert member.role == "facilitator"


def test_a_removed_member_no_longer_sees_the_members_page(client, community, facilitator) -> None:
    member = make_member()
    membership = make_community_member(community, member)
    _client(client, facilitator).post(reverse("communities:member_remove", args=[community.slug, membership.pk]))
    client.force_login(member)
    assert client.get(reverse("communities:members", args=[community.slug])).status_code == 403


def test_following_with_htmx_returns_the_button(client, community) -> None:
    response = _client(client, make_member()).post(reverse("communities:follow", args=[community.slug]),
                                                   {"follow": "1"}, headers={"HX-Request": "true"})
    assert response.status_code == 200 and 'aria-pressed="true"' in response.content.decode()


def test_invitations_expire_after_two_weeks(client, community, facilitator) -> None:
    _client(client, facilitator).post(reverse("communities:invite", args=[community.slug]),
                                      {"email": "new@example.test"})
    invitation = CommunityInvitation.objects.get(email="new@example.test")
    assert timedelta(days=13) < invitation.expires_at - timezone.now() <= timedelta(days=14)


def test_a_facilitator_opening_the_members_page_is_audited_but_a_member_is_not(client, community, facilitator) -> None:
    """Facilitators see join requests' messages and invited addresses: private data, so the read is written down and
    shown in the access log (fr); a member sees only names and professions."""
    from praxis.accounts.privacy_page import read_label
    from praxis.core.models import AuditEntry

    member = make_member()
    make_community_member(community, member)
    make_join_request(community, make_member(), message="Je travaille à Herstal.")
    make_community_invitation(community, email="invitee@example.test")
    url = reverse("communities:members", args=[community.slug])

    page = _client(client, facilitator).get(url)
    assert page.status_code == 200 and "invitee@example.test" in page.content.decode()
    entry = AuditEntry.objects.get(action="communities.members.read")
    assert entry.actor == facilitator and entry.target_id == str(community.pk)
    assert entry.data == {"requests": 1, "invitations": 1}
    from django.utils import translation

    with translation.override("fr"):
        assert read_label(entry.action) == "a consulté les membres, demandes et invitations d\u2019une communauté"

    client.force_login(member)
    assert client.get(url).status_code == 200
    assert AuditEntry.objects.filter(action="communities.members.read").count() == 1
