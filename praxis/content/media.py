"""The video pipeline of capsules: accept a source, probe it, transcode it to HLS + MP4, publish the outputs.

Every step works in a private temporary folder and talks to the storage only through Django's storage API
(`default_storage`), so the local folder, S3-compatible storage and the in-memory storage of the tests all work.
FFmpeg runs as a subprocess with a hard timeout. Outputs are written under a prefix derived from the source and
published by updating one `VideoAsset` row; the previous outputs stay online until then.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import logging
import os
import re
import shutil
import subprocess
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from praxis.core import audit
from praxis.core.actor import Actor

from . import rules, tasks
from .models import Content, PlaybackPosition, VideoAsset

logger = logging.getLogger("praxis.content.media")

# Containers we accept, recognised by their first bytes (never by the extension).
VIDEO_MIME_EXTENSIONS = {
    "video/mp4": "mp4",
    "video/quicktime": "mov",
    "video/webm": "webm",
    "video/x-matroska": "mkv",
    "video/3gpp": "3gp",
    "video/x-m4v": "m4v",
    "video/x-msvideo": "avi",
    "video/mpeg": "mpg",
}
HEADER_BYTES = 8192
LADDER = [  # (short side, video bitrate cap kb/s, audio kb/s)
    (360, 800, 96),
    (480, 1400, 128),
    (720, 2800, 128),
]
SEGMENT_SECONDS = 4
VTT_MAX_BYTES = 512 * 1024


class MediaRejected(Exception):
    """The file is not a video we can publish: the message is shown to the author (already translated)."""


class MediaBusy(Exception):
    """Every transcoding slot stayed busy: try again later."""


def setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def ffmpeg_binary() -> str:
    binary = setting("FFMPEG_BINARY", "")
    if binary:
        return binary
    import imageio_ffmpeg

    return imageio_ffmpeg.get_ffmpeg_exe()


# --- File type -------------------------------------------------------------------------------------------------


def sniff_video_mime(head: bytes) -> str | None:
    """The MIME type of a video container from its first bytes, or None if it is not one we accept."""
    if len(head) < 12:
        return None
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime in VIDEO_MIME_EXTENSIONS:
        return mime
    # ISO base media files whose brand `filetype` does not list (3GP from phones, QuickTime variants).
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand.startswith(b"3g"):
            return "video/3gpp"
        if brand == b"qt  ":
            return "video/quicktime"
        return "video/mp4"
    if head[4:8] in {b"moov", b"mdat", b"wide", b"free"}:  # old QuickTime files without ftyp
        return "video/quicktime"
    return None


def check_video_header(head: bytes) -> str:
    mime = sniff_video_mime(head)
    if mime is None:
        raise MediaRejected(_("This file is not a video (accepted: MP4, MOV, WebM, MKV, 3GP)."))
    return mime


def safe_display_name(name: str) -> str:
    """The uploader's file name, reduced to a harmless label (we never use it as a path)."""
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"[\x00-\x1f\x7f]", "", name).strip().lstrip(".")
    return name[:200] or "video"


# --- Probe -----------------------------------------------------------------------------------------------------


@dataclass
class Probe:
    container: str = ""
    duration: float = 0.0
    video_codec: str = ""
    width: int = 0
    height: int = 0
    fps: float = 0.0
    rotation: int = 0
    audio_codec: str = ""
    has_audio: bool = False
    extra: dict = field(default_factory=dict)

    @property
    def display_width(self) -> int:
        return self.height if self.rotation % 180 else self.width

    @property
    def display_height(self) -> int:
        return self.width if self.rotation % 180 else self.height


