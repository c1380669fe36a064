"""Writes of the SCORM part: upload and publish a package, open a learner's attempts, take a runtime commit."""

from __future__ import annotations

import uuid
from decimal import Decimal
from functools import partial
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.db import router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from praxis.core import audit
from praxis.core.actor import Actor
from praxis.core.compiled import ShapedQuery

from .. import rules as learning_rules
from .. import services as learning_services
from ..models import Lesson, LessonProgress
from . import rules, runtime
from . import storage as scorm_storage
from .models import ScormAttempt, ScormPackage
from .package import PackageError, inspect_package

STATUS_TO_PROGRESS = {
    runtime.COMPLETED: LessonProgress.Status.COMPLETED, runtime.PASSED: LessonProgress.Status.COMPLETED,
    runtime.FAILED: LessonProgress.Status.FAILED, runtime.INCOMPLETE: LessonProgress.Status.IN_PROGRESS,
}


@transaction.atomic
def scorm_package_upload(*, actor: Actor | None, lesson: Lesson, file: IO[bytes], original_name: str,
                         size: int | None = None, check: bool = True) -> ScormPackage:
    """Validate a package (nothing is stored if it is refused), keep the zip, and queue its unpacking.

    Raises PackageError (a ValidationError with a translated message). `check=False` is for the import command,
    run by an operator, which checks the owner itself."""
    if check:  # a published version is not changed under its learners: a new version is (course_new_version)
        learning_services._check_editable(actor, lesson.course)  # type: ignore[arg-type]
    if lesson.kind != Lesson.Kind.SCORM:
        raise ValidationError(_("This lesson is not a SCORM lesson."), code="not_scorm_lesson")
    info = inspect_package(file, size=size)
    file.seek(0)
    key = default_storage.save(f"scorm/uploads/{uuid.uuid4().hex}.zip", File(file))
    package = ScormPackage.objects.select_for_update().filter(lesson=lesson).first() or ScormPackage(lesson=lesson)
    old_source = package.source_key
    package.status = ScormPackage.Status.PENDING
    package.version = info.version
    package.title = info.title[:300]
    package.organisation = [item.as_dict() for item in info.organisation]
    package.source_key = key
    package.original_name = original_name[:255]
    package.file_count = len(info.files)
    package.unpacked_bytes = info.unpacked_bytes
    package.failure_reason = ""
    package.uploaded_by = getattr(actor, "user", None) if actor and actor.is_authenticated else None
    package.full_clean(exclude=["content_prefix"])
    package.save()
    if old_source and old_source != key and not ScormPackage.objects.filter(source_key=old_source).exists():
        transaction.on_commit(lambda: default_storage.delete(old_source))  # no other version shares it
    audit.log(actor, audit.Action.LEARNING_SCORM_UPLOADED, package,
              {"lesson_id": lesson.pk, "version": info.version, "files": len(info.files)})
    from .tasks import publish_scorm_package

    publish_scorm_package.enqueue(package.pk, key)
    return package


@transaction.atomic
def scorm_lesson_create(*, actor: Actor, course: Any, title: str, file: IO[bytes], original_name: str,
                        size: int | None = None) -> Lesson:
    """Add a SCORM lesson at the end of a draft course, with its package (validated first: nothing is created if
    the package is refused)."""
    learning_services._check_editable(actor, course)
    position = (course.lessons.order_by("-position").values_list("position", flat=True).first() or 0) + 1
    lesson = Lesson(course=course, kind=Lesson.Kind.SCORM, title=title[:200], position=position)
    lesson.full_clean()
    lesson.save()
    audit.log(actor, audit.Action.LEARNING_LESSON_ADDED, lesson, {"course_id": course.pk, "kind": lesson.kind})
    scorm_package_upload(actor=actor, lesson=lesson, file=file, original_name=original_name, size=size)
    return lesson


def scorm_package_copy(*, source_lesson_id: int, target: Lesson) -> ScormPackage | None:
    """A new version of a course shares its SCORM lessons' packages (same files; replacing one in the draft
    leaves the published version's files in place). Called by learning.services.course_new_version."""
    source = ScormPackage.objects.filter(lesson_id=source_lesson_id).first()
    if source is None:
        return None
    source.pk = None
    source.id = None
    source.lesson = target
    source._state.adding = True
    source.save()
    return source


