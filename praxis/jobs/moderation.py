"""What the moderation queue (review) shows of a flagged job offer, and the action it offers."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from praxis.review.models import Flag
from praxis.review.targets import FlagTarget, ModerationLink, Shown, register

from .models import JobOffer

OFFER_REASONS = (Flag.Reason.ADVERTISING, Flag.Reason.INACCURATE, Flag.Reason.INAPPROPRIATE, Flag.Reason.OTHER)


def _show(offer: JobOffer) -> Shown:
    actions = []
    if offer.status == JobOffer.Status.OPEN:
        actions.append(ModerationLink(_("Unpublish…"), reverse("jobs:unpublish", args=[offer.pk])))
    return Shown(
        kind=_("Job offer"), title=offer.title, text=offer.description, author=offer.institution,
        url=reverse("jobs:detail", args=[offer.pk]),
        state="" if offer.status == JobOffer.Status.OPEN else str(offer.get_status_display()), actions=actions,
    )


register(FlagTarget(model=JobOffer, queryset=lambda: JobOffer.objects.select_related("institution"), show=_show,
                    reasons=OFFER_REASONS))
