"""Every write of the review workflow. Each transition locks the content row, checks the rule again under the lock,
validates, saves and writes one audit entry (the history the UI shows and what notifications are built from)."""

from __future__ import annotations

from dataclasses import dataclass

from allauth.usersessions.models import UserSession
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from praxis.accounts.models import User
from praxis.content.models import Content, Theme
from praxis.content.services import content_merge_revision
from praxis.core import audit
from praxis.core.actor import Actor
from praxis.core.audit import Action
from praxis.core.privacy import check_no_patient_identifiers

from . import rules, selectors, tasks
from .models import Flag, ReviewerTheme, Submission, checklist_for


def _lock(content: Content) -> Content:
    return Content.objects.select_for_update().get(pk=content.pk)


def _lock_submission(submission: Submission) -> tuple[Submission, Content]:
    content = _lock(submission.content)
    locked = Submission.objects.select_for_update().select_related("content").get(pk=submission.pk)
    locked.content = content
    return locked, content


def _set_status(content: Content, status: str, **fields: object) -> None:
    content.status = status
    for name, value in fields.items():
        setattr(content, name, value)
    content.full_clean()
    content.save(update_fields=["status", *fields.keys(), "updated_at"])


@transaction.atomic
def submission_submit(*, actor: Actor, content: Content) -> Submission:
    """The author sends a draft (or a piece sent back) to the reviewers of its themes."""
    content = _lock(content)
    rules.check_submit(actor, content)
    check_no_patient_identifiers(
        title=content.title, summary=content.summary, body=content.body, coi_statement=content.coi_statement
    )
    if not content.themes.exists():
        raise ValidationError({"themes": _("Choose at least one theme: reviewers are chosen by theme.")})
    previous = content.status
    _set_status(content, Content.Status.SUBMITTED)
    submission = Submission(content=content)
    submission.full_clean(exclude=["content"])
    submission.save()
    audit.log(actor, Action.REVIEW_SUBMISSION_SUBMITTED, content, {
        "submission": submission.pk, "from": previous, "revision_of": content.revision_of_id,
        "version": content.version,
    })
    return submission


@transaction.atomic
def submission_claim(*, actor: Actor, submission: Submission) -> Submission:
    """A competent reviewer starts the review; the submission leaves the other reviewers' queues."""
    submission, content = _lock_submission(submission)
    rules.check_claim(actor, submission)
    submission.reviewer = actor.user
    submission.claimed_at = timezone.now()
    submission.full_clean(exclude=["content"])
    submission.save(update_fields=["reviewer", "claimed_at"])
    _set_status(content, Content.Status.IN_REVIEW)
    audit.log(actor, Action.REVIEW_SUBMISSION_CLAIMED, content, {"submission": submission.pk, "reviewer": actor.id})
    return submission


@transaction.atomic
def submission_release(*, actor: Actor, submission: Submission) -> Submission:
    """The reviewer hands the submission back to the queue without deciding."""
    submission, content = _lock_submission(submission)
    rules.check_decide(actor, submission)
    submission.reviewer = None
    submission.claimed_at = None
    submission.save(update_fields=["reviewer", "claimed_at"])
    _set_status(content, Content.Status.SUBMITTED)
    audit.log(actor, Action.REVIEW_SUBMISSION_RELEASED, content, {"submission": submission.pk})
    return submission


def _record_decision(submission: Submission, decision: str, checklist: dict[str, bool], comments: str) -> None:
    for name, _label in checklist_for(submission.content):
        setattr(submission, name, bool(checklist.get(name)))
    submission.decision = decision
    submission.comments = comments.strip()
    submission.decided_at = timezone.now()
    submission.full_clean(exclude=["content"])
    submission.save()


def _merge_revision(revision: Content, actor: Actor, now: object) -> Content:
    """Copy an approved revision onto its original: same id, URL and questions, new text and version."""
    revision.reviewed_by = actor.user
    revision.reviewed_at = now
    revision.save(update_fields=["reviewed_by", "reviewed_at", "updated_at"])
    return content_merge_revision(actor=actor, revision=revision)


