"""Truth tables of the cpd rules."""

import pytest

from praxis.core.actor import Actor
from praxis.cpd import rules
from praxis.testing import PERSONA_NAMES

from .factories import make_attestation, make_entry

pytestmark = pytest.mark.django_db


def _actor(personas, name):
    return Actor(personas.users[name])


def test_who_may_open_an_attestation_pdf(personas):
    attestation = make_attestation(personas.verified_gp, issuer_institution=personas.institution)
    table = {n: rules.can_view_attestation_pdf(_actor(personas, n), attestation) for n in PERSONA_NAMES}
    assert table == {n: n in {"verified_gp", "institution_admin", "platform_admin"} for n in PERSONA_NAMES}
    listed = {n: rules.attestations_visible_to(_actor(personas, n)).filter(pk=attestation.pk).exists()
              for n in PERSONA_NAMES}
    assert listed == table


def test_who_may_revoke_an_attestation(personas):
    attestation = make_attestation(personas.verified_gp, issuer_institution=personas.institution)
    table = {n: rules.can_revoke_attestation(_actor(personas, n), attestation) for n in PERSONA_NAMES}
    assert table == {n: n in {"institution_admin", "moderator", "platform_admin"} for n in PERSONA_NAMES}


def test_a_platform_attestation_is_revoked_by_moderators_and_admins_only(personas):
    attestation = make_attestation(personas.verified_gp)
    table = {n: rules.can_revoke_attestation(_actor(personas, n), attestation) for n in PERSONA_NAMES}
    assert table == {n: n in {"moderator", "platform_admin"} for n in PERSONA_NAMES}


def test_a_record_is_seen_by_its_member_only(personas):
    entry = make_entry(personas.verified_gp)
    table = {n: rules.entries_visible_to(_actor(personas, n)).filter(pk=entry.pk).exists() for n in PERSONA_NAMES}
    assert table == {n: n == "verified_gp" for n in PERSONA_NAMES}
