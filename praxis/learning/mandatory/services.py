"""Changing an institution's mandatory training: departments and managers, staff import, assignments and their
records, completion, recurrence and reminders. Multi-row changes run in one transaction."""

from __future__ import annotations

import calendar
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from praxis.accounts.models import User
from praxis.core import audit
from praxis.core.actor import Actor
from praxis.core.audit import Action
from praxis.institutions.models import Institution

from ..models import Course, Enrolment, Programme, ProgrammeCourse
from . import rules, staff_import
from .models import (
    Assignment,
    Department,
    Reminder,
    ReportVersion,
    StaffAssignment,
    StaffMember,
    StaffProfession,
)
from .windows import YearlyWindow

NEWCOMER_GRACE_DAYS = 30  # a newcomer assigned after a fixed due date passed gets this long


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- departments and managers ---------------------------------------------------------------------------------------

# --- report versions ----------------------------------------------------------------------------------------------

def report_figures_changed(institution_ids: Iterable[int]) -> None:
    """The reports of these institutions must be computed again: a new token, written in the caller's transaction
    (one statement). Every service that writes rounds, staff lines or the enrolments of staff calls it, so a trainer
    sees each write on the next load while unchanged figures are served from memory (`selectors._kept`)."""
    ids = sorted(set(institution_ids))  # one order for every writer: two transactions never wait on each other
    if ids:
        ReportVersion.objects.bulk_create(
            [ReportVersion(institution_id=pk, token=uuid.uuid4().hex) for pk in ids],
            update_conflicts=True, unique_fields=["institution"], update_fields=["token"])


def report_figures_changed_everywhere() -> None:
    """A write outside the services (the admin site): every institution's reports are computed again."""
    ReportVersion.objects.update(token=uuid.uuid4().hex)


def report_figures_changed_for_member(user_id: int | None) -> None:
    """A member's enrolment started or ended: the reports of the institutions whose staff list names them."""
    if user_id is not None:
        report_figures_changed(StaffMember.objects.filter(user_id=user_id).values_list("institution_id", flat=True))


def department_create(*, actor: Actor, institution: Institution, name: str) -> Department:
    rules.check_manage_departments(actor, institution.pk)
    name = name.strip()
    if Department.objects.filter(institution=institution, name__iexact=name).exists():
        raise ValidationError({"name": _("This department already exists.")})
    department = Department(institution=institution, name=name)
    department.full_clean()
    department.save()
    audit.log(actor, Action.LEARNING_DEPARTMENT_CREATED, department, {"institution_id": institution.pk})
    return department


def department_manager_add(*, actor: Actor, department: Department, email: str) -> User:
    """Name a manager: someone on the staff list of the institution who is a member."""
    rules.check_manage_departments(actor, department.institution_id)
    staff = StaffMember.objects.filter(institution_id=department.institution_id, email__iexact=email.strip(),
                                       user__isnull=False).select_related("user").first()
    if staff is None or staff.user is None:
        raise ValidationError({"email": _("Nobody on the staff list with a Praxis account has this address.")})
    department.managers.add(staff.user)
    audit.log(actor, Action.LEARNING_DEPARTMENT_MANAGER_ADDED, department, {"user_id": staff.user.pk})
    return staff.user


def department_manager_remove(*, actor: Actor, department: Department, user_id: int) -> None:
    rules.check_manage_departments(actor, department.institution_id)
    department.managers.remove(user_id)
    audit.log(actor, Action.LEARNING_DEPARTMENT_MANAGER_REMOVED, department, {"user_id": user_id})


# --- staff import ---------------------------------------------------------------------------------------------------

@dataclass
class ImportResult:
    created: int
    updated: int
    invited: int
    departments: int
    skipped: int


