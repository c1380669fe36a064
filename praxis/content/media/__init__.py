"""The video pipeline of capsules: accept a source, probe it, transcode it to HLS + MP4, publish the outputs.

Every step works in a private temporary folder and talks to the storage only through Django's storage API
(`default_storage`), so the local folder, S3-compatible storage and the in-memory storage of the tests all work.
FFmpeg runs as a subprocess with a hard timeout. Outputs are written under a prefix derived from the source and
published by updating one `VideoAsset` row; the previous outputs stay online until then.

`files` (what a received file is), `ffmpeg` (probe, renditions, transcoding), `storage` (outputs in the storage),
`pipeline` (the processing job). The writes that start it (attach a source, captions, playback positions, imports)
are services (`praxis.content.services`).
"""

from .ffmpeg import Probe, make_test_video, parse_probe, probe_file, run_ffmpeg
from .files import (
    HEADER_BYTES,
    VIDEO_MIME_EXTENSIONS,
    VTT_MAX_BYTES,
    MediaBusy,
    MediaRejected,
    check_video_header,
    safe_display_name,
    sniff_video_mime,
)
from .pipeline import STATUS_HELP, process_video
from .storage import media_url, output_prefix

__all__ = [
    "HEADER_BYTES", "STATUS_HELP", "VIDEO_MIME_EXTENSIONS", "VTT_MAX_BYTES", "MediaBusy", "MediaRejected", "Probe",
    "check_video_header", "make_test_video", "media_url", "output_prefix", "parse_probe", "probe_file",
    "process_video", "run_ffmpeg", "safe_display_name", "sniff_video_mime",
]
