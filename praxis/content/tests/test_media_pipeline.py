"""The video pipeline on real small videos made by FFmpeg: probe, renditions, metadata, bad input, publication."""

from __future__ import annotations

import subprocess
import tempfile
from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from praxis.content import media
from praxis.content import services as content_services
from praxis.content.models import VideoAsset
from praxis.core.models import AuditEntry, TaskRun

from .media_factories import DEVICE, GPS, clip, make_capsule, write_file

pytestmark = pytest.mark.usefixtures("media_dirs")


def _process(content, path: Path) -> VideoAsset:
    asset = content_services.attach_source(actor=None, content=content, path=path, original_name=path.name)
    media.process_video(asset.pk, asset.source_key)
    asset.refresh_from_db()
    return asset


def _stored_files(prefix: str) -> list[str]:
    folders, files = default_storage.listdir(prefix)
    names = [f"{prefix}/{name}" for name in files]
    for folder in folders:
        names += _stored_files(f"{prefix}/{folder}")
    return names


def _probe_stored(key: str) -> tuple[media.Probe, str]:
    with tempfile.NamedTemporaryFile(suffix=Path(key).suffix) as local:
        with default_storage.open(key, "rb") as remote:
            local.write(remote.read())
        local.flush()
        stderr = media.run_ffmpeg(["-i", local.name], timeout=30).stderr
        return media.parse_probe(stderr), stderr


def test_a_landscape_video_becomes_hls_mp4_and_images_in_the_storage(verified_gp) -> None:
    asset = _process(make_capsule(verified_gp), clip("landscape"))
    assert asset.status == VideoAsset.Status.READY, asset.failure_reason
    files = _stored_files(asset.published_prefix)
    assert f"{asset.published_prefix}/master.m3u8" in files
    assert any(name.endswith(".ts") for name in files)
    assert {asset.mp4, asset.poster, *asset.thumbnails} <= set(files)
    with default_storage.open(asset.hls_master) as master:
        text = master.read().decode()
    assert "#EXT-X-STREAM-INF" in text and "avc1" in text and "mp4a" in text
    probe, _stderr = _probe_stored(asset.mp4)
    assert (probe.video_codec, probe.audio_codec) == ("h264", "aac")
    assert round(asset.duration) == 2


def test_location_and_device_metadata_are_absent_from_every_output(verified_gp) -> None:
    source = clip("landscape")
    assert GPS.encode() in source.read_bytes()  # the source really carries them
    asset = _process(make_capsule(verified_gp), source)
    assert asset.status == VideoAsset.Status.READY
    for key in _stored_files(asset.published_prefix):
        with default_storage.open(key, "rb") as handle:
            data = handle.read()
        assert GPS[:8].encode() not in data, key
        assert DEVICE.encode() not in data, key
        assert b"location" not in data.lower(), key
    _probe, stderr = _probe_stored(asset.mp4)
    assert "location" not in stderr and DEVICE not in stderr


def test_renditions_are_never_upscaled(verified_gp) -> None:
    small = _process(make_capsule(verified_gp), clip("landscape"))  # 320x240: below the 360p rung
    assert [r["name"] for r in small.renditions] == ["240p"]
    assert (small.renditions[0]["width"], small.renditions[0]["height"]) == (320, 240)
    ladder = _process(make_capsule(verified_gp), clip("ladder"))  # 640x480: 360p and 480p, no 720p
    assert [r["name"] for r in ladder.renditions] == ["360p", "480p"]
    assert [(r["width"], r["height"]) for r in ladder.renditions] == [(480, 360), (640, 480)]
    with default_storage.open(ladder.hls_master) as master:
        text = master.read().decode()
    assert "RESOLUTION=480x360" in text and "RESOLUTION=640x480" in text and "720" not in text


def test_a_phone_video_with_a_rotation_matrix_comes_out_upright(verified_gp) -> None:
    source = clip("portrait")
    probe = media.probe_file(source)
    assert (probe.width, probe.height, probe.rotation % 180) == (320, 180, 90)
    asset = _process(make_capsule(verified_gp), source)
    assert asset.status == VideoAsset.Status.READY
    assert (asset.width, asset.height) == (180, 320)
    output, _stderr = _probe_stored(asset.mp4)
    assert (output.width, output.height, output.rotation) == (180, 320, 0)


