"""allauth's hooks for e-ID sign-in: no silent takeover of an existing account, clear errors, claims pre-filled."""

from __future__ import annotations

import logging
from typing import Any

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialLogin
from allauth.socialaccount.providers.base.constants import AuthError
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from requests import RequestException

from praxis.core.actor import actor_for

from .. import rules, selectors
from .claims import Identity
from .views import CANCELLED, DOWN, EXPIRED, REFUSED, error_response

logger = logging.getLogger(__name__)

PENDING_LINK = "praxis_eid_pending_link"


def identity_of(sociallogin: SocialLogin) -> Identity | None:
    provider = sociallogin.account.get_provider()
    if not hasattr(provider, "identity"):
        return None
    identity: Identity = provider.identity(sociallogin.account.extra_data or {})
    return identity


def _refused(exception: RequestException) -> bool:
    """An answer in the 4xx range: the provider is up and said no (an expired token, a code used twice)."""
    response = getattr(exception, "response", None)
    return response is not None and 400 <= response.status_code < 500


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def on_authentication_error(self, request: HttpRequest, provider: Any, error: Any = None,
                                exception: Any = None, extra_context: Any = None) -> None:
        context = extra_context or {}
        if error == AuthError.CANCELLED:
            reason = CANCELLED
        elif isinstance(exception, RequestException) and not _refused(exception):
            reason = DOWN
        elif exception is None and "state" not in context:
            reason = EXPIRED  # no stashed state for this `state`: forged, replayed or too old
        else:
            reason = REFUSED
        logger.warning("e-ID %s: sign-in failed (%s): %r", getattr(provider, "name", provider), reason, exception)
        raise ImmediateHttpResponse(error_response(request, str(getattr(provider, "name", "")), reason))

    def pre_social_login(self, request: HttpRequest, sociallogin: SocialLogin) -> None:
        """A new e-ID whose verified address belongs to a member is linked only once that member signs in and says
        so (accounts:eid_link); an address the provider does not vouch for matches nobody."""
        from .. import services

        identity = identity_of(sociallogin)
        if identity is None or sociallogin.state.get("process") == "connect":
            return
        if sociallogin.is_existing:  # a member signing in again: the provider may vouch for a number by now
            services.identity_vouch(member=sociallogin.user, identity=identity)
            return
        if not (identity.email and identity.email_verified):
            return
        member = selectors.member_by_email(identity.email)
        if member is None:
            return
        request.session[PENDING_LINK] = sociallogin.serialize()
        raise ImmediateHttpResponse(redirect("accounts:eid_link"))

    def get_signup_form_initial_data(self, sociallogin: SocialLogin) -> dict[str, Any]:
        initial: dict[str, Any] = super().get_signup_form_initial_data(sociallogin)
        identity = identity_of(sociallogin)
        if identity is not None:
            initial.update({
                "first_name": identity.first_name, "last_name": identity.last_name,
                "profession": identity.profession, "country": identity.country,
                "registration_number": identity.number,
            })
        return initial

    def get_connect_redirect_url(self, request: HttpRequest, socialaccount: Any) -> str:
        from django.urls import reverse

        return reverse("accounts:identities")

    def validate_disconnect(self, account: Any, accounts: Any) -> None:
        # allauth's own connections page obeys the same rule as ours: never the last way to sign in.
        if not rules.can_unlink_identity(actor_for(account.user), account):
            raise ValidationError(_("This is your only way to sign in: set a password or link another e-ID first."))


def on_identity_added(sender: Any, request: HttpRequest, sociallogin: SocialLogin, **kwargs: Any) -> None:
    from .. import services

    identity = identity_of(sociallogin)
    if identity is not None and sociallogin.user is not None:
        services.identity_linked(member=sociallogin.user, identity=identity)
