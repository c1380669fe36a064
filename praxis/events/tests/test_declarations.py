"""The conflict-of-interest and sponsorship declaration of events, seminar pieces and white papers: required by the
forms and the services (so by the API too), refused with a clear message when missing, shown on the pages."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from praxis.events import services
from praxis.events.models import Event, SeminarPiece, WhitePaper
from praxis.testing.files import pdf_bytes

from .factories import actor, make_event, make_piece, make_white_paper

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
MISSING_FR = "Déclarez les conflits d&#x27;intérêts, ou cochez qu&#x27;il n&#x27;y en a pas."
SPONSORSHIP = "Bourse éducative des Laboratoires Algéa, sans droit de regard sur le programme."


def _data(**overrides):
    start = timezone.now() + timedelta(days=10)
    data = {"kind": Event.Kind.TRAINING, "title": "Suturer une plaie simple", "description": "Atelier.",
            "starts_at": start, "ends_at": start + timedelta(hours=2), "postal_code": "4000", "city": "Liège",
            "country": "BE", "institution": None, "timezone": "Europe/Brussels"}
    data.update(overrides)
    return data


def _form(**overrides):
    data = {"kind": "training", "title": "Suturer une plaie", "description": "Atelier pratique.", "language": "fr",
            "timezone": "Europe/Brussels", "starts_at": "2031-05-02T09:00", "ends_at": "2031-05-02T12:00",
            "postal_code": "4000", "city": "Liège", "country": "BE", "price_eur": "0"}
    data.update(overrides)
    return data


# --- services ------------------------------------------------------------------------------------------------------

def test_an_event_without_a_declaration_is_refused_and_nothing_is_saved(personas):
    with pytest.raises(ValidationError) as error:
        services.event_create(actor=actor(personas.verified_gp), data=_data())
    assert list(error.value.message_dict) == ["coi_statement"]
    assert not Event.objects.exists()


@pytest.mark.parametrize(("language", "message"), [
    ("fr", "Déclarez les conflits d'intérêts, ou cochez qu'il n'y en a pas."),
    ("nl", "Meld de belangenconflicten, of vink aan dat er geen zijn."),
])
def test_the_missing_declaration_is_told_in_the_members_language(personas, language, message):
    with translation.override(language):
        with pytest.raises(ValidationError) as error:
            services.event_create(actor=actor(personas.verified_gp), data=_data())
        assert error.value.message_dict["coi_statement"] == [message]


def test_none_and_a_statement_together_are_refused(personas):
    with pytest.raises(ValidationError) as error:
        services.event_create(actor=actor(personas.verified_gp),
                              data=_data(coi_none=True, coi_statement="Honoraires d'un laboratoire."))
    assert "coi_statement" in error.value.message_dict and not Event.objects.exists()


def test_a_sponsored_event_cannot_declare_no_conflict(personas):
    with pytest.raises(ValidationError) as error:
        services.event_create(actor=actor(personas.verified_gp),
                              data=_data(coi_none=True, sponsors="Laboratoires Algéa"))
    assert list(error.value.message_dict) == ["coi_none"] and not Event.objects.exists()


def test_a_sponsored_event_with_its_statement_is_published(personas):
    event = services.event_create(actor=actor(personas.verified_gp), data=_data(
        sponsors=" Laboratoires Algéa ", coi_statement=f"<b>{SPONSORSHIP}</b>"))
    assert (event.sponsors, event.coi_statement, event.coi_none) == ("Laboratoires Algéa", SPONSORSHIP, False)


def test_a_declaration_naming_a_patient_is_refused(personas):
    with pytest.raises(ValidationError) as error:
        services.event_create(actor=actor(personas.verified_gp),
                              data=_data(coi_statement="Conférence payée par Mme Durand née le 04/05/1948."))
    assert "coi_statement" in error.value.message_dict and not Event.objects.exists()


def test_an_event_announced_before_declarations_is_declared_at_its_next_edit(personas):
    event = make_event(personas.institution_admin, institution=personas.institution, coi_none=False)
    assert not event.is_declared
    data = _data(institution=personas.institution, title="Nouveau titre")
    with pytest.raises(ValidationError) as error:
        services.event_update(actor=actor(personas.institution_admin), event=event, data=data)
    assert "coi_statement" in error.value.message_dict
    assert Event.objects.get(pk=event.pk).title != "Nouveau titre"
    services.event_update(actor=actor(personas.institution_admin), event=event, data={**data, "coi_none": True})
    event.refresh_from_db()
    assert event.is_declared and event.title == "Nouveau titre"


def test_a_seminar_piece_without_a_declaration_is_refused_and_its_file_not_stored(personas):
    seminar = make_event(personas.institution_admin, institution=personas.institution, kind=Event.Kind.SEMINAR)
    upload = SimpleUploadedFile("slides.pdf", pdf_bytes(), content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        services.piece_add(actor=actor(personas.institution_admin), event=seminar, upload=upload,
                           mime="application/pdf", data={"kind": "contribution", "title": "HAD", "summary": "R"})
    assert "coi_statement" in error.value.message_dict and not SeminarPiece.objects.exists()
    directories, files = default_storage.listdir("events/seminars/") if default_storage.exists(
        "events/seminars/") else ([], [])
    assert not directories and not files


def test_a_white_paper_without_a_declaration_is_refused(personas):
    seminar = make_event(personas.institution_admin, institution=personas.institution, kind=Event.Kind.SEMINAR)
    with pytest.raises(ValidationError) as error:
        services.white_paper_assemble(actor=actor(personas.institution_admin), event=seminar, title="Livre blanc",
                                      introduction="Intro", conclusion="")
    assert "coi_statement" in error.value.message_dict and not WhitePaper.objects.exists()


def test_a_white_paper_written_before_declarations_cannot_be_submitted_or_published(personas):
    seminar = make_event(personas.institution_admin, institution=personas.institution, kind=Event.Kind.SEMINAR)
    draft = make_white_paper(seminar, personas.institution_admin, coi_none=False)
    with pytest.raises(ValidationError, match="Déclarez les conflits d'intérêts des auteurs"):
        services.white_paper_submit(actor=actor(personas.institution_admin), paper=draft)
    submitted = make_white_paper(seminar, personas.institution_admin, status=WhitePaper.Status.SUBMITTED,
                                 coi_none=False)
    with pytest.raises(ValidationError):
        services.white_paper_decide(actor=actor(personas.reviewer), paper=submitted, publish=True, note="")
    assert WhitePaper.objects.get(pk=submitted.pk).status == WhitePaper.Status.SUBMITTED
    services.white_paper_update(actor=actor(personas.institution_admin), paper=draft, title="Livre blanc",
                                introduction="Intro", conclusion="", coi_statement="Orateurs défrayés par le CHU.")
    assert services.white_paper_submit(actor=actor(personas.institution_admin),
                                       paper=draft).status == WhitePaper.Status.SUBMITTED


def test_the_white_paper_keeps_each_pieces_declaration(personas):
    seminar = make_event(personas.institution_admin, institution=personas.institution, kind=Event.Kind.SEMINAR)
    make_piece(seminar, personas.institution_admin, coi_none=False, coi_statement="Consultante pour un fabricant.")
    paper = services.white_paper_assemble(actor=actor(personas.institution_admin), event=seminar,
                                          title="Livre blanc", introduction="Intro", conclusion="", coi_none=True)
    assert paper.sections[0]["coi_statement"] == "Consultante pour un fabricant."


# --- pages ---------------------------------------------------------------------------------------------------------

def test_the_event_form_without_a_declaration_answers_400_with_the_message(personas):
    client = personas.client("verified_gp")
    response = client.post("/agenda/nouveau/", _form())
    assert response.status_code == 400 and MISSING_FR in response.content.decode()
    assert "Suturer une plaie" in response.content.decode() and not Event.objects.exists()
    htmx = client.post("/agenda/nouveau/", _form(), headers=HTMX)
    assert htmx.status_code == 400 and "<html" not in htmx.content.decode() and MISSING_FR in htmx.content.decode()


def test_a_sponsored_event_shows_its_sponsors_and_declaration(personas):
    client = personas.client("verified_gp")
    response = client.post("/agenda/nouveau/", _form(sponsors="Laboratoires Algéa", coi_statement=SPONSORSHIP))
    assert response.status_code == 302
    event = Event.objects.get()
    page = personas.client("anonymous").get(f"/agenda/{event.pk}/").content.decode()
    assert "Laboratoires Algéa" in page and "sans droit de regard sur le programme" in page


def test_the_agenda_marks_sponsored_events(personas):
    make_event(personas.institution_admin, title="Webinaire sponsorisé", coi_none=False,
               sponsors="Laboratoires Algéa", coi_statement=SPONSORSHIP)
    make_event(personas.institution_admin, title="Atelier indépendant")
    page = personas.client("anonymous").get("/agenda/").content.decode()
    cards = page.split('class="card event-card"')[1:]
    assert [("Sponsorisé" in card, "Webinaire sponsorisé" in card) for card in cards] == [(True, True), (False, False)]


def test_ticking_none_for_a_sponsored_event_is_refused_in_the_form(personas):
    response = personas.client("verified_gp").post("/agenda/nouveau/", _form(sponsors="Laboratoires Algéa",
                                                                             coi_none="on"))
    assert response.status_code == 400 and "Un événement sponsorisé" in response.content.decode()
    assert not Event.objects.exists()


def test_the_event_page_says_no_conflict_or_not_declared(personas):
    declared = make_event(personas.institution_admin, title="Déclaré")
    legacy = make_event(personas.institution_admin, title="Ancien", coi_none=False)
    anonymous = personas.client("anonymous")
    assert "L'organisateur ne déclare aucun conflit d'intérêts." in anonymous.get(
        f"/agenda/{declared.pk}/").content.decode()
    assert "Non déclarés" in anonymous.get(f"/agenda/{legacy.pk}/").content.decode()


def test_the_edit_form_of_an_old_event_asks_for_the_declaration(personas):
    event = make_event(personas.institution_admin, institution=personas.institution, coi_none=False)
    client = personas.client("institution_admin")
    form = _form(institution=personas.institution.pk, title="Nouveau titre")
    assert client.post(f"/agenda/{event.pk}/modifier/", form).status_code == 400
    assert client.post(f"/agenda/{event.pk}/modifier/", {**form, "coi_none": "on"}).status_code == 302
    assert Event.objects.get(pk=event.pk).coi_none


def test_a_piece_without_a_declaration_answers_400_and_a_declared_one_shows_it(personas):
    seminar = make_event(personas.institution_admin, institution=personas.institution, kind=Event.Kind.SEMINAR)
    client = personas.client("institution_admin")
    url = f"/agenda/{seminar.pk}/contributions/nouvelle/"
    piece = {"kind": "contribution", "speaker": "Dr Leroy", "title": "HAD", "summary": "Résumé"}
    response = client.post(url, piece)
    assert response.status_code == 400 and MISSING_FR in response.content.decode()
    assert not SeminarPiece.objects.exists()
    assert client.post(url, {**piece, "coi_statement": "Consultante pour un fabricant de pompes."}).status_code == 302
    page = personas.client("anonymous").get(f"/agenda/{seminar.pk}/").content.decode()
    assert "Consultante pour un fabricant de pompes." in page


def test_a_white_paper_without_a_declaration_answers_400_and_a_declared_one_shows_it(personas):
    seminar = make_event(personas.institution_admin, institution=personas.institution, kind=Event.Kind.SEMINAR,
                         sponsors="Mutualité du Hainaut", coi_statement="Repas offerts par la mutualité.")
    client = personas.client("institution_admin")
    url = f"/agenda/{seminar.pk}/livre-blanc/nouveau/"
    paper = {"title": "Livre blanc", "introduction": "Intro"}
    response = client.post(url, paper)
    assert response.status_code == 400 and MISSING_FR in response.content.decode()
    assert not WhitePaper.objects.exists()
    assert client.post(url, {**paper, "coi_statement": "Rédaction financée par le projet Interreg."}).status_code == 302
    created = WhitePaper.objects.get()
    page = client.get(f"/agenda/livres-blancs/{created.pk}/").content.decode()
    assert "Rédaction financée par le projet Interreg." in page and "Mutualité du Hainaut" in page
    # the next version's form starts from this declaration
    WhitePaper.objects.filter(pk=created.pk).update(status=WhitePaper.Status.PUBLISHED)
    assert "Rédaction financée par le projet Interreg." in client.get(url).content.decode()


def test_editing_an_old_white_paper_asks_for_the_declaration(personas):
    seminar = make_event(personas.institution_admin, institution=personas.institution, kind=Event.Kind.SEMINAR)
    draft = make_white_paper(seminar, personas.institution_admin, coi_none=False)
    client = personas.client("institution_admin")
    submit = client.post(f"/agenda/livres-blancs/{draft.pk}/soumettre/")
    assert submit.status_code == 400 and "Déclarez les conflits d&#x27;intérêts des auteurs" in submit.content.decode()
    url = f"/agenda/livres-blancs/{draft.pk}/modifier/"
    assert client.post(url, {"title": "Livre blanc", "introduction": "Intro"}).status_code == 400
    assert client.post(url, {"title": "Livre blanc", "introduction": "Intro", "coi_none": "on"}).status_code == 302
    assert client.post(f"/agenda/livres-blancs/{draft.pk}/soumettre/").status_code == 302
