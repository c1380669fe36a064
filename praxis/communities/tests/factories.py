"""Factories for the communities' tests (plain typed functions)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from praxis.accounts.models import User
from praxis.communities.models import Community, CommunityInvitation, CommunityMembership, JoinRequest
from praxis.testing import make_community, make_community_member, make_member


def make_local_community(name: str = "CdP Schaerbeek", *, facilitator: User | None = None,
                         **fields: Any) -> Community:
    fields.setdefault("purpose", "Mieux coordonner le retour à domicile après une hospitalisation.")
    fields.setdefault("visibility", Community.Visibility.PUBLIC)
    fields.setdefault("join_policy", Community.JoinPolicy.REQUEST)
    fields.setdefault("languages", ["fr", "nl"])
    community = make_community(name, **fields)
    if facilitator is not None:
        make_community_member(community, facilitator, CommunityMembership.Role.FACILITATOR)
    return community


def make_join_request(community: Community, user: User | None = None, **fields: Any) -> JoinRequest:
    return JoinRequest.objects.create(community=community, user=user or make_member(), **fields)


def make_community_invitation(community: Community, email: str, *, invited_by: User | None = None,
                              days: int = 14, **fields: Any) -> CommunityInvitation:
    return CommunityInvitation.objects.create(community=community, email=email, invited_by=invited_by,
                                              expires_at=timezone.now() + timedelta(days=days), **fields)


def make_case(community: Community, author: User, **fields: Any) -> Any:
    from praxis.communities.models import Case

    fields.setdefault("title", "Sorties d'hôpital le vendredi soir")
    fields.setdefault("context", "Quartier nord, trois services de soins à domicile.")
    fields.setdefault("problem", "Les sorties du vendredi soir arrivent sans plan de soins transmis.")
    return Case.objects.create(community=community, author=author, **fields)


def make_thread(community: Community, author: User, **fields: Any) -> Any:
    from praxis.communities.models import Thread

    fields.setdefault("title", "Outils de liaison")
    fields.setdefault("body", "Quels outils utilisez-vous pour la liaison hôpital-domicile ?")
    return Thread.objects.create(community=community, author=author, **fields)


def make_meeting(community: Community, author: User, *, days: int = 7, **fields: Any) -> Any:
    from praxis.communities.models import Meeting
    from praxis.communities.services import agenda_template

    starts = timezone.now() + timedelta(days=days)
    fields.setdefault("title", "Réunion de la communauté")
    fields.setdefault("place", "Maison de quartier, salle 2")
    fields.setdefault("agenda", [{**phase, "items": []} for phase in agenda_template(community)])
    return Meeting.objects.create(community=community, created_by=author, starts_at=starts,
                                  ends_at=starts + timedelta(hours=2), **fields)


def make_tool(community: Community, author: User) -> Any:
    from praxis.communities.models import Tool, ToolVersion

    tool = Tool.objects.create(community=community, title="Fiche de liaison", created_by=author, version=2)
    ToolVersion.objects.create(tool=tool, number=1, text="# Fiche\n- service", author=author)
    ToolVersion.objects.create(tool=tool, number=2, text="# Fiche\n- service\n- date", author=author)
    return tool
