from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praxis.core.concurrency import EditConflict, after_conflict, seen_value, stamp
from praxis.core.forms import add_service_errors
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest
from praxis.institutions import geo
from praxis.review.target_pages import flag_page, unpublish_page

from . import rules, selectors, services
from .forms import ContactForm, OfferForm, SaveSearchForm, SearchForm
from .models import JobOffer
from .moderation import OFFER_REASONS


def _offer_or_404(request: PraxisRequest, offer_id: int) -> JobOffer:
    offer = selectors.offer_for(request.actor, offer_id)
    if offer is None:
        raise Http404
    return offer


def _filters(request: PraxisRequest, form: SearchForm) -> tuple[selectors.OfferFilters, list[Any]]:
    data = form.cleaned_data
    filters = selectors.OfferFilters(profession=data["profession"], region=data["region"], contract=data["contract"],
                                     near=data["near"], country=data["country"], radius_km=data["radius"] or 30)
    lookup = geo.resolve_place(data["near"], country=data["country"], member=request.user)
    if lookup.place:
        filters.lat, filters.lon = lookup.place.lat, lookup.place.lon
    if lookup.error:
        form.add_error("near", lookup.error)
    return filters, [lookup.place] if lookup.place else []


@require_GET
def offer_list(request: PraxisRequest) -> HttpResponse:
    data = None
    if request.GET:
        data = request.GET.copy()
        data.setdefault("radius", "30")
    form = SearchForm(data)
    filters, places = _filters(request, form) if form.is_valid() else (selectors.OfferFilters(), [])
    offers = selectors.search_offers(request.actor, filters)[:50] if not form.errors else []
    context = {"form": form, "offers": offers, "place": places[0] if places else None,
               "can_post": rules.can_post_offer(request.actor), "query": request.GET.urlencode()}
    return render_page(request, "jobs/list.html", context, partial="results")


@require_http_methods(["GET", "POST"])
@login_required
def offer_create(request: PraxisRequest) -> HttpResponse:
    rules.check_post_offer(request.actor)
    institutions = selectors.poster_choices(request.actor)
    form = OfferForm(request.POST if request.method == "POST" else None, institutions=institutions)
    if request.method == "POST" and form.is_valid():
        try:
            offer = services.offer_create(actor=request.actor, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your job offer is published."))
            return redirect("jobs:detail", offer.pk)
    context = {"form": form, "has_institution": institutions.exists()}
    return render_page(request, "jobs/form.html", context, partial="form", status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def offer_edit(request: PraxisRequest, offer_id: int) -> HttpResponse:
    offer = _offer_or_404(request, offer_id)
    rules.check_manage_offer(request.actor, offer)
    initial = {name: getattr(offer, name) for name in OfferForm.base_fields if name != "seen"}
    form = OfferForm(request.POST if request.method == "POST" else None, initial={**initial, "seen": stamp(offer)},
                     institutions=selectors.poster_choices(request.actor, keep=offer.institution_id))
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.offer_update(actor=request.actor, offer=offer, data=form.cleaned_data, seen=seen_value(form))
        except EditConflict as error:
            after_conflict(form, offer, error)
            status = 409
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The offer has been updated."))
            return redirect("jobs:detail", offer.pk)
    return render_page(request, "jobs/form.html", {"form": form, "offer": offer, "has_institution": True},
                       partial="form", status=status if status != 200 else 400 if form.errors else 200)


def _detail(request: PraxisRequest, offer: JobOffer, *, status: int = 200, **extra: Any) -> HttpResponse:
    manage = rules.can_manage_offer(request.actor, offer)
    context = {"offer": offer, "can_manage": manage, "can_contact": rules.can_contact(request.actor, offer),
               "can_flag": rules.can_flag_offer(request.actor, offer),
               "can_unpublish": rules.can_unpublish_offer(request.actor, offer),
               "contact_form": ContactForm(), "received": selectors.messages_for(offer)[:50] if manage else [],
               **extra}
    return render_page(request, "jobs/detail.html", context, partial="contact", status=status)


@require_GET
def offer_detail(request: PraxisRequest, offer_id: int) -> HttpResponse:
    return _detail(request, _offer_or_404(request, offer_id))


@require_POST
@login_required
def offer_withdraw(request: PraxisRequest, offer_id: int) -> HttpResponse:
    offer = _offer_or_404(request, offer_id)
    rules.check_manage_offer(request.actor, offer)
    services.offer_withdraw(actor=request.actor, offer=offer)
    messages.success(request, _("The offer is withdrawn."))
    return redirect("jobs:detail", offer.pk)


@require_POST
@login_required
def offer_contact(request: PraxisRequest, offer_id: int) -> HttpResponse:
    offer = _offer_or_404(request, offer_id)
    rules.check_contact(request.actor, offer)
    form = ContactForm(request.POST)
    if not form.is_valid():
        return _detail(request, offer, status=400, contact_form=form)
    services.message_send(actor=request.actor, offer=offer, body=form.cleaned_data["body"])
    if getattr(request, "htmx", False):
        return _detail(request, offer, contact_sent=True)
    messages.success(request, _("Your message was sent to the institution."))
    return redirect("jobs:detail", offer.pk)


@require_GET
@login_required
def saved_searches(request: PraxisRequest) -> HttpResponse:
    return render_page(request, "jobs/saved_searches.html", {"searches": selectors.saved_searches(request.actor)},
                       partial="rows")


@require_POST
@login_required
def search_save(request: PraxisRequest) -> HttpResponse:
    rules.check_save_search(request.actor)
    form = SaveSearchForm(request.POST)
    if form.is_valid():
        filters, _places = _filters(request, form)
        if not form.errors:
            try:
                services.search_save(actor=request.actor, name=form.cleaned_data["name"], filters=filters.as_json())
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, _("Saved: you will get an email each day with the new matching offers."))
            return redirect("jobs:saved_searches")
    return render_page(request, "jobs/saved_searches.html", {
        "searches": selectors.saved_searches(request.actor), "form": form}, status=400)


@require_POST
@login_required
def search_delete(request: PraxisRequest, search_id: int) -> HttpResponse:
    saved = selectors.saved_searches(request.actor).filter(pk=search_id).first()
    if saved is None:
        raise Http404
    services.search_delete(actor=request.actor, saved=saved)
    messages.success(request, _("The alert is deleted."))
    return redirect("jobs:saved_searches")


@require_http_methods(["GET", "POST"])
@login_required
def offer_flag(request: PraxisRequest, offer_id: int) -> HttpResponse:
    offer = _offer_or_404(request, offer_id)
    rules.check_flag_offer(request.actor, offer)
    return flag_page(
        request, reasons=OFFER_REASONS, title=offer.title, back_url=reverse("jobs:detail", args=[offer.pk]),
        action_url=reverse("jobs:flag", args=[offer.pk]),
        flag=lambda reason, text: services.offer_flag(actor=request.actor, offer=offer, reason=reason, text=text))


@require_http_methods(["GET", "POST"])
@login_required
def offer_unpublish(request: PraxisRequest, offer_id: int) -> HttpResponse:
    offer = _offer_or_404(request, offer_id)
    rules.check_unpublish_offer(request.actor, offer)
    return unpublish_page(
        request, title=offer.title, back_url=reverse("jobs:detail", args=[offer.pk]),
        action_url=reverse("jobs:unpublish", args=[offer.pk]),
        done=_("The offer is offline. Its open reports are closed."),
        unpublish=lambda reason: services.offer_unpublish(actor=request.actor, offer=offer, reason=reason))
