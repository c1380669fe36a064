"""The pipeline on S3-compatible object storage (moto's in-process S3), as configured by AWS_STORAGE_BUCKET_NAME."""

from __future__ import annotations

import boto3
import pytest
from django.core.files.storage import default_storage
from django.test import override_settings
from moto import mock_aws

from praxis.content import media
from praxis.content import services as content_services
from praxis.content.models import VideoAsset

from .media_factories import clip, make_capsule

S3_STORAGES = {
    "default": {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {"bucket_name": "praxis-media", "region_name": "eu-west-1", "default_acl": None,
                    "querystring_auth": True, "file_overwrite": False},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}


@pytest.fixture
def s3(media_dirs, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    with mock_aws(), override_settings(STORAGES=S3_STORAGES):
        client = boto3.client("s3", region_name="eu-west-1")
        client.create_bucket(Bucket="praxis-media", CreateBucketConfiguration={"LocationConstraint": "eu-west-1"})
        yield client


@pytest.mark.django_db
def test_a_capsule_is_processed_into_the_bucket_and_served_by_signed_urls(s3, verified_gp) -> None:
    asset = content_services.attach_source(actor=None, content=make_capsule(verified_gp), path=clip("landscape"),
                                original_name="genou.mov")
    media.process_video(asset.pk, asset.source_key)
    asset.refresh_from_db()
    assert asset.status == VideoAsset.Status.READY, asset.failure_reason
    keys = {item["Key"] for item in s3.list_objects_v2(Bucket="praxis-media")["Contents"]}
    assert asset.source_key in keys
    assert {asset.hls_master, asset.mp4, asset.poster} <= keys
    assert any(key.endswith(".ts") for key in keys)
    body = s3.get_object(Bucket="praxis-media", Key=asset.hls_master)["Body"].read().decode()
    assert "#EXT-X-STREAM-INF" in body
    url = default_storage.url(asset.mp4)
    assert "praxis-media" in url and "Signature" in url


@pytest.mark.django_db
def test_on_s3_the_rules_allow_then_a_short_lived_signed_url_serves_the_file(s3, personas, settings) -> None:
    from django.urls import reverse

    from praxis.content.models import Content

    settings.PROTECTED_MEDIA_SERVING = "redirect"
    settings.PROTECTED_MEDIA_URL_SECONDS = 60
    content = make_capsule(personas.verified_gp, status=Content.Status.PUBLISHED, visibility="verified")
    asset = content_services.attach_source(actor=None, content=content, path=clip("tiny"), enqueue=False)
    media.process_video(asset.pk, asset.source_key)
    asset.refresh_from_db()
    member = personas.client("outsider")
    video = member.get(media.media_url(asset.mp4))
    assert video.status_code == 302
    import time
    from urllib.parse import parse_qs, urlsplit

    query = parse_qs(urlsplit(video["Location"]).query)
    assert "praxis-media" in video["Location"] and "Signature" in query
    assert 0 < int(query["Expires"][0]) - time.time() <= 61  # valid for a minute
    playlist = member.get(media.media_url(asset.hls_master))  # served from here: its segments resolve against it
    assert playlist.status_code == 200 and b"#EXT-X-STREAM-INF" in b"".join(playlist.streaming_content)
    assert personas.client("unverified_member").get(media.media_url(asset.mp4)).status_code == 404
    assert personas.client("anonymous").get(media.media_url(asset.mp4)).status_code == 404
    assert personas.client("outsider").get(
        reverse("content:capsule_file", kwargs={"content_id": content.pk, "key": f"../sources/{content.pk}/x.mp4"})
    ).status_code == 404
