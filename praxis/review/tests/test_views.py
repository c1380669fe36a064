"""Review pages: success, wrong method, anonymous, outsider, htmx, and query counts of the queues."""

import pytest
from django.urls import reverse

from praxis.content.models import Content
from praxis.content.selectors import content_url

from ..models import Flag, Submission
from .factories import ALL_CHECKED, make_competence, make_content, make_flag, make_submission, make_theme

HTMX = {"HX-Request": "true"}


@pytest.fixture
def theme(personas):
    theme = make_theme()
    make_competence(personas.reviewer, theme)
    return theme


# --- queue -------------------------------------------------------------------------------------------------------
def test_reviewer_queue_lists_submissions_of_their_themes_oldest_first(personas, theme) -> None:
    first = make_submission(personas.verified_gp, theme, title="Premier envoi")
    second = make_submission(personas.outsider, theme, title="Second envoi")
    make_submission(personas.verified_gp, make_theme("Pédiatrie"), title="Autre thème")
    make_submission(personas.reviewer, theme, title="Le mien")
    response = personas.client("reviewer").get(reverse("review:queue"))
    assert response.status_code == 200
    assert [s.pk for s in response.context["submissions"]] == [first.pk, second.pk]
    html = response.content.decode()
    assert "Premier envoi" in html and "Autre thème" not in html and "Le mien" not in html


def test_a_claimed_submission_leaves_the_queue_of_other_reviewers(personas, theme) -> None:
    from praxis.testing import make_member, make_totp

    colleague = make_member(is_reviewer=True)
    make_totp(colleague)
    make_competence(colleague, theme)
    make_submission(personas.verified_gp, theme, reviewer=personas.reviewer)
    client = personas.client("reviewer")
    client.force_login(colleague)
    assert list(client.get(reverse("review:queue")).context["submissions"]) == []


def test_queue_htmx_returns_only_the_rows(personas, theme) -> None:
    make_submission(personas.verified_gp, theme, title="Geste en htmx")
    response = personas.client("reviewer").get(reverse("review:queue"), headers=HTMX)
    assert response.status_code == 200
    assert b"Geste en htmx" in response.content and b"<html" not in response.content


def test_queue_refuses_wrong_method_anonymous_and_outsider(personas) -> None:
    url = reverse("review:queue")
    assert personas.client("reviewer").post(url).status_code == 405
    assert personas.client("anonymous").get(url).status_code == 302
    assert personas.client("outsider").get(url).status_code == 403


def test_queue_costs_the_same_queries_for_many_rows(personas, theme, django_assert_max_num_queries) -> None:
    for n in range(8):
        make_submission(personas.verified_gp, theme, title=f"Envoi {n}")
    client = personas.client("reviewer")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("review:queue"))
    assert len(response.context["submissions"]) == 8


# --- review page -------------------------------------------------------------------------------------------------
def test_claim_then_approve_through_the_pages(personas, theme) -> None:
    submission = make_submission(personas.verified_gp, theme)
    client = personas.client("reviewer")
    page = client.get(reverse("review:submission", args=[submission.pk]))
    assert page.status_code == 200 and "Start the review" in page.content.decode()
    assert client.post(reverse("review:claim", args=[submission.pk])).status_code == 302
    page = client.get(reverse("review:submission", args=[submission.pk]))
    assert page.context["form"] is not None
    response = client.post(reverse("review:submission", args=[submission.pk]),
                           {**dict.fromkeys(ALL_CHECKED, "on"), "decision": "approved"})
    assert response.status_code == 302
    assert Content.objects.get(pk=submission.content_id).status == Content.Status.PUBLISHED


def test_approval_without_every_check_is_refused_and_keeps_the_form(personas, theme) -> None:
    submission = make_submission(personas.verified_gp, theme, reviewer=personas.reviewer)
    response = personas.client("reviewer").post(
        reverse("review:submission", args=[submission.pk]),
        {"check_accuracy": "on", "decision": "approved", "comments": "Presque."},
    )
    assert response.status_code == 400
    assert response.context["form"]["comments"].value() == "Presque."
    assert Content.objects.get(pk=submission.content_id).status == Content.Status.IN_REVIEW


def test_request_changes_through_htmx_renders_the_decision_partial_on_error(personas, theme) -> None:
    submission = make_submission(personas.verified_gp, theme, reviewer=personas.reviewer)
    url = reverse("review:submission", args=[submission.pk])
    response = personas.client("reviewer").post(url, {"decision": "changes_requested"}, headers=HTMX)
    assert response.status_code == 400 and b"<html" not in response.content
    response = personas.client("reviewer").post(url, {"decision": "changes_requested", "comments": "Ajoutez la dose."})
    assert response.status_code == 302
    assert Submission.objects.get(pk=submission.pk).decision == "changes_requested"


def test_review_page_is_hidden_from_the_author_and_outsiders(personas, theme) -> None:
    submission = make_submission(personas.verified_gp, theme)
    url = reverse("review:submission", args=[submission.pk])
    assert personas.client("verified_gp").get(url).status_code == 404
    assert personas.client("outsider").get(url).status_code == 404
    assert personas.client("anonymous").get(url).status_code == 302
    assert personas.client("reviewer").put(url).status_code == 405


def test_claim_and_release_refuse_get(personas, theme) -> None:
    submission = make_submission(personas.verified_gp, theme)
    assert personas.client("reviewer").get(reverse("review:claim", args=[submission.pk])).status_code == 405
    assert personas.client("reviewer").get(reverse("review:release", args=[submission.pk])).status_code == 405