_DURATION = re.compile(r"Duration:\s*(\d+):(\d+):(\d+(?:\.\d+)?)")
_STREAM = re.compile(r"^\s*Stream #\d+:\d+.*?: (Video|Audio): (.*)$", re.MULTILINE)
_SIZE = re.compile(r"(?:,|\s)(\d{2,5})x(\d{2,5})(?:[\s,]|$)")
_FPS = re.compile(r"([\d.]+) (?:fps|tbr)")
_ROTATION = re.compile(r"rotation of (-?\d+(?:\.\d+)?) degrees", re.IGNORECASE)
_ROTATE_TAG = re.compile(r"^\s*rotate\s*:\s*(-?\d+)", re.MULTILINE)
_INPUT = re.compile(r"^Input #0, ([^ ]+), from", re.MULTILINE)


def run_ffmpeg(args: list[str], *, timeout: float) -> subprocess.CompletedProcess:
    """Run FFmpeg with a hard timeout; the process is killed when it expires (subprocess.TimeoutExpired)."""
    command = [ffmpeg_binary(), "-hide_banner", "-nostdin", *args]
    return subprocess.run(command, capture_output=True, timeout=timeout, check=False, text=True, errors="replace")


def parse_probe(stderr: str) -> Probe:
    """Read `ffmpeg -i` output (imageio-ffmpeg has no ffprobe)."""
    probe = Probe()
    container = _INPUT.search(stderr)
    if not container:
        raise MediaRejected(_("This file could not be read as a video: it may be damaged or incomplete."))
    probe.container = container.group(1)
    duration = _DURATION.search(stderr)
    if duration:
        hours, minutes, seconds = duration.groups()
        probe.duration = int(hours) * 3600 + int(minutes) * 60 + float(seconds)
    video_seen = False
    for match in _STREAM.finditer(stderr):
        kind, description = match.groups()
        if kind == "Video" and not video_seen and "attached pic" not in description:
            video_seen = True
            probe.video_codec = description.split(" ", 1)[0].rstrip(",")
            size = _SIZE.search(description)
            if size:
                probe.width, probe.height = int(size.group(1)), int(size.group(2))
            fps = _FPS.search(description)
            if fps:
                probe.fps = float(fps.group(1))
            # Side data / metadata of this stream: the lines up to the next stream.
            rest = stderr[match.end():]
            nxt = re.search(r"^\s*Stream #", rest, re.MULTILINE)
            block = rest[: nxt.start()] if nxt else rest
            rotation = _ROTATION.search(block)
            if rotation:
                probe.rotation = round(float(rotation.group(1))) % 360
            else:
                tag = _ROTATE_TAG.search(block)
                probe.rotation = int(tag.group(1)) % 360 if tag else 0
        elif kind == "Audio" and not probe.has_audio:
            probe.has_audio = True
            probe.audio_codec = description.split(" ", 1)[0].rstrip(",")
    if not video_seen or not probe.width or not probe.height:
        raise MediaRejected(_("This file has no video track."))
    if probe.duration <= 0:
        raise MediaRejected(_("This video has no duration: it may be damaged or incomplete."))
    return probe


def probe_file(path: Path) -> Probe:
    result = run_ffmpeg(["-i", str(path)], timeout=setting("CONTENT_PROBE_TIMEOUT_SECONDS", 60))
    return parse_probe(result.stderr)


def check_limits(probe: Probe) -> None:
    max_seconds = setting("CONTENT_MAX_VIDEO_SECONDS", 30 * 60)
    if probe.duration > max_seconds:
        raise MediaRejected(
            _("This video lasts %(duration)s minutes; the limit is %(limit)s minutes.")
            % {"duration": f"{probe.duration / 60:.1f}", "limit": f"{max_seconds / 60:g}"}
        )
    max_pixels = setting("CONTENT_MAX_VIDEO_PIXELS", 4096 * 2304)
    if probe.width * probe.height > max_pixels or max(probe.width, probe.height) > 8192:
        raise MediaRejected(
            _("This video's resolution (%(width)s×%(height)s) is too large.")
            % {"width": probe.width, "height": probe.height}
        )
    if min(probe.width, probe.height) < 32:
        raise MediaRejected(_("This video's picture is too small to be watched."))


# --- Renditions ------------------------------------------------------------------------------------------------


