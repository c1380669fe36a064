from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praxis.core import audit
from praxis.core.audit import Action
from praxis.core.cards import kept_html
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest
from praxis.core.serving import serve_file

from . import credentials, render, rules, selectors, services
from .export import period_summary, summary_csv
from .forms import DeclareForm, SchemeForm, TransmissionForm
from .models import Attestation, SchemeChoice
from .transmissions import parse_attendance


@require_GET
def verify_lookup(request: PraxisRequest) -> HttpResponse:
    """The form where someone types a code read on paper."""
    code = request.GET.get("code", "").strip()
    if code:
        return redirect("cpd:verify", code="".join(code.split()).upper().replace("-", "")[:40])
    return render_page(request, "cpd/verify.html", {"attestation": None, "lookup": True})


@require_GET
def verify(request: PraxisRequest, code: str) -> HttpResponse:
    """Public, no account: is this attestation genuine, still valid, revoked? With the facts it certifies."""
    attestation = selectors.attestation_by_code(code)
    mine = attestation is not None and rules.can_view_attestation_pdf(request.actor, attestation)
    response = render_page(request, "cpd/verify.html", {"attestation": attestation, "code": code,
                                                        "states": Attestation.State, "mine": mine},
                           status=200 if attestation else 404)
    response["Cache-Control"] = "no-store"  # a revocation shows at once
    response["X-Robots-Tag"] = "noindex"
    return response


@require_GET
@login_required
def attestation_pdf(request: PraxisRequest, code: str) -> HttpResponseBase:
    attestation = selectors.attestation_by_code(code)
    if attestation is None or not rules.can_view_attestation_pdf(request.actor, attestation):
        raise Http404
    if not attestation.pdf:
        pending = render_page(request, "cpd/pdf_pending.html", {"attestation": attestation}, status=202)
        pending["Refresh"] = "5"
        return pending
    if attestation.recipient_id != request.actor.id:  # someone else's training record: the member sees who opened it
        audit.log(request.actor, Action.CPD_ATTESTATION_READ, attestation.recipient or attestation,
                  {"attestation": attestation.pk})
    return serve_file(request, attestation.pdf.name, storage=attestation.pdf.storage, content_type="application/pdf",
                      filename=f"attestation-{attestation.code}.pdf", cache_control="private, no-store")


def _record_context(request: PraxisRequest, **extra: object) -> dict[str, Any]:
    actor = request.actor
    years = selectors.entry_years(actor)
    try:
        year = int(request.GET.get("annee", ""))
    except ValueError:
        year = years[0] if years else timezone.localdate().year
    entries = selectors.record_year(actor, year)
    context = {
        "statuses": selectors.scheme_statuses(actor, timezone.localdate()),
        "years": years, "year": year,
        "entries": entries, "activity_items": render.activity_items(request, entries),
        "scheme_form": SchemeForm(initial={"anchor": timezone.localdate().replace(month=1, day=1)}),
        "can_transmit": bool(rules.transmit_institution_ids(actor)),
        **extra,
    }
    # Called by the template where it shows the section (the htmx partial of the activities does not).
    statuses: Any = context["statuses"]
    scheme_form: Any = context["scheme_form"]
    context["schemes_html"] = lambda: _schemes_html(request, statuses, scheme_form)
    return context


_CSRF_SLOT = "csrf-slot-5b1d0c"  # stands for the request's CSRF token in the kept HTML


def _schemes_html(request: PraxisRequest, statuses: list[selectors.SchemeStatus], scheme_form: SchemeForm) -> str:
    """The "Where I stand" section (`cpd/_schemes.html`): with the form unbound, rendered once per what it shows
    (`praxis.core.cards.kept_html`: each scheme's period, rule, days left and figures, the form's initial date, the
    language) — its loops of figures were a third of the page's cost (issue 22). The CSRF token of its forms is put in
    on every request, never kept. A form with errors is rendered as it is."""
    context = {"statuses": statuses, "scheme_form": scheme_form, "csrf_token": _CSRF_SLOT}

    def draw() -> str:
        return render_to_string("cpd/_schemes.html", context)

    if scheme_form.is_bound:
        html: str = draw()
    else:
        shown = (get_script_prefix(), scheme_form.initial.get("anchor"), tuple(
            (status.choice.pk, status.choice.scheme, status.period, status.rule.scheme, status.rule.applies_from,
             status.days_left, tuple((p.requirement.key, p.requirement.target, p.achieved) for p in status.progress))
            for status in statuses))
        html = kept_html("cpd-schemes", shown, draw)
    return mark_safe(html.replace(_CSRF_SLOT, escape(get_token(request))))  # noqa: S308 - our template, token escaped


