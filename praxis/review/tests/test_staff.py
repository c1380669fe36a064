"""The desk where platform admins appoint reviewers and moderators and set reviewers' themes."""

import pytest
from django.test import Client
from django.urls import reverse

from praxis.core.actor import Actor
from praxis.core.audit import Action
from praxis.core.models import AuditEntry
from praxis.testing import PASSWORD, make_member

from .. import services
from ..models import ReviewerTheme
from .factories import make_theme

HTMX = {"HX-Request": "true"}


@pytest.fixture
def themes(db):
    return [make_theme("Gériatrie", "geriatrie-staff"), make_theme("Plaies", "plaies-staff")]


def test_platform_admin_appoints_a_reviewer_with_themes_audited(personas, themes) -> None:
    nurse = make_member("infirmiere@example.test", first_name="Claire", last_name="Renard")
    client = personas.client("platform_admin")
    found = client.get(reverse("review:staff"), {"q": "renard"}, headers=HTMX)
    assert found.status_code == 200 and b"<html" not in found.content
    assert reverse("review:staff_member", args=[nurse.pk]) in found.content.decode()
    url = reverse("review:staff_member", args=[nurse.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"is_reviewer": "on", "themes": [themes[0].pk]})
    assert response.status_code == 302 and response["Location"] == reverse("review:staff")
    nurse.refresh_from_db()
    assert nurse.is_reviewer and not nurse.is_moderator
    assert list(ReviewerTheme.objects.filter(reviewer=nurse).values_list("theme", flat=True)) == [themes[0].pk]
    entry = AuditEntry.objects.get(action=Action.REVIEW_STAFF_ROLES_CHANGED)
    assert entry.actor == personas.platform_admin and entry.data["gained"] == ["reviewer"]
    assert AuditEntry.objects.filter(action=Action.REVIEW_REVIEWER_THEMES_CHANGED).exists()
    team = client.get(reverse("review:staff")).content.decode()
    assert "Claire Renard" in team and "Gériatrie" in team and "not yet" in team


def test_the_mfa_rule_applies_at_once_to_an_appointed_member(personas, themes) -> None:
    """The appointee's open session ends; signed in again without a second factor, they are sent to set one up."""
    member = Client()
    assert member.post(reverse("account_login"), {"login": personas.outsider.email, "password": PASSWORD}) \
        .status_code == 302
    assert member.get(reverse("accounts:profile")).status_code == 200
    result = services.staff_set_roles(actor=Actor(personas.platform_admin), member=personas.outsider,
                                      reviewer=False, moderator=True)
    assert result.gained == ["moderator"] and result.sessions_ended >= 1
    assert member.get(reverse("accounts:profile")).status_code == 302  # signed out
    member.post(reverse("account_login"), {"login": personas.outsider.email, "password": PASSWORD})
    response = member.get(reverse("review:moderation"))
    assert response.status_code == 302 and response["Location"] == reverse("mfa_index")


def test_relieving_a_reviewer_removes_their_themes(personas, themes) -> None:
    admin = Actor(personas.platform_admin)
    services.staff_set_roles(actor=admin, member=personas.outsider, reviewer=True, moderator=False, themes=themes)
    assert ReviewerTheme.objects.filter(reviewer=personas.outsider).count() == 2
    services.staff_set_roles(actor=admin, member=personas.outsider, reviewer=False, moderator=False, themes=themes)
    personas.outsider.refresh_from_db()
    assert not personas.outsider.is_reviewer and not ReviewerTheme.objects.filter(reviewer=personas.outsider).exists()


def test_a_reviewer_needs_a_theme_and_errors_keep_the_choices(personas, themes) -> None:
    url = reverse("review:staff_member", args=[personas.outsider.pk])
    response = personas.client("platform_admin").post(url, {"is_reviewer": "on", "is_moderator": "on"}, headers=HTMX)
    assert response.status_code == 400 and b"<html" not in response.content
    assert "Tick at least one theme" in response.content.decode()
    personas.outsider.refresh_from_db()
    assert not personas.outsider.is_reviewer


def test_only_platform_admins_manage_the_team_and_never_their_own_roles(personas, themes) -> None:
    url = reverse("review:staff_member", args=[personas.outsider.pk])
    assert personas.client("moderator").post(url, {"is_moderator": "on"}).status_code == 403
    assert personas.client("moderator").get(reverse("review:staff")).status_code == 403
    assert personas.client("anonymous").get(reverse("review:staff")).status_code == 302
    own = reverse("review:staff_member", args=[personas.platform_admin.pk])
    assert personas.client("platform_admin").post(own, {}).status_code == 403
    assert personas.client("platform_admin").put(url).status_code == 405
    personas.outsider.refresh_from_db()
    assert not personas.outsider.is_moderator


def test_team_page_query_count_does_not_grow(personas, themes, django_assert_max_num_queries) -> None:
    for n in range(8):
        member = make_member(f"relecteur{n}@example.test", is_reviewer=True)
        for theme in themes:
            ReviewerTheme.objects.create(reviewer=member, theme=theme)
    client = personas.client("platform_admin")
    client.get(reverse("review:staff"))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("review:staff"))
    assert len(response.context["members"]) >= 8
