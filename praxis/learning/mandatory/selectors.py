"""Reads of the institution's training pages. Every list is bounded in queries (see the query-count tests)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, overload

from django.core.cache import caches
from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.utils import timezone

from praxis.core.actor import Actor
from praxis.core.compiled import ShapedQuery
from praxis.institutions.models import Institution

from ..models import Course, Enrolment, Programme, ProgrammeCourse, PublicationStatus, Visibility
from . import rules
from .models import Assignment, Department, ReportVersion, StaffAssignment, StaffMember

EXPIRING_DAYS = 30
PAGE_SIZE = 50
# How long a process keeps a report's figures. Not what keeps them right (the version token is: every service that
# writes what they count changes it); a bound on memory, and on a write that went through no service.
REPORT_KEPT_SECONDS = 600


def institutions_managed(actor: Actor) -> list[Institution]:
    """Institutions whose training the actor manages (admin, trainer, or manager of a department)."""
    if not actor.is_authenticated or actor.id is None:
        return []
    return _MANAGED.objects(actor.id, sorted(rules.can_manage_some_training(actor)))


# One query compiled once per process and number of institutions (the ORM's building cost was a third of the read's).
_MANAGED = ShapedQuery(lambda user, ids: Institution.objects.filter(
    Q(pk__in=ids) | Q(pk__in=Department.objects.filter(managers=user).values("institution_id"))).order_by("name"))


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
    return staff.order_by("last_name", "first_name", "pk")


def with_open_counts(people: list[StaffMember]) -> list[StaffMember]:
    """Give the people of one page their open and overdue rounds (one query for the page, not for the staff)."""
    today = timezone.localdate()
    counts = {row["staff_id"]: row for row in StaffAssignment.objects.filter(
        staff__in=people, completed_at__isnull=True, assignment__is_active=True).values("staff_id").annotate(
        open=Count("pk"), overdue=Count("pk", filter=Q(due_on__lt=today)))}
    for person in people:
        row: Any = counts.get(person.pk, {})
        person.open_count = row.get("open", 0)  # type: ignore[attr-defined]
        person.overdue_count = row.get("overdue", 0)  # type: ignore[attr-defined]
    return people


def assignable_courses(institution_id: int) -> QuerySet[Course]:
    """Published courses the institution's staff can follow: its own, open ones, those shared with it."""
    shared = Course.shared_with.through.objects.filter(institution_id=institution_id).values("course_id")
    return Course.objects.filter(
        Q(owner_institution_id=institution_id) | Q(visibility=Visibility.OPEN)
        | Q(visibility=Visibility.SHARED, pk__in=shared),
        status=PublicationStatus.PUBLISHED,
    ).order_by("title")


def assignable_programmes(institution_id: int) -> QuerySet[Programme]:
    """Published programmes the institution's staff can follow: its own, open ones, those shared with it."""
    shared = Programme.shared_with.through.objects.filter(institution_id=institution_id).values("programme_id")
    return Programme.objects.filter(
        Q(owner_institution_id=institution_id) | Q(visibility=Visibility.OPEN)
        | Q(visibility=Visibility.SHARED, pk__in=shared),
        status=PublicationStatus.PUBLISHED,
    ).order_by("title")


PROGRAMME_KEY = "programme:"


def subject_q(key: str, prefix: str = "assignment__") -> Q:
    """Rounds of one report line: a course slug, or "programme:<slug>"."""
    if key.startswith(PROGRAMME_KEY):
        return Q(**{f"{prefix}programme__slug": key.removeprefix(PROGRAMME_KEY)})
    return Q(**{f"{prefix}course__slug": key})


def current_rounds(scope: rules.Scope) -> QuerySet[StaffAssignment]:
    """Each person's latest round of each active assignment (earlier rounds are history)."""
    return rules.records_in_scope(scope).filter(is_current=True, assignment__is_active=True, staff__is_active=True)


