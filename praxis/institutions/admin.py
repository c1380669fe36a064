
from typing import Any

from django.contrib import admin

from .models import (
    ClaimRequest,
    DirectoryProfile,
    Follow,
    Institution,
    InstitutionMembership,
    Invitation,
    PostalCode,
    Service,
)


class MembershipInline(admin.TabularInline[InstitutionMembership, Any]):
    model = InstitutionMembership
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin[Institution]):
    list_display = ["name", "kind", "postal_code", "city", "country", "is_verified", "created_at"]
    list_filter = ["kind", "country", "is_verified", "services"]
    search_fields = ["name", "city", "postal_code"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["services"]
    raw_id_fields = ["created_by"]
    inlines = [MembershipInline]


@admin.register(Service)
class ServiceAdmin(admin.ModelAdmin[Service]):
    list_display = ["name", "name_nl", "name_en", "slug", "position", "is_active"]
    list_editable = ["name_nl", "name_en", "position", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "name_nl", "name_en"]
    fields = ["name", "name_nl", "name_en", "slug", "position", "is_active"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin[Invitation]):
    list_display = ["email", "institution", "role", "status", "expires_at"]
    list_filter = ["status", "role"]
    search_fields = ["email", "institution__name"]
    raw_id_fields = ["institution", "invited_by", "accepted_by"]


@admin.register(ClaimRequest)
class ClaimRequestAdmin(admin.ModelAdmin[ClaimRequest]):
    list_display = ["institution", "kind", "requester", "status", "created_at"]
    list_filter = ["kind", "status"]
    raw_id_fields = ["institution", "duplicate", "requester", "resolved_by"]


@admin.register(DirectoryProfile)
class DirectoryProfileAdmin(admin.ModelAdmin[DirectoryProfile]):
    list_display = ["user", "is_listed", "updated_at"]
    list_filter = ["is_listed"]
    search_fields = ["user__email", "user__last_name"]
    raw_id_fields = ["user"]
    filter_horizontal = ["themes"]


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin[Follow]):
    list_display = ["follower", "target_kind", "target_id", "created_at"]
    list_filter = ["target_kind"]
    raw_id_fields = ["follower"]


@admin.register(PostalCode)
class PostalCodeAdmin(admin.ModelAdmin[PostalCode]):
    list_display = ["postal_code", "name", "country", "latitude", "longitude", "is_city"]
    list_filter = ["country", "is_city"]
    search_fields = ["postal_code", "search_name"]
