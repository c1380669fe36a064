"""Background jobs of the jobs app: expiry, daily alerts, messages to institutions."""

from __future__ import annotations

import logging

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import periodic_task

from praxis.core.mail import send_templated
from praxis.core.tasks import durable_task
from praxis.institutions import selectors as institution_selectors
from praxis.notifications.mail import send_member_email

from . import services
from .models import AlertDelivery, JobMessage, SavedSearch
from .notifications import JOB_ALERTS
from .selectors import new_matches

logger = logging.getLogger("praxis.jobs")


@durable_task
def expire_offers() -> None:
    services.offers_expire()


@durable_task
def send_alert(saved_search_id: int) -> None:
    """Email the new matching offers of one saved search, each offer once.

    The saved search row is locked while the deliveries are written and the mail sent: a second run waits, then finds
    the offers already delivered. If sending fails, the transaction rolls back and the retry sends them again."""
    with transaction.atomic():
        saved = SavedSearch.objects.select_for_update().select_related("user").filter(pk=saved_search_id).first()
        if saved is None or not saved.user.is_active:
            return
        offers = list(new_matches(saved)[:20])
        if not offers:
            return
        AlertDelivery.objects.bulk_create([AlertDelivery(saved_search=saved, offer=offer) for offer in offers])
        saved.last_alert_at = timezone.now()
        saved.save(update_fields=["last_alert_at"])
        send_member_email(
            to=saved.user.email, template="jobs/email/alert", language=saved.user.preferred_language,
            member=saved.user, kind=JOB_ALERTS,
            context={"saved": saved, "offers": offers, "member": saved.user,
                     "paths": {o.pk: reverse("jobs:detail", args=[o.pk]) for o in offers},
                     "manage_path": reverse("jobs:saved_searches")},
        )


def schedule_alerts() -> int:
    """Queue one alert job per saved search (each job finds its own new offers)."""
    with transaction.atomic():
        ids = list(SavedSearch.objects.filter(user__is_active=True).values_list("pk", flat=True))
        for pk in ids:
            send_alert.enqueue(pk)
    return len(ids)


@periodic_task(crontab(hour="6", minute="30"))
def daily_jobs() -> None:
    with transaction.atomic():
        expire_offers.enqueue()
    logger.info("Queued %s job alert(s)", schedule_alerts())


@durable_task
def send_job_message(message_id: int) -> None:
    """Forward a candidate's message to the institution's admins and staff."""
    message = JobMessage.objects.select_related("offer", "offer__institution", "sender").filter(pk=message_id).first()
    if message is None:
        return
    for membership in institution_selectors.active_staff(message.offer.institution_id, roles=("admin", "staff")):
        send_templated(
            to=membership.user.email, template="jobs/email/contact", language=membership.user.preferred_language,
            context={"message": message, "offer": message.offer, "sender": message.sender,
                     "offer_path": reverse("jobs:detail", args=[message.offer.pk])},
            headers={"Reply-To": message.sender.email},
        )
