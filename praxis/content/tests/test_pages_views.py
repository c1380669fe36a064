from datetime import timedelta

import pytest
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from praxis.content.models import Content, Theme
from praxis.testing import make_member

from .pages_factories import form_data, make_content, pdf_upload

HX = {"HX-Request": "true"}


def detail_url(content: Content) -> str:
    return reverse("content:detail", kwargs={"pk": content.pk, "slug": content.slug})


@pytest.fixture
def author(db):
    return make_member("auteur@example.test", first_name="Julien", last_name="Martin")


# --- list ------------------------------------------------------------------------------------------------------

def test_the_list_shows_published_public_pieces_to_anonymous_visitors(client, author) -> None:
    make_content(author, title="Réfection d'un pansement d'ulcère veineux")
    make_content(author, title="Brouillon caché", status=Content.Status.DRAFT)
    response = client.get(reverse("content:list"))
    assert response.status_code == 200
    assert "Réfection d&#x27;un pansement d&#x27;ulcère veineux" in response.text
    assert "Brouillon caché" not in response.text


def test_cached_cards_show_an_edit_at_once_and_follow_the_language(client, author) -> None:
    """Cards are kept rendered (fragment cache): the key holds `updated_at` and the language."""
    piece = make_content(author, title="Pose d'une sonde vésicale", kind=Content.Kind.ARTICLE)
    assert "Pose d&#x27;une sonde vésicale" in client.get(reverse("content:list")).text
    piece.title = "Pose d'une sonde vésicale chez l'homme"
    piece.save()
    assert "Pose d&#x27;une sonde vésicale chez l&#x27;homme" in client.get(reverse("content:list")).text
    french = client.get(reverse("content:list"), HTTP_ACCEPT_LANGUAGE="fr").text
    dutch = client.get(reverse("content:list"), HTTP_ACCEPT_LANGUAGE="nl").text
    assert '<span class="badge kind">Article</span>' in french
    assert '<span class="badge kind">Artikel</span>' in dutch


def test_a_cached_card_is_listed_only_for_whom_may_see_the_piece(client, personas, author) -> None:
    """Cards are cached per piece, not per viewer: who sees which card is the list's query, never the cache."""
    theme = Theme.objects.order_by("pk").first()
    make_content(author, title="Réservé aux membres vérifiés", visibility=Content.Visibility.VERIFIED, themes=[theme])
    member = personas.client("verified_gp")
    assert "Réservé aux membres vérifiés" in member.get(reverse("content:list")).text
    assert "Réservé aux membres vérifiés" in member.get(reverse("site:theme", args=[theme.slug])).text
    assert "Réservé aux membres vérifiés" not in client.get(reverse("content:list")).text
    assert "Réservé aux membres vérifiés" not in client.get(reverse("site:theme", args=[theme.slug])).text


def test_a_card_is_the_same_for_every_viewer_and_leaves_the_list_when_unpublished(client, personas, author) -> None:
    piece = make_content(author, title="Soins de bouche")
    member_page = personas.client("verified_gp").get(reverse("content:list")).text
    anonymous_page = client.get(reverse("content:list")).text

    def card(html: str) -> str:
        return html[html.index('<li class="card content-card">'):html.index("</li>", html.index("Soins de bouche"))]

    assert card(member_page) == card(anonymous_page)
    piece.status = Content.Status.SUPERSEDED
    piece.save()
    assert "Soins de bouche" not in client.get(reverse("content:list")).text


def test_cached_filters_show_the_selection_of_each_query(client, author) -> None:
    """The filter form is kept rendered per query string and language: each query shows its own selection."""
    make_content(author)
    url = reverse("content:list")
    assert '<option value="capsule" selected>' in client.get(url, {"kind": "capsule"}).text
    document = client.get(url, {"kind": "document"}).text
    assert '<option value="document" selected>' in document and '<option value="capsule" selected>' not in document
    plain = client.get(url).text
    assert '<option value="capsule" selected>' not in plain and '<option value="document" selected>' not in plain


