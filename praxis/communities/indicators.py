"""Comparable indicators across the communities of a network, without their private content: counts and rates only,
and any figure computed from fewer than `MIN_PEOPLE` people is suppressed (shown as "< 5")."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, F, Q

from .models import Action, Attendance, Case, Community, CommunityMembership, Meeting, Network, SurveyAnswer

MIN_PEOPLE = 5


@dataclass
class Figure:
    value: Any
    people: int

    @property
    def suppressed(self) -> bool:
        return self.people < MIN_PEOPLE

    def __str__(self) -> str:
        if self.suppressed:
            return f"< {MIN_PEOPLE}"
        return f"{self.value:.0f} %" if isinstance(self.value, float) else str(self.value)

    @property
    def csv(self) -> str:
        if self.suppressed:
            return ""
        return f"{self.value:.1f}" if isinstance(self.value, float) else str(self.value)


@dataclass
class Row:
    community: Community
    figures: dict[str, Figure] = field(default_factory=dict)
    professions: dict[str, Figure] = field(default_factory=dict)


COLUMNS = ["members", "meetings_held", "attendance_rate", "cases_opened", "cases_documented", "cases_with_outcome",
           "actions_on_time", "usefulness"]


def _by_community(queryset: Any, key: str = "community_id") -> dict[int, dict[str, Any]]:
    return {row[key]: row for row in queryset}


def network_indicators(network: Network) -> list[Row]:
    """One row per community of the network, a handful of grouped queries whatever the number of communities."""
    from praxis.accounts.models import Profession

    communities = list(network.communities.order_by("name"))
    ids = [c.pk for c in communities]
    members = _by_community(CommunityMembership.objects.filter(community_id__in=ids).values("community_id")
                            .annotate(n=Count("id")))
    professions: dict[int, dict[str, int]] = {}
    for row in CommunityMembership.objects.filter(community_id__in=ids).values("community_id", "user__profession") \
            .annotate(n=Count("id")):
        professions.setdefault(row["community_id"], {})[row["user__profession"] or "other"] = row["n"]
    held = _by_community(Meeting.objects.filter(community_id__in=ids, status=Meeting.Status.HELD)
                         .values("community_id").annotate(n=Count("id")))
    attendance = _by_community(Attendance.objects.filter(meeting__community_id__in=ids).values("meeting__community_id")
                               .annotate(rows=Count("id"), present=Count("id", filter=Q(present=True)),
                                         people=Count("user", distinct=True)), "meeting__community_id")
    cases = _by_community(Case.objects.filter(community_id__in=ids).values("community_id").annotate(
        opened=Count("id", distinct=True), documented=Count("id", filter=Q(status=Case.Status.DOCUMENTED),
                                                            distinct=True),
        with_outcome=Count("id", filter=Q(outcomes__isnull=False), distinct=True),
        people=Count("author", distinct=True)))
    actions = _by_community(Action.objects.filter(community_id__in=ids, done_at__isnull=False).values("community_id")
                            .annotate(done=Count("id"), on_time=Count("id", filter=Q(done_at__date__lte=F("due_on"))),
                                      people=Count("owner", distinct=True)))
    surveys = _by_community(SurveyAnswer.objects.filter(meeting__community_id__in=ids).values("meeting__community_id")
                            .annotate(total=Count("id"), people=Count("user", distinct=True),
                                      useful=Count("id", filter=Q(usefulness__gte=4))), "meeting__community_id")
    labels = dict(Profession.choices)
    rows = []
    for community in communities:
        m = members.get(community.pk, {}).get("n", 0)
        a = attendance.get(community.pk, {})
        c = cases.get(community.pk, {})
        d = actions.get(community.pk, {})
        s = surveys.get(community.pk, {})
        rows.append(Row(community, figures={
            "members": Figure(m, m),
            # Meetings held are facts about the group, not about people: never suppressed.
            "meetings_held": Figure(held.get(community.pk, {}).get("n", 0), MIN_PEOPLE),
            "attendance_rate": Figure(100.0 * a.get("present", 0) / a["rows"] if a.get("rows") else 0.0,
                                      a.get("people", 0)),
            "cases_opened": Figure(c.get("opened", 0), c.get("people", 0)),
            "cases_documented": Figure(c.get("documented", 0), c.get("people", 0)),
            "cases_with_outcome": Figure(c.get("with_outcome", 0), c.get("people", 0)),
            "actions_on_time": Figure(100.0 * d.get("on_time", 0) / d["done"] if d.get("done") else 0.0,
                                      d.get("people", 0)),
            "usefulness": Figure(100.0 * s.get("useful", 0) / s["total"] if s.get("total") else 0.0,
                                 s.get("people", 0)),
        }, professions={str(labels.get(key, key)): Figure(n, n)
                        for key, n in sorted(professions.get(community.pk, {}).items(), key=lambda kv: -kv[1])}))
    return rows