@transaction.atomic
def submission_approve(
    *, actor: Actor, submission: Submission, checklist: dict[str, bool], comments: str = ""
) -> Content:
    """Publish the content (or merge an approved revision into the published original). Every check is required."""
    submission, content = _lock_submission(submission)
    rules.check_decide(actor, submission)
    missing = [name for name, _label in checklist_for(content) if not checklist.get(name)]
    if missing:
        raise ValidationError({name: _("Tick this check before approving.") for name in missing})
    check_no_patient_identifiers(
        title=content.title, summary=content.summary, body=content.body, coi_statement=content.coi_statement
    )
    _record_decision(submission, Submission.Decision.APPROVED, checklist, comments)
    now = submission.decided_at
    published = content
    if content.revision_of_id:
        published = _merge_revision(content, actor, now)
    else:
        _set_status(content, Content.Status.PUBLISHED, published_at=content.published_at or now,
                    reviewed_by=actor.user, reviewed_at=now)
    audit.log(actor, Action.REVIEW_SUBMISSION_APPROVED, content, {
        "submission": submission.pk, "checklist": submission.checklist, "comments": submission.comments,
        "revision_of": content.revision_of_id, "published": published.pk, "version": published.version,
    })
    tasks.send_review_decision.enqueue(submission.pk)
    return published


@transaction.atomic
def submission_request_changes(
    *, actor: Actor, submission: Submission, checklist: dict[str, bool], comments: str
) -> Submission:
    """Send the content back to its author with comments; the author edits and submits again."""
    submission, content = _lock_submission(submission)
    rules.check_decide(actor, submission)
    if not comments.strip():
        raise ValidationError({"comments": _("Tell the author what to change.")})
    _record_decision(submission, Submission.Decision.CHANGES_REQUESTED, checklist, comments)
    _set_status(content, Content.Status.CHANGES_REQUESTED, reviewed_by=actor.user, reviewed_at=submission.decided_at)
    audit.log(actor, Action.REVIEW_SUBMISSION_CHANGES_REQUESTED, content, {
        "submission": submission.pk, "checklist": submission.checklist, "comments": submission.comments,
    })
    tasks.send_review_decision.enqueue(submission.pk)
    return submission


@transaction.atomic
def submission_reject(*, actor: Actor, submission: Submission, checklist: dict[str, bool], comments: str) -> Submission:
    """Refuse the content, with the reason. A rejected revision leaves the published original untouched."""
    submission, content = _lock_submission(submission)
    rules.check_decide(actor, submission)
    if not comments.strip():
        raise ValidationError({"comments": _("Give the reason for the rejection.")})
    _record_decision(submission, Submission.Decision.REJECTED, checklist, comments)
    _set_status(content, Content.Status.REJECTED, reviewed_by=actor.user, reviewed_at=submission.decided_at)
    audit.log(actor, Action.REVIEW_SUBMISSION_REJECTED, content, {
        "submission": submission.pk, "checklist": submission.checklist, "comments": submission.comments,
    })
    tasks.send_review_decision.enqueue(submission.pk)
    return submission


# --- flags and moderation ----------------------------------------------------------------------------------------
@transaction.atomic
def flag_create(*, actor: Actor, content: Content, reason: str, text: str = "") -> Flag:
    """A member reports a published item; it lands in the moderation queue (one open flag per member and item)."""
    rules.check_flag(actor, content)
    existing = Flag.objects.filter(content=content, reporter_id=actor.id, status=Flag.Status.OPEN).first()
    if existing is not None:
        return existing
    flag = Flag(content=content, reporter=actor.user, reason=reason, text=text.strip())
    flag.full_clean()
    flag.save()
    audit.log(actor, Action.REVIEW_FLAG_CREATED, content, {"flag": flag.pk, "reason": reason})
    return flag


@transaction.atomic
def flag_dismiss(*, actor: Actor, flag: Flag, note: str = "") -> Flag:
    """A moderator closes a flag without action."""
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    rules.check_dismiss_flag(actor, flag)
    if flag.status != Flag.Status.OPEN:  # already handled by another moderator
        return flag
    flag.status = Flag.Status.DISMISSED
    flag.handled_by = actor.user
    flag.handled_at = timezone.now()
    flag.resolution = note.strip()
    flag.full_clean()
    flag.save()
    audit.log(actor, Action.REVIEW_FLAG_DISMISSED, flag.content or flag.target,
              {"flag": flag.pk, "note": flag.resolution})
    return flag


def flag_record(*, actor: Actor, target: models.Model, reason: str, text: str = "") -> Flag:
    """Record a member's flag on a question, an answer, an event... (not content: `flag_create`). The calling app's
    service has checked its own rule (`check_flag_*`) first; this one keeps one open flag per member and item, so a
    second flag by the same member is counted once."""
    with transaction.atomic():
        target_type = ContentType.objects.get_for_model(target)
        mine = Flag.objects.filter(target_type=target_type, target_id=target.pk, reporter_id=actor.id,
                                   status=Flag.Status.OPEN)
        existing = mine.first()
        if existing is not None:
            return existing
        flag = Flag(target_type=target_type, target_id=target.pk, reporter=actor.user, reason=reason,
                    text=text.strip())
        flag.full_clean()
        try:
            with transaction.atomic():
                flag.save()
        except IntegrityError:  # the same member's second click, at the same moment
            return mine.get()
        audit.log(actor, Action.REVIEW_FLAG_CREATED, target, {"flag": flag.pk, "reason": reason})
        return flag


