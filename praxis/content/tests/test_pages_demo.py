from praxis.accounts import demo as accounts_demo
from praxis.content import demo
from praxis.content.models import Content


def test_demo_content_covers_every_status_and_is_idempotent(db, monkeypatch) -> None:
    monkeypatch.setattr(demo, "VIDEOS_AT_MOST", 0)  # the media pipeline has its own tests
    accounts_demo.seed()
    assert "created" in demo.seed()
    statuses = set(Content.objects.values_list("status", flat=True))
    assert statuses >= {"draft", "submitted", "in_review", "changes_requested", "rejected", "published", "unpublished"}
    assert Content.objects.filter(revision_of__isnull=False, status="draft").count() == 1
    assert set(Content.objects.values_list("kind", flat=True)) == {"capsule", "document", "article"}
    assert Content.objects.filter(kind="capsule").count() == 12
    document = Content.objects.filter(kind="document").first()
    assert document.document.read(5) == b"%PDF-"
    count = Content.objects.count()
    demo.seed()
    assert Content.objects.count() == count


def test_the_demo_videos_have_their_captions_track(db, monkeypatch) -> None:
    from praxis.content.models import VideoAsset

    monkeypatch.setattr(demo, "VIDEOS_AT_MOST", 1)
    accounts_demo.seed()
    demo.seed()
    from praxis.content.models import CaptionTrack

    asset = VideoAsset.objects.get(status=VideoAsset.Status.READY)
    tracks = CaptionTrack.objects.filter(content=asset.content)
    assert sorted(tracks.values_list("language", "source_format")) == [("fr", "vtt"), ("nl", "srt")]
