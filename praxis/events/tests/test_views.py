import re
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from praxis.content.models import Theme
from praxis.events.models import Event, Material, Registration, SeminarPiece, WhitePaper
from praxis.testing import make_member
from praxis.testing.files import pdf_bytes

from .factories import make_event, make_registration, make_white_paper

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
PDF = pdf_bytes()


def _queries(client, url) -> int:
    client.get(url)  # warm up: the first request of a session also loads caches
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# --- agenda -----------------------------------------------------------------------------------------------------

def test_the_agenda_lists_upcoming_events_soonest_first(personas):
    make_event(personas.institution_admin, title="Plus tard", starts_in=timedelta(days=9))
    make_event(personas.institution_admin, title="Bientôt", starts_in=timedelta(days=2))
    make_event(personas.institution_admin, title="Passé", starts_in=timedelta(days=-9))
    content = personas.client("anonymous").get("/agenda/").content.decode()
    assert content.index("Bientôt") < content.index("Plus tard") and "Passé" not in content


def test_the_agenda_filters_by_kind_theme_profession_country_and_online(personas):
    theme = Theme.objects.create(name="Gériatrie", slug="geriatrie-test")
    webinar = make_event(personas.institution_admin, title="Webinaire A", kind=Event.Kind.WEBINAR, is_online=True,
                         online_url="https://x.example.org", country="FR")
    webinar.themes.add(theme)
    make_event(personas.institution_admin, title="Formation B", target_professions=["nurse"])
    client = personas.client("anonymous")
    assert "Formation B" not in client.get("/agenda/?kind=webinar").content.decode()
    assert "Webinaire A" in client.get(f"/agenda/?theme={theme.pk}").content.decode()
    assert "Formation B" not in client.get(f"/agenda/?theme={theme.pk}").content.decode()
    by_profession = client.get("/agenda/?profession=gp").content.decode()
    assert "Webinaire A" in by_profession and "Formation B" not in by_profession
    assert "Formation B" in client.get("/agenda/?profession=nurse").content.decode()
    assert "Formation B" not in client.get("/agenda/?country=FR").content.decode()
    assert "Formation B" not in client.get("/agenda/?online=on").content.decode()


def test_near_me_keeps_events_within_the_radius(personas):
    from praxis.institutions.models import PostalCode

    PostalCode.objects.create(country="BE", postal_code="4000", name="Liège", search_name="liege",
                              latitude=50.6326, longitude=5.5797)
    make_event(personas.institution_admin, title="À Liège", latitude=50.64, longitude=5.57)
    make_event(personas.institution_admin, title="À Lille", latitude=50.6292, longitude=3.0573)
    page = personas.client("anonymous").get("/agenda/?near=4000&country=BE&radius=30").content.decode()
    assert "À Liège" in page and "À Lille" not in page and "km" in page


def test_an_unknown_place_is_explained(personas):
    response = personas.client("anonymous").get("/agenda/?near=Nullepart&country=BE")
    assert "postal code" in response.content.decode() or "code postal" in response.content.decode()


def test_the_agenda_htmx_request_gets_only_the_results(personas):
    make_event(personas.institution_admin, title="Bientôt")
    response = personas.client("anonymous").get("/agenda/", headers=HTMX)
    assert "Bientôt" in response.content.decode() and "<html" not in response.content.decode()


def test_the_agenda_runs_a_constant_number_of_queries(personas):
    client = personas.client("verified_gp")
    for _ in range(2):
        make_event(personas.institution_admin, institution=personas.institution, capacity=5)
    few = _queries(client, "/agenda/")
    for _ in range(6):
        event = make_event(personas.institution_admin, institution=personas.institution, capacity=5)
        event.themes.add(Theme.objects.create(name=f"T{event.pk}", slug=f"t-{event.pk}"))
        make_registration(event, make_member())
    assert _queries(client, "/agenda/") == few
    assert few <= 8


