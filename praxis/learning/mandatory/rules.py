"""Who manages an institution's mandatory training.

- The institution's admins and trainers (and platform admins) manage every department: staff list, assignments,
  reports. Only admins import staff and name department managers (it invites people to the staff).
- A department's managers see and assign the training of their department's staff only.
- Everyone else: 404 for the pages of an institution they are not on the staff of, 403 otherwise.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from praxis.core.actor import Actor

from .models import Assignment, Department, StaffAssignment, StaffMember

TRAINING_ROLES = {"admin", "trainer"}


class Scope:
    """What one actor manages in one institution: everything (`departments is None`) or some departments."""

    def __init__(self, institution_id: int, departments: list[int] | None) -> None:
        self.institution_id = institution_id
        self.departments = departments

    @property
    def is_whole_institution(self) -> bool:
        return self.departments is None

    def staff_q(self, prefix: str = "") -> Q:
        q = Q(**{f"{prefix}institution_id": self.institution_id})
        if self.departments is not None:
            q &= Q(**{f"{prefix}department_id__in": self.departments})
        return q

    def covers_department(self, department_id: int | None) -> bool:
        return self.departments is None or (department_id is not None and department_id in self.departments)


def scope_of(actor: Actor, institution_id: int) -> Scope | None:
    """The actor's scope in the institution, or None when they manage nothing there (one query for a manager)."""
    if not actor.is_authenticated:
        return None
    if actor.is_platform_admin or actor.institution_roles.get(institution_id) in TRAINING_ROLES:
        return Scope(institution_id, None)
    if not actor.is_institution_member(institution_id):
        return None
    managed = list(Department.objects.filter(institution_id=institution_id, managers=actor.id)
                   .values_list("pk", flat=True))
    return Scope(institution_id, managed) if managed else None


def check_scope(actor: Actor, institution_id: int) -> Scope:
    """Outsiders get 404 (the institution's training does not exist for them); its other staff 403."""
    scope = scope_of(actor, institution_id)
    if scope is None:
        if actor.is_authenticated and actor.is_institution_member(institution_id):
            raise PermissionDenied
        raise Http404
    return scope


def can_import_staff(actor: Actor, institution_id: int) -> bool:
    return actor.is_authenticated and (actor.is_platform_admin or actor.is_institution_admin(institution_id))


def check_import_staff(actor: Actor, institution_id: int) -> None:
    if not can_import_staff(actor, institution_id):
        raise PermissionDenied


def can_manage_departments(actor: Actor, institution_id: int) -> bool:
    """Creating departments and naming their managers: the institution's admins."""
    return can_import_staff(actor, institution_id)


def check_manage_departments(actor: Actor, institution_id: int) -> None:
    if not can_manage_departments(actor, institution_id):
        raise PermissionDenied


def can_assign(scope: Scope, *, target: str, department_id: int | None, people: list[StaffMember]) -> bool:
    """Managers assign to their department, or to people of their departments; the whole institution's managers
    assign to anyone."""
    if scope.is_whole_institution:
        return True
    if target == Assignment.Target.DEPARTMENT:
        return scope.covers_department(department_id)
    if target == Assignment.Target.PEOPLE:
        return bool(people) and all(scope.covers_department(p.department_id) for p in people)
    return False


def check_assign(scope: Scope, *, target: str, department_id: int | None, people: list[StaffMember]) -> None:
    if not can_assign(scope, target=target, department_id=department_id, people=people):
        raise PermissionDenied


def staff_in_scope(scope: Scope) -> QuerySet[StaffMember]:
    return StaffMember.objects.filter(scope.staff_q(), is_active=True)


def assignments_in_scope(scope: Scope) -> QuerySet[Assignment]:
    """Assignments a manager sees: those of their departments, and any whose records include their staff."""
    assignments = Assignment.objects.filter(institution_id=scope.institution_id)
    if scope.departments is None:
        return assignments
    touched = StaffAssignment.objects.filter(staff__department_id__in=scope.departments).values("assignment_id")
    return assignments.filter(Q(department_id__in=scope.departments) | Q(pk__in=touched))


def records_in_scope(scope: Scope) -> QuerySet[StaffAssignment]:
    return StaffAssignment.objects.filter(scope.staff_q("staff__"))


def can_manage_some_training(actor: Actor) -> list[int]:
    """Institutions whose training the actor manages as admin/trainer (for the links on "My training")."""
    if not actor.is_authenticated:
        return []
    return [pk for pk, role in actor.institution_roles.items() if role in TRAINING_ROLES]
