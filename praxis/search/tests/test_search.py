"""The same cases run on both backends: `pytest` uses SQLite FTS5, `DATABASE_URL=postgres://...` PostgreSQL."""

import io

import pytest
from django.core.management import call_command
from django.test.utils import CaptureQueriesContext

from praxis.content.models import Content
from praxis.core.actor import Actor
from praxis.search import selectors
from praxis.search.models import SearchEntry
from praxis.search.services import bulk_index, index_object
from praxis.testing import make_institution

from .factories import make_content, make_theme

pytestmark = pytest.mark.django_db


def titles(actor, query, **filters):
    return [hit.entry.title for hit in selectors.search(actor, query, filters=filters).hits]


@pytest.fixture
def anyone():
    return Actor(None)


def test_accents_are_ignored(anyone):
    make_content("Infiltration de l'épaule")
    assert titles(anyone, "epaule") == ["Infiltration de l'épaule"]
    assert titles(anyone, "ÉPAULE") == ["Infiltration de l'épaule"]


def test_plurals_and_inflections_match(anyone):
    make_content("Infiltration du genou")
    assert titles(anyone, "infiltrations") == ["Infiltration du genou"]
    assert titles(anyone, "genou infiltrer") == ["Infiltration du genou"]  # a verb of the same family
    assert titles(anyone, "genou cheville") == []  # every word must match
    assert titles(anyone, "infiltrations genou") == ["Infiltration du genou"]


def test_english_and_dutch_content_are_stemmed_with_their_own_rules(anyone):
    make_content("Insulin injections for beginners", language="en", summary="Practical steps.")
    make_content("Wondzorg bij diabetische voeten", language="nl", summary="Praktische stappen.")
    assert titles(anyone, "injection") == ["Insulin injections for beginners"]
    assert titles(anyone, "diabetische voet") == ["Wondzorg bij diabetische voeten"]


def test_only_stop_words_or_punctuation_gives_a_clear_empty_result(anyone):
    make_content("Le pansement de la plaie")
    for query in ["le la de", "!!! ??? ...", "   "]:
        results = selectors.search(anyone, query)
        assert results.hits == []
    assert selectors.search(anyone, "le la de").only_common_words


@pytest.mark.parametrize("query, found", [
    ('"genou', True), ("genou*", True), ("genou NEAR", False), ("NEAR(genou", False), (":genou", True),
    ("-genou", True), ("(genou", True), ("genou OR", True), ("AND", False), ("^genou", True),
    ("genou'); DROP TABLE search_searchentry; --", False), ("{title}: genou", False), ("genou & | ! <->", True),
    ("genou:*", True), ("x" * 5000, False), ("'", False),
])
def test_fts_syntax_typed_by_users_never_errors(anyone, query, found):
    """Syntax characters are punctuation; operators typed as words are plain words (all words must match)."""
    make_content("Infiltration du genou")
    assert titles(anyone, query) == (["Infiltration du genou"] if found else [])


def test_title_matches_rank_before_body_matches(anyone):
    make_content("Pansement simple", summary="Soins d'une plaie du genou.", days_ago=1)
    make_content("Examen du genou", summary="Les tests cliniques.", days_ago=30)
    assert titles(anyone, "genou") == ["Examen du genou", "Pansement simple"]


def test_reviewed_content_is_boosted(anyone):
    make_content("Suture cutanée", summary="Points simples.", days_ago=10)
    make_content("Suture cutanée ", summary="Points simples.", days_ago=10, reviewed=True)
    hits = selectors.search(anyone, "suture").hits
    assert [hit.entry.is_reviewed for hit in hits] == [True, False]


def test_recent_content_is_boosted(anyone):
    make_content("Vaccination de l'adulte (ancien)", summary="Calendrier vaccinal.", days_ago=900)
    make_content("Vaccination de l'adulte", summary="Calendrier vaccinal.", days_ago=3)
    assert titles(anyone, "vaccination adulte") == ["Vaccination de l'adulte", "Vaccination de l'adulte (ancien)"]


DAYS_AGO = (900, 2, 400, 30, 1200, 5)


