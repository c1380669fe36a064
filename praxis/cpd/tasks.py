"""Background jobs of the cpd app. Tasks take ids and are idempotent."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.utils import timezone

from praxis.core.tasks import durable_task

from .models import Attestation
from .pdf import render_attestation_pdf_bytes


@durable_task(lease_seconds=300)
def render_attestation_pdf(attestation_id: int) -> None:
    """Render an attestation once; the file is the cache (the facts of an attestation never change)."""
    attestation = Attestation.objects.select_related("recipient").filter(pk=attestation_id).first()
    if attestation is None or attestation.pdf:
        return
    data = render_attestation_pdf_bytes(attestation)
    attestation.pdf.save("attestation.pdf", ContentFile(data), save=False)
    published = Attestation.objects.filter(pk=attestation.pk, pdf="").update(
        pdf=attestation.pdf.name, pdf_rendered_at=timezone.now())
    if not published:  # another run won the race: keep its file, drop ours
        attestation.pdf.storage.delete(attestation.pdf.name)
