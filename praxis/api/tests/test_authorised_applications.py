"""The applications a member authorised through OAuth2: listed on their API access page, withdrawn by them alone."""

from __future__ import annotations

import pytest
from django.urls import reverse
from oauth2_provider.models import get_access_token_model, get_refresh_token_model

from praxis.core.models import AuditEntry
from praxis.testing import Personas

from .conftest import ApiClient
from .matrix import authorise_application

pytestmark = pytest.mark.django_db


def test_a_member_sees_the_applications_acting_for_them_and_withdraws_one(personas: Personas) -> None:
    gp = personas.verified_gp
    intranet = authorise_application(gp, personas.platform_admin)
    agenda = authorise_application(gp, personas.platform_admin, name="Agenda du cabinet")
    other = authorise_application(personas.outsider, personas.platform_admin)
    client = personas.client("verified_gp")
    page = client.get(reverse("api:tokens"), headers={"Accept-Language": "fr"}).content.decode()
    assert "Applications que vous avez autorisées" in page
    assert "Intranet de la clinique" in page and "Agenda du cabinet" in page and "events:read" in page
    assert ApiClient(intranet.token).get("/events").status_code == 200

    response = client.post(reverse("api:application_revoke", args=[intranet.application_id]))
    assert response.status_code == 302
    assert not get_access_token_model().objects.filter(user=gp, application=intranet.application).exists()
    assert not get_refresh_token_model().objects.filter(user=gp, application=intranet.application).exists()
    assert ApiClient(intranet.token).get("/events").status_code == 401  # the application must ask again
    assert get_access_token_model().objects.filter(pk__in=[agenda.pk, other.pk]).count() == 2  # nothing else ends
    entry = AuditEntry.objects.get(action="api.application.revoked")
    assert entry.actor_id == gp.pk and entry.data == {"application": "Intranet de la clinique", "tokens": 1}
    page = client.get(reverse("api:tokens")).content.decode()
    assert "Intranet de la clinique" not in page and "Agenda du cabinet" in page


def test_nobody_withdraws_an_application_from_someone_else(personas: Personas) -> None:
    token = authorise_application(personas.verified_gp, personas.platform_admin)
    for persona in ("outsider", "platform_admin", "moderator"):
        response = personas.client(persona).post(reverse("api:application_revoke", args=[token.application_id]))
        assert response.status_code == 404
    assert get_access_token_model().objects.filter(pk=token.pk).exists()


def test_the_page_says_so_when_no_application_acts_for_the_member(personas: Personas) -> None:
    page = personas.client("outsider").get(reverse("api:tokens"), headers={"Accept-Language": "fr"}).content.decode()
    assert "Aucune application ne peut agir en votre nom." in page
