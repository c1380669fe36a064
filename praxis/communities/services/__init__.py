"""Every write of communities of practice: keyword-only, atomic, validated, one audit entry per state change.

Audit actions: communities.community.{created,updated}, communities.member.{joined,removed,left,role_changed},
communities.request.{submitted,accepted,declined,withdrawn}, communities.invitation.{sent,accepted,declined,revoked},
institutions.follow.{created,deleted} (a community followed), communities.case.{created,updated,commented,documented,
recommendation_recorded,followup_scheduled,followup_asked,outcome_recorded,proposed_for_publication},
communities.thread.created, communities.reply.created, communities.privacy.confirmed (an author confirmed that what the
guard found is not about a patient: fields and kinds only)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from praxis.core import audit
from praxis.core.actor import Actor
from praxis.core.privacy import check_no_patient_identifiers

from .. import rules, selectors, tasks
from ..models import (
    Case,
    CaseComment,
    CaseOutcome,
    Community,
    CommunityInvitation,
    CommunityMembership,
    JoinRequest,
    Recommendation,
    Reply,
    Thread,
)
from .guard import PrivacyFindings as PrivacyFindings
from .guard import _audit_confirmation, _guard
from .home import home_changed
from .library import library_add as library_add
from .library import library_remove as library_remove

# The meetings' services live in their own module (this package passed 600 lines); callers use `services.<name>`.
from .meetings import action_add as action_add
from .meetings import action_done as action_done
from .meetings import agenda_template as agenda_template
from .meetings import agenda_template_update as agenda_template_update
from .meetings import attendance_record as attendance_record
from .meetings import meeting_schedule as meeting_schedule
from .meetings import minutes_save as minutes_save
from .meetings import minutes_send as minutes_send
from .meetings import survey_answer as survey_answer
from .templates import template_adopt as template_adopt
from .templates import template_change_keep as template_change_keep
from .templates import template_change_take as template_change_take
from .templates import template_publish as template_publish
from .templates import template_update as template_update
from .tools import diff as diff
from .tools import tool_create as tool_create
from .tools import tool_save as tool_save
from .tools import versions_of as versions_of

INVITATION_SALT = "praxis.communities.invitation"
INVITATION_DAYS = 14
PROFILE_FIELDS = ["name", "description", "purpose", "visibility", "scope", "function", "languages", "join_policy",
                  "peer_group_number"]
# Slugs that would shadow the communities' own pages.
RESERVED_SLUGS = {"nouvelle", "invitation", "reseaux", "modeles"}


def invitation_token(invitation: CommunityInvitation) -> str:
    """The signed key of an invitation link (it cannot be guessed; expiry is the invitation's `expires_at`)."""
    return signing.dumps(invitation.pk, salt=INVITATION_SALT)


def invitation_id_from_token(token: str) -> int | None:
    try:
        value = signing.loads(token, salt=INVITATION_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def _unique_slug(name: str) -> str:
    base = slugify(name)[:200] or "communaute"
    if base in RESERVED_SLUGS:
        base = f"{base}-cdp"
    slug, n = base, 2
    while Community.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _apply(community: Community, data: dict[str, Any]) -> list[str]:
    before = {key: getattr(community, key) for key in PROFILE_FIELDS}
    for key in PROFILE_FIELDS:
        if key in data:
            setattr(community, key, data[key])
    check_no_patient_identifiers(description=community.description, purpose=community.purpose)
    community.full_clean()
    return sorted(key for key in PROFILE_FIELDS if before[key] != getattr(community, key))


def _check_scope(community: Community, places: list[Any], themes: list[Any]) -> None:
    if community.scope == Community.Scope.TERRITORY and not places:
        raise ValidationError({"places": _("Name at least one municipality or postal code of the territory.")})
    if community.scope == Community.Scope.FUNCTION and not (community.function.strip() or themes):
        raise ValidationError({"function": _("Say which function or theme brings the members together.")})


@transaction.atomic
def community_create(*, actor: Actor, data: dict[str, Any], places: list[Any], themes: list[Any]) -> Community:
    """A verified professional starts a community; they are its first facilitator."""
    rules.check_create_community(actor)
    community = Community(slug=_unique_slug(data.get("name", "")), created_by=actor.user)
    _apply(community, data)
    _check_scope(community, places, themes)
    community.save()
    community.places.set(places)
    community.themes.set(themes)
    assert actor.user is not None  # checked by the rule above
    CommunityMembership.objects.create(community=community, user=actor.user,
                                       role=CommunityMembership.Role.FACILITATOR)
    actor.forget_memberships()
    audit.log(actor, audit.Action.COMMUNITIES_COMMUNITY_CREATED, community, {"name": community.name})
    return community


@transaction.atomic
def community_update(
    *, actor: Actor, community: Community, data: dict[str, Any], places: list[Any], themes: list[Any],
) -> Community:
    rules.check_facilitate(actor, community)
    changed = _apply(community, data)
    _check_scope(community, places, themes)
    community.save()
    community.places.set(places)
    community.themes.set(themes)
    audit.log(actor, audit.Action.COMMUNITIES_COMMUNITY_UPDATED, community, {"fields": changed})
    return community


# --- joining --------------------------------------------------------------------------------------------------------
def _add_member(community: Community, user: Any, role: str = CommunityMembership.Role.MEMBER) -> CommunityMembership:
    membership, _created = CommunityMembership.objects.get_or_create(community=community, user=user,
                                                                     defaults={"role": role})
    # Whatever brought them in, an open request or invitation of theirs is now answered.
    JoinRequest.objects.filter(community=community, user=user, status=JoinRequest.Status.PENDING).update(
        status=JoinRequest.Status.ACCEPTED, decided_at=timezone.now())
    home_changed(community.pk)  # its composition
    return membership


@transaction.atomic
def community_join(*, actor: Actor, community: Community) -> CommunityMembership:
    """Join an open community at once."""
    if rules.can_view_private(actor, community):
        raise ValidationError(_("You are already a member of this community."))
    if community.join_policy != Community.JoinPolicy.OPEN:
        raise ValidationError(_("This community is not open: ask to join or wait for an invitation."))
    rules.check_join(actor, community)
    membership = _add_member(community, actor.user)
    actor.forget_memberships()
    audit.log(actor, audit.Action.COMMUNITIES_MEMBER_JOINED, community, {"user": actor.id, "how": "open"})
    return membership


@transaction.atomic
def join_request_submit(*, actor: Actor, community: Community, message: str = "") -> JoinRequest:
    """Ask the facilitators of a community "on request" to let me in."""
    if rules.can_view_private(actor, community):
        raise ValidationError(_("You are already a member of this community."))
    if community.join_policy != Community.JoinPolicy.REQUEST:
        raise ValidationError(_("This community does not take requests: it is open, or by invitation only."))
    rules.check_request_to_join(actor, community)
    if JoinRequest.objects.filter(community=community, user=actor.user, status=JoinRequest.Status.PENDING).exists():
        raise ValidationError(_("Your request is already with the facilitators."))
    check_no_patient_identifiers(message=message)
    request = JoinRequest(community=community, user=actor.user, message=message.strip())
    request.full_clean()
    request.save()
    audit.log(actor, audit.Action.COMMUNITIES_REQUEST_SUBMITTED, request, {"community": community.pk})
    return request


@transaction.atomic
def join_request_withdraw(*, actor: Actor, request: JoinRequest) -> JoinRequest:
    if request.user_id != actor.id:
        raise ValidationError(_("Only the person who asked can withdraw a request."))
    request = JoinRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != JoinRequest.Status.PENDING:
        raise ValidationError(_("This request has already been answered."))
    request.status = JoinRequest.Status.WITHDRAWN
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_at"])
    audit.log(actor, audit.Action.COMMUNITIES_REQUEST_WITHDRAWN, request)
    return request


@transaction.atomic
def join_request_decide(*, actor: Actor, request: JoinRequest, accept: bool) -> JoinRequest:
    """A facilitator accepts (the requester becomes a member) or declines a request."""
    rules.check_facilitate(actor, request.community)
    request = JoinRequest.objects.select_for_update().select_related("community").get(pk=request.pk)
    if request.status != JoinRequest.Status.PENDING:
        raise ValidationError(_("This request has already been answered."))
    if accept:
        _add_member(request.community, request.user)
    request.status = JoinRequest.Status.ACCEPTED if accept else JoinRequest.Status.DECLINED
    request.decided_by = actor.user
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])
    action = audit.Action.COMMUNITIES_REQUEST_ACCEPTED if accept else audit.Action.COMMUNITIES_REQUEST_DECLINED
    audit.log(actor, action, request, {"user": request.user_id})
    return request


