"""Reads of communities of practice. Every list goes through `rules.communities_visible_to`."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import Any

from django.db.models import BooleanField, Count, ExpressionWrapper, F, Prefetch, Q, QuerySet
from django.utils.functional import SimpleLazyObject

from praxis.core.actor import Actor, Standing
from praxis.core.compiled import ShapedQuery

from . import rules
from .models import (
    Action,
    Attendance,
    Case,
    Community,
    CommunityInvitation,
    CommunityMembership,
    JoinRequest,
    LibraryItem,
    Meeting,
    Network,
    SurveyAnswer,
    Thread,
    Tool,
    ToolTemplate,
)


def memberships_of(user: Any) -> QuerySet[CommunityMembership]:
    """The member's communities: what `Actor.community_roles` reads (registered by the app config)."""
    return CommunityMembership.objects.filter(user=user)


# The reads every community page or its home makes, compiled once per process and shape (issue 22: building them with
# the ORM was about half of the community home's calls). The rules write them from a `Standing` of marker values, so
# the visibility stays theirs; only the SQL is kept, never rows (tests/test_home_reads.py).
_community_read = ShapedQuery(lambda *standing_slug: rules.communities_visible_to(
    Standing(*standing_slug[:6])  # type: ignore[arg-type]
).filter(slug=standing_slug[6]).select_related("network__coordinator")[:1])


def community_for(actor: Actor, slug: str) -> Community | None:
    """The community if the actor may see its presentation (None: a 404 for everyone else)."""
    found = _community_read.objects(*actor.standing().values(), slug)
    return found[0] if found else None


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
                    .select_related("user").only("community_id", "user__first_name", "user__last_name", "user__email")
                    .order_by("user__last_name")]
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


def _resources_query(limit: int, *standing_community: Any) -> QuerySet[Any]:
    from praxis.content.models import Content
    from praxis.content.rules import visible_content_q

    return (Content.objects.filter(visible_content_q(Standing(*standing_community[:6])))  # type: ignore[arg-type]
            .filter(community_id=standing_community[6]).select_related("author").order_by("-published_at")[:limit])


_resources: dict[int, ShapedQuery] = {}


def resources(actor: Actor, community: Community, limit: int = 6) -> list[Any]:
    """Published content addressed to the community (or by it), as the actor may see it
    (`content.rules.contents_visible_to`, written by its `visible_content_q`)."""
    read = _resources.get(limit)
    if read is None:
        read = _resources[limit] = ShapedQuery(partial(_resources_query, limit))
    return read.objects(*actor.standing().values(), community.pk)


def community_with_places(community_id: int) -> Community:
    return Community.objects.prefetch_related(Prefetch("places"), "themes").get(pk=community_id)


