"""Who may do what in communities of practice. Every view, template and service asks here.

Standing in a community comes from `actor.community_roles` (active memberships only): a requester or an invited
person is an outsider until accepted. Private content (cases, discussions, members' resources) is for members;
moderators see every community's presentation, not its private content."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from praxis.core.actor import Actor

from .models import (
    Action,
    Case,
    Community,
    CommunityInvitation,
    LibraryItem,
    Meeting,
    Network,
    Thread,
    Tool,
    ToolTemplate,
)


def _deny(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


# --- seeing ---------------------------------------------------------------------------------------------------------
def communities_visible_to(actor: Actor) -> QuerySet[Community]:
    """Listed communities for everyone; unlisted ones for their members; all of them for moderators."""
    if actor.is_moderator:
        return Community.objects.all()
    own = list(actor.community_roles) if actor.is_authenticated else []
    if own:
        return Community.objects.filter(Q(visibility=Community.Visibility.PUBLIC) | Q(pk__in=own))
    return Community.objects.filter(visibility=Community.Visibility.PUBLIC)


def community_audience_key(community: Community) -> str:
    """Who finds the community's presentation in search (a search-index key): everyone for a listed community,
    its members for an unlisted one."""
    if community.visibility == Community.Visibility.PUBLIC:
        return "public"
    return f"community:{community.pk}"


def can_view_community(actor: Actor, community: Community) -> bool:
    """The presentation page (purpose, scope, facilitators, composition)."""
    return (community.visibility == Community.Visibility.PUBLIC or actor.is_moderator
            or actor.is_community_member(community.pk))


def can_view_private(actor: Actor, community: Community) -> bool:
    """The community's own life: meetings, cases, discussions, members' list. Members only."""
    return actor.is_community_member(community.pk)


def check_view_private(actor: Actor, community: Community) -> None:
    _deny(can_view_private(actor, community))


# --- creating and editing -------------------------------------------------------------------------------------------
def can_create_community(actor: Actor) -> bool:
    """A verified professional starts a community and becomes its first facilitator."""
    return actor.is_verified


def check_create_community(actor: Actor) -> None:
    _deny(can_create_community(actor))


def can_facilitate(actor: Actor, community: Community) -> bool:
    """Edit the presentation, accept requests, invite, remove, appoint co-facilitators."""
    return actor.is_facilitator(community.pk) or actor.is_platform_admin


def check_facilitate(actor: Actor, community: Community) -> None:
    _deny(can_facilitate(actor, community))


# --- joining --------------------------------------------------------------------------------------------------------
def can_join(actor: Actor, community: Community) -> bool:
    """Join at once: an open community, a verified professional who is not a member yet."""
    return (actor.is_verified and community.join_policy == Community.JoinPolicy.OPEN
            and not actor.is_community_member(community.pk) and can_view_community(actor, community))


def check_join(actor: Actor, community: Community) -> None:
    _deny(can_join(actor, community))


def can_request_to_join(actor: Actor, community: Community) -> bool:
    """Ask to join: a community "on request", a verified professional who is not a member yet."""
    return (actor.is_verified and community.join_policy == Community.JoinPolicy.REQUEST
            and not actor.is_community_member(community.pk) and can_view_community(actor, community))


def check_request_to_join(actor: Actor, community: Community) -> None:
    _deny(can_request_to_join(actor, community))


def can_respond_to_invitation(actor: Actor, invitation: CommunityInvitation) -> bool:
    """Only the account with the invited address answers an invitation."""
    return bool(actor.user and actor.user.email.lower() == invitation.email.lower())


def check_respond_to_invitation(actor: Actor, invitation: CommunityInvitation) -> None:
    _deny(can_respond_to_invitation(actor, invitation))


def can_leave(actor: Actor, community: Community) -> bool:
    return actor.is_community_member(community.pk)


def check_leave(actor: Actor, community: Community) -> None:
    _deny(can_leave(actor, community))


def can_follow(actor: Actor, community: Community) -> bool:
    """Follow a community's published news in the feed: any signed-in member who may see it."""
    return actor.is_authenticated and can_view_community(actor, community)


def check_follow(actor: Actor, community: Community) -> None:
    _deny(can_follow(actor, community))