def _dressings():
    for days in DAYS_AGO:
        make_content(f"Pansement {days}", summary="Soins de plaie.", days_ago=days)


def test_a_common_words_candidates_are_its_newest_matches(anyone, monkeypatch):
    monkeypatch.setattr(selectors, "READ_CAP", 3)
    _dressings()
    results = selectors.search(anyone, "pansement")
    assert results.capped and results.total == 3
    assert sorted(hit.entry.title for hit in results.hits) == ["Pansement 2", "Pansement 30", "Pansement 5"]


def test_a_rarer_word_finds_all_its_matches(anyone, monkeypatch):
    monkeypatch.setattr(selectors, "READ_CAP", 10)
    _dressings()
    results = selectors.search(anyone, "pansement")
    assert not results.capped and results.total == 6


@pytest.mark.parametrize("estimated, margin", [(6, 0.5), (6, 1 / 6), (1, 1)], ids=["window", "widened", "common"])
def test_postgres_date_windows_read_the_newest_matches(anyone, monkeypatch, estimated, margin):
    """The PostgreSQL reads sized from the planner's estimate (here forced): a window full at once, a window widened
    once, the date index read newest first (a word in every entry)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's date windows")
    from praxis.search.backends import postgres

    monkeypatch.setattr(selectors, "READ_CAP", 3)
    monkeypatch.setattr(postgres, "_table_rows", lambda: 12.0)
    monkeypatch.setattr(postgres, "_estimated_rows", lambda queryset: float(estimated * 12 if estimated == 1 else 6))
    monkeypatch.setattr(postgres, "WINDOW_MARGIN", margin)
    monkeypatch.setattr(postgres, "SPAN_STEP", 1)
    _dressings()
    results = selectors.search(anyone, "pansement")
    assert results.capped and results.total == 3
    assert sorted(hit.entry.title for hit in results.hits) == ["Pansement 2", "Pansement 30", "Pansement 5"]


def test_postgres_a_kept_cutoff_still_reads_the_newest_matches_after_new_entries(anyone, monkeypatch):
    """A window's cutoff is kept for a while: entries indexed since are newer, so they are inside the window."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's date windows")
    from praxis.search.backends import postgres

    monkeypatch.setattr(selectors, "READ_CAP", 3)
    monkeypatch.setattr(postgres, "_table_rows", lambda: 12.0)
    monkeypatch.setattr(postgres, "_estimated_rows", lambda queryset: 6.0)
    monkeypatch.setattr(postgres, "WINDOW_MARGIN", 0.5)
    monkeypatch.setattr(postgres, "SPAN_STEP", 1)
    _dressings()
    assert sorted(hit.entry.title for hit in selectors.search(anyone, "pansement").hits) == [
        "Pansement 2", "Pansement 30", "Pansement 5"]
    with CaptureQueriesContext(connection) as kept:
        for days in (1, 0):
            make_content(f"Pansement {days}", summary="Soins de plaie.", days_ago=days)
        results = selectors.search(anyone, "pansement")
    assert sorted(hit.entry.title for hit in results.hits) == ["Pansement 0", "Pansement 1", "Pansement 2"]
    assert not [q for q in kept.captured_queries if "OFFSET" in q["sql"]]  # the cutoff was not read again


def test_snippets_highlight_matched_words_and_escape_the_rest(anyone):
    make_content("Plaie", summary="<img src=x onerror=alert(1)> nettoyage des plaies chroniques")
    hit = selectors.search(anyone, "plaie").hits[0]
    assert "<mark>plaies</mark>" in hit.snippet
    assert "<img" not in hit.snippet and "&lt;img" in hit.snippet


def test_facets_count_only_what_the_actor_may_see(personas):
    theme = make_theme("Dermatologie", "dermatologie")
    make_content("Ulcère de jambe", themes=[theme])
    make_content("Ulcère veineux (professionnels vérifiés)", themes=[theme], visibility=Content.Visibility.VERIFIED)
    unverified = selectors.search(Actor(personas.unverified_member), "ulcère")
    verified = selectors.search(Actor(personas.verified_gp), "ulcère")
    assert unverified.total == 1 and verified.total == 2
    assert [(f.value, f.count) for f in unverified.facets["theme"]] == [("dermatologie", 1)]
    assert [(f.value, f.count) for f in verified.facets["theme"]] == [("dermatologie", 2)]


