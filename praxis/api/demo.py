"""A demo access token for the demo institution's admin (its secret is random and never shown: the demo lists it),
and an application Dr Martin authorised through OAuth2 (his API access page lists it, and he can withdraw it)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.utils import timezone
from oauth2_provider.models import get_access_token_model, get_application_model, get_refresh_token_model

from praxis.accounts.models import User
from praxis.core.actor import Actor

from . import services
from .models import AccessToken

DEMO_APPLICATION = "Agenda du cabinet (démo)"


def seed() -> str:
    admin = User.objects.filter(email="admin@praxis.local").first()
    martin = User.objects.filter(email="dr.martin@praxis.local").first()
    if admin is None or martin is None:
        return "skipped (no demo members)"
    made = []
    if not AccessToken.objects.filter(user=admin, name="Intranet RH (démo)").exists():
        services.token_create(actor=Actor(admin), name="Intranet RH (démo)", scopes=["read", "events:write"],
                              expires_in_days=365)
        made.append("1 access token")
    if not get_application_model().objects.filter(name=DEMO_APPLICATION).exists():
        application = get_application_model().objects.create(
            name=DEMO_APPLICATION, user=admin, client_type="public", authorization_grant_type="authorization-code",
            redirect_uris="https://agenda.example.org/praxis/retour")
        token = get_access_token_model().objects.create(
            user=martin, application=application, token=secrets.token_urlsafe(32), scope="events:read",
            expires=timezone.now() + timedelta(hours=10))
        get_refresh_token_model().objects.create(user=martin, application=application,
                                                 token=secrets.token_urlsafe(32), access_token=token)
        made.append("1 application authorised by Dr Martin")
    return f"{', '.join(made)} created" if made else "nothing new"
