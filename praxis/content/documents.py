"""The text of shared documents, for search: extracted in a background job from PDFs (pypdf) and from the text and
presentation files of OOXML and OpenDocument (Word, Writer, PowerPoint, Impress).

Office files are zips of XML: their text is read from the document's own part (`word/document.xml`, the slides,
`content.xml`) with the standard library's zipfile and defusedxml (no DTD, no entity expansion, no external
entities), as a stream bounded in bytes read and characters kept, so that a crafted file (a zip bomb, a billion
laughs) costs no more than a large document. Legacy Word and PowerPoint files and spreadsheets are not read. A
document without text, or one that cannot be read, is still found by its title and summary; its status says why, in
the admin.
"""

from __future__ import annotations

import logging
import re
import warnings
import zipfile
from collections.abc import Iterator
from typing import IO, Any

from .models import DocumentText

log = logging.getLogger(__name__)

MAX_PAGES = 300
MAX_CHARS = 200_000
MAX_XML_BYTES = 50 * 1024 * 1024  # uncompressed XML read from an office file, all parts together
MAX_SLIDES = 500

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
ODT = "application/vnd.oasis.opendocument.text"
ODP = "application/vnd.oasis.opendocument.presentation"
OFFICE_TEXT_TYPES = {DOCX, PPTX, ODT, ODP}


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


class _TooLarge(Exception):
    """More uncompressed XML than an office document of any reasonable size holds."""


class _Bounded:
    """A read-only stream that stops the parse once `budget` bytes in all were read (shared by an office file's
    parts)."""

    def __init__(self, stream: IO[bytes], budget: list[int]) -> None:
        self.stream, self.budget = stream, budget

    def read(self, size: int = -1) -> bytes:
        data = self.stream.read(65536 if size is None or size < 0 else min(size, 65536))
        self.budget[0] -= len(data)
        if self.budget[0] < 0:
            raise _TooLarge
        return data


# Elements that stand for a space between words: tabs and line breaks (OOXML, OpenDocument), OpenDocument's spaces.
_SPACES = {"tab", "br", "cr", "s", "line-break"}


def _text_of(paragraph: Any, run: str | None) -> str:
    """A paragraph's words: OOXML keeps the text of its `run` elements only (other elements' text is markup or
    deleted text; whitespace between elements is layout), OpenDocument all its text and tails."""
    out: list[str] = []
    stack = [(paragraph, False)]
    while stack:  # depth-first, without recursion (a crafted file may nest deeply)
        node, tail = stack.pop()
        if tail:
            out.append(node.tail or "")
            continue
        if node is not paragraph and node.tag.rsplit("}", 1)[-1] in _SPACES:
            out.append(" ")
        if node.text and (run is None or node.tag == run):
            out.append(node.text)
        for child in reversed(list(node)):
            if run is None:
                stack.append((child, True))
            stack.append((child, False))
    return " ".join("".join(out).split())


def _paragraphs(stream: Any, tags: set[str], run: str | None) -> Iterator[str]:
    """The text of each paragraph (elements named in `tags`) of one XML part, in order: its `run` elements' text
    (OOXML: only the visible text runs, not deleted text or field codes), or all the text inside it (OpenDocument)."""
    from defusedxml.ElementTree import iterparse

    for _event, element in iterparse(stream, events=("end",), forbid_dtd=True):
        if element.tag not in tags:
            continue
        text = _text_of(element, run)
        element.clear()  # a paragraph inside a text box or frame is not read again with its outer paragraph
        if text:
            yield text


def _slide_number(name: str) -> int:
    found = re.search(r"(\d+)\.xml$", name)
    return int(found.group(1)) if found else 0


def extract_office_text(file: Any, mime: str) -> tuple[str, str]:
    """(text, status) of a DOCX, PPTX, ODT or ODP file object: its paragraphs, whitespace collapsed."""
    from defusedxml import DefusedXmlException

    budget = [MAX_XML_BYTES]
    parts: list[str] = []
    size = 0
    try:
        with zipfile.ZipFile(file) as archive:
            sources: list[tuple[str, set[str], str | None]]
            if mime == DOCX:
                sources = [("word/document.xml", {_W + "p"}, _W + "t")]
            elif mime == PPTX:
                slides = sorted((n for n in archive.namelist() if re.fullmatch(r"ppt/slides/slide\d+\.xml", n)),
                                key=_slide_number)
                sources = [(name, {_A + "p"}, _A + "t") for name in slides[:MAX_SLIDES]]
            else:  # ODT, ODP: paragraphs and headings of content.xml
                sources = [("content.xml", {_TEXT + "p", _TEXT + "h"}, None)]
            for name, tags, run in sources:
                with archive.open(name) as part:
                    for text in _paragraphs(_Bounded(part, budget), tags, run):
                        parts.append(text)
                        size += len(text) + 1
                        if size >= MAX_CHARS:
                            break
                if size >= MAX_CHARS:
                    break
    except _TooLarge:
        log.info("office document text not extracted: over %s bytes of XML", MAX_XML_BYTES)
        return "", DocumentText.FAILED
    except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, ValueError, OSError, EOFError, SyntaxError,
            DefusedXmlException) as error:  # ElementTree's ParseError is a SyntaxError
        log.info("office document text not extracted: %s", error)
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
    if content.document_mime == "application/pdf" or content.document_mime in OFFICE_TEXT_TYPES:
        try:
            with content.document.open("rb") as handle:
                if content.document_mime == "application/pdf":
                    text, status = extract_pdf_text(handle)
                else:
                    text, status = extract_office_text(handle, content.document_mime)
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
