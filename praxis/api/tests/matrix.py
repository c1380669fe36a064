"""Permission-matrix rows for the API's pages (the access tokens); the API itself answers to tokens, not sessions,
and is tested per persona in test_read_api.py and test_write_api.py."""

import secrets
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from django.utils import timezone

from praxis.api import services
from praxis.core.actor import Actor
from praxis.testing.matrix import LOGIN, Route, everyone, members_only


def setup(world: SimpleNamespace) -> None:
    world.gp_token = services.token_create(actor=Actor(world.personas.verified_gp), name="Matrix", scopes=["read"],
                                           expires_in_days=None).token
    world.gp_app = authorise_application(world.personas.verified_gp, world.personas.platform_admin).application
    world.system = services.institution_client_register(actor=Actor(world.personas.institution_admin),
                                                        institution=world.personas.institution, name="Intranet").client


def authorise_application(member: Any, owner: Any, name: str = "Intranet de la clinique") -> Any:
    """An OAuth2 application holding an access token (and its refresh token) for `member`, as after a consent."""
    from oauth2_provider.models import get_access_token_model, get_application_model, get_refresh_token_model

    application = get_application_model().objects.create(
        name=name, user=owner, client_type="public", authorization_grant_type="authorization-code",
        redirect_uris="https://intranet.example.org/praxis/callback")
    token = get_access_token_model().objects.create(
        user=member, application=application, token=secrets.token_urlsafe(32), scope="read events:read",
        expires=timezone.now() + timedelta(hours=1))
    get_refresh_token_model().objects.create(user=member, application=application, token=secrets.token_urlsafe(32),
                                             access_token=token)
    return token


def institution(w: SimpleNamespace) -> dict[str, Any]:
    return {"slug": w.personas.institution.slug}


def system(w: SimpleNamespace) -> dict[str, Any]:
    return {"slug": w.personas.institution.slug, "client_id": w.system.pk}


def gp_app(w: SimpleNamespace) -> dict[str, Any]:
    return {"application_id": w.gp_app.pk}


def gp_token(w: SimpleNamespace) -> dict[str, Any]:
    return {"token_id": w.gp_token.pk}


ROUTES = [
    Route("api:tokens", members_only()),
    Route("api:tokens", members_only(), htmx=True),
    # An empty form: 400 with its errors, nothing created.
    Route("api:tokens", members_only(400), method="post"),
    Route("api:tokens", members_only(400), method="post", htmx=True),
    Route("api:tokens", {"anonymous": LOGIN, "*": 200}, method="post",
          data={"name": "Intranet", "scopes": ["read"], "expires_in_days": "30"}),
    # Only the owner revokes; for everyone else the token does not exist.
    Route("api:token_revoke", {"anonymous": LOGIN, "verified_gp": 302, "*": 404}, method="post", kwargs=gp_token),
    Route("api:token_revoke", everyone(405), kwargs=gp_token),
    # Only the member withdraws an application's access to their account; for others it holds nothing of theirs.
    Route("api:application_revoke", {"anonymous": LOGIN, "verified_gp": 302, "*": 404}, method="post", kwargs=gp_app),
    Route("api:application_revoke", everyone(405), kwargs=gp_app),
    # An institution's systems: its admins only.
    Route("api:institution_clients", {"anonymous": LOGIN, "institution_admin": 200, "*": 403}, kwargs=institution),
    Route("api:institution_clients", {"anonymous": LOGIN, "institution_admin": 400, "*": 403}, method="post",
          kwargs=institution),
    Route("api:institution_clients", {"anonymous": LOGIN, "institution_admin": 200, "*": 403}, method="post",
          kwargs=institution, data={"name": "Planning des formations"}),
    Route("api:institution_client_remove", {"anonymous": LOGIN, "institution_admin": 302, "*": 404}, method="post",
          kwargs=system),
    Route("api:institution_client_remove", everyone(405), kwargs=system),
    # The OAuth2 consent page: signed-in members only; without an application's request it says the request is not
    # valid (the whole flow, with a real application, in test_oauth.py and test_e2e_oauth_consent.py).
    Route("api:oauth_authorize", members_only(400)),
    # An empty answer: the form shown again with its errors (django-oauth-toolkit's status), nothing authorised.
    Route("api:oauth_authorize", members_only(200), method="post"),
]
