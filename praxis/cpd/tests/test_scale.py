import pytest

from praxis.cpd.models import Entry, SchemeChoice
from praxis.cpd.scale import seed_record

pytestmark = pytest.mark.django_db


def test_ten_years_of_entries_are_seeded_once_and_the_record_page_shows_them(personas):
    assert seed_record(personas.verified_gp, years=10, per_month=1) == 120
    assert seed_record(personas.verified_gp, years=10, per_month=1) == 0
    assert Entry.objects.filter(member=personas.verified_gp).count() == 120
    assert SchemeChoice.objects.filter(member=personas.verified_gp).count() == 3
    response = personas.client("verified_gp").get("/formation-continue/")
    assert response.status_code == 200 and len(response.context["years"]) >= 10
