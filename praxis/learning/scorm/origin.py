"""The separate origin that serves SCORM packages (their JavaScript is third-party code).

`SCORM_CONTENT_ORIGIN` names it (default under `make run`: http://localhost:<port>, while the platform is
http://127.0.0.1:<port>: two hosts, so two cookie jars and two sites, served by the same process). Cookies do not
depend on the port, which is why the default uses another host name rather than another port. In production it is a
host of its own, ideally on another registrable domain (e.g. praxis-content.example vs praxis.example), so that the
platform's SameSite cookies are never sent with a package's requests either.

Requests for that host never reach the platform's middleware stack: `ContentOriginMiddleware` answers them itself
with the player page or a package file (no session, no user, no cookie set), and 404 for anything else. A package
file is addressed by a signed, expiring token naming the package's storage prefix and the platform origin allowed
to frame it; the platform's own host answers 404 to those paths.
"""

from __future__ import annotations

import json
import posixpath
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.templatetags.static import static
from django.utils.crypto import get_random_string
from django.utils.html import escape

from .package import SCORM_12
from .storage import content_type

PREFIX = "/scorm-content/"
TOKEN_SALT = "praxis.learning.scorm.content"
TOKEN_MAX_AGE = 12 * 3600


def content_origin() -> str:
    origin = getattr(settings, "SCORM_CONTENT_ORIGIN", "")
    if not origin:
        raise ImproperlyConfigured("SCORM_CONTENT_ORIGIN must name the origin that serves SCORM packages.")
    return origin.rstrip("/")


def content_host() -> str:
    return urlsplit(content_origin()).netloc.lower()


def is_content_host(request: HttpRequest) -> bool:
    try:
        return request.get_host().lower() == content_host()
    except ImproperlyConfigured:
        return False


def make_token(*, content_prefix: str, platform_origin: str, version: str) -> str:
    return signing.dumps({"k": content_prefix, "o": platform_origin, "v": version}, salt=TOKEN_SALT, compress=True)


def read_token(token: str) -> dict[str, str]:
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE)
    except signing.BadSignature:
        raise Http404 from None
    return data


def player_url(token: str) -> str:
    return f"{content_origin()}{PREFIX}{token}/player/"


class ContentOriginMiddleware:
    """Answers every request for the SCORM content host (first in MIDDLEWARE), and hides its paths elsewhere."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        content = is_content_host(request)
        if content and request.path.startswith(settings.STATIC_URL):
            return self.get_response(request)  # the runtime's script (served by whitenoise or runserver)
        if not content:
            if request.path.startswith(PREFIX):
                return HttpResponse(status=404)
            return self.get_response(request)
        if request.method not in ("GET", "HEAD") or not request.path.startswith(PREFIX):
            return HttpResponse(status=404 if request.method in ("GET", "HEAD") else 405)
        token, _, rest = request.path[len(PREFIX):].partition("/")
        try:
            data = read_token(token)
            if rest == "player/":
                return player(request, data)
            if rest.startswith("f/"):
                return package_file(request, data, rest[2:])
        except Http404:
            pass
        return HttpResponse(status=404)


def _security_headers(response: HttpResponseBase, *, csp: str) -> HttpResponseBase:
    response["Content-Security-Policy"] = csp
    response["X-Content-Type-Options"] = "nosniff"
    response["Referrer-Policy"] = "no-referrer"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def player(request: HttpRequest, data: dict[str, str]) -> HttpResponseBase:
    """The frame that holds the SCORM runtime on the content origin; the SCO runs in a frame inside it."""
    nonce = get_random_string(22)
    version = data.get("v", SCORM_12)
    runtime = static("vendor/scorm-again/scorm12.min.js" if version == SCORM_12
                     else "vendor/scorm-again/scorm2004.min.js")
    config = json.dumps({"parentOrigin": data["o"], "version": version}).replace("<", "\\u003c")
    html = f"""<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>SCORM</title>
<style nonce="{nonce}">html,body{{margin:0;height:100%}}iframe{{border:0;width:100%;height:100%;display:block}}</style>
<script type="application/json" id="scorm-config">{config}</script>
<script src="{escape(runtime)}" nonce="{nonce}"></script>
<script src="{escape(static('learning/scorm/player.js'))}" nonce="{nonce}"></script>
</head><body><iframe id="sco" title="SCORM"></iframe></body></html>"""
    response = HttpResponse(html, content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    return _security_headers(response, csp=(
        f"default-src 'none'; script-src 'self' 'nonce-{nonce}'; style-src 'nonce-{nonce}'; frame-src 'self'; "
        f"frame-ancestors {data['o']}; base-uri 'none'; form-action 'none'"))


def package_file(request: HttpRequest, data: dict[str, str], path: str) -> HttpResponseBase:
    """A file of the package, straight from storage. Its scripts may do anything within the content origin."""
    clean = posixpath.normpath(path)
    if not path or clean.startswith("../") or clean == ".." or clean.startswith("/") or "\x00" in path:
        raise Http404
    key = data["k"] + clean
    if not default_storage.exists(key):
        raise Http404
    try:
        handle = default_storage.open(key, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(handle, content_type=content_type(clean))
    response["Cache-Control"] = "private, max-age=3600"
    # Framed by the player (same origin) inside the lesson page (frame-ancestors checks every ancestor).
    return _security_headers(response, csp=f"frame-ancestors 'self' {data['o']}")
