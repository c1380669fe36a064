"""Truth tables of the jobs rules."""

import pytest

from praxis.core.actor import Actor
from praxis.jobs import rules
from praxis.jobs.models import JobOffer
from praxis.testing import PERSONA_NAMES, make_institution

from .factories import make_offer

pytestmark = pytest.mark.django_db
POSTERS = {"institution_admin", "institution_staff"}


def _actor(personas, name):
    return Actor(personas.users[name])


def test_who_may_post_for_the_institution(personas):
    table = {name: rules.can_post_offer(_actor(personas, name), personas.institution) for name in PERSONA_NAMES}
    assert table == {name: name in POSTERS for name in PERSONA_NAMES}


def test_nobody_posts_for_an_unverified_institution(personas):
    personas.institution.is_verified = False
    personas.institution.save()
    assert not any(rules.can_post_offer(_actor(personas, n), personas.institution) for n in PERSONA_NAMES)


def test_who_manages_an_offer(personas):
    offer = make_offer(personas.institution, personas.institution_admin)
    table = {name: rules.can_manage_offer(_actor(personas, name), offer) for name in PERSONA_NAMES}
    assert table == {name: name in POSTERS | {"moderator", "platform_admin"} for name in PERSONA_NAMES}


def test_who_may_write_to_the_institution(personas):
    offer = make_offer(personas.institution, personas.institution_admin)
    link = make_offer(personas.institution, personas.institution_admin, apply_method=JobOffer.ApplyMethod.LINK,
                      apply_url="https://jobs.example.org")
    table = {name: rules.can_contact(_actor(personas, name), offer) for name in PERSONA_NAMES}
    assert table == {name: name not in POSTERS | {"anonymous"} for name in PERSONA_NAMES}
    assert not any(rules.can_contact(_actor(personas, name), link) for name in PERSONA_NAMES)


def test_what_each_persona_sees(personas):
    open_offer = make_offer(personas.institution, personas.institution_admin)
    withdrawn = make_offer(personas.institution, personas.institution_admin, status=JobOffer.Status.WITHDRAWN)
    other = make_institution("Autre hôpital")
    other.is_verified = False
    other.save()
    unverified = make_offer(other, personas.institution_admin)
    for name in PERSONA_NAMES:
        seen = set(rules.offers_visible_to(_actor(personas, name)).values_list("pk", flat=True))
        if name in {"moderator", "platform_admin"}:
            assert seen == {open_offer.pk, withdrawn.pk, unverified.pk}
        elif name in POSTERS:
            assert seen == {open_offer.pk, withdrawn.pk}
        else:
            assert seen == {open_offer.pk}, name