def scorm_package_publish(package_id: int, source_key: str) -> str:
    """Unpack the zip under a fresh prefix, then make it the package's files in one UPDATE (idempotent).

    Run by the task worker. A second run for the same upload finds the row already switched (or superseded by a
    newer upload) and deletes what it wrote; the previous files are deleted once the switch is committed."""
    package = ScormPackage.objects.filter(pk=package_id).first()
    if package is None or package.source_key != source_key or package.status == ScormPackage.Status.READY:
        return "nothing to do"
    prefix = scorm_storage.prefix_for(package_id, source_key)
    scorm_storage.delete_prefix(prefix)  # what an attempt killed midway wrote
    try:
        with default_storage.open(source_key, "rb") as handle:
            count = scorm_storage.unpack(handle, prefix)
    except PackageError as error:
        scorm_storage.delete_prefix(prefix)
        ScormPackage.objects.filter(pk=package_id, source_key=source_key).update(
            status=ScormPackage.Status.FAILED, failure_reason=str(error.messages[0])[:500])
        return "refused"
    with transaction.atomic():
        current = ScormPackage.objects.select_for_update().get(pk=package_id)
        old_prefix = current.content_prefix
        switched = ScormPackage.objects.filter(
            pk=package_id, source_key=source_key, status=ScormPackage.Status.PENDING,
        ).update(status=ScormPackage.Status.READY, content_prefix=prefix, file_count=count,
                 published_at=timezone.now())
        if not switched:
            transaction.on_commit(lambda: scorm_storage.delete_prefix(prefix))
            return "superseded"
        audit.log(None, audit.Action.LEARNING_SCORM_PUBLISHED, current, {"prefix": prefix, "files": count})
        # The replaced prefix (unless another version shares it) and any a killed attempt at an earlier upload left;
        # listed under the row lock, so a newer upload's unpack (which waits for it) is never among them.
        used = set(ScormPackage.objects.filter(content_prefix__startswith=f"scorm/{package_id}/")
                   .values_list("content_prefix", flat=True))
        unused = [found for found in scorm_storage.prefixes_of(package_id) if found != prefix and found not in used]
        if (old_prefix and old_prefix != prefix and old_prefix not in unused
                and not ScormPackage.objects.filter(content_prefix=old_prefix).exists()):
            unused.append(old_prefix)  # no other version shares it (a copy keeps its original's prefix)
        for stale in unused:
            transaction.on_commit(partial(scorm_storage.delete_prefix, stale), robust=True)
    return "published"


@transaction.atomic
def scorm_attempts_open(*, actor: Actor, progress: LessonProgress, package: ScormPackage) -> list[ScormAttempt]:
    """The learner's attempt for each SCO of the package (created on first launch), in table-of-contents order."""
    learning_rules.check_report_progress(actor, progress.enrolment)
    items = package.launchable()
    existing = {attempt.item_identifier: attempt for attempt in
                ScormAttempt.objects.filter(progress=progress, package=package)}
    missing = [ScormAttempt(progress=progress, package=package, item_identifier=item.identifier)
               for item in items if item.identifier not in existing]
    if missing:
        ScormAttempt.objects.bulk_create(missing, ignore_conflicts=True)
        existing = {attempt.item_identifier: attempt for attempt in
                    ScormAttempt.objects.filter(progress=progress, package=package)}
    return [existing[item.identifier] for item in items]


STATE_COLUMNS = ("cmi", "launches", "earlier_seconds", "terminated", "status_set_by_sco", "status", "score",
                 "total_seconds", "created_at")
SAVED_COLUMNS = ("cmi", "launches", "earlier_seconds", "terminated", "status_set_by_sco", "status", "score",
                 "location", "suspend_data_length", "total_seconds", "updated_at")


# `SELECT <STATE_COLUMNS> … WHERE id = %s FOR UPDATE`, compiled by the ORM once per database and then only executed
# (building it was ~12 % of a commit's CPU, issue 22).
_LOCKED_STATE = ShapedQuery(lambda pk: ScormAttempt.objects.select_for_update().filter(pk=pk)
                            .values_list(*STATE_COLUMNS))


def _locked_state(pk: int) -> list[Any]:
    """The attempt's runtime state columns, its row locked until the transaction ends."""
    rows = _LOCKED_STATE.rows(pk, using=router.db_for_write(ScormAttempt))
    if not rows:
        raise ScormAttempt.DoesNotExist
    return list(rows[0])


