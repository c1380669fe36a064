"""Reads of communities of practice. Every list goes through `rules.communities_visible_to`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, Prefetch, Q, QuerySet

from praxis.core.actor import Actor

from . import rules
from .models import Action, Case, Community, CommunityInvitation, CommunityMembership, JoinRequest, Meeting, Thread


def memberships_of(user: Any) -> QuerySet[CommunityMembership]:
    """The member's communities: what `Actor.community_roles` reads (registered by the app config)."""
    return CommunityMembership.objects.filter(user=user)


def community_for(actor: Actor, slug: str) -> Community | None:
    """The community if the actor may see its presentation (None: a 404 for everyone else)."""
    return rules.communities_visible_to(actor).filter(slug=slug).select_related("network__coordinator").first()


def community_list(actor: Actor, query: str = "") -> QuerySet[Community]:
    """Communities the actor may see, with their member count and places; the actor's own first."""
    communities = rules.communities_visible_to(actor).annotate(member_count=Count("memberships"))
    if query:
        communities = communities.filter(Q(name__icontains=query) | Q(function__icontains=query)
                                         | Q(places__name__icontains=query) | Q(places__postal_code=query)).distinct()
    own = list(actor.community_roles) if actor.is_authenticated else []
    mine = ExpressionWrapper(Q(pk__in=own), output_field=BooleanField())
    return communities.prefetch_related("places", "themes").annotate(is_mine=mine).order_by("-is_mine", "name")


@dataclass
class Composition:
    """How multidisciplinary the group is: members by profession, most represented first."""

    rows: list[tuple[str, int]] = field(default_factory=list)
    total: int = 0
    facilitators: list[Any] = field(default_factory=list)


def composition(community: Community) -> Composition:
    from praxis.accounts.models import Profession

    labels = dict(Profession.choices)
    counts = (community.memberships.values("user__profession").annotate(n=Count("id")).order_by("-n",
                                                                                                 "user__profession"))
    rows = [(str(labels.get(row["user__profession"], labels[Profession.OTHER])), row["n"]) for row in counts]
    facilitators = [m.user for m in community.memberships.filter(role=CommunityMembership.Role.FACILITATOR)
                    .select_related("user").order_by("user__last_name")]
    return Composition(rows=rows, total=sum(n for _label, n in rows), facilitators=facilitators)


def members(community: Community) -> QuerySet[CommunityMembership]:
    return community.memberships.select_related("user").order_by("role", "user__last_name", "user__first_name")


def pending_requests(community: Community) -> QuerySet[JoinRequest]:
    return community.join_requests.filter(status=JoinRequest.Status.PENDING).select_related("user")


def pending_invitations(community: Community) -> QuerySet[CommunityInvitation]:
    return community.invitations.filter(status=CommunityInvitation.Status.PENDING)


def own_pending_request(actor: Actor, community: Community) -> JoinRequest | None:
    if not actor.is_authenticated:
        return None
    return community.join_requests.filter(user=actor.user, status=JoinRequest.Status.PENDING).first()


def invitation_by_id(invitation_id: int) -> CommunityInvitation | None:
    return CommunityInvitation.objects.select_related("community", "invited_by").filter(pk=invitation_id).first()


def is_following(actor: Actor, community: Community) -> bool:
    from praxis.institutions.models import Follow

    return actor.is_authenticated and Follow.objects.filter(
        follower=actor.user, target_kind=Follow.Kind.COMMUNITY, target_id=community.pk).exists()


def resources(actor: Actor, community: Community, limit: int = 6) -> list[Any]:
    """Published content addressed to the community (or by it), as the actor may see it."""
    from praxis.content.rules import contents_visible_to

    return list(contents_visible_to(actor).filter(community=community).select_related("author")
                .order_by("-published_at")[:limit])


def community_with_places(community_id: int) -> Community:
    return Community.objects.prefetch_related(Prefetch("places"), "themes").get(pk=community_id)


