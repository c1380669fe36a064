"""Emails of communities of practice, run by the task worker."""

from __future__ import annotations

import logging

from django.conf import settings
from django.urls import reverse
from huey import crontab
from huey.contrib.djhuey import periodic_task

from praxis.core.mail import send_templated
from praxis.core.tasks import durable_task

logger = logging.getLogger("praxis.communities")


@durable_task
def send_invitation(invitation_id: int) -> None:
    """Email the signed invitation link to the invited address, in the language of its account if it has one."""
    from praxis.accounts.models import User

    from .models import CommunityInvitation
    from .services import invitation_token

    invitation = CommunityInvitation.objects.select_related("community", "invited_by").filter(
        pk=invitation_id).first()
    if invitation is None or invitation.status != CommunityInvitation.Status.PENDING:
        return
    url = settings.SITE_URL + reverse("communities:invitation", kwargs={"token": invitation_token(invitation)})
    existing = User.objects.filter(email__iexact=invitation.email).only("preferred_language").first()
    send_templated(to=invitation.email, template="communities/email/invitation",
                   context={"invitation": invitation, "url": url},
                   language=existing.preferred_language if existing else "fr")


@durable_task
def send_followup_request(case_id: int) -> None:
    """Ask the presenter of a case what was applied and what changed (the link opens the follow-up form)."""
    from .models import Case

    case = Case.objects.select_related("community", "author").filter(pk=case_id).first()
    if case is None or case.author is None or not case.author.is_active:
        return
    url = settings.SITE_URL + reverse("communities:case_outcome", kwargs={"slug": case.community.slug,
                                                                          "case_id": case.pk})
    send_templated(to=case.author.email, template="communities/email/followup",
                   context={"case": case, "url": url, "member": case.author},
                   language=case.author.preferred_language)


def ask_due_followups() -> int:
    """Claim every case whose follow-up date has come and ask its presenter (each case once)."""
    from django.utils import timezone

    from .models import Case
    from .services import case_followup_ask

    due = Case.objects.filter(followup_asked_at__isnull=True, followup_due_on__lte=timezone.localdate(),
                              author__isnull=False).values_list("pk", flat=True)
    return sum(case_followup_ask(case_id=pk) for pk in list(due[:500]))


@periodic_task(crontab(hour="7", minute="15"))
def followups_periodic() -> None:
    count = ask_due_followups()
    if count:
        logger.info("Asked %s presenter(s) for the outcome of their case", count)


def _meeting_url(meeting: object) -> str:
    return settings.SITE_URL + reverse("communities:meeting", args=[meeting.community.slug, meeting.pk])  # type: ignore[attr-defined]


@durable_task
def send_meeting_invitations(meeting_id: int) -> None:
    """Invite every member by email, with the meeting as an .ics file (it is also in their calendar feed)."""
    from .ics import meeting_calendar
    from .models import Meeting

    meeting = Meeting.objects.select_related("community").filter(pk=meeting_id).first()
    if meeting is None or meeting.status == Meeting.Status.CANCELLED:
        return
    ics = meeting_calendar(meeting)
    for membership in meeting.community.memberships.select_related("user").filter(user__is_active=True):
        member = membership.user
        send_templated(to=member.email, template="communities/email/meeting",
                       context={"meeting": meeting, "member": member, "url": _meeting_url(meeting)},
                       language=member.preferred_language,
                       attachments=[("reunion.ics", ics, "text/calendar; method=PUBLISH")])


@durable_task
def send_minutes(meeting_id: int) -> None:
    """Send the minutes to every member."""
    from .models import Meeting

    meeting = Meeting.objects.select_related("community").filter(pk=meeting_id).first()
    if meeting is None:
        return
    phases = [(phase.get("title", ""), meeting.minutes.get(phase.get("key", ""), "")) for phase in meeting.agenda]
    decisions = [d.text for d in meeting.decisions.all()]
    actions = list(meeting.actions.select_related("owner"))
    present = list(meeting.attendances.filter(present=True).select_related("user").order_by("user__last_name"))
    for membership in meeting.community.memberships.select_related("user").filter(user__is_active=True):
        member = membership.user
        send_templated(to=member.email, template="communities/email/minutes", language=member.preferred_language,
                       context={"meeting": meeting, "member": member, "url": _meeting_url(meeting), "phases": phases,
                                "decisions": decisions, "actions": actions, "present": present})
