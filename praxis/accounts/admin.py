from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import ProofDocument, User


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


@admin.register(ProofDocument)
class ProofDocumentAdmin(admin.ModelAdmin[ProofDocument]):
    list_display = ["user", "content_type", "uploaded_at"]
    list_select_related = ["user"]
    readonly_fields = ["user", "file", "content_type", "content_hash", "original_name", "uploaded_at"]