def test_my_registrations_runs_a_constant_number_of_queries(personas):
    client = personas.client("verified_gp")
    make_registration(make_event(personas.institution_admin, institution=personas.institution), personas.verified_gp)
    few = _queries(client, "/agenda/mes-inscriptions/")
    for days in (3, 4, -3, -4):
        make_registration(make_event(personas.institution_admin, institution=personas.institution,
                                     starts_in=timedelta(days=days)), personas.verified_gp)
    assert _queries(client, "/agenda/mes-inscriptions/") == few


def test_my_registrations_shows_seats_and_waiting_list(personas):
    make_registration(make_event(personas.institution_admin, title="Avec place"), personas.verified_gp)
    make_registration(make_event(personas.institution_admin, title="En attente"), personas.verified_gp,
                      Registration.Status.WAITLISTED)
    make_registration(make_event(personas.institution_admin, title="Annulée"), personas.verified_gp,
                      Registration.Status.CANCELLED)
    page = personas.client("verified_gp").get("/agenda/mes-inscriptions/").content.decode()
    assert "Avec place" in page and "En attente" in page and "Annulée" not in page
    assert "<html" not in personas.client("verified_gp").get("/agenda/mes-inscriptions/", headers=HTMX).content.decode()


def test_the_institution_page_lists_its_events(personas):
    make_event(personas.institution_admin, institution=personas.institution, title="Chez nous")
    make_event(personas.verified_gp, title="Ailleurs")
    page = personas.client("anonymous").get(f"/agenda/institution/{personas.institution.slug}/").content.decode()
    assert "Chez nous" in page and "Ailleurs" not in page
    assert personas.client("anonymous").get("/agenda/institution/inconnue/").status_code == 404


# --- create and edit ------------------------------------------------------------------------------------------------

def _form(**overrides):
    data = {"kind": "training", "title": "Suturer une plaie", "description": "Atelier pratique.", "language": "fr",
            "timezone": "Europe/Paris", "starts_at": "2031-05-02T09:00", "ends_at": "2031-05-02T12:00",
            "postal_code": "59000", "city": "Lille", "country": "FR", "price_eur": "0", "coi_none": "on"}
    data.update(overrides)
    return data


def test_a_verified_member_announces_an_event_in_its_time_zone(personas):
    response = personas.client("verified_gp").post("/agenda/nouveau/", _form())
    assert response.status_code == 302
    event = Event.objects.get(title="Suturer une plaie")
    assert event.timezone == "Europe/Paris"
    assert event.starts_at.astimezone(event.tz).hour == 9 and event.starts_at.utcoffset().total_seconds() == 0


def test_a_rejected_event_form_keeps_what_was_typed(personas):
    response = personas.client("verified_gp").post("/agenda/nouveau/", _form(ends_at="2031-05-02T08:00"))
    assert response.status_code == 400
    assert "Suturer une plaie" in response.content.decode() and not Event.objects.exists()
    htmx = personas.client("verified_gp").post("/agenda/nouveau/", _form(ends_at="2031-05-02T08:00"), headers=HTMX)
    assert htmx.status_code == 400 and "<html" not in htmx.content.decode()


def test_an_http_webinar_link_is_refused_in_the_form(personas):
    response = personas.client("verified_gp").post("/agenda/nouveau/", _form(
        kind="webinar", online_url="http://visio.example.org/salle", city="", postal_code=""))
    assert response.status_code == 400 and "https://" in response.content.decode()


def test_the_organiser_edits_the_event(personas):
    event = make_event(personas.institution_admin, institution=personas.institution)
    client = personas.client("institution_admin")
    assert client.get(f"/agenda/{event.pk}/modifier/").status_code == 200
    response = client.post(f"/agenda/{event.pk}/modifier/", _form(title="Nouveau titre",
                                                                  institution=personas.institution.pk))
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "Nouveau titre"


# --- detail and registration ---------------------------------------------------------------------------------------

def test_registering_through_htmx_returns_the_registration_box(personas):
    event = make_event(personas.institution_admin)
    response = personas.client("verified_gp").post(f"/agenda/{event.pk}/inscription/", headers=HTMX)
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert Registration.objects.get(event=event).status == Registration.Status.CONFIRMED