@require_GET
@login_required
def record(request: PraxisRequest) -> HttpResponse:
    """The member's continuing-education record: progress per scheme, and the activities of a year."""
    return render_page(request, "cpd/record.html", _record_context(request), partial="entries")


@require_POST
@login_required
def scheme_choose(request: PraxisRequest) -> HttpResponse:
    form = SchemeForm(request.POST)
    if form.is_valid():
        try:
            services.scheme_choose(actor=request.actor, scheme=form.cleaned_data["scheme"],
                                   anchor=form.cleaned_data["anchor"])
        except ValidationError as error:
            form.add_error(None, error)  # the service names the field ("anchor")
        else:
            messages.success(request, _("Your scheme was saved."))
            return redirect("cpd:record")
    return render_page(request, "cpd/record.html", _record_context(request, scheme_form=form), status=400)


@require_POST
@login_required
def scheme_remove(request: PraxisRequest, pk: int) -> HttpResponse:
    choice = get_object_or_404(selectors.scheme_choices(request.actor), pk=pk)
    rules.check_manage_scheme(request.actor, choice)
    services.scheme_remove(actor=request.actor, choice=choice)
    messages.success(request, _("You no longer follow this scheme."))
    return redirect("cpd:record")


@require_http_methods(["GET", "POST"])
@login_required
def declare(request: PraxisRequest) -> HttpResponse:
    """Declare an activity held elsewhere, with its attestation."""
    form = DeclareForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.entry_declare(actor=request.actor, data=form.cleaned_data, proof=form.cleaned_data["proof"],
                                   proof_content_type=form.proof_content_type)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("The activity was added to your record."))
            return redirect("cpd:record")
    return render_page(request, "cpd/declare.html", {"form": form}, status=400 if form.errors else 200)


