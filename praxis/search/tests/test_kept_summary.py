"""On PostgreSQL a common word's search summary (its page, counts and total) is kept a few seconds for the next actor
reaching the same audiences (`selectors.KEPT_SUMMARY_SECONDS`). What this process indexes shows at once; another
audience, another page or rows only a kind's selector decides are never served from someone else's summary. "Common"
is a read holding `READ_CAP` matches: 2 here, so that a few contents make a common word."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from praxis.content.models import Content
from praxis.core.actor import Actor
from praxis.search import selectors
from praxis.search.models import SearchEntry
from praxis.search.services import bulk_index, index_object

from .factories import make_content

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _postgresql_only(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite ranks in Python and keeps no summary")
    monkeypatch.setattr(selectors, "READ_CAP", 2)


def _search(actor, query, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        results = selectors.search(actor, query, **kwargs)
    summaries = sum("WITH" in query["sql"] and "'undecided'" in query["sql"] for query in queries.captured_queries)
    return [hit.entry.title for hit in results.hits], results.total, summaries > 0  # read the index


def test_the_same_search_by_a_reader_reaching_the_same_audiences_reuses_the_summary(personas):
    for n in range(3):
        make_content(f"Pansement {n}", summary="Un pansement de plaie chronique.", days_ago=n + 1)
    first = _search(Actor(None), "pansement")
    again = _search(Actor(None), "pansement")
    assert first[2] and not again[2]
    assert again[:2] == first[:2] == (["Pansement 0", "Pansement 1"], 2)
    other_page = _search(Actor(None), "pansement", page=2, page_size=1)
    assert other_page == (["Pansement 1"], 2, True)


def test_a_rarer_word_is_read_every_time(personas):
    make_content("Pansement", summary="Un pansement de plaie chronique.")
    first = _search(Actor(None), "pansement")
    again = _search(Actor(None), "pansement")
    assert first == again == (["Pansement"], 1, True)


def test_what_this_process_indexes_or_removes_shows_on_the_next_search(personas):
    make_content("Pansement simple", summary="Un pansement.", days_ago=2)
    make_content("Pansement ancien", summary="Un pansement.", days_ago=3)
    assert _search(Actor(None), "pansement") == (["Pansement simple", "Pansement ancien"], 2, True)
    assert not _search(Actor(None), "pansement")[2]
    added = make_content("Pansement compressif", summary="Un autre pansement.", days_ago=0.1)
    assert _search(Actor(None), "pansement") == (["Pansement compressif", "Pansement simple"], 2, True)
    Content.objects.filter(pk=added.pk).update(status=Content.Status.DRAFT)
    index_object(kind="content", object_id=added.pk)
    assert _search(Actor(None), "pansement") == (["Pansement simple", "Pansement ancien"], 2, True)


def test_a_reader_reaching_other_audiences_gets_their_own_summary(personas):
    make_content("Pansement public", summary="Un pansement.", days_ago=3)
    make_content("Pansement public ancien", summary="Un pansement.", days_ago=4)
    make_content("Pansement vérifié", summary="Un pansement.", visibility=Content.Visibility.VERIFIED, days_ago=2)
    assert _search(Actor(None), "pansement") == (["Pansement public", "Pansement public ancien"], 2, True)
    assert _search(Actor(personas.verified_gp), "pansement") == (["Pansement vérifié", "Pansement public"], 2, True)
    assert _search(Actor(personas.unverified_member), "pansement")[:2] == (["Pansement public",
                                                                          "Pansement public ancien"], 2)


def test_rows_a_kinds_selector_decides_are_never_kept(personas):
    """A job offer's entry has no stored audience: the summary depends on who asks, so it is read every time."""
    from praxis.jobs.tests.factories import make_offer

    for n in range(2):
        make_offer(personas.institution, personas.institution_admin, title=f"Infirmier en cicatrisation {n}")
    bulk_index("job")
    assert SearchEntry.objects.filter(kind="job", audience="").count() == 2
    first = _search(Actor(None), "cicatrisation")
    again = _search(Actor(None), "cicatrisation")
    assert first[1] == again[1] == 2 and first[2] and again[2]


def test_a_kept_summary_still_goes_through_the_selectors_of_its_rows(personas):
    """An entry whose content was unpublished without the index knowing yet is not shown from the kept summary."""
    hidden = make_content("Pansement retiré", summary="Un pansement.", days_ago=2)
    make_content("Pansement gardé", summary="Un pansement.", days_ago=3)
    assert _search(Actor(None), "pansement") == (["Pansement retiré", "Pansement gardé"], 2, True)
    Content.objects.filter(pk=hidden.pk).update(status=Content.Status.DRAFT)  # the index is not told
    titles, _total, summaries = _search(Actor(None), "pansement")
    assert (titles, summaries) == (["Pansement gardé"], False)
