"""The personal data the API holds: a member's access tokens (their names, scopes and when they were used). The secret
itself is never kept, only its hash. Tokens are deleted with the account."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from praxis.accounts.models import User
from praxis.core.personal_data import Holding, OnErasure

from .models import AccessToken

PERSONAL_DATA = [
    Holding("api.AccessToken", ("user", "name", "scopes", "created_at", "last_used_at", "expires_at", "revoked_at"),
            purpose=_("your personal access tokens to the API (their secret is never kept)"),
            on_erasure=OnErasure.DELETED),
]


def export_member(*, member: User) -> dict[str, Any]:
    return {"access_tokens": list(AccessToken.objects.filter(user=member).order_by("created_at").values(
        "name", "hint", "scopes", "created_at", "expires_at", "last_used_at", "revoked_at"))}


def erase_member(*, member: User, former_member: User) -> None:
    """The tokens are deleted: none opens the API any more."""
    AccessToken.objects.filter(user=member).delete()
