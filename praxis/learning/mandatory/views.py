"""The institution's training pages: staff and departments, staff import, assignments, reports."""

from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praxis.core import audit
from praxis.core.audit import Action
from praxis.core.cards import kept_html
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest
from praxis.institutions.models import Institution

from . import rules, selectors, services, staff_import
from .forms import (
    AssignmentForm,
    DepartmentForm,
    ManagerForm,
    StaffFilterForm,
    StaffImportConfirmForm,
    StaffImportForm,
)
from .models import Assignment, StaffProfession

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _institution(request: PraxisRequest, slug: str) -> tuple[Institution, rules.Scope]:
    institution = selectors.institution_or_404(slug)
    return institution, rules.check_scope(request.actor, institution.pk)


def _base(request: PraxisRequest, institution: Institution, scope: rules.Scope, section: str) -> dict[str, object]:
    return {"institution": institution, "scope": scope, "section": section,
            "can_import": rules.can_import_staff(request.actor, institution.pk),
            "can_manage_departments": rules.can_manage_departments(request.actor, institution.pk)}


@login_required
@require_GET
def teams(request: PraxisRequest) -> HttpResponse:
    """The institutions whose training the member manages."""
    institutions = selectors.institutions_managed(request.actor)
    if not institutions:
        raise Http404
    return render_page(request, "learning/mandatory/teams.html", {"institutions": institutions})


@login_required
@require_GET
def staff(request: PraxisRequest, institution: str) -> HttpResponse:
    found, scope = _institution(request, institution)
    departments = selectors.departments_in_scope(scope)
    form = StaffFilterForm(request.GET or None, departments=departments)
    filters = form.cleaned_data if form.is_valid() else {}
    people = selectors.staff_list(scope, q=filters.get("q", ""), department=filters.get("department"),
                                  profession=filters.get("profession", ""))
    page = Paginator(people, selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_open_counts(list(page.object_list))
    audit.log(request.actor, Action.LEARNING_STAFF_READ, found)
    query = request.GET.copy()
    query.pop("page", None)
    return render_page(request, "learning/mandatory/staff.html", {
        **_base(request, found, scope, "staff"), "form": form, "page": page, "query": query.urlencode(),
    }, partial="results")


@login_required
@require_http_methods(["GET", "POST"])
def staff_import_page(request: PraxisRequest, institution: str) -> HttpResponse:
    """Upload → preview (every line checked, errors per line) → confirm (valid lines, one transaction)."""
    found, _scope = _institution(request, institution)
    rules.check_import_staff(request.actor, found.pk)
    preview = None
    confirm = None
    form = StaffImportForm()
    if request.method == "POST" and "staff_list" in request.POST:
        confirm = StaffImportConfirmForm(request.POST)
        if confirm.is_valid():
            try:
                result = services.staff_import_apply(actor=request.actor, institution=found,
                                                     text=confirm.cleaned_data["staff_list"])
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _(
                    "Staff list imported: %(created)s added, %(updated)s updated, %(invited)s invited, "
                    "%(departments)s new departments, %(skipped)s lines skipped.") % result.__dict__)
                return redirect("learning:staff", institution=found.slug)
    elif request.method == "POST":
        form = StaffImportForm(request.POST, request.FILES)
        if form.is_valid():
            text = form.cleaned_data["file"]
            preview = staff_import.read(text, found.pk)
            confirm = StaffImportConfirmForm(initial={"staff_list": text})
    return render_page(request, "learning/mandatory/staff_import.html", {
        **_base(request, found, _scope, "staff"), "form": form, "preview": preview, "confirm": confirm,
        "professions": StaffProfession.choices,
    })


