"""The platform's own courses go through review: submitted by a platform admin, decided by a reviewer of their
themes with review's checklist; institution courses keep being published by their authors."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from praxis.core.actor import Actor
from praxis.core.audit import Action
from praxis.core.models import AuditEntry
from praxis.learning import services
from praxis.learning.models import Course, CourseReview, PublicationStatus
from praxis.notifications.models import Notification
from praxis.review.models import ReviewerTheme
from praxis.review.tests.factories import ALL_CHECKED, make_competence, make_theme

from .factories import make_course, make_text_lesson

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}


@pytest.fixture
def draft(personas):
    """A platform course draft written by the platform admin, of a theme the reviewer covers."""
    theme = make_theme()
    make_competence(personas.reviewer, theme)
    course = make_course(None, slug="gestes-barrieres", title="Gestes barrières", status=PublicationStatus.DRAFT,
                         created_by=personas.platform_admin)
    course.themes.set([theme])
    make_text_lesson(course)
    return course


def _submit(personas, course: Course) -> CourseReview:
    response = personas.client("platform_admin").post(reverse("learning:submit", args=[course.pk]))
    assert response.status_code == 302
    course.refresh_from_db()
    assert course.status == PublicationStatus.IN_REVIEW
    return CourseReview.objects.get(course=course, decision="")


def test_a_platform_admin_cannot_publish_a_platform_course_directly(personas, draft) -> None:
    client = personas.client("platform_admin")
    assert client.post(reverse("learning:publish", args=[draft.pk])).status_code == 403
    page = client.get(reverse("learning:edit", args=[draft.pk]))
    assert reverse("learning:submit", args=[draft.pk]) in page.content.decode()
    assert reverse("learning:publish", args=[draft.pk]) not in page.content.decode()
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.DRAFT
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied from the rule
        services.course_publish(actor=Actor(personas.platform_admin), course=draft)


def test_the_reviewer_approves_through_the_pages_and_the_course_is_published(
        personas, draft, django_capture_on_commit_callbacks, mailoutbox) -> None:
    review = _submit(personas, draft)
    reviewer = personas.client("reviewer")
    listing = reviewer.get(reverse("learning:course_reviews"))
    assert listing.status_code == 200 and list(listing.context["reviews"]) == [review]
    assert reverse("learning:course_reviews") in reviewer.get(reverse("review:queue")).content.decode()
    # opens it as a learner would: the course page and its lesson in preview
    preview = reviewer.get(reverse("learning:course", args=[draft.slug]) + f"?version={draft.version}")
    assert preview.status_code == 200
    lesson = draft.lessons.get()
    assert reviewer.get(reverse("learning:lesson", args=[draft.slug, lesson.pk])).context["preview"] is True
    page = reviewer.get(reverse("learning:course_review", args=[review.pk]))
    assert page.status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = reviewer.post(reverse("learning:course_review", args=[review.pk]),
                                 {**ALL_CHECKED, "decision": "approved"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.PUBLISHED and draft.published_at is not None
    review.refresh_from_db()
    assert review.decision == "approved" and review.reviewer == personas.reviewer and all(review.checklist.values())
    assert AuditEntry.objects.filter(action=Action.LEARNING_COURSE_REVIEW_APPROVED, target_id=str(draft.pk)).exists()
    assert Notification.objects.filter(recipient=personas.platform_admin).exists()
    assert [message.to for message in mailoutbox] == [[personas.platform_admin.email]]


def test_approving_a_new_version_archives_the_one_it_replaces(personas, draft) -> None:
    draft.status = PublicationStatus.PUBLISHED
    draft.save()
    second = services.course_new_version(actor=Actor(personas.platform_admin), course=draft)
    review = _submit(personas, second)
    services.course_review_approve(actor=Actor(personas.reviewer), review=review,
                                   checklist=dict.fromkeys(ALL_CHECKED, True))
    draft.refresh_from_db()
    second.refresh_from_db()
    assert (draft.status, second.status) == (PublicationStatus.ARCHIVED, PublicationStatus.PUBLISHED)


def test_approval_needs_every_check(personas, draft) -> None:
    review = _submit(personas, draft)
    response = personas.client("reviewer").post(reverse("learning:course_review", args=[review.pk]),
                                                {"decision": "approved"}, headers=HTMX)
    assert response.status_code == 400
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.IN_REVIEW


def test_changes_requested_send_the_course_back_to_draft_with_the_comments_shown(personas, draft) -> None:
    review = _submit(personas, draft)
    reviewer = personas.client("reviewer")
    url = reverse("learning:course_review", args=[review.pk])
    assert reviewer.post(url, {"decision": "changes_requested"}).status_code == 400  # a comment is required
    response = reviewer.post(url, {"decision": "changes_requested", "comments": "Citez la recommandation de l'OMS."})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.DRAFT
    page = personas.client("platform_admin").get(reverse("learning:edit", args=[draft.pk]))
    assert "Citez la recommandation de l&#x27;OMS." in page.content.decode()
    assert AuditEntry.objects.filter(action=Action.LEARNING_COURSE_REVIEW_CHANGES_REQUESTED).count() == 1
    # and it can be submitted again
    assert _submit(personas, draft).pk != review.pk


def test_a_course_in_review_cannot_be_submitted_twice(personas, draft) -> None:
    _submit(personas, draft)
    response = personas.client("platform_admin").post(reverse("learning:submit", args=[draft.pk]), follow=True)
    assert response.status_code == 200
    assert CourseReview.objects.filter(course=draft).count() == 1
    with pytest.raises(ValidationError):
        services.course_submit(actor=Actor(personas.platform_admin), course=draft)


def test_a_course_without_theme_or_lesson_is_not_submitted(personas, draft) -> None:
    draft.themes.clear()
    with pytest.raises(ValidationError):
        services.course_submit(actor=Actor(personas.platform_admin), course=draft)
    assert Course.objects.get(pk=draft.pk).status == PublicationStatus.DRAFT


def test_a_non_reviewer_cannot_decide(personas, draft) -> None:
    review = _submit(personas, draft)
    url = reverse("learning:course_review", args=[review.pk])
    for persona in ["verified_gp", "outsider", "platform_admin", "moderator", "institution_admin"]:
        assert personas.client(persona).post(url, {**ALL_CHECKED, "decision": "approved"}).status_code == 403
        assert personas.client(persona).get(reverse("learning:course_reviews")).status_code == 403
    assert personas.client("anonymous").get(url).status_code == 302
    assert personas.client("reviewer").put(url).status_code == 405
    draft.refresh_from_db()
    assert draft.status == PublicationStatus.IN_REVIEW


def test_a_reviewer_without_the_theme_does_not_see_the_course(personas, draft) -> None:
    review = _submit(personas, draft)
    ReviewerTheme.objects.filter(reviewer=personas.reviewer).delete()
    client = personas.client("reviewer")
    assert list(client.get(reverse("learning:course_reviews")).context["reviews"]) == []
    assert client.get(reverse("learning:course_review", args=[review.pk])).status_code == 404


def test_institution_courses_are_still_published_directly(personas) -> None:
    course = make_course(personas.institution, status=PublicationStatus.DRAFT, lessons=1)
    client = personas.client("institution_admin")
    assert client.post(reverse("learning:publish", args=[course.pk])).status_code == 302
    course.refresh_from_db()
    assert course.status == PublicationStatus.PUBLISHED
    assert client.post(reverse("learning:submit", args=[course.pk])).status_code == 403


def test_the_review_list_costs_the_same_queries_for_many_courses(personas, draft,
                                                                django_assert_max_num_queries) -> None:
    _submit(personas, draft)
    theme = draft.themes.get()
    for n in range(5):
        course = make_course(None, slug=f"cours-{n}", status=PublicationStatus.DRAFT,
                             created_by=personas.platform_admin)
        course.themes.set([theme])
        make_text_lesson(course)
        _submit(personas, course)
    client = personas.client("reviewer")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("learning:course_reviews"), headers=HTMX)
    assert len(response.context["reviews"]) == 6
