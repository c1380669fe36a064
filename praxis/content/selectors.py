"""Reads of knowledge content. Lists go through `rules.contents_visible_to` so nobody finds what they may not see."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.query import DEFAULT_FETCH_MODE, get_related_populators
from django.http import Http404
from django.urls import reverse
from django.utils.translation import get_language, get_language_info

from praxis.core.actor import Actor
from praxis.core.compiled import MARKER, CompiledQuery, grouped_by_id

from . import rules
from .models import CaptionTrack, Content, Theme, Upload, VideoAsset

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
PAGE_SIZE = 12


def content_url(content: Content) -> str:
    """The canonical address of a piece (id and slug)."""
    return reverse("content:detail", kwargs={"pk": content.pk, "slug": content.slug or "contenu"})


def active_themes() -> QuerySet[Theme]:
    return Theme.objects.filter(is_active=True)


# The capsule's processed video (poster on the cards), once the media pipeline defines it.
_VIDEO = ("video",) if hasattr(Content, "video") else ()


def _with_cards(queryset: QuerySet[Content]) -> QuerySet[Content]:
    """What a card shows; the article text, its HTML and a document's extracted text stay in the database."""
    return queryset.select_related("author", *_VIDEO).defer("body", "body_html", "document_text").prefetch_related(
        Prefetch("themes", queryset=Theme.objects.only("id", "name", "name_nl", "name_en", "slug"))
    )


def contents_for_list(
    actor: Actor, *, kind: str = "", theme: str = "", profession: str = "", language: str = ""
) -> QuerySet[Content]:
    """Published pieces the actor may find, newest first, filtered, with what their cards show."""
    return _with_cards(listed_contents(actor, kind=kind, theme=theme, profession=profession, language=language))


def cards_of(ids: list[int]) -> QuerySet[Content]:
    """The pieces whose cards are not cached yet (`cards.content_cards`): ids from a `*_visible_to` read."""
    return _with_cards(Content.objects.filter(pk__in=ids))


@dataclass(frozen=True)
class Row:
    """A listed piece as the list reads it (its card comes from `cards.content_cards`)."""

    pk: int
    title: str
    updated_at: datetime
    published_at: datetime | None


def card_rows(queryset: QuerySet[Content]) -> list[Row]:
    """The rows of a list, no model instance built (the cards are cached)."""
    return [Row(*values) for values in queryset.values_list("pk", "title", "updated_at", "published_at")]


# The themes' slugs of each piece, as `prefetch_related("themes")` orders them (by name): one query, no instance
# (the API's list, `content/api.py`).
theme_slugs_of: Callable[[list[int]], dict[int, list[str]]] = grouped_by_id(
    lambda ids: Content.themes.through.objects.filter(content_id__in=ids).order_by("theme__name")
    .values_list("content_id", "theme__slug"))


def listed_contents(actor: Actor, *, kind: str = "", theme: str = "", profession: str = "", language: str = ""
            ) -> QuerySet[Content]:
    """Published pieces the actor may find, newest first, filtered. A piece with no target profession is meant for
    every profession."""
    queryset = rules.contents_visible_to(actor)
    if kind:
        queryset = queryset.filter(kind=kind)
    if theme:
        queryset = queryset.filter(themes__slug=theme)
    if profession:
        queryset = queryset.filter(Q(target_professions__icontains=f'"{profession}"') | Q(target_professions=[]))
    if language:
        queryset = queryset.filter(language=language)
    return queryset.order_by("-published_at", "-id")


def list_page(actor: Actor, *, cursor: str | None, size: int = PAGE_SIZE, **filters: str) -> Page:
    """One page of the content list: its rows' keys only (`Row`), newest first after `cursor`."""
    return keyset_page(listed_contents(actor, **filters), cursor=cursor, size=size, read=card_rows)