class CommitRefused(ValidationError):
    """A commit the server cannot read (malformed): nothing stored."""


@transaction.atomic
def scorm_commit(*, actor: Actor, attempt: ScormAttempt, data: Any) -> tuple[ScormAttempt, runtime.Outcome]:
    """Take a runtime commit for the learner's own attempt (idempotent: see runtime.apply_commit).

    The attempt's columns (status, score, location, time) and the lesson's progress follow the completion rule
    (runtime.outcome); a lesson whose SCOs are all done is completed, and with it the course when it was the last."""
    rules.check_commit(actor, attempt)
    try:
        commit = runtime.parse_commit(data)
    except runtime.CommitError as error:
        raise CommitRefused(_("This progress report is not readable."), code="unreadable") from error
    # The row is locked and its runtime state read again (a concurrent commit may have changed it since the page's
    # selector loaded it), without joins: the package and progress come from the selector's instance.
    for name, value in zip(STATE_COLUMNS, _locked_state(attempt.pk), strict=True):
        setattr(attempt, name, value)
    package = attempt.package
    item = next((item for item in package.launchable() if item.identifier == attempt.item_identifier), None)
    state = runtime.AttemptState(**attempt.state_fields())
    started = attempt.created_at or timezone.now()
    server_elapsed = (timezone.now() - started).total_seconds()
    state, _taken = runtime.apply_commit(state, commit, version=package.version, server_elapsed=server_elapsed)
    attempt.cmi, attempt.launches, attempt.earlier_seconds = state.cmi, state.launches, state.earlier_seconds
    attempt.terminated, attempt.status_set_by_sco = state.terminated, state.status_set_by_sco
    summary = runtime.summarise(state.cmi, package.version)
    result = runtime.outcome(
        summary, version=package.version, terminated=state.terminated, status_set_by_sco=state.status_set_by_sco,
        mastery_score=item.mastery_score if item else None,
        scaled_passing_score=item.scaled_passing_score if item else None,
        completion_threshold=item.completion_threshold if item else None)
    before = (attempt.status, attempt.score, attempt.total_seconds)
    attempt.status = result.status
    attempt.score = None if result.score is None else Decimal(str(round(result.score * 100, 2)))
    attempt.location = summary.location[:1000]
    attempt.suspend_data_length = len(summary.suspend_data)
    attempt.total_seconds = int(state.total_seconds)
    attempt.updated_at = timezone.now()
    ScormAttempt.objects.filter(pk=attempt.pk).update(**{name: getattr(attempt, name) for name in SAVED_COLUMNS})
    # The lesson's progress row follows when something it shows changed (status, score, a terminated SCO, or
    # 30 s more time): most commits of a session only change the SCO's own data.
    if (before[:2] != (attempt.status, attempt.score) or commit.terminated
            or attempt.total_seconds - before[2] >= 30):
        _update_progress(actor, attempt)
    return attempt, result


def _update_progress(actor: Actor, attempt: ScormAttempt) -> None:
    """The lesson's progress from its SCOs: done when every SCO is completed or passed; failed if one failed."""
    progress = LessonProgress.objects.select_for_update().get(pk=attempt.progress_id)
    attempts = list(ScormAttempt.objects.filter(progress=progress, package=attempt.package))
    expected = {item.identifier for item in attempt.package.launchable()}
    by_item = {row.item_identifier: row for row in attempts if row.item_identifier in expected}
    scores = [row.score for row in by_item.values() if row.score is not None]
    progress.score = (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.01")) if scores else None
    progress.time_spent_seconds = sum(row.total_seconds for row in by_item.values())
    now = timezone.now()
    progress.started_at = progress.started_at or now
    done = bool(expected) and expected <= set(by_item) and all(
        row.status in (runtime.COMPLETED, runtime.PASSED) for row in by_item.values())
    failed = any(row.status == runtime.FAILED for row in by_item.values())
    completed_now = False
    if progress.status != LessonProgress.Status.COMPLETED:
        if done:
            learning_services._complete_lesson(actor, progress, now)
            completed_now = True
        elif failed and all(row.terminated for row in by_item.values()):
            progress.status = LessonProgress.Status.FAILED
        else:
            progress.status = LessonProgress.Status.IN_PROGRESS
    progress.save()
    if completed_now:
        learning_services._check_course_completion(actor, progress.enrolment)
