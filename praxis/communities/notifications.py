"""Which community actions notify whom (found by praxis.notifications.registry.load_app_rules).

Recipients are members of the community at the time of dispatch (someone who left is told nothing more)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from praxis.core.audit import Action
from praxis.core.models import AuditEntry
from praxis.institutions.notifications import INVITATIONS
from praxis.notifications.registry import Recipient, kind, rule
from praxis.notifications.registry import full_name as _name
from praxis.notifications.registry import target as _target

from . import selectors
from .models import Case, CommunityInvitation, JoinRequest, Reply, Thread, ToolTemplate

COMMUNITIES = kind("communities", gettext_lazy("My communities of practice: requests, new cases, mentions, follow-ups"),
                   order=45)


def _members(community_id: int, *, exclude: int | None = None, facilitators: bool = False) -> list[Any]:
    return selectors.member_users(community_id, exclude=exclude, facilitators=facilitators)


def _is_member(user_id: int | None, community_id: int) -> bool:
    return selectors.is_member(user_id, community_id)


@rule(Action.COMMUNITIES_REQUEST_SUBMITTED, COMMUNITIES, lambda d: _("%(actor)s asks to join %(community)s") % d)
def _request_submitted(entry: AuditEntry) -> list[Recipient]:
    request = _target(entry, JoinRequest, select=["community", "user"])
    if request is None:
        return []
    url = reverse("communities:members", args=[request.community.slug])
    data = {"actor": _name(request.user), "community": request.community.name}
    return [Recipient(user, url, data) for user in _members(request.community_id, facilitators=True)]


@rule(Action.COMMUNITIES_REQUEST_ACCEPTED, COMMUNITIES, lambda d: _("You are now a member of %(community)s") % d)
def _request_accepted(entry: AuditEntry) -> list[Recipient]:
    request = _target(entry, JoinRequest, select=["community", "user"])
    if request is None or not _is_member(request.user_id, request.community_id):
        return []
    return [Recipient(request.user, reverse("communities:home", args=[request.community.slug]),
                      {"community": request.community.name})]


@rule(Action.COMMUNITIES_INVITATION_SENT, INVITATIONS, lambda d: _("You are invited to join %(community)s") % d,
      owner_emails=True)
def _invitation_sent(entry: AuditEntry) -> list[Recipient]:
    from praxis.accounts.models import User
    from praxis.communities.services import invitation_token

    invitation = _target(entry, CommunityInvitation, select=["community"])
    if invitation is None:
        return []
    user = User.objects.filter(email__iexact=invitation.email, is_active=True).first()
    if user is None:
        return []
    return [Recipient(user, reverse("communities:invitation", args=[invitation_token(invitation)]),
                      {"community": invitation.community.name})]


@rule(Action.COMMUNITIES_CASE_CREATED, COMMUNITIES,
      lambda d: _("New case in %(community)s: “%(title)s”") % d)
def _case_created(entry: AuditEntry) -> list[Recipient]:
    case = _target(entry, Case, select=["community"])
    if case is None:
        return []
    url = reverse("communities:case", args=[case.community.slug, case.pk])
    data = {"community": case.community.name, "title": case.title}
    return [Recipient(user, url, data) for user in _members(case.community_id, exclude=entry.actor_id)]


@rule(Action.COMMUNITIES_CASE_COMMENTED, COMMUNITIES, lambda d: _("%(actor)s commented on your case “%(title)s”") % d)
def _case_commented(entry: AuditEntry) -> list[Recipient]:
    case = _target(entry, Case, select=["community", "author"])
    if case is None or case.author_id == entry.actor_id or not _is_member(case.author_id, case.community_id):
        return []
    return [Recipient(case.author, reverse("communities:case", args=[case.community.slug, case.pk]) + "#comments",
                      {"actor": _name(entry.actor), "title": case.title})]


@rule(Action.COMMUNITIES_CASE_FOLLOWUP_ASKED, COMMUNITIES, lambda d: _("What became of your case “%(title)s”?") % d,
      owner_emails=True)
def _followup_asked(entry: AuditEntry) -> list[Recipient]:
    case = _target(entry, Case, select=["community", "author"])
    if case is None or not _is_member(case.author_id, case.community_id):
        return []
    return [Recipient(case.author, reverse("communities:case_outcome", args=[case.community.slug, case.pk]),
                      {"title": case.title})]


@rule(Action.COMMUNITIES_CASE_OUTCOME_RECORDED, COMMUNITIES,
      lambda d: _("%(actor)s told the group what became of “%(title)s”") % d)
def _outcome_recorded(entry: AuditEntry) -> list[Recipient]:
    case = _target(entry, Case, select=["community"])
    if case is None:
        return []
    url = reverse("communities:case", args=[case.community.slug, case.pk])
    data = {"actor": _name(entry.actor), "title": case.title}
    return [Recipient(user, url, data) for user in _members(case.community_id, exclude=entry.actor_id,
                                                            facilitators=True)]


def _mentions(entry: AuditEntry, thread: Thread, url: str) -> list[Recipient]:
    data = {"actor": _name(entry.actor), "title": thread.title}
    wanted = set(entry.data.get("mentions", []))
    return [Recipient(user, url, data) for user in _members(thread.community_id, exclude=entry.actor_id)
            if user.pk in wanted]


@rule(Action.COMMUNITIES_THREAD_CREATED, COMMUNITIES, lambda d: _("%(actor)s mentioned you in “%(title)s”") % d)
def _thread_created(entry: AuditEntry) -> list[Recipient]:
    thread = _target(entry, Thread, select=["community"])
    if thread is None:
        return []
    return _mentions(entry, thread, reverse("communities:thread", args=[thread.community.slug, thread.pk]))


@rule(Action.COMMUNITIES_REPLY_CREATED, COMMUNITIES, lambda d: _("%(actor)s replied in “%(title)s”") % d)
def _reply_created(entry: AuditEntry) -> list[Recipient]:
    """The mentioned members and the thread's author (once each)."""
    reply = _target(entry, Reply, select=["thread__community"])
    if reply is None:
        return []
    thread = reply.thread
    url = reverse("communities:thread", args=[thread.community.slug, thread.pk]) + "#replies"
    recipients = _mentions(entry, thread, url)
    if thread.author_id not in {r.user.pk for r in recipients} and thread.author_id != entry.actor_id:
        recipients += [Recipient(user, url, {"actor": _name(entry.actor), "title": thread.title})
                       for user in _members(thread.community_id) if user.pk == thread.author_id]
    return recipients


@rule(Action.COMMUNITIES_TEMPLATE_UPDATED, COMMUNITIES,
      lambda d: _("The template “%(template)s” changed: see what changed for “%(tool)s” in %(community)s") % d)
def _template_updated(entry: AuditEntry) -> list[Recipient]:
    """For every community that adopted the template and has not answered this version yet: its facilitators and the
    member who adopted it, with a link to the tool's "see what changed" page."""
    template = _target(entry, ToolTemplate)
    if template is None:
        return []
    recipients: list[Recipient] = []
    for tool in selectors.template_adopters(template):
        if not tool.template_changed:
            continue
        url = reverse("communities:template_change", args=[tool.community.slug, tool.pk])
        data = {"template": template.title, "community": tool.community.name, "tool": tool.title}
        seen: set[int] = set()
        adopter = [tool.created_by] if tool.created_by and _is_member(tool.created_by_id, tool.community_id) else []
        for user in _members(tool.community_id, facilitators=True) + adopter:
            if user.pk not in seen and user.pk != entry.actor_id:
                seen.add(user.pk)
                recipients.append(Recipient(user, url, data))
    return recipients
