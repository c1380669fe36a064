"""Who sees, follows and authors courses. Lists, pages, exports and emails go through `courses_visible_to`.

A course another institution keeps internal does not exist for an outsider: it is never listed and its pages answer
404, not 403 (the selectors load through `courses_visible_to`).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from praxis.core.actor import Actor
from praxis.review.rules import reviewer_theme_ids

from .models import Course, CourseReview, Enrolment, Lesson, Programme, PublicationStatus, Visibility

AUTHOR_ROLES = {"admin", "trainer"}


def author_institution_ids(actor: Actor) -> list[int]:
    """Institutions whose courses the actor writes: their admins and trainers."""
    return [pk for pk, role in actor.institution_roles.items() if role in AUTHOR_ROLES]


def reach_q(actor: Actor, model: type[Course] | type[Programme]) -> Q:
    """Published rows the actor may follow: open ones, their institutions' internal ones, those shared with them."""
    member_of = list(actor.institution_roles)
    reach = Q(visibility=Visibility.OPEN)
    if member_of:
        shared = model.shared_with.through.objects.filter(institution_id__in=member_of)
        column = "course_id" if model is Course else "programme_id"
        reach |= Q(owner_institution_id__in=member_of) | Q(
            visibility=Visibility.SHARED, pk__in=shared.values(column))
    return Q(status=PublicationStatus.PUBLISHED) & reach


def courses_visible_to(actor: Actor) -> QuerySet[Course]:
    """Every course version the actor may open: published ones within reach, the versions they are enrolled in
    (learners keep theirs after a new version is published), and everything their institutions author."""
    if not actor.is_authenticated:
        return Course.objects.none()
    if actor.is_platform_admin:
        return Course.objects.all()
    visible = reach_q(actor, Course) | Q(pk__in=Enrolment.objects.filter(user_id=actor.id or 0).values("course_id"))
    themes = reviewer_theme_ids(actor)
    if themes:  # platform courses waiting for review, for the reviewers of their themes
        visible |= Q(pk__in=_in_review_for(themes))
    authored = author_institution_ids(actor)
    if authored:
        visible |= Q(owner_institution_id__in=authored)
    return Course.objects.filter(visible)


def course_audience_key(course: Course) -> str:
    """The audience a published course reaches, as a search-index key (see `praxis.search.registry`): its
    institution's staff for an internal course; "" for open and shared ones, which search checks through
    `courses_visible_to` (open means any signed-in member, which no key names)."""
    if course.visibility == Visibility.INTERNAL and course.owner_institution_id:
        return f"institution:{course.owner_institution_id}"
    return ""


def programmes_visible_to(actor: Actor) -> QuerySet[Programme]:
    if not actor.is_authenticated:
        return Programme.objects.none()
    if actor.is_platform_admin:
        return Programme.objects.all()
    visible = reach_q(actor, Programme)
    authored = author_institution_ids(actor)
    if authored:
        visible |= Q(owner_institution_id__in=authored)
    return Programme.objects.filter(visible)


def can_reach(actor: Actor, course: Course) -> bool:
    """Is the course open to the actor as a learner (before any enrolment)? Asks the database once for a shared
    course."""
    if not actor.is_authenticated:
        return False
    if course.visibility == Visibility.OPEN or actor.is_institution_member(course.owner_institution_id or 0):
        return True
    if course.visibility == Visibility.SHARED:
        return course.shared_with.filter(pk__in=list(actor.institution_roles)).exists()
    return False


def can_enrol(actor: Actor, course: Course) -> bool:
    """Any member within reach of a published course may enrol (duplicates are the service's business)."""
    return course.is_published and can_reach(actor, course)


def check_enrol(actor: Actor, course: Course) -> None:
    if not can_enrol(actor, course):
        raise PermissionDenied


def can_author_courses(actor: Actor) -> bool:
    """Trainers and admins of an institution write its courses; platform admins write the platform's."""
    return actor.is_authenticated and (actor.is_platform_admin or bool(author_institution_ids(actor)))


def check_author_courses(actor: Actor) -> None:
    if not can_author_courses(actor):
        raise PermissionDenied


def can_write_platform_courses(actor: Actor) -> bool:
    return actor.is_platform_admin


def can_write_for(actor: Actor, institution: Any) -> bool:
    """May the actor own a course by this institution (None: the platform)?"""
    if institution is None:
        return can_write_platform_courses(actor)
    return actor.is_platform_admin or actor.institution_roles.get(institution.pk) in AUTHOR_ROLES


def can_edit_course(actor: Actor, course: Course) -> bool:
    """The owner institution's trainers and admins; the platform admins for the platform's courses (and any)."""
    if not actor.is_authenticated:
        return False
    if actor.is_platform_admin:
        return True
    return course.owner_institution_id is not None and (
        actor.institution_roles.get(course.owner_institution_id) in AUTHOR_ROLES)


def check_edit_course(actor: Actor, course: Course) -> None:
    if not can_edit_course(actor, course):
        raise PermissionDenied


# --- review of the platform's courses -------------------------------------------------------------------------------
# The platform's own courses go through review (the reviewers of content, with review's checklist); institution
# courses are published by their trainers and admins.

