"""Truth tables of the prevention rules."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied

from praxis.core.actor import Actor
from praxis.prevention import rules
from praxis.testing import PERSONA_NAMES, Personas

pytestmark = pytest.mark.django_db


def _actor(personas: Personas, name: str) -> Actor:
    return Actor(personas.users[name])


def test_everyone_may_take_the_self_assessment(personas: Personas) -> None:
    assert all(rules.can_run_self_assessment(_actor(personas, name)) for name in PERSONA_NAMES)


def test_any_signed_in_member_may_run_the_professional_screening(personas: Personas) -> None:
    table = {name: rules.can_run_professional_screening(_actor(personas, name)) for name in PERSONA_NAMES}
    assert table == {name: name != "anonymous" for name in PERSONA_NAMES}
    with pytest.raises(PermissionDenied):
        rules.check_run_professional_screening(_actor(personas, "anonymous"))


def test_only_coordinators_and_platform_admins_see_the_figures(personas: Personas) -> None:
    table = {name: rules.can_view_figures(_actor(personas, name)) for name in PERSONA_NAMES}
    assert table == {name: name == "platform_admin" for name in PERSONA_NAMES}
    Group.objects.get(name="Programme coordinators").user_set.add(personas.users["facilitator"])
    fresh = type(personas.users["facilitator"]).objects.get(pk=personas.users["facilitator"].pk)  # no perm cache
    assert rules.can_view_figures(Actor(fresh))
    with pytest.raises(PermissionDenied):
        rules.check_view_figures(_actor(personas, "verified_gp"))
