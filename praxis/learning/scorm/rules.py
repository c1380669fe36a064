"""Who may do what with SCORM packages and attempts (the course rules decide who authors and who follows)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from praxis.core.actor import Actor

from .. import rules as learning_rules
from ..models import Lesson
from .models import ScormAttempt


def can_commit(actor: Actor, attempt: ScormAttempt) -> bool:
    """Only the learner whose attempt it is reports its runtime data (an author previewing stores nothing)."""
    return actor.is_authenticated and attempt.progress.enrolment.user_id == actor.id


def check_commit(actor: Actor, attempt: ScormAttempt) -> None:
    if not can_commit(actor, attempt):
        raise PermissionDenied


def can_upload_package(actor: Actor, lesson: Lesson) -> bool:
    """The course's authors (its institution's admins and trainers, or platform admins for platform courses)."""
    return lesson.kind == Lesson.Kind.SCORM and learning_rules.can_edit_course(actor, lesson.course)


def check_upload_package(actor: Actor, lesson: Lesson) -> None:
    if not can_upload_package(actor, lesson):
        raise PermissionDenied