def staff_import_apply(*, actor: Actor, institution: Institution, text: str) -> ImportResult:
    """Import the valid lines of the list, all in one transaction (a failure leaves nothing half-imported). Lines
    with errors are skipped (the admin saw them in the preview). Members are linked by address; addresses that are
    not on the staff are invited; newcomers get the assignments that apply to them."""
    from praxis.institutions import selectors as institution_selectors
    from praxis.institutions import services as institution_services

    rules.check_import_staff(actor, institution.pk)
    preview = staff_import.read(text, institution.pk)
    if not preview.can_apply:
        raise ValidationError(preview.errors or [_("No line of this file can be imported.")])
    with transaction.atomic():
        departments = {staff_import.normalise(d.name): d for d in Department.objects.filter(institution=institution)}
        for name in preview.new_departments:
            departments[staff_import.normalise(name)] = Department.objects.create(institution=institution, name=name)
        rows = preview.valid_rows
        users = {u.email.lower(): u for u in User.objects.filter(email__in=[r.email for r in rows])}
        current = {s.email.lower(): s for s in StaffMember.objects.filter(institution=institution)}
        on_staff = set(institution_selectors.active_memberships_of_institution(institution.pk)
                       .values_list("user__email", flat=True))
        on_staff = {email.lower() for email in on_staff}
        created = updated = invited = 0
        imported: list[StaffMember] = []
        for row in rows:
            department = departments.get(staff_import.normalise(row.department)) if row.department else None
            staff = current.get(row.email)
            if staff is None:
                staff = StaffMember(institution=institution, email=row.email)
                created += 1
            else:
                updated += 1
            staff.first_name, staff.last_name = row.first_name, row.last_name
            staff.profession, staff.department, staff.is_active = row.profession, department, True
            if row.joined_on:
                staff.joined_on = row.joined_on
            staff.user = staff.user or users.get(row.email)
            staff.save()
            imported.append(staff)
            if row.email not in on_staff:
                institution_services.invitation_send(actor=actor, institution=institution, email=row.email,
                                                     role="staff")
                invited += 1
        result = ImportResult(created=created, updated=updated, invited=invited,
                              departments=len(preview.new_departments), skipped=len(preview.invalid_rows))
        audit.log(actor, Action.LEARNING_STAFF_IMPORTED, institution, {
            "created": created, "updated": updated, "invited": invited, "departments": result.departments,
            "skipped": result.skipped})
        assign_newcomers(institution_id=institution.pk, staff_ids=[s.pk for s in imported])
        report_figures_changed([institution.pk])  # names, departments, links to members
    return result


@transaction.atomic
def staff_update(*, actor: Actor, staff: StaffMember, department: Department | None, profession: str) -> StaffMember:
    """Move one person of the staff list to another department, or change their profession: what a new import of
    their line does, under the same rule (the institution's admins). Their new assignments follow at once."""
    rules.check_import_staff(actor, staff.institution_id)
    if department is not None and department.institution_id != staff.institution_id:
        raise ValidationError({"department": _("This department is not one of the institution's.")})
    if profession not in StaffProfession.values:
        raise ValidationError({"profession": _("Unknown profession.")})
    before = {"department_id": staff.department_id, "profession": staff.profession}
    staff.department, staff.profession = department, profession
    staff.full_clean()
    staff.save(update_fields=["department", "profession"])
    audit.log(actor, Action.LEARNING_STAFF_UPDATED, staff, {
        "institution_id": staff.institution_id, "department_id": staff.department_id, "profession": profession,
        "before": before})
    assign_newcomers(institution_id=staff.institution_id, staff_ids=[staff.pk])
    report_figures_changed([staff.institution_id])  # the department report groups by department
    return staff


def staff_link_member(*, institution_id: int, user: Any) -> int:
    """A member joined the institution's staff (an invitation accepted): link their staff line by address."""
    with transaction.atomic():
        linked = StaffMember.objects.filter(institution_id=institution_id, email__iexact=user.email,
                                            user__isnull=True).update(user=user)
        if linked:
            report_figures_changed([institution_id])  # their enrolments now count as "started"
    return linked


# --- assignments ----------------------------------------------------------------------------------------------------

