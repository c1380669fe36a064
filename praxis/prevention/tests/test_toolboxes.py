"""Toolboxes: who reads, curates and follows them; items of every kind, in order; edits never overwrite someone
else's; items whose page became private are hidden; the PDF reading list; search; notifications to followers."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader

from praxis.content.models import Content
from praxis.core.actor import Actor
from praxis.core.models import AuditEntry
from praxis.events.tests.factories import make_event
from praxis.institutions.models import Follow
from praxis.notifications.models import Notification
from praxis.prevention import rules, selectors, services
from praxis.prevention.models import Toolbox, ToolboxItem
from praxis.prevention.tests.factories import make_toolbox
from praxis.search.tests.factories import make_content
from praxis.testing import Personas, make_community, make_community_member, make_member

pytestmark = pytest.mark.django_db


def _url(name: str, toolbox: Toolbox, **kwargs: object) -> str:
    return reverse(f"prevention:{name}", kwargs={"slug": toolbox.slug, **kwargs})


def _fresh(toolbox: Toolbox) -> Toolbox:
    return Toolbox.objects.get(pk=toolbox.pk)


# --- who sees what -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("persona", "expected"), [
    ("anonymous", {"publique"}),
    ("unverified_member", {"publique", "membres"}),
    ("outsider", {"publique", "membres"}),
    ("institution_staff", {"publique", "membres", "brouillon"}),
    ("institution_admin", {"publique", "membres", "brouillon"}),
    ("platform_admin", {"publique", "membres", "brouillon"}),
])
def test_each_persona_sees_the_toolboxes_it_may(personas: Personas, persona: str, expected: set[str]) -> None:
    for slug, visibility, status in [("publique", "public", "published"), ("membres", "members", "published"),
                                     ("brouillon", "public", "draft")]:
        make_toolbox(personas.institution, slug=slug, title=f"Boîte {slug}", visibility=visibility, status=status)
    listed = personas.client(persona).get(reverse("prevention:toolboxes")).content.decode()
    assert {slug for slug in ["publique", "membres", "brouillon"] if f"Boîte {slug}" in listed} == expected
    actor = Actor(personas.users[persona])
    assert set(rules.toolboxes_visible_to(actor).values_list("slug", flat=True)) == expected


def test_members_of_a_community_of_the_network_are_editors_too(personas: Personas) -> None:
    from praxis.communities.models import Network

    network = Network.objects.create(name="Réseau transfrontalier", coordinator=personas.institution)
    community = make_community("CdP du réseau", network=network)
    member = make_member("reseau@example.test")
    make_community_member(community, member)
    toolbox = make_toolbox(personas.institution, status="draft", network=network)
    assert rules.can_edit_toolbox(Actor(member), toolbox)
    assert toolbox in rules.toolboxes_visible_to(Actor(member))
    assert not rules.can_edit_toolbox(Actor(personas.facilitator), toolbox)  # a community outside the network


# --- curating ------------------------------------------------------------------------------------------------------
def test_an_editor_builds_a_toolbox_from_pages_of_praxis_and_external_links(personas: Personas) -> None:
    client = personas.client("institution_staff")
    response = client.post(reverse("prevention:toolbox_create"), {
        "title": "Transition numérique", "institution": personas.institution.pk, "audience": "professionals",
        "visibility": "public", "introduction": "Pour les équipes du domicile.", "first_section": "Téléconsultation"})
    toolbox = Toolbox.objects.get(title="Transition numérique")
    assert response.status_code == 302 and toolbox.status == Toolbox.Status.DRAFT
    section = toolbox.sections.get()

    capsule = make_content("Préparer une téléconsultation", author=personas.verified_gp)
    event = make_event(personas.verified_gp, title="Atelier messagerie sécurisée")
    for link, title in [(f"http://testserver{reverse('content:detail', args=[capsule.pk, capsule.slug])}", ""),
                        (reverse("events:detail", args=[event.pk]), ""),
                        (reverse("institutions:detail", args=[personas.institution.slug]), ""),
                        ("https://www.ehealth.fgov.be/", "Plate-forme eHealth")]:
        version = _fresh(toolbox).version
        response = client.post(_url("item_add", toolbox), {"version": version, "section": section.pk,
                                                            "link": link, "title": title})
        assert response.status_code == 302, response.content.decode()[:2000]
    kinds = list(toolbox.items.order_by("position").values_list("kind", flat=True))
    assert kinds == ["content", "event", "institution", "link"]

    last = toolbox.items.get(kind="link")
    client.post(_url("item_change", toolbox, item_id=last.pk), {"version": _fresh(toolbox).version, "action": "up"})
    assert list(toolbox.items.order_by("position").values_list("kind", flat=True)) == [
        "content", "event", "link", "institution"]
    client.post(_url("toolbox_edit", toolbox), {
        "version": _fresh(toolbox).version, "title": "Transition numérique", "introduction": "Mise à jour.",
        "audience": "professionals", "visibility": "public", "status": "published"})
    assert _fresh(toolbox).status == Toolbox.Status.PUBLISHED and _fresh(toolbox).published_at is not None

    page = Client().get(_url("toolbox", toolbox)).content.decode()
    page = page[page.index('class="toolbox-section"'):]  # the sections, after "latest additions"
    positions = [page.index(text) for text in ["Préparer une téléconsultation", "Atelier messagerie sécurisée",
                                               "Plate-forme eHealth", personas.institution.name]]
    assert positions == sorted(positions)
    actions = set(AuditEntry.objects.filter(target_id=str(toolbox.pk)).values_list("action", flat=True))
    assert {"prevention.toolbox.created", "prevention.toolbox.item_added", "prevention.toolbox.item_moved",
            "prevention.toolbox.updated"} <= actions


@pytest.mark.parametrize(("link", "title", "message"), [
    ("/nulle-part/", "", "not a page"),
    ("javascript:alert(1)", "Piège", "not a page"),
    ("https://exemple.org/guide", "", "Give a title"),
])
def test_an_address_that_cannot_go_in_a_toolbox_is_refused_and_the_form_keeps_it(
    personas: Personas, link: str, title: str, message: str,
) -> None:
    toolbox = make_toolbox(personas.institution)
    response = personas.client("institution_admin").post(_url("item_add", toolbox), {
        "version": toolbox.version, "section": toolbox.sections.get().pk, "link": link, "title": title,
        "note": "Gardé"}, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 400 and not toolbox.items.exists()
    assert "Gardé" in html and (message in html or message.lower() in html.lower())


def test_an_unpublished_or_private_page_cannot_be_added_by_an_editor_who_may_not_see_it(personas: Personas) -> None:
    toolbox = make_toolbox(personas.institution)
    draft = make_content("Brouillon", author=personas.verified_gp, status=Content.Status.DRAFT)
    community = make_content("Cas de la CdP", author=personas.facilitator, visibility=Content.Visibility.COMMUNITY,
                             community=personas.community)
    for content in [draft, community]:
        response = personas.client("institution_staff").post(_url("item_add", toolbox), {
            "version": toolbox.version, "section": toolbox.sections.get().pk,
            "link": reverse("content:detail", args=[content.pk, content.slug])})
        assert response.status_code == 400
    assert not toolbox.items.exists()


def test_two_editors_at_once_never_overwrite_each_other(personas: Personas) -> None:
    toolbox = make_toolbox(personas.institution, title="Titre d'origine")
    seen = toolbox.version  # both editors opened the form on this version
    first = personas.client("institution_admin").post(_url("toolbox_edit", toolbox), {
        "version": seen, "title": "Titre de l'admin", "introduction": "", "audience": "professionals",
        "visibility": "public", "status": "published"})
    assert first.status_code == 302
    second = personas.client("institution_staff").post(_url("toolbox_edit", toolbox), {
        "version": seen, "title": "Titre de l équipe", "introduction": "", "audience": "professionals",
        "visibility": "public", "status": "published"})
    assert second.status_code == 409
    assert _fresh(toolbox).title == "Titre de l'admin"  # not overwritten
    html = second.content.decode()
    assert "Titre de l équipe" in html  # what the second editor typed is kept
    assert f'name="version" value="{_fresh(toolbox).version}"' in html  # saving again is a deliberate choice

    # The same for items: a removal made on an old version is refused.
    item = ToolboxItem.objects.create(toolbox=toolbox, section=toolbox.sections.get(), kind="link",
                                      url="https://exemple.org/", title="Lien")
    response = personas.client("institution_staff").post(_url("item_change", toolbox, item_id=item.pk), {
        "version": seen, "action": "remove"})
    assert response.status_code == 302 and ToolboxItem.objects.filter(pk=item.pk).exists()


def test_a_section_with_items_is_not_deleted(personas: Personas) -> None:
    toolbox = make_toolbox(personas.institution, links=1)
    services.section_save(actor=Actor(personas.institution_admin), toolbox=toolbox, seen_version=toolbox.version,
                          title="Deuxième")
    first = toolbox.sections.order_by("position").first()
    assert first is not None
    response = personas.client("institution_admin").post(_url("section_edit", toolbox, section_id=first.pk), {
        "version": _fresh(toolbox).version, "delete": "1"})
    assert response.status_code == 400 and toolbox.sections.count() == 2


# --- readers -------------------------------------------------------------------------------------------------------
def test_an_item_whose_page_became_private_is_hidden_from_those_who_may_not_see_it(personas: Personas) -> None:
    toolbox = make_toolbox(personas.institution)
    capsule = make_content("Capsule bientôt réservée", author=personas.verified_gp)
    services.item_add(actor=Actor(personas.institution_admin), toolbox=toolbox, seen_version=toolbox.version,
                      section=toolbox.sections.get(), kind="content", target=capsule)
    assert "bientôt réservée" in Client().get(_url("toolbox", toolbox)).content.decode()
    Content.objects.filter(pk=capsule.pk).update(visibility=Content.Visibility.VERIFIED)
    assert "bientôt réservée" not in Client().get(_url("toolbox", toolbox)).content.decode()
    assert "bientôt réservée" not in personas.client("unverified_member").get(_url("toolbox", toolbox)).content.decode()
    assert "bientôt réservée" in personas.client("verified_gp").get(_url("toolbox", toolbox)).content.decode()
    pdf = Client().get(_url("toolbox_pdf", toolbox))
    assert "bientôt réservée" not in _pdf_text(pdf.content)
    # An editor who may not see it is told that an item is hidden from them.
    assert selectors.toolbox_items(Actor(personas.institution_staff), toolbox).hidden == 0  # staff are verified
    assert selectors.toolbox_items(Actor(None), toolbox).hidden == 1


def _pdf_text(data: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def test_the_reading_list_pdf_lists_sections_and_items_with_their_addresses(personas: Personas) -> None:
    toolbox = make_toolbox(personas.institution, title="Boîte imprimable", links=2)
    response = Client().get(_url("toolbox_pdf", toolbox))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _pdf_text(response.content)
    assert "Boîte imprimable" in text and "L'essentiel" in text
    assert "Lien externe 0" in text and "https://exemple.org/page-1" in text


def test_toolboxes_are_found_by_search_as_far_as_each_visitor_may_read_them(
    personas: Personas, django_capture_on_commit_callbacks,
) -> None:
    from praxis.search.services import index_object

    public = make_toolbox(personas.institution, title="Boîte domotique publique")
    members = make_toolbox(personas.institution, title="Boîte domotique réservée", visibility="members")
    draft = make_toolbox(personas.institution, title="Boîte domotique brouillon", status="draft")
    for toolbox in [public, members, draft]:
        index_object(kind="toolbox", object_id=toolbox.pk)
    url = reverse("search:results")
    anonymous = Client().get(url, {"q": "domotique"}).content.decode()
    member = personas.client("unverified_member").get(url, {"q": "domotique"}).content.decode()
    editor = personas.client("institution_staff").get(url, {"q": "domotique"}).content.decode()
    assert "publique" in anonymous and "réservée" not in anonymous and "brouillon" not in anonymous
    assert "publique" in member and "réservée" in member
    assert "brouillon" not in editor  # drafts are not indexed


# --- following -----------------------------------------------------------------------------------------------------
def test_followers_hear_of_a_new_item_they_may_see(personas: Personas, django_capture_on_commit_callbacks) -> None:
    toolbox = make_toolbox(personas.institution, title="Boîte suivie")
    for persona in ["verified_gp", "unverified_member"]:
        response = personas.client(persona).post(_url("toolbox_follow", toolbox), {"follow": "1"})
        assert response.status_code == 302
    assert Follow.objects.filter(target_kind="toolbox", target_id=toolbox.pk).count() == 2
    reserved = make_content("Capsule pour vérifiés", author=personas.facilitator,
                            visibility=Content.Visibility.VERIFIED)
    with django_capture_on_commit_callbacks(execute=True):
        services.item_add(actor=Actor(personas.institution_admin), toolbox=toolbox, seen_version=toolbox.version,
                          section=toolbox.sections.get(), kind="content", target=reserved)
    told = set(Notification.objects.filter(kind="toolboxes").values_list("recipient__email", flat=True))
    assert told == {personas.verified_gp.email}  # the unverified member may not open the capsule
    note = Notification.objects.get(kind="toolboxes")
    assert note.url.startswith(_url("toolbox", toolbox))

    response = personas.client("verified_gp").post(_url("toolbox_follow", toolbox), {"follow": "0"},
                                                   HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert "Suivre cette boîte" in response.content.decode() or "Follow this toolbox" in response.content.decode()
    assert not Follow.objects.filter(follower=personas.verified_gp, target_kind="toolbox").exists()


def test_a_members_only_toolbox_cannot_be_followed_anonymously_nor_read(personas: Personas) -> None:
    toolbox = make_toolbox(personas.institution, visibility="members")
    assert Client().get(_url("toolbox", toolbox)).status_code == 404
    assert Client().get(_url("toolbox_pdf", toolbox)).status_code == 404


# --- cost ----------------------------------------------------------------------------------------------------------
def test_the_list_and_a_toolbox_page_read_a_fixed_number_of_queries(
    personas: Personas, django_assert_max_num_queries,
) -> None:
    for n in range(12):
        make_toolbox(personas.institution, title=f"Boîte {n}", links=3)
    toolbox = make_toolbox(personas.institution, title="Grande boîte", links=20)
    for n in range(8):
        capsule = make_content(f"Capsule {n}", author=personas.verified_gp, index=False)
        ToolboxItem.objects.create(toolbox=toolbox, section=toolbox.sections.get(), kind="content", content=capsule,
                                   position=30 + n)
    client = personas.client("institution_staff")
    client.get(reverse("prevention:toolboxes"))  # warm the session and the actor's memberships
    with django_assert_max_num_queries(12):
        listed = client.get(reverse("prevention:toolboxes")).content.decode()
    assert listed.count("Boîte ") >= 12
    with django_assert_max_num_queries(16):
        page = client.get(_url("toolbox", toolbox)).content.decode()
    assert page.count('rel="noopener external"') == 20 and page.count("Capsule ") >= 8

