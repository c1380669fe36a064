"""The text of shared documents, for search: extracted from PDFs with pypdf in a background job.

Only PDFs are read (office files are offered as downloads and never opened on the platform's machines). A PDF without
a text layer (scanned pages) or one pypdf cannot read is still found by its title and summary; its status says why,
in the admin. The extraction is bounded (pages, characters) so that a huge document costs what a large one does.
"""

from __future__ import annotations

import logging
import warnings
from typing import Any

from .models import DocumentText

log = logging.getLogger(__name__)

MAX_PAGES = 300
MAX_CHARS = 200_000


def extract_pdf_text(file: Any) -> tuple[str, str]:
    """(text, status) of a PDF file object: the text of its first pages, whitespace collapsed."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    parts: list[str] = []
    size = 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(file)
            if reader.is_encrypted:
                return "", DocumentText.FAILED
            for page in reader.pages[:MAX_PAGES]:
                text = " ".join((page.extract_text() or "").split())
                if text:
                    parts.append(text)
                    size += len(text) + 1
                if size >= MAX_CHARS:
                    break
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError, OSError) as error:
        log.info("PDF text not extracted: %s", error)
        return "", DocumentText.FAILED
    text = "\n".join(parts)[:MAX_CHARS]
    return (text, DocumentText.EXTRACTED) if text.strip() else ("", DocumentText.NO_TEXT)


def extract_document_text(content_id: int, document_name: str) -> str:
    """Extract the text of a piece's document and store it (search re-indexes the piece once this commits).

    Idempotent: does nothing if the piece is gone or its document was replaced meanwhile (the new file has its own
    job). The PDF is read outside any transaction; only the final write locks the row."""
    from django.db import transaction

    from praxis.core import audit
    from praxis.core.audit import Action

    from .models import Content

    content = Content.objects.filter(pk=content_id, document=document_name).first()
    if content is None or not document_name:
        return "gone"
    text, status = "", str(DocumentText.NOT_PDF)
    if content.document_mime == "application/pdf":
        try:
            with content.document.open("rb") as handle:
                text, status = extract_pdf_text(handle)
        except OSError:
            log.warning("document of content %s missing from the storage", content_id)
            text, status = "", str(DocumentText.FAILED)
    with transaction.atomic():
        locked = Content.objects.select_for_update().filter(pk=content_id, document=document_name).first()
        if locked is None:
            return "gone"
        locked.document_text, locked.document_text_status = text, status
        locked.save(update_fields=["document_text", "document_text_status", "updated_at"])
        audit.log(None, Action.CONTENT_DOCUMENT_TEXT_EXTRACTED, locked, {"status": status, "characters": len(text)})
    return status


def extract_pending(limit: int = 50) -> int:
    """Extract the documents still waiting (shared before the extraction existed, or whose job was lost)."""
    from .models import Content

    pending = list(Content.objects.filter(document_text_status=DocumentText.PENDING).exclude(document="")
                   .values_list("pk", "document")[:limit])
    for pk, name in pending:
        extract_document_text(pk, name)
    return len(pending)
