"""Writes to the search index: one object, a queryset in bulk, a full rebuild, the periodic catch-up."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from . import registry
from .backends import get_backend
from .backends.base import Backend, index_changed
from .models import IndexWatermark, SearchEntry
from .registry import Document, Registration
from .text import language_or_default

BULK_BATCH = 1000
UNDATED = datetime(2000, 1, 1, tzinfo=UTC)


def _pipes(values: list[str]) -> str:
    clean = [str(value).replace("|", "") for value in values if value]
    return f"|{'|'.join(clean)}|" if clean else ""


def _entry_fields(document: Document) -> dict[str, Any]:
    return {
        "title": document.title[:300],
        "body": document.body or "",
        "language": language_or_default(document.language),
        "url": document.url[:500],
        "date": document.date or UNDATED,  # never NULL: NULLs would sort first in "newest first" on PostgreSQL
        "themes": _pipes(document.themes)[:1000],
        "professions": _pipes(document.professions)[:500],
        "country": (document.country or "")[:2],
        "is_reviewed": document.is_reviewed,
        "popularity": max(0, int(document.popularity or 0)),
        "audience": (document.audience or "")[:40],
    }


@transaction.atomic
def index_object(*, kind: str, object_id: int) -> SearchEntry | None:
    """Bring one object's entry up to date: created, refreshed, or removed when it is no longer indexable."""
    registration = registry.get(kind)
    obj = registration.all_objects().filter(pk=object_id).first()
    document = registration.document(obj) if obj is not None else None
    entry = None
    if document is None:
        remove_object(kind=kind, object_id=object_id)
    else:
        entry, _created = SearchEntry.objects.update_or_create(
            kind=kind, object_id=object_id, defaults=_entry_fields(document)
        )
        get_backend().write([entry.pk])
        index_changed()
    _reindex_followers(kind, [object_id])
    return entry


def _reindex_followers(kind: str, object_ids: list[int]) -> None:
    """Re-index the entries built partly from these objects (a content's questions carry its audience)."""
    if not object_ids:
        return
    for registration, find in registry.followers(kind):
        bulk_index(registration.kind, registration.all_objects().filter(pk__in=find(object_ids).values("pk")))


@transaction.atomic
def remove_object(*, kind: str, object_id: int) -> None:
    ids = list(SearchEntry.objects.filter(kind=kind, object_id=object_id).values_list("pk", flat=True))
    if ids:
        get_backend().delete(ids)
        SearchEntry.objects.filter(pk__in=ids).delete()
        index_changed()


def bulk_index(kind: str, queryset: QuerySet[Any] | None = None, *, batch_size: int = BULK_BATCH) -> int:
    """Index many objects of one kind fast (batched upserts, one full-text UPDATE per batch); returns the count.

    Used by `rebuild_search_index`, the catch-up and benchmarks: `bulk_index("content", Content.objects.all())`.
    Objects that are not indexable (drafts...) have their entries removed."""
    registration = registry.get(kind)
    queryset = registration.all_objects() if queryset is None else queryset
    backend = get_backend()
    indexed = 0
    batch: list[Any] = []
    for obj in queryset.order_by("pk").iterator(chunk_size=batch_size):
        batch.append(obj)
        if len(batch) >= batch_size:
            indexed += _index_batch(registration, batch, backend)
            batch = []
    if batch:
        indexed += _index_batch(registration, batch, backend)
    return indexed


@transaction.atomic
def _index_batch(registration: Registration, objects: list[Any], backend: Backend) -> int:
    documents = {obj.pk: registration.document(obj) for obj in objects}
    gone = [pk for pk, document in documents.items() if document is None]
    if gone:
        stale = list(
            SearchEntry.objects.filter(kind=registration.kind, object_id__in=gone).values_list("pk", flat=True)
        )
        backend.delete(stale)
        SearchEntry.objects.filter(pk__in=stale).delete()
    existing = dict(
        SearchEntry.objects.filter(kind=registration.kind, object_id__in=list(documents)).values_list("object_id", "pk")
    )
    to_create, to_update = [], []
    for pk, document in documents.items():
        if document is None:
            continue
        entry = SearchEntry(kind=registration.kind, object_id=pk, indexed_at=timezone.now(), **_entry_fields(document))
        if pk in existing:
            entry.pk = existing[pk]
            to_update.append(entry)
        else:
            to_create.append(entry)
    SearchEntry.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        fields = [*_entry_fields(Document(title="")).keys(), "indexed_at"]
        SearchEntry.objects.bulk_update(to_update, fields, batch_size=500)
    ids = list(
        SearchEntry.objects.filter(kind=registration.kind, object_id__in=[pk for pk, d in documents.items() if d])
        .values_list("pk", flat=True)
    )
    backend.write(ids)
    index_changed()
    return len(ids)


def rebuild(kinds: list[str] | None = None) -> dict[str, int]:
    """Empty and refill the index for these kinds (all by default)."""
    counts = {}
    for registration in registry.kinds():
        if kinds and registration.kind not in kinds:
            continue
        started = timezone.now()
        with transaction.atomic():
            stale = list(SearchEntry.objects.filter(kind=registration.kind).values_list("pk", flat=True))
            get_backend().delete(stale)
            SearchEntry.objects.filter(kind=registration.kind).delete()
            index_changed()
        counts[registration.kind] = bulk_index(registration.kind)
        IndexWatermark.objects.update_or_create(kind=registration.kind, defaults={"indexed_until": started})
    return counts


def catch_up(*, margin: timedelta = timedelta(minutes=2)) -> dict[str, int]:
    """Re-index what changed since the last run (a safety net for jobs lost between commit and enqueue)."""
    counts = {}
    for registration in registry.kinds():
        started = timezone.now()
        watermark = IndexWatermark.objects.filter(kind=registration.kind).first()
        queryset = registration.all_objects()
        if watermark is not None:
            queryset = queryset.filter(**{f"{registration.updated_field}__gte": watermark.indexed_until - margin})
            if registry.followers(registration.kind):
                _reindex_followers(registration.kind, list(queryset.values_list("pk", flat=True)))
        counts[registration.kind] = bulk_index(registration.kind, queryset)
        IndexWatermark.objects.update_or_create(kind=registration.kind, defaults={"indexed_until": started})
    return counts