@require_POST
@login_required
def entry_delete(request: PraxisRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(selectors.record_entries(request.actor), pk=pk)
    rules.check_delete_entry(request.actor, entry)
    services.entry_delete_declared(actor=request.actor, entry=entry)
    messages.success(request, _("The activity was removed from your record."))
    return redirect("cpd:record")


@require_GET
@login_required
def proof(request: PraxisRequest, pk: int) -> HttpResponseBase:
    entry = get_object_or_404(selectors.record_entries(request.actor).exclude(proof=""), pk=pk)
    rules.check_view_proof(request.actor, entry)
    return serve_file(request, entry.proof.name, storage=entry.proof.storage, content_type=entry.proof_content_type,
                      cache_control="private, no-store")


def _period_args(request: PraxisRequest, pk: int, day: str) -> tuple[SchemeChoice, date]:
    choice = get_object_or_404(selectors.scheme_choices(request.actor).select_related("member"),
                               pk=pk)
    rules.check_manage_scheme(request.actor, choice)
    try:
        return choice, date.fromisoformat(day)
    except ValueError:
        raise Http404 from None


@require_GET
@login_required
def period(request: PraxisRequest, pk: int, day: str) -> HttpResponse:
    """One period of a scheme, current or past: requirements, totals, activities, and its exports."""
    choice, when = _period_args(request, pk, day)
    summary = period_summary(choice, when)
    return render_page(request, "cpd/period.html", {
        "s": summary, "previous": summary.period.start - timedelta(days=1),
        "next": summary.period.end + timedelta(days=1) if summary.period.end < timezone.localdate() else None,
    })


@require_GET
@login_required
def period_csv(request: PraxisRequest, pk: int, day: str) -> HttpResponse:
    choice, when = _period_args(request, pk, day)
    summary = period_summary(choice, when)
    response = HttpResponse(summary_csv(summary, settings.SITE_URL), content_type="text/csv; charset=utf-8")
    name = f"formation-continue-{choice.scheme}-{summary.period.start}-{summary.period.end}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def period_pdf(request: PraxisRequest, pk: int, day: str) -> HttpResponseBase:
    """POST asks for the PDF (rendered by a task); GET serves it once ready, or says it is being prepared."""
    choice, when = _period_args(request, pk, day)
    if request.method == "POST":
        services.period_pdf_request(actor=request.actor, choice=choice, day=when)
        return redirect("cpd:period_pdf", pk=choice.pk, day=day)
    summary = period_summary(choice, when)
    export = choice.exports.filter(period_start=summary.period.start, fingerprint=summary.fingerprint()).first()
    if export is None or not export.pdf:
        response = render_page(request, "cpd/period_pdf_pending.html", {"s": summary, "export": export, "day": day},
                               status=202 if export else 200)
        if export:
            response["Refresh"] = "3"
        return response
    return serve_file(request, export.pdf.name, storage=export.pdf.storage, content_type="application/pdf",
                      filename=f"formation-continue-{choice.scheme}-{summary.period.start}.pdf",
                      cache_control="private, no-store")


@require_http_methods(["GET", "POST"])
@login_required
def transmit(request: PraxisRequest) -> HttpResponse:
    """An organiser imports the attendance list of an activity held elsewhere: all lines match, or nothing is
    imported and each problem is listed with its line."""
    rules.check_transmit(request.actor)
    institutions = list(selectors.transmit_institutions(request.actor).values_list("pk", "name"))
    form = TransmissionForm(request.POST or None, request.FILES or None, institutions=institutions)
    line_errors: list[tuple[int, str, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            parsed = parse_attendance(form.cleaned_data["attendance"])
        except ValueError as error:
            form.add_error("attendance", str(error))
        else:
            line_errors = parsed.errors
            if not line_errors:
                institution = selectors.transmit_institutions(request.actor).get(pk=form.cleaned_data["institution"])
                try:
                    services.transmission_import(actor=request.actor, institution=institution,
                                                 data=form.cleaned_data, members=parsed.members)
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    messages.success(request, ngettext(
                        "%(n)s member received this activity in their record.",
                        "%(n)s members received this activity in their record.", len(parsed.members),
                    ) % {"n": len(parsed.members)})
                    return redirect("cpd:transmit")
    failed = bool(form.errors or line_errors)
    return render_page(request, "cpd/transmit.html", {"form": form, "line_errors": line_errors},
                       status=400 if failed else 200)


# --- Verifiable credentials (Open Badges 3.0) --------------------------------------------------------------------


def _public_json(data: dict[str, Any]) -> JsonResponse:
    response = JsonResponse(data)
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"  # verifiers fetch these from anywhere
    return response


@require_GET
def issuer(request: PraxisRequest) -> JsonResponse:
    """The issuer's profile, naming its public key set."""
    return _public_json({"@context": credentials.OB_CONTEXT, **credentials.issuer_profile(),
                         "jwks_uri": request.build_absolute_uri(reverse("cpd:jwks"))})


@require_GET
def jwks(request: PraxisRequest) -> JsonResponse:
    """The published public key: what an offline verifier needs to check a credential's signature."""
    return _public_json(credentials.public_jwks())


@require_GET
def status_list(request: PraxisRequest) -> HttpResponse:
    """The signed revocation list (Bitstring Status List) of every attestation."""
    response = HttpResponse(credentials.status_list_credential(), content_type="application/vc+jwt")
    response["Cache-Control"] = "public, max-age=60"
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
@login_required
def credential(request: PraxisRequest, code: str) -> HttpResponse:
    """The member's attestation as a signed Open Badges 3.0 credential to keep or share."""
    attestation = selectors.attestation_by_code(code)
    if attestation is None or not rules.can_view_attestation_pdf(request.actor, attestation):
        raise Http404
    response = HttpResponse(credentials.credential_for(attestation), content_type="application/vc+jwt")
    response["Content-Disposition"] = f'attachment; filename="open-badge-{attestation.code}.jwt"'
    response["Cache-Control"] = "private, no-store"
    return response
