from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praxis.core import serving
from praxis.core.forms import add_service_errors
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from .. import rules, selectors, services
from ..forms import (
    PieceForm,
    ReviewForm,
    WhitePaperForm,
)
from ..models import WhitePaper
from .common import event_or_404, serve_file


@require_http_methods(["GET", "POST"])
@login_required
def piece_add(request: PraxisRequest, event_id: int) -> FileResponse:
    event = event_or_404(request, event_id)
    rules.check_edit_seminar(request.actor, event)
    form = PieceForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("document")
        try:
            services.piece_add(actor=request.actor, event=event, data=data, upload=upload, mime=form.mime)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Added to the seminar."))
            return redirect("events:detail", event.pk)
    return render_page(request, "events/piece_form.html", {"event": event, "form": form}, partial="form",
                       status=400 if form.errors else 200)


@require_GET
@login_required
def piece_download(request: PraxisRequest, event_id: int, piece_id: int) -> HttpResponseBase:
    event = event_or_404(request, event_id)
    piece = get_object_or_404(selectors.pieces_of(event), pk=piece_id)
    return serve_file(request, piece.document, piece.document_mime,
                  f"{piece.title[:60]}.{(piece.document.name or '').rsplit('.', 1)[-1] if piece.document else 'bin'}")


@require_http_methods(["GET", "POST"])
@login_required
def white_paper_new(request: PraxisRequest, event_id: int) -> HttpResponse:
    event = event_or_404(request, event_id)
    rules.check_edit_seminar(request.actor, event)
    previous = selectors.latest_white_paper(event)  # its declaration is offered again, to confirm or change
    initial: dict[str, object] = {"title": _("White paper: %(title)s") % {"title": event.title}}
    if previous is not None:
        initial.update(coi_none=previous.coi_none, coi_statement=previous.coi_statement)
    form = WhitePaperForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            paper = services.white_paper_assemble(actor=request.actor, event=event, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Version %(v)s assembled. Check it, then submit it for review.")
                             % {"v": paper.version})
            return redirect("events:white_paper", paper.pk)
    return render_page(request, "events/white_paper_form.html", {"event": event, "form": form}, partial="form",
                       status=400 if form.errors else 200)


def _paper_or_404(request: PraxisRequest, paper_id: int) -> WhitePaper:
    paper = selectors.white_paper_for(request.actor, paper_id)
    if paper is None:
        raise Http404
    return paper


def _paper_page(request: PraxisRequest, paper: WhitePaper, *, status: int = 200, **extra: object) -> HttpResponse:
    context = {
        "paper": paper, "event": paper.event,
        "versions": selectors.published_white_papers(request.actor).filter(event=paper.event).order_by("-version"),
        "can_edit": rules.can_edit_white_paper(request.actor, paper),
        "can_review": rules.can_review_white_paper(request.actor, paper),
        "review_form": ReviewForm(), **extra,
    }
    return render_page(request, "events/white_paper.html", context, partial="pdf", status=status)


@require_GET
def white_paper(request: PraxisRequest, paper_id: int) -> HttpResponse:
    return _paper_page(request, _paper_or_404(request, paper_id))


@require_http_methods(["GET", "POST"])
@login_required
def white_paper_edit(request: PraxisRequest, paper_id: int) -> HttpResponse:
    paper = _paper_or_404(request, paper_id)
    rules.check_edit_white_paper(request.actor, paper)
    form = WhitePaperForm(request.POST if request.method == "POST" else None,
                          initial={"title": paper.title, "introduction": paper.introduction,
                                   "conclusion": paper.conclusion, "coi_none": paper.coi_none,
                                   "coi_statement": paper.coi_statement})
    if request.method == "POST" and form.is_valid():
        try:
            services.white_paper_update(actor=request.actor, paper=paper, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Saved, with the seminar's current contributions."))
            return redirect("events:white_paper", paper.pk)
    return render_page(request, "events/white_paper_form.html", {"event": paper.event, "paper": paper, "form": form},
                       partial="form", status=400 if form.errors else 200)


@require_POST
@login_required
def white_paper_submit(request: PraxisRequest, paper_id: int) -> HttpResponse:
    paper = _paper_or_404(request, paper_id)
    rules.check_edit_white_paper(request.actor, paper)
    try:
        services.white_paper_submit(actor=request.actor, paper=paper)
    except ValidationError as error:
        return _paper_page(request, paper, status=400, submit_errors=error.messages)
    messages.success(request, _("Submitted: a reviewer will read it before publication."))
    return redirect("events:white_paper", paper.pk)


@require_POST
@login_required
def white_paper_review(request: PraxisRequest, paper_id: int) -> HttpResponse:
    paper = _paper_or_404(request, paper_id)
    rules.check_review_white_paper(request.actor, paper)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.white_paper_decide(actor=request.actor, paper=paper,
                                        publish=form.cleaned_data["decision"] == "publish",
                                        note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your decision is recorded."))
            return redirect("events:white_paper", paper.pk)
    return _paper_page(request, paper, status=400, review_form=form)


@require_GET
def white_paper_pdf(request: PraxisRequest, paper_id: int) -> HttpResponseBase:
    """The cached PDF; while the background task renders it, a page that checks again."""
    paper = _paper_or_404(request, paper_id)
    if paper.status != WhitePaper.Status.PUBLISHED:
        raise Http404
    if paper.pdf:
        return serving.serve_file(request, paper.pdf.name, storage=paper.pdf.storage,
                                  content_type="application/pdf", filename=f"livre-blanc-v{paper.version}.pdf")
    return _paper_page(request, paper, pdf_pending=True)


@require_GET
@login_required
def review_queue(request: PraxisRequest) -> HttpResponse:
    rules.check_view_review_queue(request.actor)
    papers = [p for p in selectors.white_papers_to_review(request.actor) if rules.can_review_white_paper(
        request.actor, p)]
    return render_page(request, "events/review_queue.html", {"papers": papers}, partial="rows")
