import pytest
from django.urls import reverse

from praxis.content.models import Content

from .factories import make_content, make_theme

pytestmark = pytest.mark.django_db
URL = reverse("search:results")


def test_results_page_lists_hits_with_facets_and_highlighted_snippets(personas):
    make_content("Infiltration du genou", summary="Repérer le genou avant l'infiltration.", reviewed=True,
                 themes=[make_theme("Rhumatologie", "rhumatologie")])
    response = personas.client("verified_gp").get(URL, {"q": "infiltrations"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<mark>Infiltration</mark> du genou" in html
    assert "Rhumatologie" in html
    assert "rhumatologie" in html


def test_anonymous_visitors_search_public_content_only(personas):
    make_content("Suture simple")
    make_content("Suture avancée", visibility=Content.Visibility.VERIFIED)
    html = personas.client("anonymous").get(URL, {"q": "suture"}).content.decode()
    assert "</mark> simple" in html and "avancée" not in html


def test_outsiders_never_see_community_content_nor_its_count(personas):
    make_content("Cas organisationnel de la CdP", visibility=Content.Visibility.COMMUNITY,
                 community=personas.community)
    outsider = personas.client("outsider").get(URL, {"q": "organisationnel"}).content.decode()
    member = personas.client("facilitator").get(URL, {"q": "organisationnel"}).content.decode()
    assert "de la CdP" not in outsider and "1 result" not in outsider
    assert "de la CdP" in member


def test_empty_and_stop_word_queries_render_a_hint(personas):
    client = personas.client("verified_gp")
    assert client.get(URL).status_code == 200
    response = client.get(URL, {"q": "le la les ???"})
    assert response.status_code == 200
    assert "mots très courants" in response.content.decode()


def test_htmx_request_gets_only_the_results_part(personas):
    make_content("Infiltration du genou")
    response = personas.client("verified_gp").get(URL, {"q": "genou"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="search-results"' in html and "<html" not in html


def test_wrong_method_is_refused(personas):
    assert personas.client("verified_gp").post(URL, {"q": "genou"}).status_code == 405


def test_facet_links_filter_and_paginate(personas):
    theme = make_theme("Pédiatrie", "pediatrie")
    for n in range(25):
        make_content(f"Fièvre de l'enfant {n}", themes=[theme] if n % 2 else [])
    client = personas.client("verified_gp")
    first = client.get(URL, {"q": "fièvre"}).content.decode()
    assert 'rel="next"' in first
    filtered = client.get(URL, {"q": "fièvre", "theme": "pediatrie"}).content.decode()
    assert "12 résultats" in filtered or "12 results" in filtered


def test_results_page_query_count_does_not_grow_with_hits(personas, django_assert_max_num_queries):
    theme = make_theme("Pédiatrie", "pediatrie")
    for n in range(15):
        make_content(f"Bronchiolite {n}", themes=[theme])
    client = personas.client("institution_staff")
    with django_assert_max_num_queries(12):
        response = client.get(URL, {"q": "bronchiolite"})
    assert response.content.decode().count('class="card hit"') == 15


def test_autocomplete_returns_a_partial_of_titles_and_themes(personas):
    make_theme("Rhumatologie", "rhumatologie")
    make_content("Infiltration du genou")
    make_content("Infiltration confidentielle", visibility=Content.Visibility.VERIFIED)
    client = personas.client("unverified_member")
    response = client.get(reverse("search:suggestions"), {"q": "infil"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "Infiltration du genou" in html and "confidentielle" not in html
    assert "Rhumatologie" in client.get(reverse("search:suggestions"), {"q": "rhum"}).content.decode()
    assert client.get(reverse("search:suggestions"), {"q": '"*'}).content.decode().strip() == ""
    assert client.post(reverse("search:suggestions"), {"q": "infil"}).status_code == 405


def test_a_kept_hit_shows_its_entry_as_it_is_now(personas):
    """Hits are kept by what they show (`render.hits_html`): the same search twice gives the same page, and an entry
    whose text changed shows its new snippet at once."""
    from praxis.search.services import index_object

    content = make_content("Infiltration du genou", summary="Repérer le genou avant l'infiltration.")
    client = personas.client("verified_gp")
    first = client.get(URL, {"q": "infiltration"}).content.decode()
    assert client.get(URL, {"q": "infiltration"}).content.decode().split("<ol")[1] == first.split("<ol")[1]
    Content.objects.filter(pk=content.pk).update(summary="Une infiltration sous échographie.")
    index_object(kind="content", object_id=content.pk)
    html = client.get(URL, {"q": "infiltration"}).content.decode()
    assert "Une <mark>infiltration</mark> sous échographie." in html
    assert "avant l&#x27;" not in html.split("<ol")[1]