def test_the_list_refuses_post(client) -> None:
    assert client.post(reverse("content:list")).status_code == 405


def test_restricted_pieces_never_reach_outsiders_in_the_list(personas, author) -> None:
    make_content(author, title="Pour vérifiés", visibility=Content.Visibility.VERIFIED)
    make_content(author, title="Pour la clinique", visibility=Content.Visibility.INSTITUTION,
                 institution=personas.institution)
    make_content(author, title="Pour la CdP", visibility=Content.Visibility.COMMUNITY, community=personas.community)
    outsider = personas.client("outsider").get(reverse("content:list")).text
    assert "Pour vérifiés" in outsider
    assert "Pour la clinique" not in outsider and "Pour la CdP" not in outsider
    anonymous = personas.client("anonymous").get(reverse("content:list")).text
    assert "Pour vérifiés" not in anonymous
    unverified = personas.client("unverified_member").get(reverse("content:list")).text
    assert "Pour vérifiés" not in unverified
    staff = personas.client("institution_staff").get(reverse("content:list")).text
    assert "Pour la clinique" in staff and "Pour la CdP" not in staff
    facilitator = personas.client("facilitator").get(reverse("content:list")).text
    assert "Pour la CdP" in facilitator and "Pour la clinique" not in facilitator


def test_the_list_filters_by_kind_theme_profession_and_language(client, author) -> None:
    geriatrics = Theme.objects.get(slug="geriatrie")
    make_content(author, title="Capsule gériatrie", kind=Content.Kind.CAPSULE, themes=[geriatrics],
                 target_professions=["nurse"])
    make_content(author, title="Article en néerlandais", language="nl")
    make_content(author, title="Pour tous", target_professions=[])
    assert "Capsule gériatrie" in client.get(reverse("content:list"), {"kind": "capsule"}).text
    assert "Pour tous" not in client.get(reverse("content:list"), {"kind": "capsule"}).text
    by_theme = client.get(reverse("content:list"), {"theme": "geriatrie"}).text
    assert "Capsule gériatrie" in by_theme and "Pour tous" not in by_theme
    for_gps = client.get(reverse("content:list"), {"profession": "gp"}).text
    assert "Capsule gériatrie" not in for_gps and "Pour tous" in for_gps
    dutch = client.get(reverse("content:list"), {"language": "nl"}).text
    assert "Article en néerlandais" in dutch and "Pour tous" not in dutch


