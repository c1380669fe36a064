"""Uploaded files must be what they say, and nothing else.

The first bytes (`filetype`) only say what a file claims to be: a PNG with a web page after its end, or a PDF with a
script in a comment, passes that test and is one wrong header away from running in a visitor's browser. So:

- **images are re-encoded** (Pillow): only the pixels survive — anything appended, text chunks, EXIF (GPS, camera),
  ICC profiles go; the orientation is applied first. Sizes are checked before decoding (decompression bombs);
- **PDFs must parse cleanly** (pypdf, strict): nothing before `%PDF-`, nothing but blank after the last `%%EOF`,
  no markup of a web page anywhere, at least one page, no password;
- **office documents must be well-formed containers**: OOXML and OpenDocument zips start at their first entry, end
  with their directory (no comment, nothing appended), pass their CRC checks and hold their format's manifest; legacy
  Word and PowerPoint files must open as OLE2 with their main stream (olefile);

Captions (WebVTT, SRT) are parsed into their cues' timing and plain text by `praxis.content.media.captions`.

Each check raises a ValidationError whose message tells the member what to do.
"""

from __future__ import annotations

import io
import re
import warnings
import zipfile
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

IMAGE_FORMATS = {"image/jpeg": ("JPEG", "jpg"), "image/png": ("PNG", "png"), "image/webp": ("WEBP", "webp")}
# Markup that makes a browser treat bytes as a page (a polyglot); never in a clean PDF's structure.
_WEB_MARKUP = re.compile(rb"<\s*(?:script|html|body|iframe|svg|object|embed|!doctype|meta|a\s+href)\b", re.I)
_OOXML = {"docx", "pptx", "xlsx"}
_OPENDOCUMENT = {"odt": "text", "odp": "presentation", "ods": "spreadsheet"}
_OLE_STREAMS = {"doc": "WordDocument", "ppt": "PowerPoint Document"}


def _read(upload: Any) -> bytes:
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    return data


def max_image_pixels() -> int:
    return int(getattr(settings, "UPLOAD_IMAGE_MAX_PIXELS", 40_000_000))


