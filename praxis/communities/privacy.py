"""The personal data communities of practice hold, and what they keep when a member deletes their account (called by
`accounts.services.member_erase`).

Texts written for a community (cases, comments, outcomes, recommendations, threads, replies, tools, meetings and
their actions) name nobody by construction (`check_no_personal_data`): they stay for the group, their author link
is emptied (shown without a name). Memberships, join requests, attendance, survey answers and invitations sent to the
member's address go with the account.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from praxis.accounts.models import User
from praxis.core.personal_data import Holding, OnErasure

from . import selectors
from .models import (
    Action,
    Attendance,
    Case,
    CaseComment,
    CaseOutcome,
    Community,
    CommunityInvitation,
    JoinRequest,
    Meeting,
    Recommendation,
    Reply,
    SurveyAnswer,
    Thread,
    Tool,
    ToolVersion,
)

_KEPT = _("texts for the group, which name nobody; kept without your name")

PERSONAL_DATA = [
    Holding("communities.Community", ("created_by",), purpose=_("who created a community"),
            on_erasure=OnErasure.ANONYMISED),
    Holding("communities.CommunityMembership", ("user", "role"), purpose=_("your membership of communities"),
            on_erasure=OnErasure.DELETED),
    Holding("communities.JoinRequest", ("user", "message", "decided_by"),
            purpose=_("your requests to join a community"), on_erasure=OnErasure.DELETED),
    Holding("communities.CommunityInvitation", ("email", "invited_by", "accepted_by"),
            purpose=_("invitations to join a community"), on_erasure=OnErasure.DELETED),
    Holding("communities.Case", ("author", "documented_by"), purpose=_KEPT, on_erasure=OnErasure.ANONYMISED),
    Holding("communities.CaseComment", ("author",), purpose=_KEPT, on_erasure=OnErasure.ANONYMISED),
    Holding("communities.Recommendation", ("recorded_by",), purpose=_KEPT, on_erasure=OnErasure.ANONYMISED),
    Holding("communities.CaseOutcome", ("author",), purpose=_KEPT, on_erasure=OnErasure.ANONYMISED),
    Holding("communities.Thread", ("author",), purpose=_KEPT, on_erasure=OnErasure.ANONYMISED),
    Holding("communities.Reply", ("author",), purpose=_KEPT, on_erasure=OnErasure.ANONYMISED),
    Holding("communities.Meeting", ("created_by",), purpose=_KEPT, on_erasure=OnErasure.ANONYMISED),
    Holding("communities.Attendance", ("user", "present"), purpose=_("your presence at community meetings"),
            on_erasure=OnErasure.DELETED),
    Holding("communities.Action", ("owner", "created_by"), purpose=_("actions decided in meetings, and who does them"),
            on_erasure=OnErasure.ANONYMISED),
    Holding("communities.SurveyAnswer", ("user", "usefulness", "will_apply"),
            purpose=_("your answers to the survey after a meeting"), on_erasure=OnErasure.DELETED),
    Holding("communities.Tool", ("created_by",), purpose=_KEPT, on_erasure=OnErasure.ANONYMISED),
    Holding("communities.ToolVersion", ("author",), purpose=_KEPT, on_erasure=OnErasure.ANONYMISED),
    Holding("communities.LibraryItem", ("added_by",), purpose=_KEPT, on_erasure=OnErasure.ANONYMISED),
    Holding("communities.ToolTemplate", ("created_by",), purpose=_KEPT, on_erasure=OnErasure.ANONYMISED),
    Holding("communities.ToolTemplateVersion", ("author",), purpose=_KEPT, on_erasure=OnErasure.ANONYMISED),
]


def export_member(*, member: User) -> dict[str, Any]:
    return {
        "memberships": list(selectors.memberships_of(member).values(
            "community__name", "role", "created_at")),
        "join_requests": list(JoinRequest.objects.filter(user=member).values(
            "community__name", "message", "status", "created_at")),
        "communities_created": list(Community.objects.filter(created_by=member).values("name", "created_at")),
        "cases": list(Case.objects.filter(author=member).values(
            "id", "community__name", "title", "context", "problem", "status", "created_at")),
        "case_comments": list(CaseComment.objects.filter(author=member).values("case_id", "text", "created_at")),
        "case_outcomes": list(CaseOutcome.objects.filter(author=member).values(
            "case_id", "applied", "change", "what_applied", "what_changed", "created_at")),
        "recommendations": list(Recommendation.objects.filter(recorded_by=member).values(
            "case_id", "text", "created_at")),
        "threads": list(Thread.objects.filter(author=member).values("community__name", "title", "body",
                                                                    "created_at")),
        "replies": list(Reply.objects.filter(author=member).values("thread_id", "body", "created_at")),
        "meetings_created": list(Meeting.objects.filter(created_by=member).values("title", "starts_at")),
        "attendance": list(Attendance.objects.filter(user=member).values(
            "meeting__title", "meeting__starts_at", "present")),
        "actions": list(Action.objects.filter(owner=member).values("text", "due_on", "done_at", "created_at")),
        "survey_answers": list(SurveyAnswer.objects.filter(user=member).values(
            "meeting__title", "usefulness", "will_apply", "created_at")),
        "tool_versions": list(ToolVersion.objects.filter(author=member).values(
            "tool__title", "number", "text", "note", "created_at")),
        "tools_created": list(Tool.objects.filter(created_by=member).values("title", "created_at")),
    }


def erase_member(*, member: User, former_member: User) -> None:
    """Author links empty themselves (`SET_NULL`); memberships, requests, attendance and answers go by cascade."""
    CommunityInvitation.objects.filter(email__iexact=member.email).delete()
