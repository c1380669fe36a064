"""Reads of the institution's training pages. Every list is bounded in queries (see the query-count tests)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Avg, Count, Exists, Max, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from praxis.core.actor import Actor
from praxis.institutions.models import Institution

from ..models import Course, Enrolment, PublicationStatus, Visibility
from . import rules
from .models import Assignment, Department, StaffAssignment, StaffMember

EXPIRING_DAYS = 30
PAGE_SIZE = 50


def institutions_managed(actor: Actor) -> list[Institution]:
    """Institutions whose training the actor manages (admin, trainer, or manager of a department)."""
    if not actor.is_authenticated:
        return []
    ids = set(rules.can_manage_some_training(actor))
    ids |= set(Department.objects.filter(managers=actor.id).values_list("institution_id", flat=True))
    return list(Institution.objects.filter(pk__in=ids).order_by("name"))


def departments_in_scope(scope: rules.Scope) -> QuerySet[Department]:
    departments = Department.objects.filter(institution_id=scope.institution_id)
    if scope.departments is not None:
        departments = departments.filter(pk__in=scope.departments)
    return departments


def departments_overview(scope: rules.Scope) -> QuerySet[Department]:
    """Departments with their staff count and managers (two queries)."""
    return departments_in_scope(scope).annotate(
        staff_count=Count("staff", filter=Q(staff__is_active=True))).prefetch_related("managers")


def staff_list(scope: rules.Scope, *, q: str = "", department: Department | None = None,
               profession: str = "") -> QuerySet[StaffMember]:
    staff = rules.staff_in_scope(scope).select_related("department")
    if q:
        staff = staff.filter(Q(last_name__icontains=q) | Q(first_name__icontains=q) | Q(email__icontains=q))
    if department is not None:
        staff = staff.filter(department=department)
    if profession:
        staff = staff.filter(profession=profession)
    today = timezone.localdate()
    return staff.annotate(
        open_count=Count("assignments", filter=Q(assignments__completed_at__isnull=True)),
        overdue_count=Count("assignments", filter=Q(assignments__completed_at__isnull=True,
                                                    assignments__due_on__lt=today)),
    ).order_by("last_name", "first_name", "pk")


def assignable_courses(institution_id: int) -> QuerySet[Course]:
    """Published courses the institution's staff can follow: its own, open ones, those shared with it."""
    shared = Course.shared_with.through.objects.filter(institution_id=institution_id).values("course_id")
    return Course.objects.filter(
        Q(owner_institution_id=institution_id) | Q(visibility=Visibility.OPEN)
        | Q(visibility=Visibility.SHARED, pk__in=shared),
        status=PublicationStatus.PUBLISHED,
    ).order_by("title")


def _later_round() -> Exists:
    return Exists(StaffAssignment.objects.filter(assignment_id=OuterRef("assignment_id"),
                                                 staff_id=OuterRef("staff_id"), cycle__gt=OuterRef("cycle")))


def current_rounds(scope: rules.Scope) -> QuerySet[StaffAssignment]:
    """Each person's latest round of each active assignment (earlier rounds are history)."""
    return rules.records_in_scope(scope).filter(assignment__is_active=True, staff__is_active=True).exclude(
        _later_round())


def assignments_overview(scope: rules.Scope) -> QuerySet[Assignment]:
    today = timezone.localdate()
    current = ~_later_round_for_join()
    in_scope = Q(records__staff__department_id__in=scope.departments) if scope.departments is not None else Q()
    return rules.assignments_in_scope(scope).select_related("course", "department").annotate(
        people=Count("records", filter=current & in_scope),
        done=Count("records", filter=current & in_scope & Q(records__completed_at__isnull=False)),
        overdue=Count("records", filter=current & in_scope & Q(records__completed_at__isnull=True,
                                                               records__due_on__lt=today)),
    ).order_by("-is_active", "-created_at", "-pk")


def _later_round_for_join() -> Exists:
    """The same test from an assignment joined to its records (`records__...`)."""
    return Exists(StaffAssignment.objects.filter(assignment_id=OuterRef("records__assignment_id"),
                                                 staff_id=OuterRef("records__staff_id"),
                                                 cycle__gt=OuterRef("records__cycle")))


