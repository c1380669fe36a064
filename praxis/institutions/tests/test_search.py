"""Finding help near me and colleagues: filters, distances, ordering, queries."""

import pytest
from django.urls import reverse

from praxis.core.actor import Actor
from praxis.institutions import geo, selectors
from praxis.institutions.models import Institution
from praxis.testing import make_member

from .factories import (
    LIEGE,
    NAMUR,
    load_test_places,
    make_colleague,
    make_directory_profile,
    make_listed_institution,
    service,
)

pytestmark = pytest.mark.django_db
ANS = (50.6624, 5.5191)
HUY = (50.5186, 5.2396)


@pytest.fixture
def network() -> dict[str, Institution]:
    return {
        "ans": make_listed_institution("Respect Seniors Ans", lat=ANS[0], lon=ANS[1], services=["elder-abuse"],
                                       publics=["elderly"], languages=["fr"]),
        "huy": make_listed_institution("Écoute Seniors Huy", lat=HUY[0], lon=HUY[1], services=["elder-abuse"],
                                       publics=["elderly", "families"], languages=["fr", "nl"],
                                       kind=Institution.Kind.PUBLIC_SERVICE),
        "namur": make_listed_institution("Soins palliatifs Namur", lat=NAMUR[0], lon=NAMUR[1],
                                         services=["palliative-care"], publics=["adults"], languages=["fr"]),
        "lille": make_listed_institution("Maison des aînés Lille", lat=50.6292, lon=3.0573, country="FR",
                                         services=["elder-abuse"], publics=["elderly"], languages=["fr"]),
        "hidden": make_listed_institution("Non vérifiée Ans", lat=ANS[0], lon=ANS[1], services=["elder-abuse"],
                                          verified=False),
    }


def near(lat: float, lon: float, km: float) -> selectors.Near:
    return selectors.Near(geo.Place("Liège", "4000", "BE", lat, lon), km)


def search(**filters) -> list[str]:
    return [i.name for i in selectors.directory_search(Actor(None), **filters)]


def test_elder_abuse_near_liege_is_sorted_by_distance_with_the_distance(network) -> None:
    rows = list(selectors.directory_search(Actor(None), service=service("elder-abuse"), near=near(*LIEGE, 50)))
    assert [r.name for r in rows] == ["Respect Seniors Ans", "Écoute Seniors Huy"]
    assert rows[0].distance_km == pytest.approx(geo.haversine_km(*LIEGE, *ANS), rel=0.005)
    assert rows[0].distance_km < rows[1].distance_km < 50


def test_the_radius_leaves_out_farther_institutions(network) -> None:
    assert search(near=near(*LIEGE, 10)) == ["Respect Seniors Ans"]
    assert search(near=near(*LIEGE, 60)) == ["Respect Seniors Ans", "Écoute Seniors Huy", "Soins palliatifs Namur"]


def test_filters_combine(network) -> None:
    assert search(service=service("elder-abuse"), language="nl") == ["Écoute Seniors Huy"]
    assert set(search(service=service("elder-abuse"), public="elderly", country="BE")) == {
        "Respect Seniors Ans", "Écoute Seniors Huy"}
    assert search(public="families", kind=Institution.Kind.PUBLIC_SERVICE) == ["Écoute Seniors Huy"]
    assert search(service=service("elder-abuse"), country="FR") == ["Maison des aînés Lille"]
    assert search(text="palliatifs", near=near(*LIEGE, 100)) == ["Soins palliatifs Namur"]
    assert search(service=service("palliative-care"), near=near(*LIEGE, 25)) == []


def test_free_text_matches_service_names_and_cities(network) -> None:
    network["namur"].city = "Namur"
    network["namur"].save()
    assert set(search(text="Maltraitance")) == {"Écoute Seniors Huy", "Maison des aînés Lille", "Respect Seniors Ans"}
    assert search(text="namur") == ["Soins palliatifs Namur"]


def test_unverified_institutions_never_appear_in_searches_even_for_their_staff(network, personas) -> None:
    from praxis.testing import make_institution_member

    make_institution_member(network["hidden"], personas.outsider, "admin")
    rows = selectors.directory_search(Actor(personas.outsider), near=near(*LIEGE, 10))
    assert [r.name for r in rows] == ["Respect Seniors Ans"]


def test_the_directory_page_says_what_within_how_far_of_where(client, network) -> None:
    load_test_places()
    response = client.get(reverse("institutions:directory"),
                          {"place": "4430", "service": "elder-abuse", "radius": 25})
    assert response.status_code == 200
    text = response.content.decode()
    assert "Maltraitance des aînés" in text and "25 km" in text and "4430 Ans" in text
    assert "Respect Seniors Ans" in text and "Écoute Seniors Huy" not in text


def test_the_directory_list_costs_a_fixed_number_of_queries(client, django_assert_max_num_queries) -> None:
    load_test_places()
    for n in range(25):
        make_listed_institution(f"Service {n:02d}", lat=LIEGE[0] + n / 1000, lon=LIEGE[1],
                                services=["elder-abuse", "home-care"])
    with django_assert_max_num_queries(8):
        response = client.get(reverse("institutions:directory"), {"place": "4000", "radius": 25})
    assert response.context["page"].paginator.count == 25


