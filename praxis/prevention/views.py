"""The ICOPE screening (a public self-assessment and a professional version, one screen at a time, answers in the
session until the last screen: see wizard.py), the space for patients and carers, and the toolboxes."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praxis.core.forms import add_service_errors
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest
from praxis.institutions import geo

from . import charts, icope, rules, selectors, services, wizard
from .forms import (
    ContextForm,
    FiguresForm,
    ItemActionForm,
    ItemForm,
    PostalCodeForm,
    SectionDeleteForm,
    SectionForm,
    StepForm,
    ToolboxCreateForm,
    ToolboxForm,
)
from .models import RunBy, Toolbox


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
    language = request.GET.get("langue", "")
    language = language if language in PATIENT_LANGUAGES else ""
    pages = list(selectors.patient_pages(request.actor, language=language)[:30])
    return render_page(request, "prevention/patients.html", {
        "pages": pages, "events": selectors.public_events(request.actor), "language": language,
        "languages": PATIENT_LANGUAGES.items()})


# The languages of the pages for patients and carers, each named in itself (a visitor finds their own).
PATIENT_LANGUAGES = {"fr": "Français", "nl": "Nederlands", "en": "English"}


# --- toolboxes ----------------------------------------------------------------------------------------------------
def _save_failed(form: forms.BaseForm, error: ValidationError) -> int:
    """Show a service's refusal on the form (which keeps what was typed); 409 when the toolbox changed meanwhile."""
    add_service_errors(form, error)
    return 409 if isinstance(error, services.ToolboxConflict) else 400


@require_GET
def toolbox_list(request: PraxisRequest) -> HttpResponse:
    audience = request.GET.get("pour", "")
    audience = audience if audience in Toolbox.Audience.values else ""
    toolboxes = list(selectors.toolboxes_for_list(request.actor, audience=audience)[:100])
    return render_page(request, "prevention/toolboxes.html", {
        "toolboxes": toolboxes, "audience": audience, "audiences": Toolbox.Audience.choices,
        "can_create": rules.can_create_toolbox(request.actor)}, partial="list")


