"""An institution's training in the public API, for its own systems (client credentials bound to it) or a member
token of one who manages it: the staff list (`mandatory.selectors.staff_list`), importing staff
(`mandatory.services.staff_import_apply`, the staff import page's service and checks), moving a person to another
department or profession (`mandatory.services.staff_update`), the assignments (`assignments_overview`) and the
completed rounds with their certificates (`rules.records_in_scope`). Who sees what is `mandatory.rules.check_scope`,
as on the pages: the institution's admins and trainers everything, a department's managers their departments, others
a 404 (not on its staff) or a 403."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import AfterValidator, AwareDatetime, ConfigDict, Field

from praxis.core import audit
from praxis.core.actor import Actor
from praxis.core.audit import Action
from praxis.core.rest import (
    DEFAULT_LIMIT,
    PROBLEMS,
    UPDATE_PROBLEMS,
    ApiProblem,
    Limit,
    check_if_match,
    invalid_field,
    paginate,
    representation_etag,
    require_scope,
)
from praxis.institutions.models import Institution

from .mandatory import rules, selectors, services, staff_import
from .mandatory.models import Assignment, Department, StaffAssignment, StaffMember, StaffProfession

router = Router(tags=["institution training"])

MAX_PEOPLE = 1000  # people per import call (the page takes files of up to 10 000 lines)


def _no_nul(text: str) -> str:
    if "\x00" in text:
        raise ValueError("NUL characters are not allowed")
    return text


Text = Annotated[str, AfterValidator(_no_nul)]


def _institution(request: HttpRequest, slug: str, scope_name: str) -> tuple[Actor, Institution, rules.Scope]:
    """The caller, once its token holds `scope_name`, and its standing in the institution (404 or 403 as pages)."""
    actor = require_scope(request, scope_name)
    institution = selectors.institution_or_404(slug)
    return actor, institution, rules.check_scope(actor, institution.pk)


class DepartmentOut(Schema):
    id: int
    name: str


class StaffOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str
    profession: str
    department: DepartmentOut | None
    joined_on: date
    is_member: bool

    @staticmethod
    def resolve_is_member(staff: StaffMember) -> bool:
        return staff.user_id is not None


class PersonIn(Schema):
    """One person of the staff list, as a line of the staff import file: `department` by name (created if new)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    email: Text = Field(min_length=3, max_length=254)
    first_name: Text = Field(min_length=1, max_length=150)
    last_name: Text = Field(min_length=1, max_length=150)
    profession: StaffProfession = StaffProfession.OTHER
    department: Text = Field("", max_length=120)
    joined_on: date | None = None


class StaffImportIn(Schema):
    model_config = ConfigDict(extra="forbid")

    people: list[PersonIn] = Field(min_length=1, max_length=MAX_PEOPLE)


class StaffImportOut(Schema):
    created: int
    updated: int
    invited: int
    departments: int


class StaffUpdateIn(Schema):
    """A person's department (its id, from `/departments`; null: none) and profession."""

    model_config = ConfigDict(extra="forbid")

    department: int | None
    profession: StaffProfession


class SubjectOut(Schema):
    kind: str
    slug: str
    title: str


class AssignmentOut(Schema):
    id: int
    subject: SubjectOut
    target: str
    department: DepartmentOut | None
    profession: str
    due_on: date | None
    due_days: int | None
    recurrence: str
    is_active: bool
    created_at: datetime
    people: int
    done: int
    overdue: int

    @staticmethod
    def resolve_subject(assignment: Assignment) -> dict[str, str]:
        subject = assignment.subject
        return {"kind": "programme" if assignment.programme_id else "course", "slug": subject.slug,
                "title": subject.title}

    @staticmethod
    def resolve_recurrence(assignment: Assignment) -> str:
        return assignment.recurrence_label()


class CertificateOut(Schema):
    code: str
    state: str
    issued_on: date
    valid_until: date | None
    verify_url: str


