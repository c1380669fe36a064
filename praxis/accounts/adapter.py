from types import SimpleNamespace
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.models import Login
from allauth.core.exceptions import ImmediateHttpResponse
from django import forms
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from praxis.core.http import PraxisRequest
from praxis.core.throttling import too_many_requests

from . import throttle


def _login_of(credentials: dict[str, Any]) -> str:
    return str(credentials.get("email") or credentials.get("username") or "")


class AccountAdapter(DefaultAccountAdapter):
    """allauth hooks: emails in the member's language; failed sign-ins slow down (HTTP 429 with Retry-After) instead
    of locking the account, and an account under attack asks unknown browsers for a code sent by email."""

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        user = context.get("user")
        language = getattr(user, "preferred_language", None) or translation.get_language() or "fr"
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

    def respond_email_verification_sent(self, request: HttpRequest, user: Any) -> HttpResponse:
        # Without a user, this is a sign-up with an address that already has an account (enumeration prevention):
        # hash the typed password as a new account would, so that both answers take the same time.
        if user is None and request.method == "POST":
            make_password(request.POST.get("password1") or None)
        return super().respond_email_verification_sent(request, user)

    def pre_authenticate(self, request: PraxisRequest, **credentials: Any) -> None:
        # allauth's per-IP limit (settings ACCOUNT_RATE_LIMITS) reports itself as a form error: it must read as 429.
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError as error:
            raise ImmediateHttpResponse(too_many_requests(request)) from error
        try:
            throttle.check(request, _login_of(credentials))
        except throttle.SlowDown as slow:
            self._rollback_login_failed_rl_usage()  # a try that was not checked is no failure of this network
            raise ImmediateHttpResponse(too_many_requests(request, slow.retry_after)) from None

    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        user = super().authenticate(request, **credentials)
        if user is not None:
            throttle.record_success(request, _login_of(credentials))
        return user

    def authentication_failed(self, request: HttpRequest, **credentials: Any) -> None:
        throttle.record_failure(request, _login_of(credentials))

    def is_login_by_code_required(self, login: Login) -> bool:
        """Also when the account is under attack and this browser never signed in with it (second factor by email);
        members with an authenticator app or key get that step instead."""
        if super().is_login_by_code_required(login):
            return True
        from allauth.account.internal.flows.login import get_authentication_records
        from allauth.mfa.utils import is_mfa_enabled

        user = login.user
        records = get_authentication_records(self.request, user) if user else []
        if user is None or not records or records[-1]["method"] != "password" or is_mfa_enabled(user):
            return False
        email = login.email or user.email
        return throttle.under_attack(email) and not throttle.is_known_browser(self.request, email)

    def get_login_stages(self) -> list[str]:
        # The second-factor step knows that a strong e-ID sign-in already is one (praxis/accounts/eid/stages.py).
        stages: list[str] = super().get_login_stages()
        return ["praxis.accounts.eid.stages.AuthenticateStage" if stage == "allauth.mfa.stages.AuthenticateStage"
                else stage for stage in stages]

    def post_login(self, request: HttpRequest, user: Any, **kwargs: Any) -> HttpResponse:
        from praxis.core.middleware import STRONG_SIGN_IN

        from .eid.stages import strong_identity

        identity = strong_identity(SimpleNamespace(signal_kwargs=kwargs.get("signal_kwargs")))
        if identity is not None:
            request.session[STRONG_SIGN_IN] = identity.assurance
        else:
            request.session.pop(STRONG_SIGN_IN, None)
        response = super().post_login(request, user, **kwargs)
        throttle.remember_browser(request, response, user.email)
        _keep_language(request, response, user, signup=bool(kwargs.get("signup")))
        return response


def _keep_language(request: HttpRequest, response: HttpResponse, user: Any, *, signup: bool) -> None:
    """The interface language survives signing in and is remembered for the member (emails use it): the language
    this browser chose is kept and saved; a browser that chose none gets the member's own."""
    from django.conf import settings

    from . import services

    codes = {code for code, _label in settings.LANGUAGES}
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in codes or signup:
        current = chosen if chosen in codes else (translation.get_language() or "fr").split("-")[0]
        services.member_set_language(member=user, language=current)
    elif user.preferred_language in codes:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, user.preferred_language, max_age=settings.LANGUAGE_COOKIE_AGE,
            path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
            secure=settings.LANGUAGE_COOKIE_SECURE, httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
            samesite=settings.LANGUAGE_COOKIE_SAMESITE,  # type: ignore[arg-type]  # "Lax" in settings
        )
