"""Every write to knowledge content pages: drafts, in-place edits, revisions of published pieces, view counts.

The review workflow (praxis.review) moves pieces between statuses; it merges an approved revision back onto the
published original with `content_merge_revision`.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

import filetype
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models import F, Max
from django.db.models.sql import UpdateQuery
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from praxis.core import audit
from praxis.core.actor import Actor
from praxis.core.audit import Action
from praxis.core.compiled import MARKER
from praxis.core.concurrency import lock_unchanged
from praxis.core.files import delete_on_commit
from praxis.core.privacy import check_no_patient_identifiers, find_patient_identifiers
from praxis.core.uploads import clean_document

from . import rules, tasks
from .markup import render_article
from .media.captions import Cue, parse_captions
from .media.files import (
    HEADER_BYTES,
    VIDEO_MIME_EXTENSIONS,
    MediaRejected,
    check_video_header,
    safe_display_name,
    setting,
)
from .models import CAPTION_LANGUAGES, CaptionTrack, Content, DocumentText, PlaybackPosition, VideoAsset
from .selectors import open_revision

# Fields an author sets through the form (themes aside: a many-to-many relation).
EDITABLE_FIELDS = [
    "title", "summary", "body", "target_professions", "language", "countries", "references", "licence", "coi_none",
    "coi_statement", "visibility", "institution", "community", "audience",
]
# What an approved revision carries back to the published original.
MERGED_FIELDS = [*EDITABLE_FIELDS, "slug", "body_html", "document", "document_mime", "document_size", "document_text",
                 "document_text_status"]

PDF_MIME = "application/pdf"
# Office formats are accepted and offered as a download: no converter runs on the platform's machines.
DOCUMENT_TYPES = {
    "pdf": PDF_MIME,
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "doc": "application/msword",
    "odt": "application/vnd.oasis.opendocument.text",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "ppt": "application/vnd.ms-powerpoint",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
DEFAULT_DOCUMENT_MAX_BYTES = 25 * 1024 * 1024


def document_max_bytes() -> int:
    return int(getattr(settings, "CONTENT_DOCUMENT_MAX_BYTES", DEFAULT_DOCUMENT_MAX_BYTES))


def identify_document(upload: UploadedFile[Any]) -> tuple[str, str]:
    """(extension, MIME type) of an accepted document, judged by its content; ValidationError otherwise."""
    if not upload.size:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > document_max_bytes():
        raise ValidationError(
            _("The file is too large (%(size)s MB at most).") % {"size": document_max_bytes() // (1024 * 1024)},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.extension not in DOCUMENT_TYPES:
        raise ValidationError(
            _("This file is not a PDF or an office document (Word, Writer, PowerPoint, Impress, Excel, Calc)."),
            code="wrong_type",
        )
    return kind.extension, DOCUMENT_TYPES[kind.extension]


def _slug(title: str) -> str:
    return slugify(title)[:200].strip("-") or "contenu"


def _apply(content: Content, data: dict[str, Any]) -> None:
    for name in EDITABLE_FIELDS:
        if name in data:
            setattr(content, name, data[name])
    if content.visibility != Content.Visibility.INSTITUTION:
        content.institution = None
    if content.visibility != Content.Visibility.COMMUNITY:
        content.community = None
    if content.coi_none:
        content.coi_statement = ""
    content.slug = _slug(content.title)
    if content.kind != Content.Kind.ARTICLE:
        content.body = ""
    content.body_html = render_article(content.body) if content.kind == Content.Kind.ARTICLE else ""


def _check(actor: Actor, content: Content) -> None:
    if not rules.can_target_audience(actor, content.visibility, content.institution_id, content.community_id):
        raise ValidationError({"visibility": _("You cannot address this audience.")})
    check_no_patient_identifiers(
        title=content.title, summary=content.summary, body=content.body, coi_statement=content.coi_statement
    )


def _store_document(content: Content, upload: UploadedFile[Any]) -> None:
    extension, mime = identify_document(upload)
    stored = clean_document(upload, mime, extension)  # parses cleanly as its type, or is refused
    # Our own name: the uploaded name never reaches the storage.
    content.document.save(f"{uuid.uuid4().hex}.{extension}", stored, save=False)
    content.document_mime = mime
    content.document_size = stored.size
    content.document_text, content.document_text_status = "", DocumentText.PENDING


def _queue_text_extraction(content: Content) -> None:
    """Once the new document is committed, extract its text for search (a background job)."""
    pk, name = content.pk, content.document.name
    transaction.on_commit(lambda: tasks.extract_document_text.enqueue(pk, name))


def _save(content: Content, themes: Any) -> None:
    content.full_clean(exclude=["themes"])
    content.save()
    if themes is not None:
        content.themes.set(themes)


@transaction.atomic
def content_create(
    *, actor: Actor, kind: str, data: dict[str, Any], document: UploadedFile[Any] | None = None
) -> Content:
    """A new draft by a verified professional. Documents need their file; articles their text."""
    rules.check_create_content(actor)
    content = Content(kind=kind, author=actor.user, status=Content.Status.DRAFT)
    _apply(content, data)
    _check(actor, content)
    if kind == Content.Kind.DOCUMENT:
        if document is None:
            raise ValidationError({"document": _("Choose the file to share.")})
        _store_document(content, document)
    _save(content, data.get("themes"))
    if document is not None:
        _queue_text_extraction(content)
    audit.log(actor, Action.CONTENT_CONTENT_CREATED, content, {"kind": kind})
    return content


@transaction.atomic
def content_update(
    *, actor: Actor, content: Content, data: dict[str, Any], document: UploadedFile[Any] | None = None,
    seen: str | None = None,
) -> Content:
    """Edit a piece. Drafts and sent-back pieces change in place; a published piece gets a revision (or its open
    revision is updated) while it stays online. Returns the row that was written. `seen`: see core.concurrency."""
    rules.check_edit_content(actor, content)
    lock_unchanged(content, seen)
    if not rules.editable_in_place(content):
        revision = open_revision(content)
        if revision is None:
            return content_revision_create(actor=actor, content=content, data=data, document=document)
        rules.check_edit_content(actor, revision)
        content = revision
    _apply(content, data)
    _check(actor, content)
    replaced = content.document.name if document is not None else ""
    if document is not None:
        _store_document(content, document)
    _save(content, data.get("themes"))
    if document is not None:
        _queue_text_extraction(content)
    if replaced and not Content.objects.filter(document=replaced).exists():  # a published original may share it
        delete_on_commit(replaced, storage=content.document.storage)
    audit.log(actor, Action.CONTENT_CONTENT_UPDATED, content, {"status": content.status})
    return content


@transaction.atomic
def content_revision_create(
    *, actor: Actor, content: Content, data: dict[str, Any], document: UploadedFile[Any] | None = None
) -> Content:
    """A new version of a published piece, as a draft of its own; the original stays online until it is merged."""
    rules.check_edit_content(actor, content)
    if content.status != Content.Status.PUBLISHED or content.revision_of_id:
        raise ValidationError(_("Only a published piece gets a new version."))
    last = content.revisions.aggregate(last=Max("version"))["last"] or content.version
    revision = Content(
        kind=content.kind, author=content.author, revision_of=content, version=last + 1,
        status=Content.Status.DRAFT, document=content.document, document_mime=content.document_mime,
        document_size=content.document_size, document_text=content.document_text,
        document_text_status=content.document_text_status,
    )
    for name in EDITABLE_FIELDS:
        setattr(revision, name, getattr(content, name))
    _apply(revision, data)
    _check(actor, revision)
    if document is not None:
        _store_document(revision, document)
    themes = data.get("themes")
    _save(revision, themes if themes is not None else list(content.themes.all()))
    if document is not None:
        _queue_text_extraction(revision)
    audit.log(actor, Action.CONTENT_REVISION_CREATED, revision, {"original": content.pk, "version": revision.version})
    return revision


@transaction.atomic
def content_merge_revision(*, actor: Actor, revision: Content) -> Content:
    """Carry an approved revision onto its published original (same URL, questions, bookmarks), then retire it.

    Called by the review workflow when it approves a revision; the caller checks the reviewer's rights."""
    original = Content.objects.select_for_update().get(pk=revision.revision_of_id)
    for name in MERGED_FIELDS:
        setattr(original, name, getattr(revision, name))
    original.version = revision.version
    original.reviewed_by = revision.reviewed_by or actor.user
    original.reviewed_at = revision.reviewed_at or timezone.now()
    original.full_clean(exclude=["themes"])
    original.save()
    original.themes.set(revision.themes.all())
    revision.status = Content.Status.SUPERSEDED
    revision.save(update_fields=["status", "updated_at"])
    audit.log(actor, Action.CONTENT_REVISION_MERGED, original, {"revision": revision.pk, "version": revision.version})
    return original