def test_a_full_event_offers_the_waiting_list(personas):
    event = make_event(personas.institution_admin, capacity=1)
    make_registration(event, personas.verified_gp)
    client = personas.client("outsider")
    response = client.post(f"/agenda/{event.pk}/inscription/")
    assert response.status_code == 409 and 'name="join_waitlist"' in response.content.decode()
    assert client.post(f"/agenda/{event.pk}/inscription/", {"join_waitlist": "on"}).status_code == 302
    page = client.get(f"/agenda/{event.pk}/").content.decode()
    assert Registration.objects.get(user=personas.outsider).status == Registration.Status.WAITLISTED
    assert "1" in page


def test_the_webinar_link_shows_only_to_seat_holders(personas):
    event = make_event(personas.institution_admin, kind=Event.Kind.WEBINAR, is_online=True,
                       online_url="https://visio.example.org/salle-secrete")
    make_registration(event, personas.verified_gp)
    assert "salle-secrete" in personas.client("verified_gp").get(f"/agenda/{event.pk}/").content.decode()
    assert "salle-secrete" not in personas.client("outsider").get(f"/agenda/{event.pk}/").content.decode()
    assert "salle-secrete" not in personas.client("anonymous").get(f"/agenda/{event.pk}/").content.decode()


def test_cancelling_through_htmx_frees_the_seat(personas):
    event = make_event(personas.institution_admin)
    make_registration(event, personas.verified_gp)
    response = personas.client("verified_gp").post(f"/agenda/{event.pk}/desinscription/", headers=HTMX)
    assert response.status_code == 200
    assert Registration.objects.get(event=event).status == Registration.Status.CANCELLED


def test_an_unknown_event_is_not_found(personas):
    assert personas.client("verified_gp").get("/agenda/999999/").status_code == 404


# --- organiser tools ------------------------------------------------------------------------------------------------

def test_the_attendee_list_runs_a_constant_number_of_queries(personas):
    event = make_event(personas.institution_admin, institution=personas.institution, starts_in=timedelta(hours=-1))
    client = personas.client("institution_admin")
    make_registration(event, make_member())
    few = _queries(client, f"/agenda/{event.pk}/participants/")
    for _ in range(6):
        make_registration(event, make_member())
    assert _queries(client, f"/agenda/{event.pk}/participants/") == few
    assert "<html" not in client.get(f"/agenda/{event.pk}/participants/", headers=HTMX).content.decode()


def test_the_organiser_marks_attendance_from_the_list(personas):
    event = make_event(personas.institution_admin, institution=personas.institution, starts_in=timedelta(hours=-3),
                       accreditation_points=2)
    seat = make_registration(event, personas.verified_gp)
    response = personas.client("institution_admin").post(f"/agenda/{event.pk}/presences/", {"present": [seat.pk]})
    assert response.status_code == 302
    seat.refresh_from_db()
    assert seat.attended is True and personas.verified_gp.cpd_entries.get().points == 2


def test_the_organiser_writes_to_registrants(personas, django_capture_on_commit_callbacks):
    from django.core import mail

    event = make_event(personas.institution_admin, institution=personas.institution)
    make_registration(event, personas.verified_gp)
    with django_capture_on_commit_callbacks(execute=True):
        response = personas.client("institution_admin").post(f"/agenda/{event.pk}/message/", {
            "subject": "Accès", "body": "Parking B."})
    assert response.status_code == 302 and mail.outbox[0].to == [personas.verified_gp.email]


