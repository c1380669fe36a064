"""Events, seminar pieces and white papers in the search index (owned by the search app; see
praxis/search/registry.py).

Seminar pieces are read on their seminar's page by whoever sees the seminar: "public" while it is published or
cancelled, out of the index once a moderator unpublished it (re-indexed with their event). White papers are found by
their newest published version only (older versions stay listed on its page); drafts and versions under review are
never indexed: their organisers reach them from the seminar."""

from django.db.models import OuterRef, QuerySet, Subquery
from django.urls import NoReverseMatch, reverse

from praxis.search.labels import KIND_LABELS, ONLINE
from praxis.search.registry import Document, Registration, register

from .models import Event, SeminarPiece, WhitePaper
from .rules import events_visible_to, pieces_visible_to, white_papers_visible_to


def _document(event: Event) -> Document | None:
    if event.status == Event.Status.UNPUBLISHED:  # taken offline by a moderator: out of the index
        return None
    try:
        url = reverse("events:detail", kwargs={"event_id": event.pk})
    except NoReverseMatch:
        url = ""
    place = ONLINE if event.is_online else f"{event.venue} {event.city}"
    return Document(
        title=event.title,
        body=f"{event.get_kind_display()}. {place}. {event.description}",
        language=event.language,
        url=url,
        date=event.starts_at,
        themes=[theme.slug for theme in event.themes.all()],
        professions=list(event.target_professions or []),
        country=event.country,
        audience="public",  # events are announcements everyone sees (events_visible_to)
    )


register(Registration(
    kind="event",
    label=KIND_LABELS["event"],
    model=Event,
    visible_to=events_visible_to,
    document=_document,
    queryset=lambda: Event.objects.prefetch_related("themes"),
))


def _piece(piece: SeminarPiece) -> Document | None:
    event = piece.event
    if event.status == Event.Status.UNPUBLISHED or event.kind != Event.Kind.SEMINAR:
        return None
    speaker = f"{piece.speaker}. " if piece.speaker else ""
    return Document(
        title=piece.title,
        body=f"{piece.get_kind_display()}. {speaker}{event.title}. {piece.summary}",
        language=event.language,
        url=reverse("events:detail", kwargs={"event_id": event.pk}) + f"#piece-{piece.pk}",
        date=event.starts_at,
        themes=[theme.slug for theme in event.themes.all()],
        professions=list(event.target_professions or []),
        country=event.country,
        audience="public",  # as its seminar (pieces_visible_to)
    )


register(Registration(
    kind="seminar_piece",
    label=KIND_LABELS["seminar_piece"],
    model=SeminarPiece,
    visible_to=pieces_visible_to,
    document=_piece,
    queryset=lambda: SeminarPiece.objects.select_related("event").prefetch_related("event__themes"),
    updated_field="created_at",  # pieces are not edited
    facets=("theme", "profession", "country", "language", "date"),
    follows={"event": lambda ids: SeminarPiece.objects.filter(event_id__in=ids)},
))


def _white_paper(paper: WhitePaper) -> Document | None:
    if paper.status != WhitePaper.Status.PUBLISHED or paper.version != getattr(paper, "newest_published", None):
        return None
    event = paper.event
    sections = [f"{section.get('speaker', '')} {section.get('title', '')}. {section.get('summary', '')}"
                for section in paper.sections]
    return Document(
        title=paper.title,
        body="\n".join([event.title, paper.introduction, *sections, paper.conclusion]),
        language=event.language,
        url=reverse("events:white_paper", kwargs={"paper_id": paper.pk}),
        date=paper.published_at,
        themes=[theme.slug for theme in event.themes.all()],
        professions=list(event.target_professions or []),
        country=event.country,
        is_reviewed=True,  # every version is reviewed before publication
        audience="public",  # published versions are public (white_papers_visible_to)
    )


def _white_papers() -> QuerySet[WhitePaper]:
    newest = WhitePaper.objects.filter(event=OuterRef("event"), status=WhitePaper.Status.PUBLISHED).order_by(
        "-version").values("version")[:1]
    return WhitePaper.objects.select_related("event").prefetch_related("event__themes").annotate(
        newest_published=Subquery(newest))


register(Registration(
    kind="white_paper",
    label=KIND_LABELS["white_paper"],
    model=WhitePaper,
    visible_to=white_papers_visible_to,
    document=_white_paper,
    queryset=_white_papers,
    updated_field="published_at",  # the only change that matters to the index is publication
    # A newly published version replaces the older ones in the index: they are re-indexed (removed) with it.
    follows={"white_paper": lambda ids: WhitePaper.objects.filter(
        event__in=WhitePaper.objects.filter(pk__in=ids).values("event"))},
))