def content_record_view(*, actor: Actor, content: Content) -> None:
    """Count a view of published content: one atomic UPDATE, the author's own views left out. No audit entry: a
    view is not a state change."""
    if content.status != Content.Status.PUBLISHED or (actor.is_authenticated and actor.id == content.author_id):
        return
    _add_view(content.pk)


_view_update: dict[str, tuple[str, list[Any], int]] = {}


def _add_view(pk: int, using: str = DEFAULT_DB_ALIAS) -> None:
    """`Content.objects.filter(pk=pk).update(view_count=F("view_count") + 1)`, its SQL compiled by the ORM once per
    process (building the UPDATE was ~0.6 ms of CPU on every member's view of a page; issue 22). Still one write a
    view, counted at once. On PostgreSQL, when the view is its own transaction, its commit does not wait for the WAL
    to reach the disk (`synchronous_commit` off for that transaction only): the row stays locked until the commit, and
    readers of a popular piece queued behind each other's fsync (a paced p95 of 135 ms with 8 readers of one piece
    while the disk was busy). A database crash can forget the last fraction of a second of views, never anything
    else; the database stays consistent."""
    found = _view_update.get(using)
    if found is None:
        query = Content.objects.filter(pk=MARKER).query.chain(UpdateQuery)
        query.add_update_values({"view_count": F("view_count") + 1})
        sql, params = query.get_compiler(using).as_sql()
        places = [i for i, param in enumerate(params) if isinstance(param, int) and param == MARKER]
        if len(places) != 1:
            raise ValueError(f"the id is not one parameter of {sql}")
        found = _view_update[using] = (sql, list(params), places[0])
    sql, params, place = found
    params = list(params)
    params[place] = pk
    connection = connections[using]
    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with transaction.atomic(using), connection.cursor() as cursor:
            cursor.execute("SET LOCAL synchronous_commit TO OFF")
            cursor.execute(sql, params)
        return
    with transaction.mark_for_rollback_on_error(using), connection.cursor() as cursor:
        cursor.execute(sql, params)