# --- submit --------------------------------------------------------------------------------------------------------
def test_author_submits_from_the_page(personas, theme) -> None:
    content = make_content(personas.verified_gp, status=Content.Status.DRAFT, themes=[theme])
    client = personas.client("verified_gp")
    assert client.get(reverse("review:submit", args=[content.pk])).status_code == 200
    response = client.post(reverse("review:submit", args=[content.pk]))
    assert response.status_code == 302 and response.url == content_url(content)
    assert Content.objects.get(pk=content.pk).status == Content.Status.SUBMITTED


def test_submission_with_a_phone_number_is_refused_with_the_reason(personas, theme) -> None:
    content = make_content(personas.verified_gp, status=Content.Status.DRAFT, themes=[theme],
                           summary="Appeler la patiente au 0475 12 34 56 après le geste.")
    response = personas.client("verified_gp").post(reverse("review:submit", args=[content.pk]), headers=HTMX)
    assert response.status_code == 400
    assert "0475 12 34 56" in response.content.decode()
    assert Content.objects.get(pk=content.pk).status == Content.Status.DRAFT


def test_submit_refuses_others(personas, theme) -> None:
    content = make_content(personas.verified_gp, status=Content.Status.DRAFT, themes=[theme])
    url = reverse("review:submit", args=[content.pk])
    assert personas.client("outsider").post(url).status_code == 404
    assert personas.client("anonymous").post(url).status_code == 302
    assert personas.client("verified_gp").delete(url).status_code == 405


# --- history and panel ---------------------------------------------------------------------------------------------
def test_author_and_reviewer_see_the_history_with_the_comments(personas, theme) -> None:
    from praxis.core.actor import Actor

    from .. import services

    submission = make_submission(personas.verified_gp, theme, reviewer=personas.reviewer)
    services.submission_request_changes(actor=Actor(personas.reviewer), submission=submission,
                                        checklist={}, comments="Précisez la posologie.")
    url = reverse("review:history", args=[submission.content_id])
    for name in ["verified_gp", "reviewer"]:
        response = personas.client(name).get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Précisez la posologie." in html and "Changes requested" in html
    assert personas.client("outsider").get(url).status_code == 404
    assert personas.client("verified_gp").get(url, headers=HTMX).content.count(b"<html") == 0
    assert personas.client("verified_gp").post(url).status_code == 405


def test_content_page_shows_the_panel_with_submit_button_to_the_author(personas, theme) -> None:
    content = make_content(personas.verified_gp, status=Content.Status.DRAFT, themes=[theme])
    html = personas.client("verified_gp").get(content_url(content)).content.decode()
    assert 'id="review-panel"' in html and reverse("review:submit", args=[content.pk]) in html


def test_content_page_shows_who_reviewed_a_published_piece(personas, theme) -> None:
    from django.utils import timezone

    content = make_content(personas.verified_gp, themes=[theme], reviewed_by=personas.reviewer,
                           reviewed_at=timezone.now())
    html = personas.client("outsider").get(content_url(content)).content.decode()
    assert f"Reviewed by {personas.reviewer}" in html
    assert "History of the review" not in html  # outsiders do not read the history


# --- flags and moderation ------------------------------------------------------------------------------------------
def test_member_flags_a_piece(personas, theme) -> None:
    content = make_content(personas.verified_gp, themes=[theme])
    client = personas.client("outsider")
    url = reverse("review:flag", args=[content.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "other"}, headers=HTMX)
    assert response.status_code == 400 and b"<html" not in response.content
    assert client.post(url, {"reason": "advertising", "text": "Marque citée"}).status_code == 302
    assert Flag.objects.get(content=content).reason == "advertising"
    assert personas.client("verified_gp").get(url).status_code == 403  # the author
    assert personas.client("anonymous").get(url).status_code == 302
    assert client.put(url).status_code == 405


def test_moderation_queue_and_query_count(personas, theme, django_assert_max_num_queries) -> None:
    for n in range(6):
        make_flag(make_content(personas.verified_gp, themes=[theme], title=f"Signalé {n}"), personas.outsider)
    client = personas.client("moderator")
    client.get(reverse("review:moderation"))  # warm: Django caches the flagged kinds' content types per process
    with django_assert_max_num_queries(10):
        response = client.get(reverse("review:moderation"))
    assert response.status_code == 200 and len(response.context["flags"]) == 6
    assert b"<html" not in client.get(reverse("review:moderation"), headers=HTMX).content
    assert personas.client("reviewer").get(reverse("review:moderation")).status_code == 403
    assert personas.client("anonymous").get(reverse("review:moderation")).status_code == 302
    assert client.post(reverse("review:moderation")).status_code == 405


def test_moderator_dismisses_or_unpublishes(personas, theme) -> None:
    content = make_content(personas.verified_gp, themes=[theme])
    flag = make_flag(content, personas.outsider)
    client = personas.client("moderator")
    assert client.get(reverse("review:flag_dismiss", args=[flag.pk])).status_code == 405
    assert personas.client("outsider").post(reverse("review:flag_dismiss", args=[flag.pk])).status_code == 404
    assert client.post(reverse("review:flag_dismiss", args=[flag.pk]), {"note": "ok"}).status_code == 302
    assert Flag.objects.get(pk=flag.pk).status == "dismissed"
    url = reverse("review:unpublish", args=[content.pk])
    assert client.get(url, headers=HTMX).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 400
    assert personas.client("outsider").post(url, {"reason": "x"}).status_code == 403
    assert client.post(url, {"reason": "Données de patient visibles."}).status_code == 302
    assert Content.objects.get(pk=content.pk).status == Content.Status.UNPUBLISHED


def test_queue_renders_in_french(personas, theme) -> None:
    make_submission(personas.verified_gp, theme)
    response = personas.client("reviewer").get(reverse("review:queue"), headers={"Accept-Language": "fr"})
    html = response.content.decode()
    assert "File de relecture" in html and "soumis le" in html
