from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.ratelimit import respond_429
from django import forms
from django.utils import translation

from praxis.core.http import PraxisRequest


class AccountAdapter(DefaultAccountAdapter):
    """allauth hooks: emails in the member's language; too many failed logins answer HTTP 429."""

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        user = context.get("user")
        language = getattr(user, "preferred_language", None) or translation.get_language() or "fr"
        with translation.override(language):
            super().send_mail(template_prefix, email, context)

    def pre_authenticate(self, request: PraxisRequest, **credentials: Any) -> None:
        # allauth reports the failed-login limit as a form error (HTTP 200); the limit must read as HTTP 429.
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError as error:
            raise ImmediateHttpResponse(respond_429(request)) from error