def home_sections(actor: Actor, community: Community) -> dict[str, Any]:
    """What a member's home of the community shows besides the presentation: each part a short list."""
    return {
        "resources": resources(actor, community),
        "recent_cases": list(case_list(actor, community)[:5]),
        "recent_threads": list(thread_list(actor, community)[:5]),
        "next_meeting": next_meeting(actor, community),
        "actions_due": list(open_actions(community)[:8]),
        "pending_request_count": (pending_requests(community).count()
                                  if rules.can_facilitate(actor, community) else 0),
    }


# --- cases and discussions --------------------------------------------------------------------------------------------
def case_list(actor: Actor, community: Community) -> QuerySet[Case]:
    return (rules.cases_visible_to(actor).filter(community=community).select_related("author")
            .annotate(comment_count=Count("comments", distinct=True), outcome_count=Count("outcomes", distinct=True))
            .order_by("-created_at"))


def case_for(actor: Actor, community: Community, case_id: int) -> Case | None:
    """The case if the actor is a member of its community (None: a 404 for everyone else, coordinators included)."""
    return (rules.cases_visible_to(actor).filter(community=community, pk=case_id)
            .select_related("author", "community", "documented_by", "publication").first())


@dataclass
class Step:
    """One step of a case's path from its problem to its outcome."""

    kind: str
    at: Any
    label: str
    text: str = ""
    who: Any = None


def case_path(case: Case, comments: list[Any], recommendations: list[Any], outcomes: list[Any]) -> list[Step]:
    from django.utils.translation import gettext as _

    steps = [Step("problem", case.created_at, _("Problem brought by the presenter"), case.problem, case.author)]
    if comments:
        steps.append(Step("exchange", comments[0].created_at,
                          _("Exchange in the group (%(n)s comments)") % {"n": len(comments)}))
    steps += [Step("recommendation", r.created_at, _("Recommendation"), r.text, r.recorded_by)
              for r in recommendations]
    if case.documented_at:
        steps.append(Step("documented", case.documented_at, _("Marked documented"), who=case.documented_by))
    if case.followup_asked_at:
        steps.append(Step("asked", case.followup_asked_at, _("Presenter asked for an update")))
    steps += [Step("outcome", o.created_at, _("Outcome: %(applied)s; %(change)s") % {
        "applied": o.get_applied_display(), "change": o.get_change_display()},
        "\n".join(t for t in (o.what_applied, o.what_changed) if t), o.author) for o in outcomes]
    return sorted(steps, key=lambda step: step.at)


def thread_list(actor: Actor, community: Community) -> QuerySet[Thread]:
    return rules.threads_visible_to(actor).filter(community=community).select_related("author")


def thread_for(actor: Actor, community: Community, thread_id: int) -> Thread | None:
    return rules.threads_visible_to(actor).filter(community=community, pk=thread_id).select_related(
        "author", "community").first()


# --- meetings -----------------------------------------------------------------------------------------------------
def meeting_list(actor: Actor, community: Community) -> QuerySet[Meeting]:
    return rules.meetings_visible_to(actor).filter(community=community).annotate(
        present_count=Count("attendances", filter=Q(attendances__present=True)))


def meeting_for(actor: Actor, community: Community, meeting_id: int) -> Meeting | None:
    return rules.meetings_visible_to(actor).filter(community=community, pk=meeting_id).select_related(
        "community").first()


def next_meeting(actor: Actor, community: Community) -> Meeting | None:
    from django.utils import timezone

    return rules.meetings_visible_to(actor).filter(
        community=community, ends_at__gte=timezone.now()).exclude(status=Meeting.Status.CANCELLED).order_by(
        "starts_at").first()


def open_actions(community: Community) -> QuerySet[Action]:
    return community.actions.filter(done_at__isnull=True).select_related("owner").order_by("due_on", "id")
