"""OAuth2 for applications, by django-oauth-toolkit (never hand-written): authorization code with PKCE for an app
acting for a member (`/o/authorize/`, `/o/token/`), client credentials for an institution's own system bound to that
institution (`InstitutionClient`). The scopes are the personal tokens' (`scopes.SCOPES`)."""

from __future__ import annotations

from typing import Any

from oauth2_provider.scopes import BaseScopes

from .scopes import SCOPES


class Scopes(BaseScopes):
    """django-oauth-toolkit's scopes backend over Praxis's scopes (labels in the member's language)."""

    def get_all_scopes(self) -> dict[str, str]:
        return {scope: str(label) for scope, label in SCOPES.items()}

    def get_available_scopes(self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
                             ) -> list[str]:
        return list(SCOPES)

    def get_default_scopes(self, application: Any = None, request: Any = None, *args: Any, **kwargs: Any
                           ) -> list[str]:
        return ["read"]