def _even(value: float) -> int:
    return max(2, int(round(value / 2)) * 2)


def plan_renditions(probe: Probe) -> list[dict]:
    """The ladder rungs at or below the source (by its short side), never upscaled; tiny sources get one rung."""
    width, height = probe.display_width, probe.display_height
    short = min(width, height)
    plan = []
    for target, video_kbps, audio_kbps in LADDER:
        if target > short:
            continue
        scale = target / short
        plan.append({"name": f"{target}p", "width": _even(width * scale), "height": _even(height * scale),
                     "video_kbps": video_kbps, "audio_kbps": audio_kbps})
    if not plan:
        target, video_kbps, audio_kbps = LADDER[0]
        plan.append({"name": f"{_even(short)}p", "width": _even(width), "height": _even(height),
                     "video_kbps": video_kbps, "audio_kbps": audio_kbps})
    return plan


def _strip_metadata_args() -> list[str]:
    """Drop global, per-stream and chapter metadata (GPS location, device make and model, creation time)."""
    return ["-map_metadata", "-1", "-map_metadata:s:v", "-1", "-map_metadata:s:a", "-1", "-map_chapters", "-1",
            "-fflags", "+bitexact", "-flags:v", "+bitexact", "-flags:a", "+bitexact"]


def transcode_hls(source: Path, out: Path, probe: Probe, plan: list[dict], *, timeout: float) -> None:
    """One FFmpeg process: decode once (auto-rotated upright), scale to each rung, H.264/AAC HLS variants."""
    fps = probe.fps if 0 < probe.fps <= 60 else 30
    gop = max(1, round(fps * SEGMENT_SECONDS))
    n = len(plan)
    splits = "".join(f"[s{i}]" for i in range(n))
    graph = [f"[0:v:0]split={n}{splits}"]
    for i, rung in enumerate(plan):
        graph.append(f"[s{i}]scale={rung['width']}:{rung['height']}:flags=bicubic,setsar=1,format=yuv420p[v{i}]")
    args = ["-y", "-i", str(source), "-filter_complex", ";".join(graph)]
    for i in range(n):
        args += ["-map", f"[v{i}]"]
        if probe.has_audio:
            args += ["-map", "0:a:0"]
    for i, rung in enumerate(plan):
        kbps = rung["video_kbps"]
        args += [f"-c:v:{i}", "libx264", f"-preset:v:{i}", "veryfast", f"-crf:v:{i}", "23",
                 f"-maxrate:v:{i}", f"{kbps}k", f"-bufsize:v:{i}", f"{2 * kbps}k", f"-profile:v:{i}", "high",
                 f"-g:v:{i}", str(gop), f"-keyint_min:v:{i}", str(gop)]
        if probe.has_audio:
            args += [f"-c:a:{i}", "aac", f"-b:a:{i}", f"{rung['audio_kbps']}k", f"-ac:a:{i}", "2",
                     f"-ar:a:{i}", "48000"]
    args += ["-sc_threshold", "0", "-flags:v", "+cgop", "-r", f"{fps:g}",
             "-force_key_frames", f"expr:gte(t,n_forced*{SEGMENT_SECONDS})"]
    args += _strip_metadata_args()
    stream_map = " ".join(
        f"v:{i},a:{i},name:{rung['name']}" if probe.has_audio else f"v:{i},name:{rung['name']}"
        for i, rung in enumerate(plan)
    )
    args += ["-f", "hls", "-hls_time", str(SEGMENT_SECONDS), "-hls_playlist_type", "vod",
             "-hls_flags", "independent_segments", "-hls_segment_type", "mpegts",
             "-hls_segment_filename", str(out / "%v" / "seg_%03d.ts"), "-master_pl_name", "master.m3u8",
             "-var_stream_map", stream_map, str(out / "%v" / "index.m3u8")]
    for rung in plan:
        (out / rung["name"]).mkdir(parents=True, exist_ok=True)
    result = run_ffmpeg(args, timeout=timeout)
    if result.returncode != 0 or not (out / "master.m3u8").exists():
        logger.warning("Transcoding failed: %s", result.stderr[-2000:])
        raise MediaRejected(_("This video could not be converted: it may be damaged or incomplete."))


