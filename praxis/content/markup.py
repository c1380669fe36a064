"""Article text: Markdown-like source rendered to HTML, then sanitised with nh3 (never trust the renderer alone).

Raw HTML in the source is not interpreted (markdown-it's `html` option is off) and the output goes through an
allow-list: headings, paragraphs, lists, emphasis, quotes, code, tables, links (rel="noopener nofollow") and images
served by Praxis itself (MEDIA_URL) or by a host listed in `settings.CONTENT_IMAGE_HOSTS`.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import nh3
from django.conf import settings
from markdown_it import MarkdownIt

ALLOWED_TAGS = {
    "h2", "h3", "h4", "h5", "h6", "p", "br", "hr", "ul", "ol", "li", "strong", "em", "blockquote", "code", "pre",
    "a", "img", "table", "thead", "tbody", "tr", "th", "td", "del", "sup", "sub",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "ol": {"start"}, "th": {"align"},
                      "td": {"align"}}
URL_SCHEMES = {"http", "https", "mailto"}

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
_md.enable(["table", "strikethrough"])


def _image_hosts() -> set[str]:
    return {host.lower() for host in getattr(settings, "CONTENT_IMAGE_HOSTS", [])}


def image_allowed(src: str) -> bool:
    """Our own media, or an https image on a host the platform trusts."""
    parts = urlsplit(src.strip())
    if not parts.netloc:
        return not parts.scheme and parts.path.startswith(settings.MEDIA_URL) and ".." not in parts.path
    return parts.scheme == "https" and (parts.hostname or "") in _image_hosts()


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not image_allowed(value):
        return None
    return value


def sanitise_html(html: str) -> str:
    cleaned = nh3.clean(
        html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
        link_rel="noopener nofollow", attribute_filter=_attribute_filter,
        clean_content_tags={"script", "style", "iframe", "object", "embed", "template", "noscript"},
    )
    # An image whose source was refused is dropped rather than left as an empty frame.
    return re.sub(r"<img(?![^>]*\ssrc=)[^>]*>", "", cleaned)


def render_article(source: str) -> str:
    """Markdown-like text to safe HTML. Headings move one level down: the page title is the only h1."""
    tokens = _md.parse(source or "")
    for token in tokens:
        if token.type in {"heading_open", "heading_close"}:
            level = min(int(token.tag[1]) + 1, 6)
            token.tag = f"h{level}"
    return sanitise_html(_md.renderer.render(tokens, _md.options, {}))
