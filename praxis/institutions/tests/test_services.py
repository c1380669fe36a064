"""Writes of the directory: creation and moderation, invitations, roles, claims, directory entries, follows."""

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from praxis.core.actor import Actor
from praxis.core.models import AuditEntry
from praxis.institutions import selectors, services
from praxis.institutions.models import ClaimRequest, Follow, Institution, InstitutionMembership, Invitation

from .factories import load_test_places, make_directory_profile, make_invitation, make_listed_institution, service

pytestmark = pytest.mark.django_db

DATA = {"name": "Maison médicale du Laveu", "kind": Institution.Kind.MEDICAL_HOUSE,
        "description": "Soins de 1re ligne.",
        "publics": ["adults"], "languages": ["fr"], "address": "Rue du Laveu 1", "postal_code": "4430",
        "city": "Ans", "country": "BE", "phone": "", "email": "", "website": "", "opening_hours": ""}


def actions() -> list[str]:
    return list(AuditEntry.objects.order_by("id").values_list("action", flat=True))


def test_a_member_creates_an_institution_and_becomes_its_first_admin(personas) -> None:
    load_test_places()
    actor = Actor(personas.outsider)
    institution = services.institution_create(actor=actor, data=DATA, services=[service("home-care")])
    assert not institution.is_verified and institution.is_pending
    assert institution.memberships.get().role == "admin"
    assert actor.is_institution_admin(institution.pk)
    assert institution.latitude == pytest.approx(50.662, abs=0.01)  # located from 4430 Ans, offline
    assert actions() == ["institutions.institution.created"]


def test_the_description_is_checked_for_patient_identifiers(personas) -> None:
    data = {**DATA, "description": "Madame Dupont née le 12/03/1941 est suivie ici."}
    with pytest.raises(ValidationError):
        services.institution_create(actor=Actor(personas.outsider), data=data, services=[])


def test_a_moderator_publishes_or_refuses_and_the_admins_are_told(personas, django_capture_on_commit_callbacks) -> None:
    institution = services.institution_create(actor=Actor(personas.outsider), data=DATA, services=[])
    with pytest.raises(PermissionDenied):
        services.institution_verify(actor=Actor(personas.outsider), institution=institution)
    with django_capture_on_commit_callbacks(execute=True):
        services.institution_verify(actor=Actor(personas.moderator), institution=institution)
    assert Institution.objects.get(pk=institution.pk).is_verified
    assert mail.outbox[-1].to == [personas.outsider.email]
    other = services.institution_create(actor=Actor(personas.outsider), data={**DATA, "name": "Autre"}, services=[])
    with pytest.raises(ValidationError):
        services.institution_reject(actor=Actor(personas.moderator), institution=other, reason=" ")
    services.institution_reject(actor=Actor(personas.moderator), institution=other, reason="Introuvable.")
    other.refresh_from_db()
    assert other.rejected_at is not None and other.moderation_note == "Introuvable."


# --- invitations ------------------------------------------------------------------------------------------------
def test_an_admin_invites_and_the_invitee_gets_a_signed_link(personas, django_capture_on_commit_callbacks) -> None:
    admin = Actor(personas.institution_admin)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_send(actor=admin, institution=personas.institution,
                                              email="New.Nurse@Example.test", role="trainer")
    assert invitation.email == "new.nurse@example.test" and invitation.status == Invitation.Status.PENDING
    [message] = mail.outbox
    assert message.to == ["new.nurse@example.test"]
    [token] = re.findall(r"/annuaire/invitations/([^/\s]+)/", message.body)
    assert services.invitation_id_from_token(token) == invitation.pk
    assert services.invitation_id_from_token(token[:-2] + "xx") is None


def test_inviting_someone_already_on_the_staff_is_refused_clearly(personas) -> None:
    with pytest.raises(ValidationError) as error:
        services.invitation_send(actor=Actor(personas.institution_admin), institution=personas.institution,
                                 email=personas.institution_staff.email.upper(), role="staff")
    assert "fait déjà partie du personnel" in str(error.value)


