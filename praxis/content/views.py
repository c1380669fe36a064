"""Content pages: list, page of one piece, create/edit forms, "my content", document download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from praxis.accounts.models import Country, Profession
from praxis.core.concurrency import EditConflict, after_conflict, seen_value, stamp
from praxis.core.forms import add_service_errors
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest
from praxis.core.serving import serve_file

from . import cards, rules, selectors, services
from .forms import ContentFilterForm, ContentForm, reference_links
from .models import Content


@require_GET
def content_list(request: PraxisRequest) -> HttpResponse:
    themes = list(selectors.active_themes())
    form = ContentFilterForm(request.GET, themes=themes)
    filters = form.filters()
    cursor = request.GET.get("apres")
    page = selectors.list_page(request.actor, cursor=cursor, **filters)
    query = {name: value for name, value in filters.items()}
    context = {
        "form": form, "page": page, "cards": cards.content_cards(page.rows), "query": query, "filtered": bool(filters),
        "more_cards": bool(cursor and getattr(request, "htmx", False)),
    }
    # htmx: the filters swap the result region; "more" appends the next cards in place of its own link.
    partial = "more" if cursor else "results"
    return render_page(request, "content/list.html", context, partial=partial)


def _get_visible(request: PraxisRequest, pk: int) -> Content:
    return selectors.visible_content_or_404(request.actor, pk, page=True)


def _labels(choices: type, codes: list[str]) -> list[str]:
    known = dict(choices.choices)
    return [str(known[code]) for code in codes or [] if code in known]


@require_GET
def content_detail(request: PraxisRequest, pk: int, slug: str) -> HttpResponse:
    content = _get_visible(request, pk)
    if slug != content.slug:
        return redirect(selectors.content_url(content), permanent=False)
    actor = request.actor
    full = rules.can_view_full_content(actor, content)
    if full:
        services.content_record_view(actor=actor, content=content)
    is_author = actor.is_authenticated and actor.id == content.author_id
    context = {
        "content": content,
        "full": full,
        "is_author": is_author,
        "can_edit": rules.can_edit_content(actor, content),
        "references": reference_links(content.references),
        "revision": selectors.open_revision(content) if is_author and content.is_published else None,
        "can_download": rules.can_download_document(actor, content),
        "profession_labels": _labels(Profession, content.target_professions),
        "country_labels": _labels(Country, content.countries),
    }
    return render_page(request, "content/detail.html", context, partial="main")


@require_GET
@login_required
def content_create_choice(request: PraxisRequest) -> HttpResponse:
    rules.check_create_content(request.actor)
    return render_page(request, "content/create_choice.html", {"kinds": Content.Kind})


def _after_save_url(content: Content, created: bool) -> str:
    if created and content.kind == Content.Kind.CAPSULE:
        try:
            return reverse("content:capsule_upload", kwargs={"content_id": content.pk})
        except NoReverseMatch:  # the media pages are not mounted
            pass
    return selectors.content_url(content)


@require_http_methods(["GET", "POST"])
@login_required
def content_create(request: PraxisRequest, kind: str) -> HttpResponse:
    if kind not in Content.Kind.values:
        raise Http404
    rules.check_create_content(request.actor)
    posted = request.method == "POST"
    form = ContentForm(request.POST if posted else None, request.FILES if posted else None,
                       actor=request.actor, kind=kind, creating=True)
    if posted and form.is_valid():
        try:
            content = services.content_create(actor=request.actor, kind=kind, data=form.service_data(),
                                              document=form.cleaned_data.get("document"))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your draft is saved. Submit it for review when it is ready."))
            return redirect(_after_save_url(content, created=True))
    context = {"form": form, "kind": kind, "kind_label": Content.Kind(kind).label, "content": None}
    return render_page(request, "content/form.html", context, partial="form", status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def content_edit(request: PraxisRequest, pk: int) -> HttpResponse:
    content = _get_visible(request, pk)
    rules.check_edit_content(request.actor, content)
    if content.is_published:
        revision = selectors.open_revision(content)
        if revision is not None:
            # One new version at a time: continue the one already started, or show it while it is reviewed.
            if rules.can_edit_content(request.actor, revision):
                return redirect("content:edit", pk=revision.pk)
            messages.info(request, _("A new version of this piece is being reviewed; wait for the decision."))
            return redirect(selectors.content_url(revision))
    posted = request.method == "POST"
    form = ContentForm(request.POST if posted else None, request.FILES if posted else None,
                       actor=request.actor, kind=content.kind, creating=False,
                       initial={**ContentForm.initial_for(content), "seen": stamp(content)})
    status = 200
    if posted and form.is_valid():
        try:
            saved = services.content_update(actor=request.actor, content=content, data=form.service_data(),
                                            document=form.cleaned_data.get("document"), seen=seen_value(form))
        except EditConflict as error:
            after_conflict(form, content, error)
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if saved.pk != content.pk:
                messages.success(request, _("A new version was created. The published one stays online until the "
                                            "new one is reviewed."))
            else:
                messages.success(request, _("Your changes are saved."))
            return redirect(selectors.content_url(saved))
    context = {"form": form, "kind": content.kind, "kind_label": content.get_kind_display(), "content": content}
    return render_page(request, "content/form.html", context, partial="form",
                       status=status if status != 200 else 400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def content_delete(request: PraxisRequest, pk: int) -> HttpResponse:
    content = _get_visible(request, pk)
    rules.check_delete_content(request.actor, content)
    if request.method == "POST":
        original = content.revision_of
        services.content_delete_draft(actor=request.actor, content=content)
        messages.success(request, _("The draft “%(title)s” was deleted.") % {"title": content.title})
        return redirect(selectors.content_url(original) if original else reverse("content:mine"))
    return render_page(request, "content/delete.html", {"content": content})


@require_GET
@login_required
def my_contents(request: PraxisRequest) -> HttpResponse:
    status = request.GET.get("statut", "")
    if status not in Content.Status.values:
        status = ""
    rows = selectors.contents_of_author(request.actor, status=status)[:200]
    context = {"rows": rows, "status": status, "statuses": Content.Status.choices,
               "can_create": rules.can_create_content(request.actor)}
    return render_page(request, "content/mine.html", context, partial="rows")


@require_GET
def document_download(request: PraxisRequest, pk: int) -> HttpResponseBase:
    content = _get_visible(request, pk)
    if not rules.can_download_document(request.actor, content):
        raise Http404
    extension = (content.document.name or "").rsplit(".", 1)[-1]
    inline = content.document_mime == services.PDF_MIME and "telecharger" not in request.GET
    return serve_file(request, content.document.name, storage=content.document.storage,
                      content_type=content.document_mime or "application/octet-stream", as_attachment=not inline,
                      filename=f"{content.slug}.{extension}")