def test_a_video_without_sound_is_processed(verified_gp) -> None:
    asset = _process(make_capsule(verified_gp), clip("silent"))
    assert asset.status == VideoAsset.Status.READY, asset.failure_reason
    with default_storage.open(asset.hls_master) as master:
        assert "mp4a" not in master.read().decode()
    probe, _stderr = _probe_stored(asset.mp4)
    assert not probe.has_audio


def test_a_truncated_video_is_rejected_with_a_reason(verified_gp) -> None:
    data = clip("tiny").read_bytes()
    asset = _process(make_capsule(verified_gp), write_file(data[: len(data) // 3], "truncated.mp4"))
    assert asset.status == VideoAsset.Status.FAILED
    assert "damaged or incomplete" in asset.failure_reason
    assert not asset.is_playable


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"", "empty.mp4"),
        (b"Bonjour, ceci est un texte et non une video.\n" * 20, "notes.mp4"),
        (b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200, "setup.mp4"),
        (b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200, "virus.mov"),
    ],
    ids=["zero-length", "text-renamed-mp4", "renamed-elf-executable", "renamed-windows-executable"],
)
def test_files_that_are_not_videos_are_refused_before_storage(verified_gp, data: bytes, name: str) -> None:
    content = make_capsule(verified_gp)
    with pytest.raises(media.MediaRejected):
        content_services.attach_source(actor=None, content=content, path=write_file(data, name), original_name=name)
    assert not VideoAsset.objects.filter(content=content).exists()


def test_a_file_name_with_path_tricks_is_only_a_label(verified_gp) -> None:
    asset = content_services.attach_source(
        actor=None, content=make_capsule(verified_gp), path=clip("tiny"), original_name="../../etc/\x00passwd.mp4"
    )
    assert asset.source_name == "passwd.mp4"
    assert ".." not in asset.source_key and "passwd" not in asset.source_key
    assert asset.source_key.startswith(f"capsules/sources/{asset.content_id}/")
    assert media.safe_display_name("..\\..\\win.ini") == "win.ini"
    assert media.safe_display_name("...") == "video"


def test_a_video_over_the_duration_limit_is_refused(verified_gp, settings) -> None:
    settings.CONTENT_MAX_VIDEO_SECONDS = 1.5
    asset = _process(make_capsule(verified_gp), clip("landscape"))
    assert asset.status == VideoAsset.Status.FAILED
    assert "the limit is" in asset.failure_reason


def test_a_resolution_over_the_limit_is_refused(verified_gp, settings) -> None:
    settings.CONTENT_MAX_VIDEO_PIXELS = 160 * 90
    asset = _process(make_capsule(verified_gp), clip("landscape"))
    assert asset.status == VideoAsset.Status.FAILED
    assert "too large" in asset.failure_reason


def test_a_failed_new_upload_keeps_the_previous_video_online(verified_gp) -> None:
    content = make_capsule(verified_gp)
    first = _process(content, clip("tiny"))
    master = first.hls_master
    data = clip("tiny").read_bytes()
    second = _process(content, write_file(data[:2000], "broken.mp4"))
    assert second.status == VideoAsset.Status.FAILED
    assert second.hls_master == master and default_storage.exists(master)


def test_a_successful_new_upload_replaces_the_outputs_in_one_step(
    verified_gp, django_capture_on_commit_callbacks,
) -> None:
    content = make_capsule(verified_gp)
    first = _process(content, clip("tiny"))
    old_prefix = first.published_prefix
    with django_capture_on_commit_callbacks(execute=True):  # the old outputs go once the new ones are committed
        second = _process(content, clip("silent"))
    assert second.status == VideoAsset.Status.READY
    assert second.published_prefix != old_prefix
    assert not default_storage.exists(f"{old_prefix}/master.m3u8")
    assert default_storage.exists(second.hls_master)


def test_processing_twice_is_a_no_op_and_a_superseded_job_does_nothing(verified_gp) -> None:
    content = make_capsule(verified_gp)
    asset = _process(content, clip("tiny"))
    assert media.process_video(asset.pk, asset.source_key) == "already done"
    assert media.process_video(asset.pk, "capsules/sources/old.mp4") == "superseded"