def remux_mp4(out: Path, rung: dict, *, timeout: float) -> Path:
    """The MP4 fallback: the chosen rendition's segments copied into one fast-start MP4 (no second encode)."""
    target = out / "video.mp4"
    args = ["-y", "-i", str(out / rung["name"] / "index.m3u8"), "-map", "0", "-c", "copy",
            *_strip_metadata_args(), "-movflags", "+faststart", str(target)]
    result = run_ffmpeg(args, timeout=timeout)
    if result.returncode != 0 or not target.exists():
        logger.warning("MP4 fallback failed: %s", result.stderr[-2000:])
        raise MediaRejected(_("This video could not be converted: it may be damaged or incomplete."))
    return target


def make_images(source: Path, out: Path, probe: Probe, *, timeout: float) -> tuple[str, list[str]]:
    """A poster (up to 1280 px wide) and three small thumbnails, upright, without metadata."""
    duration = probe.duration
    names = []
    shots = [("poster.jpg", min(1.0, duration / 3), 1280)] + [
        (f"thumb_{i}.jpg", duration * fraction, 320) for i, fraction in enumerate((0.25, 0.5, 0.75), start=1)
    ]
    for name, at, max_width in shots:
        vf = f"scale='min({max_width},iw)':-2,format=yuvj420p"
        args = ["-y", "-ss", f"{at:.3f}", "-i", str(source), "-frames:v", "1", "-vf", vf, "-q:v", "4",
                *_strip_metadata_args(), str(out / name)]
        result = run_ffmpeg(args, timeout=timeout)
        if result.returncode != 0 or not (out / name).exists():
            if name == "poster.jpg":  # seeking may fail on odd files: take the first frame
                args[2] = "0"
                result = run_ffmpeg(args, timeout=timeout)
            if not (out / name).exists():
                if name == "poster.jpg":
                    raise MediaRejected(_("No picture could be read from this video."))
                continue
        names.append(name)
    return names[0], names[1:]


# --- Transcoding slots: one transcode per core at a time ---------------------------------------------------------


@contextlib.contextmanager
def transcode_slot():
    slots = setting("CONTENT_TRANSCODE_SLOTS", 0) or os.cpu_count() or 1
    lock_dir = Path(setting("CONTENT_WORK_DIR", "") or tempfile.gettempdir()) / "praxis-transcode-slots"
    lock_dir.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + setting("CONTENT_SLOT_WAIT_SECONDS", 600)
    while True:
        for slot in range(slots):
            handle = open(lock_dir / f"slot-{slot}.lock", "w")  # noqa: SIM115 - held for the whole transcode
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                handle.close()
                continue
            try:
                yield slot
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)
                handle.close()
            return
        if time.monotonic() > deadline:
            raise MediaBusy("every transcoding slot is busy")
        time.sleep(1)


# --- Storage helpers ---------------------------------------------------------------------------------------------


def delete_prefix(prefix: str) -> None:
    """Delete every file under a storage prefix (works on storages without real folders)."""
    if not prefix:
        return
    prefix = prefix.rstrip("/")
    try:
        folders, files = default_storage.listdir(prefix)
    except (FileNotFoundError, NotADirectoryError, OSError):
        return
    for name in files:
        default_storage.delete(f"{prefix}/{name}")
    for folder in folders:
        delete_prefix(f"{prefix}/{folder}")
    with contextlib.suppress(Exception):
        default_storage.delete(prefix)  # an empty local folder; a no-op elsewhere


def upload_tree(local: Path, prefix: str) -> None:
    for path in sorted(local.rglob("*")):
        if path.is_file():
            key = f"{prefix}/{path.relative_to(local).as_posix()}"
            with path.open("rb") as handle:
                saved = default_storage.save(key, File(handle))
            if saved != key:
                raise RuntimeError(f"storage renamed {key} to {saved}")