# --- invitations ----------------------------------------------------------------------------------------------------
@transaction.atomic
def invitation_send(*, actor: Actor, community: Community, email: str) -> CommunityInvitation:
    """Invite an address. Sending again to a pending address renews the same invitation (new expiry)."""
    rules.check_facilitate(actor, community)
    email = email.strip().lower()
    if selectors.has_member_with_email(community, email):
        raise ValidationError({"email": _("%(email)s is already a member of %(community)s.")
                               % {"email": email, "community": community.name}})
    invitation = community.invitations.filter(email__iexact=email,
                                              status=CommunityInvitation.Status.PENDING).first()
    if invitation is None:
        invitation = CommunityInvitation(community=community, email=email)
    invitation.invited_by = actor.user
    invitation.expires_at = timezone.now() + timedelta(days=INVITATION_DAYS)
    invitation.full_clean()
    invitation.save()
    audit.log(actor, audit.Action.COMMUNITIES_INVITATION_SENT, invitation, {"email": email})
    tasks.send_invitation.enqueue(invitation.pk)
    return invitation


def _check_open(invitation: CommunityInvitation) -> None:
    if invitation.status != CommunityInvitation.Status.PENDING:
        raise ValidationError(_("This invitation has already been answered or withdrawn."))
    if invitation.is_expired:
        raise ValidationError(_("This invitation has expired. Ask a facilitator to send a new one."))


