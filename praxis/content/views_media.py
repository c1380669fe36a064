"""Views of the media pipeline: upload page, tus endpoints, captions, processing status, playback position."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest
from praxis.core.serving import serve_file

from . import media, rules, selectors, services, tus
from .media.captions import stored_cues, write_webvtt
from .models import CAPTION_LANGUAGES, Content
from .templatetags.content_media import status_context


def _capsule(request: PraxisRequest, content_id: int) -> Content:
    return selectors.visible_content_or_404(request.actor, content_id, kind=Content.Kind.CAPSULE)


def _editable_capsule(request: PraxisRequest, content_id: int) -> Content:
    content = _capsule(request, content_id)
    rules.check_edit_content(request.actor, content)
    return content


class CaptionsForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Captions file (WebVTT .vtt or SRT .srt)"),
                           widget=forms.FileInput(attrs={"accept": ".vtt,.srt,text/vtt,application/x-subrip"}))
    language = forms.ChoiceField(label=gettext_lazy("Language of the captions"), choices=CAPTION_LANGUAGES)


def _upload_context(
    request: PraxisRequest, content: Content, captions_form: CaptionsForm | None = None
) -> dict[str, Any]:
    asset = selectors.video_of(content)
    return {
        "content": content,
        "asset": asset,
        "tracks": list(selectors.caption_tracks_of(content)),
        "captions_form": captions_form or CaptionsForm(initial={"language": content.language}),
        "tus_endpoint": reverse("content:capsule_tus", kwargs={"content_id": content.pk}),
        "max_bytes": tus.max_upload_bytes(),
        "accept": "video/mp4,video/quicktime,video/webm,video/x-matroska,video/3gpp,.mp4,.mov,.webm,.mkv,.3gp,.m4v",
    }


@login_required
@require_GET
def capsule_upload(request: PraxisRequest, content_id: int) -> HttpResponse:
    content = _editable_capsule(request, content_id)
    return render_page(request, "content/capsule_upload.html", _upload_context(request, content))


@login_required
@require_POST
def capsule_captions(request: PraxisRequest, content_id: int) -> HttpResponse:
    content = _editable_capsule(request, content_id)
    form = CaptionsForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > media.VTT_MAX_BYTES:
                raise ValidationError(_("This captions file is too large (512 KB at most)."))
            services.caption_track_save(actor=request.actor, content=content, data=upload.read(),
                                        language=form.cleaned_data["language"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("The captions were saved."))
            return redirect("content:capsule_upload", content_id=content.pk)
    return render_page(request, "content/capsule_upload.html", _upload_context(request, content, form), status=400)


@login_required
@require_POST
def capsule_caption_delete(request: PraxisRequest, content_id: int, language: str) -> HttpResponse:
    content = _editable_capsule(request, content_id)
    track = selectors.caption_track_or_404(content, language)
    services.caption_track_delete(actor=request.actor, track=track)
    messages.success(request, _("The captions were removed."))
    return redirect("content:capsule_upload", content_id=content.pk)


@require_GET
def capsule_track(request: PraxisRequest, content_id: int, language: str) -> HttpResponse:
    """The captions in one language as WebVTT, written from the stored cues, for whoever may watch the video."""
    content = selectors.visible_content_or_404(request.actor, content_id, kind=Content.Kind.CAPSULE,
                                               check=rules.can_view_full_content)
    track = selectors.caption_track_or_404(content, language)
    response = HttpResponse(write_webvtt(stored_cues(track.cues)), content_type="text/vtt; charset=utf-8")
    response["Cache-Control"] = "private, max-age=300"
    response["Content-Language"] = track.language
    return response


@login_required
@require_GET
@never_cache
def capsule_status(request: PraxisRequest, content_id: int) -> HttpResponse:
    """The processing status (htmx polls it until it is final); author, moderators and reviewers of the piece."""
    content = _capsule(request, content_id)
    rules.check_follow_processing(request.actor, content)
    return render_page(request, "content/_capsule_status.html", status_context(request, content))


@require_POST
def playback_position(request: PraxisRequest, content_id: int) -> HttpResponse:
    """Remember where the member stopped (called by the player every few seconds)."""
    if not request.user.is_authenticated:
        return HttpResponse(status=403)
    content = selectors.visible_content_or_404(request.actor, content_id, kind=Content.Kind.CAPSULE,
                                               check=rules.can_view_full_content)
    try:
        seconds = float(request.POST.get("seconds", ""))
    except ValueError:
        return JsonResponse({"error": "seconds"}, status=400)
    if seconds != seconds:  # NaN
        return JsonResponse({"error": "seconds"}, status=400)
    services.save_position(actor=request.actor, content=content, seconds=seconds)
    return HttpResponse(status=204)


# --- the capsule's files ---------------------------------------------------------------------------------------

CAPSULE_FILE_TYPES = {
    "m3u8": "application/vnd.apple.mpegurl", "ts": "video/mp2t", "m4s": "video/iso.segment", "mp4": "video/mp4",
    "jpg": "image/jpeg", "png": "image/png", "webp": "image/webp", "vtt": "text/vtt; charset=utf-8",
}


@require_GET
def capsule_file(request: PraxisRequest, content_id: int, key: str) -> HttpResponseBase:
    """A rendition or the poster of a capsule: the poster for whoever sees the piece's page (its
    teaser), everything else for whoever may watch it; only what the published video uses, never the source."""
    content = _capsule(request, content_id)
    asset = selectors.video_of(content)
    name = f"capsules/{content.pk}/{key}"
    content_type = CAPSULE_FILE_TYPES.get(key.rsplit(".", 1)[-1].lower())
    if asset is None or content_type is None or ".." in key.split("/") or "\\" in key:
        raise Http404
    if name != asset.poster and name not in asset.thumbnails:
        published = bool(asset.published_prefix) and name.startswith(f"{asset.published_prefix}/")
        if not published:
            raise Http404
        if not rules.can_view_full_content(request.actor, content):
            raise Http404
    # A playlist stays at this address: the segments it names are resolved against it (and come back here).
    return serve_file(request, name, content_type=content_type, inline_body=content_type.endswith("mpegurl"))


# --- tus ---------------------------------------------------------------------------------------------------------


def _tus(status: int, body: str = "", **headers: str) -> HttpResponse:
    response = HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")
    response["Tus-Resumable"] = tus.TUS_VERSION
    response["Cache-Control"] = "no-store"
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _tus_guard(request: PraxisRequest, content_id: int) -> Content | HttpResponse:
    if not request.user.is_authenticated:
        return _tus(403, _("Please log in again."))
    try:
        return _editable_capsule(request, content_id)
    except Http404:
        return _tus(404)
    except PermissionDenied:
        return _tus(403)


def _check_version(request: PraxisRequest) -> HttpResponse | None:
    if request.headers.get("Tus-Resumable") != tus.TUS_VERSION:
        return _tus(412, "Unsupported tus version", Tus_Version=tus.TUS_VERSION)
    return None


@require_http_methods(["OPTIONS", "POST"])
def capsule_tus(request: PraxisRequest, content_id: int) -> HttpResponse:
    """tus collection: OPTIONS (capabilities) and POST (creation)."""
    guarded = _tus_guard(request, content_id)
    if isinstance(guarded, HttpResponse):
        return guarded
    if request.method == "OPTIONS":
        return _tus(204, Tus_Version=tus.TUS_VERSION, Tus_Extension=tus.TUS_EXTENSIONS,
                    Tus_Max_Size=str(tus.max_upload_bytes()))
    bad_version = _check_version(request)
    if bad_version:
        return bad_version
    if "Upload-Defer-Length" in request.headers:
        return _tus(400, "Upload-Defer-Length is not supported")
    try:
        length = int(request.headers.get("Upload-Length", ""))
        upload = tus.create_upload(actor=request.actor, content=guarded, length=length,
                                   metadata=tus.parse_metadata(request.headers.get("Upload-Metadata", "")))
    except ValueError:
        return _tus(400, "Upload-Length is required")
    except tus.TusError as error:
        return _tus(error.status, error.message)
    location = request.build_absolute_uri(
        reverse("content:capsule_tus_upload", kwargs={"content_id": guarded.pk, "upload_id": upload.pk})
    )
    return _tus(201, Location=location, Upload_Offset="0",
                Upload_Expires=upload.expires_at.strftime("%a, %d %b %Y %H:%M:%S GMT"))


@require_http_methods(["OPTIONS", "HEAD", "PATCH", "DELETE"])
def capsule_tus_upload(request: PraxisRequest, content_id: int, upload_id: str) -> HttpResponse:
    """tus upload resource: HEAD (offset), PATCH (append), DELETE (termination). Only its owner sees it."""
    guarded = _tus_guard(request, content_id)
    if isinstance(guarded, HttpResponse):
        return guarded
    if request.method == "OPTIONS":
        return _tus(204, Tus_Version=tus.TUS_VERSION, Tus_Extension=tus.TUS_EXTENSIONS)
    upload = selectors.own_upload(request.actor, guarded, upload_id)
    if upload is None:
        return _tus(404)
    bad_version = _check_version(request)
    if bad_version:
        return bad_version
    if request.method == "HEAD":
        return _tus(200, Upload_Offset=str(upload.offset), Upload_Length=str(upload.length))
    if request.method == "DELETE":
        tus.delete_upload(actor=request.actor, upload=upload)
        return _tus(204)
    if request.content_type != "application/offset+octet-stream":
        return _tus(415, "Content-Type must be application/offset+octet-stream")
    try:
        offset = int(request.headers.get("Upload-Offset", ""))
        declared = int(request.headers["Content-Length"]) if request.headers.get("Content-Length") else None
    except ValueError:
        return _tus(400, "Upload-Offset is required")
    try:
        upload = tus.append_chunk(actor=request.actor, upload=upload, offset=offset, stream=request, declared=declared)
    except tus.TusError as error:
        return _tus(error.status, error.message)
    return _tus(204, Upload_Offset=str(upload.offset))
