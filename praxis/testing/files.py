"""Real files for upload tests (made by the same libraries a member's software would use), and the polyglots that an
attacker would send instead: a web page hidden in an image, a PDF, an office document or captions."""

from __future__ import annotations

import io
import zipfile
from functools import cache

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


@cache
def pdf_bytes(pages: int = 1) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def image_bytes(image_format: str = "PNG", size: tuple[int, int] = (16, 16), *, gps: bool = False) -> bytes:
    from PIL import Image

    image = Image.new("RGB", size, (200, 30, 30))
    output = io.BytesIO()
    options = {}
    if gps:  # a phone's photo: camera model and where it was taken
        exif = Image.Exif()
        exif[0x0110] = "Pixel-Test-Model-9000"  # Model
        exif[0x8825] = {1: "N", 2: (50.0, 38.0, 0.0), 3: "E", 4: (5.0, 34.0, 0.0)}  # GPSInfo (Liège)
        options["exif"] = exif
    image.save(output, format=image_format, **options)
    return output.getvalue()


def png_bytes() -> bytes:
    return image_bytes("PNG")


def png_html_polyglot() -> bytes:
    """A valid PNG with a web page in a text chunk and another after its end."""
    from PIL import Image, PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", HTML.decode())
    output = io.BytesIO()
    Image.new("RGB", (16, 16), (0, 120, 200)).save(output, format="PNG", pnginfo=info)
    return output.getvalue() + HTML


def pdf_html_polyglot() -> bytes:
    """A PDF that parses (offsets intact) with a web page in a comment after its header."""
    return pdf_bytes() + b"%" + HTML + b"\n"


def pdf_with_page_after_end() -> bytes:
    return pdf_bytes() + HTML


def docx_bytes(*, comment: bytes = b"", appended: bytes = b"") -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types '
                         'xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
        archive.writestr("word/document.xml", "<w:document/>")
        archive.comment = comment
    return output.getvalue() + appended


def bomb_png(side: int = 20_000) -> bytes:
    """A small file that decodes to side × side pixels (a decompression bomb)."""
    from PIL import Image

    output = io.BytesIO()
    Image.new("1", (side, side)).save(output, format="PNG", optimize=True)
    return output.getvalue()


def webvtt_with_markup() -> bytes:
    return (b"WEBVTT\n\nSTYLE\n::cue { background: url(https://evil.example/x) }\n\nNOTE " + HTML + b"\n\n"
            b"1\n00:00.000 --> 00:02.000 align:start\n<v Dr Martin><b>D\xc3\xa9sinfectez</b> la peau "
            b"<script>alert(1)</script><img src=x onerror=alert(2)>\n\n"
            b"00:02.000 --> 00:04.000\n<c.red>Piquez</c> &amp; injectez\n")


def pdf_with_text(text: str) -> bytes:
    """A one-page PDF whose page shows `text` (Helvetica, WinAnsi): what a word processor's export holds."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    font = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica"), NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    })
    page[NameObject("/Resources")] = DictionaryObject({
        NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})})
    escaped = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = DecodedStreamObject()
    stream.set_data(f"BT /F1 12 Tf 72 720 Td ({escaped}) Tj ET".encode("cp1252"))
    page[NameObject("/Contents")] = writer._add_object(stream)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()
