"""Stored files that are not public reach a browser only through a view that applied the rules, in every mode.

The view loads the row, checks the actor's right to it (404 otherwise), then calls `serve_file`. How the bytes leave
is a deployment choice (setting `PROTECTED_MEDIA_SERVING`):

- `django`: Django streams the file (development, tests, small installations);
- `x-accel`: nginx sends it (`X-Accel-Redirect` to the `internal` location `PROTECTED_MEDIA_INTERNAL_URL`, an alias
  of `MEDIA_ROOT`): the worker is free at once, ranges and conditional requests are nginx's;
- `x-sendfile`: the same with Apache's mod_xsendfile or lighttpd (`X-Sendfile` with the file's path);
- `redirect`: a short-lived signed URL of the object storage (`PROTECTED_MEDIA_URL_SECONDS`), for S3.

Nothing serves `MEDIA_URL` itself: only what `PUBLIC_MEDIA_PREFIXES` lists (institution logos) may be published by the
web server or a CDN, and `core:public_media` serves exactly that in development.
"""

from __future__ import annotations

import hashlib
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import Storage, default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.http.response import HttpResponseBase, HttpResponseRedirect
from django.utils.http import content_disposition_header

MODES = {"django", "x-accel", "x-sendfile", "redirect"}


def _etag(name: str) -> str:
    # Stored names are never reused for other bytes (generated names, content-addressed renditions).
    return '"' + hashlib.sha256(name.encode()).hexdigest()[:32] + '"'


def serve_file(
    request: HttpRequest, name: str | None, *, content_type: str, storage: Storage | None = None,
    filename: str | None = None, as_attachment: bool = False, inline_body: bool = False,
    cache_control: str = "private, no-cache",
) -> HttpResponseBase:
    """Send the stored file `name`, which the caller has already allowed this actor to read.

    `inline_body`: always send the bytes from here (small files whose URL must stay ours, such as HLS playlists that
    other files are resolved against). The default `Cache-Control` makes browsers ask again each time (the rules are
    checked again; an unchanged file answers 304)."""
    if not name:
        raise Http404
    storage = storage or default_storage
    mode = getattr(settings, "PROTECTED_MEDIA_SERVING", "django")
    disposition = content_disposition_header(as_attachment, filename or "") if (filename or as_attachment) else None
    etag = _etag(name)
    response: HttpResponseBase
    if mode == "django" or inline_body:
        if request.headers.get("If-None-Match") == etag:
            response = HttpResponseNotModified()
        else:
            try:
                handle = storage.open(name, "rb")
            except FileNotFoundError:
                raise Http404 from None
            response = FileResponse(handle, content_type=content_type)
    elif mode == "x-accel":
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = settings.PROTECTED_MEDIA_INTERNAL_URL.rstrip("/") + "/" + quote(name)
    elif mode == "x-sendfile":
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = storage.path(name)
    elif mode == "redirect":
        parameters = {"ResponseContentType": content_type, "ResponseCacheControl": "private, no-store"}
        if disposition:
            parameters["ResponseContentDisposition"] = disposition
        url = storage.url(name, parameters=parameters, expire=settings.PROTECTED_MEDIA_URL_SECONDS)  # type: ignore[call-arg]
        response = HttpResponseRedirect(url)
    else:
        raise ValueError(f"PROTECTED_MEDIA_SERVING must be one of {sorted(MODES)}, not {mode!r}")
    if disposition and not isinstance(response, HttpResponseRedirect | HttpResponseNotModified):
        response["Content-Disposition"] = disposition
    response["ETag"] = etag
    response["Cache-Control"] = cache_control
    return response


def is_public_media(name: str) -> bool:
    return any(name.startswith(prefix) for prefix in settings.PUBLIC_MEDIA_PREFIXES) and ".." not in name.split("/")
