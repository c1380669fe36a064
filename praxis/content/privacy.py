"""What content keeps when a member deletes their account (called by `accounts.services.member_delete`).

Kept, shown as "Former member": pieces that others could read or rely on — published, unpublished by a moderator
(their history and the questions under them) and the merged versions of published pieces. Deleted: what only the
author and the reviewers ever saw (drafts, pieces in review, sent back or rejected, new versions not yet merged),
with their files, videos and uploads in progress — removed once the deletion has committed.
"""

from __future__ import annotations

from functools import partial

from django.db.models import Q
from django.utils import timezone

from praxis.accounts.models import User
from praxis.core.files import call_on_commit, delete_on_commit, unlink_on_commit

from .media.storage import delete_prefix
from .models import Content, Upload

KEPT = [Content.Status.PUBLISHED, Content.Status.UNPUBLISHED, Content.Status.SUPERSEDED]


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
