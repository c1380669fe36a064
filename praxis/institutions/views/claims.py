from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praxis.core.forms import add_service_errors
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from .. import rules, selectors, services
from ..forms import (
    ClaimForm,
    RejectForm,
)
from .common import institution_or_404


@require_http_methods(["GET", "POST"])
@login_required
def claim(request: PraxisRequest, slug: str) -> HttpResponse:
    institution = institution_or_404(request, slug)
    rules.check_claim_institution(request.actor, institution)
    form = ClaimForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_submit(actor=request.actor, institution=institution, kind=form.cleaned_data["kind"],
                                  message=form.cleaned_data["message"], duplicate=form.cleaned_data["duplicate"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your request was sent to the moderators. You will hear from them by email."))
            return redirect("institutions:detail", slug=institution.slug)
    return render_page(request, "institutions/claim.html", {"form": form, "institution": institution},
                       status=400 if form.errors else 200)


@require_GET
@login_required
def moderation(request: PraxisRequest) -> HttpResponse:
    rules.check_moderate_institutions(request.actor)
    context = {
        "pending": selectors.moderation_queue(request.actor)[:100],
        "claims": selectors.open_claims(request.actor)[:100],
        "reject_form": RejectForm(),
    }
    return render_page(request, "institutions/moderation.html", context, partial="queue")


@require_POST
@login_required
def moderate(request: PraxisRequest, slug: str) -> HttpResponse:
    rules.check_moderate_institutions(request.actor)
    institution = institution_or_404(request, slug)
    decision = request.POST.get("decision")
    form = RejectForm(request.POST)
    try:
        if decision == "verify":
            services.institution_verify(actor=request.actor, institution=institution)
            messages.success(request, _("%(name)s is now published in the directory.") % {"name": institution.name})
            return redirect("institutions:moderation")
        if decision == "reject" and form.is_valid():
            services.institution_reject(actor=request.actor, institution=institution,
                                        reason=form.cleaned_data["reason"])
            messages.success(request, _("%(name)s was refused.") % {"name": institution.name})
            return redirect("institutions:moderation")
    except ValidationError as error:
        add_service_errors(form, error)
    if decision not in {"verify", "reject"}:
        form.add_error(None, _("Choose to publish or to refuse."))
    context = {"pending": selectors.moderation_queue(request.actor)[:100],
               "claims": selectors.open_claims(request.actor)[:100], "reject_form": form, "failed": institution}
    return render_page(request, "institutions/moderation.html", context, partial="queue", status=400)


@require_POST
@login_required
def claim_decide(request: PraxisRequest, claim_id: int) -> HttpResponse:
    rules.check_moderate_institutions(request.actor)
    found = get_object_or_404(selectors.open_claims(request.actor), pk=claim_id)
    decision = request.POST.get("decision")
    try:
        if decision == "accept":
            services.claim_accept(actor=request.actor, claim=found)
            messages.success(request, _("The request was accepted."))
        elif decision == "reject":
            services.claim_reject(actor=request.actor, claim=found)
            messages.success(request, _("The request was refused."))
        else:
            messages.error(request, _("Choose to accept or to refuse."))
            return redirect("institutions:moderation")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("institutions:moderation")