@transaction.atomic
def invitation_accept(*, actor: Actor, invitation: CommunityInvitation) -> CommunityMembership:
    rules.check_respond_to_invitation(actor, invitation)
    invitation = CommunityInvitation.objects.select_for_update().select_related("community").get(pk=invitation.pk)
    _check_open(invitation)
    membership = _add_member(invitation.community, actor.user)
    invitation.status = CommunityInvitation.Status.ACCEPTED
    invitation.accepted_by = actor.user
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "accepted_by", "responded_at"])
    actor.forget_memberships()
    audit.log(actor, audit.Action.COMMUNITIES_INVITATION_ACCEPTED, invitation, {"community": invitation.community_id})
    return membership


@transaction.atomic
def invitation_decline(*, actor: Actor, invitation: CommunityInvitation) -> CommunityInvitation:
    rules.check_respond_to_invitation(actor, invitation)
    invitation = CommunityInvitation.objects.select_for_update().get(pk=invitation.pk)
    _check_open(invitation)
    invitation.status = CommunityInvitation.Status.DECLINED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    audit.log(actor, audit.Action.COMMUNITIES_INVITATION_DECLINED, invitation)
    return invitation


@transaction.atomic
def invitation_revoke(*, actor: Actor, invitation: CommunityInvitation) -> CommunityInvitation:
    rules.check_facilitate(actor, invitation.community)
    if invitation.status != CommunityInvitation.Status.PENDING:
        raise ValidationError(_("Only a pending invitation can be withdrawn."))
    invitation.status = CommunityInvitation.Status.REVOKED
    invitation.responded_at = timezone.now()
    invitation.save(update_fields=["status", "responded_at"])
    audit.log(actor, audit.Action.COMMUNITIES_INVITATION_REVOKED, invitation)
    return invitation


# --- members --------------------------------------------------------------------------------------------------------
def _other_facilitators(membership: CommunityMembership) -> bool:
    return selectors.other_facilitators_exist(membership)


