"""Events in the search index (owned by the search app; see praxis/search/registry.py)."""

from django.urls import NoReverseMatch, reverse

from praxis.search.labels import KIND_LABELS, ONLINE
from praxis.search.registry import Document, Registration, register

from .models import Event
from .rules import events_visible_to


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
