"""A demo access token for the demo institution's admin (its secret is random and never shown: the demo lists it)."""

from __future__ import annotations

from praxis.accounts.models import User
from praxis.core.actor import Actor

from . import services
from .models import AccessToken


def seed() -> str:
    admin = User.objects.filter(email="admin@praxis.local").first()
    if admin is None:
        return "skipped (no demo members)"
    if AccessToken.objects.filter(user=admin, name="Intranet RH (démo)").exists():
        return "0 access tokens created"
    services.token_create(actor=Actor(admin), name="Intranet RH (démo)", scopes=["read", "events:write"],
                          expires_in_days=365)
    return "1 access token created"