def assignments_overview(scope: rules.Scope) -> QuerySet[Assignment]:
    today = timezone.localdate()
    current = Q(records__is_current=True)
    in_scope = Q(records__staff__department_id__in=scope.departments) if scope.departments is not None else Q()
    return rules.assignments_in_scope(scope).select_related("course", "programme", "department").annotate(
        people=Count("records", filter=current & in_scope),
        done=Count("records", filter=current & in_scope & Q(records__completed_at__isnull=False)),
        overdue=Count("records", filter=current & in_scope & Q(records__completed_at__isnull=True,
                                                               records__due_on__lt=today)),
    ).order_by("-is_active", "-created_at", "-pk")


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


def assignment_round_count(scope: rules.Scope, assignment: Assignment, *, state: str = "") -> int:
    """How many rounds `assignment_rounds` gives, kept until the institution's report token changes (`_kept`: every
    service that writes rounds, staff lines or enrolments renews it) or the local date does (overdue moves with it)."""
    return _kept(scope, "assignment-rounds", (assignment.pk, state, timezone.localdate()),
                 assignment_rounds(scope, assignment, state=state).count)


class RoundsWindow:
    """An assignment's people for a paginator: its length is the kept count (`assignment_round_count`), a slice reads
    that page's rounds, through a query compiled once per process and shape (`ShapedQuery`, LIMIT and OFFSET as
    parameters) except for "overdue", whose filter holds today's date."""

    def __init__(self, scope: rules.Scope, assignment: Assignment, state: str) -> None:
        self.scope, self.assignment, self.state = scope, assignment, state
        self.count_kept = assignment_round_count(scope, assignment, state=state)

    def __len__(self) -> int:
        return self.count_kept

    def __iter__(self) -> Iterator[StaffAssignment]:
        return iter(self[0:len(self)])

    @overload
    def __getitem__(self, index: int, /) -> StaffAssignment: ...

    @overload
    def __getitem__(self, index: slice, /) -> list[StaffAssignment]: ...

    def __getitem__(self, index: int | slice, /) -> StaffAssignment | list[StaffAssignment]:
        if isinstance(index, int):
            return self[index:index + 1][0]
        start, stop = index.start or 0, len(self) if index.stop is None else index.stop
        if self.state == "overdue":
            return list(assignment_rounds(self.scope, self.assignment, state=self.state)[start:stop])
        completed = {"open": False, "done": True}.get(self.state)
        return _PEOPLE.objects(self.scope.institution_id, self.scope.departments, self.assignment.pk, completed,
                               window=(start, stop - start))


def _people(institution: int, departments: list[int] | None, assignment: int, completed: bool | None
            ) -> QuerySet[StaffAssignment]:
    """`assignment_rounds` of every state but "overdue", from plain values."""
    rounds = rules.records_in_scope(rules.Scope(institution, departments)).filter(
        assignment_id=assignment).select_related("staff__department")
    if completed is not None:
        rounds = rounds.filter(completed_at__isnull=not completed)
    return rounds.order_by("staff__last_name", "staff__first_name", "staff_id", "-cycle")


_PEOPLE = ShapedQuery(_people)


def my_assignments(actor: Actor) -> list[StaffAssignment]:
    """The actor's open rounds, across their institutions, soonest due first (one query). Each round holds what "My
    training" shows (the subject's slug and title, the institution's name, the due date); its other fields are
    deferred."""
    if actor.id is None:
        return []
    return _MY_ASSIGNMENTS.objects(actor.id)


_MY_ASSIGNMENTS = ShapedQuery(lambda user: StaffAssignment.objects.filter(
    staff__user_id=user, staff__is_active=True, completed_at__isnull=True, assignment__is_active=True,
).select_related("assignment__course", "assignment__programme", "assignment__institution").only(
    "due_on", "assignment__course__slug", "assignment__course__title", "assignment__programme__slug",
    "assignment__programme__title", "assignment__institution__name",
).order_by("due_on")[:50])


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
    def is_programme(self) -> bool:
        return isinstance(self.key, str) and self.key.startswith(PROGRAMME_KEY)

    @property
    def rate(self) -> int:
        return round(100 * self.completed / self.assigned) if self.assigned else 0


