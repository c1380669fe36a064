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


_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
_ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
           'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
           'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"')


def _zip(entries: dict[str, str | bytes], *, stored_first: bool = False) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries.items()):
            archive.writestr(name, data, zipfile.ZIP_STORED if stored_first and index == 0 else zipfile.ZIP_DEFLATED)
    return output.getvalue()


def _ooxml_types() -> str:
    return ('<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')


def docx_with_text(*paragraphs: str, xml: str | None = None) -> bytes:
    """A Word document whose paragraphs hold `paragraphs` (each split into two runs, with a tab in the middle)."""
    body = "".join(
        f'<w:p><w:r><w:t>{p[:len(p) // 2]}</w:t></w:r><w:r><w:t>{p[len(p) // 2:]}</w:t></w:r></w:p>'
        for p in paragraphs)
    document = xml or f'<?xml version="1.0"?><w:document xmlns:w="{_W_NS}"><w:body>{body}</w:body></w:document>'
    return _zip({"[Content_Types].xml": _ooxml_types(), "word/document.xml": document})


def pptx_with_text(*slides: str) -> bytes:
    """A presentation of one slide per text (numbered past 9, to check their order)."""
    entries: dict[str, str | bytes] = {"[Content_Types].xml": _ooxml_types()}
    for number, text in enumerate(slides, start=1):
        entries[f"ppt/slides/slide{number * 5}.xml"] = (
            f'<?xml version="1.0"?><p:sld xmlns:p="p" xmlns:a="{_A_NS}">'
            f"<a:p><a:r><a:t>{text}</a:t></a:r></a:p></p:sld>")
    return _zip(entries)


def opendocument_with_text(kind: str, *paragraphs: str, heading: str = "") -> bytes:
    """A Writer ("text") or Impress ("presentation") file whose content holds a heading and `paragraphs`."""
    title = f"<text:h>{heading}</text:h>" if heading else ""
    body = "".join(f"<text:p>{p.replace(' ', '<text:s/>', 1)}</text:p>" for p in paragraphs)
    content = (f'<?xml version="1.0"?><office:document-content {_ODF_NS}><office:body>{title}{body}'
               "</office:body></office:document-content>")
    return _zip({"mimetype": f"application/vnd.oasis.opendocument.{kind}", "content.xml": content,
                 "META-INF/manifest.xml": "<manifest/>"}, stored_first=True)


def xlsx_bytes() -> bytes:
    return _zip({"[Content_Types].xml": _ooxml_types(), "xl/workbook.xml": "<workbook/>"})


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
