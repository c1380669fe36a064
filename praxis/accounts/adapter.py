from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.ratelimit import respond_429
from django import forms
from django.contrib.auth.hashers import make_password
from django.http import HttpRequest, HttpResponse
from django.utils import translation

from praxis.core.http import PraxisRequest


class AccountAdapter(DefaultAccountAdapter):
    """allauth hooks: emails in the member's language; too many failed logins answer HTTP 429."""

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
        # allauth reports the failed-login limit as a form error (HTTP 200); the limit must read as HTTP 429.
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError as error:
            raise ImmediateHttpResponse(respond_429(request)) from error
