from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from praxis.jobs.models import JobMessage, JobOffer, SavedSearch
from praxis.testing import make_institution

from .factories import make_offer, make_saved_search

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


def _queries(client, url) -> int:
    client.get(url)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_list_shows_open_offers_newest_first(personas):
    make_offer(personas.institution, personas.institution_admin, title="Ancienne",
               published_at=timezone.now() - timedelta(days=5))
    make_offer(personas.institution, personas.institution_admin, title="Récente")
    make_offer(personas.institution, personas.institution_admin, title="Expirée",
               closing_date=timezone.localdate() - timedelta(days=1))
    page = personas.client("anonymous").get("/emplois/").content.decode()
    assert page.index("Récente") < page.index("Ancienne") and "Expirée" not in page


def test_the_list_filters_by_profession_region_and_contract(personas):
    make_offer(personas.institution, personas.institution_admin, title="Infirmier Liège")
    make_offer(personas.institution, personas.institution_admin, title="Kiné Bruxelles",
               professions=["physiotherapist"], region="be-bru", contract=JobOffer.Contract.FIXED_TERM)
    client = personas.client("anonymous")
    assert "Kiné Bruxelles" not in client.get("/emplois/?profession=nurse").content.decode()
    assert "Infirmier Liège" not in client.get("/emplois/?region=be-bru").content.decode()
    assert "Infirmier Liège" not in client.get("/emplois/?contract=fixed_term").content.decode()
    assert "Kiné Bruxelles" in client.get("/emplois/?contract=fixed_term").content.decode()


def test_the_list_filters_by_distance(personas):
    from praxis.institutions.models import PostalCode

    PostalCode.objects.create(country="BE", postal_code="1000", name="Bruxelles", search_name="bruxelles",
                              latitude=50.8467, longitude=4.3525)
    make_offer(personas.institution, personas.institution_admin, title="Près", latitude=50.85, longitude=4.36)
    make_offer(personas.institution, personas.institution_admin, title="Loin", latitude=50.63, longitude=5.58)
    page = personas.client("anonymous").get("/emplois/?near=1000&country=BE&radius=30").content.decode()
    assert "Près" in page and "Loin" not in page


def test_the_list_runs_a_constant_number_of_queries(personas):
    client = personas.client("verified_gp")
    make_offer(personas.institution, personas.institution_admin)
    few = _queries(client, "/emplois/")
    for i in range(6):
        make_offer(make_institution(f"Hôpital {i}"), personas.institution_admin)
    assert _queries(client, "/emplois/") == few
    assert "<html" not in client.get("/emplois/", headers=HTMX).content.decode()


def test_an_institution_admin_posts_an_offer(personas):
    response = personas.client("institution_admin").post("/emplois/nouvelle/", {
        "institution": personas.institution.pk, "title": "Sage-femme", "professions": ["midwife"],
        "contract": "permanent", "working_time": "part_time", "postal_code": "5000", "city": "Namur",
        "country": "BE", "description": "Maternité.", "apply_method": "email", "apply_email": "rh@example.org",
        "closing_date": (timezone.localdate() + timedelta(days=20)).isoformat()})
    assert response.status_code == 302
    assert JobOffer.objects.get().title == "Sage-femme"


def test_a_rejected_offer_form_keeps_what_was_typed(personas):
    response = personas.client("institution_admin").post("/emplois/nouvelle/", {
        "institution": personas.institution.pk, "title": "Sage-femme", "apply_method": "link"})
    assert response.status_code == 400 and "Sage-femme" in response.content.decode()
    htmx = personas.client("institution_admin").post("/emplois/nouvelle/", {"title": "x"}, headers=HTMX)
    assert htmx.status_code == 400 and "<html" not in htmx.content.decode()


def test_the_institution_edits_and_withdraws_its_offer(personas):
    offer = make_offer(personas.institution, personas.institution_admin)
    client = personas.client("institution_staff")
    assert client.get(f"/emplois/{offer.pk}/modifier/").status_code == 200
    assert client.post(f"/emplois/{offer.pk}/retirer/").status_code == 302
    offer.refresh_from_db()
    assert offer.status == JobOffer.Status.WITHDRAWN
    assert personas.client("verified_gp").get(f"/emplois/{offer.pk}/").status_code == 404


def test_a_candidate_writes_through_htmx_and_the_institution_reads_it(personas):
    offer = make_offer(personas.institution, personas.institution_admin)
    response = personas.client("outsider").post(f"/emplois/{offer.pk}/contact/", {"body": "Disponible."},
                                                headers=HTMX)
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert JobMessage.objects.get().sender == personas.outsider
    assert "Disponible." in personas.client("institution_admin").get(f"/emplois/{offer.pk}/").content.decode()
    assert "Disponible." not in personas.client("verified_gp").get(f"/emplois/{offer.pk}/").content.decode()


def test_saving_a_search_keeps_its_filters(personas):
    client = personas.client("verified_gp")
    response = client.post("/emplois/alertes/enregistrer/", {"name": "Infirmier Wallonie", "profession": "nurse",
                                                              "region": "be-wal"})
    assert response.status_code == 302
    saved = SavedSearch.objects.get()
    assert saved.filters["profession"] == "nurse" and saved.filters["region"] == "be-wal"
    page = client.get("/emplois/alertes/").content.decode()
    assert "Infirmier Wallonie" in page
    assert client.post(f"/emplois/alertes/{saved.pk}/supprimer/").status_code == 302
    assert not SavedSearch.objects.exists()


def test_someone_elses_saved_search_cannot_be_deleted(personas):
    saved = make_saved_search(personas.verified_gp)
    assert personas.client("outsider").post(f"/emplois/alertes/{saved.pk}/supprimer/").status_code == 404


@pytest.mark.parametrize(("method", "path"), [
    ("post", "/emplois/"), ("post", "/emplois/alertes/"), ("get", "/emplois/alertes/enregistrer/"),
    ("get", "/emplois/{offer}/retirer/"), ("get", "/emplois/{offer}/contact/"), ("post", "/emplois/{offer}/"),
    ("get", "/emplois/alertes/{search}/supprimer/"),
])
def test_each_route_refuses_the_wrong_method(personas, method, path):
    offer = make_offer(personas.institution, personas.institution_admin)
    saved = make_saved_search(personas.verified_gp)
    url = path.format(offer=offer.pk, search=saved.pk)
    assert getattr(personas.client("verified_gp"), method)(url).status_code == 405


@pytest.mark.parametrize("path", ["/emplois/", "/emplois/nouvelle/", "/emplois/{offer}/", "/emplois/{offer}/modifier/",
                                  "/emplois/alertes/"])
def test_pages_answer_htmx_requests_with_a_fragment(personas, path):
    offer = make_offer(personas.institution, personas.institution_admin)
    response = personas.client("institution_admin").get(path.format(offer=offer.pk), headers=HTMX)
    assert response.status_code == 200 and "<html" not in response.content.decode()