@transaction.atomic
def membership_change_role(*, actor: Actor, membership: CommunityMembership, role: str) -> CommunityMembership:
    """Appoint a co-facilitator, or make a facilitator a member again (never the last one)."""
    rules.check_facilitate(actor, membership.community)
    if role not in CommunityMembership.Role.values:
        raise ValidationError({"role": _("Choose a role from the list.")})
    if role == membership.role:
        return membership
    if rules.is_facilitator_membership(membership) and not _other_facilitators(membership):
        raise ValidationError(_("A community needs at least one facilitator: appoint another one first."))
    previous, membership.role = membership.role, role
    membership.save(update_fields=["role"])
    home_changed(membership.community_id)
    if membership.user_id == actor.id:
        actor.forget_memberships()
    audit.log(actor, audit.Action.COMMUNITIES_MEMBER_ROLE_CHANGED, membership.community,
              {"user": membership.user_id, "from": previous, "to": role})
    return membership


@transaction.atomic
def membership_remove(*, actor: Actor, membership: CommunityMembership) -> None:
    """A facilitator removes a member (never the last facilitator)."""
    rules.check_facilitate(actor, membership.community)
    if membership.user_id == actor.id:
        raise ValidationError(_("To leave the community, use “Leave this community”."))
    if rules.is_facilitator_membership(membership) and not _other_facilitators(membership):
        raise ValidationError(_("A community needs at least one facilitator: appoint another one first."))
    audit.log(actor, audit.Action.COMMUNITIES_MEMBER_REMOVED, membership.community,
              {"user": membership.user_id, "role": membership.role})
    membership.delete()
    home_changed(membership.community_id)


@transaction.atomic
def community_leave(*, actor: Actor, community: Community, successor: CommunityMembership | None = None) -> None:
    """A member leaves. The last facilitator names another member as facilitator first (`successor`)."""
    rules.check_leave(actor, community)
    membership = CommunityMembership.objects.select_for_update().get(community=community, user=actor.user)
    if rules.is_facilitator_membership(membership) and not _other_facilitators(membership):
        if successor is None or successor.community_id != community.pk or successor.pk == membership.pk:
            raise ValidationError({"successor": _(
                "You are the last facilitator: name the member who will facilitate the community after you.")})
        successor.role = CommunityMembership.Role.FACILITATOR
        successor.save(update_fields=["role"])
        audit.log(actor, audit.Action.COMMUNITIES_MEMBER_ROLE_CHANGED, community,
                  {"user": successor.user_id, "from": "member", "to": "facilitator"})
    audit.log(actor, audit.Action.COMMUNITIES_MEMBER_LEFT, community, {"user": actor.id, "role": membership.role})
    membership.delete()
    home_changed(community.pk)
    actor.forget_memberships()


@transaction.atomic
def community_follow(*, actor: Actor, community: Community, follow: bool) -> None:
    """Follow (or stop following) a community: its published content reaches the member's feed and digest."""
    from praxis.institutions import services as follows
    from praxis.institutions.models import Follow

    rules.check_follow(actor, community)
    if follow:
        follows.follow(actor=actor, kind=Follow.Kind.COMMUNITY, target_id=community.pk)
    else:
        follows.unfollow(actor=actor, kind=Follow.Kind.COMMUNITY, target_id=community.pk)


# --- cases ------------------------------------------------------------------------------------------------------------
CASE_FIELDS = list(Case.TEXT_FIELDS)


@transaction.atomic
def case_create(
    *, actor: Actor, community: Community, data: dict[str, Any], themes: list[Any], confirmed: bool = False,
) -> Case:
    """A member brings an organisational case to the community."""
    rules.check_contribute(actor, community)
    case = Case(community=community, author=actor.user, **{k: (data.get(k) or "").strip() for k in CASE_FIELDS})
    found = _guard(case.texts(), confirmed)
    case.full_clean()
    case.save()
    case.themes.set(themes)
    audit.log(actor, audit.Action.COMMUNITIES_CASE_CREATED, case, {"community": community.pk})
    home_changed(community.pk)
    _audit_confirmation(actor, case, found)
    return case


