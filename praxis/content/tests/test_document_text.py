"""The text of shared documents, extracted in the background for search; a document without readable text is still
found by its title and summary, and its status (shown in the admin) says why."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from praxis.content import documents, services
from praxis.content.models import Content, DocumentText
from praxis.core.actor import Actor
from praxis.core.models import AuditEntry
from praxis.testing.files import docx_bytes, pdf_bytes, pdf_with_text

from .pages_factories import form_data, make_content

pytestmark = pytest.mark.django_db


def _create(personas, name: str, data: bytes, capture) -> Content:
    with capture(execute=True):
        response = personas.client("verified_gp").post(
            reverse("content:create", kwargs={"kind": "document"}),
            form_data(body=None, document=SimpleUploadedFile(name, data)))
    assert response.status_code == 302
    return Content.objects.get(kind=Content.Kind.DOCUMENT)


def test_a_shared_pdf_has_its_text_extracted_in_the_background(personas, django_capture_on_commit_callbacks) -> None:
    content = _create(personas, "protocole.pdf", pdf_with_text("Ponction lombaire: position assise"),
                      django_capture_on_commit_callbacks)
    assert content.document_text_status == DocumentText.EXTRACTED
    assert content.document_text == "Ponction lombaire: position assise"
    entry = AuditEntry.objects.get(action="content.document.text_extracted")
    assert entry.data == {"status": "extracted", "characters": 34}


@pytest.mark.parametrize("name, data, status", [
    ("scan.pdf", pdf_bytes(), DocumentText.NO_TEXT),
    ("protocole.docx", docx_bytes(), DocumentText.NOT_PDF),
])
def test_a_document_without_readable_text_says_why(personas, django_capture_on_commit_callbacks, name, data,
                                                   status) -> None:
    content = _create(personas, name, data, django_capture_on_commit_callbacks)
    assert (content.document_text, content.document_text_status) == ("", status)


def test_an_unreadable_pdf_in_the_storage_is_marked_failed(personas) -> None:
    content = make_content(personas.verified_gp, kind=Content.Kind.DOCUMENT)
    content.document.save("broken.pdf", ContentFile(b"%PDF-1.4 broken"))
    assert documents.extract_document_text(content.pk, content.document.name or "") == DocumentText.FAILED


def test_a_job_for_a_replaced_document_does_nothing(personas) -> None:
    content = make_content(personas.verified_gp, kind=Content.Kind.DOCUMENT)
    assert documents.extract_document_text(content.pk, "documents/another-file.pdf") == "gone"
    assert Content.objects.get(pk=content.pk).document_text_status == ""


def test_a_new_version_keeps_the_text_until_its_own_file_is_read(personas, django_capture_on_commit_callbacks) -> None:
    content = _create(personas, "v1.pdf", pdf_with_text("Version un"), django_capture_on_commit_callbacks)
    Content.objects.filter(pk=content.pk).update(status=Content.Status.PUBLISHED)
    content.refresh_from_db()
    revision = services.content_revision_create(actor=Actor(personas.verified_gp), content=content, data={})
    assert (revision.document_text, revision.document_text_status) == ("Version un", DocumentText.EXTRACTED)
    with django_capture_on_commit_callbacks(execute=True):
        updated = services.content_update(actor=Actor(personas.verified_gp), content=revision, data={},
                                          document=SimpleUploadedFile("v2.pdf", pdf_with_text("Version deux")))
    updated.refresh_from_db()
    assert updated.document_text == "Version deux"
    assert Content.objects.get(pk=content.pk).document_text == "Version un"  # online until the review merges it


def test_the_hourly_sweep_extracts_documents_shared_before_the_extraction(personas) -> None:
    content = make_content(personas.verified_gp, kind=Content.Kind.DOCUMENT)
    Content.objects.filter(pk=content.pk).update(document_text_status=DocumentText.PENDING)
    assert documents.extract_pending() == 1
    assert Content.objects.get(pk=content.pk).document_text_status != DocumentText.PENDING
    assert documents.extract_pending() == 0
