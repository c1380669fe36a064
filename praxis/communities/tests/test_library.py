"""The shared library: links (Praxis pages recognised) and files checked by their content, served to members only,
removed by who shared them or a facilitator; the list reads a fixed number of queries."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from praxis.communities import services
from praxis.communities.models import LibraryItem
from praxis.content.tests.pages_factories import make_content
from praxis.core.actor import Actor
from praxis.core.models import AuditEntry
from praxis.testing import make_community_member, make_member
from praxis.testing.files import docx_bytes, pdf_bytes, pdf_html_polyglot, png_html_polyglot

from .factories import make_local_community

pytestmark = pytest.mark.django_db


@pytest.fixture
def cast():
    facilitator = make_member(first_name="Inès", last_name="Haddad")
    community = make_local_community(facilitator=facilitator)
    member = make_member(first_name="Pieter", last_name="Janssens")
    make_community_member(community, member)
    return community, facilitator, member


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def test_a_member_shares_a_pdf_that_only_members_can_download(cast, client) -> None:
    community, _facilitator, member = cast
    client.force_login(member)
    response = client.post(reverse("communities:library", args=[community.slug]), {
        "title": "Charte de la CdP", "note": "À relire avant la réunion", "file": _upload("charte.pdf", pdf_bytes())})
    assert response.status_code == 302
    item = LibraryItem.objects.get(community=community)
    name = item.file.name or ""
    assert item.kind == "file" and item.mime == "application/pdf" and name.endswith(".pdf")
    assert "charte" not in name  # our own generated name
    assert AuditEntry.objects.filter(action="communities.library.added", target_id=str(item.pk)).exists()
    download = client.get(reverse("communities:library_file", args=[community.slug, item.pk]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content).startswith(b"%PDF-")
    assert "attachment" in download["Content-Disposition"]
    client.force_login(make_member())
    assert client.get(reverse("communities:library_file", args=[community.slug, item.pk])).status_code == 404


@pytest.mark.parametrize("data", [png_html_polyglot(), pdf_html_polyglot(), b"<html><script>x</script></html>",
                                  docx_bytes(appended=b"<script>alert(1)</script>")],
                         ids=["png+html", "pdf+html", "html", "docx+appended"])
def test_a_file_that_is_not_cleanly_what_it_claims_is_refused_and_nothing_is_stored(cast, client, data) -> None:
    community, _facilitator, member = cast
    client.force_login(member)
    response = client.post(reverse("communities:library", args=[community.slug]), {
        "title": "Document", "file": _upload("doc.pdf", data)})
    if data.startswith(b"\x89PNG"):
        # An image is re-encoded: the page appended after it does not survive.
        item = LibraryItem.objects.get(community=community)
        assert b"<html" not in item.file.read()
        return
    assert response.status_code == 400
    assert not LibraryItem.objects.exists()
    assert "Charte" not in response.content.decode() and "Document" in response.content.decode()


def test_a_file_over_the_limit_is_refused(cast, settings) -> None:
    community, _facilitator, member = cast
    settings.COMMUNITIES_LIBRARY_MAX_BYTES = 100
    with pytest.raises(ValidationError) as error:
        services.library_add(actor=Actor(member), community=community, title="Gros",
                             upload=_upload("gros.pdf", pdf_bytes()))
    assert "file" in error.value.message_dict


def test_links_to_praxis_pages_are_recognised_and_other_addresses_must_be_web_addresses(cast) -> None:
    community, facilitator, _member = cast
    actor = Actor(facilitator)
    capsule = make_content(facilitator, kind="capsule", title="Pansements")
    item = services.library_add(actor=actor, community=community, title="Capsule",
                                url=reverse("content:detail", args=[capsule.pk, capsule.slug]))
    assert item.target == LibraryItem.Target.CAPSULE and item.url.startswith("/contenus/")
    web = services.library_add(actor=actor, community=community, title="INAMI", url="https://www.inami.fgov.be/")
    assert web.target == LibraryItem.Target.EXTERNAL
    for bad in ["javascript:alert(1)", "//evil.example/x", "/nulle-part/ici/", "ftp://x.example/"]:
        with pytest.raises(ValidationError):
            services.library_add(actor=actor, community=community, title="Mauvais", url=bad)
    with pytest.raises(ValidationError):
        services.library_add(actor=actor, community=community, title="Les deux", url="https://a.example/",
                             upload=_upload("a.pdf", pdf_bytes()))


def test_the_privacy_guard_reads_the_title_and_the_note(cast) -> None:
    community, facilitator, _member = cast
    with pytest.raises(services.PrivacyFindings):
        services.library_add(actor=Actor(facilitator), community=community, title="Dossier",
                             note="Mme Dupont née le 12/03/1950", url="https://a.example/")


def test_who_shared_it_and_facilitators_remove_it_others_cannot(cast, client) -> None:
    community, facilitator, member = cast
    other = make_member()
    make_community_member(community, other)
    item = services.library_add(actor=Actor(member), community=community, title="Lien", url="https://a.example/")
    client.force_login(other)
    assert client.post(reverse("communities:library_remove", args=[community.slug, item.pk])).status_code == 403
    client.force_login(member)
    assert client.post(reverse("communities:library_remove", args=[community.slug, item.pk])).status_code == 302
    assert not LibraryItem.objects.exists()
    item = services.library_add(actor=Actor(member), community=community, title="Fichier",
                                upload=_upload("a.pdf", pdf_bytes()))
    client.force_login(facilitator)
    assert client.post(reverse("communities:library_remove", args=[community.slug, item.pk])).status_code == 302
    assert not LibraryItem.objects.exists()
    assert AuditEntry.objects.filter(action="communities.library.removed").count() == 2


def test_a_former_member_can_neither_see_nor_add(cast, client) -> None:
    community, _facilitator, member = cast
    item = services.library_add(actor=Actor(member), community=community, title="Lien", url="https://a.example/")
    services.community_leave(actor=Actor(member), community=community)
    client.force_login(member)
    assert client.get(reverse("communities:library", args=[community.slug])).status_code == 403
    assert client.post(reverse("communities:library", args=[community.slug]),
                       {"title": "x", "url": "https://b.example/"}).status_code == 403
    assert client.post(reverse("communities:library_remove", args=[community.slug, item.pk])).status_code == 404


def test_the_library_reads_a_fixed_number_of_queries(cast, client, django_assert_max_num_queries) -> None:
    community, _facilitator, member = cast
    for n in range(15):
        author = make_member()
        make_community_member(community, author)
        LibraryItem.objects.create(community=community, kind="link", title=f"Lien {n}", url=f"https://{n}.example/",
                                   target="external", added_by=author)
    client.force_login(member)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("communities:library", args=[community.slug]))
    assert response.status_code == 200
    assert response.content.decode().count("Lien ") == 15