def flags_uphold(*, actor: Actor, target: models.Model, resolution: str) -> list[int]:
    """Close the open flags on an item a moderator acted upon (hidden, unpublished); returns their ids. Called inside
    the acting service's transaction, after its rule allowed the action."""
    flags = Flag.objects.filter(target_type=ContentType.objects.get_for_model(target), target_id=target.pk,
                                status=Flag.Status.OPEN)
    ids = list(flags.values_list("pk", flat=True))
    Flag.objects.filter(pk__in=ids).update(status=Flag.Status.UPHELD, handled_by=actor.user,
                                          handled_at=timezone.now(), resolution=resolution.strip())
    return ids


@transaction.atomic
def content_unpublish(*, actor: Actor, content: Content, reason: str) -> Content:
    """A moderator takes a published item offline; the reason is sent to the author; open flags are closed."""
    content = _lock(content)
    rules.check_unpublish(actor, content)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason: it is sent to the author.")})
    _set_status(content, Content.Status.UNPUBLISHED)
    now = timezone.now()
    flags = list(Flag.objects.filter(content=content, status=Flag.Status.OPEN).values_list("pk", flat=True))
    Flag.objects.filter(pk__in=flags).update(
        status=Flag.Status.UPHELD, handled_by=actor.user, handled_at=now, resolution=reason.strip()
    )
    entry = audit.log(actor, Action.REVIEW_CONTENT_UNPUBLISHED, content, {"reason": reason.strip(), "flags": flags})
    tasks.send_unpublished.enqueue(entry.pk)
    return content


# --- reviewer competences ----------------------------------------------------------------------------------------
@transaction.atomic
def reviewer_set_themes(*, actor: Actor, reviewer: User, themes: list[Theme]) -> None:
    """Platform admins give a reviewer their themes."""
    rules.check_set_reviewer_themes(actor)
    wanted = {theme.pk for theme in themes}
    current = set(ReviewerTheme.objects.filter(reviewer=reviewer).values_list("theme_id", flat=True))
    ReviewerTheme.objects.filter(reviewer=reviewer, theme_id__in=current - wanted).delete()
    ReviewerTheme.objects.bulk_create([ReviewerTheme(reviewer=reviewer, theme_id=pk) for pk in wanted - current])
    audit.log(actor, Action.REVIEW_REVIEWER_THEMES_CHANGED, reviewer, {"themes": sorted(wanted)})


@dataclass(frozen=True)
class RolesChange:
    before: dict[str, bool]
    after: dict[str, bool]
    gained: list[str]
    sessions_ended: int


@transaction.atomic
def staff_set_roles(*, actor: Actor, member: User, reviewer: bool, moderator: bool,
                    themes: list[Theme] | None = None) -> RolesChange:
    """A platform admin appoints or relieves a reviewer or a moderator, and sets a reviewer's themes.

    The rule for privileged roles applies at once: a member who gains a role has their open sessions ended, so their
    next sign-in starts under it (second factor required before any page, 30-minute idle and 12-hour limits from that
    sign-in), rather than a session opened before the appointment carrying on. Returns what changed."""
    member = User.objects.select_for_update().get(pk=member.pk)
    rules.check_change_roles(actor, member)
    before = selectors.staff_roles(member)
    after = {"reviewer": reviewer, "moderator": moderator}
    gained = sorted(role for role in after if after[role] and not before[role])
    sessions_ended = 0
    if before != after:
        User.objects.filter(pk=member.pk).update(is_reviewer=reviewer, is_moderator=moderator)
        member.refresh_from_db()
        if gained:
            for user_session in UserSession.objects.filter(user=member):
                user_session.end()
                sessions_ended += 1
        audit.log(actor, Action.REVIEW_STAFF_ROLES_CHANGED, member, {
            "before": before, "after": after, "gained": gained, "sessions_ended": sessions_ended,
        })
    if themes is not None:
        current = set(ReviewerTheme.objects.filter(reviewer=member).values_list("theme_id", flat=True))
        wanted = {theme.pk for theme in themes} if reviewer else set()
        if wanted != current:
            reviewer_set_themes(actor=actor, reviewer=member, themes=[t for t in themes if t.pk in wanted])
    return RolesChange(before=before, after=after, gained=gained, sessions_ended=sessions_ended)