def test_inviting_again_renews_the_pending_invitation(personas) -> None:
    admin = Actor(personas.institution_admin)
    first = services.invitation_send(actor=admin, institution=personas.institution, email="a@example.test",
                                     role="staff")
    again = services.invitation_send(actor=admin, institution=personas.institution, email="a@example.test",
                                      role="trainer")
    assert again.pk == first.pk and again.role == "trainer" and again.expires_at > first.created_at


def test_staff_cannot_invite(personas) -> None:
    with pytest.raises(PermissionDenied):
        services.invitation_send(actor=Actor(personas.institution_staff), institution=personas.institution,
                                 email="a@example.test", role="staff")


def test_accepting_makes_the_invitee_staff_with_the_invited_role(personas) -> None:
    invitation = make_invitation(personas.institution, personas.outsider.email, role="trainer")
    actor = Actor(personas.outsider)
    membership = services.invitation_accept(actor=actor, invitation=invitation)
    assert membership.role == "trainer" and membership.status == InstitutionMembership.Status.ACTIVE
    assert actor.is_institution_member(personas.institution.pk)
    with pytest.raises(ValidationError):
        services.invitation_accept(actor=actor, invitation=invitation)
    assert actions() == ["institutions.invitation.accepted"]


def test_declining_leaves_no_membership(personas) -> None:
    invitation = make_invitation(personas.institution, personas.outsider.email)
    services.invitation_decline(actor=Actor(personas.outsider), invitation=invitation)
    assert Invitation.objects.get(pk=invitation.pk).status == Invitation.Status.DECLINED
    assert not personas.institution.memberships.filter(user=personas.outsider).exists()


def test_an_expired_invitation_cannot_be_accepted(personas) -> None:
    invitation = make_invitation(personas.institution, personas.outsider.email, expired=True)
    with pytest.raises(ValidationError, match="expiré"):
        services.invitation_accept(actor=Actor(personas.outsider), invitation=invitation)


def test_another_account_cannot_use_the_invitation(personas) -> None:
    invitation = make_invitation(personas.institution, personas.outsider.email)
    with pytest.raises(PermissionDenied):
        services.invitation_accept(actor=Actor(personas.verified_gp), invitation=invitation)


def test_a_withdrawn_invitation_is_closed(personas) -> None:
    invitation = make_invitation(personas.institution, personas.outsider.email)
    services.invitation_revoke(actor=Actor(personas.institution_admin), invitation=invitation)
    with pytest.raises(ValidationError):
        services.invitation_accept(actor=Actor(personas.outsider), invitation=invitation)


# --- roles ------------------------------------------------------------------------------------------------------
def test_an_admin_changes_roles_but_an_institution_keeps_one_admin(personas) -> None:
    admin = Actor(personas.institution_admin)
    staff = personas.institution.memberships.get(user=personas.institution_staff)
    services.membership_change_role(actor=admin, membership=staff, role="trainer")
    assert InstitutionMembership.objects.get(pk=staff.pk).role == "trainer"
    own = personas.institution.memberships.get(user=personas.institution_admin)
    with pytest.raises(ValidationError, match="au moins un administrateur"):
        services.membership_change_role(actor=admin, membership=own, role="staff")
    with pytest.raises(ValidationError):
        services.membership_remove(actor=admin, membership=own)
    services.membership_change_role(actor=admin, membership=staff, role="admin")
    services.membership_change_role(actor=admin, membership=own, role="staff")
    assert InstitutionMembership.objects.get(pk=own.pk).role == "staff"


def test_staff_may_leave_but_not_remove_others(personas) -> None:
    staff = Actor(personas.institution_staff)
    admin_membership = personas.institution.memberships.get(user=personas.institution_admin)
    with pytest.raises(PermissionDenied):
        services.membership_remove(actor=staff, membership=admin_membership)
    services.membership_remove(actor=staff, membership=personas.institution.memberships.get(user=staff.user))
    assert not personas.institution.memberships.filter(user=personas.institution_staff).exists()


