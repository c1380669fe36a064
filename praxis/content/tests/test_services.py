
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction

from praxis.content import services
from praxis.content.forms import ContentForm, parse_reference
from praxis.content.models import Content, Theme
from praxis.core.actor import Actor
from praxis.core.models import AuditEntry

from .pages_factories import form_data, make_content, pdf_upload


def _form(actor: Actor, kind: str = "article", creating: bool = True, files: dict[str, Any] | None = None, **overrides):
    return ContentForm(form_data(**overrides), files or {}, actor=actor, kind=kind, creating=creating)


def test_a_verified_professional_creates_an_article_draft_with_rendered_text(personas) -> None:
    actor = Actor(personas.verified_gp)
    form = _form(actor)
    assert form.is_valid(), form.errors
    content = services.content_create(actor=actor, kind="article", data=form.service_data())
    assert content.status == Content.Status.DRAFT
    assert content.slug == "infiltration-du-genou-voie-laterale"
    assert "<h3>Matériel</h3>" in content.body_html
    assert list(content.themes.all()) == [Theme.objects.order_by("pk").first()]
    assert AuditEntry.objects.filter(action="content.content.created", target_id=str(content.pk)).exists()


def test_an_unverified_member_cannot_create(personas) -> None:
    actor = Actor(personas.unverified_member)
    with pytest.raises(PermissionDenied):
        services.content_create(actor=actor, kind="article", data=_form(Actor(personas.verified_gp)).data)


def test_the_conflict_of_interest_declaration_is_mandatory(personas) -> None:
    form = _form(Actor(personas.verified_gp), coi_none=None, coi_statement="")
    assert not form.is_valid()
    assert "coi_statement" in form.errors


def test_a_conflict_of_interest_text_is_accepted_and_kept(personas) -> None:
    actor = Actor(personas.verified_gp)
    form = _form(actor, coi_none=None, coi_statement="Orateur rémunéré par le laboratoire X en 2025.")
    assert form.is_valid(), form.errors
    content = services.content_create(actor=actor, kind="article", data=form.service_data())
    assert not content.coi_none and "laboratoire X" in content.coi_statement


def test_ticking_none_and_writing_a_conflict_is_refused(personas) -> None:
    form = _form(Actor(personas.verified_gp), coi_statement="Consultant")
    assert not form.is_valid() and "coi_statement" in form.errors


@pytest.mark.parametrize("line,ok", [
    ("10.1016/j.jbspin.2020.01.001", True),
    ("doi:10.1000/xyz123", True),
    ("https://doi.org/10.1000/xyz123", True),
    ("https://www.has-sante.fr/jcms/c_1", True),
    ("voir le livre de Dupont", False),
    ("javascript:alert(1)", False),
    ("ftp://example.org/x", False),
    ("https://localhost", False),
])
def test_references_are_links_or_dois(line: str, ok: bool) -> None:
    assert (parse_reference(line) is not None) is ok


def test_a_bad_reference_line_is_reported_on_the_field(personas) -> None:
    form = _form(Actor(personas.verified_gp), references="https://ok.example.org\nle livre rouge")
    assert not form.is_valid()
    assert "le livre rouge" in str(form.errors["references"])


def test_text_with_a_patient_identifier_is_refused_on_its_field(personas) -> None:
    actor = Actor(personas.verified_gp)
    form = _form(actor, summary="Mme Dupont née le 12/03/1948, suivie pour ulcère.")
    assert form.is_valid()
    with pytest.raises(ValidationError) as error:
        services.content_create(actor=actor, kind="article", data=form.service_data())
    assert "summary" in error.value.error_dict
    assert not Content.objects.exists()


