"""An institution that stopped is closed by its admins or a moderator: it leaves the directory, the search and the
offers, its staff is told (in the app and by e-mail) and keeps its history; it can be reopened."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from praxis.core.actor import Actor
from praxis.institutions import rules, selectors, services
from praxis.notifications.models import Notification
from praxis.search.selectors import search
from praxis.search.services import index_object

pytestmark = pytest.mark.django_db


def test_an_admin_closes_the_institution_and_the_staff_is_told(personas, django_capture_on_commit_callbacks):
    institution = personas.institution
    client = personas.client("institution_admin")
    page = client.get(reverse("institutions:close", args=[institution.slug])).content.decode()
    assert "Fermer l'institution" in page or "Fermer l&#x27;institution" in page
    refused = client.post(reverse("institutions:close", args=[institution.slug]), {"note": "Fusion"})
    assert refused.status_code == 400  # the confirmation box is required
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(reverse("institutions:close", args=[institution.slug]),
                           {"note": "Fusion avec le CHR voisin", "confirm": "on"})
    assert done.status_code == 302
    institution.refresh_from_db()
    assert institution.closed_at is not None and institution.closing_note == "Fusion avec le CHR voisin"
    told = set(Notification.objects.filter(action="institutions.institution.closed")
               .values_list("recipient_id", flat=True))
    assert personas.institution_staff.pk in told and personas.institution_admin.pk not in told
    assert any(personas.institution_staff.email in message.to for message in mail.outbox)
    # The staff still reads its page, with the date and the note; outsiders no longer find it.
    staff_view = personas.client("institution_staff").get(reverse("institutions:detail", args=[institution.slug]))
    assert staff_view.status_code == 200 and "Fusion avec le CHR voisin" in staff_view.content.decode()
    assert personas.client("verified_gp").get(
        reverse("institutions:detail", args=[institution.slug])).status_code == 404
    assert institution not in selectors.directory_search(Actor(personas.institution_staff))  # not even for its staff


def test_a_closed_institution_leaves_the_directory_and_the_search(personas, django_capture_on_commit_callbacks):
    institution = personas.institution
    anonymous = personas.client("anonymous")
    before = anonymous.get(reverse("institutions:directory")).content.decode()
    index_object(kind="institution", object_id=institution.pk)
    assert institution.name in before
    hits = search(Actor(personas.verified_gp), institution.name).hits
    assert any(hit.entry.title == institution.name for hit in hits)
    with django_capture_on_commit_callbacks(execute=True):
        services.institution_close(actor=Actor(personas.moderator), institution=institution, note="")
    assert institution.name not in anonymous.get(reverse("institutions:directory")).content.decode()
    hits = search(Actor(personas.verified_gp), institution.name).hits
    assert all(hit.entry.title != institution.name for hit in hits)
    with django_capture_on_commit_callbacks(execute=True):
        services.institution_reopen(actor=Actor(personas.institution_admin), institution=institution)
    assert institution.name in anonymous.get(reverse("institutions:directory")).content.decode()


def test_only_its_admins_and_moderators_close_it_and_twice_is_refused(personas):
    institution = personas.institution
    assert not rules.can_close_institution(Actor(personas.institution_staff), institution)
    with pytest.raises(PermissionDenied):
        services.institution_close(actor=Actor(personas.institution_staff), institution=institution, note="")
    services.institution_close(actor=Actor(personas.institution_admin), institution=institution, note="")
    with pytest.raises(ValidationError):
        services.institution_close(actor=Actor(personas.institution_admin), institution=institution, note="")
