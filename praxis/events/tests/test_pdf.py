import io

import pytest
from pypdf import PdfReader

from praxis.events.models import Event, WhitePaper
from praxis.events.tasks import render_white_paper_pdf

from .factories import make_event, make_piece, make_white_paper

pytestmark = pytest.mark.django_db


def test_the_white_paper_pdf_is_rendered_once_with_its_text(personas):
    seminar = make_event(personas.institution_admin, institution=personas.institution, kind=Event.Kind.SEMINAR,
                         title="Séminaire transfrontalier")
    make_piece(seminar, personas.institution_admin, title="Fiche de liaison commune")
    paper = make_white_paper(seminar, personas.institution_admin, status=WhitePaper.Status.PUBLISHED,
                             title="Livre blanc des soins palliatifs", conclusion="Six mois de test.")
    render_white_paper_pdf(paper.pk)
    paper.refresh_from_db()
    assert paper.pdf and paper.pdf_rendered_at
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(paper.pdf.read())).pages)
    for expected in ["Livre blanc des soins palliatifs", "Fiche de liaison commune", "Six mois de test.",
                     "Séminaire transfrontalier"]:
        assert expected in text
    first_name = paper.pdf.name
    render_white_paper_pdf(paper.pk)  # cached: a second run keeps the same file
    paper.refresh_from_db()
    assert paper.pdf.name == first_name
    response = personas.client("anonymous").get(f"/agenda/livres-blancs/{paper.pk}/pdf/")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_draft_is_never_rendered(personas):
    seminar = make_event(personas.institution_admin, institution=personas.institution, kind=Event.Kind.SEMINAR)
    paper = make_white_paper(seminar, personas.institution_admin)
    render_white_paper_pdf(paper.pk)
    paper.refresh_from_db()
    assert not paper.pdf