def _figures(rounds: QuerySet[StaffAssignment], group: list[str], today: date) -> list[dict[str, Any]]:
    """The figures of each group of rounds (two queries): the counts over every round, then "started" apart.

    "Started" (open, and its person has an enrolment in progress in the course, any version, or in a course of the
    programme) is counted by its own query where the enrolment test is in the WHERE clause, so that PostgreSQL reads
    it as a semi-join from the few enrolments in progress; as a FILTER of the counts it was a subplan probed once per
    open round (75 000 at the bench's scale, half of the report's time)."""
    figures = list(rounds.values(*group).annotate(
        assigned=Count("pk"),
        completed=Count("pk", filter=Q(completed_at__isnull=False)),
        overdue=Count("pk", filter=Q(completed_at__isnull=True, due_on__lt=today)),
        expiring=Count("pk", filter=Q(completed_at__isnull=False, valid_until__gte=today,
                                      valid_until__lte=today + timedelta(days=EXPIRING_DAYS))),
        average_score=Avg("score"),
        scored=Count("score"),
        seconds=Sum("time_spent_seconds"),
    ).order_by(*group))
    started_course = Exists(Enrolment.objects.filter(user_id=OuterRef("staff__user_id"),
                                                     course__slug=OuterRef("assignment__course__slug"),
                                                     status=Enrolment.Status.IN_PROGRESS))
    programme_slugs = ProgrammeCourse.objects.filter(programme_id=OuterRef(OuterRef("assignment__programme_id")))
    started_programme = Exists(Enrolment.objects.filter(
        user_id=OuterRef("staff__user_id"), course__slug__in=programme_slugs.values("course__slug"),
        status=Enrolment.Status.IN_PROGRESS))
    # An assignment is of a course or of a programme (a check constraint), so the two parts never count a round twice.
    open_rounds = rounds.filter(completed_at__isnull=True)
    started_rows = (open_rounds.filter(started_course, assignment__course__isnull=False)
                    .values(*group).annotate(started=Count("pk")).order_by()
                    .union(open_rounds.filter(started_programme, assignment__programme__isnull=False)
                           .values(*group).annotate(started=Count("pk")).order_by(), all=True).order_by())
    started: dict[tuple[Any, ...], int] = {}
    for row in started_rows:
        key = tuple(row[name] for name in group)
        started[key] = started.get(key, 0) + row["started"]
    for row in figures:
        row["started"] = started.get(tuple(row[name] for name in group), 0)
    return figures


def _report_version(institution_id: int) -> str:
    """The institution's current report token (one query; the first report of an institution also writes it)."""
    token = ReportVersion.objects.filter(institution_id=institution_id).values_list("token", flat=True).first()
    if token is None:
        token = ReportVersion.objects.get_or_create(institution_id=institution_id,
                                                    defaults={"token": uuid.uuid4().hex})[0].token
    return token


def _kept[T](scope: rules.Scope, name: str, parts: tuple[Any, ...], compute: Callable[[], T]) -> T:
    """The figures `compute()` gives, kept in this process's memory per scope, report, its parameters (the local
    date among them: overdue and expiring move with it) and the institution's report token. The token is read
    before computing, so what is kept is at least as new as the token: a write commits its rows and its new token
    together (`services.report_figures_changed`), and the next load reads both."""
    departments = None if scope.departments is None else sorted(scope.departments)
    raw = repr((scope.institution_id, departments, name, parts, _report_version(scope.institution_id)))
    key = "learning-report:" + hashlib.sha256(raw.encode()).hexdigest()
    cache = caches["fragments"]
    value: T | None = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, REPORT_KEPT_SECONDS)
    return value


def _row(key: Any, label: str, figures: dict[str, Any]) -> ReportRow:
    return ReportRow(key=key, label=label, assigned=figures["assigned"], started=figures["started"],
                     completed=figures["completed"], overdue=figures["overdue"], expiring=figures["expiring"],
                     average_score=float(figures["average_score"]) if figures["average_score"] is not None else None,
                     hours=round((figures["seconds"] or 0) / 3600, 1))


