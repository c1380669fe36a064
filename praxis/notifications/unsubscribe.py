"""One-click unsubscribe links (RFC 8058): a signed token names the member and the kind; no login needed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.urls import reverse

from . import registry

UNSUBSCRIBE_SALT = "praxis.notifications.unsubscribe"


def unsubscribe_token(user: Any, kind: str) -> str:
    return signing.dumps({"u": user.pk, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(user: Any, kind: str) -> str:
    return settings.SITE_URL + reverse("notifications:unsubscribe", kwargs={"token": unsubscribe_token(user, kind)})


def unsubscribe_headers(user: Any, kind: str) -> dict[str, str]:
    """RFC 2369 / RFC 8058 headers: mail clients show an unsubscribe button that POSTs to the link."""
    return {
        "List-Unsubscribe": f"<{unsubscribe_url(user, kind)}>",
        "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
    }


def read_unsubscribe_token(token: str) -> tuple[Any, str]:
    """The (user, kind) a token stands for; raises `signing.BadSignature` when it was tampered with."""
    payload = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    if not isinstance(payload, dict) or not registry.is_kind(payload.get("k")):
        raise signing.BadSignature("unknown kind")
    user = get_user_model()._default_manager.filter(pk=payload.get("u")).first()
    if user is None:
        raise signing.BadSignature("unknown member")
    return user, payload["k"]
