"""Reads of the cpd app."""

from __future__ import annotations

from django.db.models import QuerySet

from praxis.core.actor import Actor

from . import rules
from .models import Attestation, Entry


def attestation_by_code(code: str) -> Attestation | None:
    """The public verification reads any code (the code is the secret); codes are typed in any case."""
    code = "".join(code.split()).upper().replace("-", "")
    return Attestation.objects.select_related("issuer_institution").filter(code=code).first()


def record_entries(actor: Actor) -> QuerySet[Entry]:
    return rules.entries_visible_to(actor).select_related("attestation").order_by("-date", "-pk")
