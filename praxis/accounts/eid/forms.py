"""The sign-up form after a first e-ID sign-in: allauth's, with our professional fields, pre-filled from the claims."""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.forms import SignupForm
from django.http import HttpRequest


class EidSignupForm(SignupForm):
    def save(self, request: HttpRequest) -> Any:
        from .. import services
        from .adapter import identity_of

        user = super().save(request)
        identity = identity_of(self.sociallogin)
        if identity is not None:
            services.identity_linked(member=user, identity=identity)
        return user