class CompletionOut(Schema):
    id: int
    assignment: int
    cycle: int
    staff: int
    email: str
    subject: SubjectOut
    due_on: date
    completed_at: datetime
    score: Decimal | None
    time_spent_seconds: int
    valid_until: date | None
    certificate: CertificateOut | None

    @staticmethod
    def resolve_assignment(record: StaffAssignment) -> int:
        return record.assignment_id

    @staticmethod
    def resolve_staff(record: StaffAssignment) -> int:
        return record.staff_id

    @staticmethod
    def resolve_email(record: StaffAssignment) -> str:
        return record.staff.email

    @staticmethod
    def resolve_subject(record: StaffAssignment) -> dict[str, str]:
        return AssignmentOut.resolve_subject(record.assignment)

    @staticmethod
    def resolve_certificate(record: StaffAssignment) -> dict[str, Any] | None:
        attestation = record.enrolment.certificate if record.enrolment else None
        if attestation is None:
            return None
        return {"code": attestation.code, "state": attestation.state, "issued_on": attestation.issued_on,
                "valid_until": attestation.valid_until,
                "verify_url": reverse("cpd:verify", kwargs={"code": attestation.code})}


@router.get("/institutions/{slug}/departments", response={200: list[DepartmentOut], **PROBLEMS},
            summary="Departments of the institution")
def departments(request: HttpRequest, response: HttpResponse, slug: str, limit: Limit = DEFAULT_LIMIT,
                cursor: str = "") -> list[Department]:
    """The departments the caller manages (all of them for the institution's admins and trainers), by name."""
    _actor, _found, scope = _institution(request, slug, "staff:read")
    return paginate(request, response, selectors.departments_in_scope(scope), key="name", limit=limit, cursor=cursor)


@router.get("/institutions/{slug}/staff", response={200: list[StaffOut], **PROBLEMS}, summary="Staff list")
def staff(
    request: HttpRequest, response: HttpResponse, slug: str, q: Annotated[str, Field(max_length=100)] = "",
    department: int | None = None, profession: StaffProfession | None = None, limit: Limit = DEFAULT_LIMIT,
    cursor: str = "",
) -> list[StaffMember]:
    """The people on the staff list the caller manages (the staff page's list and filters), by last name. Reading it
    is recorded in the institution's audit log, as on the page."""
    actor, found, scope = _institution(request, slug, "staff:read")
    chosen = None
    if department is not None:
        chosen = selectors.departments_in_scope(scope).filter(pk=department).first()
        if chosen is None:
            raise invalid_field("query.department")
    people = selectors.staff_list(scope, q=q, department=chosen, profession=profession or "")
    page = paginate(request, response, people, key="last_name", limit=limit, cursor=cursor)
    audit.log(actor, Action.LEARNING_STAFF_READ, found)
    return page


def _import_text(people: list[PersonIn]) -> str:
    """The people as the staff import page's file (CSV, `;`): the same reading and checks apply."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["email", "first name", "last name", "profession", "department", "joined on"])
    for person in people:
        writer.writerow([person.email, person.first_name, person.last_name, person.profession.value,
                         person.department, person.joined_on.isoformat() if person.joined_on else ""])
    return out.getvalue()


@router.post("/institutions/{slug}/staff", response={200: StaffImportOut, **PROBLEMS}, summary="Import staff")
def staff_import_people(request: HttpRequest, slug: str, body: StaffImportIn) -> StaffImportOut:
    """Add people to the staff list or update them (by email), as the staff import page does, in one transaction:
    members are linked by address, the others are invited to join the institution's staff, new departments are
    created, the automatic assignments reach newcomers. Any invalid person refuses the whole call (422, one error
    per person: `body.people.<index>`). The institution's admins only."""
    actor, found, _scope = _institution(request, slug, "staff:write")
    rules.check_import_staff(actor, found.pk)
    preview = staff_import.read(_import_text(body.people), found.pk)
    if preview.errors or preview.invalid_rows:
        errors = [{"location": "body.people", "message": message, "code": "invalid"} for message in preview.errors]
        errors += [{"location": f"body.people.{row.line - 2}", "message": " ".join(row.errors), "code": "invalid"}
                   for row in preview.invalid_rows]
        raise ApiProblem(422, _("Invalid input"), _("The request was refused: see the errors."),
                         kind="invalid-input", errors=errors)
    result = services.staff_import_apply(actor=actor, institution=found, text=_import_text(body.people))
    return StaffImportOut(created=result.created, updated=result.updated, invited=result.invited,
                          departments=result.departments)


