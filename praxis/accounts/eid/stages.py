"""allauth's second-factor step at sign-in, skipped when an e-ID vouched for a strong enough authentication."""

from __future__ import annotations

from typing import Any

from allauth.mfa.stages import AuthenticateStage as MfaAuthenticateStage
from django.http import HttpRequest

from .claims import Identity


def strong_identity(login: Any) -> Identity | None:
    """The e-ID behind this sign-in when its assurance is eIDAS substantial or high (see docs/eid-sign-in.md)."""
    sociallogin = (getattr(login, "signal_kwargs", None) or {}).get("sociallogin")
    if sociallogin is None:
        return None
    provider = sociallogin.account.get_provider()
    if not hasattr(provider, "identity"):
        return None
    identity: Identity = provider.identity(sociallogin.account.extra_data or {})
    return identity if identity.is_strong else None


class AuthenticateStage(MfaAuthenticateStage):
    def _should_handle(self, request: HttpRequest) -> bool:
        if strong_identity(self.login) is not None:
            return False
        return bool(super()._should_handle(request))
