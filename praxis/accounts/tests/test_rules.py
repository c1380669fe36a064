"""Truth tables of the accounts rules, persona by persona."""

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile

from praxis.accounts import rules
from praxis.accounts.models import ProofDocument, User
from praxis.core.actor import Actor
from praxis.testing import PERSONA_NAMES

pytestmark = pytest.mark.django_db

MODERATORS = {"moderator", "platform_admin"}  # a platform admin moderates too


def _actor(personas, name: str) -> Actor:
    return Actor(personas.users[name])


def _table(personas, decide) -> dict[str, bool]:
    return {name: decide(_actor(personas, name)) for name in PERSONA_NAMES}


def test_who_verifies_members(personas) -> None:
    assert _table(personas, rules.can_verify_members) == {name: name in MODERATORS for name in PERSONA_NAMES}
    for name in PERSONA_NAMES:
        if name in MODERATORS:
            rules.check_view_verification_queue(_actor(personas, name))
        else:
            with pytest.raises(PermissionDenied):
                rules.check_view_verification_queue(_actor(personas, name))


def test_nobody_verifies_their_own_number(personas) -> None:
    applicant = personas.unverified_member
    assert _table(personas, lambda actor: rules.can_verify_member(actor, applicant)) == {
        name: name in MODERATORS for name in PERSONA_NAMES}
    assert not rules.can_verify_member(_actor(personas, "moderator"), personas.moderator)
    with pytest.raises(PermissionDenied):
        rules.check_verify_member(_actor(personas, "moderator"), personas.moderator)


def test_the_verification_queue_lists_members_for_moderators_only(personas) -> None:
    listed = _table(personas, lambda actor: rules.members_to_verify_visible_to(actor).filter(
        pk=personas.unverified_member.pk).exists())
    assert listed == {name: name in MODERATORS for name in PERSONA_NAMES}
    assert not rules.members_to_verify_visible_to(_actor(personas, "moderator")).filter(
        pk=personas.moderator.pk).exists()


@pytest.mark.parametrize("decide", [rules.can_edit_profile, rules.can_manage_own_account])
def test_a_profile_and_an_account_are_their_members_own(personas, decide) -> None:
    member = personas.verified_gp
    assert _table(personas, lambda actor: decide(actor, member)) == {
        name: name == "verified_gp" for name in PERSONA_NAMES}


def test_only_an_unverified_member_sends_proof_for_themself(personas) -> None:
    pending = personas.unverified_member
    assert _table(personas, lambda actor: rules.can_upload_proof(actor, pending)) == {
        name: name == "unverified_member" for name in PERSONA_NAMES}
    # Once verified, there is nothing left to prove.
    assert not rules.can_upload_proof(_actor(personas, "verified_gp"), personas.verified_gp)
    with pytest.raises(PermissionDenied):
        rules.check_upload_proof(_actor(personas, "verified_gp"), personas.verified_gp)


def test_a_proof_is_seen_by_its_member_and_the_moderators(personas) -> None:
    member: User = personas.unverified_member
    proof = ProofDocument(user=member, content_type="application/pdf")
    proof.file.save("preuve.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    proof.save()
    assert _table(personas, lambda actor: rules.can_view_proof(actor, proof)) == {
        name: name in {"unverified_member", *MODERATORS} for name in PERSONA_NAMES}


def test_who_links_and_unlinks_an_e_id(personas) -> None:
    from allauth.socialaccount.models import SocialAccount

    gp = personas.verified_gp
    account = SocialAccount.objects.create(user=gp, provider="psc", uid="psc-rules")
    assert _table(personas, lambda actor: rules.can_link_identity(actor, gp)) == {
        name: name == "verified_gp" for name in PERSONA_NAMES
    }
    assert _table(personas, lambda actor: rules.can_unlink_identity(actor, account)) == {
        name: name == "verified_gp" for name in PERSONA_NAMES
    }
    # Without a password, the only e-ID is the last way to sign in; a second e-ID makes either removable.
    gp.set_unusable_password()
    gp.save()
    account.user.refresh_from_db()
    account = SocialAccount.objects.get(pk=account.pk)
    assert not rules.can_unlink_identity(_actor(personas, "verified_gp"), account)
    with pytest.raises(PermissionDenied):
        rules.check_unlink_identity(_actor(personas, "verified_gp"), account)
    SocialAccount.objects.create(user=gp, provider="iam", uid="iam-rules")
    assert rules.can_unlink_identity(Actor(User.objects.get(pk=gp.pk)), account)
