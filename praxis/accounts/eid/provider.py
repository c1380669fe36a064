"""One allauth provider class for every configured e-ID (`SOCIALACCOUNT_PROVIDERS["eid"]["APPS"]`, one app per
provider id): OpenID Connect with discovery, or plain OAuth2 with a user-info endpoint (HIN).

Stricter than allauth's generic OpenID Connect provider, on purpose: the ID token's signature is always checked (allauth
skips it when the token came straight from the token endpoint), unsigned or HMAC tokens are refused, a nonce binds the
token to this browser's sign-in, the discovery document must name the configured issuer, and the user info must be
about the same subject as the ID token.
"""

from __future__ import annotations

import secrets
from typing import Any

from allauth.core.internal.deferred import jwt  # PyJWT loaded on first use, as allauth does
from allauth.socialaccount.internal import jwtkit
from allauth.socialaccount.models import SocialApp, SocialToken
from allauth.socialaccount.providers.base import ProviderException
from allauth.socialaccount.providers.oauth2.client import OAuth2Error
from allauth.socialaccount.providers.openid_connect.provider import (
    OpenIDConnectProvider,
    OpenIDConnectProviderAccount,
)
from allauth.socialaccount.providers.openid_connect.views import OpenIDConnectOAuth2Adapter
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from .claims import Identity, identity_from

# Asymmetric signatures only: "none" is no signature, and HS256 would be keyed with our own client secret.
ALLOWED_ALGORITHMS = {"RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"}


def options_of(app: SocialApp) -> dict[str, Any]:
    return dict(app.settings.get("eid") or {})


class EidOAuth2Adapter(OpenIDConnectOAuth2Adapter):
    expected_nonce: str | None = None

    @property
    def openid_config(self) -> dict[str, Any]:
        if not hasattr(self, "_openid_config"):
            app = self.get_provider().app
            endpoints = app.settings.get("endpoints")
            if endpoints:  # plain OAuth2: the endpoints are configured, there is nothing to discover
                self._openid_config = dict(endpoints)
                return self._openid_config
            config = super().openid_config
            # OpenID Connect Discovery §4.3: the issuer in the document is the one we asked.
            if str(config.get("issuer", "")).rstrip("/") != str(app.settings["server_url"]).rstrip("/"):
                del self._openid_config
                raise OAuth2Error(f"Discovery names issuer {config.get('issuer')!r}, not the configured one")
        return self._openid_config

    def complete_login(self, request: HttpRequest, app: SocialApp, token: SocialToken, **kwargs: Any) -> Any:
        id_token = kwargs["response"].get("id_token")
        oidc = options_of(app).get("oidc", True)
        if oidc and not id_token:
            raise OAuth2Error("The provider sent no ID token")
        data: dict[str, Any] = {}
        if oidc:  # the token first: a forged or stale one stops the sign-in before anything else is asked
            data["id_token"] = self._decode_id_token(app, id_token)
        data["userinfo"] = self._fetch_user_info(token.token)
        if oidc and str(data["userinfo"].get("sub", "")) != str(data["id_token"].get("sub", "")):
            raise OAuth2Error("User info is about another subject than the ID token")  # OIDC Core §5.3.2
        return self.get_provider().sociallogin_from_response(request, data)

    def _decode_id_token(self, app: SocialApp, id_token: str) -> dict[str, Any]:
        try:
            header = jwt.get_unverified_header(id_token)
        except jwt.PyJWTError as error:
            raise OAuth2Error("Malformed ID token") from error
        if header.get("alg") not in ALLOWED_ALGORITHMS or "kid" not in header:
            raise OAuth2Error(f"ID token signed with {header.get('alg')!r}: refused")
        data: dict[str, Any] = jwtkit.verify_and_decode(
            credential=id_token,
            keys_url=self.openid_config["jwks_uri"],
            issuer=self.openid_config["issuer"],
            audience=app.client_id,
            lookup_kid=jwtkit.lookup_kid_jwk,
            verify_signature=True,
        )
        if self.expected_nonce is None or not secrets.compare_digest(str(data.get("nonce", "")),
                                                                     self.expected_nonce):
            raise OAuth2Error("The ID token's nonce does not match this sign-in")
        return data

    def get_callback_url(self, request: HttpRequest, app: SocialApp) -> str:
        from allauth.utils import build_absolute_uri

        callback_url = reverse("eid_callback", kwargs={"provider_id": self.provider_id})
        return str(build_absolute_uri(request, callback_url, self.redirect_uri_protocol))


class EidAccount(OpenIDConnectProviderAccount):
    def to_str(self) -> str:
        identity = self.account.get_provider().identity(self.account.extra_data)
        return f"{identity.first_name} {identity.last_name}".strip() or str(super().to_str())


class EidProvider(OpenIDConnectProvider):
    id = "eid"
    name = "e-ID"
    package = "praxis.accounts.eid"
    account_class = EidAccount
    oauth2_adapter_class = EidOAuth2Adapter

    @property
    def options(self) -> dict[str, Any]:
        return options_of(self.app)

    def identity(self, extra_data: dict[str, Any]) -> Identity:
        return identity_from(self.app.provider_id, self.options, extra_data)

    def get_login_url(self, request: HttpRequest, **kwargs: Any) -> str:
        from django.utils.http import urlencode

        url = reverse("eid_login", kwargs={"provider_id": self.app.provider_id})
        return f"{url}?{urlencode(kwargs)}" if kwargs else url

    def get_callback_url(self) -> str:
        return reverse("eid_callback", kwargs={"provider_id": self.app.provider_id})

    def get_default_scope(self) -> list[str]:
        return ["openid", "profile", "email"] if self.options.get("oidc", True) else []

    def redirect(self, request: HttpRequest, process: Any, next_url: Any = None, data: Any = None,
                 **kwargs: Any) -> HttpResponse:
        if self.options.get("oidc", True):
            # The nonce travels in the stashed state (server side) and must come back inside the signed ID token.
            nonce = secrets.token_urlsafe(24)
            auth_params = kwargs.get("auth_params")
            kwargs["auth_params"] = {**(auth_params if auth_params is not None else self.get_auth_params()),
                                     "nonce": nonce}
            kwargs["nonce"] = nonce
        response: HttpResponse = super().redirect(request, process, next_url, data, **kwargs)
        return response

    def extract_uid(self, data: dict[str, Any]) -> str:
        identity = self.identity(data)
        if not identity.subject:
            raise ProviderException("The provider sent no subject identifier")
        return identity.subject

    def extract_common_fields(self, data: dict[str, Any]) -> dict[str, Any]:
        identity = self.identity(data)
        return {"email": identity.email or None, "first_name": identity.first_name, "last_name": identity.last_name}

    def extract_email_addresses(self, data: dict[str, Any]) -> list[Any]:
        from allauth.account.models import EmailAddress

        identity = self.identity(data)
        if not identity.email:
            return []
        return [EmailAddress(email=identity.email, verified=identity.email_verified, primary=True)]

    def sociallogin_from_response(self, request: HttpRequest, response: dict[str, Any]) -> Any:
        return super().sociallogin_from_response(request, response)


provider_classes = [EidProvider]
