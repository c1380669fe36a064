"""PostgreSQL ranks and counts the candidates in SQL (`PostgresBackend.summarise`); `ranking` is the definition, in
Python (SQLite's way). The same searches both ways must give the same hits in the same order, the same totals and
the same facets, for readers who reach different audiences, with rows that only their kind's selector decides."""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from praxis.content.models import Content
from praxis.core.actor import Actor
from praxis.search import selectors
from praxis.search.backends.postgres import PostgresBackend
from praxis.search.models import SearchEntry
from praxis.search.services import bulk_index

from .factories import make_content, make_theme

pytestmark = pytest.mark.django_db


def _found(actor, query, filters, page, page_size):
    results = selectors.search(actor, query, filters=filters, page=page, page_size=page_size)
    return {
        "hits": [hit.entry.pk for hit in results.hits], "total": results.total, "capped": results.capped,
        "has_next": results.has_next,
        "facets": {name: [(f.value, f.label, f.count, f.selected) for f in values]
                   for name, values in results.facets.items()},
    }


@pytest.fixture
def varied(personas):
    """Matches of "plaie" whose scores differ by little, tie, or come from every boost; some only an institution's
    staff, verified members or the selector (job offers) may see."""
    from praxis.jobs.models import JobOffer

    themes = [make_theme(f"Thème {n}", f"theme-{n}") for n in range(4)]
    visibilities = [Content.Visibility.PUBLIC, Content.Visibility.PUBLIC, Content.Visibility.VERIFIED,
                    Content.Visibility.INSTITUTION]
    for n in range(48):
        visibility = visibilities[n % 4]
        make_content(
            f"Plaie {n}" if n % 3 else f"Soins {n}",
            summary=" ".join(["plaie"] * (1 + n % 5) + ["soins", "du", "pied"] * (n % 7)),
            days_ago=[0.5, 3, 3, 40, 200, 800, -2][n % 7], reviewed=n % 4 == 1, language=["fr", "nl", "en"][n % 3],
            visibility=visibility, institution=personas.institution if visibility == "institution" else None,
            themes=themes[: n % 5],
        )
    entries = list(SearchEntry.objects.filter(kind="content").order_by("pk"))
    for n, entry in enumerate(entries):  # every popularity step, undated entries, identical twins (ties on date)
        entry.popularity = [0, 1, 9, 10, 999, 10**4, 10**6][n % 7]
        entry.date = None if n % 11 == 0 else entry.date
        if n % 13 == 0 and n:
            entry.date, entry.popularity = entries[n - 1].date, entries[n - 1].popularity
        entry.save(update_fields=["popularity", "date"])
    common = {"institution": personas.institution, "posted_by": personas.institution_admin, "professions": ["nurse"],
              "contract": JobOffer.Contract.choices[0][0], "working_time": JobOffer.WorkingTime.choices[0][0],
              "postal_code": "5000", "city": "Namur", "description": "Service de plaies et cicatrisation."}
    JobOffer.objects.create(title="Infirmier plaies (ouvert)", closing_date=timezone.localdate() + timedelta(days=30),
                            **common)
    JobOffer.objects.create(title="Infirmier plaies (expiré)", closing_date=timezone.localdate() - timedelta(days=1),
                            status=JobOffer.Status.EXPIRED, **common)
    bulk_index("job")
    return themes


@pytest.mark.parametrize("cap", [1000, 17])
def test_sql_ranking_and_counts_equal_pythons(personas, varied, monkeypatch, cap):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL ranks in SQL; SQLite is the Python way itself")
    monkeypatch.setattr(selectors, "READ_CAP", cap)
    readers = [Actor(None), Actor(personas.outsider), Actor(personas.verified_gp), Actor(personas.institution_admin)]
    cases = [("plaie", {}, 1, 1000), ("plaies soins", {}, 1, 1000), ("plaie", {}, 2, 7), ("plaie", {}, 9, 7),
             ("plaie", {"theme": varied[1].slug}, 1, 1000), ("plaie", {"date": "older"}, 1, 1000),
             ("plaie", {"kind": "job"}, 1, 1000), ("soins pied", {"language": "nl"}, 1, 5),
             ("cicatrisation", {}, 1, 20)]
    compared = 0
    for actor in readers:
        for query, filters, page, page_size in cases:
            in_sql = _found(actor, query, filters, page, page_size)
            monkeypatch.setattr(PostgresBackend, "summarises", False)
            in_python = _found(actor, query, filters, page, page_size)
            monkeypatch.setattr(PostgresBackend, "summarises", True)
            assert in_sql == in_python, (actor, query, filters, page)
            compared += len(in_sql["hits"])
    assert compared > 200


def test_the_expired_job_offer_is_neither_counted_nor_shown_to_a_visitor(personas, varied):
    """A row without an audience that its kind's selector refuses is left out of the total and the facets too."""
    visitor = selectors.search(Actor(None), "cicatrisation")
    staff = selectors.search(Actor(personas.institution_admin), "cicatrisation")
    assert (visitor.total, staff.total) == (1, 2)
    assert [(f.value, f.count) for f in visitor.facets["kind"]] == [("job", 1)]
    assert [(f.value, f.count) for f in staff.facets["kind"]] == [("job", 2)]