def _in_review_for(theme_ids: frozenset[int]) -> Any:
    return Course.objects.filter(status=PublicationStatus.IN_REVIEW, owner_institution__isnull=True,
                                 themes__in=theme_ids).values("pk")


def can_publish_course(actor: Actor, course: Course) -> bool:
    """Institution courses are published directly by their authors; platform courses only through review."""
    return can_edit_course(actor, course) and not course.is_platform_course


def check_publish_course(actor: Actor, course: Course) -> None:
    if not can_publish_course(actor, course):
        raise PermissionDenied


def can_submit_course(actor: Actor, course: Course) -> bool:
    """A platform course's authors (platform admins) send a draft version to review."""
    return (can_edit_course(actor, course) and course.is_platform_course
            and course.status == PublicationStatus.DRAFT)


def check_submit_course(actor: Actor, course: Course) -> None:
    if not can_submit_course(actor, course):
        raise PermissionDenied


def can_view_course_reviews(actor: Actor) -> bool:
    """The reviewers' list of platform courses waiting for review."""
    return actor.is_reviewer


def check_view_course_reviews(actor: Actor) -> None:
    if not can_view_course_reviews(actor):
        raise PermissionDenied


def is_competent_course_reviewer(actor: Actor, course: Course) -> bool:
    """As for content (`review.rules.is_competent_reviewer`): a reviewer with a competence for one of the course's
    themes, who did not write or submit it."""
    if not actor.is_reviewer or course.created_by_id == actor.id:
        return False
    themes = reviewer_theme_ids(actor)
    return bool(themes) and course.themes.filter(pk__in=themes).exists()


def can_decide_course_review(actor: Actor, review: CourseReview) -> bool:
    """A competent reviewer decides an open review of a course still waiting (not the one who submitted it)."""
    return (review.is_open and review.course.status == PublicationStatus.IN_REVIEW
            and review.submitted_by_id != actor.id and is_competent_course_reviewer(actor, review.course))


def check_decide_course_review(actor: Actor, review: CourseReview) -> None:
    if not can_decide_course_review(actor, review):
        raise PermissionDenied


def can_preview_course(actor: Actor, course: Course) -> bool:
    """Open a version's lessons as a learner would, recording nothing: its authors, and its reviewers while it
    waits for review."""
    if can_edit_course(actor, course):
        return True
    return course.status == PublicationStatus.IN_REVIEW and is_competent_course_reviewer(actor, course)


def can_follow_lesson(actor: Actor, enrolment: Enrolment | None, lesson: Lesson, completed_ids: set[int]) -> bool:
    """A learner opens the lessons of the version they are enrolled in, once the prerequisite is done."""
    if enrolment is None or not actor.is_authenticated or enrolment.user_id != actor.id:
        return False
    if enrolment.course_id != lesson.course_id:
        return False
    return lesson.prerequisite_id is None or lesson.prerequisite_id in completed_ids


def check_follow_lesson(actor: Actor, enrolment: Enrolment | None, lesson: Lesson, completed_ids: set[int]) -> None:
    if not can_follow_lesson(actor, enrolment, lesson, completed_ids):
        raise PermissionDenied


def can_report_progress(actor: Actor, enrolment: Enrolment) -> bool:
    """Progress (heartbeats, answers, acknowledgements) is written by the learner themself only."""
    return actor.is_authenticated and enrolment.user_id == actor.id


def check_report_progress(actor: Actor, enrolment: Enrolment) -> None:
    if not can_report_progress(actor, enrolment):
        raise PermissionDenied


# --- programmes ------------------------------------------------------------------------------------------------------

def can_edit_programme(actor: Actor, programme: Programme) -> bool:
    """The owner institution's trainers and admins; platform admins (the platform's programmes, and any)."""
    if not actor.is_authenticated:
        return False
    if actor.is_platform_admin:
        return True
    return programme.owner_institution_id is not None and (
        actor.institution_roles.get(programme.owner_institution_id) in AUTHOR_ROLES)


def check_edit_programme(actor: Actor, programme: Programme) -> None:
    if not can_edit_programme(actor, programme):
        raise PermissionDenied


def programmes_authored_by(actor: Actor) -> QuerySet[Programme]:
    """Programmes the actor may edit (drafts included)."""
    if not actor.is_authenticated:
        return Programme.objects.none()
    if actor.is_platform_admin:
        return Programme.objects.all()
    return Programme.objects.filter(owner_institution_id__in=author_institution_ids(actor))


def programme_course_choices(programme: Programme) -> QuerySet[Course]:
    """Published courses a programme may hold: those its learners can open. An open programme holds open courses
    only; an internal one also its institution's own courses and those shared with that institution; a shared one
    also its institution's shared courses (their list of institutions should match the programme's)."""
    courses = Course.objects.filter(status=PublicationStatus.PUBLISHED)
    open_courses = Q(visibility=Visibility.OPEN)
    owner = programme.owner_institution_id
    if programme.visibility == Visibility.OPEN or owner is None:
        return courses.filter(open_courses)
    if programme.visibility == Visibility.SHARED:
        return courses.filter(open_courses | Q(owner_institution_id=owner, visibility=Visibility.SHARED))
    shared = Course.shared_with.through.objects.filter(institution_id=owner).values("course_id")
    return courses.filter(open_courses | Q(owner_institution_id=owner) | Q(pk__in=shared))
