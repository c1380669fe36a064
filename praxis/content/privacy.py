"""What content keeps when a member deletes their account (called by `accounts.services.member_erase`).

Kept, shown as "Former member": pieces that others could read or rely on — published, unpublished by a moderator
(their history and the questions under them) and the merged versions of published pieces. Deleted: what only the
author and the reviewers ever saw (drafts, pieces in review, sent back or rejected, new versions not yet merged),
with their files, videos and uploads in progress — removed once the deletion has committed.
"""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Any

from django.db.models import Q
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from praxis.accounts.models import User
from praxis.core.files import call_on_commit, delete_on_commit, unlink_on_commit
from praxis.core.personal_data import Holding, OnErasure, Retention

from .media.storage import delete_prefix
from .models import Content, PlaybackPosition, Upload, VideoAsset

KEPT = [Content.Status.PUBLISHED, Content.Status.UNPUBLISHED, Content.Status.SUPERSEDED]

PERSONAL_DATA = [
    Holding(
        "content.Content", ("author", "reviewed_by", "coi_statement", "document"),
        purpose=_("the capsules, documents and articles you write, with your declaration of interests"),
        on_erasure=OnErasure.DETACHED, files=("document",),
    ),
    Holding(
        "content.Upload", ("owner", "filename"),
        purpose=_("a video upload in progress, so that it can resume"),
        on_erasure=OnErasure.DELETED,
        retention=Retention("CONTENT_UPLOAD_EXPIRY_HOURS", _("the upload started"), unit="hours"),
    ),
    Holding(
        "content.PlaybackPosition", ("user", "seconds"),
        purpose=_("where you stopped in a video, to resume it"), on_erasure=OnErasure.DELETED,
    ),
]


def export_member(*, member: User) -> dict[str, Any]:
    return {
        "contents": [
            {"id": content.pk, "kind": content.kind, "title": content.title, "status": content.status,
             "summary": content.summary, "body": content.body, "visibility": content.visibility,
             "language": content.language, "coi_statement": content.coi_statement,
             "created_at": content.created_at.isoformat(),
             "published_at": content.published_at.isoformat() if content.published_at else None,
             "document": f"files/content/{_document_name(content)}" if content.document else None}
            for content in Content.objects.filter(author=member).order_by("created_at")
        ],
        "playback_positions": [
            {"content": position.content_id, "seconds": position.seconds,
             "updated_at": position.updated_at.isoformat()}
            for position in PlaybackPosition.objects.filter(user=member).order_by("updated_at")
        ],
    }


def _document_name(content: Content) -> str:
    return f"{content.pk}-{(content.document.name or '').rsplit('/', 1)[-1]}"


def export_files(*, member: User) -> list[tuple[str, FieldFile]]:
    return [(_document_name(content), content.document)
            for content in Content.objects.filter(author=member).exclude(document="")]


# A video whose processing started longer ago than the job's lease is no longer being processed (its worker died):
# the erasure does not wait for it.
TRANSCODE_WAIT = timedelta(hours=3)


def erasure_requested(*, member: User) -> None:
    """The member asked for their erasure: their uploads in progress stop at once (a chunk still arriving finds its
    upload gone and is refused; the temporary files go once this commits)."""
    for upload in Upload.objects.filter(owner=member, completed_at__isnull=True).only("temp_path"):
        unlink_on_commit(upload.temp_path)
    Upload.objects.filter(owner=member, completed_at__isnull=True).delete()


def erasure_waits_for(*, member: User) -> list[str]:
    """Videos of the member being transcoded right now: the erasure waits until they are done, so that no output
    is written after the erasure purged the capsule's folders. (A transcode that starts later finds its capsule
    gone and stops; one that finishes on a deleted capsule removes its own outputs: see `media.process_video`.)"""
    running = VideoAsset.objects.filter(
        content__author=member, status=VideoAsset.Status.PROCESSING,
        processing_started_at__gt=timezone.now() - TRANSCODE_WAIT,
    ).values_list("content_id", flat=True)
    return [f"video of content {pk} being processed" for pk in running]


def erase_member(*, member: User, former_member: User) -> None:
    authored = Content.objects.filter(author=member)
    gone = list(authored.exclude(status__in=KEPT).values_list("pk", "kind", "document"))
    gone_ids = [pk for pk, _kind, _document in gone]
    # `updated_at` keys the rendered cards: the name disappears from them at once.
    authored.filter(status__in=KEPT).update(author=former_member, updated_at=timezone.now())

    for upload in Upload.objects.filter(Q(owner=member) | Q(content_id__in=gone_ids)).only("temp_path"):
        unlink_on_commit(upload.temp_path)
    Content.objects.filter(pk__in=gone_ids).delete()

    documents = {document for _pk, _kind, document in gone if document}
    still_used = set(Content.objects.filter(document__in=documents).values_list("document", flat=True))
    delete_on_commit(documents - still_used, storage=Content._meta.get_field("document").storage)
    for pk, kind, _document in gone:
        if kind == Content.Kind.CAPSULE:
            # The source, every rendition, poster and captions of the capsule live under these two prefixes.
            for prefix in (f"capsules/{pk}", f"capsules/sources/{pk}"):
                call_on_commit(partial(delete_prefix, prefix))