def home_sections(actor: Actor, community: Community) -> dict[str, Any]:
    """What a member's home of the community shows besides the presentation: each part a short list.

    The lists shared by every member (actions due, cases, discussions, tools' notices, library) are read only when the
    template shows them (`SimpleLazyObject`: even building their querysets was ~10 % of the page): the home renders
    them inside a fragment cached per community and `updated_at` (which the services that change them bump,
    `services.home.home_changed`), so they are read only when the fragment is rebuilt. What depends on the reader
    (published resources they may see) or on the clock (the next meeting) is read on every request."""
    return {
        "resources": resources(actor, community),
        # Short lists read only the columns the home shows (no counts, no author rows it does not print).
        "recent_cases": SimpleLazyObject(lambda: list(
            rules.cases_visible_to(actor).filter(community=community).order_by("-created_at")
            .only("pk", "title", "status", "community_id")[:5])),
        "recent_threads": SimpleLazyObject(lambda: list(
            rules.threads_visible_to(actor).filter(community=community)
            .only("pk", "title", "reply_count", "community_id")[:5])),
        "next_meeting": next_meeting(actor, community),
        "actions_due": SimpleLazyObject(lambda: list(
            community.actions.filter(done_at__isnull=True).select_related("owner")
            .only("text", "due_on", "community_id", "owner__first_name", "owner__last_name", "owner__email")
            .order_by("due_on", "id")[:8])),
        "library": SimpleLazyObject(lambda: list(
            rules.library_visible_to(actor).filter(community=community)
            .only("pk", "title", "kind", "url", "target", "file", "community_id")[:5])),
        "template_updates": SimpleLazyObject(lambda: list(tools_with_template_update(actor, community))),
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


_next_meeting = ShapedQuery(lambda *standing_community_now: rules.meetings_visible_to(
    Standing(*standing_community_now[:6])).filter(  # type: ignore[arg-type]
    community_id=standing_community_now[6], ends_at__gte=standing_community_now[7]).exclude(
    status=Meeting.Status.CANCELLED).only("pk", "title", "starts_at", "mode", "community_id").order_by("starts_at")[:1])


def next_meeting(actor: Actor, community: Community) -> Meeting | None:
    from django.utils import timezone

    found = _next_meeting.objects(*actor.standing().values(), community.pk, timezone.now())
    return found[0] if found else None


def open_actions(community: Community) -> QuerySet[Action]:
    return community.actions.filter(done_at__isnull=True).select_related("owner").order_by("due_on", "id")



# --- the shared library ----------------------------------------------------------------------------------------------
def library_list(actor: Actor, community: Community) -> QuerySet[LibraryItem]:
    return rules.library_visible_to(actor).filter(community=community).select_related("added_by")


def library_item_for(actor: Actor, community: Community, item_id: int) -> LibraryItem | None:
    """The resource if the actor is a member of its community (None: a 404, its file included)."""
    return rules.library_visible_to(actor).filter(community=community, pk=item_id).select_related(
        "community").first()


# --- templates ----------------------------------------------------------------------------------------------------
def template_list(actor: Actor) -> QuerySet[ToolTemplate]:
    return rules.templates_visible_to(actor).select_related("network").annotate(
        adoption_count=Count("adoptions", distinct=True)).order_by("network__name", "title")


def template_for(actor: Actor, template_id: int) -> ToolTemplate | None:
    return rules.templates_visible_to(actor).filter(pk=template_id).select_related("network__coordinator").first()


def templates_offered(community: Community) -> QuerySet[ToolTemplate]:
    return rules.templates_for_community(community).select_related("network").order_by("network__name", "title")


def adopted_template_ids(community: Community) -> set[int]:
    return set(community.tools.filter(template__isnull=False).values_list("template_id", flat=True))


def tools_with_template_update(actor: Actor, community: Community) -> QuerySet[Tool]:
    """The community's tools whose template has a version it has neither taken nor declined."""
    from django.db.models.functions import Greatest

    return rules.tools_visible_to(actor).filter(
        community=community, template__isnull=False,
        template__version__gt=Greatest(F("template_version"), F("template_kept_version"))).select_related("template")


def template_adopters(template: ToolTemplate) -> QuerySet[Tool]:
    """The tools adopted from a template (the notification rule reads their communities' members)."""
    return template.adoptions.select_related("community", "created_by")


# --- membership reads used by services, notifications, calendars and forms -----------------------------------------
def member_users(community_id: int, *, exclude: int | None = None, facilitators: bool = False) -> list[Any]:
    """Active users who are members (or facilitators) of a community."""
    memberships = CommunityMembership.objects.filter(community_id=community_id, user__is_active=True)
    if facilitators:
        memberships = memberships.filter(role=CommunityMembership.Role.FACILITATOR)
    if exclude is not None:
        memberships = memberships.exclude(user_id=exclude)
    return [m.user for m in memberships.select_related("user")]


def is_member(user_id: int | None, community_id: int) -> bool:
    return bool(user_id) and CommunityMembership.objects.filter(community_id=community_id,
                                                                user_id=user_id or 0).exists()


def membership_of(community: Community, user_id: int | None) -> CommunityMembership | None:
    return CommunityMembership.objects.filter(community=community, user_id=user_id or 0).select_related(
        "user").first()


def members_by_user_id(community: Community) -> dict[int, Any]:
    return {m.user_id: m.user for m in CommunityMembership.objects.filter(community=community).select_related("user")}


def has_member_with_email(community: Community, email: str) -> bool:
    return community.memberships.filter(user__email__iexact=email).exists()


def other_facilitators_exist(membership: CommunityMembership) -> bool:
    return membership.community.memberships.filter(role=CommunityMembership.Role.FACILITATOR).exclude(
        pk=membership.pk).exists()


def is_last_facilitator(actor: Actor, community: Community) -> bool:
    """The actor facilitates the community and nobody else does (they name a successor before leaving)."""
    return actor.is_facilitator(community.pk) and not community.memberships.filter(
        role=CommunityMembership.Role.FACILITATOR).exclude(user_id=actor.id or 0).exists()


def successors(community: Community, leaving_user_id: int | None) -> QuerySet[CommunityMembership]:
    return community.memberships.exclude(user_id=leaving_user_id or 0).select_related("user").order_by(
        "user__last_name")


def community_ids_of(user_id: int) -> Any:
    """A subquery of the ids of the communities a member belongs to."""
    return CommunityMembership.objects.filter(user_id=user_id).values("community_id")


def list_roles(actor: Actor) -> tuple[list[int], list[int]]:
    """(communities the actor belongs to, those they facilitate) for the list's badges."""
    roles = actor.community_roles if actor.is_authenticated else {}
    return list(roles), [pk for pk, role in roles.items() if role == CommunityMembership.Role.FACILITATOR]


# --- lookups for the views (None: a 404) ------------------------------------------------------------------------------
def join_request_in(community: Community, request_id: int) -> JoinRequest | None:
    return JoinRequest.objects.select_related("user", "community").filter(pk=request_id, community=community).first()


def invitation_in(community: Community, invitation_id: int) -> CommunityInvitation | None:
    return CommunityInvitation.objects.filter(pk=invitation_id, community=community).select_related("community").first()


def membership_in(community: Community, membership_id: int) -> CommunityMembership | None:
    return CommunityMembership.objects.select_related("user", "community").filter(pk=membership_id,
                                                                                  community=community).first()


def action_in(community: Community, action_id: int) -> Action | None:
    return Action.objects.select_related("meeting", "community").filter(pk=action_id, community=community).first()


def network_by_id(network_id: int) -> Network | None:
    return Network.objects.select_related("coordinator").filter(pk=network_id).first()



# --- indicators across a network (counts and rates only; small numbers suppressed) ----------------------------------
MIN_PEOPLE = 5


@dataclass
class Figure:
    value: Any
    people: int
    # False: the community's indicator set does not follow this indicator (shown as a dash, empty in the CSV).
    followed: bool = True

    @property
    def suppressed(self) -> bool:
        return self.people < MIN_PEOPLE

    def __str__(self) -> str:
        if not self.followed:
            return "—"
        if self.suppressed:
            return f"< {MIN_PEOPLE}"
        return f"{self.value:.0f} %" if isinstance(self.value, float) else str(self.value)

    @property
    def csv(self) -> str:
        if self.suppressed or not self.followed:
            return ""
        return f"{self.value:.1f}" if isinstance(self.value, float) else str(self.value)


@dataclass
class Row:
    community: Community
    figures: dict[str, Figure] = field(default_factory=dict)
    professions: dict[str, Figure] = field(default_factory=dict)
    followed: list[str] = field(default_factory=list)


COLUMNS = ["members", "meetings_held", "attendance_rate", "cases_opened", "cases_documented", "cases_with_outcome",
           "actions_on_time", "usefulness"]


def _by_community(queryset: Any, key: str = "community_id") -> dict[int, dict[str, Any]]:
    return {row[key]: row for row in queryset}


def followed_columns(community: Community) -> list[str]:
    """The indicators the community follows: those of the indicator set it adopted, else all of them."""
    return [key for key in COLUMNS if key in community.indicator_keys] or list(COLUMNS)


def shown_columns(rows: list[Row]) -> list[str]:
    """The columns a table of several communities shows: every indicator one of them follows."""
    followed = {key for row in rows for key in row.followed}
    return [key for key in COLUMNS if key in followed] or list(COLUMNS)


def network_indicators(network: Network) -> list[Row]:
    """One row per community of the network, a handful of grouped queries whatever the number of communities."""
    return indicator_rows(list(network.communities.order_by("name")))


def indicator_rows(communities: list[Community]) -> list[Row]:
    """The comparable indicators of each community (those its indicator set does not follow are marked so)."""
    from praxis.accounts.models import Profession

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
                        for key, n in sorted(professions.get(community.pk, {}).items(), key=lambda kv: -kv[1])},
            followed=followed_columns(community)))
        for key, figure in rows[-1].figures.items():
            figure.followed = key in rows[-1].followed
    return rows