def output_prefix(asset: VideoAsset) -> str:
    digest = hashlib.sha256(asset.source_key.encode()).hexdigest()[:20]
    return f"capsules/{asset.content_id}/{digest}"


def media_url(key: str) -> str:
    return default_storage.url(key) if key else ""


# --- Services ----------------------------------------------------------------------------------------------------


@transaction.atomic
def attach_source(
    *, actor: Any, content: Content, path: Path, original_name: str = "", enqueue: bool = True
) -> VideoAsset:
    """Store a received video file as the capsule's new source and queue its processing.

    The file is checked by its first bytes; it is copied into the storage under a name we generate. With
    `enqueue=False` the caller runs `process_video` itself (bulk import, demo data)."""
    if content.kind != Content.Kind.CAPSULE:
        raise ValidationError(_("Only video capsules have a video."))
    size = path.stat().st_size
    if size == 0:
        raise MediaRejected(_("This file is empty."))
    if size > setting("CONTENT_MAX_UPLOAD_BYTES", 2 * 1024**3):
        raise MediaRejected(_("This file is too large."))
    with path.open("rb") as handle:
        mime = check_video_header(handle.read(HEADER_BYTES))
        handle.seek(0)
        key = default_storage.save(
            f"capsules/sources/{content.pk}/{uuid.uuid4().hex}.{VIDEO_MIME_EXTENSIONS[mime]}", File(handle)
        )
    asset, _created = VideoAsset.objects.select_for_update().get_or_create(content=content)
    old_source = asset.source_key
    asset.source_key = key
    asset.source_name = safe_display_name(original_name)
    asset.source_size = size
    asset.source_mime = mime
    asset.status = VideoAsset.Status.QUEUED
    asset.failure_reason = ""
    asset.attempts = 0
    asset.probe = {}
    asset.full_clean()
    asset.save()
    if old_source and old_source != asset.source_key:
        transaction.on_commit(lambda: default_storage.delete(old_source))
    audit.log(actor, "content.video.uploaded", content, {"size": size, "mime": mime})
    if enqueue:
        tasks.process_capsule_video.enqueue(asset.pk, key)
    return asset


