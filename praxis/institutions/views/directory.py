from __future__ import annotations

import hashlib

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import caches
from django.core.cache.utils import make_template_fragment_key
from django.core.exceptions import ValidationError
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praxis.core import audit
from praxis.core.concurrency import EditConflict, after_conflict, seen_value, stamp
from praxis.core.forms import add_service_errors
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from .. import rules, selectors, services
from ..forms import (
    CloseInstitutionForm,
    DirectorySearchForm,
    InstitutionForm,
)
from ..models import Follow, Institution
from ..sections import sections_for
from .common import ACTION_LABELS, institution_or_404, page_of, query_without, resolve_place, search_data


def _form_key(form: DirectorySearchForm) -> str:
    """What the search form shows, for keeping it rendered (`{% cache %}` in directory.html; ~470 `<option>`s were
    most of the page's template time): the value of each field, the active services the select lists (read here once,
    the select renders from the same rows, so a renamed or added service shows at once) and the language.
    "" for a form with errors: those are rendered every time."""
    if form.errors:
        return ""
    services = form.fields["service"].queryset  # type: ignore[attr-defined]  # a ModelChoiceField
    listed = [(service.slug, str(service)) for service in services]  # evaluates the queryset the select iterates
    values = [(name, form[name].value()) for name in form.fields]
    return hashlib.md5(repr((get_language(), values, listed)).encode(), usedforsecurity=False).hexdigest()


def _cards_from_cache(institutions: list[Institution]) -> None:
    """Each result's card as directory.html's `{% cache … institution_card %}` kept it (`card_html`, the same key),
    read at once; the services are loaded only for the cards not found, which the template renders and keeps. Loading
    every card's services was ~17 % of the page (issue 22) for cards that were nearly always cached."""
    language = get_language()
    keys = [make_template_fragment_key("institution_card", [
        institution.pk, institution.updated_at, getattr(institution, "distance_km", ""), institution.is_followed,
        language]) for institution in institutions]
    found = caches["fragments"].get_many(keys)
    missing = []
    for institution, key in zip(institutions, keys, strict=True):
        card = found.get(key)
        institution.card_html = "" if card is None else mark_safe(card)  # noqa: S308 - rendered by directory.html
        if card is None:
            missing.append(institution)
    if missing:
        prefetch_related_objects(missing, selectors.card_services())


