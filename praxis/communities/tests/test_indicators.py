"""Indicators across a network's communities on known data: right figures, small numbers suppressed, CSV, and the
coordinator never reaches a private case."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from praxis.communities.models import Action, Attendance, Case, CaseOutcome, Network, SurveyAnswer
from praxis.communities.selectors import network_indicators
from praxis.testing import make_community_member, make_institution, make_institution_member, make_member

from .factories import make_case, make_local_community, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    coordinator = make_institution("Coordination bruxelloise")
    network = Network.objects.create(name="Réseau bruxellois", coordinator=coordinator)
    big = make_local_community("CdP Nord", network=network)
    small = make_local_community("CdP Sud", network=network)
    people = [make_member(profession="nurse") for _ in range(6)] + [make_member(profession="gp") for _ in range(2)]
    for user in people:
        make_community_member(big, user)
    for user in people[:3]:
        make_community_member(small, user)
    meeting = make_meeting(big, people[0], days=-1, status="held")
    for n, user in enumerate(people):
        Attendance.objects.create(meeting=meeting, user=user, present=n < 6)  # 6 of 8 present
    for n, user in enumerate(people[:5]):
        case = make_case(big, user, status=Case.Status.DOCUMENTED if n < 2 else Case.Status.OPEN)
        if n == 0:
            CaseOutcome.objects.create(case=case, author=user, applied="fully", change="better")
        SurveyAnswer.objects.create(meeting=meeting, user=user, usefulness=5 if n < 4 else 2)
    make_case(small, people[0])
    today = timezone.localdate()
    for n, user in enumerate(people[:5]):
        Action.objects.create(community=big, meeting=meeting, text="x", owner=user, due_on=today,
                              done_at=timezone.now() - timedelta(days=1 if n < 4 else -2))
    return network, big, small


def test_figures_are_right_and_small_numbers_are_suppressed(network) -> None:
    network, _big, _small = network
    rows = {row.community.name: row for row in network_indicators(network)}
    north, south = rows["CdP Nord"].figures, rows["CdP Sud"].figures
    assert str(north["members"]) == "8" and str(north["meetings_held"]) == "1"
    assert str(north["attendance_rate"]) == "75 %"
    assert (str(north["cases_opened"]), str(north["cases_documented"]), str(north["cases_with_outcome"])) == (
        "5", "2", "1")
    assert str(north["usefulness"]) == "80 %"
    assert str(north["actions_on_time"]) == "80 %"
    assert str(rows["CdP Nord"].professions["Infirmier·ère"]) == "6"
    assert str(rows["CdP Nord"].professions["Médecin généraliste"]) == "< 5"
    assert str(south["members"]) == "< 5" and str(south["cases_opened"]) == "< 5"


def test_only_the_coordinator_sees_them_as_csv_and_never_a_private_case(network, client) -> None:
    network, big, _small = network
    staff = make_member()
    make_institution_member(network.coordinator, staff, "staff")
    url = reverse("communities:network_indicators", args=[network.pk])
    client.force_login(make_member())
    assert client.get(url).status_code == 403
    client.force_login(staff)
    page = client.get(url).content.decode()
    assert "CdP Nord" in page and "&lt; 5" in page
    csv = client.get(url, {"format": "csv"}).content.decode().splitlines()
    assert csv[1].startswith("CdP Nord,8,1,75.0,5,2,1,80.0,80.0")
    assert csv[2].startswith("CdP Sud,,0,")
    case = big.cases.first()
    assert client.get(reverse("communities:case", args=[big.slug, case.pk])).status_code == 404


def test_cases_by_theme_across_the_network_with_small_numbers_suppressed(network, client) -> None:
    from praxis.communities.selectors import network_theme_indicators
    from praxis.content.models import Theme

    network, big, small = network
    wounds = Theme.objects.create(name="Plaies", slug="plaies-cdp")
    palliative = Theme.objects.create(name="Soins palliatifs", slug="palliatifs-cdp")
    for case in big.cases.all():  # 5 cases from 5 presenters: 2 documented, 1 with an outcome
        case.themes.add(wounds)
    for case in small.cases.all():  # 1 case, 1 presenter
        case.themes.add(palliative, wounds)
    rows = {row.theme: row.figures for row in network_theme_indicators(network)}
    assert [str(rows["Plaies"][c]) for c in ("cases_opened", "cases_documented", "cases_with_outcome",
                                             "communities")] == ["6", "2", "1", "2"]
    assert str(rows["Soins palliatifs"]["cases_opened"]) == "< 5"
    assert str(rows["Soins palliatifs"]["communities"]) == "1"
    staff = make_member()
    make_institution_member(network.coordinator, staff, "staff")
    client.force_login(staff)
    url = reverse("communities:network_themes", args=[network.pk])
    page = client.get(url).content.decode()
    assert "Plaies" in page and "&lt; 5" in page
    lines = client.get(url, {"format": "csv"}).content.decode().splitlines()
    assert lines[1] == "Plaies,6,2,1,2"
    assert lines[2] == "Soins palliatifs,,,,1"
    client.force_login(big.memberships.first().user)
    assert client.get(url).status_code == 403
