from django.contrib import admin

from .models import AccessToken, InstitutionClient


@admin.register(AccessToken)
class AccessTokenAdmin(admin.ModelAdmin[AccessToken]):
    """Read-only: members create and revoke their own tokens; the secret is never stored."""

    list_display = ("name", "user", "hint", "created_at", "last_used_at", "expires_at", "revoked_at")
    readonly_fields = ("user", "name", "scopes", "hint", "created_at", "last_used_at", "expires_at", "revoked_at")
    exclude = ("token_hash",)

    def has_add_permission(self, request: object) -> bool:
        return False


@admin.register(InstitutionClient)
class InstitutionClientAdmin(admin.ModelAdmin[InstitutionClient]):
    list_display = ("application", "institution", "created_at")
    raw_id_fields = ("application", "institution")