# --- cases and discussions (members only; a network coordinator or a moderator gets a 404) --------------------------
def cases_visible_to(actor: Actor) -> QuerySet[Case]:
    """Cases of the communities the actor belongs to: private to members, whoever else asks."""
    if not actor.is_authenticated or not actor.community_roles:
        return Case.objects.none()
    return Case.objects.filter(community_id__in=list(actor.community_roles))


def threads_visible_to(actor: Actor) -> QuerySet[Thread]:
    if not actor.is_authenticated or not actor.community_roles:
        return Thread.objects.none()
    return Thread.objects.filter(community_id__in=list(actor.community_roles))


def can_contribute(actor: Actor, community: Community) -> bool:
    """Bring a case, comment, start or answer a discussion: the members."""
    return actor.is_community_member(community.pk)


def check_contribute(actor: Actor, community: Community) -> None:
    _deny(can_contribute(actor, community))


def can_edit_case(actor: Actor, case: Case) -> bool:
    """The presenter (while a member) and the facilitators."""
    return actor.is_facilitator(case.community_id) or (
        case.author_id == actor.id and actor.is_community_member(case.community_id))


def check_edit_case(actor: Actor, case: Case) -> None:
    _deny(can_edit_case(actor, case))


def can_guide_case(actor: Actor, case: Case) -> bool:
    """Mark documented, record recommendations, choose when the presenter is asked for an update: facilitators."""
    return actor.is_facilitator(case.community_id)


def check_guide_case(actor: Actor, case: Case) -> None:
    _deny(can_guide_case(actor, case))


def can_answer_followup(actor: Actor, case: Case) -> bool:
    """The presenter says what was applied and what changed (while still a member)."""
    return case.author_id == actor.id and actor.is_community_member(case.community_id)


def check_answer_followup(actor: Actor, case: Case) -> None:
    _deny(can_answer_followup(actor, case))


def can_propose_publication(actor: Actor, case: Case) -> bool:
    """A facilitator proposes a documented case to the whole platform (it then goes through content review)."""
    return (actor.is_facilitator(case.community_id) and actor.is_verified
            and case.status == Case.Status.DOCUMENTED and case.publication_id is None)


def check_propose_publication(actor: Actor, case: Case) -> None:
    _deny(can_propose_publication(actor, case))


# --- meetings ---------------------------------------------------------------------------------------------------------
def meetings_visible_to(actor: Actor) -> QuerySet[Meeting]:
    if not actor.is_authenticated or not actor.community_roles:
        return Meeting.objects.none()
    return Meeting.objects.filter(community_id__in=list(actor.community_roles))


def can_run_meetings(actor: Actor, community: Community) -> bool:
    """Schedule, edit the agenda template, take the roll call, write minutes, decisions and actions: facilitators."""
    return actor.is_facilitator(community.pk)


def check_run_meetings(actor: Actor, community: Community) -> None:
    _deny(can_run_meetings(actor, community))


def can_complete_action(actor: Actor, action: Action) -> bool:
    return actor.is_community_member(action.community_id) and (
        action.owner_id == actor.id or actor.is_facilitator(action.community_id))


def check_complete_action(actor: Actor, action: Action) -> None:
    _deny(can_complete_action(actor, action))


def can_answer_survey(actor: Actor, meeting: Meeting, present_ids: set[int] | None = None) -> bool:
    """Members who were there answer the short survey after the meeting."""
    if not actor.is_community_member(meeting.community_id) or meeting.attendance_taken_at is None:
        return False
    if present_ids is None:
        present_ids = set(meeting.attendances.filter(present=True).values_list("user_id", flat=True))
    return actor.id in present_ids


def check_answer_survey(actor: Actor, meeting: Meeting) -> None:
    _deny(can_answer_survey(actor, meeting))


# --- co-built tools ---------------------------------------------------------------------------------------------------
def tools_visible_to(actor: Actor) -> QuerySet[Tool]:
    if not actor.is_authenticated or not actor.community_roles:
        return Tool.objects.none()
    return Tool.objects.filter(community_id__in=list(actor.community_roles))


# --- networks -----------------------------------------------------------------------------------------------------
def can_view_indicators(actor: Actor, network: Network) -> bool:
    """The coordinating institution's staff (and platform admins) see the network's indicators — figures only."""
    return actor.is_institution_member(network.coordinator_id) or actor.is_platform_admin


def check_view_indicators(actor: Actor, network: Network) -> None:
    _deny(can_view_indicators(actor, network))