def test_a_pdf_is_stored_under_a_generated_name(personas) -> None:
    actor = Actor(personas.verified_gp)
    form = _form(actor, kind="document", files={"document": pdf_upload("../../etc/passwd.pdf")})
    assert form.is_valid(), form.errors
    content = services.content_create(actor=actor, kind="document", data=form.service_data(),
                                      document=form.cleaned_data["document"])
    assert content.document_mime == "application/pdf"
    assert "passwd" not in content.document.name and content.document.name.endswith(".pdf")


@pytest.mark.parametrize("name,payload", [
    ("virus.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200),
    ("notes.pdf", b"juste du texte, pas un PDF"),
    ("vide.pdf", b""),
])
def test_files_that_are_not_documents_are_refused(personas, name: str, payload: bytes) -> None:
    upload = SimpleUploadedFile(name, payload, content_type="application/pdf")
    form = _form(Actor(personas.verified_gp), kind="document", files={"document": upload})
    assert not form.is_valid()
    assert "document" in form.errors


def test_a_document_over_the_size_limit_is_refused(personas, settings) -> None:
    settings.CONTENT_DOCUMENT_MAX_BYTES = 10
    form = _form(Actor(personas.verified_gp), kind="document", files={"document": pdf_upload()})
    assert not form.is_valid() and "document" in form.errors


def test_institution_visibility_is_offered_only_for_the_authors_institutions(personas) -> None:
    staff_form = _form(Actor(personas.institution_staff))
    assert "institution" in staff_form.fields
    assert list(staff_form.fields["institution"].queryset) == [personas.institution]
    outsider_form = _form(Actor(personas.outsider), visibility="institution")
    assert "institution" not in outsider_form.fields
    assert not outsider_form.is_valid() and "visibility" in outsider_form.errors


def test_the_service_refuses_an_audience_the_author_does_not_belong_to(personas) -> None:
    actor = Actor(personas.outsider)
    data = _form(Actor(personas.verified_gp)).data
    form = _form(actor)
    assert form.is_valid()
    data = form.service_data() | {"visibility": "community", "community": personas.community}
    with pytest.raises(ValidationError):
        services.content_create(actor=actor, kind="article", data=data)


def test_a_draft_is_edited_in_place(personas) -> None:
    author = personas.verified_gp
    actor = Actor(author)
    draft = make_content(author, status=Content.Status.DRAFT)
    form = _form(actor, creating=False, title="Titre corrigé")
    assert form.is_valid()
    saved = services.content_update(actor=actor, content=draft, data=form.service_data())
    assert saved.pk == draft.pk and saved.title == "Titre corrigé"
    assert Content.objects.count() == 1


def test_editing_a_published_piece_creates_a_revision_and_leaves_the_original_online(personas) -> None:
    author = personas.verified_gp
    actor = Actor(author)
    themes = list(Theme.objects.order_by("pk")[:2])
    original = make_content(author, title="Version en ligne", themes=themes)
    form = _form(actor, creating=False, title="Version corrigée", themes=[t.pk for t in themes])
    assert form.is_valid()
    revision = services.content_update(actor=actor, content=original, data=form.service_data())
    original.refresh_from_db()
    assert revision.pk != original.pk
    assert revision.revision_of_id == original.pk and revision.version == 2
    assert revision.status == Content.Status.DRAFT and revision.title == "Version corrigée"
    assert set(revision.themes.all()) == set(themes)
    assert original.status == Content.Status.PUBLISHED and original.title == "Version en ligne"
    # A second edit continues the same revision rather than opening another one.
    again = services.content_update(actor=actor, content=original, data=form.service_data() | {"title": "Bis"})
    assert again.pk == revision.pk and Content.objects.filter(revision_of=original).count() == 1


def test_a_merged_revision_updates_the_original_and_retires(personas) -> None:
    author = personas.verified_gp
    original = make_content(author, title="Ancien titre", view_count=7)
    revision = services.content_revision_create(actor=Actor(author), content=original,
                                                data={"title": "Nouveau titre"})
    merged = services.content_merge_revision(actor=Actor(personas.reviewer), revision=revision)
    revision.refresh_from_db()
    assert merged.pk == original.pk and merged.title == "Nouveau titre" and merged.version == 2
    assert merged.view_count == 7 and merged.reviewed_by == personas.reviewer
    assert revision.status == Content.Status.SUPERSEDED


def test_someone_else_cannot_edit_a_piece(personas) -> None:
    piece = make_content(personas.verified_gp, status=Content.Status.DRAFT)
    with pytest.raises(PermissionDenied):
        services.content_update(actor=Actor(personas.outsider), content=piece, data={"title": "x"})


def test_views_are_counted_except_the_authors(personas) -> None:
    piece = make_content(personas.verified_gp)
    services.content_record_view(actor=Actor(personas.outsider), content=piece)
    services.content_record_view(actor=Actor(None), content=piece)
    services.content_record_view(actor=Actor(personas.verified_gp), content=piece)
    piece.refresh_from_db()
    assert piece.view_count == 2


def test_every_view_is_written_at_once_on_its_own_piece_only(personas, django_assert_num_queries) -> None:
    """The count's SQL is compiled once per process: each view is still one UPDATE of that piece, none kept back."""
    piece, other = make_content(personas.verified_gp), make_content(personas.verified_gp, view_count=40)
    for expected in range(1, 6):
        with django_assert_num_queries(1):
            services.content_record_view(actor=Actor(personas.outsider), content=piece)
        assert Content.objects.get(pk=piece.pk).view_count == expected
    services.content_record_view(actor=Actor(personas.reviewer), content=other)
    assert Content.objects.get(pk=other.pk).view_count == 41
    assert Content.objects.get(pk=piece.pk).view_count == 5
    # Inside a transaction that fails, the view goes with it, as the ORM's update did.
    with pytest.raises(RuntimeError), transaction.atomic():
        services.content_record_view(actor=Actor(personas.outsider), content=piece)
        raise RuntimeError
    assert Content.objects.get(pk=piece.pk).view_count == 5


def _zip(entries: list[tuple[str, str]]) -> bytes:
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in entries:
            archive.writestr(zipfile.ZipInfo(name) if name == "mimetype" else name, text)
    return buffer.getvalue()


@pytest.mark.parametrize("name,payload,mime", [
    ("protocole.docx", [("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document/>")],
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("protocole.odt", [("mimetype", "application/vnd.oasis.opendocument.text"), ("content.xml", "<x/>")],
     "application/vnd.oasis.opendocument.text"),
])
def test_office_documents_are_accepted_as_downloads(personas, name: str, payload: list[Any], mime: str) -> None:
    actor = Actor(personas.verified_gp)
    upload = SimpleUploadedFile(name, _zip(payload), content_type="application/octet-stream")
    form = _form(actor, kind="document", files={"document": upload})
    assert form.is_valid(), form.errors
    content = services.content_create(actor=actor, kind="document", data=form.service_data(),
                                      document=form.cleaned_data["document"])
    assert content.document_mime == mime


def test_a_plain_zip_renamed_docx_is_refused(personas) -> None:
    upload = SimpleUploadedFile("faux.docx", _zip([("readme.txt", "bonjour")]))
    form = _form(Actor(personas.verified_gp), kind="document", files={"document": upload})
    assert not form.is_valid() and "document" in form.errors


@pytest.mark.django_db(transaction=True)
def test_a_view_outside_any_transaction_is_counted_and_the_connection_stays_durable(personas) -> None:
    """As a page view runs (no transaction around the request): the view is written and committed; on PostgreSQL its
    commit alone skips the wait for the disk, every later write of the connection waits for it again."""
    piece = make_content(personas.verified_gp)
    services.content_record_view(actor=Actor(personas.outsider), content=piece)
    services.content_record_view(actor=Actor(None), content=piece)
    assert Content.objects.get(pk=piece.pk).view_count == 2
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"