@transaction.atomic
def case_update(*, actor: Actor, case: Case, data: dict[str, Any], themes: list[Any], confirmed: bool = False) -> Case:
    rules.check_edit_case(actor, case)
    for key in CASE_FIELDS:
        if key in data:
            setattr(case, key, (data[key] or "").strip())
    found = _guard(case.texts(), confirmed)
    case.full_clean()
    case.save()
    case.themes.set(themes)
    audit.log(actor, audit.Action.COMMUNITIES_CASE_UPDATED, case)
    home_changed(case.community_id)
    _audit_confirmation(actor, case, found)
    return case


@transaction.atomic
def case_comment(*, actor: Actor, case: Case, text: str, confirmed: bool = False) -> CaseComment:
    rules.check_contribute(actor, case.community)
    comment = CaseComment(case=case, author=actor.user, text=text.strip())
    found = _guard({"text": comment.text}, confirmed)
    comment.full_clean()
    comment.save()
    audit.log(actor, audit.Action.COMMUNITIES_CASE_COMMENTED, case, {"comment": comment.pk})
    _audit_confirmation(actor, comment, found)
    return comment


@transaction.atomic
def case_document(*, actor: Actor, case: Case) -> Case:
    """A facilitator marks the case documented: the group has described it well enough to learn from it."""
    rules.check_guide_case(actor, case)
    if case.status == Case.Status.DOCUMENTED:
        raise ValidationError(_("This case is already documented."))
    case.status = Case.Status.DOCUMENTED
    case.documented_by = actor.user
    case.documented_at = timezone.now()
    case.save(update_fields=["status", "documented_by", "documented_at", "updated_at"])
    audit.log(actor, audit.Action.COMMUNITIES_CASE_DOCUMENTED, case)
    home_changed(case.community_id)
    return case


@transaction.atomic
def recommendation_record(*, actor: Actor, case: Case, text: str, confirmed: bool = False) -> Recommendation:
    rules.check_guide_case(actor, case)
    recommendation = Recommendation(case=case, text=text.strip(), recorded_by=actor.user)
    found = _guard({"text": recommendation.text}, confirmed)
    recommendation.full_clean()
    recommendation.save()
    audit.log(actor, audit.Action.COMMUNITIES_CASE_RECOMMENDATION_RECORDED, case, {"recommendation": recommendation.pk})
    _audit_confirmation(actor, recommendation, found)
    return recommendation


@transaction.atomic
def case_followup_schedule(*, actor: Actor, case: Case, due_on: date) -> Case:
    """Choose when the presenter is asked what was applied and what changed."""
    rules.check_guide_case(actor, case)
    if due_on <= timezone.localdate():
        raise ValidationError({"due_on": _("Choose a date in the future.")})
    case.followup_due_on = due_on
    case.followup_asked_at = None
    case.save(update_fields=["followup_due_on", "followup_asked_at", "updated_at"])
    audit.log(actor, audit.Action.COMMUNITIES_CASE_FOLLOWUP_SCHEDULED, case, {"due_on": due_on.isoformat()})
    return case


def case_followup_ask(*, case_id: int) -> bool:
    """Ask the presenter for the update once (the periodic job calls it for every case due). Idempotent: the row is
    claimed by one conditional UPDATE, so two workers never ask twice."""
    with transaction.atomic():
        claimed = Case.objects.filter(pk=case_id, followup_asked_at__isnull=True,
                                      followup_due_on__lte=timezone.localdate()).update(
            followup_asked_at=timezone.now())
        if not claimed:
            return False
        case = Case.objects.select_related("community", "author").get(pk=case_id)
        audit.log(None, audit.Action.COMMUNITIES_CASE_FOLLOWUP_ASKED, case, {"presenter": case.author_id})
        transaction.on_commit(lambda: tasks.send_followup_request.enqueue(case_id))
    return True


@transaction.atomic
def outcome_record(*, actor: Actor, case: Case, data: dict[str, Any], confirmed: bool = False) -> CaseOutcome:
    """The presenter tells what was applied and what changed: the case's path reaches its outcome."""
    rules.check_answer_followup(actor, case)
    outcome = CaseOutcome(case=case, author=actor.user, applied=data.get("applied", ""), change=data.get("change", ""),
                          what_applied=(data.get("what_applied") or "").strip(),
                          what_changed=(data.get("what_changed") or "").strip())
    found = _guard({"what_applied": outcome.what_applied, "what_changed": outcome.what_changed}, confirmed)
    outcome.full_clean()
    outcome.save()
    audit.log(actor, audit.Action.COMMUNITIES_CASE_OUTCOME_RECORDED, case,
              {"applied": outcome.applied, "change": outcome.change})
    _audit_confirmation(actor, outcome, found)
    return outcome


