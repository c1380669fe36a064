"""The ICOPE screening: a public self-assessment and a professional version, one screen at a time, answers in the
session until the last screen (see wizard.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest
from praxis.institutions import geo

from . import charts, icope, rules, selectors, services, wizard
from .forms import ContextForm, FiguresForm, PostalCodeForm, StepForm
from .models import RunBy


# --- the two versions share these three views ---------------------------------------------------------------------
def _start(request: PraxisRequest, flow: wizard.Flow) -> HttpResponse:
    screening = wizard.Screening(request.session, flow)
    resume = screening.first_unanswered() if screening.state else None
    return render_page(request, "prevention/start.html", {
        "flow": flow, "resume": resume, "steps": len(flow.slugs), "source": icope.SOURCE})


def _step(request: PraxisRequest, flow: wizard.Flow, slug: str) -> HttpResponse:
    if slug not in flow.slugs:
        raise Http404
    screening = wizard.Screening(request.session, flow)
    first_open = screening.first_unanswered()
    slugs = flow.slugs
    if first_open is not None and slugs.index(slug) > slugs.index(first_open):
        return redirect(flow.url("step"), first_open)  # no skipping ahead: every domain is screened
    post = request.POST if request.method == "POST" else None
    if slug == wizard.CONTEXT_SLUG:
        form = ContextForm(post, initial=screening.context, professional=flow.professional)
        if post is not None and form.is_valid():
            context = dict(form.cleaned_data)
            context.setdefault("run_by", RunBy.PROFESSIONAL)
            screening.start(context)
            return redirect(flow.url("step"), slugs[1])
        step = None
    else:
        step = flow.step(slug)
        assert step is not None
        form = StepForm(post, initial=StepForm.initial_from(step, screening.answers), step=step,
                        professional=flow.professional, words=icope.words(get_language(), screening.word_set))
        if post is not None and form.is_valid():
            screening.answer(step, form.cleaned_answers())
            following = screening.first_unanswered()
            if following is not None:
                return redirect(flow.url("step"), following)
            return _finish(request, flow, screening)
    position = slugs.index(slug)
    return render_page(request, "prevention/step.html", {
        "flow": flow, "form": form, "step": step, "position": position + 1, "total": len(slugs),
        "previous": slugs[position - 1] if position else None,
        "words": icope.words(get_language(), screening.word_set) if step and "words_given" in step.items else None,
        "items": [icope.ITEMS_BY_KEY[key] for key in step.items] if step else [],
    }, partial="question", status=400 if form.errors else 200)


def _finish(request: PraxisRequest, flow: wizard.Flow, screening: wizard.Screening) -> HttpResponse:
    context = screening.context or {}
    stored = services.screening_record(run_by=context["run_by"], age_band=context["age_band"],
                                       country=context["country"], area=context.get("area", ""),
                                       answers=screening.answers)
    screening.finish()
    flags = {domain: domain in stored.flagged_domains for domain in icope.DOMAIN_KEYS}
    token = wizard.result_token(flow, stored.instrument_version, stored.screened_on, flags)
    return redirect("prevention:result", token)


def _result_or_404(token: str) -> wizard.Result:
    result = wizard.read_token(token)
    if result is None:
        raise Http404
    return result


@require_GET
def result(request: PraxisRequest, token: str) -> HttpResponse:
    """The result per domain, step 2, and (given a postal code) the services near the person. The postal code is
    only used for this search: it is in the URL of this page, never stored."""
    found = _result_or_404(token)
    form = PostalCodeForm(request.GET if "postal_code" in request.GET else None,
                          initial={"country": "BE"})
    place = None
    if form.is_bound and form.is_valid():
        places = geo.locate(form.cleaned_data["country"], form.cleaned_data["postal_code"])
        if places:
            place = places[0]
        else:
            form.add_error("postal_code", _("We do not know this postal code in this country. Check it, or type "
                                            "the name of your town. Your answers are kept."))
    flagged = [(key, icope.DOMAIN_LABELS[key], icope.STEP_TWO[key]) for key in found.flagged]
    # Read only when the rendered list is not in the fragment cache (the template caches it for 10 minutes per
    # flags, place and language: only verified institutions are listed, the same for every visitor).
    nearby = SimpleLazyObject(lambda: [
        (key, label, item) for (key, label, _two), item in zip(flagged, selectors.help_near(
            request.actor, domains=found.flagged, place=place), strict=True)])
    context = {
        "flow": found.flow, "result": found, "token": token, "form": form, "place": place, "source": icope.SOURCE,
        "flagged": flagged, "nearby": nearby if place else [],
        "fine": [icope.DOMAIN_LABELS[key] for key in icope.DOMAIN_KEYS if not found.flags[key]],
        "radius": selectors.NEAR_KM,
    }
    return render_page(request, "prevention/outcome.html", context, partial="help",
                       status=400 if form.errors else 200)


@require_GET
def result_pdf(request: PraxisRequest, token: str) -> HttpResponse:
    from .pdf import summary_pdf

    found = _result_or_404(token)
    response = HttpResponse(summary_pdf(found), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="icope-{found.screened_on.isoformat()}.pdf"'
    return response


@require_GET
def result_ics(request: PraxisRequest, token: str) -> HttpResponse:
    from .ics import rescreen_calendar

    found = _result_or_404(token)
    response = HttpResponse(rescreen_calendar(found), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="icope-rappel.ics"'
    return response


# --- public self-assessment (no account) ------------------------------------------------------------------------
@require_GET
def self_start(request: PraxisRequest) -> HttpResponse:
    return _start(request, wizard.SELF)


@require_http_methods(["GET", "POST"])
def self_step(request: PraxisRequest, slug: str) -> HttpResponse:
    return _step(request, wizard.SELF, slug)


# --- professional screening (any member) ------------------------------------------------------------------------
@require_GET
@login_required
def pro_start(request: PraxisRequest) -> HttpResponse:
    rules.check_run_professional_screening(request.actor)
    return _start(request, wizard.PRO)


@require_http_methods(["GET", "POST"])
@login_required
def pro_step(request: PraxisRequest, slug: str) -> HttpResponse:
    rules.check_run_professional_screening(request.actor)
    return _step(request, wizard.PRO, slug)


# --- figures for the programme's coordinators -------------------------------------------------------------------
@require_GET
@login_required
def figures(request: PraxisRequest) -> HttpResponse:
    rules.check_view_figures(request.actor)
    form = FiguresForm(request.GET or None)
    area, months = "", 12
    if form.is_bound and form.is_valid():
        area, months = form.cleaned_data["area"], int(form.cleaned_data["months"] or 12)
    until = timezone.localdate()
    first = until.year * 12 + until.month - 1 - (months - 1)  # the first day of the month `months - 1` back
    since = until.replace(year=first // 12, month=first % 12 + 1, day=1)
    data = selectors.figures(since=since, until=until, area=area)
    return render_page(request, "prevention/figures.html", {
        "form": form, "figures": data, "since": since, "until": until, "min": selectors.MIN_SCREENINGS,
        "domain_chart": charts.bar_chart([(str(label), share) for _key, label, share in data["domains"]],
                                         unit="%"),
        "month_chart": charts.bar_chart([(date_format(month, "M Y"), n) for month, n in data["months"]]),
    }, partial="figures", status=400 if form.errors else 200)


# --- the space for patients and carers (public) ------------------------------------------------------------------
@require_GET
def patients(request: PraxisRequest) -> HttpResponse:
    """Reviewed plain-language pages, the self-assessment, help near home and public events, without an account."""
    pages = list(selectors.patient_pages(request.actor)[:30])
    return render_page(request, "prevention/patients.html", {
        "pages": pages, "events": selectors.public_events(request.actor)})
