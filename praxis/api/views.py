"""The member's personal access tokens (list, create — the secret is shown once —, revoke) and the applications they
authorised through OAuth2 (list, withdraw)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from praxis.core.forms import add_service_errors
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from . import rules, selectors, services
from .forms import TokenForm


@require_http_methods(["GET", "POST"])
@login_required
def tokens(request: PraxisRequest) -> HttpResponse:
    rules.check_manage_tokens(request.actor)
    form = TokenForm(request.POST or None)
    created = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created = services.token_create(
                    actor=request.actor, name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"],
                    expires_in_days=form.cleaned_data["expires_in_days"])
                form = TokenForm()
            except ValidationError as error:
                add_service_errors(form, error)
        if created is None:
            status = 400
    context = {"form": form, "created": created, "tokens": list(selectors.tokens_of(request.actor)),
               "applications": selectors.authorised_applications(request.actor)}
    return render_page(request, "api/tokens.html", context, partial="tokens", status=status)


@require_POST
@login_required
def token_revoke(request: PraxisRequest, token_id: int) -> HttpResponse:
    token = selectors.token_for(request.actor, token_id)
    if token is None:
        raise Http404
    services.token_revoke(actor=request.actor, token=token)
    messages.success(request, _("The token “%(name)s” is revoked: it no longer opens the API.") % {"name": token.name})
    return redirect("api:tokens")


@require_POST
@login_required
def application_revoke(request: PraxisRequest, application_id: int) -> HttpResponse:
    """Withdraw an application's access to the member's account (its tokens end at once)."""
    rules.check_manage_tokens(request.actor)
    if not services.application_revoke(actor=request.actor, application_id=application_id):
        raise Http404
    messages.success(request, _("The application no longer has access to your account."))
    return redirect("api:tokens")