def _matching(assignment: Assignment) -> Any:
    staff = StaffMember.objects.filter(institution_id=assignment.institution_id, is_active=True)
    if assignment.target == Assignment.Target.DEPARTMENT:
        return staff.filter(department_id=assignment.department_id or 0)
    if assignment.target == Assignment.Target.PROFESSION:
        return staff.filter(profession=assignment.profession)
    if assignment.target == Assignment.Target.PEOPLE:
        return staff.none()  # chosen once, at creation: never grows by itself
    return staff


def due_date_for(assignment: Assignment, staff: StaffMember, today: date) -> date:
    """Fixed date, or N days after the later of the assignment and the person's joining. A newcomer assigned once a
    fixed date has passed gets `NEWCOMER_GRACE_DAYS`. A yearly-window assignment without either: the end of the
    first window ending at least `NEWCOMER_GRACE_DAYS` days from today."""
    window = assignment.window
    if window is not None and assignment.due_on is None and assignment.due_days is None:
        return window.first_end_on_or_after(today + timedelta(days=NEWCOMER_GRACE_DAYS))
    if assignment.due_days is not None:
        start = max(timezone.localdate(assignment.created_at) if assignment.created_at else today, staff.joined_on)
        return start + timedelta(days=assignment.due_days)
    assert assignment.due_on is not None
    if assignment.due_on < today:
        return today + timedelta(days=NEWCOMER_GRACE_DAYS)
    return assignment.due_on


def _counts_until(assignment: Assignment, enrolment: Enrolment, due_on: date | None = None) -> date | None:
    """Until when a completion counts: the assignment's recurrence from the completion date (a number of months, or
    the end of the first yearly window starting after it: see windows.py), else the certificate's own expiry (if
    any). `due_on`: the round it completes; a yearly window then counts at least until the window after that date."""
    assert enrolment.completed_at is not None
    until = recurrence_until(assignment, timezone.localdate(enrolment.completed_at), due_on)
    return until if until is not None else enrolment.valid_until


def recurrence_until(assignment: Assignment, completed: date, due_on: date | None = None) -> date | None:
    """Until when a completion on this (local) date counts under the assignment's recurrence; None: no recurrence."""
    window = assignment.window
    if window is not None:
        until = window.counts_until(completed)
        return max(until, window.first_end_after(due_on)) if due_on is not None else until
    if assignment.recurrence_months:
        return add_months(completed, assignment.recurrence_months)
    return None


def _outcomes(enrolment_ids: list[int]) -> dict[int, tuple[Any, int]]:
    """Average quiz score and time spent of completed enrolments (one query)."""
    from django.db.models import Avg, Sum

    from ..models import LessonProgress

    rows = (LessonProgress.objects.filter(enrolment_id__in=enrolment_ids).values("enrolment_id")
            .annotate(score=Avg("score"), seconds=Sum("time_spent_seconds")))
    return {row["enrolment_id"]: (row["score"], row["seconds"] or 0) for row in rows}


def _complete(record: StaffAssignment, enrolment: Enrolment, until: date | None,
              outcomes: dict[int, tuple[Any, int]]) -> None:
    record.enrolment, record.completed_at, record.valid_until = enrolment, enrolment.completed_at, until
    record.score, record.time_spent_seconds = outcomes.get(enrolment.pk, (None, 0))


def course_slugs(assignment: Assignment) -> list[str]:
    """The courses (by slug) an assignment asks for: its course, or every course of its programme."""
    if assignment.programme_id:
        return list(ProgrammeCourse.objects.filter(programme_id=assignment.programme_id)
                    .values_list("course__slug", flat=True).distinct())
    assert assignment.course is not None
    return [assignment.course.slug]


def _completions(assignment: Assignment, user_ids: list[int]) -> dict[int, Enrolment]:
    """Per user, the completion that completes the assignment: the latest completion of its course, or for a
    programme the latest of the completions of its courses once every one of them is completed (two queries)."""
    slugs = course_slugs(assignment)
    latest: dict[tuple[int, str], Enrolment] = {}
    for enrolment in (Enrolment.objects.filter(user_id__in=user_ids, course__slug__in=slugs,
                                               status=Enrolment.Status.COMPLETED)
                      .select_related("course").order_by("completed_at")):
        latest[(enrolment.user_id, enrolment.course.slug)] = enrolment  # the latest wins
    result: dict[int, Enrolment] = {}
    for user_id in set(user_ids):
        done = [latest.get((user_id, slug)) for slug in slugs]
        if slugs and all(done):
            result[user_id] = max((e for e in done if e is not None), key=lambda e: e.completed_at or 0)
    return result