@login_required
@require_http_methods(["GET", "POST"])
def departments(request: PraxisRequest, institution: str) -> HttpResponse:
    found, scope = _institution(request, institution)
    form = DepartmentForm()
    if request.method == "POST":
        rules.check_manage_departments(request.actor, found.pk)
        form = DepartmentForm(request.POST)
        if form.is_valid():
            try:
                services.department_create(actor=request.actor, institution=found, name=form.cleaned_data["name"])
            except ValidationError as error:
                form.add_error("name", error.messages)
            else:
                messages.success(request, _("Department added."))
                return redirect("learning:departments", institution=found.slug)
    return render_page(request, "learning/mandatory/departments.html", {
        **_base(request, found, scope, "departments"), "form": form, "manager_form": ManagerForm(),
        "departments": selectors.departments_overview(scope),
    }, status=400 if form.errors else 200)


@login_required
@require_POST
def department_manager(request: PraxisRequest, institution: str, department_id: int) -> HttpResponse:
    found, _scope = _institution(request, institution)
    rules.check_manage_departments(request.actor, found.pk)
    department = selectors.department_or_404(found, department_id)
    if "remove" in request.POST:
        user_id = request.POST.get("remove", "")
        if user_id.isdigit():
            services.department_manager_remove(actor=request.actor, department=department, user_id=int(user_id))
            messages.success(request, _("Manager removed."))
        return redirect("learning:departments", institution=found.slug)
    form = ManagerForm(request.POST)
    if form.is_valid():
        try:
            services.department_manager_add(actor=request.actor, department=department,
                                            email=form.cleaned_data["email"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Manager added."))
    else:
        messages.error(request, _("Enter a valid email address."))
    return redirect("learning:departments", institution=found.slug)


@login_required
@require_GET
def assignments(request: PraxisRequest, institution: str) -> HttpResponse:
    found, scope = _institution(request, institution)
    return render_page(request, "learning/mandatory/assignments.html", {
        **_base(request, found, scope, "assignments"),
        "assignments": list(selectors.assignments_overview(scope)[:200]),
    })


@login_required
@require_http_methods(["GET", "POST"])
def assignment_new(request: PraxisRequest, institution: str) -> HttpResponse:
    found, scope = _institution(request, institution)
    kwargs = {"courses": selectors.assignable_courses(found.pk),
              "programmes": selectors.assignable_programmes(found.pk),
              "departments": selectors.departments_in_scope(scope),
              "staff": rules.staff_in_scope(scope), "whole_institution": scope.is_whole_institution}
    form = AssignmentForm(request.POST if request.method == "POST" else None, **kwargs)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        try:
            assignment, count = services.assignment_create(
                actor=request.actor, scope=scope, institution=found, data=form.cleaned_data,
                people=form.cleaned_data["people_list"])
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Assigned to %(count)s people.") % {"count": count})
            return redirect("learning:assignment", institution=found.slug, assignment_id=assignment.pk)
    return render_page(request, "learning/mandatory/assignment_form.html", {
        **_base(request, found, scope, "assignments"), "form": form,
    }, status=400 if form.errors else 200)


def _assignment(scope: rules.Scope, assignment_id: int) -> Assignment:
    assignment = rules.assignments_in_scope(scope).select_related("course", "programme", "department").filter(
        pk=assignment_id).first()
    if assignment is None:
        raise Http404
    return assignment


@login_required
@require_GET
def assignment_detail(request: PraxisRequest, institution: str, assignment_id: int) -> HttpResponse:
    found, scope = _institution(request, institution)
    assignment = _assignment(scope, assignment_id)
    state = request.GET.get("state", "")
    # The count of 5 000 rounds was most of PostgreSQL's time for the page: kept until a write; the page's rounds read
    # by a compiled query (issue 22).
    paginator = Paginator(selectors.RoundsWindow(scope, assignment, state), selectors.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = f"state={state}" if state in {"open", "overdue", "done"} else ""
    audit.log(request.actor, Action.LEARNING_ASSIGNMENT_READ, assignment)
    # The table and its pages show these values alone: rendered once per distinct values and language (the 50 rows
    # were ~80 % of the view's CPU, and 8 trainers reading it at once queued on it: issue 22).
    shown = (query, page.number, paginator.num_pages, tuple(
        (r.staff.full_name, r.staff.department.name if r.staff.department else None, r.cycle, r.due_on,
         r.completed_at, r.valid_until, r.is_overdue) for r in page))
    return render_page(request, "learning/mandatory/assignment.html", {
        **_base(request, found, scope, "assignments"), "assignment": assignment, "state": state,
        "rounds_html": kept_html("learning-assignment-people", shown, lambda: render_to_string(
            "learning/mandatory/_assignment_rounds.html", {"page": page, "query": query})),
        "can_close": assignment.is_active and rules.can_assign(
            scope, target=assignment.target, department_id=assignment.department_id, people=[]),
    }, partial="rounds")


@login_required
@require_POST
def assignment_close(request: PraxisRequest, institution: str, assignment_id: int) -> HttpResponse:
    found, scope = _institution(request, institution)
    assignment = _assignment(scope, assignment_id)
    services.assignment_close(actor=request.actor, scope=scope, assignment=assignment)
    messages.success(request, _("The assignment is closed; its history is kept."))
    return redirect("learning:assignment", institution=found.slug, assignment_id=assignment.pk)


@login_required
@require_GET
def report(request: PraxisRequest, institution: str) -> HttpResponse:
    found, scope = _institution(request, institution)
    course_slug = request.GET.get("course", "")
    context: dict[str, object] = {**_base(request, found, scope, "report"), "course_slug": course_slug}
    if course_slug:
        title = selectors.course_title(scope, course_slug)
        if title is None:
            raise Http404
        context.update(course_title=title, rows=selectors.report_by_department(scope, course_slug))
    else:
        context.update(rows=selectors.report_by_course(scope))
    audit.log(request.actor, Action.LEARNING_REPORT_READ, found, {"course": course_slug})
    months = selectors.completions_by_month(scope, course_slug)
    peak = max((n for _m, n in months), default=0) or 1
    # The chart is an SVG drawn from attributes (the CSP allows no inline style); a table gives the same figures.
    context["months"] = [{"month": month, "count": count, "x": 4 + 20 * i, "height": round(80 * count / peak),
                          "y": 90 - round(80 * count / peak), "label_x": 13 + 20 * i}
                         for i, (month, count) in enumerate(months)]
    # The table and the chart show the figures alone: rendered once per distinct figures and language (a table of 50
    # departments was ~70 % of the page's CPU, and 8 managers reading it at once queued on it: issue 22).
    shown = {"course_slug": course_slug, "rows": context["rows"], "months": context["months"]}
    context["figures_html"] = kept_html("learning-report", tuple(shown.values()), lambda: render_to_string(
        "learning/mandatory/_report_figures.html", shown))
    return render_page(request, "learning/mandatory/report.html", context)


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


@login_required
@require_GET
def report_csv(request: PraxisRequest, institution: str) -> HttpResponse:
    """The report as CSV (UTF-8 with BOM, `;`), cells that a spreadsheet would run as formulas neutralised."""
    found, scope = _institution(request, institution)
    course_slug = request.GET.get("course", "")
    if course_slug and selectors.course_title(scope, course_slug) is None:
        raise Http404
    rows = (selectors.report_by_department(scope, course_slug) if course_slug
            else selectors.report_by_course(scope))
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    writer.writerow([_("Department") if course_slug else _("Course"), _("Assigned"), _("Started"), _("Completed"),
                     _("Overdue"), _("Expiring within 30 days"), _("Completion (%)"), _("Average score (%)"),
                     _("Hours spent")])
    for row in rows:
        writer.writerow([_cell(row.label or _("No department")), row.assigned, row.started, row.completed,
                         row.overdue, row.expiring, row.rate,
                         "" if row.average_score is None else f"{row.average_score:.1f}", row.hours])
    audit.log(request.actor, Action.LEARNING_REPORT_EXPORTED, found, {"course": course_slug, "rows": len(rows)})
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"formation-{found.slug}-{course_slug or 'cours'}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
