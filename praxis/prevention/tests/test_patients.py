"""The space for patients and carers: reviewed plain-language pages, public in full without an account, listed only
once published; the extra review check for such pages."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from praxis.content.models import Content
from praxis.core.actor import Actor
from praxis.review import services as review_services
from praxis.review.forms import DecisionForm
from praxis.review.tests.factories import ALL_CHECKED, make_competence, make_content, make_submission, make_theme
from praxis.testing import Personas

pytestmark = pytest.mark.django_db
PATIENTS = Content.Audience.PATIENTS
BODY = "## Chez soi\n\nUn tapis qui glisse, un fil au sol : on les enlève."


def test_a_reviewed_page_for_patients_is_public_in_full_and_listed_in_the_space(personas: Personas) -> None:
    page = make_content(personas.verified_gp, audience=PATIENTS, title="Éviter les chutes à la maison", body=BODY)
    pro = make_content(personas.verified_gp, title="Infiltration du genou")
    space = Client().get(reverse("prevention:patients")).content.decode()
    assert "Éviter les chutes à la maison" in space and "Infiltration du genou" not in space

    detail = Client().get(reverse("content:detail", kwargs={"pk": page.pk, "slug": page.slug})).content.decode()
    assert "Un tapis qui glisse" in detail  # the full text, without an account
    detail = Client().get(reverse("content:detail", kwargs={"pk": pro.pk, "slug": pro.slug})).content.decode()
    assert "désinfecter" not in detail  # professional pages stay a teaser for visitors


@pytest.mark.parametrize("status", [Content.Status.DRAFT, Content.Status.SUBMITTED, Content.Status.IN_REVIEW,
                                    Content.Status.CHANGES_REQUESTED, Content.Status.UNPUBLISHED])
def test_an_unreviewed_page_for_patients_is_never_public(personas: Personas, status: str) -> None:
    page = make_content(personas.verified_gp, audience=PATIENTS, status=status, title="Brouillon patients")
    assert "Brouillon patients" not in Client().get(reverse("prevention:patients")).content.decode()
    response = Client().get(reverse("content:detail", kwargs={"pk": page.pk, "slug": page.slug}))
    assert response.status_code in {302, 403, 404}


def test_a_page_for_patients_in_a_members_only_audience_is_not_in_the_public_space(personas: Personas) -> None:
    make_content(personas.verified_gp, audience=PATIENTS, visibility=Content.Visibility.VERIFIED, title="Réservé")
    assert "Réservé" not in Client().get(reverse("prevention:patients")).content.decode()


def test_approving_a_page_for_patients_needs_the_plain_language_check(personas: Personas) -> None:
    theme = make_theme()
    make_competence(personas.reviewer, theme)
    submission = make_submission(personas.verified_gp, theme, reviewer=personas.reviewer, audience=PATIENTS)
    with pytest.raises(ValidationError) as error:
        review_services.submission_approve(actor=Actor(personas.reviewer), submission=submission,
                                           checklist=ALL_CHECKED)
    assert list(error.value.message_dict) == ["check_plain_language"]
    published = review_services.submission_approve(actor=Actor(personas.reviewer), submission=submission,
                                                   checklist=ALL_CHECKED | {"check_plain_language": True})
    assert published.status == Content.Status.PUBLISHED


def test_the_reviewer_form_shows_the_extra_check_only_for_pages_for_patients(personas: Personas) -> None:
    patients = make_content(personas.verified_gp, audience=PATIENTS, status=Content.Status.DRAFT)
    pros = make_content(personas.verified_gp, status=Content.Status.DRAFT)
    assert "check_plain_language" in DecisionForm(content=patients).fields
    assert "check_plain_language" not in DecisionForm(content=pros).fields
    form = DecisionForm({"decision": "approved", **dict.fromkeys(ALL_CHECKED, "on")}, content=patients)
    assert not form.is_valid() and "check_plain_language" in form.errors


def test_the_space_lists_pages_in_few_queries(personas: Personas, django_assert_max_num_queries) -> None:
    for n in range(12):
        make_content(personas.verified_gp, audience=PATIENTS, title=f"Page {n}")
    with django_assert_max_num_queries(8):
        page = Client().get(reverse("prevention:patients")).content.decode()
    assert page.count("/contenus/") >= 12


def test_the_space_and_its_pages_are_reachable_and_searchable_anonymously(personas: Personas) -> None:
    from praxis.search.tests.factories import make_content as make_indexed

    page = make_indexed("Prévenir les chutes à la maison", author=personas.verified_gp, audience=PATIENTS,
                        kind=Content.Kind.ARTICLE, reviewed=True, body=BODY, body_html="<p>Un tapis qui glisse</p>")
    make_indexed("Chutes du sujet âgé : bilan en consultation", author=personas.verified_gp,
                 visibility=Content.Visibility.VERIFIED)
    make_indexed("Chutes : brouillon pour les aidants", author=personas.verified_gp, audience=PATIENTS,
                 status=Content.Status.SUBMITTED)
    anonymous = Client()
    assert anonymous.get(reverse("prevention:patients")).status_code == 200
    detail = anonymous.get(reverse("content:detail", kwargs={"pk": page.pk, "slug": page.slug}))
    assert detail.status_code == 200 and "Un tapis qui glisse" in detail.content.decode()

    found = anonymous.get(reverse("search:results"), {"q": "chutes"}).content.decode()
    assert "à la maison" in found
    assert "bilan en consultation" not in found  # verified professionals only
    assert "brouillon pour les aidants" not in found  # not reviewed: never public


def test_the_space_lists_only_events_open_to_the_public(personas: Personas) -> None:
    from praxis.events.tests.factories import make_event

    make_event(personas.verified_gp, title="Séance d'information : bien vieillir chez soi", is_open_to_public=True)
    make_event(personas.verified_gp, title="Formation : prise en charge de la fragilité")
    space = Client().get(reverse("prevention:patients")).content.decode()
    assert "bien vieillir chez soi" in space and "prise en charge de la fragilité" not in space

    agenda = Client().get(reverse("events:agenda"), {"public": "on"}).content.decode()
    assert "bien vieillir chez soi" in agenda and "prise en charge de la fragilité" not in agenda
    assert "Ouvert au public" in agenda or "Open to the public" in agenda


def test_the_space_lists_the_pages_of_one_language_on_request(personas: Personas) -> None:
    make_content(personas.verified_gp, audience=PATIENTS, title="Éviter les chutes", language="fr")
    make_content(personas.verified_gp, audience=PATIENTS, title="Vallen voorkomen", language="nl")
    make_content(personas.verified_gp, audience=PATIENTS, title="Staying steady", language="en")
    everything = Client().get(reverse("prevention:patients")).content.decode()
    assert all(title in everything for title in ["Éviter les chutes", "Vallen voorkomen", "Staying steady"])
    dutch = Client().get(reverse("prevention:patients"), {"langue": "nl"}).content.decode()
    assert "Vallen voorkomen" in dutch and "Éviter les chutes" not in dutch and "Staying steady" not in dutch
    assert 'lang="nl"' in dutch
    unknown = Client().get(reverse("prevention:patients"), {"langue": "xx"}).content.decode()
    assert "Staying steady" in unknown  # an unknown language shows them all
