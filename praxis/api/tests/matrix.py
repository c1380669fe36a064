"""Permission-matrix rows for the API's pages (the access tokens); the API itself answers to tokens, not sessions,
and is tested per persona in test_read_api.py and test_write_api.py."""

from types import SimpleNamespace
from typing import Any

from praxis.api import services
from praxis.core.actor import Actor
from praxis.testing.matrix import LOGIN, Route, everyone, members_only


def setup(world: SimpleNamespace) -> None:
    world.gp_token = services.token_create(actor=Actor(world.personas.verified_gp), name="Matrix", scopes=["read"],
                                           expires_in_days=None).token


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
]
