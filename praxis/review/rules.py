"""Who submits, reviews, sees the history, flags and moderates content.

Reviewers are members with the reviewer role AND a competence (`ReviewerTheme`) for one of the content's themes;
nobody reviews their own content.
"""

from django.core.exceptions import PermissionDenied

from praxis.accounts.models import User
from praxis.content.models import Content
from praxis.content.rules import can_view_content
from praxis.core.actor import Actor

from .models import Flag, ReviewerTheme, Submission

SUBMITTABLE = {Content.Status.DRAFT, Content.Status.CHANGES_REQUESTED}
UNDER_REVIEW = {Content.Status.SUBMITTED, Content.Status.IN_REVIEW}


def reviewer_theme_ids(actor: Actor) -> frozenset[int]:
    """Themes the actor may review (cached on the actor: one query per request)."""
    if not actor.is_reviewer:
        return frozenset()
    cached = getattr(actor, "_review_theme_ids", None)
    if cached is None:
        cached = frozenset(ReviewerTheme.objects.filter(reviewer_id=actor.id).values_list("theme_id", flat=True))
        actor._review_theme_ids = cached  # type: ignore[attr-defined]
    return cached


def _content_theme_ids(content: Content) -> set[int]:
    cache = getattr(content, "_prefetched_objects_cache", {})
    if "themes" in cache:
        return {theme.pk for theme in cache["themes"]}
    return set(content.themes.values_list("pk", flat=True))


def is_competent_reviewer(actor: Actor, content: Content) -> bool:
    """A reviewer with a competence for one of the content's themes, who is not its author."""
    if not actor.is_reviewer or content.author_id == actor.id:
        return False
    themes = reviewer_theme_ids(actor)
    return bool(themes and themes & _content_theme_ids(content))


# --- authors ---------------------------------------------------------------------------------------------------
def can_submit(actor: Actor, content: Content) -> bool:
    """The author, still a verified professional, sends a draft (or a piece sent back) to review."""
    return (
        actor.is_authenticated and actor.is_verified and content.author_id == actor.id
        and content.status in SUBMITTABLE
    )


def check_submit(actor: Actor, content: Content) -> None:
    if not can_submit(actor, content):
        raise PermissionDenied


# --- reviewers -------------------------------------------------------------------------------------------------
def can_view_queue(actor: Actor) -> bool:
    return actor.is_reviewer


def check_view_queue(actor: Actor) -> None:
    if not can_view_queue(actor):
        raise PermissionDenied


def can_view_submission(actor: Actor, submission: Submission) -> bool:
    """Competent reviewers see any round of the content; moderators too (read-only)."""
    return is_competent_reviewer(actor, submission.content) or actor.is_moderator


def can_claim(actor: Actor, submission: Submission) -> bool:
    """Start the review of a submission nobody has taken yet."""
    return (
        submission.is_open and submission.reviewer_id is None
        and submission.content.status == Content.Status.SUBMITTED and is_competent_reviewer(actor, submission.content)
    )


def check_claim(actor: Actor, submission: Submission) -> None:
    if not can_claim(actor, submission):
        raise PermissionDenied


def can_decide(actor: Actor, submission: Submission) -> bool:
    """Only the reviewer who started the review decides (approve, request changes, reject) or hands it back."""
    return (
        submission.is_open and submission.reviewer_id == actor.id
        and submission.content.status == Content.Status.IN_REVIEW and is_competent_reviewer(actor, submission.content)
    )


def check_decide(actor: Actor, submission: Submission) -> None:
    if not can_decide(actor, submission):
        raise PermissionDenied


def can_view_history(actor: Actor, content: Content) -> bool:
    """The author, competent reviewers and moderators see every transition."""
    if not actor.is_authenticated:
        return False
    return content.author_id == actor.id or actor.is_moderator or is_competent_reviewer(actor, content)


def check_view_history(actor: Actor, content: Content) -> None:
    if not can_view_history(actor, content):
        raise PermissionDenied


# --- flags and moderation ----------------------------------------------------------------------------------------
def can_flag(actor: Actor, content: Content) -> bool:
    """Any signed-in member who can see a published item (not its author) may flag it."""
    return (
        actor.is_authenticated and content.status == Content.Status.PUBLISHED and content.author_id != actor.id
        and can_view_content(actor, content)
    )


def check_flag(actor: Actor, content: Content) -> None:
    if not can_flag(actor, content):
        raise PermissionDenied


def can_moderate(actor: Actor) -> bool:
    return actor.is_moderator


def check_moderate(actor: Actor) -> None:
    if not can_moderate(actor):
        raise PermissionDenied


def can_dismiss_flag(actor: Actor, flag: Flag) -> bool:
    """Moderators close flags (closing one already closed changes nothing)."""
    return actor.is_moderator


def check_dismiss_flag(actor: Actor, flag: Flag) -> None:
    if not can_dismiss_flag(actor, flag):
        raise PermissionDenied


def can_unpublish(actor: Actor, content: Content) -> bool:
    return actor.is_moderator and content.status == Content.Status.PUBLISHED


def check_unpublish(actor: Actor, content: Content) -> None:
    if not can_unpublish(actor, content):
        raise PermissionDenied


def can_see_open_submission(actor: Actor, content: Content) -> bool:
    """The submission under way is shown on the content's page to its author, reviewers and moderators."""
    return content.status in UNDER_REVIEW and (
        (actor.is_authenticated and content.author_id == actor.id) or actor.is_reviewer or actor.is_moderator
    )


def can_read_moderation_history(actor: Actor) -> bool:
    """Who flagged what is for moderators only (the author sees the rest of the history)."""
    return actor.is_moderator


def can_set_reviewer_themes(actor: Actor) -> bool:
    """Platform admins give reviewers their themes."""
    return actor.is_platform_admin


def check_set_reviewer_themes(actor: Actor) -> None:
    if not can_set_reviewer_themes(actor):
        raise PermissionDenied


# --- the desk of reviewers and moderators ------------------------------------------------------------------------
def can_manage_staff(actor: Actor) -> bool:
    """Platform admins appoint reviewers and moderators and give reviewers their themes."""
    return actor.is_platform_admin


def check_manage_staff(actor: Actor) -> None:
    if not can_manage_staff(actor):
        raise PermissionDenied


def can_change_roles(actor: Actor, member: User) -> bool:
    """Of an active member other than oneself (nobody appoints or demotes themself)."""
    return can_manage_staff(actor) and member.is_active and member.pk != actor.id


def check_change_roles(actor: Actor, member: User) -> None:
    if not can_change_roles(actor, member):
        raise PermissionDenied
