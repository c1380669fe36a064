"""The e-ID sign-in endpoints: allauth's OAuth2 views with our adapter, and a clear answer when a provider fails."""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.internal.decorators import login_not_required
from allauth.socialaccount.adapter import get_adapter
from allauth.socialaccount.models import SocialApp
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.oauth2.views import OAuth2CallbackView, OAuth2LoginView
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from requests import RequestException

from .provider import EidOAuth2Adapter

logger = logging.getLogger(__name__)

DOWN, EXPIRED, CANCELLED, REFUSED = "down", "expired", "cancelled", "refused"


def error_response(request: HttpRequest, provider_name: str, reason: str) -> HttpResponse:
    """The page shown when a sign-in with an e-ID does not succeed; the password form stays one click away."""
    messages = {
        DOWN: _("%(provider)s is not answering at the moment. Try again in a few minutes, or sign in with your email "
                "address and password."),
        EXPIRED: _("This sign-in with %(provider)s has expired or was already used. Please start again."),
        CANCELLED: _("You cancelled the sign-in with %(provider)s."),
        REFUSED: _("%(provider)s could not confirm your identity, so you are not signed in. Please start again, or "
                   "sign in with your email address and password."),
    }
    status = {DOWN: 503, CANCELLED: 200}.get(reason, 400)
    context = {"provider_name": provider_name, "message": messages[reason] % {"provider": provider_name},
               "reason": reason}
    return render(request, "accounts/eid_error.html", context, status=status)


def _provider_name(request: HttpRequest, provider_id: str) -> str:
    try:
        return str(get_adapter().get_provider(request, provider_id).name)
    except SocialApp.DoesNotExist:
        return provider_id


class _CallbackView(OAuth2CallbackView):
    adapter: EidOAuth2Adapter

    def _get_state(self, request: HttpRequest, provider: Any) -> tuple[Any, Any]:
        state, response = super()._get_state(request, provider)
        self.adapter.expected_nonce = (state or {}).get("nonce")
        return state, response


@login_not_required
def login(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        view = OAuth2LoginView.adapter_view(EidOAuth2Adapter(request, provider_id))
        response: HttpResponse = view(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
    except OAuth2Error as error:  # the discovery document is not the configured issuer's
        logger.warning("e-ID %s: discovery refused: %s", provider_id, error)
        return error_response(request, _provider_name(request, provider_id), REFUSED)
    except (RequestException, ValueError) as error:  # no answer, an error, or not JSON
        logger.warning("e-ID %s: discovery failed: %s", provider_id, error)
        return error_response(request, _provider_name(request, provider_id), DOWN)
    return response


@login_not_required
def callback(request: HttpRequest, provider_id: str) -> HttpResponse:
    try:
        view = _CallbackView.adapter_view(EidOAuth2Adapter(request, provider_id))
        response: HttpResponse = view(request)
    except SocialApp.DoesNotExist:
        raise Http404 from None
    except (RequestException, ValueError) as error:
        logger.warning("e-ID %s: callback failed: %s", provider_id, error)
        return error_response(request, _provider_name(request, provider_id), DOWN)
    return response
