"""The text of shared documents, extracted in the background for search; a document without readable text is still
found by its title and summary, and its status (shown in the admin) says why."""

from __future__ import annotations

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from praxis.content import documents, services
from praxis.content.models import Content, DocumentText
from praxis.core.actor import Actor
from praxis.core.models import AuditEntry
from praxis.testing.files import (
    docx_bytes,
    docx_with_text,
    opendocument_with_text,
    pdf_bytes,
    pdf_with_text,
    pptx_with_text,
    xlsx_bytes,
)

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


@pytest.mark.parametrize("name, data, text", [
    ("protocole.docx", docx_with_text("Ponction lombaire", "Position assise"), "Ponction lombaire\nPosition assise"),
    ("protocole.odt", opendocument_with_text("text", "Aiguille atraumatique 25G", heading="Ponction lombaire"),
     "Ponction lombaire\nAiguille atraumatique 25G"),
    ("cours.pptx", pptx_with_text("Indications", "Contre-indications"), "Indications\nContre-indications"),
    ("cours.odp", opendocument_with_text("presentation", "Céphalées post-ponction"), "Céphalées post-ponction"),
])
def test_the_text_of_office_documents_is_extracted_too(personas, django_capture_on_commit_callbacks, name, data,
                                                       text) -> None:
    content = _create(personas, name, data, django_capture_on_commit_callbacks)
    assert (content.document_text, content.document_text_status) == (text, DocumentText.EXTRACTED)


def test_runs_tabs_and_breaks_of_a_word_paragraph_make_words(personas) -> None:
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    xml = (f'<w:document xmlns:w="{ns}"><w:body><w:p><w:r><w:t>Pon</w:t></w:r><w:r><w:t>ction</w:t><w:tab/>'
           "<w:t>lombaire</w:t><w:br/><w:t>assise</w:t></w:r><w:r><w:delText>supprimé</w:delText></w:r>"
           "<w:r><w:instrText>PAGE</w:instrText></w:r></w:p></w:body></w:document>")
    assert documents.extract_office_text(io.BytesIO(docx_with_text(xml=xml)), documents.DOCX) == (
        "Ponction lombaire assise", DocumentText.EXTRACTED)


@pytest.mark.parametrize("xml", [
    # a billion laughs: entities are refused, nothing is expanded
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><d>&b;</d>',
    # an external entity (XXE)
    '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><d>&x;</d>',
    "<w:document><w:body>not closed",
])
def test_a_crafted_or_broken_office_document_is_marked_failed(xml) -> None:
    assert documents.extract_office_text(io.BytesIO(docx_with_text(xml=xml)), documents.DOCX) == (
        "", DocumentText.FAILED)


def test_an_office_document_inflating_past_the_limit_is_marked_failed(monkeypatch) -> None:
    monkeypatch.setattr(documents, "MAX_XML_BYTES", 10_000)
    data = docx_with_text(*["Paragraphe de remplissage"] * 2000)  # ~150 kB of XML, a few kB zipped
    assert len(data) < 10_000
    assert documents.extract_office_text(io.BytesIO(data), documents.DOCX) == ("", DocumentText.FAILED)


def test_a_zip_that_is_not_an_office_document_is_marked_failed() -> None:
    assert documents.extract_office_text(io.BytesIO(b"PK\x03\x04 broken"), documents.ODT) == ("", DocumentText.FAILED)
    assert documents.extract_office_text(io.BytesIO(docx_bytes()), documents.ODT)[1] == DocumentText.FAILED


@pytest.mark.parametrize("name, data, status", [
    ("scan.pdf", pdf_bytes(), DocumentText.NO_TEXT),
    ("vide.docx", docx_with_text(), DocumentText.NO_TEXT),
    ("tableau.xlsx", xlsx_bytes(), DocumentText.NOT_PDF),  # spreadsheets are not read
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