def encode_cursor(content: Content | Row) -> str:
    micros = (content.published_at - EPOCH) // timedelta(microseconds=1) if content.published_at else 0
    return f"{micros}_{content.pk}"


def decode_cursor(cursor: str | None) -> tuple[datetime, int] | None:
    try:
        micros, pk = (int(part) for part in (cursor or "").split("_", 1))
    except ValueError:
        return None
    if micros < 0 or pk < 0 or micros > 10**17:
        return None
    return EPOCH + timedelta(microseconds=micros), pk


@dataclass
class Page:
    rows: list[Any]
    next_cursor: str | None


def keyset_page(queryset: QuerySet[Content], *, cursor: str | None, size: int = PAGE_SIZE,
                read: Callable[[QuerySet[Content]], list[Any]] = list) -> Page:
    """One page after `cursor` on (published_at, id) descending: no OFFSET, however deep the reader goes. `read`
    turns the sliced queryset into the rows (default: model instances)."""
    position = decode_cursor(cursor)
    if position:
        at, pk = position
        queryset = queryset.filter(Q(published_at__lt=at) | Q(published_at=at, pk__lt=pk))
    rows = read(queryset[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows=rows, next_cursor=encode_cursor(rows[-1]) if more and rows else None)


# What the content's own page shows; other pages load less (`visible_content_or_404(..., page=False)`).
PAGE_RELATED = ("reviewed_by", "institution", "community", "revision_of", *_VIDEO)


class _PageRead:
    """The content page's read — the piece with its author, reviewer, institution, community, original and video —
    built and compiled by the ORM once per process and database, then only executed with the piece's id (as
    `praxis.core.compiled`, with the joined rows populated as the ORM's own iterable does). Building that six-way
    join took ~12 000 Python calls per request, a quarter of the member's content page (issue 22)."""

    def __init__(self) -> None:
        self._compiled: dict[str, tuple[str, list[Any], list[int], Any, Any, int, int, list[str], list[Any]]] = {}

    def _sql(self, using: str) -> tuple[str, list[Any], list[int], Any, Any, int, int, list[str], list[Any]]:
        found = self._compiled.get(using)
        if found is None:
            queryset = Content.objects.select_related("author", *PAGE_RELATED).filter(pk=MARKER)
            fetch_mode = queryset._fetch_mode  # type: ignore[attr-defined]  # Django 6.1, not in the stubs yet
            if fetch_mode.track_peers:  # not Django's default: keep the ORM's own read
                raise ValueError("the content page's read is compiled for the default fetch mode")
            compiler = queryset.query.get_compiler(using)
            sql, params = compiler.as_sql()
            places = [i for i, param in enumerate(params) if isinstance(param, int) and param == MARKER]
            if len(places) != 1:
                raise ValueError(f"the id is not one parameter of {sql}")
            columns = compiler.klass_info["select_fields"]
            start, end = columns[0], columns[-1] + 1
            names = [column[0].target.attname for column in compiler.select[start:end]]
            populators = get_related_populators(compiler.klass_info, compiler.select, using, fetch_mode)
            # The columns' converters, worked out once (`results_iter` asks every field of the six-way join again).
            converters = compiler.get_converters([column[0] for column in compiler.select[: compiler.col_count]])
            found = self._compiled[using] = (sql, list(params), places, compiler, converters, start, end, names,
                                             populators)
        return found

    def content(self, pk: int, using: str = DEFAULT_DB_ALIAS) -> Content | None:
        sql, params, places, compiler, converters, start, end, names, populators = self._sql(using)
        params = list(params)
        params[places[0]] = pk
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            rows = cursor.fetchall()
        if not rows:
            return None
        # The columns' converters, as the ORM applies them.
        row = next(iter(compiler.apply_converters(rows, converters))) if converters else rows[0]
        content = Content.from_db(using, names, row[start:end], fetch_mode=DEFAULT_FETCH_MODE)
        for populator in populators:
            populator.populate(row, content)
        # Its themes as `prefetch_related("themes")` leaves them, from SQL compiled once too.
        themes = Theme.objects.all()
        themes._result_cache = _page_themes.instances(pk, using)
        themes._prefetch_done = True  # type: ignore[attr-defined]  # private to Django, not in the stubs
        content._prefetched_objects_cache = {"themes": themes}  # type: ignore[attr-defined]
        return content


_page_read = _PageRead()
_page_themes = CompiledQuery(lambda marker: Theme.objects.filter(contents=marker))


def visible_content_or_404(actor: Actor, pk: int, *, kind: str = "", page: bool = False,
                           check: Callable[[Actor, Content], bool] = rules.can_view_content) -> Content:
    """One piece the actor may see, or `Http404` — also when it exists but is not theirs to see, so that a page
    never tells a stranger what exists. `check` is the rule (default: may view); `page` loads what the content's own
    page shows; `kind` restricts to capsules, articles..."""
    if page and not kind:
        content = _page_read.content(pk)
    else:
        queryset = Content.objects.select_related("author", *(PAGE_RELATED if page else ())).filter(pk=pk)
        if page:
            queryset = queryset.prefetch_related("themes")
        if kind:
            queryset = queryset.filter(kind=kind)
        content = queryset.first()
    if content is None or not check(actor, content):
        raise Http404
    return content


def contents_of_author(actor: Actor, *, status: str = "") -> QuerySet[Content]:
    """Everything the actor wrote, revisions included, most recently changed first."""
    if not actor.is_authenticated:
        return Content.objects.none()
    queryset = Content.objects.filter(author_id=actor.id)
    if status:
        queryset = queryset.filter(status=status)
    return (
        queryset.select_related("revision_of", *_VIDEO)
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.only("id", "name", "name_nl", "name_en", "slug")))
        .order_by("-updated_at", "-id")
    )


