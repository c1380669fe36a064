"""The personal data the API holds: a member's access tokens (their names, scopes and when they were used). The secret
itself is never kept, only its hash. Tokens are deleted with the account."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from oauth2_provider.models import get_access_token_model, get_grant_model, get_refresh_token_model

from praxis.accounts.models import User
from praxis.core.personal_data import Holding, OnErasure

from .models import AccessToken

# The OAuth2 grants and tokens a member gave applications are django-oauth-toolkit's rows (not a Praxis app's):
# exported and erased here with the member's own tokens.
PERSONAL_DATA = [
    Holding("api.AccessToken", ("user", "name", "scopes", "created_at", "last_used_at", "expires_at", "revoked_at"),
            purpose=_("your personal access tokens to the API (their secret is never kept)"),
            on_erasure=OnErasure.DELETED),
]


def export_member(*, member: User) -> dict[str, Any]:
    return {
        "access_tokens": list(AccessToken.objects.filter(user=member).order_by("created_at").values(
            "name", "hint", "scopes", "created_at", "expires_at", "last_used_at", "revoked_at")),
        "authorized_applications": list(get_access_token_model().objects.filter(user=member).order_by("created")
                                        .values("application__name", "scope", "created", "expires")),
    }


def erase_member(*, member: User, former_member: User) -> None:
    """The tokens are deleted, and so are the OAuth2 grants and tokens given to applications: none opens the API."""
    AccessToken.objects.filter(user=member).delete()
    for model in (get_access_token_model(), get_refresh_token_model(), get_grant_model()):
        model.objects.filter(user=member).delete()