def process_video(asset_id: int, source_key: str) -> str:
    """The pipeline (idempotent; a retry starts over in a fresh folder and overwrites its own prefix)."""
    asset = VideoAsset.objects.filter(pk=asset_id).select_related("content").first()
    if asset is None or asset.source_key != source_key:
        return "superseded"
    if asset.status == VideoAsset.Status.READY and asset.published_prefix == output_prefix(asset):
        return "already done"
    if asset.status == VideoAsset.Status.FAILED:
        return "already failed"
    attempts = asset.attempts + 1
    started = time.monotonic()
    VideoAsset.objects.filter(pk=asset_id, source_key=source_key).update(
        status=VideoAsset.Status.PROCESSING, attempts=attempts, processing_started_at=timezone.now()
    )
    prefix = output_prefix(asset)
    work_root = setting("CONTENT_WORK_DIR", "") or None
    if work_root:
        Path(work_root).mkdir(parents=True, exist_ok=True)
    try:
        with tempfile.TemporaryDirectory(prefix="praxis-video-", dir=work_root) as tmp:
            work = Path(tmp)
            source = work / "source"
            with default_storage.open(source_key, "rb") as remote, source.open("wb") as local:
                shutil.copyfileobj(remote, local, 1024 * 1024)
            with source.open("rb") as handle:
                check_video_header(handle.read(HEADER_BYTES))
            probe = probe_file(source)
            check_limits(probe)
            VideoAsset.objects.filter(pk=asset_id).update(probe=asdict(probe))
            plan = plan_renditions(probe)
            out = work / "out"
            out.mkdir()
            timeout = setting("CONTENT_FFMPEG_TIMEOUT_SECONDS", 0) or max(300.0, probe.duration * 6)
            with transcode_slot():
                transcode_hls(source, out, probe, plan, timeout=timeout)
            fallback = next((r for r in reversed(plan) if min(r["width"], r["height"]) <= 480), plan[0])
            remux_mp4(out, fallback, timeout=timeout)
            poster, thumbnails = make_images(source, out, probe, timeout=120)
            delete_prefix(prefix)  # a previous attempt's partial outputs
            upload_tree(out, prefix)
    except MediaRejected as rejection:
        _fail(asset_id, source_key, str(rejection))
        audit.log(None, "content.video.failed", asset.content, {"reason": str(rejection)})
        return "rejected"
    except (subprocess.TimeoutExpired, MediaBusy, OSError, RuntimeError) as error:
        max_attempts = setting("CONTENT_VIDEO_MAX_ATTEMPTS", 3)
        if attempts >= max_attempts:
            reason = (_("Processing took too long.") if isinstance(error, subprocess.TimeoutExpired)
                      else _("Processing failed several times; please try again later or send another file."))
            _fail(asset_id, source_key, reason)
            audit.log(None, "content.video.failed", asset.content, {"reason": str(error)[:500]})
            return "failed"
        VideoAsset.objects.filter(pk=asset_id, source_key=source_key).update(status=VideoAsset.Status.QUEUED)
        raise
    renditions = [{**rung, "playlist": f"{prefix}/{rung['name']}/index.m3u8"} for rung in plan]
    old_prefix = asset.published_prefix
    published = VideoAsset.objects.filter(pk=asset_id, source_key=source_key).update(
        status=VideoAsset.Status.READY, failure_reason="", published_prefix=prefix,
        hls_master=f"{prefix}/master.m3u8", mp4=f"{prefix}/video.mp4", poster=f"{prefix}/{poster}",
        thumbnails=[f"{prefix}/{name}" for name in thumbnails], renditions=renditions,
        duration=probe.duration, width=probe.display_width, height=probe.display_height,
        published_at=timezone.now(), processing_seconds=round(time.monotonic() - started, 2),
    )
    if not published:  # a newer upload arrived meanwhile: these outputs are not needed
        delete_prefix(prefix)
        return "superseded"
    if old_prefix and old_prefix != prefix:
        delete_prefix(old_prefix)
    audit.log(None, "content.video.ready", asset.content, {"renditions": [r["name"] for r in plan]})
    return "ready"


def _fail(asset_id: int, source_key: str, reason: str) -> None:
    VideoAsset.objects.filter(pk=asset_id, source_key=source_key).update(
        status=VideoAsset.Status.FAILED, failure_reason=reason
    )