THEME_COLUMNS = ["cases_opened", "cases_documented", "cases_with_outcome", "communities"]


@dataclass
class ThemeRow:
    theme: str
    figures: dict[str, Figure] = field(default_factory=dict)


def network_theme_indicators(network: Network) -> list[ThemeRow]:
    """Cases opened, documented and with an outcome per theme across the network's communities (one grouped query);
    a theme's figures come from its cases' presenters: fewer than `MIN_PEOPLE` of them and they are suppressed."""
    from django.utils.translation import gettext as _

    counts = (Case.objects.filter(community__network=network).values("themes__name").annotate(
        opened=Count("id", distinct=True),
        documented=Count("id", filter=Q(status=Case.Status.DOCUMENTED), distinct=True),
        with_outcome=Count("id", filter=Q(outcomes__isnull=False), distinct=True),
        people=Count("author", distinct=True), communities=Count("community", distinct=True))
        .order_by("-opened", "themes__name"))
    rows = []
    for row in counts:
        people = row["people"]
        rows.append(ThemeRow(row["themes__name"] or _("No theme"), figures={
            "cases_opened": Figure(row["opened"], people), "cases_documented": Figure(row["documented"], people),
            "cases_with_outcome": Figure(row["with_outcome"], people),
            # How many communities work on the theme is a fact about groups, not people: never suppressed.
            "communities": Figure(row["communities"], MIN_PEOPLE)}))
    return rows