def _publication_body(case: Case) -> str:
    parts = [(_("Context"), case.context), (_("Organisational problem"), case.problem),
             (_("Roles and services involved"), case.roles_involved), (_("Resources used"), case.resources_used),
             (_("What was tried"), case.tried)]
    recommendations = [r.text for r in case.recommendations.all()]
    text = "\n\n".join(f"## {title}\n\n{body}" for title, body in parts if body)
    if recommendations:
        text += "\n\n## " + _("Recommendations of the community") + "\n\n"
        text += "\n".join(f"- {r}" for r in recommendations)
    return text


@transaction.atomic
def case_propose_publication(*, actor: Actor, case: Case) -> Any:
    """Turn a documented case into an article draft for the whole platform and submit it to the normal review."""
    from praxis.content.models import Content
    from praxis.content.services import content_create
    from praxis.review.services import submission_submit

    rules.check_propose_publication(actor, case)
    themes = list(case.themes.all())
    if not themes:
        raise ValidationError(_("Give the case at least one theme first: reviewers are chosen by theme."))
    content = content_create(actor=actor, kind=Content.Kind.ARTICLE, data={
        "title": case.title, "summary": case.problem[:1000], "body": _publication_body(case), "language": "fr",
        "visibility": Content.Visibility.VERIFIED, "coi_none": True, "themes": themes,
        "references": "", "countries": [], "target_professions": [],
    })
    submission_submit(actor=actor, content=content)
    case.publication = content
    case.save(update_fields=["publication", "updated_at"])
    audit.log(actor, audit.Action.COMMUNITIES_CASE_PROPOSED_FOR_PUBLICATION, case, {"content": content.pk})
    return content


# --- discussions ------------------------------------------------------------------------------------------------------
def _mentioned(community: Community, text: str, author_id: int | None) -> list[Any]:
    """Members named "@First Last" in the text (longest names first, case-insensitive)."""
    lowered = text.lower()
    if "@" not in lowered:
        return []
    return [m.user for m in community.memberships.select_related("user")
            if m.user_id != author_id and f"@{m.user.get_full_name().lower()}" in lowered]


@transaction.atomic
def thread_create(*, actor: Actor, community: Community, title: str, body: str, confirmed: bool = False) -> Thread:
    rules.check_contribute(actor, community)
    thread = Thread(community=community, author=actor.user, title=title.strip(), body=body.strip())
    found = _guard({"title": thread.title, "body": thread.body}, confirmed)
    thread.full_clean()
    thread.save()
    mentioned = _mentioned(community, thread.body, actor.id)
    thread.mentions.set(mentioned)
    home_changed(community.pk)
    audit.log(actor, audit.Action.COMMUNITIES_THREAD_CREATED, thread, {"community": community.pk,
                                                             "mentions": [u.pk for u in mentioned]})
    _audit_confirmation(actor, thread, found)
    return thread


@transaction.atomic
def reply_create(*, actor: Actor, thread: Thread, body: str, confirmed: bool = False) -> Reply:
    rules.check_contribute(actor, thread.community)
    reply = Reply(thread=thread, author=actor.user, body=body.strip())
    found = _guard({"body": reply.body}, confirmed)
    reply.full_clean()
    reply.save()
    mentioned = _mentioned(thread.community, reply.body, actor.id)
    reply.mentions.set(mentioned)
    Thread.objects.filter(pk=thread.pk).update(reply_count=F("reply_count") + 1, last_activity_at=reply.created_at)
    home_changed(thread.community_id)
    audit.log(actor, audit.Action.COMMUNITIES_REPLY_CREATED, reply,
              {"thread": thread.pk, "mentions": [u.pk for u in mentioned]})
    _audit_confirmation(actor, reply, found)
    return reply

