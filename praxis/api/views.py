"""The member's personal access tokens (list, create — the secret is shown once —, revoke) and the applications they
authorised through OAuth2 (list, withdraw)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.csp import CSP
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from oauth2_provider import views as oauth

from praxis.core.forms import add_service_errors
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from . import rules, selectors, services
from .forms import ClientForm, TokenForm


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
               "applications": selectors.authorised_applications(request.actor),
               "administered": selectors.institutions_administered(request.actor)}
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


def _institution_or_404(request: PraxisRequest, slug: str) -> Any:
    from praxis.institutions.selectors import institution_for

    institution = institution_for(request.actor, slug)
    if institution is None:
        raise Http404
    return institution


@require_http_methods(["GET", "POST"])
@login_required
def institution_clients(request: PraxisRequest, slug: str) -> HttpResponse:
    """An institution's own systems that call the API (OAuth2 client credentials): its admins register them (the
    secret is shown once) and remove them."""
    institution = _institution_or_404(request, slug)
    rules.check_register_institution_client(request.actor, institution)
    form = ClientForm(request.POST if request.method == "POST" else None)
    created = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                created = services.institution_client_register(actor=request.actor, institution=institution,
                                                               name=form.cleaned_data["name"])
                form = ClientForm()
            except ValidationError as error:
                add_service_errors(form, error)
        if created is None:
            status = 400
    context = {"institution": institution, "form": form, "created": created,
               "clients": list(selectors.institution_clients(request.actor, institution))}
    return render_page(request, "api/institution_clients.html", context, status=status)


@require_POST
@login_required
def institution_client_remove(request: PraxisRequest, slug: str, client_id: int) -> HttpResponse:
    institution = _institution_or_404(request, slug)
    client = selectors.institution_client_for(request.actor, institution, client_id)
    if client is None:
        raise Http404
    name = client.application.name
    services.institution_client_remove(actor=request.actor, client=client)
    messages.success(request, _("“%(name)s” is removed: it no longer acts for the institution.") % {"name": name})
    return redirect("api:institution_clients", slug=institution.slug)


class AuthorizationView(oauth.AuthorizationView):
    """django-oauth-toolkit's consent page. Its form's answer redirects the browser to the application's registered
    address, and browsers apply the page's CSP `form-action` to that redirect: without the application's origin there,
    Chromium stopped every "Allow" and "Refuse" on the page (found by the browser test of the consent)."""

    def dispatch(self, request: Any, *args: Any, **kwargs: Any) -> HttpResponse:
        response: HttpResponse = super().dispatch(request, *args, **kwargs)
        client_id = request.POST.get("client_id") or request.GET.get("client_id") or ""
        origins = selectors.application_redirect_origins(client_id) if client_id else []
        if origins:
            response._csp_config = {  # type: ignore[attr-defined]
                **settings.SECURE_CSP, "form-action": [CSP.SELF, *origins]}
        return response
