"""Truth tables of the directory's rules: institution admin / staff / outsider / moderator / anonymous."""

import pytest

from praxis.core.actor import Actor
from praxis.institutions import rules
from praxis.institutions.models import Invitation

from .factories import make_directory_profile, make_invitation, make_listed_institution

pytestmark = pytest.mark.django_db

PEOPLE = ["anonymous", "unverified_member", "outsider", "institution_staff", "institution_admin", "moderator",
          "platform_admin"]


def actor(personas, name: str) -> Actor:
    return Actor(personas.users[name])


def table(personas, check) -> dict[str, bool]:
    return {name: check(actor(personas, name)) for name in PEOPLE}


def test_who_edits_an_institution_and_manages_its_staff(personas) -> None:
    institution = personas.institution
    expected = {"anonymous": False, "unverified_member": False, "outsider": False, "institution_staff": False,
                "institution_admin": True, "moderator": False, "platform_admin": True}
    assert table(personas, lambda a: rules.can_edit_institution(a, institution)) == expected
    assert table(personas, lambda a: rules.can_manage_members(a, institution)) == expected


def test_who_sees_the_staff_list(personas) -> None:
    assert table(personas, lambda a: rules.can_view_members(a, personas.institution)) == {
        "anonymous": False, "unverified_member": False, "outsider": False, "institution_staff": True,
        "institution_admin": True, "moderator": True, "platform_admin": True}


def test_an_unverified_institution_is_seen_only_by_its_members_and_moderators(personas) -> None:
    personas.institution.is_verified = False
    personas.institution.save()
    assert table(personas, lambda a: rules.can_view_institution(a, personas.institution)) == {
        "anonymous": False, "unverified_member": False, "outsider": False, "institution_staff": True,
        "institution_admin": True, "moderator": True, "platform_admin": True}
    assert table(personas, lambda a: rules.institutions_visible_to(a).filter(pk=personas.institution.pk).exists()) \
        == table(personas, lambda a: rules.can_view_institution(a, personas.institution))


def test_a_published_institution_is_seen_by_everyone(personas) -> None:
    assert all(table(personas, lambda a: rules.can_view_institution(a, personas.institution)).values())


def test_who_moderates_institutions(personas) -> None:
    assert table(personas, rules.can_moderate_institutions) == {
        "anonymous": False, "unverified_member": False, "outsider": False, "institution_staff": False,
        "institution_admin": False, "moderator": True, "platform_admin": True}


def test_who_may_claim_an_institution(personas) -> None:
    assert table(personas, lambda a: rules.can_claim_institution(a, personas.institution)) == {
        "anonymous": False, "unverified_member": True, "outsider": True, "institution_staff": False,
        "institution_admin": False, "moderator": True, "platform_admin": True}
    pending = make_listed_institution(verified=False)
    assert not any(table(personas, lambda a: rules.can_claim_institution(a, pending)).values())


def test_only_the_invited_address_may_answer_an_invitation(personas) -> None:
    invitation: Invitation = make_invitation(personas.institution, personas.outsider.email.upper())
    assert table(personas, lambda a: rules.can_respond_to_invitation(a, invitation)) == {
        "anonymous": False, "unverified_member": False, "outsider": True, "institution_staff": False,
        "institution_admin": False, "moderator": False, "platform_admin": False}


def test_only_verified_professionals_and_moderators_browse_colleagues(personas) -> None:
    make_directory_profile(personas.outsider)
    assert table(personas, rules.can_browse_colleagues) == {
        "anonymous": False, "unverified_member": False, "outsider": True, "institution_staff": True,
        "institution_admin": True, "moderator": True, "platform_admin": True}
    assert table(personas, lambda a: rules.colleagues_visible_to(a).count()) == {
        "anonymous": 0, "unverified_member": 0, "outsider": 1, "institution_staff": 1, "institution_admin": 1,
        "moderator": 1, "platform_admin": 1}


def test_a_member_who_did_not_opt_in_is_never_listed(personas) -> None:
    make_directory_profile(personas.outsider, listed=False)
    assert not rules.colleagues_visible_to(actor(personas, "moderator")).exists()


def test_signed_in_members_follow_and_create_institutions(personas) -> None:
    signed_in = {name: name != "anonymous" for name in PEOPLE}
    assert table(personas, rules.can_follow) == signed_in
    assert table(personas, rules.can_create_institution) == signed_in
