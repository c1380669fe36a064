"""Members flag an event into the moderation queue; moderators unpublish it."""

from django.urls import reverse

from praxis.core.actor import Actor
from praxis.core.audit import Action
from praxis.core.models import AuditEntry
from praxis.review.models import Flag

from .. import services
from ..models import Event
from .factories import make_event

HTMX = {"HX-Request": "true"}


def test_a_member_flags_an_event_once_and_a_moderator_unpublishes_it(personas) -> None:
    event = make_event(personas.institution_admin, institution=personas.institution)
    client = personas.client("verified_gp")
    detail = client.get(reverse("events:detail", args=[event.pk])).content.decode()
    assert f'href="{reverse("events:flag", args=[event.pk])}"' in detail
    for _n in range(2):
        response = client.post(reverse("events:flag", args=[event.pk]), {"reason": Flag.Reason.ADVERTISING})
        assert response.status_code == 302
    assert Flag.objects.filter(target_id=event.pk, status=Flag.Status.OPEN).count() == 1
    assert personas.client("institution_admin").get(reverse("events:flag", args=[event.pk])).status_code == 403
    moderator = personas.client("moderator")
    queue = moderator.get(reverse("review:moderation")).content.decode()
    assert event.title in queue and reverse("events:unpublish", args=[event.pk]) in queue
    url = reverse("events:unpublish", args=[event.pk])
    assert moderator.post(url, {"reason": ""}, headers=HTMX).status_code == 400
    assert client.post(url, {"reason": "x"}).status_code == 403
    assert moderator.post(url, {"reason": "Promotion d'un produit sans déclaration."}).status_code == 302
    event.refresh_from_db()
    assert event.status == Event.Status.UNPUBLISHED
    assert Flag.objects.get(target_id=event.pk).status == Flag.Status.UPHELD
    assert AuditEntry.objects.get(action=Action.EVENTS_EVENT_UNPUBLISHED).actor == personas.moderator
    assert personas.client("outsider").get(reverse("events:detail", args=[event.pk])).status_code == 404
    assert personas.client("anonymous").get(reverse("events:detail", args=[event.pk])).status_code == 404
    assert event.title not in personas.client("outsider").get(reverse("events:agenda")).content.decode()
    assert personas.client("institution_admin").get(reverse("events:detail", args=[event.pk])).status_code == 200


def test_an_event_flag_is_counted_once_through_the_service(personas) -> None:
    event = make_event(personas.institution_admin, institution=personas.institution)
    for _n in range(2):
        services.event_flag(actor=Actor(personas.outsider), event=event, reason=Flag.Reason.INACCURATE)
    assert Flag.objects.filter(target_id=event.pk).count() == 1
