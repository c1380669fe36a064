
from typing import Any

from django.contrib import admin

from .models import Community, CommunityMembership


class MembershipInline(admin.TabularInline[CommunityMembership, Any]):
    model = CommunityMembership
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Community)
class CommunityAdmin(admin.ModelAdmin[Community]):
    list_display = ["name", "visibility"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
