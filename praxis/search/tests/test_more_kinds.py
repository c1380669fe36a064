"""Search finds everything a member may see, and nothing more: documents' text, capsules' transcripts, courses,
communities' presentations, toolboxes, pages for patients, seminar pieces, white papers and opted-in colleagues —
each kind through its own visibility, for every persona. The same cases run on both backends
(`DATABASE_URL=postgres://...` for PostgreSQL)."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from praxis.content import documents
from praxis.content.models import CaptionTrack, Content, DocumentText
from praxis.core.actor import Actor
from praxis.events.models import Event, WhitePaper
from praxis.events.tests.factories import make_event, make_piece, make_white_paper
from praxis.institutions.tests.factories import make_directory_profile
from praxis.learning.models import PublicationStatus
from praxis.learning.models import Visibility as CourseVisibility
from praxis.learning.tests.factories import make_course
from praxis.prevention.tests.factories import make_toolbox
from praxis.search import selectors
from praxis.search.models import SearchEntry
from praxis.search.services import index_object
from praxis.testing import PERSONA_NAMES, make_community, make_institution, make_member
from praxis.testing.files import opendocument_with_text, pdf_bytes, pdf_with_text

from .factories import make_content

pytestmark = pytest.mark.django_db

SIGNED_IN = [name for name in PERSONA_NAMES if name != "anonymous"]
INSTITUTION_STAFF = {"institution_admin", "institution_staff"}


def found(personas, persona: str, query: str) -> bool:
    actor = Actor(personas.users[persona])
    results = selectors.search(actor, query)
    suggested = bool(selectors.autocomplete(actor, query[:5]))
    assert bool(results.facets) is (results.total > 0)  # nothing counted that is not shown
    return results.total > 0 or suggested


def who_finds(personas, query: str) -> set[str]:
    return {persona for persona in PERSONA_NAMES if found(personas, persona, query)}


def _document(title: str, pdf: bytes, **fields) -> Content:
    content = make_content(title, kind=Content.Kind.DOCUMENT, summary="Un protocole partagé.", index=False, **fields)
    content.document.save("protocole.pdf", ContentFile(pdf), save=False)
    content.document_mime = "application/pdf"
    content.save()
    documents.extract_document_text(content.pk, content.document.name or "")
    index_object(kind="content", object_id=content.pk)
    return content


# --- documents' text ------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("visibility, finders", [
    ("public", set(PERSONA_NAMES)),
    ("verified", set(PERSONA_NAMES) - {"anonymous", "unverified_member"}),
    ("institution", INSTITUTION_STAFF),
])
def test_the_text_of_a_pdf_is_found_by_those_who_may_see_the_document(personas, visibility, finders) -> None:
    extra = {"institution": personas.institution} if visibility == "institution" else {}
    _document("Protocole", pdf_with_text("Pose d'une attelle pour osteosynthese du poignet"), visibility=visibility,
              **extra)
    assert who_finds(personas, "osteosynthese") == finders


@pytest.mark.parametrize("visibility, finders", [
    ("public", set(PERSONA_NAMES)),
    ("institution", INSTITUTION_STAFF),
])
def test_the_text_of_an_office_document_is_found_by_those_who_may_see_it(personas, visibility, finders) -> None:
    extra = {"institution": personas.institution} if visibility == "institution" else {}
    content = make_content("Protocole", kind=Content.Kind.DOCUMENT, summary="Un protocole partagé.", index=False,
                           visibility=visibility, **extra)
    content.document.save("protocole.odt", ContentFile(opendocument_with_text("text", "Capnographie en salle")),
                          save=False)
    content.document_mime = "application/vnd.oasis.opendocument.text"
    content.save()
    documents.extract_document_text(content.pk, content.document.name or "")
    index_object(kind="content", object_id=content.pk)
    assert who_finds(personas, "capnographie") == finders


def test_a_pdf_without_text_is_found_by_its_title_and_says_why(personas) -> None:
    content = _document("Schéma scanné de la hanche", pdf_bytes())
    assert Content.objects.get(pk=content.pk).document_text_status == DocumentText.NO_TEXT
    assert who_finds(personas, "hanche") == set(PERSONA_NAMES)


# --- capsules' captions ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("visibility, finders", [
    ("public", set(PERSONA_NAMES)),
    ("verified", set(PERSONA_NAMES) - {"anonymous", "unverified_member"}),
    ("community", {"facilitator"}),
])
def test_a_capsules_transcript_is_found_by_those_who_may_see_it(personas, visibility, finders) -> None:
    extra = {"community": personas.community} if visibility == "community" else {}
    capsule = make_content("Capsule sans mot-clé", visibility=visibility, index=False, **extra)
    CaptionTrack.objects.create(content=capsule, language="nl", source_format="srt",
                                cues=[{"start": 0.0, "end": 2.0, "text": "Desinfecteer de huid met chloorhexidine."}])
    index_object(kind="content", object_id=capsule.pk)
    assert who_finds(personas, "chloorhexidine") == finders


def test_sending_captions_re_indexes_the_capsule(personas, django_capture_on_commit_callbacks) -> None:
    from praxis.content import services
    from praxis.content.models import VideoAsset

    capsule = make_content("Capsule muette", author=personas.verified_gp)
    VideoAsset.objects.create(content=capsule, status=VideoAsset.Status.READY)
    with django_capture_on_commit_callbacks(execute=True):
        services.caption_track_save(actor=Actor(personas.verified_gp), content=capsule, language="fr",
                                    data=b"WEBVTT\n\n00:00.000 --> 00:02.000\nRincez au serum physiologique.\n")
    assert who_finds(personas, "physiologique") == set(PERSONA_NAMES)


# --- courses --------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("visibility, status, finders", [
    (CourseVisibility.OPEN, PublicationStatus.PUBLISHED, set(SIGNED_IN)),
    # Platform admins open every course; search shows them the shared ones (checked through `courses_visible_to`),
    # not the internal ones (found by their institution's audience key), which they reach from the admin.
    (CourseVisibility.INTERNAL, PublicationStatus.PUBLISHED, INSTITUTION_STAFF),
    (CourseVisibility.SHARED, PublicationStatus.PUBLISHED, INSTITUTION_STAFF | {"platform_admin"}),
    (CourseVisibility.OPEN, PublicationStatus.DRAFT, set()),
])
def test_courses_are_found_by_those_who_may_follow_them(personas, visibility, status, finders) -> None:
    owner = personas.institution if visibility == CourseVisibility.INTERNAL else make_institution("Autre hôpital")
    shared = [personas.institution] if visibility == CourseVisibility.SHARED else []
    course = make_course(owner, visibility=visibility, status=status, shared_with=shared, lessons=1,
                         title="Antisepsie chirurgicale", summary="Les bases de l'antisepsie.")
    index_object(kind="course", object_id=course.pk)
    assert who_finds(personas, "antisepsie") == finders


# --- communities ----------------------------------------------------------------------------------------------------

def test_a_listed_community_is_found_by_everyone_an_unlisted_one_by_its_members(personas) -> None:
    listed = make_community("CdP Soins palliatifs de Namur", visibility="public", purpose="Partager nos pratiques.")
    index_object(kind="community", object_id=listed.pk)
    index_object(kind="community", object_id=personas.community.pk)  # "CdP des Personas", unlisted
    assert who_finds(personas, "palliatifs") == set(PERSONA_NAMES)
    assert who_finds(personas, "personas") == {"facilitator"}


def test_a_community_becoming_unlisted_leaves_outsiders_results(personas) -> None:
    community = make_community("CdP Plaies chroniques", visibility="public")
    index_object(kind="community", object_id=community.pk)
    assert found(personas, "outsider", "chroniques")
    community.visibility = "private"
    community.save()
    # Before the re-index the hit is refused by the selector's check (only the count may lag, as for content).
    assert selectors.search(Actor(personas.outsider), "chroniques").hits == []
    index_object(kind="community", object_id=community.pk)
    assert not found(personas, "outsider", "chroniques")


# --- toolboxes and pages for patients -------------------------------------------------------------------------------

@pytest.mark.parametrize("visibility, finders", [
    ("public", set(PERSONA_NAMES)), ("members", set(SIGNED_IN)),
])
def test_toolboxes_are_found_through_their_visibility(personas, visibility, finders) -> None:
    toolbox = make_toolbox(personas.institution, title="Transition numérique du soin", visibility=visibility)
    index_object(kind="toolbox", object_id=toolbox.pk)
    assert who_finds(personas, "numérique") == finders


def test_draft_toolboxes_and_courses_are_never_found(personas) -> None:
    toolbox = make_toolbox(personas.institution, title="Boîte téléconsultation", status="draft")
    index_object(kind="toolbox", object_id=toolbox.pk)
    assert who_finds(personas, "téléconsultation") == set()


def test_pages_for_patients_and_carers_are_found_without_an_account(personas) -> None:
    make_content("Prévenir les chutes à domicile", audience=Content.Audience.PATIENTS)
    assert who_finds(personas, "chutes") == set(PERSONA_NAMES)


# --- seminar pieces and white papers --------------------------------------------------------------------------------

def _seminar(personas, **fields) -> Event:
    return make_event(personas.institution_admin, institution=personas.institution, kind=Event.Kind.SEMINAR,
                      title="Séminaire transfrontalier", **fields)


def test_seminar_pieces_are_found_by_whoever_sees_their_seminar(personas) -> None:
    seminar = _seminar(personas)
    piece = make_piece(seminar, personas.institution_admin, title="Fiche de liaison commune",
                       summary="Le lymphoedeme après curage ganglionnaire, des deux côtés de la frontière.")
    index_object(kind="seminar_piece", object_id=piece.pk)
    assert who_finds(personas, "lymphoedeme") == set(PERSONA_NAMES)
    hit = selectors.search(Actor(None), "lymphoedeme").hits[0]
    assert hit.entry.url == f"/agenda/{seminar.pk}/#piece-{piece.pk}"


def test_a_seminar_unpublished_by_a_moderator_takes_its_pieces_out_of_search(personas) -> None:
    seminar = _seminar(personas)
    piece = make_piece(seminar, personas.institution_admin, summary="Hypodermoclyse au domicile.")
    index_object(kind="seminar_piece", object_id=piece.pk)
    seminar.status = Event.Status.UNPUBLISHED
    seminar.save()
    # Before the re-index the hit is refused by the selector's check, for those who no longer see the seminar.
    assert selectors.search(Actor(personas.outsider), "hypodermoclyse").hits == []
    index_object(kind="event", object_id=seminar.pk)  # its pieces follow it
    assert who_finds(personas, "hypodermoclyse") == set()


@pytest.mark.parametrize("status, finders", [
    (WhitePaper.Status.PUBLISHED, set(PERSONA_NAMES)),
    (WhitePaper.Status.DRAFT, set()),
    (WhitePaper.Status.SUBMITTED, set()),
    (WhitePaper.Status.CHANGES_REQUESTED, set()),
])
def test_white_papers_are_found_once_published(personas, status, finders) -> None:
    paper = make_white_paper(_seminar(personas), personas.institution_admin, status=status,
                             introduction="Recommandations sur la sédation proportionnée en fin de vie.")
    index_object(kind="white_paper", object_id=paper.pk)
    assert who_finds(personas, "sédation") == finders


def test_only_the_newest_published_version_of_a_white_paper_is_found(personas) -> None:
    seminar = _seminar(personas)
    first = make_white_paper(seminar, personas.institution_admin, status=WhitePaper.Status.PUBLISHED,
                             title="Livre blanc (première version)", introduction="Nutrition entérale à domicile.")
    index_object(kind="white_paper", object_id=first.pk)
    second = make_white_paper(seminar, personas.institution_admin, status=WhitePaper.Status.PUBLISHED,
                              title="Livre blanc (deuxième version)", introduction="Nutrition entérale revue.")
    index_object(kind="white_paper", object_id=second.pk)  # the older version follows it out of the index
    assert [hit.entry.title for hit in selectors.search(Actor(None), "enterale").hits] == [
        "Livre blanc (deuxième version)"]
    assert list(SearchEntry.objects.filter(kind="white_paper").values_list("object_id", flat=True)) == [second.pk]


# --- opted-in colleagues --------------------------------------------------------------------------------------------

COLLEAGUE_BROWSERS = set(PERSONA_NAMES) - {"anonymous", "unverified_member"}


def _colleague(**profile):
    member = make_member("orthophoniste@example.test", first_name="Aurore", last_name="Vandamme",
                         specialty="Troubles de la déglutition")
    member.city, member.postal_code = "Arlon", "6700"
    member.save(update_fields=["city", "postal_code"])
    entry = make_directory_profile(member, bio="Rééducation de la dysphagie après un AVC.", **profile)
    index_object(kind="colleague", object_id=entry.pk)
    return entry


def test_an_opted_in_colleague_is_found_by_those_who_browse_colleagues(personas) -> None:
    _colleague()
    for query in ["Vandamme", "dysphagie", "déglutition", "Arlon"]:
        assert who_finds(personas, query) == COLLEAGUE_BROWSERS, query
    assert selectors.search(Actor(personas.verified_gp), "Vandamme").hits[0].entry.url.startswith("/")


def test_a_colleague_who_has_not_opted_in_is_never_found(personas) -> None:
    _colleague(listed=False)
    assert who_finds(personas, "Vandamme") == set()
    assert not SearchEntry.objects.filter(kind="colleague").exists()


def test_what_a_colleague_hides_is_not_searchable(personas) -> None:
    _colleague(show_city=False, show_specialty=False)
    assert who_finds(personas, "Vandamme") == COLLEAGUE_BROWSERS
    assert who_finds(personas, "Arlon") == set() and who_finds(personas, "déglutition") == set()
    entry = SearchEntry.objects.get(kind="colleague")
    assert "orthophoniste@example.test" not in f"{entry.title} {entry.body}"  # never the email address


def test_a_colleague_leaving_the_directory_leaves_search(personas) -> None:
    profile = _colleague()
    profile.is_listed = False
    profile.save()
    # Before the re-index the hit is refused by the selector's check.
    assert selectors.search(Actor(personas.verified_gp), "Vandamme").hits == []
    index_object(kind="colleague", object_id=profile.pk)
    assert who_finds(personas, "Vandamme") == set()