def test_the_htmx_filter_returns_only_the_results_region(client, author) -> None:
    make_content(author, title="Infiltration du genou")
    response = client.get(reverse("content:list"), {"kind": "article"}, headers=HX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<section id="results"')
    assert "<html" not in response.text and "Infiltration du genou" in response.text


def test_the_list_pages_with_a_keyset_cursor_without_repeating_or_skipping(client, author) -> None:
    now = timezone.now()
    for n in range(15):
        make_content(author, title=f"Pièce numéro {n:02d}", published_at=now - timedelta(minutes=n))
    first = client.get(reverse("content:list"))
    cursor = first.context["page"].next_cursor
    assert cursor and len(first.context["page"].rows) == 12
    more = client.get(reverse("content:list"), {"apres": cursor}, headers=HX)
    assert "<html" not in more.text
    titles = [c.title for c in first.context["page"].rows] + [c.title for c in more.context["page"].rows]
    assert titles == [f"Pièce numéro {n:02d}" for n in range(15)]
    assert more.context["page"].next_cursor is None


def test_a_nonsense_cursor_gives_the_first_page(client, author) -> None:
    make_content(author, title="Toujours là")
    assert "Toujours là" in client.get(reverse("content:list"), {"apres": "x_'; drop"}).text


def test_the_list_costs_the_same_few_queries_with_fifteen_rows(personas, author, django_assert_max_num_queries) -> None:
    themes = list(Theme.objects.order_by("pk")[:3])
    for _ in range(15):
        make_content(author, themes=themes, kind=Content.Kind.CAPSULE)
    client = personas.client("verified_gp")
    with django_assert_max_num_queries(8):
        response = client.get(reverse("content:list"))
    assert len(response.context["page"].rows) == 12


# --- detail ----------------------------------------------------------------------------------------------------

def test_anonymous_visitors_get_the_teaser_of_public_content_only(client, author) -> None:
    piece = make_content(author, body="## Secret du geste\n\nTexte complet.")
    response = client.get(detail_url(piece))
    assert response.status_code == 200
    assert piece.summary in response.text
    assert "Secret du geste" not in response.text
    assert "Sign in" in response.text or "Se connecter" in response.text


def test_members_get_the_full_content_coi_references_and_reviewer(personas, author) -> None:
    piece = make_content(author, body="## Secret du geste", coi_none=False, coi_statement="Orateur pour X.",
                         references="10.1000/xyz123\nhttps://www.has-sante.fr/a", reviewed_by=personas.reviewer,
                         reviewed_at=timezone.now(), target_professions=["nurse"], countries=["BE"])
    text = personas.client("unverified_member").get(detail_url(piece)).text
    assert "Secret du geste" in text and "Orateur pour X." in text
    assert 'href="https://doi.org/10.1000/xyz123"' in text
    assert personas.reviewer.get_full_name() in text
    for marker in ("{# review:panel #}", "{# discussions:thread #}", "{# discussions:actions #}"):
        assert marker not in text  # template comments never reach the page


def test_the_detail_page_counts_views_but_not_the_authors(personas, author) -> None:
    piece = make_content(author)
    personas.client("outsider").get(detail_url(piece))
    from django.test import Client
    own = Client()
    own.force_login(author)
    own.get(detail_url(piece))
    piece.refresh_from_db()
    assert piece.view_count == 1


def test_a_wrong_slug_redirects_to_the_canonical_address(client, author) -> None:
    piece = make_content(author)
    response = client.get(reverse("content:detail", kwargs={"pk": piece.pk, "slug": "autre"}))
    assert response.status_code == 302 and response.url == detail_url(piece)


def test_the_detail_refuses_post(client, author) -> None:
    assert client.post(detail_url(make_content(author))).status_code == 405


def test_restricted_and_unpublished_pieces_are_404_for_outsiders(personas, author) -> None:
    pieces = [
        make_content(author, visibility=Content.Visibility.INSTITUTION, institution=personas.institution),
        make_content(author, visibility=Content.Visibility.COMMUNITY, community=personas.community),
        make_content(author, status=Content.Status.DRAFT),
        make_content(author, status=Content.Status.REJECTED),
    ]
    outsider = personas.client("outsider")
    for piece in pieces:
        assert outsider.get(detail_url(piece)).status_code == 404


def test_the_htmx_detail_returns_the_article_only(client, author) -> None:
    response = client.get(detail_url(make_content(author)), headers=HX)
    assert response.status_code == 200 and "<html" not in response.text and "content-page" in response.text


def test_the_document_page_offers_the_pdf_and_the_download_serves_it(personas, author) -> None:
    piece = make_content(author, kind=Content.Kind.DOCUMENT)
    client = personas.client("outsider")
    assert reverse("content:document", kwargs={"pk": piece.pk}) in client.get(detail_url(piece)).text
    response = client.get(reverse("content:document", kwargs={"pk": piece.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    download = client.get(reverse("content:document", kwargs={"pk": piece.pk}), {"telecharger": "1"})
    assert "attachment" in download["Content-Disposition"]
    assert personas.client("anonymous").get(reverse("content:document", kwargs={"pk": piece.pk})).status_code == 404
    assert client.post(reverse("content:document", kwargs={"pk": piece.pk})).status_code == 405


# --- create and edit -------------------------------------------------------------------------------------------

def test_a_verified_gp_creates_an_article_and_lands_on_its_page(personas) -> None:
    client = personas.client("verified_gp")
    response = client.post(reverse("content:create", kwargs={"kind": "article"}), form_data())
    piece = Content.objects.get()
    assert response.status_code == 302 and response.url == detail_url(piece)
    assert piece.author == personas.verified_gp and piece.status == Content.Status.DRAFT


def test_a_new_capsule_goes_on_to_the_video_upload(personas) -> None:
    client = personas.client("verified_gp")
    response = client.post(reverse("content:create", kwargs={"kind": "capsule"}), form_data(body=None))
    piece = Content.objects.get()
    assert response.status_code == 302
    try:
        expected = reverse("content:capsule_upload", kwargs={"content_id": piece.pk})
    except Exception:  # media pages not mounted
        expected = detail_url(piece)
    assert response.url == expected


def test_a_document_is_uploaded_with_its_form(personas) -> None:
    client = personas.client("verified_gp")
    response = client.post(reverse("content:create", kwargs={"kind": "document"}),
                           form_data(body=None, document=pdf_upload()))
    assert response.status_code == 302
    assert Content.objects.get().document_mime == "application/pdf"


def test_a_rejected_form_returns_400_and_keeps_what_was_typed(personas) -> None:
    client = personas.client("verified_gp")
    response = client.post(reverse("content:create", kwargs={"kind": "article"}),
                           form_data(coi_none=None, title="Mon titre gardé"))
    assert response.status_code == 400
    assert "Mon titre gardé" in response.text
    assert not Content.objects.exists()


def test_a_patient_identifier_is_shown_on_the_field(personas) -> None:
    client = personas.client("verified_gp")
    response = client.post(reverse("content:create", kwargs={"kind": "article"}),
                           form_data(body="Patient joignable au 0470 12 34 56."))
    assert response.status_code == 400
    assert response.context["form"].errors["body"]


def test_the_htmx_form_returns_the_form_only(personas) -> None:
    response = personas.client("verified_gp").post(reverse("content:create", kwargs={"kind": "article"}), {},
                                                    headers=HX)
    assert response.status_code == 400 and response.text.lstrip().startswith("<form")


def test_unknown_kinds_are_404_and_unverified_members_403(personas) -> None:
    assert personas.client("verified_gp").get(reverse("content:create", kwargs={"kind": "podcast"})).status_code == 404
    assert personas.client("unverified_member").get(
        reverse("content:create", kwargs={"kind": "article"})).status_code == 403
    assert personas.client("anonymous").get(reverse("content:create", kwargs={"kind": "article"})).status_code == 302
    assert personas.client("verified_gp").delete(reverse("content:create", kwargs={"kind": "article"})).status_code \
        == 405


def test_the_author_edits_a_draft_in_place(personas) -> None:
    piece = make_content(personas.verified_gp, status=Content.Status.DRAFT)
    client = personas.client("verified_gp")
    assert client.get(reverse("content:edit", kwargs={"pk": piece.pk})).status_code == 200
    response = client.post(reverse("content:edit", kwargs={"pk": piece.pk}), form_data(title="Titre revu"))
    piece.refresh_from_db()
    assert response.status_code == 302 and piece.title == "Titre revu"


def test_editing_a_published_piece_makes_a_new_version_and_then_continues_it(personas) -> None:
    piece = make_content(personas.verified_gp, title="En ligne")
    client = personas.client("verified_gp")
    client.post(reverse("content:edit", kwargs={"pk": piece.pk}), form_data(title="Nouvelle version"))
    revision = Content.objects.get(revision_of=piece)
    piece.refresh_from_db()
    assert piece.title == "En ligne" and revision.title == "Nouvelle version"
    again = client.get(reverse("content:edit", kwargs={"pk": piece.pk}))
    assert again.status_code == 302 and again.url == reverse("content:edit", kwargs={"pk": revision.pk})
    # The original's page tells its author that a new version is on its way.
    assert reverse("content:detail", kwargs={"pk": revision.pk, "slug": revision.slug}) in client.get(
        detail_url(piece)).text


def test_others_cannot_edit_and_hidden_pieces_are_404(personas) -> None:
    published = make_content(personas.verified_gp)
    draft = make_content(personas.verified_gp, status=Content.Status.DRAFT)
    outsider = personas.client("outsider")
    assert outsider.get(reverse("content:edit", kwargs={"pk": published.pk})).status_code == 403
    assert outsider.get(reverse("content:edit", kwargs={"pk": draft.pk})).status_code == 404
    assert personas.client("anonymous").get(reverse("content:edit", kwargs={"pk": draft.pk})).status_code == 302
    assert personas.client("verified_gp").put(reverse("content:edit", kwargs={"pk": draft.pk})).status_code == 405


def test_a_submitted_piece_cannot_be_edited(personas) -> None:
    piece = make_content(personas.verified_gp, status=Content.Status.SUBMITTED)
    assert personas.client("verified_gp").get(reverse("content:edit", kwargs={"pk": piece.pk})).status_code == 403


# --- my content ------------------------------------------------------------------------------------------------

def test_my_content_lists_every_status_and_revisions(personas) -> None:
    gp = personas.verified_gp
    published = make_content(gp, title="Publiée")
    make_content(gp, title="Révision", status=Content.Status.DRAFT, revision_of=published, version=2)
    make_content(gp, title="Renvoyée", status=Content.Status.CHANGES_REQUESTED)
    make_content(personas.outsider, title="Pas à moi")
    text = personas.client("verified_gp").get(reverse("content:mine")).text
    assert "Publiée" in text and "Révision" in text and "Renvoyée" in text
    assert "Pas à moi" not in text
    assert "status-changes_requested" in text


def test_my_content_filters_by_status_with_htmx(personas) -> None:
    make_content(personas.verified_gp, title="Publiée")
    make_content(personas.verified_gp, title="Brouillon", status=Content.Status.DRAFT)
    response = personas.client("verified_gp").get(reverse("content:mine"), {"statut": "draft"}, headers=HX)
    assert response.status_code == 200 and "<html" not in response.text
    assert "Brouillon" in response.text and "Publiée" not in response.text


def test_my_content_needs_a_sign_in_and_refuses_post(personas) -> None:
    assert personas.client("anonymous").get(reverse("content:mine")).status_code == 302
    assert personas.client("verified_gp").post(reverse("content:mine")).status_code == 405
    outsider = personas.client("outsider").get(reverse("content:mine"))
    assert outsider.status_code == 200 and not outsider.context["rows"]


def test_my_content_costs_the_same_few_queries_with_fifteen_rows(personas, django_assert_max_num_queries) -> None:
    gp = personas.verified_gp
    original = make_content(gp)
    for n in range(14):
        make_content(gp, status=Content.Status.DRAFT if n % 2 else Content.Status.PUBLISHED,
                     revision_of=original if n % 3 == 0 else None, kind=Content.Kind.CAPSULE)
    client = personas.client("verified_gp")
    with django_assert_max_num_queries(6):
        response = client.get(reverse("content:mine"))
    assert len(response.context["rows"]) == 15


def test_editing_while_a_new_version_is_reviewed_shows_that_version(personas) -> None:
    piece = make_content(personas.verified_gp)
    revision = make_content(personas.verified_gp, status=Content.Status.SUBMITTED, revision_of=piece, version=2)
    response = personas.client("verified_gp").get(reverse("content:edit", kwargs={"pk": piece.pk}))
    assert response.status_code == 302 and response.url == detail_url(revision)


# --- delete a draft --------------------------------------------------------------------------------------------

def test_the_author_deletes_a_draft_after_confirming(personas) -> None:
    draft = make_content(personas.verified_gp, status=Content.Status.DRAFT, kind=Content.Kind.DOCUMENT)
    name = draft.document.name
    client = personas.client("verified_gp")
    url = reverse("content:delete", kwargs={"pk": draft.pk})
    assert client.get(url).status_code == 200
    assert client.get(url, headers=HX).status_code == 200
    from django.core.files.storage import default_storage
    response = client.post(url)
    assert response.status_code == 302 and response.url == reverse("content:mine")
    assert not Content.objects.filter(pk=draft.pk).exists()
    assert default_storage.exists(name)  # removed only once the transaction commits


def test_deleting_a_new_version_keeps_the_original_and_its_file(personas, django_capture_on_commit_callbacks) -> None:
    from django.core.files.storage import default_storage

    from praxis.content import services
    from praxis.core.actor import Actor
    original = make_content(personas.verified_gp, kind=Content.Kind.DOCUMENT)
    revision = services.content_revision_create(actor=Actor(personas.verified_gp), content=original, data={})
    with django_capture_on_commit_callbacks(execute=True):
        response = personas.client("verified_gp").post(reverse("content:delete", kwargs={"pk": revision.pk}))
    assert response.url == detail_url(original)
    assert default_storage.exists(original.document.name)


def test_published_pieces_and_other_peoples_drafts_cannot_be_deleted(personas) -> None:
    published = make_content(personas.verified_gp)
    draft = make_content(personas.verified_gp, status=Content.Status.DRAFT)
    assert personas.client("verified_gp").post(reverse("content:delete", kwargs={"pk": published.pk})).status_code \
        == 403
    assert personas.client("outsider").post(reverse("content:delete", kwargs={"pk": draft.pk})).status_code == 404
    assert personas.client("anonymous").post(reverse("content:delete", kwargs={"pk": draft.pk})).status_code == 302
    assert personas.client("verified_gp").put(reverse("content:delete", kwargs={"pk": draft.pk})).status_code == 405
    assert Content.objects.filter(pk__in=[published.pk, draft.pk]).count() == 2


def test_the_content_page_read_compiled_once_gives_what_the_orm_gives(personas, author,
                                                                      django_assert_num_queries) -> None:
    """`selectors.visible_content_or_404(page=True)` runs SQL compiled once per process: same fields, same joined
    objects, same themes as the ORM's read, nothing left to load."""
    from praxis.content import selectors
    from praxis.core.actor import Actor

    original = make_content(author, title="Version publiée")
    piece = make_content(author, title="Nouvelle version", status=Content.Status.SUBMITTED, revision_of=original,
                         visibility=Content.Visibility.INSTITUTION, institution=personas.institution,
                         reviewed_by=personas.verified_gp, reviewed_at=timezone.now(),
                         themes=list(Theme.objects.all()[:2]))
    for target in (piece, original):
        loaded = selectors.visible_content_or_404(Actor(author), target.pk, page=True)
        orm = Content.objects.select_related("author", *selectors.PAGE_RELATED).prefetch_related("themes").get(
            pk=target.pk)
        assert {f.attname: getattr(loaded, f.attname) for f in Content._meta.concrete_fields} == {
            f.attname: getattr(orm, f.attname) for f in Content._meta.concrete_fields}
        with django_assert_num_queries(0):
            assert loaded.author.get_full_name() == "Julien Martin"
            assert [t.slug for t in loaded.themes.all()] == [t.slug for t in orm.themes.all()]
            assert (loaded.institution and loaded.institution.name) == (orm.institution and orm.institution.name)
            assert (loaded.reviewed_by and loaded.reviewed_by.email) == (orm.reviewed_by and orm.reviewed_by.email)
            assert (loaded.revision_of and loaded.revision_of.slug) == (orm.revision_of and orm.revision_of.slug)
            assert loaded.community is None
    with pytest.raises(Http404):
        selectors.visible_content_or_404(Actor(author), 987_654_321, page=True)
