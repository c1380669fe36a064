from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from praxis.core import audit
from praxis.core.audit import Action
from praxis.core.http import PraxisRequest

from .models import DataExport, ErasureRequest, ProofDocument, User


@admin.register(User)
class UserAdmin[User](BaseUserAdmin):
    ordering = ["-date_joined"]
    list_display = ["email", "first_name", "last_name", "profession", "country", "verification_status",
                    "is_reviewer", "is_moderator", "is_superuser"]
    list_filter = ["verification_status", "profession", "country", "is_reviewer", "is_moderator", "is_superuser"]
    search_fields = ["email", "first_name", "last_name", "registration_number"]
    readonly_fields = ["date_joined", "last_login", "registration_key", "registration_kind", "registration_warnings",
                       "individual_declared_at", "verified_at"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        (_("Identity"), {"fields": ["first_name", "last_name", "preferred_language", "languages"]}),
        (_("Profession"), {"fields": ["profession", "specialty", "country", "registration_number",
                                      "registration_kind", "registration_key", "registration_warnings",
                                      "postal_code", "city", "individual_declared_at"]}),
        (_("Verification"), {"fields": ["verification_status", "verification_note", "verified_at"]}),
        (_("Roles"), {"fields": ["is_active", "is_reviewer", "is_moderator", "is_staff", "is_superuser"]}),
        (_("Dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "first_name", "last_name",
                                                               "password1", "password2"]})]

    def save_model(self, request: PraxisRequest, obj: User, form: Any, change: bool) -> None:
        """A change made here writes the same kind of audit entry as the services: what changed, by whom."""
        super().save_model(request, obj, form, change)
        changed = [name for name in form.changed_data if name in AUDITED_FIELDS]
        if change and changed:
            audit.log(request.user, Action.ACCOUNTS_MEMBER_ADMIN_CHANGED, obj,
                      {"fields": {name: str(getattr(obj, name)) for name in changed}})


# Changes made in the admin that the audit log records (the services record theirs).
AUDITED_FIELDS = {"email", "registration_number", "verification_status", "verification_note", "is_active",
                  "is_reviewer", "is_moderator", "is_staff", "is_superuser"}


@admin.register(ProofDocument)
class ProofDocumentAdmin(admin.ModelAdmin[ProofDocument]):
    list_display = ["user", "content_type", "uploaded_at"]
    list_select_related = ["user"]
    readonly_fields = ["user", "file", "content_type", "content_hash", "original_name", "uploaded_at"]


@admin.register(DataExport)
class DataExportAdmin(admin.ModelAdmin[DataExport]):
    """Whether archives are built (not their content: the file is served to its member only)."""

    list_display = ["member", "status", "created_at", "ready_at", "expires_at", "size"]
    list_filter = ["status"]
    list_select_related = ["member"]
    readonly_fields = ["member", "token", "status", "size", "created_at", "ready_at", "expires_at"]
    exclude = ["file"]

    def has_add_permission(self, request: PraxisRequest) -> bool:
        return False


@admin.register(ErasureRequest)
class ErasureRequestAdmin(admin.ModelAdmin[ErasureRequest]):
    """How account erasures went (a failed one is also in the task list, with its "run again" action)."""

    list_display = ["pk", "member", "status", "requested_at", "finished_at"]
    list_filter = ["status"]
    list_select_related = ["member"]
    readonly_fields = ["member", "status", "language", "requested_at", "finished_at"]
    exclude = ["token"]

    def has_add_permission(self, request: PraxisRequest) -> bool:
        return False
