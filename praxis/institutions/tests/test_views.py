"""Every page of the directory: success, wrong method, anonymous, outsider, htmx variant, bad input."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from praxis.institutions.models import ClaimRequest, Follow, Institution, InstitutionMembership, Invitation
from praxis.institutions.services import invitation_token
from praxis.testing import make_member

from .factories import (
    LIEGE,
    NAMUR,
    load_test_places,
    make_directory_profile,
    make_invitation,
    make_listed_institution,
    service,
)

pytestmark = pytest.mark.django_db
HX = {"HX-Request": "true"}


@pytest.fixture(autouse=True)
def places() -> None:
    load_test_places()


def url(name: str, **kwargs) -> str:
    return reverse(f"institutions:{name}", kwargs=kwargs)


def png_bytes() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "teal").save(buffer, "PNG")
    return buffer.getvalue()


# --- wrong methods ----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("name", "method"), [
    ("directory", "post"), ("mine", "post"), ("moderation", "post"), ("colleagues", "post"), ("create", "put"),
    ("my_profile", "delete"),
])
def test_pages_without_arguments_refuse_the_wrong_method(personas, name: str, method: str) -> None:
    assert getattr(personas.client("moderator"), method)(url(name)).status_code == 405


@pytest.mark.parametrize(("name", "method"), [
    ("detail", "post"), ("edit", "put"), ("members", "post"), ("invite", "get"), ("leave", "get"), ("follow", "get"),
    ("moderate", "get"), ("history", "post"), ("claim", "delete"),
])
def test_institution_pages_refuse_the_wrong_method(personas, name: str, method: str) -> None:
    client = personas.client("institution_admin")
    assert getattr(client, method)(url(name, slug=personas.institution.slug)).status_code == 405


def test_actions_on_staff_invitations_and_claims_refuse_get(personas) -> None:
    client = personas.client("platform_admin")
    slug = personas.institution.slug
    membership = personas.institution.memberships.first()
    invitation = make_invitation(personas.institution, "x@example.test")
    claim = ClaimRequest.objects.create(institution=personas.institution, requester=personas.outsider, message="m")
    for target in [url("member_role", slug=slug, membership_id=membership.pk),
                   url("member_remove", slug=slug, membership_id=membership.pk),
                   url("invitation_revoke", slug=slug, invitation_id=invitation.pk),
                   url("claim_decide", claim_id=claim.pk), url("follow_colleague", user_id=personas.outsider.pk)]:
        assert client.get(target).status_code == 405, target
    assert client.delete(url("invitation", token=invitation_token(invitation))).status_code == 405
    assert client.post(url("colleague", user_id=personas.outsider.pk)).status_code == 405


# --- find help near me ------------------------------------------------------------------------------------------
@pytest.fixture
def near_liege() -> list[Institution]:
    return [
        make_listed_institution("Respect Seniors Ans", lat=50.6624, lon=5.5191, services=["elder-abuse"],
                                postal_code="4430", city="Ans"),
        make_listed_institution("Respect Seniors Namur", lat=NAMUR[0], lon=NAMUR[1], services=["elder-abuse"]),
    ]


def test_anyone_finds_help_near_a_postal_code_sorted_by_distance(client, near_liege) -> None:
    response = client.get(url("directory"), {"place": "4000", "radius": 100, "service": "elder-abuse"})
    assert response.status_code == 200
    names = [i.name for i in response.context["page"].object_list]
    assert names == ["Respect Seniors Ans", "Respect Seniors Namur"]
    text = response.content.decode()
    assert "data-marker" in text and "km" in text


def test_a_member_searches_near_their_practice_by_default(personas, near_liege) -> None:
    response = personas.client("verified_gp").get(url("directory"), {"radius": 10})  # practice: 4000 Liège
    assert response.context["is_practice"] and response.context["place"].postal_code == "4000"
    assert [i.name for i in response.context["page"].object_list] == ["Respect Seniors Ans"]
    assert 'value="4000 Liège"' in response.content.decode()
    anywhere = personas.client("verified_gp").get(url("directory"), {"place": ""})
    assert anywhere.context["place"] is None
    assert {i.name for i in anywhere.context["page"].object_list} >= {"Respect Seniors Ans", "Respect Seniors Namur"}


def test_an_unknown_postal_code_gets_a_clear_error_and_keeps_the_search(client, near_liege) -> None:
    response = client.get(url("directory"), {"place": "9999", "q": "aînés"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "9999" in text and "Nous ne connaissons pas" in text
    assert 'value="aînés"' in text


def test_an_ambiguous_city_offers_the_choices(client) -> None:
    response = client.get(url("directory"), {"place": "Neufchâteau"})
    assert response.status_code == 200
    assert response.context["page"] is None
    text = response.content.decode()
    assert "4608" in text and "6860" in text and "Laquelle ?" in text


def test_the_htmx_search_returns_only_the_results(client, near_liege) -> None:
    response = client.get(url("directory"), {"place": "Liège", "radius": 25}, headers=HX)
    text = response.content.decode()
    assert response.status_code == 200 and "<html" not in text and "Respect Seniors Ans" in text


# --- institution page, creation, edition ------------------------------------------------------------------------
def test_the_institution_page_shows_its_profile_and_only_members_who_opted_in(client, personas) -> None:
    institution = personas.institution
    institution.latitude, institution.longitude = LIEGE
    institution.save()
    institution.services.add(service("palliative-care"))
    make_directory_profile(personas.institution_admin)
    make_directory_profile(personas.institution_staff, listed=False)
    text = client.get(url("detail", slug=institution.slug)).content.decode()
    assert "Soins palliatifs" in text and "data-map" in text
    assert personas.institution_admin.get_full_name() in text
    assert personas.institution_staff.get_full_name() not in text


def test_a_pending_institution_is_hidden_from_outsiders(personas) -> None:
    pending = make_listed_institution(verified=False)
    assert personas.client("outsider").get(url("detail", slug=pending.slug)).status_code == 404
    assert personas.client("moderator").get(url("detail", slug=pending.slug)).status_code == 200


FORM = {"name": "Maison médicale du Laveu", "kind": "medical_house", "postal_code": "4000", "city": "Liège",
        "country": "BE", "services": ["elder-abuse"], "languages": ["fr"], "publics": ["elderly"]}


def test_a_member_registers_an_institution_with_a_logo(personas) -> None:
    logo = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    response = personas.client("outsider").post(url("create"), {**FORM, "logo": logo})
    institution = Institution.objects.get(name="Maison médicale du Laveu")
    assert response.status_code == 302 and response["Location"] == url("detail", slug=institution.slug)
    assert not institution.is_verified
    assert institution.logo.name.endswith(".png") and "photo" not in institution.logo.name
    assert institution.memberships.get().user == personas.outsider


def test_a_logo_that_is_not_an_image_is_refused_and_the_form_kept(personas) -> None:
    fake = SimpleUploadedFile("logo.png", b"MZ\x90\x00 not an image at all", content_type="image/png")
    response = personas.client("outsider").post(url("create"), {**FORM, "logo": fake})
    assert response.status_code == 400
    assert "PNG, JPEG ou WebP" in response.content.decode()
    assert 'value="Maison médicale du Laveu"' in response.content.decode()


def test_registering_an_institution_twice_points_to_the_existing_one(personas) -> None:
    existing = make_listed_institution("Maison médicale du Laveu", postal_code="4000", country="BE")
    client = personas.client("outsider")
    response = client.post(url("create"), FORM)
    assert response.status_code == 400
    assert url("claim", slug=existing.slug) in response.content.decode()
    assert client.post(url("create"), {**FORM, "confirm_new": "1"}).status_code == 302
    assert Institution.objects.filter(name="Maison médicale du Laveu").count() == 2


def test_an_admin_edits_the_profile_and_an_outsider_cannot(personas) -> None:
    slug = personas.institution.slug
    assert personas.client("outsider").get(url("edit", slug=slug)).status_code == 403
    client = personas.client("institution_admin")
    assert client.get(url("edit", slug=slug)).status_code == 200
    response = client.post(url("edit", slug=slug), {**FORM, "name": "Clinique renommée", "postal_code": "5000"})
    assert response.status_code == 302
    personas.institution.refresh_from_db()
    assert personas.institution.name == "Clinique renommée" and personas.institution.latitude is not None
    assert client.get(url("history", slug=slug)).status_code == 200


def test_the_edit_form_returns_its_partial_to_htmx(personas) -> None:
    response = personas.client("institution_admin").post(url("edit", slug=personas.institution.slug), {},
                                                         headers=HX)
    assert response.status_code == 400 and "<html" not in response.content.decode()


# --- staff and invitations --------------------------------------------------------------------------------------
def test_an_admin_invites_a_colleague_from_the_staff_page(personas, django_capture_on_commit_callbacks) -> None:
    client = personas.client("institution_admin")
    slug = personas.institution.slug
    assert client.get(url("members", slug=slug), headers=HX).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("invite", slug=slug), {"email": "nouvelle@example.test", "role": "staff"})
    assert response.status_code == 302
    assert mail.outbox[0].to == ["nouvelle@example.test"]
    page = client.get(url("members", slug=slug)).content.decode()
    assert "nouvelle@example.test" in page


def test_inviting_a_staff_member_again_says_so(personas) -> None:
    response = personas.client("institution_admin").post(
        url("invite", slug=personas.institution.slug), {"email": personas.institution_staff.email, "role": "staff"},
        headers=HX)
    assert response.status_code == 400
    assert "fait déjà partie du personnel" in response.content.decode()
    assert "<html" not in response.content.decode()


def test_staff_see_the_staff_list_but_cannot_manage_it(personas) -> None:
    client = personas.client("institution_staff")
    slug = personas.institution.slug
    page = client.get(url("members", slug=slug)).content.decode()
    assert personas.institution_admin.get_full_name() in page and "Inviter un ou une collègue" not in page
    assert client.post(url("invite", slug=slug), {"email": "a@example.test", "role": "staff"}).status_code == 403


def test_an_admin_changes_a_role_with_htmx(personas) -> None:
    membership = personas.institution.memberships.get(user=personas.institution_staff)
    response = personas.client("institution_admin").post(
        url("member_role", slug=personas.institution.slug, membership_id=membership.pk), {"role": "trainer"},
        headers=HX)
    assert response.status_code == 200 and "<html" not in response.content.decode()
    assert InstitutionMembership.objects.get(pk=membership.pk).role == "trainer"


def test_an_admin_removes_a_member_and_withdraws_an_invitation(personas) -> None:
    client = personas.client("institution_admin")
    slug = personas.institution.slug
    membership = personas.institution.memberships.get(user=personas.institution_staff)
    assert client.post(url("member_remove", slug=slug, membership_id=membership.pk)).status_code == 302
    invitation = make_invitation(personas.institution, "x@example.test")
    assert client.post(url("invitation_revoke", slug=slug, invitation_id=invitation.pk)).status_code == 302
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.REVOKED
    assert not InstitutionMembership.objects.filter(pk=membership.pk).exists()


def test_a_staff_member_leaves(personas) -> None:
    response = personas.client("institution_staff").post(url("leave", slug=personas.institution.slug))
    assert response.status_code == 302 and response["Location"] == url("mine")
    assert not personas.institution.memberships.filter(user=personas.institution_staff).exists()


def test_the_invitee_accepts_from_the_link(personas) -> None:
    invitation = make_invitation(personas.institution, personas.outsider.email, role="trainer",
                                 invited_by=personas.institution_admin)
    client = personas.client("outsider")
    link = url("invitation", token=invitation_token(invitation))
    page = client.get(link)
    assert page.status_code == 200 and "Accepter" in page.content.decode()
    response = client.post(link, {"decision": "accept"})
    assert response.status_code == 302 and response["Location"] == url("detail", slug=personas.institution.slug)
    assert personas.institution.memberships.get(user=personas.outsider).role == "trainer"
    assert client.get(link).status_code == 410  # answered


def test_the_invitee_declines(personas) -> None:
    invitation = make_invitation(personas.institution, personas.outsider.email)
    response = personas.client("outsider").post(url("invitation", token=invitation_token(invitation)),
                                                {"decision": "decline"})
    assert response.status_code == 302
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.DECLINED


def test_an_expired_link_shows_a_clear_page(personas) -> None:
    invitation = make_invitation(personas.institution, personas.outsider.email, expired=True)
    response = personas.client("outsider").get(url("invitation", token=invitation_token(invitation)))
    assert response.status_code == 410
    assert "Cette invitation a expiré" in response.content.decode()


def test_a_link_opened_with_another_account_says_so(personas) -> None:
    invitation = make_invitation(personas.institution, personas.outsider.email)
    response = personas.client("verified_gp").get(url("invitation", token=invitation_token(invitation)))
    assert response.status_code == 403
    assert "destinée à un autre compte" in response.content.decode()


def test_a_forged_link_is_not_found(personas) -> None:
    assert personas.client("outsider").get(url("invitation", token="MQ:forged:token")).status_code == 404


def test_an_anonymous_visitor_is_asked_to_sign_in_first(client, personas) -> None:
    invitation = make_invitation(personas.institution, "new@example.test")
    link = url("invitation", token=invitation_token(invitation))
    response = client.get(link)
    assert response.status_code == 302 and "login" in response["Location"]


# --- moderation and claims --------------------------------------------------------------------------------------
def test_a_moderator_publishes_from_the_queue(personas) -> None:
    pending = make_listed_institution("En attente", verified=False)
    client = personas.client("moderator")
    assert "En attente" in client.get(url("moderation")).content.decode()
    assert client.get(url("moderation"), headers=HX).status_code == 200
    assert client.post(url("moderate", slug=pending.slug), {"decision": "verify"}).status_code == 302
    pending.refresh_from_db()
    assert pending.is_verified


def test_refusing_without_a_reason_is_rejected(personas) -> None:
    pending = make_listed_institution("En attente", verified=False)
    response = personas.client("moderator").post(url("moderate", slug=pending.slug), {"decision": "reject"})
    assert response.status_code == 400
    assert Institution.objects.get(pk=pending.pk).rejected_at is None


def test_a_member_claims_an_institution_and_a_moderator_accepts(personas) -> None:
    slug = personas.institution.slug
    response = personas.client("outsider").post(url("claim", slug=slug),
                                                {"kind": "claim", "message": "Je suis la coordinatrice."})
    assert response.status_code == 302
    claim = ClaimRequest.objects.get()
    assert personas.client("moderator").post(url("claim_decide", claim_id=claim.pk),
                                             {"decision": "accept"}).status_code == 302
    assert personas.institution.memberships.get(user=personas.outsider).role == "admin"


def test_a_merge_request_names_an_existing_entry(personas) -> None:
    response = personas.client("outsider").post(url("claim", slug=personas.institution.slug),
                                                {"kind": "merge", "duplicate": "nope", "message": "Doublon."})
    assert response.status_code == 400 and "Aucune institution" in response.content.decode()


# --- colleagues and follows -------------------------------------------------------------------------------------
def test_colleagues_show_only_listed_members_and_what_they_chose(personas) -> None:
    listed = make_member("listed@example.test", specialty="Médecine du sport", first_name="Anne", last_name="Listée")
    make_directory_profile(listed, show_specialty=False)
    make_member("hidden@example.test", first_name="Henri", last_name="Caché")
    client = personas.client("verified_gp")
    text = client.get(url("colleagues")).content.decode()
    assert "Anne Listée" in text
    assert "Henri Caché" not in text
    assert "Médecine du sport" not in text
    partial = client.get(url("colleagues"), {"place": "Liège", "radius": 25}, headers=HX).content.decode()
    assert "<html" not in partial and "Anne Listée" in partial
    page = client.get(url("colleague", user_id=listed.pk)).content.decode()
    assert "Médecine du sport" not in page and "listed@example.test" not in page


def test_unverified_members_cannot_browse_colleagues(personas) -> None:
    assert personas.client("unverified_member").get(url("colleagues")).status_code == 403


def test_an_unlisted_member_page_is_not_found(personas) -> None:
    hidden = make_member("hidden@example.test")
    make_directory_profile(hidden, listed=False)
    assert personas.client("verified_gp").get(url("colleague", user_id=hidden.pk)).status_code == 404


def test_following_an_institution_with_htmx_swaps_the_button(personas) -> None:
    client = personas.client("verified_gp")
    target = url("follow", slug=personas.institution.slug)
    response = client.post(target, {"action": "follow"}, headers=HX)
    assert response.status_code == 200 and 'aria-pressed="true"' in response.content.decode()
    assert Follow.objects.filter(follower=personas.verified_gp, target_kind="institution").count() == 1
    client.post(target, {"action": "unfollow"})
    assert not Follow.objects.exists()


def test_following_a_colleague(personas) -> None:
    colleague = make_member("listed@example.test")
    make_directory_profile(colleague)
    client = personas.client("verified_gp")
    assert client.post(url("follow_colleague", user_id=colleague.pk)).status_code == 302
    assert "listed@example.test" not in client.get(url("mine")).content.decode()
    assert colleague.get_full_name() in client.get(url("mine")).content.decode()


def test_a_member_opts_in_and_chooses_what_is_shown(personas) -> None:
    client = personas.client("verified_gp")
    assert 'name="is_listed"' in client.get(url("my_profile")).content.decode()
    response = client.post(url("my_profile"), {"is_listed": "on", "show_city": "on", "bio": "Gériatrie."})
    assert response.status_code == 302
    profile = personas.verified_gp.directory_profile
    assert profile.is_listed and profile.show_city and not profile.show_email


def test_my_page_lists_invitations_waiting(personas) -> None:
    make_invitation(personas.institution, personas.verified_gp.email)
    Invitation.objects.update(expires_at=timezone.now() + timedelta(days=3))
    text = personas.client("verified_gp").get(url("mine")).content.decode()
    assert personas.institution.name in text


def test_choosing_among_homonyms_searches_near_the_chosen_place(client) -> None:
    page = client.get(url("directory"), {"place": "Neufchâteau"}).content.decode()
    assert "place=6860%20Neufch%C3%A2teau&amp;place_country=BE" in page
    response = client.get(url("directory"), {"place": "6860 Neufchâteau", "place_country": "BE"})
    assert response.status_code == 200 and response.context["place"].name == "Neufchâteau"
    assert response.context["radius"] == 25 and 'value="25" selected' in response.content.decode()