def test_materials_are_checked_by_their_content(personas):
    event = make_event(personas.institution_admin, institution=personas.institution)
    client = personas.client("institution_admin")
    fake = SimpleUploadedFile("slides.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    assert client.post(f"/agenda/{event.pk}/supports/", {"title": "Diapos", "file": fake}).status_code == 400
    real = SimpleUploadedFile("whatever.bin", PDF, content_type="application/octet-stream")
    assert client.post(f"/agenda/{event.pk}/supports/", {"title": "Diapos", "file": real}).status_code == 302
    material = Material.objects.get()
    assert material.mime == "application/pdf" and material.file.name.endswith(".pdf")
    assert "whatever" not in material.file.name
    download = personas.client("verified_gp").get(f"/agenda/{event.pk}/supports/{material.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF


def test_the_organiser_links_a_replay_capsule(personas):
    from praxis.content.models import Content

    capsule = Content.objects.create(kind=Content.Kind.CAPSULE, title="Rediffusion", slug="rediffusion",
                                     summary="…", author=personas.verified_gp, status=Content.Status.PUBLISHED,
                                     coi_none=True)
    event = make_event(personas.institution_admin, institution=personas.institution, starts_in=timedelta(days=-2))
    response = personas.client("institution_admin").post(f"/agenda/{event.pk}/rediffusion/", {"replay": capsule.pk})
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.replay == capsule
    assert "Rediffusion" in personas.client("verified_gp").get(f"/agenda/{event.pk}/").content.decode()


# --- seminars and white papers ----------------------------------------------------------------------------------------

def test_the_organiser_adds_a_contribution_with_slides(personas):
    seminar = make_event(personas.institution_admin, institution=personas.institution, kind=Event.Kind.SEMINAR)
    response = personas.client("institution_admin").post(f"/agenda/{seminar.pk}/contributions/nouvelle/", {
        "kind": "contribution", "speaker": "Dr Leroy", "title": "HAD", "summary": "Résumé", "coi_none": "on",
        "document": SimpleUploadedFile("x.pdf", PDF)})
    assert response.status_code == 302
    piece = SeminarPiece.objects.get()
    assert piece.document_mime == "application/pdf"
    assert "HAD" in personas.client("anonymous").get(f"/agenda/{seminar.pk}/").content.decode()


def test_assembling_submitting_and_publishing_a_white_paper_through_the_pages(personas):
    seminar = make_event(personas.institution_admin, institution=personas.institution, kind=Event.Kind.SEMINAR)
    organiser = personas.client("institution_admin")
    response = organiser.post(f"/agenda/{seminar.pk}/livre-blanc/nouveau/", {"title": "Livre blanc",
                                                                               "introduction": "Intro",
                                                                               "coi_none": "on"})
    paper = WhitePaper.objects.get()
    assert response.status_code == 302 and paper.status == WhitePaper.Status.DRAFT
    assert organiser.post(f"/agenda/livres-blancs/{paper.pk}/modifier/", {
        "title": "Livre blanc", "introduction": "Intro revue", "coi_none": "on"}).status_code == 302
    assert organiser.post(f"/agenda/livres-blancs/{paper.pk}/soumettre/").status_code == 302
    reviewer = personas.client("reviewer")
    assert "Livre blanc" in reviewer.get("/agenda/relecture/").content.decode()
    assert reviewer.post(f"/agenda/livres-blancs/{paper.pk}/decision/", {"decision": "publish"}).status_code == 302
    paper.refresh_from_db()
    assert paper.status == WhitePaper.Status.PUBLISHED
    page = personas.client("anonymous").get(f"/agenda/livres-blancs/{paper.pk}/pdf/", headers=HTMX)
    assert page.status_code == 200  # the PDF is rendered by the worker; until then the page polls


def test_a_draft_white_paper_is_hidden_from_outsiders(personas):
    seminar = make_event(personas.institution_admin, institution=personas.institution, kind=Event.Kind.SEMINAR)
    draft = make_white_paper(seminar, personas.institution_admin)
    assert personas.client("outsider").get(f"/agenda/livres-blancs/{draft.pk}/").status_code == 404
    assert personas.client("institution_admin").get(f"/agenda/livres-blancs/{draft.pk}/").status_code == 200
    assert personas.client("outsider").get(f"/agenda/livres-blancs/{draft.pk}/pdf/").status_code == 404


def test_the_calendar_page_shows_the_private_address_after_creating_it(personas):
    client = personas.client("verified_gp")
    assert 'action="/agenda/calendrier/renouveler/"' in client.get("/agenda/calendrier/").content.decode()
    client.post("/agenda/calendrier/renouveler/")
    feed = personas.verified_gp.calendar_feeds.get()
    assert feed.token in client.get("/agenda/calendrier/").content.decode()
    assert "<html" not in client.get("/agenda/calendrier/", headers=HTMX).content.decode()


# --- every route: wrong method and htmx variant -------------------------------------------------------------------

def _world(personas):
    seminar = make_event(personas.institution_admin, institution=personas.institution, kind=Event.Kind.SEMINAR,
                         starts_in=timedelta(days=-2))
    paper = make_white_paper(seminar, personas.institution_admin)
    material = Material.objects.create(event=seminar, title="Lien", url="https://example.org")
    piece = SeminarPiece.objects.create(event=seminar, title="T", summary="S", created_by=personas.institution_admin)
    return {"event_id": seminar.pk, "paper_id": paper.pk, "material_id": material.pk, "piece_id": piece.pk}


GET_ONLY = ["events:agenda", "events:mine", "events:calendar", "events:review_queue", "events:detail", "events:ics",
            "events:attendees", "events:attendees_csv", "events:material", "events:piece", "events:white_paper",
            "events:white_paper_pdf"]
POST_ONLY = ["events:cancel", "events:register", "events:unregister", "events:attendance", "events:replay",
             "events:material_add", "events:calendar_renew", "events:calendar_revoke", "events:white_paper_submit",
             "events:white_paper_review"]
HTMX_PAGES = ["events:agenda", "events:mine", "events:calendar", "events:detail", "events:attendees",
              "events:create", "events:edit", "events:message", "events:piece_add", "events:white_paper_new",
              "events:white_paper", "events:white_paper_edit"]


def _url(name, ids):
    from django.urls import NoReverseMatch, reverse

    for keys in (("event_id", "material_id"), ("event_id", "piece_id"), ("event_id",), ("paper_id",), ()):
        try:
            return reverse(name, kwargs={k: ids[k] for k in keys})
        except NoReverseMatch:
            continue
    raise AssertionError(name)


@pytest.mark.parametrize("name", GET_ONLY)
def test_read_only_routes_refuse_post(personas, name):
    url = _url(name, _world(personas))
    assert personas.client("institution_admin").post(url).status_code == 405


@pytest.mark.parametrize("name", POST_ONLY)
def test_action_routes_refuse_get(personas, name):
    url = _url(name, _world(personas))
    assert personas.client("institution_admin").get(url).status_code == 405


@pytest.mark.parametrize("name", HTMX_PAGES)
def test_pages_answer_htmx_requests_with_a_fragment(personas, name):
    url = _url(name, _world(personas))
    response = personas.client("institution_admin").get(url, headers=HTMX)
    assert response.status_code == 200
    assert "<html" not in response.content.decode()


def test_members_get_a_near_me_link_from_their_profile(personas):
    page = personas.client("verified_gp").get("/agenda/").content.decode()
    assert "?near=4000&amp;country=BE&amp;radius=30" in page and "4000 Liège" in page


def test_the_agenda_pages_by_key_without_gaps_or_repeats(personas) -> None:
    from django.urls import reverse

    from praxis.events.selectors import AGENDA_PAGE_SIZE

    organiser = personas.verified_gp
    created = {make_event(organiser, starts_in=timedelta(days=3, hours=i % 7), title=f"Formation {i}").pk
               for i in range(AGENDA_PAGE_SIZE + 7)}
    client = personas.client("outsider")
    seen, url, pages = [], reverse("events:agenda"), 0
    while url and pages < 5:
        response = client.get(url)
        assert response.status_code == 200
        seen += [int(pk) for pk in re.findall(r'<h3[^>]*><a href="/agenda/(\d+)/">', response.content.decode())]
        cursor = response.context["next_cursor"]
        url = reverse("events:agenda") + "?" + urlencode({"apres": cursor}) if cursor else ""
        pages += 1
    assert pages == 2
    assert len(seen) == len(set(seen))
    assert created <= set(seen)