def test_facet_filters_narrow_the_results(anyone):
    theme = make_theme("Pédiatrie", "pediatrie")
    make_content("Fièvre de l'enfant", themes=[theme])
    make_content("Fièvre de l'adulte", language="fr", days_ago=500)
    assert titles(anyone, "fièvre", theme="pediatrie") == ["Fièvre de l'enfant"]
    assert titles(anyone, "fièvre", date="older") == ["Fièvre de l'adulte"]
    assert titles(anyone, "fièvre", kind="institution") == []
    ignored = selectors.clean_filters({"kind": "nonsense", "date": "x"})
    assert sorted(titles(anyone, "fièvre", **ignored)) == ["Fièvre de l'adulte", "Fièvre de l'enfant"]


@pytest.mark.parametrize("persona, visibility, sees", [
    ("anonymous", "verified", False), ("unverified_member", "verified", False), ("verified_gp", "verified", True),
    ("outsider", "institution", False), ("verified_gp", "institution", False),
    ("institution_staff", "institution", True),
    ("institution_admin", "institution", True),
    ("outsider", "community", False), ("institution_staff", "community", False), ("facilitator", "community", True),
])
def test_restricted_content_is_never_shown_or_counted_outside_its_audience(personas, persona, visibility, sees):
    extra = {"institution": personas.institution} if visibility == "institution" else {}
    extra |= {"community": personas.community} if visibility == "community" else {}
    make_content("Protocole confidentiel de contention", visibility=visibility, **extra)
    actor = Actor(personas.users[persona])
    results = selectors.search(actor, "contention")
    assert (results.total == 1) is sees
    assert bool(results.facets) is sees
    assert bool(selectors.autocomplete(actor, "conten")) is sees


def test_unpublished_content_leaves_the_index(anyone):
    content = make_content("Sondage urinaire")
    Content.objects.filter(pk=content.pk).update(status=Content.Status.UNPUBLISHED)
    index_object(kind="content", object_id=content.pk)
    assert titles(anyone, "sondage") == []
    assert not SearchEntry.objects.filter(kind="content", object_id=content.pk).exists()


def test_a_draft_is_never_indexed(anyone):
    make_content("Brouillon sur la gastrostomie", status=Content.Status.DRAFT)
    assert titles(anyone, "gastrostomie") == []


def test_verified_institutions_are_found_by_name_and_city(anyone):
    make_institution("Centre hospitalier régional", city="Liège", country="BE", description="Urgences et maternité.")
    pending = make_institution("Clinique hospitalière en attente")
    pending.is_verified = False
    pending.save()
    bulk_index("institution")
    assert titles(anyone, "maternite") == ["Centre hospitalier régional"]
    assert titles(anyone, "liege hospitalier") == ["Centre hospitalier régional"]