@require_http_methods(["GET", "POST"])
@login_required
def toolbox_create(request: PraxisRequest) -> HttpResponse:
    rules.check_create_toolbox(request.actor)
    form = ToolboxCreateForm(request.POST if request.method == "POST" else None,
                             institutions=selectors.toolbox_institutions(request.actor))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                toolbox = services.toolbox_create(actor=request.actor, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                return redirect("prevention:toolbox", toolbox.slug)
    return render_page(request, "prevention/toolbox_form.html", {
        "form": form, "heading": _("A new toolbox"), "submit": _("Create the toolbox (as a draft)")}, status=status)


@require_GET
def toolbox_detail(request: PraxisRequest, slug: str) -> HttpResponse:
    toolbox = selectors.toolbox_or_404(request.actor, slug)
    view = selectors.toolbox_items(request.actor, toolbox)
    can_edit = rules.can_edit_toolbox(request.actor, toolbox)
    return render_page(request, "prevention/toolbox.html", {
        "toolbox": toolbox, "view": view, "can_edit": can_edit,
        "can_follow": rules.can_follow_toolbox(request.actor, toolbox),
        "following": selectors.is_following(request.actor, toolbox),
        "latest": selectors.latest_items(request.actor, toolbox, view),
    }, partial="follow")


@require_http_methods(["GET", "POST"])
@login_required
def toolbox_edit(request: PraxisRequest, slug: str) -> HttpResponse:
    toolbox = selectors.toolbox_or_404(request.actor, slug)
    rules.check_edit_toolbox(request.actor, toolbox)
    form = ToolboxForm(request.POST if request.method == "POST" else None, initial=ToolboxForm.initial_for(toolbox))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = dict(form.cleaned_data)
            try:
                services.toolbox_update(actor=request.actor, toolbox=toolbox, seen_version=data.pop("version"),
                                        **data)
            except ValidationError as error:
                status = _save_failed(form, error)
            else:
                return redirect("prevention:toolbox", toolbox.slug)
    return render_page(request, "prevention/toolbox_form.html", {
        "form": form, "toolbox": toolbox, "heading": _("Edit the toolbox"), "submit": _("Save"),
        "current": selectors.toolbox_or_404(request.actor, slug) if status == 409 else None}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def section_edit(request: PraxisRequest, slug: str, section_id: int | None = None) -> HttpResponse:
    """Add a section (no `section_id`), or change or delete one."""
    toolbox = selectors.toolbox_or_404(request.actor, slug)
    rules.check_edit_toolbox(request.actor, toolbox)
    section = get_object_or_404(toolbox.sections.all(), pk=section_id) if section_id else None
    initial = {"version": toolbox.version} | (
        {"title": section.title, "introduction": section.introduction} if section else {})
    post = request.POST if request.method == "POST" else None
    deleting = post is not None and "delete" in post
    form = (SectionDeleteForm if deleting else SectionForm)(post, initial=initial)
    status = 200
    if post is not None:
        status = 400
        if form.is_valid():
            try:
                if deleting and section is not None:
                    services.section_delete(actor=request.actor, toolbox=toolbox, section=section,
                                            seen_version=form.cleaned_data["version"])
                    return redirect("prevention:toolbox", toolbox.slug)
                saved = services.section_save(actor=request.actor, toolbox=toolbox, section=section,
                                              seen_version=form.cleaned_data["version"],
                                              title=form.cleaned_data["title"],
                                              introduction=form.cleaned_data["introduction"])
            except ValidationError as error:
                if deleting:  # show the section's own form again, with the refusal
                    form = SectionForm(initial | {"version": form.cleaned_data["version"]})
                    form.is_valid()
                status = _save_failed(form, error)
            else:
                return redirect(f"{reverse('prevention:toolbox', args=[toolbox.slug])}#section-{saved.pk}")
    return render_page(request, "prevention/toolbox_form.html", {
        "form": form, "toolbox": toolbox, "section": section, "submit": _("Save"),
        "heading": _("Edit a section") if section else _("Add a section"),
        "current": selectors.toolbox_or_404(request.actor, slug) if status == 409 else None}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def item_add(request: PraxisRequest, slug: str) -> HttpResponse:
    """Add a page of Praxis (by its address) or an external link to a section."""
    toolbox = selectors.toolbox_or_404(request.actor, slug)
    rules.check_edit_toolbox(request.actor, toolbox)
    wanted = request.GET.get("section", "")
    form = ItemForm(request.POST if request.method == "POST" else None, toolbox=toolbox,
                    initial={"version": toolbox.version, "section": int(wanted) if wanted.isdigit() else None})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            kind, target = selectors.resolve_link(request.actor, data["link"], hosts=[request.get_host().lower()])
            if not kind:
                form.add_error("link", _("This address is not a page that can go in a toolbox (a capsule, "
                                         "document, article, course, event or directory entry), nor an external "
                                         "link."))
            else:
                try:
                    services.item_add(actor=request.actor, toolbox=toolbox, seen_version=data["version"],
                                      section=data["section"], kind=kind, target=target, url=data["link"],
                                      title=data["title"], note=data["note"])
                except ValidationError as error:
                    status = _save_failed(form, error)
                else:
                    return redirect(f"{reverse('prevention:toolbox', args=[toolbox.slug])}"
                                    f"#section-{data['section'].pk}")
    return render_page(request, "prevention/toolbox_form.html", {
        "form": form, "toolbox": toolbox, "heading": _("Add an item"), "submit": _("Add"),
        "current": selectors.toolbox_or_404(request.actor, slug) if status == 409 else None}, status=status)


@require_POST
@login_required
def item_change(request: PraxisRequest, slug: str, item_id: int) -> HttpResponse:
    """Move an item up or down in its section, or remove it."""
    toolbox = selectors.toolbox_or_404(request.actor, slug)
    rules.check_edit_toolbox(request.actor, toolbox)
    item = get_object_or_404(toolbox.items.select_related("section"), pk=item_id)
    form = ItemActionForm(request.POST)
    if not form.is_valid():
        return HttpResponse(status=400)
    seen, action = form.cleaned_data["version"], form.cleaned_data["action"]
    try:
        if action == "remove":
            services.item_remove(actor=request.actor, toolbox=toolbox, item=item, seen_version=seen)
        else:
            services.item_move(actor=request.actor, toolbox=toolbox, item=item, direction=action, seen_version=seen)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(f"{reverse('prevention:toolbox', args=[toolbox.slug])}#section-{item.section_id}")


@require_POST
@login_required
def toolbox_follow(request: PraxisRequest, slug: str) -> HttpResponse:
    toolbox = selectors.toolbox_or_404(request.actor, slug)
    services.toolbox_follow(actor=request.actor, toolbox=toolbox, follow=request.POST.get("follow") == "1")
    if getattr(request, "htmx", False):
        return render_page(request, "prevention/toolbox.html", {
            "toolbox": toolbox, "can_follow": True, "following": selectors.is_following(request.actor, toolbox)},
            partial="follow")
    return redirect("prevention:toolbox", toolbox.slug)


@require_GET
def toolbox_pdf(request: PraxisRequest, slug: str) -> HttpResponse:
    """The toolbox as a printable reading list: only the items the reader may see, with their full addresses."""
    from .pdf import reading_list_pdf

    toolbox = selectors.toolbox_or_404(request.actor, slug)
    view = selectors.toolbox_items(request.actor, toolbox)
    response = HttpResponse(reading_list_pdf(toolbox, view, base=request.build_absolute_uri("/")),
                            content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{toolbox.slug}.pdf"'
    return response