# --- claims -----------------------------------------------------------------------------------------------------
def test_a_claim_accepted_by_a_moderator_makes_the_requester_admin(personas) -> None:
    claim = services.claim_submit(actor=Actor(personas.outsider), institution=personas.institution,
                                  kind="claim", message="Je dirige le service.")
    with pytest.raises(ValidationError):
        services.claim_submit(actor=Actor(personas.outsider), institution=personas.institution,
                              kind="claim", message="Encore moi.")
    services.claim_accept(actor=Actor(personas.moderator), claim=claim)
    assert personas.institution.memberships.get(user=personas.outsider).role == "admin"


def test_merging_a_duplicate_moves_its_staff_and_followers_and_unpublishes_it(personas) -> None:
    duplicate = make_listed_institution("Clinique des Personas (doublon)")
    InstitutionMembership.objects.create(institution=duplicate, user=personas.outsider, role="admin")
    Follow.objects.create(follower=personas.verified_gp, target_kind="institution", target_id=duplicate.pk)
    claim = services.claim_submit(actor=Actor(personas.reviewer), institution=personas.institution,
                                  kind=ClaimRequest.Kind.MERGE, message="Doublon.", duplicate=duplicate)
    services.claim_accept(actor=Actor(personas.moderator), claim=claim)
    duplicate.refresh_from_db()
    assert not duplicate.is_verified and duplicate.rejected_at is not None
    assert personas.institution.memberships.filter(user=personas.outsider).exists()
    assert Follow.objects.filter(target_kind="institution", target_id=personas.institution.pk).count() == 1


def test_a_merge_needs_the_other_entry(personas) -> None:
    with pytest.raises(ValidationError):
        services.claim_submit(actor=Actor(personas.outsider), institution=personas.institution,
                              kind=ClaimRequest.Kind.MERGE, message="Doublon.")


def test_a_rejected_claim_changes_nothing(personas) -> None:
    claim = services.claim_submit(actor=Actor(personas.outsider), institution=personas.institution,
                                  kind="claim", message="Moi.")
    services.claim_reject(actor=Actor(personas.moderator), claim=claim)
    assert not personas.institution.memberships.filter(user=personas.outsider).exists()
    with pytest.raises(ValidationError):
        services.claim_accept(actor=Actor(personas.moderator), claim=claim)


# --- colleagues and follows -------------------------------------------------------------------------------------
def test_the_directory_entry_is_off_by_default_and_located_at_the_practice(personas) -> None:
    load_test_places()
    actor = Actor(personas.verified_gp)
    assert selectors.directory_profile_of(personas.verified_gp) is None
    profile = services.directory_profile_update(actor=actor, data={"bio": "Gériatrie."}, themes=[])
    assert not profile.is_listed
    assert profile.latitude == pytest.approx(50.63, abs=0.05)  # 4000 Liège
    profile = services.directory_profile_update(actor=actor, data={"is_listed": True}, themes=[])
    assert profile.is_listed


def test_follow_and_unfollow_are_idempotent(personas) -> None:
    actor = Actor(personas.verified_gp)
    services.follow(actor=actor, kind="institution", target_id=personas.institution.pk)
    services.follow(actor=actor, kind="institution", target_id=personas.institution.pk)
    assert selectors.follows_of(personas.verified_gp)["institution"] == {personas.institution.pk}
    assert list(selectors.follower_ids("institution", personas.institution.pk)) == [personas.verified_gp.pk]
    services.unfollow(actor=actor, kind="institution", target_id=personas.institution.pk)
    services.unfollow(actor=actor, kind="institution", target_id=personas.institution.pk)
    assert selectors.followed_ids(personas.verified_gp, "institution") == set()
    assert actions() == ["institutions.follow.created", "institutions.follow.deleted"]


def test_nobody_follows_themself(personas) -> None:
    make_directory_profile(personas.verified_gp)
    with pytest.raises(ValidationError):
        services.follow(actor=Actor(personas.verified_gp), kind="member", target_id=personas.verified_gp.pk)
