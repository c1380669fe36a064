"""Every write of the jobs app. Keyword-only, atomic, validated, one audit entry per state change."""

from __future__ import annotations

from typing import Any

import nh3
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from praxis.core import audit
from praxis.core.actor import Actor
from praxis.core.audit import Action
from praxis.core.concurrency import lock_unchanged
from praxis.core.privacy import check_no_patient_identifiers
from praxis.institutions import geo
from praxis.review import services as review_services
from praxis.review.models import Flag

from . import rules, tasks
from .models import JobMessage, JobOffer, SavedSearch
from .regions import region_for

OFFER_FIELDS = [
    "institution", "title", "professions", "contract", "working_time", "address", "postal_code", "city", "country",
    "start_date", "description", "apply_method", "apply_url", "apply_email", "closing_date",
]


def _place(offer: JobOffer) -> None:
    offer.region = region_for(offer.country, offer.postal_code)
    places = geo.locate(offer.country, offer.postal_code or offer.city)
    offer.latitude, offer.longitude = (places[0].lat, places[0].lon) if places else (None, None)


@transaction.atomic
def offer_create(*, actor: Actor, data: dict[str, Any]) -> JobOffer:
    """Publish an offer for a verified institution the actor works for."""
    institution = data.get("institution")
    if institution is None or not institution.is_verified:
        raise ValidationError({"institution": _("Only verified institutions post job offers.")})
    rules.check_post_offer(actor, institution)
    offer = JobOffer(posted_by=actor.user, **{k: v for k, v in data.items() if k in OFFER_FIELDS})
    offer.description = nh3.clean(offer.description, tags=set()).strip()
    check_no_patient_identifiers(title=offer.title, description=offer.description)
    _place(offer)
    offer.full_clean()
    offer.save()
    audit.log(actor, Action.JOBS_OFFER_PUBLISHED, offer, {"institution_id": offer.institution_id,
                                                    "professions": offer.professions})
    return offer


@transaction.atomic
def offer_update(*, actor: Actor, offer: JobOffer, data: dict[str, Any], seen: str | None = None) -> JobOffer:
    rules.check_manage_offer(actor, offer)
    lock_unchanged(offer, seen)
    if data.get("institution") and data["institution"] != offer.institution:
        rules.check_post_offer(actor, data["institution"])
    for key, value in data.items():
        if key in OFFER_FIELDS:
            setattr(offer, key, value)
    offer.description = nh3.clean(offer.description, tags=set()).strip()
    check_no_patient_identifiers(title=offer.title, description=offer.description)
    _place(offer)
    if offer.status == JobOffer.Status.EXPIRED and offer.closing_date >= timezone.localdate():
        offer.status = JobOffer.Status.OPEN  # a later closing date reopens it
    offer.full_clean()
    offer.save()
    audit.log(actor, Action.JOBS_OFFER_UPDATED, offer, {"fields": sorted(k for k in data if k in OFFER_FIELDS)})
    return offer


@transaction.atomic
def offer_withdraw(*, actor: Actor, offer: JobOffer) -> JobOffer:
    rules.check_manage_offer(actor, offer)
    offer.status = JobOffer.Status.WITHDRAWN
    offer.save(update_fields=["status", "updated_at"])
    audit.log(actor, Action.JOBS_OFFER_WITHDRAWN, offer, {"institution_id": offer.institution_id})
    return offer


@transaction.atomic
def offers_expire(*, today: Any = None) -> int:
    """Close the open offers whose closing date has passed (run daily by the task worker)."""
    today = today or timezone.localdate()
    ids = list(JobOffer.objects.filter(status=JobOffer.Status.OPEN, closing_date__lt=today).values_list(
        "pk", flat=True))
    JobOffer.objects.filter(pk__in=ids).update(status=JobOffer.Status.EXPIRED)
    for offer in JobOffer.objects.filter(pk__in=ids):
        audit.log(None, Action.JOBS_OFFER_EXPIRED, offer, {"institution_id": offer.institution_id})
    return len(ids)


@transaction.atomic
def message_send(*, actor: Actor, offer: JobOffer, body: str) -> JobMessage:
    """A candidate writes to the institution; its admins and staff get an email."""
    rules.check_contact(actor, offer)
    message = JobMessage(offer=offer, sender=actor.user, body=nh3.clean(body, tags=set()).strip())
    message.full_clean()
    message.save()
    audit.log(actor, Action.JOBS_MESSAGE_SENT, offer,
              {"message_id": message.pk, "institution_id": offer.institution_id})
    tasks.send_job_message.enqueue(message.pk)
    return message


@transaction.atomic
def search_save(*, actor: Actor, name: str, filters: dict[str, Any]) -> SavedSearch:
    rules.check_save_search(actor)
    if SavedSearch.objects.filter(user_id=actor.id).count() >= 20:
        raise ValidationError(_("You already have 20 saved searches: delete one first."))
    saved = SavedSearch(user=actor.user, name=name.strip() or _("My search"), filters=filters)
    saved.full_clean()
    saved.save()
    audit.log(actor, Action.JOBS_SEARCH_SAVED, saved, {"filters": filters})
    return saved


@transaction.atomic
def search_delete(*, actor: Actor, saved: SavedSearch) -> None:
    if saved.user_id != actor.id:
        raise ValidationError(_("This is not your search."))
    audit.log(actor, Action.JOBS_SEARCH_DELETED, saved, {"name": saved.name})
    saved.delete()


# --- flags and moderation -----------------------------------------------------------------------------------------
@transaction.atomic
def offer_flag(*, actor: Actor, offer: JobOffer, reason: str, text: str = "") -> Flag:
    """A member reports an offer (advertising, wrong information) to the moderation queue; counted once per member."""
    rules.check_flag_offer(actor, offer)
    return review_services.flag_record(actor=actor, target=offer, reason=reason, text=text)


@transaction.atomic
def offer_unpublish(*, actor: Actor, offer: JobOffer, reason: str) -> JobOffer:
    """A moderator takes an open offer offline (withdrawn), with the reason; its open flags are closed."""
    offer = JobOffer.objects.select_for_update().get(pk=offer.pk)
    rules.check_unpublish_offer(actor, offer)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason (kept in the moderation history).")})
    offer.status = JobOffer.Status.WITHDRAWN
    offer.save(update_fields=["status", "updated_at"])
    flags = review_services.flags_uphold(actor=actor, target=offer, resolution=reason)
    audit.log(actor, Action.JOBS_OFFER_UNPUBLISHED, offer,
              {"institution_id": offer.institution_id, "reason": reason, "flags": flags})
    return offer
