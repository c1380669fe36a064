from django.contrib import admin

from .models import Institution, InstitutionMembership


class MembershipInline(admin.TabularInline):
    model = InstitutionMembership
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Institution)
class InstitutionAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "city", "country", "is_verified"]
    list_filter = ["kind", "country", "is_verified"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MembershipInline]
