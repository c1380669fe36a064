from django.contrib import admin

from .models import Attestation, Entry


@admin.register(Attestation)
class AttestationAdmin(admin.ModelAdmin[Attestation]):
    list_display = ["code", "kind", "recipient_name", "title", "issuer_name", "issued_on", "valid_until",
                    "revoked_at"]
    list_filter = ["kind", "issued_on"]
    search_fields = ["code", "recipient_name", "title", "source_key"]
    readonly_fields = ["code", "source_key", "pdf", "pdf_rendered_at", "created_at", "revoked_at", "revoked_reason"]
    raw_id_fields = ["recipient", "issuer_institution"]


@admin.register(Entry)
class EntryAdmin(admin.ModelAdmin[Entry]):
    list_display = ["member", "title", "date", "origin", "activity_type", "hours", "points", "rubric"]
    list_filter = ["origin", "activity_type", "rubric"]
    search_fields = ["title", "source_key", "member__email"]
    raw_id_fields = ["member", "attestation"]