def _materialise(assignment: Assignment, staff: list[StaffMember]) -> int:
    """Open the first round for each person who has none; a completion that still counts completes it at once.
    Three queries whatever the number of people (existing rounds, completions, one bulk insert)."""
    if not staff:
        return 0
    today = timezone.localdate()
    have = set(StaffAssignment.objects.filter(assignment=assignment, staff__in=staff)
               .values_list("staff_id", flat=True))
    todo = [s for s in staff if s.pk not in have]
    completions = _completions(assignment, [s.user_id for s in todo if s.user_id])
    outcomes = _outcomes([e.pk for e in completions.values()])
    records = []
    for person in todo:
        record = StaffAssignment(assignment=assignment, staff=person, due_on=due_date_for(assignment, person, today))
        done = completions.get(person.user_id) if person.user_id else None
        if done is not None:
            until = _counts_until(assignment, done)
            if until is None or until > today:
                _complete(record, done, until, outcomes)
        records.append(record)
    StaffAssignment.objects.bulk_create(records, batch_size=2000, ignore_conflicts=True)
    return len(records)


def _window_fields(window: YearlyWindow | None) -> dict[str, int | None]:
    if window is None:
        return {}
    return {"window_start_month": window.start_month, "window_start_day": window.start_day,
            "window_end_month": window.end_month, "window_end_day": window.end_day}


def assignment_create(*, actor: Actor, scope: rules.Scope, institution: Institution, data: dict[str, Any],
                      people: list[StaffMember] | None = None) -> tuple[Assignment, int]:
    """Assign a course to a group of the staff; returns the assignment and the number of people it reached."""
    people = people or []
    department = data.get("department")
    rules.check_assign(scope, target=data["target"], department_id=department.pk if department else None,
                       people=people)
    course: Course | None = data.get("course")
    programme: Programme | None = data.get("programme")
    if (course is None) == (programme is None):
        raise ValidationError({"course": _("Choose a course or a programme.")})
    if data.get("due_on") and data["due_on"] < timezone.localdate():
        raise ValidationError({"due_on": _("The due date is in the past.")})
    assignment = Assignment(
        institution=institution, course=course, programme=programme, target=data["target"], created_by=actor.user,
        department=department if data["target"] == Assignment.Target.DEPARTMENT else None,
        profession=data.get("profession") or "" if data["target"] == Assignment.Target.PROFESSION else "",
        due_on=data.get("due_on"), due_days=data.get("due_days"), recurrence_months=data.get("recurrence_months"),
        **_window_fields(data.get("window")),
        auto_assign=bool(data.get("auto_assign")) and data["target"] != Assignment.Target.PEOPLE,
    )
    assignment.full_clean()
    with transaction.atomic():
        assignment.save()
        staff = people if assignment.target == Assignment.Target.PEOPLE else list(_matching(assignment))
        count = _materialise(assignment, staff)
        report_figures_changed([institution.pk])
        audit.log(actor, Action.LEARNING_ASSIGNMENT_CREATED, assignment, {
            "course_id": course.pk if course else None, "programme_id": programme.pk if programme else None,
            "target": assignment.target, "people": count})
    return assignment, count


def assignment_close(*, actor: Actor, scope: rules.Scope, assignment: Assignment) -> None:
    """Stop an assignment: no newcomer is added and no round reopens; records stay as history."""
    rules.check_assign(scope, target=assignment.target, department_id=assignment.department_id,
                       people=list(StaffMember.objects.filter(assignments__assignment=assignment).distinct()))
    with transaction.atomic():
        assignment.is_active = False
        assignment.save(update_fields=["is_active"])
        report_figures_changed([assignment.institution_id])
        audit.log(actor, Action.LEARNING_ASSIGNMENT_CLOSED, assignment, {})


