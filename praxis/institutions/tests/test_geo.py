import pytest

from praxis.institutions import geo
from praxis.institutions.models import Institution

from .factories import LIEGE, NAMUR, load_test_places, make_listed_institution

pytestmark = pytest.mark.django_db


@pytest.fixture
def places() -> None:
    load_test_places()


def test_liege_to_namur_is_about_52_km_in_the_database() -> None:
    make_listed_institution("À Namur", lat=NAMUR[0], lon=NAMUR[1])
    row = geo.annotate_distance(Institution.objects.all(), LIEGE[0], LIEGE[1]).get()
    assert row.distance_km == pytest.approx(52, abs=2)
    exact = geo.annotate_distance(Institution.objects.all(), LIEGE[0], LIEGE[1], exact=True).get()
    assert exact.distance_km == pytest.approx(geo.haversine_km(*LIEGE, *NAMUR), abs=0.01)
    # The default (equirectangular) distance stays within 0.5 % of the great circle at this scale.
    assert row.distance_km == pytest.approx(exact.distance_km, rel=0.005)


def test_the_exact_distance_also_filters_by_radius() -> None:
    make_listed_institution("À Namur", lat=NAMUR[0], lon=NAMUR[1])
    assert not geo.annotate_distance(Institution.objects.all(), *LIEGE, max_km=50, exact=True).exists()
    assert geo.annotate_distance(Institution.objects.all(), *LIEGE, max_km=55, exact=True).exists()


def test_liege_to_lille_matches_the_known_straight_line_distance(places: None) -> None:
    lille = geo.locate("FR", "59000")[0]
    make_listed_institution("À Lille", lat=lille.lat, lon=lille.lon, country="FR")
    row = geo.annotate_distance(Institution.objects.all(), LIEGE[0], LIEGE[1]).get()
    assert row.distance_km == pytest.approx(169, abs=8)  # Liège–Lille ≈ 169 km as the crow flies


def test_results_are_ordered_by_distance_and_filtered_by_radius() -> None:
    far = make_listed_institution("Namur", lat=NAMUR[0], lon=NAMUR[1])
    near = make_listed_institution("Ans", lat=50.6624, lon=5.5191)
    nowhere = make_listed_institution("Sans adresse")
    ordered = list(geo.annotate_distance(Institution.objects.all(), *LIEGE).order_by("distance_km"))
    assert ordered == [near, far]
    assert nowhere not in ordered
    within = list(geo.annotate_distance(Institution.objects.all(), *LIEGE, max_km=25))
    assert within == [near]


def test_the_bounding_box_contains_the_whole_circle() -> None:
    min_lat, max_lat, min_lon, max_lon = geo.bounding_box(*LIEGE, 25)
    for bearing_point in [(LIEGE[0] + 0.2247, LIEGE[1]), (LIEGE[0], LIEGE[1] + 0.354)]:
        assert geo.haversine_km(*LIEGE, *bearing_point) == pytest.approx(25, abs=0.3)
        assert min_lat <= bearing_point[0] <= max_lat and min_lon <= bearing_point[1] <= max_lon


def test_a_postal_code_locates_its_locality(places: None) -> None:
    [ans] = geo.locate("BE", "4430")
    assert (ans.name, ans.postal_code, ans.country) == ("Ans", "4430", "BE")
    assert ans.label == "4430 Ans"
    assert geo.haversine_km(ans.lat, ans.lon, *LIEGE) < 6


def test_a_city_name_is_found_without_accents_or_capitals(places: None) -> None:
    [liege] = geo.locate("BE", "liege")
    assert liege.name == "Liège"
    assert geo.locate("BE", "LIÈGE") == [liege]


def test_an_unknown_postal_code_locates_nothing(places: None) -> None:
    assert geo.locate("BE", "9999") == []
    assert geo.locate("BE", "Atlantide") == []
    assert geo.locate("BE", "") == []


def test_an_ambiguous_city_gives_each_place_once(places: None) -> None:
    choices = geo.locate("BE", "Neufchâteau")
    assert sorted(p.postal_code for p in choices) == ["4608", "6860"]


def test_a_city_with_several_postal_codes_nearby_is_one_place(places: None) -> None:
    assert len(geo.locate("FR", "Lille")) == 1


def test_a_french_postal_code_without_package_coordinates_gets_its_citys(places: None) -> None:
    [lille] = geo.locate("FR", "59000")
    assert lille.name == "Lille"
    assert geo.haversine_km(lille.lat, lille.lon, 50.6292, 3.0573) < 5


def test_locating_in_any_country(places: None) -> None:
    assert {p.country for p in geo.locate("", "Luxembourg")} >= {"LU"}


def test_normalize_spells_out_saint_and_drops_cedex() -> None:
    assert geo.normalize("St-Gilles") == "saint gilles"
    assert geo.normalize("LILLE CEDEX 9") == "lille"


def test_the_load_command_fills_a_country_from_the_offline_packages() -> None:
    from django.core.management import call_command

    from praxis.institutions.models import PostalCode

    call_command("load_postal_codes", countries="LU", stdout=__import__("io").StringIO())
    assert PostalCode.objects.filter(country="LU").count() > 4000
    [place] = geo.locate("LU", "Esch-sur-Alzette")
    assert 49.4 < place.lat < 49.6 and 5.9 < place.lon < 6.1


def test_a_postal_code_with_its_locality_picks_that_locality(places: None) -> None:
    [place] = geo.locate("BE", "6860 Neufchâteau")
    assert (place.postal_code, place.name) == ("6860", "Neufchâteau")
    assert geo.locate("BE", "B-4430 Ans")[0].name == "Ans"
    assert geo.locate("BE", "4430 Nulle-Part")[0].name == "Ans"  # an unknown name falls back to the code


def test_a_postal_code_in_two_countries_is_ambiguous_when_no_country_is_given(places: None) -> None:
    assert {p.country for p in geo.locate("", "1000")} >= {"BE"}
    assert len(geo.locate("BE", "1000")) == 1


def test_no_geocoder_is_called_without_a_url(settings) -> None:
    settings.GEOCODER_URL = ""
    assert geo.geocode("Rue de la Station 1, 4430 Ans", "BE") is None