@transaction.atomic
def content_delete_draft(*, actor: Actor, content: Content) -> None:
    """Delete a draft. Its file goes too, unless the published original still uses it (a new version shares it)."""
    rules.check_delete_content(actor, content)
    name = content.document.name
    audit.log(actor, Action.CONTENT_CONTENT_DELETED, content, {"title": content.title, "kind": content.kind,
                                                          "revision_of": content.revision_of_id})
    content.delete()
    if name and not Content.objects.filter(document=name).exists():
        delete_on_commit(name, storage=Content._meta.get_field("document").storage)


# --- Video (the pipeline is praxis.content.media) --------------------------------------------------------------
@transaction.atomic
def attach_source(
    *, actor: Actor | None, content: Content, path: Path, original_name: str = "", enqueue: bool = True
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
    audit.log(actor, Action.CONTENT_VIDEO_UPLOADED, content, {"size": size, "mime": mime})
    if enqueue:
        tasks.process_capsule_video.enqueue(asset.pk, key)
    return asset


def _check_cues_for_patients(cues: list[Cue]) -> None:
    """Captions are text like any other: a cue that looks like it identifies a patient is refused, with its line."""
    errors = [
        _("Line %(line)s: this text seems to contain %(what)s (“%(excerpt)s”). Praxis stores no patient data: remove "
          "it or make it anonymous.") % {"line": cue.line, "what": finding.label,
                                         "excerpt": cue.text[finding.start:finding.end]}
        for cue in cues for finding in find_patient_identifiers(cue.text)
    ]
    if errors:
        raise ValidationError(errors[:10], code="patient_identifier")


@transaction.atomic
def caption_track_save(*, actor: Actor | None, content: Content, data: bytes, language: str) -> CaptionTrack:
    """Add the capsule's captions in `language`, or replace them, from a WebVTT or SRT file.

    The file is parsed (a broken one is refused with the line of the problem), checked for patient identifiers,
    and kept as its cues only. The capsule is saved too, so that search re-indexes its transcript."""
    if actor is not None:
        rules.check_edit_content(actor, content)
    if language not in dict(CAPTION_LANGUAGES):
        raise ValidationError(_("Choose the language of the captions."))
    if not VideoAsset.objects.filter(content=content).exists():
        raise ValidationError(_("Send the video before its captions."))
    source_format, cues = parse_captions(data)
    _check_cues_for_patients(cues)
    stored = [{"start": cue.start, "end": cue.end, "text": cue.text, **({"settings": cue.settings} if cue.settings
                                                                        else {})} for cue in cues]
    track, created = CaptionTrack.objects.select_for_update().get_or_create(
        content=content, language=language, defaults={"cues": stored, "source_format": source_format})
    if not created:
        track.cues = stored
        track.source_format = source_format
    track.full_clean()
    track.save()
    content.save(update_fields=["updated_at"])
    audit.log(actor, Action.CONTENT_VIDEO_CAPTIONS_ADDED, content,
              {"language": language, "format": source_format, "cues": len(cues), "replaced": not created})
    return track


@transaction.atomic
def caption_track_delete(*, actor: Actor, track: CaptionTrack) -> None:
    """Remove the capsule's captions in one language."""
    content = track.content
    rules.check_edit_content(actor, content)
    language = track.language
    track.delete()
    content.save(update_fields=["updated_at"])
    audit.log(actor, Action.CONTENT_VIDEO_CAPTIONS_REMOVED, content, {"language": language})


def save_position(*, actor: Actor, content: Content, seconds: float) -> PlaybackPosition:
    """Remember where a member stopped (no audit entry: this is not a state change anyone reviews)."""
    seconds = max(0.0, min(float(seconds), 24 * 3600.0))
    position, _created = PlaybackPosition.objects.update_or_create(
        user=actor.user, content=content, defaults={"seconds": seconds}
    )
    return position


@transaction.atomic
def create_imported_capsule(
    *, author: Any, title: str, summary: str, themes: list[Any], language: str, coi_statement: str, publish: bool,
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
    audit.log(author, Action.CONTENT_CONTENT_CREATED, content, {"kind": content.kind, "via": "import_capsule"})
    return content


@transaction.atomic
def publish_imported_capsule(*, author: Any, content: Content) -> Content:
    if not rules.can_publish_without_review(Actor(author)):
        raise PermissionDenied(_("Only a platform administrator's import may be published directly."))
    content.status = Content.Status.PUBLISHED
    content.published_at = timezone.now()
    content.full_clean()
    content.save(update_fields=["status", "published_at", "updated_at"])
    audit.log(author, Action.CONTENT_CONTENT_PUBLISHED, content, {"via": "import_capsule"})
    return content