def open_revision(content: Content) -> Content | None:
    """The revision of a published piece still on its way through review, if any (one at a time)."""
    return content.revisions.exclude(
        status__in=[Content.Status.SUPERSEDED, Content.Status.REJECTED]
    ).order_by("-version").first()


def video_of(content: Content) -> VideoAsset | None:
    return VideoAsset.objects.filter(content=content).first()


def caption_tracks_of(content: Content) -> QuerySet[CaptionTrack]:
    """The capsule's captions, one track per language."""
    return CaptionTrack.objects.filter(content=content).order_by("language")


def _language_name(code: str) -> str:
    try:
        return str(get_language_info(code)["name_local"]).capitalize()
    except KeyError:
        return code.upper()


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def caption_tracks_for_player(content: Content) -> list[dict[str, Any]]:
    """The capsule's captions for a player and its transcript: the interface's language first (the default track),
    then the capsule's own language, then the others; each with its address and its cues."""
    tracks = list(caption_tracks_of(content))
    interface = (get_language() or "fr").split("-")[0]
    tracks.sort(key=lambda track: (track.language != interface, track.language != content.language, track.language))
    return [
        {
            "language": track.language, "label": _language_name(track.language), "default": index == 0,
            "url": reverse("content:capsule_track", kwargs={"content_id": content.pk, "language": track.language}),
            "cues": [{"start": f"{cue['start']:.3f}", "clock": _clock(cue["start"]), "text": cue["text"]}
                     for cue in track.cues],
        }
        for index, track in enumerate(tracks)
    ]


def caption_track_or_404(content: Content, language: str) -> CaptionTrack:
    track = CaptionTrack.objects.filter(content=content, language=language).select_related("content").first()
    if track is None:
        raise Http404
    return track


def own_upload(actor: Actor, content: Content, upload_id: str) -> Upload | None:
    """A resumable upload of this content, only for the member who started it (others get None: 404)."""
    return Upload.objects.filter(pk=upload_id, content=content, owner_id=actor.id).first()
