"""Reads of the review app: queues, submissions, history."""

from typing import Any

from allauth.mfa.models import Authenticator
from django.contrib.contenttypes.models import ContentType
from django.contrib.contenttypes.prefetch import GenericPrefetch
from django.db.models import Exists, Model, OuterRef, Prefetch, Q, QuerySet

from praxis.accounts.models import User
from praxis.content.models import Content, Theme
from praxis.core.actor import Actor
from praxis.core.audit import Action
from praxis.core.models import AuditEntry

from . import rules, targets
from .models import Flag, ReviewerTheme, Submission

# Entries of the content app that belong to the review history.
CONTENT_ACTIONS = [Action.CONTENT_REVISION_CREATED, Action.CONTENT_REVISION_MERGED]
_THEMES = Prefetch("content__themes", queryset=Theme.objects.only("id", "name", "name_nl", "name_en", "slug"))


def reviewer_queue(actor: Actor) -> QuerySet[Submission]:
    """Open submissions of the reviewer's themes not taken by someone else, oldest first; never their own."""
    themes = rules.reviewer_theme_ids(actor)
    if not themes:
        return Submission.objects.none()
    matching = Content.objects.filter(themes__in=themes).values("pk")
    return (
        Submission.objects.filter(decision=Submission.Decision.PENDING, content_id__in=matching)
        .filter(Q(reviewer__isnull=True) | Q(reviewer_id=actor.id))
        .exclude(content__author_id=actor.id)
        .select_related("content", "content__author", "content__revision_of", "reviewer")
        .prefetch_related(_THEMES)
        .order_by("submitted_at", "id")
    )


def submission_for(actor: Actor, submission_id: int) -> Submission | None:
    """A submission the actor may look at (competent reviewer or moderator), else None."""
    submission = (
        Submission.objects.select_related("content", "content__author", "content__revision_of", "reviewer")
        .prefetch_related(_THEMES).filter(pk=submission_id).first()
    )
    if submission is None or not rules.can_view_submission(actor, submission):
        return None
    return submission


def open_submission(content: Content) -> Submission | None:
    return Submission.objects.filter(content=content, decision=Submission.Decision.PENDING).select_related(
        "reviewer").first()


def last_decision(content: Content) -> Submission | None:
    return (
        Submission.objects.filter(content=content).exclude(decision=Submission.Decision.PENDING)
        .select_related("reviewer").order_by("-decided_at", "-id").first()
    )


def content_history(content: Content) -> QuerySet[AuditEntry]:
    """Workflow entries about the content and its revisions, newest first."""
    revisions = Content.objects.filter(revision_of=content).values_list("pk", flat=True)
    ids = [str(content.pk), *(str(pk) for pk in revisions)]
    workflow = Q(action__startswith="review.") | Q(action__in=CONTENT_ACTIONS)
    return (
        AuditEntry.objects.filter(workflow, target_type=ContentType.objects.get_for_model(Content), target_id__in=ids)
        .select_related("actor").order_by("-created_at", "-id")
    )


def _with_targets(flags: QuerySet[Flag]) -> QuerySet[Flag]:
    """Flags with what they are about: the content, or the flagged question, answer, event... (one query per kind)."""
    kinds = [target.queryset() for target in targets.targets()]
    flags = flags.select_related("content", "content__author", "reporter")
    return flags.prefetch_related(GenericPrefetch("target", kinds)) if kinds else flags


def moderation_queue(actor: Actor) -> QuerySet[Flag]:
    """Open flags, oldest first, with what they are about and the reporter."""
    if not rules.can_moderate(actor):
        return Flag.objects.none()
    return _with_targets(Flag.objects.filter(status=Flag.Status.OPEN)).order_by("created_at", "id")


def flag_for_moderation(actor: Actor, flag_id: int) -> Flag | None:
    if not rules.can_moderate(actor):
        return None
    return _with_targets(Flag.objects.filter(pk=flag_id)).first()


def shown_target(flag: Flag) -> targets.Shown | None:
    """What the queue shows of a flag's item other than content (None for content, or an item gone)."""
    target = flag.target if flag.target_type_id else None
    kind = targets.target_for(target) if target is not None else None
    return kind.show(target) if kind is not None else None


def open_target_flags(target: Model) -> QuerySet[Flag]:
    """The open flags on a question, an answer, an event... with who raised them."""
    return Flag.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk, status=Flag.Status.OPEN,
    ).select_related("reporter")


# Entries only moderators see in the history (who flagged what is not for the author).
MODERATION_ONLY = {Action.REVIEW_FLAG_CREATED, Action.REVIEW_FLAG_DISMISSED}


def visible_history(actor: Actor, content: Content, limit: int) -> list[AuditEntry]:
    """The history as this actor may read it (call only once `rules.can_view_history` allowed it)."""
    entries = content_history(content)
    if not rules.can_read_moderation_history(actor):
        entries = entries.exclude(action__in=MODERATION_ONLY)
    return list(entries[:limit])


def reviewers_for(content: Content) -> QuerySet[Any]:
    """Active reviewers competent for one of the content's themes, its author excluded: whom a submission is
    offered to (for notifications)."""
    return (
        User.objects.filter(is_active=True, is_reviewer=True,
                            review_themes__theme__in=content.themes.values("pk"))
        .exclude(pk=content.author_id).distinct()
    )


def open_flags_of(content: Content) -> QuerySet[Flag]:
    """The open flags on a piece, with who raised them (the moderator's unpublish page)."""
    return Flag.objects.filter(content=content, status=Flag.Status.OPEN).select_related("reporter")


# --- the desk of reviewers and moderators ------------------------------------------------------------------------
_HAS_MFA = Exists(Authenticator.objects.filter(
    user=OuterRef("pk"), type__in=[Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]))
_STAFF_THEMES = Prefetch("review_themes", queryset=ReviewerTheme.objects.select_related("theme").order_by(
    "theme__name"))


def staff_members(actor: Actor) -> QuerySet[User]:
    """Reviewers and moderators, with their themes and whether they have a second factor (platform admins only)."""
    if not rules.can_manage_staff(actor):
        return User.objects.none()
    return (
        User.objects.filter(Q(is_reviewer=True) | Q(is_moderator=True), is_active=True)
        .annotate(has_mfa=_HAS_MFA).prefetch_related(_STAFF_THEMES).order_by("last_name", "first_name", "id")
    )


def staff_candidates(actor: Actor, query: str, limit: int = 20) -> list[User]:
    """Active members found by name or email, to appoint (platform admins only)."""
    query = query.strip()
    if not rules.can_manage_staff(actor) or len(query) < 2:
        return []
    found = Q(email__icontains=query) | Q(last_name__icontains=query) | Q(first_name__icontains=query)
    return list(User.objects.filter(found, is_active=True).annotate(has_mfa=_HAS_MFA)
                .order_by("last_name", "first_name", "id")[:limit])


def staff_member_for(actor: Actor, member_id: int) -> User | None:
    """A member whose roles the actor may change, with themes and second-factor state, else None."""
    if not rules.can_manage_staff(actor):
        return None
    return (User.objects.filter(pk=member_id, is_active=True).annotate(has_mfa=_HAS_MFA)
            .prefetch_related(_STAFF_THEMES).first())


def review_themes() -> QuerySet[Theme]:
    return Theme.objects.filter(is_active=True).order_by("name")


def staff_roles(member: User) -> dict[str, bool]:
    """The member's roles as the team desk shows and changes them."""
    return {"reviewer": member.is_reviewer, "moderator": member.is_moderator}