def clean_image(upload: Any, mime: str) -> tuple[ContentFile[bytes], str]:
    """The image re-encoded in its own format, without metadata: (file, extension)."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    image_format, extension = IMAGE_FORMATS[mime]
    damaged = ValidationError(_("This image is damaged or is not really an image; export it again."))
    too_large = ValidationError(_("This image is too large (%(max)s million pixels at most).")
                                % {"max": max_image_pixels() // 1_000_000})
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(_read(upload))) as probe:  # reads the header only
                width, height = probe.size
                if probe.format != image_format:
                    raise damaged
                if width * height > max_image_pixels():
                    raise too_large
                probe.load()
                image = ImageOps.exif_transpose(probe)
            if image_format == "JPEG" and image.mode not in {"RGB", "L"}:
                image = image.convert("RGB")
            elif image.mode not in {"RGB", "RGBA", "L", "LA", "P"}:
                image = image.convert("RGBA")
            output = io.BytesIO()
            options = {"quality": 90, "optimize": True} if image_format in {"JPEG", "WEBP"} else {"optimize": True}
            image.info = {}  # Pillow would write back a JPEG's comment (and a WebP's EXIF) from here
            image.save(output, format=image_format, **options)  # no exif, icc_profile nor text chunks: only pixels
    except ValidationError:
        raise
    except (Image.DecompressionBombWarning, Image.DecompressionBombError) as error:
        raise too_large from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise damaged from error
    return ContentFile(output.getvalue()), extension


def check_pdf(upload: Any) -> None:
    """Raise unless the file is a clean PDF (see the module's docstring)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    data = _read(upload)
    damaged = ValidationError(
        _("This PDF is damaged or holds something other than a document; export it again as PDF and resend it."))
    end = data.rfind(b"%%EOF")
    if not data.startswith(b"%PDF-") or end < 0 or data[end + 5:].strip() or _WEB_MARKUP.search(data):
        raise damaged
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(io.BytesIO(data), strict=True)
            if reader.is_encrypted:
                raise ValidationError(_("This PDF is protected by a password; send it without the protection."))
            if len(reader.pages) < 1:
                raise damaged
            for page in reader.pages:
                page.get("/Contents")
            if _pdf_has_active_content(reader):
                raise ValidationError(_("This PDF holds scripts, actions or attached files; print it to a new PDF "
                                        "(Print, then Save as PDF) and send that one."))
    except ValidationError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as error:
        raise damaged from error


# What makes a PDF more than a document: scripts, actions that open programs or addresses, forms that post,
# attached files, multimedia. A plain export of a letter or an attestation holds none of them.
_PDF_ACTIVE_KEYS = {"/JS", "/JavaScript", "/Launch", "/EmbeddedFile", "/EmbeddedFiles", "/XFA", "/RichMedia",
                    "/AA", "/OpenAction", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE"}
_PDF_MAX_OBJECTS = 50_000


def _pdf_has_active_content(reader: Any) -> bool:
    """Walk every object reachable from the document's catalog (object streams included, each once)."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

    pending: list[Any] = [reader.trailer["/Root"]]
    seen: set[tuple[int, int]] = set()
    visited = 0
    while pending:
        item = pending.pop()
        if isinstance(item, IndirectObject):
            if (item.idnum, item.generation) in seen:
                continue
            seen.add((item.idnum, item.generation))
            item = item.get_object()
        visited += 1
        if visited > _PDF_MAX_OBJECTS:
            return True
        if isinstance(item, DictionaryObject):
            if _PDF_ACTIVE_KEYS & set(item.keys()) or item.get("/S") in _PDF_ACTIVE_KEYS:
                return True
            pending.extend(value for key, value in item.items() if key != "/Parent")
        elif isinstance(item, ArrayObject):
            pending.extend(item)
        elif isinstance(item, NameObject) and item in {"/JavaScript", "/Launch"}:
            return True
    return False


def _office_damaged() -> ValidationError:
    return ValidationError(
        _("This document is damaged or holds something other than a document; save it again and resend it."))


def _check_ole(data: bytes, extension: str) -> None:
    import olefile

    try:
        if not olefile.isOleFile(data):
            raise _office_damaged()
        with olefile.OleFileIO(data) as ole:
            if not ole.exists(_OLE_STREAMS[extension]):
                raise _office_damaged()
    except ValidationError:
        raise
    except Exception as error:  # olefile raises many kinds of errors for broken files
        raise _office_damaged() from error


def _check_zip(data: bytes, extension: str) -> None:
    directory_end = data.rfind(b"PK\x05\x06")
    if not data.startswith(b"PK\x03\x04") or directory_end < 0 or len(data) != directory_end + 22:
        raise _office_damaged()  # something before the first entry, a comment or bytes after the directory
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            manifest_ok = (
                ("[Content_Types].xml" in names) if extension in _OOXML else
                names[:1] == ["mimetype"] and archive.read("mimetype").strip()
                == f"application/vnd.oasis.opendocument.{_OPENDOCUMENT[extension]}".encode()
            )
            if archive.testzip() is not None or not manifest_ok:
                raise _office_damaged()
    except ValidationError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, KeyError, ValueError, EOFError) as error:
        raise _office_damaged() from error


def check_office_document(upload: Any, extension: str) -> None:
    """Raise unless the file is a well-formed office document of its kind (see the module's docstring)."""
    data = _read(upload)
    if extension in _OLE_STREAMS:
        _check_ole(data, extension)
    elif extension in _OOXML or extension in _OPENDOCUMENT:
        _check_zip(data, extension)
    else:
        raise _office_damaged()


def clean_document(upload: Any, mime: str, extension: str) -> Any:
    """The file to store for an accepted type: images re-encoded, documents checked (and stored as sent)."""
    if mime in IMAGE_FORMATS:
        cleaned, _extension = clean_image(upload, mime)
        return cleaned
    if mime == "application/pdf":
        check_pdf(upload)
    else:
        check_office_document(upload, extension)
    return upload