def validate_webvtt(data: bytes) -> str:
    if not data:
        raise ValidationError(_("This captions file is empty."))
    if len(data) > VTT_MAX_BYTES:
        raise ValidationError(_("This captions file is too large (512 KB at most)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("Captions must be a UTF-8 WebVTT file.")) from None
    first = text.splitlines()[0] if text.splitlines() else ""
    if not (first == "WEBVTT" or first.startswith(("WEBVTT ", "WEBVTT\t"))):
        raise ValidationError(_("This is not a WebVTT captions file (it must start with “WEBVTT”)."))
    if "-->" not in text:
        raise ValidationError(_("This captions file has no cues."))
    return text


@transaction.atomic
def attach_captions(*, actor: Any, content: Content, data: bytes, language: str) -> VideoAsset:
    text = validate_webvtt(data)
    asset = VideoAsset.objects.select_for_update().filter(content=content).first()
    if asset is None:
        raise ValidationError(_("Send the video before its captions."))
    key = default_storage.save(f"capsules/{content.pk}/captions/{uuid.uuid4().hex}.vtt",
                               ContentFile(text.encode("utf-8")))
    old = asset.captions
    asset.captions = key
    asset.captions_language = language
    asset.full_clean()
    asset.save(update_fields=["captions", "captions_language", "updated_at"])
    if old:
        transaction.on_commit(lambda: default_storage.delete(old))
    audit.log(actor, "content.video.captions_added", content, {"language": language})
    return asset


def save_position(*, actor: Any, content: Content, seconds: float) -> PlaybackPosition:
    """Remember where a member stopped (no audit entry: this is not a state change anyone reviews)."""
    seconds = max(0.0, min(float(seconds), 24 * 3600.0))
    position, _created = PlaybackPosition.objects.update_or_create(
        user=actor.user, content=content, defaults={"seconds": seconds}
    )
    return position


# --- Bulk import (manage.py import_capsule) ------------------------------------------------------------------


@transaction.atomic
def create_imported_capsule(
    *, author: Any, title: str, summary: str, themes: list, language: str, coi_statement: str, publish: bool,
    visibility: str = Content.Visibility.PUBLIC,
) -> Content:
    if publish and not rules.can_publish_without_review(Actor(author)):
        raise PermissionDenied(_("Only a platform administrator's import may be published directly."))
    from django.utils.text import slugify

    content = Content(
        kind=Content.Kind.CAPSULE, title=title, slug=slugify(title)[:220] or "capsule", summary=summary or title,
        author=author, language=language, coi_none=not coi_statement, coi_statement=coi_statement,
        status=Content.Status.DRAFT, visibility=visibility,
    )
    content.full_clean()
    content.save()
    content.themes.set(themes)
    audit.log(author, "content.content.created", content, {"kind": content.kind, "via": "import_capsule"})
    return content


@transaction.atomic
def publish_imported_capsule(*, author: Any, content: Content) -> Content:
    if not rules.can_publish_without_review(Actor(author)):
        raise PermissionDenied(_("Only a platform administrator's import may be published directly."))
    content.status = Content.Status.PUBLISHED
    content.published_at = timezone.now()
    content.full_clean()
    content.save(update_fields=["status", "published_at", "updated_at"])
    audit.log(author, "content.content.published", content, {"via": "import_capsule"})
    return content


# --- Demo data -----------------------------------------------------------------------------------------------


def make_test_video(path: Path, *, size: str = "640x360", seconds: float = 4, audio: bool = True,
                    extra: list[str] | None = None, pattern: str = "testsrc2") -> Path:
    """A small real video generated by FFmpeg (for demo data and tests)."""
    args = ["-y", "-f", "lavfi", "-i", f"{pattern}=s={size}:d={seconds}:r=25"]
    if audio:
        args += ["-f", "lavfi", "-i", f"sine=frequency=440:duration={seconds}"]
    args += ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
    if audio:
        args += ["-c:a", "aac", "-shortest"]
    args += [*(extra or []), str(path)]
    result = run_ffmpeg(args, timeout=120)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-1000:])
    return path


def demo_capsule_asset(content: Content, *, seconds: float = 6, size: str = "640x360") -> VideoAsset:
    """Give a demo capsule a real, processed video (generated by FFmpeg, processed synchronously). Idempotent."""
    existing = VideoAsset.objects.filter(content=content, status=VideoAsset.Status.READY).first()
    if existing:
        return existing
    with tempfile.TemporaryDirectory(prefix="praxis-demo-") as tmp:
        source = make_test_video(Path(tmp) / "demo.mp4", size=size, seconds=seconds)
        asset = attach_source(actor=None, content=content, path=source, original_name="demo.mp4", enqueue=False)
    process_video(asset.pk, asset.source_key)  # synchronously (the queued job then finds it done)
    asset.refresh_from_db()
    return asset


STATUS_HELP = {
    VideoAsset.Status.QUEUED: gettext_lazy("Your video is waiting to be processed."),
    VideoAsset.Status.PROCESSING: gettext_lazy("Your video is being processed; this may take a few minutes."),
    VideoAsset.Status.READY: gettext_lazy("Your video is ready."),
    VideoAsset.Status.FAILED: gettext_lazy("Your video could not be processed."),
}
