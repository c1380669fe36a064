"""The ICOPE screening: a public self-assessment and a professional version, one screen at a time, answers in the
session until the last screen (see wizard.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import require_GET, require_http_methods

from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from . import icope, rules, services, wizard
from .forms import ContextForm, StepForm
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
    screening.finish({"v": stored.instrument_version, "on": stored.screened_on.isoformat(),
                      "flags": {domain: domain in stored.flagged_domains for domain in icope.DOMAIN_KEYS},
                      "run_by": stored.run_by, "age_band": stored.age_band, "country": stored.country})
    return redirect(flow.url("result"))


def _result(request: PraxisRequest, flow: wizard.Flow) -> HttpResponse:
    result = wizard.result(request.session, flow)
    if result is None:
        return redirect(flow.url("start"))
    flagged = [(key, icope.DOMAIN_LABELS[key], icope.STEP_TWO[key]) for key in icope.DOMAIN_KEYS
               if result["flags"][key]]
    fine = [icope.DOMAIN_LABELS[key] for key in icope.DOMAIN_KEYS if not result["flags"][key]]
    return render_page(request, "prevention/result.html", {
        "flow": flow, "result": result, "flagged": flagged, "fine": fine, "source": icope.SOURCE,
        "screened_on": timezone.datetime.fromisoformat(result["on"]).date(),
    })


# --- public self-assessment (no account) ------------------------------------------------------------------------
@require_GET
def self_start(request: PraxisRequest) -> HttpResponse:
    return _start(request, wizard.SELF)


@require_http_methods(["GET", "POST"])
def self_step(request: PraxisRequest, slug: str) -> HttpResponse:
    return _step(request, wizard.SELF, slug)


@require_GET
def self_result(request: PraxisRequest) -> HttpResponse:
    return _result(request, wizard.SELF)


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


@require_GET
@login_required
def pro_result(request: PraxisRequest) -> HttpResponse:
    rules.check_run_professional_screening(request.actor)
    return _result(request, wizard.PRO)