@require_GET
def directory(request: PraxisRequest) -> HttpResponse:
    """"Find help near me": institutions by text, service, type, public, language, country and distance."""
    form = DirectorySearchForm(search_data(request))
    form.is_valid()
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    place, choices, is_practice = resolve_place(request, form, data.get("country", ""))
    radius = data.get("radius") or 25
    near = selectors.Near(place, radius) if place else None
    page = None
    if not form.errors and not choices:
        rows = selectors.directory_rows(  # services: only for the cards not cached
            request.actor, text=data.get("q", ""), service=data.get("service"), kind=data.get("kind", ""),
            public=data.get("public", ""), language=data.get("language", ""), country=data.get("country", ""),
            near=near,
        )
        page = page_of(request, rows)
    followed = selectors.followed_ids(request.user, Follow.Kind.INSTITUTION)
    if page is not None:
        page.object_list = list(page.object_list)
        for institution in page.object_list:
            institution.is_followed = institution.pk in followed  # part of the cached card's key
        _cards_from_cache(page.object_list)
    context = {
        "form": form, "form_key": _form_key(form), "page": page, "place": place, "choices": choices,
        "is_practice": is_practice,
        "radius": radius, "service": data.get("service"), "query": query_without(request, "page"),
        "choice_query": query_without(request, "page", "place", "place_country"),
        "map_tile_url": settings.MAP_TILE_URL, "map_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
    return render_page(request, "institutions/directory.html", context, partial="results",
                       status=400 if form.errors else 200)


@require_GET
def detail(request: PraxisRequest, slug: str) -> HttpResponse:
    institution = institution_or_404(request, slug)
    actor = request.actor
    context = {
        "institution": institution,
        "services": institution.services.all(),
        "listed_members": selectors.institution_listed_members(institution)[:30],
        "can_edit": rules.can_edit_institution(actor, institution),
        "can_close": rules.can_close_institution(actor, institution),
        "can_view_members": rules.can_view_members(actor, institution),
        "can_claim": rules.can_claim_institution(actor, institution),
        "can_follow": rules.can_follow(actor),
        "is_following": institution.pk in selectors.followed_ids(request.user, Follow.Kind.INSTITUTION),
        "followers": selectors.follower_count(Follow.Kind.INSTITUTION, institution.pk),
        "map_tile_url": settings.MAP_TILE_URL, "map_attribution": settings.MAP_TILE_ATTRIBUTION,
        "sections": sections_for(actor, institution),
    }
    return render_page(request, "institutions/detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def create(request: PraxisRequest) -> HttpResponse:
    rules.check_create_institution(request.actor)
    posted = request.method == "POST"
    form = InstitutionForm(request.POST if posted else None, request.FILES if posted else None)
    similar = []
    if posted and form.is_valid():
        data = form.cleaned_data
        similar = list(selectors.similar_institutions(data["name"], data["postal_code"], data["country"])[:5])
        if similar and not request.POST.get("confirm_new"):
            form.add_error(None, _("An institution with this name and postal code is already in the directory. If it "
                                   "is yours, ask to manage it instead of creating a second entry."))
        else:
            try:
                institution = services.institution_create(
                    actor=request.actor, data=data, services=list(data["services"]), logo=data.get("logo"),
                    logo_extension=form.logo_extension,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Thank you. A moderator will check the institution before it appears in "
                                            "the directory; you can already invite your staff."))
                return redirect("institutions:detail", slug=institution.slug)
    return render_page(request, "institutions/form.html", {"form": form, "similar": similar, "creating": True},
                       partial="form", status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: PraxisRequest, slug: str) -> HttpResponse:
    institution = institution_or_404(request, slug)
    rules.check_edit_institution(request.actor, institution)
    posted = request.method == "POST"
    form = InstitutionForm(request.POST if posted else None, request.FILES if posted else None,
                           initial={**InstitutionForm.initial_for(institution), "seen": stamp(institution)},
                           has_logo=bool(institution.logo))
    status = 200
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            services.institution_update(
                actor=request.actor, institution=institution, data=data, services=list(data["services"]),
                logo=data.get("logo"), logo_extension=form.logo_extension, remove_logo=data.get("remove_logo", False),
                seen=seen_value(form),
            )
        except EditConflict as error:
            after_conflict(form, institution, error)
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The profile has been saved."))
            return redirect("institutions:detail", slug=institution.slug)
    return render_page(request, "institutions/form.html", {"form": form, "institution": institution},
                       partial="form", status=status if status != 200 else 400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def close(request: PraxisRequest, slug: str) -> HttpResponse:
    """Close an institution that stopped (its admins, moderators): a confirmation with a note for its staff."""
    institution = institution_or_404(request, slug)
    rules.check_close_institution(request.actor, institution)
    form = CloseInstitutionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.institution_close(actor=request.actor, institution=institution, note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("%(name)s is closed; its staff has been told.") % {"name": institution.name})
            return redirect("institutions:detail", slug=institution.slug)
    staff = selectors.active_memberships_of_institution(institution.pk).count()
    return render_page(request, "institutions/close.html", {"institution": institution, "form": form,
                                                            "staff": staff}, status=400 if form.errors else 200)


@require_POST
@login_required
def reopen(request: PraxisRequest, slug: str) -> HttpResponse:
    institution = institution_or_404(request, slug)
    try:
        services.institution_reopen(actor=request.actor, institution=institution)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(name)s is open again.") % {"name": institution.name})
    return redirect("institutions:detail", slug=institution.slug)


@require_GET
@login_required
def history(request: PraxisRequest, slug: str) -> HttpResponse:
    """What happened to an institution (the audit log), for its admins and moderators."""
    institution = institution_or_404(request, slug)
    if not rules.can_view_institution_history(request.actor, institution):
        raise Http404
    entries = [(entry, ACTION_LABELS.get(entry.action, entry.action)) for entry in audit.history(institution)[:100]]
    return render_page(request, "institutions/history.html", {"institution": institution, "entries": entries})
