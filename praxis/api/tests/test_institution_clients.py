"""An institution's admins register its own systems (OAuth2 client credentials) from a page, see the secret once,
and remove them; a removed system's tokens stop at once."""

from __future__ import annotations

import base64
import re

import pytest
from django.test import Client
from django.urls import reverse

from praxis.api import services
from praxis.api.models import InstitutionClient
from praxis.core.actor import Actor
from praxis.core.models import AuditEntry
from praxis.institutions.models import Institution
from praxis.testing import Personas, make_institution, make_institution_member, make_member, make_totp

from .conftest import ApiClient

pytestmark = pytest.mark.django_db


def _token(client_id: str, secret: str):
    return ApiClient().client.post("/o/token/", {"grant_type": "client_credentials", "scope": "read"},
                                   headers={"Authorization": "Basic " + base64.b64encode(
                                       f"{client_id}:{secret}".encode()).decode()})


def test_an_admin_registers_a_system_that_acts_for_the_institution_then_removes_it(personas: Personas) -> None:
    url = reverse("api:institution_clients", args=[personas.institution.slug])
    admin = personas.client("institution_admin")
    assert "Systèmes" in admin.get(reverse("api:tokens"), headers={"Accept-Language": "fr"}).content.decode()
    page = admin.post(url, {"name": "Planning des formations"}, headers={"Accept-Language": "fr"}).content.decode()
    shown_id = re.search(r'id="client-id"[^>]*value="([^"]+)"', page)
    shown_secret = re.search(r'id="client-secret"[^>]*value="([^"]+)"', page)
    assert shown_id and shown_secret
    client_id, secret = shown_id.group(1), shown_secret.group(1)
    assert "ne sera plus affiché" in page or "ne sera plus affich" in page
    assert secret not in admin.get(url).content.decode()  # shown once
    answer = _token(client_id, secret)
    assert answer.status_code == 200
    system = ApiClient(answer.json()["access_token"])
    assert system.get("/events").status_code == 200
    registered = InstitutionClient.objects.get(application__client_id=client_id)
    assert AuditEntry.objects.filter(action="api.client.registered", target_id=str(personas.institution.pk)).exists()

    removed = admin.post(reverse("api:institution_client_remove", args=[personas.institution.slug, registered.pk]))
    assert removed.status_code == 302
    assert system.get("/events").status_code == 401
    assert _token(client_id, secret).status_code == 401
    entry = AuditEntry.objects.get(action="api.client.removed")
    assert entry.data["application"] == "Planning des formations" and entry.data["tokens"] == 1


def test_staff_other_admins_and_unverified_institutions_cannot_register(personas: Personas) -> None:
    url = reverse("api:institution_clients", args=[personas.institution.slug])
    assert personas.client("institution_staff").post(url, {"name": "Pirate"}).status_code == 403
    other = make_institution("Autre clinique")
    other_admin = make_member()
    make_institution_member(other, other_admin, "admin")
    make_totp(other_admin)  # an admin has a second factor (or is sent to set one up first)
    client = Client()
    client.force_login(other_admin)
    assert client.get(url).status_code == 403
    unverified = make_institution("Clinique en attente")
    Institution.objects.filter(pk=unverified.pk).update(is_verified=False)
    make_institution_member(unverified, other_admin, "admin")
    assert client.get(reverse("api:institution_clients", args=[unverified.slug])).status_code == 403
    assert not InstitutionClient.objects.exists()


def test_a_system_of_another_institution_cannot_be_removed_from_here(personas: Personas) -> None:
    other = make_institution("Autre clinique")
    other_admin = make_member()
    make_institution_member(other, other_admin, "admin")
    theirs = services.institution_client_register(actor=Actor(other_admin), institution=other, name="Leur RH").client
    response = personas.client("institution_admin").post(
        reverse("api:institution_client_remove", args=[personas.institution.slug, theirs.pk]))
    assert response.status_code == 404
    assert InstitutionClient.objects.filter(pk=theirs.pk).exists()
