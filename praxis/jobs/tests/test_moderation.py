"""Members flag a job offer into the moderation queue; moderators unpublish it."""

from django.urls import reverse

from praxis.core.actor import Actor
from praxis.core.audit import Action
from praxis.core.models import AuditEntry
from praxis.review.models import Flag

from .. import services
from ..models import JobOffer
from .factories import make_offer

HTMX = {"HX-Request": "true"}


def test_a_member_flags_an_offer_once_and_a_moderator_unpublishes_it(personas) -> None:
    offer = make_offer(personas.institution, personas.institution_admin)
    client = personas.client("verified_gp")
    detail = client.get(reverse("jobs:detail", args=[offer.pk])).content.decode()
    assert f'href="{reverse("jobs:flag", args=[offer.pk])}"' in detail
    for _n in range(2):
        response = client.post(reverse("jobs:flag", args=[offer.pk]), {"reason": Flag.Reason.ADVERTISING})
        assert response.status_code == 302
    assert Flag.objects.filter(target_id=offer.pk, status=Flag.Status.OPEN).count() == 1
    assert personas.client("institution_staff").get(reverse("jobs:flag", args=[offer.pk])).status_code == 403
    moderator = personas.client("moderator")
    queue = moderator.get(reverse("review:moderation")).content.decode()
    assert offer.title in queue and reverse("jobs:unpublish", args=[offer.pk]) in queue
    url = reverse("jobs:unpublish", args=[offer.pk])
    assert moderator.post(url, {"reason": ""}, headers=HTMX).status_code == 400
    assert personas.client("verified_gp").post(url, {"reason": "x"}).status_code == 403
    assert moderator.post(url, {"reason": "Publicité pour une agence d'intérim."}).status_code == 302
    offer.refresh_from_db()
    assert offer.status == JobOffer.Status.WITHDRAWN
    assert Flag.objects.get(target_id=offer.pk).status == Flag.Status.UPHELD
    entry = AuditEntry.objects.get(action=Action.JOBS_OFFER_UNPUBLISHED)
    assert entry.actor == personas.moderator and entry.data["reason"].startswith("Publicité")
    assert personas.client("outsider").get(reverse("jobs:detail", args=[offer.pk])).status_code == 404


def test_an_offer_flag_offers_only_the_reasons_that_apply(personas) -> None:
    offer = make_offer(personas.institution, personas.institution_admin)
    page = personas.client("outsider").get(reverse("jobs:flag", args=[offer.pk])).content.decode()
    assert 'value="advertising"' in page and 'value="patient_privacy"' not in page
    response = personas.client("outsider").post(reverse("jobs:flag", args=[offer.pk]),
                                                {"reason": "patient_privacy"}, headers=HTMX)
    assert response.status_code == 400 and b"<html" not in response.content
    services.offer_flag(actor=Actor(personas.outsider), offer=offer, reason=Flag.Reason.INACCURATE)
    assert Flag.objects.filter(target_id=offer.pk).count() == 1