def test_a_job_killed_while_uploading_then_superseded_by_a_new_file_leaves_nothing(verified_gp) -> None:
    content = make_capsule(verified_gp)
    first = content_services.attach_source(actor=None, content=content, path=clip("tiny"), original_name="a.mp4")
    # Its worker died half-way through uploading the outputs of the first file; then the member sent another file.
    first_prefix = media.output_prefix(first)
    default_storage.save(f"{first_prefix}/360p/seg_000.ts", __import__("io").BytesIO(b"partial"))
    VideoAsset.objects.filter(pk=first.pk).update(status=VideoAsset.Status.PROCESSING, attempts=1)
    second = content_services.attach_source(actor=None, content=content, path=clip("tiny"), original_name="b.mp4")
    # The first file's job, handed out again, has nothing to publish: it drops what its killed attempt wrote.
    assert media.process_video(first.pk, first.source_key) == "superseded"
    assert not default_storage.exists(f"{first_prefix}/360p/seg_000.ts")
    assert media.process_video(second.pk, second.source_key) == "ready"
    second.refresh_from_db()
    assert second.published_prefix != first_prefix and default_storage.exists(second.hls_master)


def test_a_job_interrupted_half_way_is_retried_and_finishes(verified_gp, settings) -> None:
    content = make_capsule(verified_gp)
    asset = content_services.attach_source(actor=None, content=content, path=clip("tiny"), original_name="a.mp4")
    # A first attempt died after writing part of its outputs.
    prefix = media.output_prefix(asset)
    default_storage.save(f"{prefix}/360p/seg_000.ts", __import__("io").BytesIO(b"partial"))
    VideoAsset.objects.filter(pk=asset.pk).update(status=VideoAsset.Status.PROCESSING, attempts=1)
    assert media.process_video(asset.pk, asset.source_key) == "ready"
    asset.refresh_from_db()
    assert asset.status == VideoAsset.Status.READY and asset.attempts == 2
    assert not default_storage.exists(f"{prefix}/360p/seg_000.ts")  # the leftover was cleared


def test_a_transcode_that_exceeds_the_hard_timeout_is_retried_then_fails(verified_gp, settings) -> None:
    settings.CONTENT_FFMPEG_TIMEOUT_SECONDS = 0.001
    settings.CONTENT_VIDEO_MAX_ATTEMPTS = 2
    content = make_capsule(verified_gp)
    asset = content_services.attach_source(actor=None, content=content, path=clip("tiny"), original_name="a.mp4")
    with pytest.raises(subprocess.TimeoutExpired):
        media.process_video(asset.pk, asset.source_key)
    asset.refresh_from_db()
    assert asset.status == VideoAsset.Status.QUEUED
    assert media.process_video(asset.pk, asset.source_key) == "failed"
    asset.refresh_from_db()
    assert asset.status == VideoAsset.Status.FAILED and "too long" in asset.failure_reason


def test_an_upload_queues_a_durable_job_that_publishes_the_video(verified_gp, django_capture_on_commit_callbacks):
    content = make_capsule(verified_gp)
    with django_capture_on_commit_callbacks(execute=True):
        asset = content_services.attach_source(actor=verified_gp, content=content, path=clip("tiny"),
                                               original_name="a.mp4")
    asset.refresh_from_db()
    assert asset.status == VideoAsset.Status.READY
    run = TaskRun.objects.get(task_path="praxis.content.tasks.process_capsule_video")
    assert run.status == TaskRun.Status.DONE
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"content.video.uploaded", "content.video.ready"} <= actions


def test_the_probe_reads_ffmpeg_output() -> None:
    stderr = (
        "Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'x.mov':\n  Duration: 00:01:02.50, start: 0.0, bitrate: 1 kb/s\n"
        "  Stream #0:0[0x1](und): Video: hevc (Main) (hvc1 / 0x31637668), yuv420p(tv), 1920x1080, 30 fps, "
        "30 tbr (default)\n    Side data:\n      Display Matrix: rotation of -90.00 degrees\n"
        "  Stream #0:1[0x2](und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, stereo, fltp\n"
    )
    probe = media.parse_probe(stderr)
    assert (probe.duration, probe.video_codec, probe.width, probe.height) == (62.5, "hevc", 1920, 1080)
    assert (probe.rotation, probe.display_width, probe.display_height, probe.has_audio) == (270, 1080, 1920, True)
    with pytest.raises(media.MediaRejected, match="no video track"):
        media.parse_probe("Input #0, mp3, from 'a.mp3':\n  Duration: 00:00:03.00\n  Stream #0:0: Audio: mp3\n")
