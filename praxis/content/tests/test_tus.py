"""The tus 1.0 server: creation, resume after an interruption, offsets, termination, limits, CSRF, owners."""

from __future__ import annotations

import base64
import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from praxis.content import tus
from praxis.content.models import Upload, VideoAsset

from .media_factories import clip

TUS = {"Tus-Resumable": "1.0.0"}
PATCH_TYPE = "application/offset+octet-stream"

pytestmark = pytest.mark.usefixtures("media_dirs")


@pytest.fixture
def author(personas) -> Client:
    return personas.client("verified_gp")


def _collection(capsule) -> str:
    return reverse("content:capsule_tus", kwargs={"content_id": capsule.pk})


def _create(client: Client, capsule, length: int, name: str = "geste.mp4") -> str:
    metadata = f"filename {base64.b64encode(name.encode()).decode()},filetype {base64.b64encode(b'video/mp4').decode()}"
    response = client.post(_collection(capsule), headers={**TUS, "Upload-Length": str(length),
                                                           "Upload-Metadata": metadata})
    assert response.status_code == 201, response.content
    assert response["Tus-Resumable"] == "1.0.0"
    return response["Location"]


def _patch(client: Client, url: str, offset: int, data: bytes):
    # CONTENT_TYPE given explicitly: the test client drops it for an empty body, a tus client does not.
    return client.patch(url, data, content_type=PATCH_TYPE, headers={**TUS, "Upload-Offset": str(offset)},
                        CONTENT_TYPE=PATCH_TYPE)


def test_options_announce_the_protocol_version_extensions_and_size_limit(author, capsule, settings) -> None:
    settings.CONTENT_MAX_UPLOAD_BYTES = 1234
    response = author.options(_collection(capsule))
    assert response.status_code == 204
    assert response["Tus-Version"] == "1.0.0"
    assert set(response["Tus-Extension"].split(",")) == {"creation", "termination"}
    assert response["Tus-Max-Size"] == "1234"


def test_an_upload_interrupted_half_way_resumes_from_the_server_offset(author, capsule,
                                                                       django_capture_on_commit_callbacks) -> None:
    data = clip("tiny").read_bytes()
    url = _create(author, capsule, len(data))
    upload = Upload.objects.get()
    assert upload.filename == "geste.mp4" and upload.owner == capsule.author
    half = len(data) // 2
    response = _patch(author, url, 0, data[:half])
    assert response.status_code == 204 and response["Upload-Offset"] == str(half)
    # The connection dropped; the client asks where to resume.
    head = author.head(url, headers=TUS)
    assert head.status_code == 200
    assert (head["Upload-Offset"], head["Upload-Length"]) == (str(half), str(len(data)))
    assert "no-store" in head["Cache-Control"]
    with django_capture_on_commit_callbacks(execute=True):
        response = _patch(author, url, half, data[half:])
    assert response.status_code == 204 and response["Upload-Offset"] == str(len(data))
    asset = VideoAsset.objects.get(content=capsule)
    assert asset.status == VideoAsset.Status.READY, asset.failure_reason
    assert asset.source_name == "geste.mp4" and asset.source_size == len(data)
    upload.refresh_from_db()
    assert upload.completed_at is not None
    assert not Path(upload.temp_path).exists()  # the temporary file is gone once stored


def test_bytes_received_before_a_dropped_connection_are_kept(capsule, verified_gp, personas) -> None:
    class DroppingStream(io.BytesIO):
        def read(self, size: int = -1) -> bytes:
            if self.tell() >= 3000:
                raise OSError("connection reset by peer")
            return super().read(min(size, 1000))

    data = clip("tiny").read_bytes()
    actor = __import__("praxis.core.actor", fromlist=["actor_for"]).actor_for(verified_gp)
    upload = tus.create_upload(actor=actor, content=capsule, length=len(data), metadata={})
    upload = tus.append_chunk(actor=actor, upload=upload, offset=0, stream=DroppingStream(data), declared=None)
    assert upload.offset == 3000
    assert Path(upload.temp_path).read_bytes() == data[:3000]


def test_a_patch_at_the_wrong_offset_is_a_conflict(author, capsule) -> None:
    url = _create(author, capsule, 5000)
    assert _patch(author, url, 100, b"x" * 10).status_code == 409


def test_a_patch_needs_the_tus_content_type(author, capsule) -> None:
    url = _create(author, capsule, 5000)
    response = author.patch(url, b"abc", content_type="application/octet-stream", headers={**TUS, "Upload-Offset": "0"})
    assert response.status_code == 415


