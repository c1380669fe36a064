"""Meetings with the five-phase method: schedule (agenda from the community's template, with what carries over),
roll call, minutes per phase, decisions and actions, minutes sent, post-meeting survey, peer-group attendance in the
continuing-education record.

Audit actions: communities.meeting.{scheduled,template_updated,attendance_taken,minutes_saved,minutes_sent},
communities.action.{added,done}, communities.survey.answered."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from praxis.core import audit
from praxis.core.actor import Actor

from .. import rules, selectors, tasks
from ..models import PHASES, Action, Attendance, Case, Community, Decision, Meeting, SurveyAnswer
from . import _audit_confirmation, _guard
from .home import home_changed

PHASE_KEYS = [key for key, _label in PHASES]


def agenda_template(community: Community) -> list[dict[str, str]]:
    """The community's wording of the five phases (the method's own where it has none)."""
    own = {row.get("key"): row for row in community.agenda_template if isinstance(row, dict)}
    return [{"key": key, "title": own.get(key, {}).get("title") or str(label),
             "prompt": own.get(key, {}).get("prompt", "")} for key, label in PHASES]


@transaction.atomic
def agenda_template_update(*, actor: Actor, community: Community, phases: dict[str, dict[str, str]]) -> Community:
    """A facilitator words the five phases for the community (the phases themselves stay: it is the method)."""
    rules.check_run_meetings(actor, community)
    rows = []
    for key in PHASE_KEYS:
        title = (phases.get(key, {}).get("title") or "").strip()
        if not title:
            raise ValidationError({f"{key}_title": _("Give each phase a title.")})
        rows.append({"key": key, "title": title[:200], "prompt": (phases[key].get("prompt") or "").strip()[:1000]})
    community.agenda_template = rows
    community.save(update_fields=["agenda_template", "updated_at"])
    audit.log(actor, audit.Action.COMMUNITIES_MEETING_TEMPLATE_UPDATED, community)
    return community


def _carried_over(community: Community, cases: list[Case]) -> dict[str, list[str]]:
    """What goes on the next agenda by itself: open actions (recap), chosen cases (exchange), the topics the previous
    meeting chose (themes)."""
    today = timezone.localdate()
    items: dict[str, list[str]] = {key: [] for key in PHASE_KEYS}
    for action in community.actions.filter(done_at__isnull=True).select_related("owner"):
        late = _(" (late)") if action.due_on < today else ""
        items["recap"].append(_("Action: %(text)s — %(who)s, due %(date)s%(late)s") % {
            "text": action.text, "who": action.owner.get_full_name() if action.owner else "?",
            "date": action.due_on.strftime("%d/%m/%Y"), "late": late})
    items["exchange"] += [_("Case: %(title)s") % {"title": case.title} for case in cases]
    previous = community.meetings.exclude(status=Meeting.Status.CANCELLED).filter(
        starts_at__lt=timezone.now()).exclude(next_topics="").order_by("-starts_at").first()
    if previous is not None:
        items["themes"] += [line.strip(" -•") for line in previous.next_topics.splitlines() if line.strip(" -•")]
    return items


@transaction.atomic
def meeting_schedule(*, actor: Actor, community: Community, data: dict[str, Any], cases: list[Case]) -> Meeting:
    """Schedule a meeting in the future; its agenda is the template's five phases with what carries over; the members
    are invited by email (with an .ics file) and find it in their calendar feed."""
    rules.check_run_meetings(actor, community)
    starts_at, ends_at = data.get("starts_at"), data.get("ends_at")
    if starts_at is None or starts_at <= timezone.now():
        raise ValidationError({"starts_at": _("A meeting is scheduled in the future.")})
    if ends_at is None or ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The end comes after the start.")})
    if any(case.community_id != community.pk for case in cases):
        raise ValidationError({"cases": _("Only the community's own cases go on its agenda.")})
    carried = _carried_over(community, cases)
    agenda = [{**phase, "items": carried[phase["key"]]} for phase in agenda_template(community)]
    meeting = Meeting(community=community, created_by=actor.user, agenda=agenda, title=data.get("title", "").strip(),
                      starts_at=starts_at, ends_at=ends_at, mode=data.get("mode", Meeting.Mode.IN_PERSON),
                      place=data.get("place", "").strip(), join_url=data.get("join_url", "").strip())
    if meeting.mode == Meeting.Mode.ONLINE and not meeting.join_url:
        raise ValidationError({"join_url": _("Give the link to join the meeting online.")})
    meeting.full_clean()
    meeting.save()
    meeting.cases.set(cases)
    audit.log(actor, audit.Action.COMMUNITIES_MEETING_SCHEDULED, meeting, {"community": community.pk})
    transaction.on_commit(lambda: tasks.send_meeting_invitations.enqueue(meeting.pk))
    return meeting


def _peer_group_key(meeting: Meeting) -> str:
    return f"communities.meeting:{meeting.pk}"


@transaction.atomic
def attendance_record(*, actor: Actor, meeting: Meeting, present_ids: set[int]) -> list[Attendance]:
    """The roll call. For a community registered as a LOK/GLEM peer group, each member present gets a peer-group
    session in their continuing-education record (and loses it if unmarked)."""
    from praxis.cpd.services import entry_record, entry_withdraw

    community = meeting.community
    rules.check_run_meetings(actor, community)
    if meeting.starts_at.date() > timezone.localdate():
        raise ValidationError(_("The roll call is taken on the day of the meeting, not before."))
    members = selectors.members_by_user_id(community)
    unknown = present_ids - set(members)
    if unknown:
        raise ValidationError(_("Only members of the community can be marked present."))
    rows = []
    hours = Decimal(round((meeting.ends_at - meeting.starts_at).total_seconds() / 3600, 2))
    for user_id, user in members.items():
        row, _created = Attendance.objects.update_or_create(meeting=meeting, user_id=user_id,
                                                            defaults={"present": user_id in present_ids})
        rows.append(row)
        if not community.peer_group_number:
            continue
        if row.present:
            entry_record(member=user, source_key=_peer_group_key(meeting), origin="issued", activity_type="peer_group",
                         title=f"{community.name} — {meeting.title}", organiser=community.name,
                         date=timezone.localtime(meeting.starts_at).date(), hours=hours,
                         reference=community.peer_group_number, actor=actor)
        else:
            entry_withdraw(member=user, source_key=_peer_group_key(meeting), actor=actor)
    meeting.attendance_taken_at = timezone.now()
    meeting.status = Meeting.Status.HELD
    meeting.save(update_fields=["attendance_taken_at", "status", "updated_at"])
    audit.log(actor, audit.Action.COMMUNITIES_MEETING_ATTENDANCE_TAKEN, meeting, {"present": len(present_ids),
                                                                       "members": len(members)})
    return rows


@transaction.atomic
def minutes_save(*, actor: Actor, meeting: Meeting, minutes: dict[str, str], next_topics: str,
                 decisions: list[str], confirmed: bool = False) -> Meeting:
    """The minutes, phase by phase, the decisions and the topics of the next meeting (guarded like every text)."""
    rules.check_run_meetings(actor, meeting.community)
    cleaned = {key: (minutes.get(key) or "").strip() for key in PHASE_KEYS}
    decisions = [text.strip() for text in decisions if text.strip()]
    found = _guard({**{f"minutes_{k}": v for k, v in cleaned.items()}, "next_topics": next_topics,
                    **{f"decision_{n}": text for n, text in enumerate(decisions)}}, confirmed)
    meeting.minutes = cleaned
    meeting.next_topics = next_topics.strip()
    meeting.full_clean()
    meeting.save(update_fields=["minutes", "next_topics", "updated_at"])
    meeting.decisions.all().delete()
    Decision.objects.bulk_create([Decision(meeting=meeting, text=text) for text in decisions])
    audit.log(actor, audit.Action.COMMUNITIES_MEETING_MINUTES_SAVED, meeting, {"decisions": len(decisions)})
    _audit_confirmation(actor, meeting, found)
    return meeting


@transaction.atomic
def action_add(*, actor: Actor, meeting: Meeting, text: str, owner_id: int | None, due_on: date | None) -> Action:
    """An action item: its owner must be a member, its due date not in the past."""
    community = meeting.community
    rules.check_run_meetings(actor, community)
    owner = selectors.membership_of(community, owner_id)
    if owner is None:
        raise ValidationError({"owner": _("The person in charge must be a member of the community.")})
    if due_on is None or due_on < timezone.localdate():
        raise ValidationError({"due_on": _("Choose a due date from today on.")})
    _guard({"text": text}, False)
    action = Action(community=community, meeting=meeting, text=text.strip(), owner=owner.user, due_on=due_on,
                    created_by=actor.user)
    action.full_clean()
    action.save()
    home_changed(community.pk)
    audit.log(actor, audit.Action.COMMUNITIES_ACTION_ADDED, action,
              {"owner": owner.user_id, "due_on": due_on.isoformat()})
    return action


@transaction.atomic
def action_done(*, actor: Actor, action: Action) -> Action:
    rules.check_complete_action(actor, action)
    if action.done_at is not None:
        raise ValidationError(_("This action is already done."))
    action.done_at = timezone.now()
    action.save(update_fields=["done_at"])
    home_changed(action.community_id)
    audit.log(actor, audit.Action.COMMUNITIES_ACTION_DONE, action, {"on_time": action.done_at.date() <= action.due_on})
    return action


@transaction.atomic
def minutes_send(*, actor: Actor, meeting: Meeting) -> Meeting:
    """Email the minutes to every member (once the roll call is taken)."""
    rules.check_run_meetings(actor, meeting.community)
    if meeting.attendance_taken_at is None:
        raise ValidationError(_("Take the roll call before sending the minutes."))
    meeting.minutes_sent_at = timezone.now()
    meeting.save(update_fields=["minutes_sent_at", "updated_at"])
    audit.log(actor, audit.Action.COMMUNITIES_MEETING_MINUTES_SENT, meeting)
    transaction.on_commit(lambda: tasks.send_minutes.enqueue(meeting.pk))
    return meeting


@transaction.atomic
def survey_answer(*, actor: Actor, meeting: Meeting, usefulness: int, will_apply: str) -> SurveyAnswer:
    rules.check_answer_survey(actor, meeting)
    if SurveyAnswer.objects.filter(meeting=meeting, user=actor.user).exists():
        raise ValidationError(_("You already answered the survey of this meeting. Thank you!"))
    _guard({"will_apply": will_apply}, False)
    answer = SurveyAnswer(meeting=meeting, user=actor.user, usefulness=usefulness, will_apply=will_apply.strip())
    answer.full_clean()
    answer.save()
    audit.log(actor, audit.Action.COMMUNITIES_SURVEY_ANSWERED, meeting, {"usefulness": usefulness})
    return answer


def ends_default(starts_at: Any) -> Any:
    return starts_at + timedelta(hours=2) if starts_at else None
