from typing import Any

from django.contrib import admin

from .models import Community, CommunityInvitation, CommunityMembership, JoinRequest


class MembershipInline(admin.TabularInline[CommunityMembership, Any]):
    model = CommunityMembership
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin[Community]):
    list_display = ["name", "scope", "join_policy", "visibility", "peer_group_number"]
    list_filter = ["scope", "join_policy", "visibility"]
    search_fields = ["name", "function"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["created_by", "places"]
    filter_horizontal = ["themes"]
    inlines = [MembershipInline]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin[JoinRequest]):
    list_display = ["community", "user", "status", "created_at"]
    list_filter = ["status"]
    raw_id_fields = ["community", "user", "decided_by"]


@admin.register(CommunityInvitation)
class CommunityInvitationAdmin(admin.ModelAdmin[CommunityInvitation]):
    list_display = ["community", "email", "status", "expires_at"]
    list_filter = ["status"]
    raw_id_fields = ["community", "invited_by", "accepted_by"]
