"""The processing job: probe, transcode, publish the outputs by updating one `VideoAsset` row (idempotent)."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from praxis.core import audit
from praxis.core.audit import Action
from praxis.core.tasks import pid_alive

from ..models import VideoAsset
from .ffmpeg import check_limits, make_images, plan_renditions, probe_file, remux_mp4, transcode_hls, transcode_slot
from .files import HEADER_BYTES, MediaBusy, MediaRejected, check_video_header, setting
from .storage import delete_prefix, output_prefix, prefix_for, upload_tree

logger = logging.getLogger("praxis.content.media")


def process_video(asset_id: int, source_key: str) -> str:
    """The pipeline (idempotent; a retry starts over in a fresh folder and overwrites its own prefix)."""
    asset = VideoAsset.objects.filter(pk=asset_id).select_related("content").first()
    if asset is None or _superseded(asset, source_key):
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
    drop_dead_work_folders(Path(work_root or tempfile.gettempdir()))
    try:
        with tempfile.TemporaryDirectory(prefix=f"{WORK_PREFIX}{os.getpid()}-", dir=work_root) as tmp:
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
        audit.log(None, Action.CONTENT_VIDEO_FAILED, asset.content, {"reason": str(rejection)})
        return "rejected"
    except (subprocess.TimeoutExpired, MediaBusy, OSError, RuntimeError) as error:
        max_attempts = setting("CONTENT_VIDEO_MAX_ATTEMPTS", 3)
        if attempts >= max_attempts:
            reason = (_("Processing took too long.") if isinstance(error, subprocess.TimeoutExpired)
                      else _("Processing failed several times; please try again later or send another file."))
            _fail(asset_id, source_key, reason)
            audit.log(None, Action.CONTENT_VIDEO_FAILED, asset.content, {"reason": str(error)[:500]})
            return "failed"
        VideoAsset.objects.filter(pk=asset_id, source_key=source_key).update(status=VideoAsset.Status.QUEUED)
        raise
    old_prefix = asset.published_prefix
    with transaction.atomic():  # published and audited together: a worker killed in between re-runs nothing twice
        published = _publish(asset, source_key, prefix, plan, probe, poster, thumbnails, started)
        if published:
            if old_prefix and old_prefix != prefix:
                transaction.on_commit(lambda: delete_prefix(old_prefix), robust=True)
            audit.log(None, Action.CONTENT_VIDEO_READY, asset.content, {"renditions": [r["name"] for r in plan]})
    if not published:  # a newer upload arrived meanwhile: these outputs are not needed
        delete_prefix(prefix)
        return "superseded"
    return "ready"


def _superseded(asset: VideoAsset, source_key: str) -> bool:
    """The member sent another file since this job was queued. An earlier attempt of the job, killed while uploading
    its outputs or before publishing them, left them under this source's prefix, which nothing would ever publish or
    clean: they are dropped."""
    if asset.source_key == source_key:
        return False
    if (prefix := prefix_for(asset.content_id, source_key)) != asset.published_prefix:
        delete_prefix(prefix)
    return True


def _publish(asset: VideoAsset, source_key: str, prefix: str, plan: list[dict[str, Any]], probe: Any, poster: str,
             thumbnails: list[str], started: float) -> int:
    renditions = [{**rung, "playlist": f"{prefix}/{rung['name']}/index.m3u8"} for rung in plan]
    return VideoAsset.objects.filter(pk=asset.pk, source_key=source_key).update(
        status=VideoAsset.Status.READY, failure_reason="", published_prefix=prefix,
        hls_master=f"{prefix}/master.m3u8", mp4=f"{prefix}/video.mp4", poster=f"{prefix}/{poster}",
        thumbnails=[f"{prefix}/{name}" for name in thumbnails], renditions=renditions,
        duration=probe.duration, width=probe.display_width, height=probe.display_height,
        published_at=timezone.now(), processing_seconds=round(time.monotonic() - started, 2),
    )


WORK_PREFIX = "praxis-video-"


def drop_dead_work_folders(root: Path) -> int:
    """Delete the work folders of workers that died mid-transcode (kill -9, power loss): a folder is named after
    its process, and a process that is gone on this host will not come back for it."""
    dropped = 0
    for folder in root.glob(f"{WORK_PREFIX}*-*"):
        pid = folder.name.removeprefix(WORK_PREFIX).split("-", 1)[0]
        if pid.isdigit() and int(pid) != os.getpid() and not pid_alive(int(pid)):
            shutil.rmtree(folder, ignore_errors=True)
            dropped += 1
    return dropped


def _fail(asset_id: int, source_key: str, reason: str) -> None:
    VideoAsset.objects.filter(pk=asset_id, source_key=source_key).update(
        status=VideoAsset.Status.FAILED, failure_reason=reason
    )


STATUS_HELP = {
    VideoAsset.Status.QUEUED: gettext_lazy("Your video is waiting to be processed."),
    VideoAsset.Status.PROCESSING: gettext_lazy("Your video is being processed; this may take a few minutes."),
    VideoAsset.Status.READY: gettext_lazy("Your video is ready."),
    VideoAsset.Status.FAILED: gettext_lazy("Your video could not be processed."),
}