def test_cached_cards_are_shown_as_they_were_and_their_services_not_read_again(client) -> None:
    """The view reads the cards `{% cache %}` kept (same key) and loads services only for the others: the page is the
    same bytes cold and warm, a warm page reads no service, and an edited institution's card is rendered again."""
    import re

    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    load_test_places()
    made = [make_listed_institution(f"Service {n:02d}", lat=LIEGE[0] + n / 1000, lon=LIEGE[1],
                                    services=["elder-abuse", "home-care"]) for n in range(3)]
    caches["fragments"].clear()
    url, query = reverse("institutions:directory"), {"place": "4000", "radius": 25}

    def page() -> tuple[str, list[str]]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, query)
        html = re.sub(r'("X-CSRFToken": "|nonce="|csrfmiddlewaretoken" value=")[^"]+', "", response.content.decode())
        return html, [q["sql"] for q in queries.captured_queries if "institutions_institution_services" in q["sql"]]

    cold, cold_reads = page()
    warm, warm_reads = page()
    assert warm == cold and cold_reads and not warm_reads
    assert cold.count("institution-card") == 3
    made[1].name = "Service renommé"
    made[1].save()
    edited, edited_reads = page()
    assert "Service renommé" in edited and len(edited_reads) == 1
    assert edited.replace("Service renommé", "Service 01") == cold


# --- colleagues -------------------------------------------------------------------------------------------------
def test_colleagues_are_found_by_profession_language_theme_and_distance(personas) -> None:
    from praxis.content.models import Theme

    theme = Theme.objects.get(slug="maltraitance-des-aines")
    nurse = make_colleague("nurse@example.test", profession="nurse", languages=["fr", "nl"], specialty="Plaies")
    gp = make_colleague("gp-namur@example.test", profession="gp", languages=["fr"])
    make_directory_profile(nurse).themes.add(theme)
    make_directory_profile(gp, latitude=NAMUR[0], longitude=NAMUR[1])
    make_member("hidden@example.test", profession="nurse")  # never opted in
    viewer = Actor(personas.verified_gp)

    def names(**filters) -> list[str]:
        return [p.user.email for p in selectors.colleagues_search(viewer, **filters)]

    assert names(profession="nurse") == ["nurse@example.test"]
    assert names(language="nl") == ["nurse@example.test"]
    assert names(theme_id=theme.pk) == ["nurse@example.test"]
    assert names(specialty="plaie") == ["nurse@example.test"]
    assert names(near=near(*LIEGE, 25)) == ["nurse@example.test"]
    assert names(near=near(*LIEGE, 80)) == ["nurse@example.test", "gp-namur@example.test"]


def test_what_a_colleague_hid_is_not_searchable(personas) -> None:
    nurse = make_colleague("nurse@example.test", profession="nurse", languages=["nl"], specialty="Plaies")
    make_directory_profile(nurse, show_languages=False, show_specialty=False, show_city=False)
    viewer = Actor(personas.verified_gp)
    assert not selectors.colleagues_search(viewer, language="nl").exists()
    assert not selectors.colleagues_search(viewer, specialty="plaies").exists()
    assert not selectors.colleagues_search(viewer, near=near(*LIEGE, 25)).exists()
    assert selectors.colleagues_search(viewer, profession="nurse").exists()


def test_the_colleagues_list_costs_a_fixed_number_of_queries(personas, django_assert_max_num_queries) -> None:
    from praxis.content.models import Theme

    themes = list(Theme.objects.all()[:3])
    for n in range(12):
        profile = make_directory_profile(make_member(f"c{n}@example.test"))
        profile.themes.set(themes)
    client = personas.client("verified_gp")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("institutions:colleagues"))
    assert response.context["page"].paginator.count == 12


# --- the search form, kept rendered ---------------------------------------------------------------------------------
def test_the_kept_search_form_shows_a_renamed_service_and_the_values_of_each_search(client) -> None:
    """The directory's form is kept rendered per values, services and language: never a stale service name, never
    the values of another search, errors always rendered afresh."""
    load_test_places()
    elder = service("elder-abuse")
    url = reverse("institutions:directory")
    first = client.get(url, {"place": "4000", "radius": 25}).content.decode()
    assert "(renommé)" not in first and f'value="{elder.slug}"' in first
    renamed_name = "Maltraitance des aînés (renommé)"
    type(elder).objects.filter(pk=elder.pk).update(name=renamed_name, name_nl=renamed_name, name_en=renamed_name)
    renamed = client.get(url, {"place": "4000", "radius": 25}).content.decode()
    assert renamed_name in renamed
    assert 'value="4000"' in renamed
    other = client.get(url, {"place": "5000", "radius": 10, "q": "écoute"}).content.decode()
    assert 'value="5000"' in other and 'value="écoute"' in other and 'value="4000"' not in other
    unknown = client.get(url, {"place": "zzzz-inconnu", "radius": 25})
    assert unknown.status_code == 400 and 'value="zzzz-inconnu"' in unknown.content.decode()
    dutch = client.get(url, {"place": "4000", "radius": 25}, headers={"Accept-Language": "nl"}).content.decode()
    assert 'lang="nl"' in dutch and dutch != renamed
