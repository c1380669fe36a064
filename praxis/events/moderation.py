"""What the moderation queue (review) shows of a flagged event, and the action it offers."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from praxis.review.models import Flag
from praxis.review.targets import FlagTarget, ModerationLink, Shown, register

from .models import Event

EVENT_REASONS = (Flag.Reason.ADVERTISING, Flag.Reason.INACCURATE, Flag.Reason.UNDECLARED_COI,
                 Flag.Reason.INAPPROPRIATE, Flag.Reason.OTHER)


def _show(event: Event) -> Shown:
    actions = []
    if event.status == Event.Status.PUBLISHED:
        actions.append(ModerationLink(_("Unpublish…"), reverse("events:unpublish", args=[event.pk])))
    return Shown(
        kind=str(event.get_kind_display()), title=event.title, text=event.description,
        author=event.institution or event.created_by, url=reverse("events:detail", args=[event.pk]),
        state="" if event.status == Event.Status.PUBLISHED else str(event.get_status_display()), actions=actions,
    )


register(FlagTarget(model=Event, queryset=lambda: Event.objects.select_related("institution", "created_by"),
                    show=_show, reasons=EVENT_REASONS))
