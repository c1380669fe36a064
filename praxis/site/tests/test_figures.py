"""The platform figures page: public counts, drawn as SVG charts with their data tables."""

import pytest
from django.urls import reverse

from praxis.content.models import Content
from praxis.search.tests.factories import make_content

pytestmark = pytest.mark.django_db


def test_platform_figures_are_public_counted_for_the_public_and_cached(personas, django_assert_max_num_queries):
    make_content("Capsule publique")
    make_content("Capsule réservée", visibility=Content.Visibility.VERIFIED)
    client = personas.client("anonymous")
    response = client.get(reverse("site:figures"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "<table>" in html
    assert response.context["figures"]["capsules"] == 1
    with django_assert_max_num_queries(2):
        client.get(reverse("site:figures"))
    assert client.post(reverse("site:figures")).status_code == 405