def report_by_course(scope: rules.Scope, today: date | None = None) -> list[ReportRow]:
    """One row per course (all versions together): two queries, and three more when the figures are not kept."""
    today = today or timezone.localdate()
    figures = _kept(scope, "by-course", (today,),  # no join to sort by: 30 groups
                    lambda: _figures(current_rounds(scope), ["assignment_id"], today))
    courses: dict[int, str] = {}
    titles: dict[str, str] = {}
    for pk, slug, programme_slug, programme_title in Assignment.objects.filter(
            pk__in=[f["assignment_id"] for f in figures]).values_list("pk", "course__slug", "programme__slug",
                                                                       "programme__title"):
        if programme_slug:  # a programme is a line of its own
            courses[pk] = PROGRAMME_KEY + programme_slug
            titles[courses[pk]] = programme_title
        else:
            courses[pk] = slug
    titles.update(Course.objects.filter(slug__in=set(courses.values()), status=PublicationStatus.PUBLISHED)
                  .values_list("slug", "title"))
    merged: dict[str, dict[str, Any]] = {}
    for f in figures:
        slug = courses[f["assignment_id"]]
        total = merged.setdefault(slug, {"assigned": 0, "started": 0, "completed": 0, "overdue": 0, "expiring": 0,
                                         "seconds": 0, "score_sum": 0.0, "scored": 0})
        for key in ("assigned", "started", "completed", "overdue", "expiring"):
            total[key] += f[key]
        total["seconds"] += f["seconds"] or 0
        if f["average_score"] is not None:
            total["score_sum"] += float(f["average_score"]) * f["scored"]
            total["scored"] += f["scored"]
    rows = []
    for slug, total in merged.items():
        total["average_score"] = total["score_sum"] / total["scored"] if total["scored"] else None
        rows.append(_row(slug, titles.get(slug, slug), total))
    return sorted(rows, key=lambda row: row.label.lower())


def report_by_department(scope: rules.Scope, course_slug: str, today: date | None = None) -> list[ReportRow]:
    """One row per department for one course (people without a department last): the figures are kept (`_kept`)."""
    today = today or timezone.localdate()
    rounds = current_rounds(scope).filter(subject_q(course_slug))
    figures = _kept(scope, "by-department", (course_slug, today),
                    lambda: _figures(rounds, ["staff__department_id", "staff__department__name"], today))
    rows = [_row(f["staff__department_id"], f["staff__department__name"] or "", f) for f in figures]
    return sorted(rows, key=lambda row: (row.key is None, row.label.lower()))


def completions_by_month(scope: rules.Scope, course_slug: str = "", months: int = 12,
                         today: date | None = None) -> list[tuple[date, int]]:
    """Completions per month over the last `months` months, empty months included (one query)."""
    today = today or timezone.localdate()
    first = date(today.year, today.month, 1)
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    # The first day's local midnight as an instant, not `completed_at__date__gte`: the same rounds, but the column is
    # compared as it is stored instead of being converted to a local date on every row.
    since = timezone.make_aware(datetime.combine(first, time.min))
    rounds = rules.records_in_scope(scope).filter(completed_at__gte=since)
    if course_slug:
        rounds = rounds.filter(subject_q(course_slug))
    counts = _kept(scope, "by-month", (course_slug, months, today), lambda: {
        row["month"].date() if hasattr(row["month"], "date") else row["month"]: row["n"]
        for row in rounds.annotate(month=TruncMonth("completed_at")).values("month").annotate(n=Count("pk"))})
    result = []
    month = first
    for _ in range(months):
        result.append((month, counts.get(month, 0)))
        month = (month + timedelta(days=32)).replace(day=1)
    return result


def course_title(scope: rules.Scope, slug: str) -> str | None:
    """The title of a report line's course, or programme ("programme:<slug>"); None if nothing is assigned."""
    field = "programme__title" if slug.startswith(PROGRAMME_KEY) else "course__title"
    return (Assignment.objects.filter(subject_q(slug, prefix=""), institution_id=scope.institution_id)
            .values_list(field, flat=True).first())


def institution_or_404(slug: str) -> Institution:
    """The institution of a staff page (who may see it is asked of `rules.check_scope` next)."""
    institution = Institution.objects.filter(slug=slug).first()
    if institution is None:
        raise Http404
    return institution


def department_or_404(institution: Institution, department_id: int) -> Department:
    department = Department.objects.filter(pk=department_id, institution=institution).first()
    if department is None:
        raise Http404
    return department