def test_saving_an_object_queues_its_reindexing(anyone, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        content = make_content("Ponction lombaire", index=False)
    assert titles(anyone, "ponction") == ["Ponction lombaire"]
    with django_capture_on_commit_callbacks(execute=True):
        content.delete()
    assert titles(anyone, "ponction") == []


def test_autocomplete_suggests_titles_and_themes_as_one_types(anyone):
    make_theme("Rhumatologie", "rhumatologie")
    make_content("Infiltration du genou")
    labels = [s.label for s in selectors.autocomplete(anyone, "infil")]
    assert labels == ["Infiltration du genou"]
    assert [s.kind for s in selectors.autocomplete(anyone, "rhuma")] == ["theme"]
    assert selectors.autocomplete(anyone, '"*:(') == []


def test_rebuild_command_refills_the_index(anyone):
    make_content("Holter tensionnel")
    SearchEntry.objects.all().delete()
    call_command("rebuild_search_index", stdout=io.StringIO())
    assert titles(anyone, "holter") == ["Holter tensionnel"]


def test_catch_up_indexes_objects_changed_without_a_job(anyone):
    from praxis.search.services import catch_up

    make_content("Spirométrie", index=False)
    catch_up()
    assert titles(anyone, "spirometrie") == ["Spirométrie"]


def test_questions_are_found_only_where_their_content_is_visible(personas):
    from praxis.discussions.models import Question

    public = make_content("Infiltration du genou")
    private = make_content("Cas de la CdP", visibility=Content.Visibility.COMMUNITY, community=personas.community)
    for content, body in [(public, "Quelle aiguille pour une infiltration sous-acromiale ?"),
                          (private, "Quelle aiguille pour la ponction de la CdP ?")]:
        question = Question.objects.create(content=content, author=personas.verified_gp, body=body)
        index_object(kind="question", object_id=question.pk)
    assert len(titles(Actor(personas.outsider), "aiguille")) == 1
    assert selectors.search(Actor(personas.outsider), "aiguille").facets["kind"][0].count == 1
    assert len(titles(Actor(personas.facilitator), "aiguille")) == 2


def test_events_and_job_offers_are_searchable_through_their_selectors(personas):
    from datetime import timedelta

    from django.utils import timezone

    from praxis.events.models import Event
    from praxis.jobs.models import JobOffer

    start = timezone.now() + timedelta(days=10)
    Event.objects.create(title="Formation aux plaies chroniques", description="Atelier pratique.", starts_at=start,
                         ends_at=start + timedelta(hours=3), city="Namur", created_by=personas.institution_admin)
    common = {"institution": personas.institution, "posted_by": personas.institution_admin, "professions": ["nurse"],
              "contract": JobOffer.Contract.choices[0][0], "working_time": JobOffer.WorkingTime.choices[0][0],
              "postal_code": "5000", "city": "Namur", "description": "Service de plaies et cicatrisation."}
    JobOffer.objects.create(title="Infirmier plaies (ouvert)", closing_date=timezone.localdate() + timedelta(days=30),
                            **common)
    JobOffer.objects.create(title="Infirmier plaies (expiré)", closing_date=timezone.localdate() - timedelta(days=1),
                            status=JobOffer.Status.EXPIRED, **common)
    bulk_index("event")
    bulk_index("job")
    outsider = Actor(personas.outsider)
    assert set(titles(outsider, "plaies")) == {"Formation aux plaies chroniques", "Infirmier plaies (ouvert)"}
    assert titles(outsider, "plaies", kind="job", profession="nurse") == ["Infirmier plaies (ouvert)"]
    staff_titles = set(titles(Actor(personas.institution_admin), "plaies"))
    assert "Infirmier plaies (expiré)" in staff_titles


def test_each_entry_stores_the_audience_it_reaches(personas):
    from praxis.discussions.models import Question

    public = make_content("Pose de sonde")
    verified = make_content("Sonde (vérifiés)", visibility=Content.Visibility.VERIFIED)
    institution = make_content("Sonde (service)", visibility=Content.Visibility.INSTITUTION,
                               institution=personas.institution)
    community = make_content("Sonde (CdP)", visibility=Content.Visibility.COMMUNITY, community=personas.community)
    question = Question.objects.create(content=community, author=personas.facilitator, body="Quel calibre de sonde ?")
    index_object(kind="question", object_id=question.pk)
    audiences = dict(SearchEntry.objects.filter(kind="content").values_list("object_id", "audience"))
    assert audiences == {public.pk: "public", verified.pk: "verified",
                         institution.pk: f"institution:{personas.institution.pk}",
                         community.pk: f"community:{personas.community.pk}"}
    assert SearchEntry.objects.get(kind="question").audience == f"community:{personas.community.pk}"
    assert Actor(personas.facilitator).audience_keys == ["public", "verified", f"community:{personas.community.pk}"]


def test_narrowing_a_contents_audience_re_indexes_its_questions(personas, django_capture_on_commit_callbacks):
    from praxis.discussions.models import Question

    content = make_content("Drainage thoracique")
    question = Question.objects.create(content=content, author=personas.verified_gp, body="Quel drain thoracique ?")
    index_object(kind="question", object_id=question.pk)
    outsider = Actor(personas.outsider)
    assert len(titles(outsider, "thoracique")) == 2
    with django_capture_on_commit_callbacks(execute=True):
        content.visibility = Content.Visibility.COMMUNITY
        content.community = personas.community
        content.save()
    assert titles(outsider, "thoracique") == []
    assert selectors.search(outsider, "thoracique").total == 0
    assert SearchEntry.objects.get(kind="question").audience == f"community:{personas.community.pk}"
    assert len(titles(Actor(personas.facilitator), "thoracique")) == 2


def test_an_entry_whose_audience_is_stale_is_never_shown_and_gets_re_indexed(personas,
                                                                            django_capture_on_commit_callbacks):
    content = make_content("Protocole de sédation palliative")
    # The content became institution-only, but the index has not heard of it yet (job not run).
    Content.objects.filter(pk=content.pk).update(visibility=Content.Visibility.INSTITUTION,
                                                 institution=personas.institution)
    outsider = Actor(personas.outsider)
    with django_capture_on_commit_callbacks(execute=True):
        assert titles(outsider, "sedation") == []
        assert selectors.autocomplete(outsider, "sedat") == []
    # Seeing the mismatch, search re-indexed the entry (tests run jobs at once): it is no longer a candidate.
    assert SearchEntry.objects.get(kind="content").audience == f"institution:{personas.institution.pk}"
    assert selectors.search(outsider, "sedation").total == 0
    assert titles(Actor(personas.institution_staff), "sedation") == ["Protocole de sédation palliative"]


def test_the_migration_fills_in_the_audience_of_entries_indexed_before_it_existed(personas):
    import importlib

    from django.db import connection

    from praxis.discussions.models import Question

    make_content("Garrot")
    make_content("Garrot (service)", visibility=Content.Visibility.INSTITUTION, institution=personas.institution)
    community = make_content("Garrot (CdP)", visibility=Content.Visibility.COMMUNITY, community=personas.community)
    question = Question.objects.create(content=community, author=personas.facilitator, body="Garrot ou pas ?")
    index_object(kind="question", object_id=question.pk)
    make_institution("Clinique du garrot", city="Mons")
    bulk_index("institution")
    indexed = dict(SearchEntry.objects.values_list("pk", "audience"))
    SearchEntry.objects.update(audience="")
    migration = importlib.import_module("praxis.search.migrations.0003_audience")
    with connection.cursor() as cursor:
        for sql in migration.FILL:
            cursor.execute(sql)
    assert dict(SearchEntry.objects.values_list("pk", "audience")) == indexed
    assert set(indexed.values()) == {"public", f"institution:{personas.institution.pk}",
                                     f"community:{personas.community.pk}"}


def test_compiled_visibility_checks_give_what_the_kinds_selectors_give(personas):
    """`Registration.visible_ids` (the hits' recheck, compiled per shape of the actor's standing) equals
    `visible_to(actor)` restricted to the same ids, for every persona and kind that declares one."""
    from praxis.discussions.tests.factories import make_question
    from praxis.institutions.models import Institution
    from praxis.search import registry

    for visibility in Content.Visibility.values:
        extra = {"institution": personas.institution} if visibility == Content.Visibility.INSTITUTION else {}
        extra |= {"community": personas.community} if visibility == Content.Visibility.COMMUNITY else {}
        make_content(f"Visible {visibility}", visibility=visibility, index=False, **extra)
    make_content("Brouillon", status=Content.Status.DRAFT, index=False)
    for content in Content.objects.all():
        make_question(content, personas.verified_gp)
    Institution.objects.filter(pk=make_institution("Clinique fermée").pk).update(is_verified=False)
    checked = 0
    for registration in registry.kinds():
        if registration.visible_ids is None:
            continue
        ids = list(registration.model._default_manager.values_list("pk", flat=True))
        assert ids, registration.kind
        for name, user in personas.users.items():
            actor = Actor(user)
            expected = set(registration.visible_to(actor).filter(pk__in=ids).values_list("pk", flat=True))
            assert set(registration.visible_ids(actor, ids)) == expected, (registration.kind, name)
            assert set(registration.visible_ids(actor, ids[:1])) == expected & set(ids[:1]), (registration.kind, name)
            checked += 1
    assert checked >= 3 * len(personas.users)
    assert Institution.objects.filter(is_verified=False).exists()