def assign_newcomers(*, institution_id: int, staff_ids: list[int]) -> int:
    """The automatic assignments of the institution that match these people (newcomers, or moved)."""
    total = 0
    with transaction.atomic():
        for assignment in Assignment.objects.filter(institution_id=institution_id, is_active=True,
                                                    auto_assign=True).select_related("course"):
            total += _materialise(assignment, list(_matching(assignment).filter(pk__in=staff_ids)))
        if total:
            report_figures_changed([institution_id])
    return total


# --- completion and recurrence --------------------------------------------------------------------------------------

def record_completion(enrolment: Enrolment) -> int:
    """A learner completed a course: the open rounds of the assignments of this course (any version) are done.
    Called by `learning.services` when an enrolment is completed."""
    slug = enrolment.course.slug
    concerned = Assignment.objects.filter(Q(course__slug=slug) | Q(programme__items__course__slug=slug)).values("pk")
    # Only the rounds are locked: an assignment of a programme has no course (an outer join PostgreSQL cannot lock).
    open_rounds = list(StaffAssignment.objects.select_for_update(of=("self",)).filter(
        staff__user_id=enrolment.user_id, completed_at__isnull=True,
        assignment_id__in=concerned).select_related("assignment__course"))
    outcomes = _outcomes([enrolment.pk]) if open_rounds else {}
    for record in open_rounds:
        if record.assignment.programme_id and enrolment.user_id not in _completions(record.assignment,
                                                                                   [enrolment.user_id]):
            continue  # a programme is done when all its courses are
        _complete(record, enrolment, _counts_until(record.assignment, enrolment, record.due_on), outcomes)
        record.save(update_fields=["enrolment", "completed_at", "valid_until", "score", "time_spent_seconds"])
    # Even with no round completed: the enrolment is no longer in progress ("started" counts those).
    report_figures_changed_for_member(enrolment.user_id)
    return len(open_rounds)


def renew_due(today: date | None = None) -> int:
    """Open the next round of recurring assignments `LEARNING_RENEW_DAYS_BEFORE` days before the completion lapses
    (yearly windows: or when the window starts, if earlier), due on the day it lapses. Earlier rounds stay (history
    for auditors). Idempotent: the round number is unique."""
    today = today or timezone.localdate()
    days_before = settings.LEARNING_RENEW_DAYS_BEFORE
    horizon = today + timedelta(days=days_before)
    later = StaffAssignment.objects.filter(assignment_id=OuterRef("assignment_id"), staff_id=OuterRef("staff_id"),
                                           cycle__gt=OuterRef("cycle"))
    due = Q(assignment__recurrence_months__isnull=False, valid_until__lte=horizon)
    # Yearly windows: the round due at a window's end opens before it (windows.py); one condition per assignment.
    for assignment in Assignment.objects.filter(is_active=True, window_end_month__isnull=False):
        window = assignment.window
        assert window is not None
        due |= Q(assignment_id=assignment.pk, valid_until__lte=window.renewal_horizon(today, days_before))
    lapsing = StaffAssignment.objects.filter(
        due, completed_at__isnull=False, assignment__is_active=True, staff__is_active=True,
    ).filter(~Exists(later)).only("pk", "assignment_id", "staff_id", "cycle", "valid_until")
    lapsing_rounds = list(lapsing)
    new = [StaffAssignment(assignment_id=r.assignment_id, staff_id=r.staff_id, cycle=r.cycle + 1,
                           due_on=r.valid_until or today) for r in lapsing_rounds]
    with transaction.atomic():
        StaffAssignment.objects.bulk_create(new, batch_size=2000, ignore_conflicts=True)
        StaffAssignment.objects.filter(pk__in=[r.pk for r in lapsing_rounds]).update(is_current=False)
        report_figures_changed(Assignment.objects.filter(pk__in={r.assignment_id for r in lapsing_rounds})
                               .values_list("institution_id", flat=True) if new else [])
        if new:
            audit.log(None, Action.LEARNING_ASSIGNMENT_RENEWED, None, {"rounds": len(new), "day": today.isoformat()})
    return len(new)