def test_a_chunk_beyond_the_declared_length_is_refused(author, capsule) -> None:
    data = clip("tiny").read_bytes()
    url = _create(author, capsule, 100)
    assert _patch(author, url, 0, data[:200]).status_code == 413


def test_a_file_that_is_not_a_video_is_refused_at_its_first_bytes(author, capsule) -> None:
    url = _create(author, capsule, 10_000, name="setup.mp4")
    response = _patch(author, url, 0, b"MZ\x90\x00" + b"\x00" * 500)
    assert response.status_code == 415
    assert "n'est pas une vidéo" in response.content.decode()  # the request's language (French by default)
    assert not Upload.objects.exists()


def test_requests_without_the_tus_version_are_refused(author, capsule) -> None:
    response = author.post(_collection(capsule), headers={"Upload-Length": "10"})
    assert response.status_code == 412 and response["Tus-Version"] == "1.0.0"


def test_creation_checks_the_length(author, capsule, settings) -> None:
    settings.CONTENT_MAX_UPLOAD_BYTES = 1000
    assert author.post(_collection(capsule), headers={**TUS, "Upload-Length": "1001"}).status_code == 413
    assert author.post(_collection(capsule), headers={**TUS, "Upload-Length": "0"}).status_code == 400
    assert author.post(_collection(capsule), headers=TUS).status_code == 400
    assert author.post(_collection(capsule), headers={**TUS, "Upload-Defer-Length": "1"}).status_code == 400
    assert not Upload.objects.exists()


def test_a_member_may_not_open_uploads_without_end(author, capsule, settings) -> None:
    settings.CONTENT_MAX_OPEN_UPLOADS = 2
    _create(author, capsule, 5000)
    _create(author, capsule, 5000)
    refused = author.post(_collection(capsule), headers={**TUS, "Upload-Length": "9"})
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0


def test_termination_deletes_the_upload_and_its_file(author, capsule, django_capture_on_commit_callbacks) -> None:
    url = _create(author, capsule, 5000)
    upload = Upload.objects.get()
    with django_capture_on_commit_callbacks(execute=True):  # the file goes once the row's deletion is committed
        response = author.delete(url, headers=TUS)
    assert response.status_code == 204
    assert not Upload.objects.exists() and not Path(upload.temp_path).exists()


def test_an_expired_upload_is_gone_and_purged(author, capsule) -> None:
    url = _create(author, capsule, 5000)
    Upload.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert _patch(author, url, 0, b"\x00\x00\x00\x18ftypmp42").status_code == 410
    assert tus.purge_expired_uploads() == 1
    assert not Upload.objects.exists()


def test_only_the_owner_reaches_an_upload(author, capsule, personas) -> None:
    url = _create(author, capsule, 5000)
    assert personas.client("outsider").head(url, headers=TUS).status_code == 404
    assert personas.client("moderator").head(url, headers=TUS).status_code == 403
    assert Client().head(url, headers=TUS).status_code == 403
    assert personas.client("outsider").post(_collection(capsule), headers={**TUS, "Upload-Length": "9"}).status_code \
        == 404


def test_the_tus_endpoints_need_the_csrf_header(capsule, verified_gp) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(verified_gp)
    page = client.get(reverse("content:capsule_upload", kwargs={"content_id": capsule.pk}))
    token = page.context["csrf_token"]
    headers = {**TUS, "Upload-Length": "100"}
    assert client.post(_collection(capsule), headers=headers).status_code == 403
    assert client.post(_collection(capsule), headers={**headers, "X-CSRFToken": str(token)}).status_code == 201


def test_a_repeated_final_patch_is_harmless(author, capsule, django_capture_on_commit_callbacks) -> None:
    data = clip("tiny").read_bytes()
    url = _create(author, capsule, len(data))
    with django_capture_on_commit_callbacks(execute=True):
        assert _patch(author, url, 0, data).status_code == 204
    response = _patch(author, url, len(data), b"")
    assert response.status_code == 204 and response["Upload-Offset"] == str(len(data))
    assert VideoAsset.objects.filter(content=capsule).count() == 1


def test_metadata_is_decoded_and_bad_metadata_refused() -> None:
    assert tus.parse_metadata("filename d29ybGQ=,is_confidential") == {"filename": "world", "is_confidential": ""}
    with pytest.raises(tus.TusError):
        tus.parse_metadata("filename ###")