def _person(scope: rules.Scope, staff_id: int) -> StaffMember:
    person = selectors.staff_list(scope).filter(pk=staff_id).first()
    if person is None:
        raise Http404
    return person


@router.get("/institutions/{slug}/staff/{staff_id}", response={200: StaffOut, **PROBLEMS},
            summary="One person of the staff list")
def staff_member(request: HttpRequest, slug: str, staff_id: int) -> StaffMember:
    actor, found, scope = _institution(request, slug, "staff:read")
    person = _person(scope, staff_id)
    audit.log(actor, Action.LEARNING_STAFF_READ, found)
    return person


@router.put("/institutions/{slug}/staff/{staff_id}", response={200: StaffOut, **UPDATE_PROBLEMS},
            summary="Change a person's department or profession")
def staff_member_update(request: HttpRequest, response: HttpResponse, slug: str, staff_id: int,
                        body: StaffUpdateIn) -> StaffMember:
    """Move a person to another department (or none) or change their profession; `If-Match` must carry the ETag
    read (412 when stale). Assignments of their new department or profession reach them at once. Admins only."""
    actor, found, scope = _institution(request, slug, "staff:write")
    person = _person(scope, staff_id)
    rules.check_import_staff(actor, found.pk)
    check_if_match(request, StaffOut.from_orm(person))
    department = None
    if body.department is not None:
        department = Department.objects.filter(institution_id=found.pk, pk=body.department).first()
        if department is None:
            raise invalid_field("body.department")
    services.staff_update(actor=actor, staff=person, department=department, profession=body.profession.value)
    updated = _person(scope, staff_id)
    response["ETag"] = representation_etag(StaffOut.from_orm(updated))
    return updated


@router.get("/institutions/{slug}/assignments", response={200: list[AssignmentOut], **PROBLEMS},
            summary="Training assignments")
def assignments(request: HttpRequest, response: HttpResponse, slug: str, active: bool | None = None,
                limit: Limit = DEFAULT_LIMIT, cursor: str = "") -> list[Assignment]:
    """The courses and programmes the institution requires of its staff (the assignments page), newest first, with
    how many people each reaches, how many completed their current round and how many are overdue."""
    _actor, _found, scope = _institution(request, slug, "learning:read")
    rows: QuerySet[Assignment] = selectors.assignments_overview(scope)
    if active is not None:
        rows = rows.filter(is_active=active)
    return paginate(request, response, rows, key="created_at", descending=True, limit=limit, cursor=cursor)


@router.get("/institutions/{slug}/completions", response={200: list[CompletionOut], **PROBLEMS},
            summary="Completed training, with certificates")
def completions(request: HttpRequest, response: HttpResponse, slug: str, since: AwareDatetime | None = None,
                assignment: int | None = None, limit: Limit = DEFAULT_LIMIT,
                cursor: str = "") -> list[StaffAssignment]:
    """Completed rounds of the staff the caller manages (the assignment pages' "done" rows), latest first, each with
    its certificate (verification code and URL) when the course issues one. `since`: completed at or after this
    time (an HR system's daily sync); `assignment`: one assignment's."""
    _actor, _found, scope = _institution(request, slug, "learning:read")
    rows = rules.records_in_scope(scope).filter(completed_at__isnull=False).select_related(
        "staff", "assignment__course", "assignment__programme", "enrolment__certificate")
    if since is not None:
        rows = rows.filter(completed_at__gte=since)
    if assignment is not None:
        rows = rows.filter(assignment_id=assignment)
    return paginate(request, response, rows, key="completed_at", descending=True, limit=limit, cursor=cursor)