# --- reminders ------------------------------------------------------------------------------------------------------

def _threshold(left: int, days: list[int]) -> int | None:
    """The closest of the reminder days not yet passed (60, then 30, then 7 days before): a round opened late (an
    import, a renewal) gets only the nearest one, not a burst of them."""
    reached = [d for d in days if left <= d]
    return min(reached) if reached else None


def _reachable(rounds: Any) -> Any:
    """Rounds of people who can act on a reminder: active on the staff list with an account that has joined the
    institution's staff (invited people get theirs once they accept; their round is waiting for them)."""
    from praxis.institutions.selectors import active_memberships

    joined = active_memberships().filter(institution_id=OuterRef("staff__institution_id"),
                                         user_id=OuterRef("staff__user_id"))
    return rounds.filter(Exists(joined), assignment__is_active=True, staff__is_active=True,
                         staff__user__isnull=False)


def reminders_due(today: date | None = None) -> list[tuple[int, str]]:
    """(record id, kind) of the reminders to send today, each of `LEARNING_REMINDER_DAYS` (60, 30, 7) days:
    - before the due date of an open round (`due-60`…), and once when it is overdue (`overdue`);
    - before the expiry of a completion that is the person's latest round (`expiry-60`…): the end of its validity
      for the institution (`valid_until`: recurrence, or the certificate's expiry). Once the next round of a
      recurring assignment is open, its due-date reminders take over (same date), so nothing is said twice.
    Already sent ones are left out; the unique row in `reminder_send` makes a second send impossible anyway.
    Two queries for the open rounds, two for the completions."""
    today = today or timezone.localdate()
    days = sorted(set(settings.LEARNING_REMINDER_DAYS), reverse=True)
    horizon = today + timedelta(days=max(days, default=0))
    open_rounds = _reachable(StaffAssignment.objects.filter(completed_at__isnull=True, due_on__lte=horizon))
    expiring = _reachable(StaffAssignment.objects.filter(
        completed_at__isnull=False, is_current=True, valid_until__gte=today, valid_until__lte=horizon))
    wanted: list[tuple[int, str]] = []
    for rounds, prefix, field in ((open_rounds, "due", "due_on"), (expiring, "expiry", "valid_until")):
        sent = set(Reminder.objects.filter(record__in=rounds).values_list("record_id", "kind"))
        for pk, day in rounds.values_list("pk", field):
            left = (day - today).days
            if left < 0:
                kind = "overdue"  # open rounds only: an expired completion is not reminded (the next round is)
            else:
                threshold = _threshold(left, days)
                if threshold is None:
                    continue
                kind = f"{prefix}-{threshold}"
            if (pk, kind) not in sent:
                wanted.append((pk, kind))
    return wanted


def reminder_send(*, record_id: int, kind: str) -> bool:
    """Send one reminder, once: the `Reminder` row is the claim. The audit entry notifies the learner in the app and
    by email (in their language) through the notifications registry."""
    from django.utils import translation
    from django.utils.formats import date_format

    record = StaffAssignment.objects.select_related("staff__user", "assignment__course",
                                                    "assignment__programme").filter(pk=record_id).first()
    if record is None or record.staff.user is None:
        return False
    expiry = kind.startswith("expiry-")
    if expiry != (record.completed_at is not None) or (expiry and (not record.is_current or not record.valid_until)):
        return False  # done since it was queued (or, for an expiry, renewed since)
    day = record.valid_until if expiry else record.due_on
    assert day is not None
    try:
        with transaction.atomic():
            Reminder.objects.create(record=record, kind=kind)
    except IntegrityError:
        return False
    with translation.override(record.staff.user.preferred_language or "fr"):
        due_label = date_format(day, "j F Y")
    audit.log(None, Action.LEARNING_ASSIGNMENT_REMINDER, record, {
        "kind": kind, "due_on": day.isoformat(), "due_label": due_label,
        "course": record.assignment.subject.title})
    return True