def assignment_rounds(scope: rules.Scope, assignment: Assignment, *, state: str = "") -> QuerySet[StaffAssignment]:
    """The people of an assignment, every round (history included), newest round first."""
    rounds = rules.records_in_scope(scope).filter(assignment=assignment).select_related("staff__department")
    today = timezone.localdate()
    if state == "overdue":
        rounds = rounds.filter(completed_at__isnull=True, due_on__lt=today)
    elif state == "open":
        rounds = rounds.filter(completed_at__isnull=True)
    elif state == "done":
        rounds = rounds.filter(completed_at__isnull=False)
    return rounds.order_by("staff__last_name", "staff__first_name", "staff_id", "-cycle")


def my_assignments(actor: Actor) -> list[StaffAssignment]:
    """The actor's open rounds, across their institutions, soonest due first (one query)."""
    if actor.id is None:
        return []
    return list(StaffAssignment.objects.filter(
        staff__user_id=actor.id, staff__is_active=True, completed_at__isnull=True, assignment__is_active=True,
    ).select_related("assignment__course", "assignment__institution").order_by("due_on")[:50])


# --- reports --------------------------------------------------------------------------------------------------------

@dataclass
class ReportRow:
    key: Any
    label: str
    assigned: int
    started: int
    completed: int
    overdue: int
    expiring: int
    average_score: float | None
    hours: float

    @property
    def rate(self) -> int:
        return round(100 * self.completed / self.assigned) if self.assigned else 0


def _figures(rounds: QuerySet[StaffAssignment], group: list[str], today: date) -> QuerySet[Any]:
    started = Exists(Enrolment.objects.filter(user_id=OuterRef("staff__user_id"),
                                              course__slug=OuterRef("assignment__course__slug"),
                                              status=Enrolment.Status.IN_PROGRESS))
    return rounds.values(*group).annotate(
        assigned=Count("pk"),
        started=Count("pk", filter=Q(completed_at__isnull=True) & Q(started)),
        completed=Count("pk", filter=Q(completed_at__isnull=False)),
        overdue=Count("pk", filter=Q(completed_at__isnull=True, due_on__lt=today)),
        expiring=Count("pk", filter=Q(completed_at__isnull=False, valid_until__gte=today,
                                      valid_until__lte=today + timedelta(days=EXPIRING_DAYS))),
        average_score=Avg("score"),
        seconds=Sum("time_spent_seconds"),
    ).order_by(*group)


def _row(key: Any, label: str, figures: dict[str, Any]) -> ReportRow:
    return ReportRow(key=key, label=label, assigned=figures["assigned"], started=figures["started"],
                     completed=figures["completed"], overdue=figures["overdue"], expiring=figures["expiring"],
                     average_score=float(figures["average_score"]) if figures["average_score"] is not None else None,
                     hours=round((figures["seconds"] or 0) / 3600, 1))


def report_by_course(scope: rules.Scope, today: date | None = None) -> list[ReportRow]:
    """One row per course (all versions together): one query."""
    today = today or timezone.localdate()
    figures = _figures(current_rounds(scope), ["assignment__course__slug"], today).annotate(
        title=Max("assignment__course__title"))
    return [_row(f["assignment__course__slug"], f["title"], f) for f in figures]


def report_by_department(scope: rules.Scope, course_slug: str, today: date | None = None) -> list[ReportRow]:
    """One row per department for one course (people without a department last): one query."""
    today = today or timezone.localdate()
    rounds = current_rounds(scope).filter(assignment__course__slug=course_slug)
    figures = _figures(rounds, ["staff__department_id", "staff__department__name"], today)
    rows = [_row(f["staff__department_id"], f["staff__department__name"] or "", f) for f in figures]
    return sorted(rows, key=lambda row: (row.key is None, row.label.lower()))


def completions_by_month(scope: rules.Scope, course_slug: str = "", months: int = 12,
                         today: date | None = None) -> list[tuple[date, int]]:
    """Completions per month over the last `months` months, empty months included (one query)."""
    today = today or timezone.localdate()
    first = date(today.year, today.month, 1)
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    rounds = rules.records_in_scope(scope).filter(completed_at__date__gte=first)
    if course_slug:
        rounds = rounds.filter(assignment__course__slug=course_slug)
    counts = {row["month"].date() if hasattr(row["month"], "date") else row["month"]: row["n"]
              for row in rounds.annotate(month=TruncMonth("completed_at")).values("month").annotate(n=Count("pk"))}
    result = []
    month = first
    for _ in range(months):
        result.append((month, counts.get(month, 0)))
        month = (month + timedelta(days=32)).replace(day=1)
    return result


def course_title(scope: rules.Scope, slug: str) -> str | None:
    return (Assignment.objects.filter(institution_id=scope.institution_id, course__slug=slug)
            .values_list("course__title", flat=True).first())