# --- the shared library (members only; everyone else gets a 404, files included) -----------------------------------
def library_visible_to(actor: Actor) -> QuerySet[LibraryItem]:
    if not actor.is_authenticated or not actor.community_roles:
        return LibraryItem.objects.none()
    return LibraryItem.objects.filter(community_id__in=list(actor.community_roles))


def can_add_to_library(actor: Actor, community: Community) -> bool:
    """Share a link or a file with the community: its members."""
    return actor.is_community_member(community.pk)


def check_add_to_library(actor: Actor, community: Community) -> None:
    _deny(can_add_to_library(actor, community))


def can_remove_library_item(actor: Actor, item: LibraryItem) -> bool:
    """Who shared it (while a member) and the facilitators."""
    return actor.is_facilitator(item.community_id) or (
        item.added_by_id == actor.id and actor.is_community_member(item.community_id))


def check_remove_library_item(actor: Actor, item: LibraryItem) -> None:
    _deny(can_remove_library_item(actor, item))


# --- templates of a network (or of the platform) ----------------------------------------------------------------
def networks_managed_by(actor: Actor) -> QuerySet[Network]:
    """Networks whose templates the actor publishes: the coordinating institution's staff; platform admins all."""
    if actor.is_platform_admin:
        return Network.objects.all()
    if not actor.is_authenticated or not actor.institution_roles:
        return Network.objects.none()
    return Network.objects.filter(coordinator_id__in=list(actor.institution_roles))


def can_publish_templates(actor: Actor, network: Network | None) -> bool:
    """A network's templates: its coordinating institution's staff. The platform's (no network): platform admins."""
    if network is None:
        return actor.is_platform_admin
    return actor.is_institution_member(network.coordinator_id) or actor.is_platform_admin


def check_publish_templates(actor: Actor, network: Network | None) -> None:
    _deny(can_publish_templates(actor, network))


def can_publish_any_template(actor: Actor) -> bool:
    return actor.is_platform_admin or networks_managed_by(actor).exists()


def check_publish_any_template(actor: Actor) -> None:
    _deny(can_publish_any_template(actor))


def templates_visible_to(actor: Actor) -> QuerySet[ToolTemplate]:
    """The platform's templates for every signed-in member; a network's for its coordinator and for the members of
    its communities; all of them for platform admins and moderators."""
    if not actor.is_authenticated:
        return ToolTemplate.objects.none()
    if actor.is_platform_admin or actor.is_moderator:
        return ToolTemplate.objects.all()
    visible = Q(network__isnull=True)
    if actor.institution_roles:
        visible |= Q(network__coordinator_id__in=list(actor.institution_roles))
    if actor.community_roles:
        visible |= Q(network__communities__in=list(actor.community_roles))
    return ToolTemplate.objects.filter(visible).distinct()


def can_edit_template(actor: Actor, template: ToolTemplate) -> bool:
    return can_publish_templates(actor, template.network)


def check_edit_template(actor: Actor, template: ToolTemplate) -> None:
    _deny(can_edit_template(actor, template))


def templates_for_community(community: Community) -> QuerySet[ToolTemplate]:
    """What a community may adopt: the platform's templates and its own network's."""
    offered = Q(network__isnull=True)
    if community.network_id is not None:
        offered |= Q(network_id=community.network_id)
    return ToolTemplate.objects.filter(offered)


def can_adopt_template(actor: Actor, community: Community, template: ToolTemplate) -> bool:
    """A member adopts, as a tool of the community, a template of the platform or of the community's network."""
    return actor.is_community_member(community.pk) and (
        template.network_id is None or template.network_id == community.network_id)


def check_adopt_template(actor: Actor, community: Community, template: ToolTemplate) -> None:
    _deny(can_adopt_template(actor, community, template))


def can_answer_template_change(actor: Actor, tool: Tool) -> bool:
    """Take the template's change or keep the community's text: the members (who edit the tool anyway)."""
    return actor.is_community_member(tool.community_id) and tool.template_changed


def check_answer_template_change(actor: Actor, tool: Tool) -> None:
    _deny(can_answer_template_change(actor, tool))


def is_facilitator_membership(membership: Any) -> bool:
    """This membership makes its member a facilitator (the last one may not leave without a successor)."""
    return bool(membership.role == "facilitator")
