"""E-learning: courses and programmes, lessons, quizzes, enrolments and per-lesson progress.

Versions: a `Course` row is one *version* of a course. All versions of a course share its `slug`; at most one of
them is published at a time. Editing a published course creates a new draft version (lessons and quizzes copied);
publishing it archives the previous one. An `Enrolment` points to the version the learner started, so learners in
progress keep theirs. Whatever must follow "the course" across versions (assignments, programmes) resolves the slug
to the published version (`selectors.current_version`).

SCORM lessons (`Lesson.Kind.SCORM`) are completed by the SCORM part of the app, which adds its own link to the
package and its runtime attempts; here they are only a kind of lesson.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from praxis.accounts.models import Language


class Rubric(models.TextChoices):
    """The two rubrics of continuing-education points (same values as cpd's)."""

    GENERAL = "general", _("general")
    ETHICS_ECONOMICS = "ethics_economics", _("ethics and economics")


class Visibility(models.TextChoices):
    OPEN = "open", _("open to all members")
    INTERNAL = "internal", _("internal to the institution's staff")
    SHARED = "shared", _("shared with a list of institutions")


class PublicationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    IN_REVIEW = "in_review", _("in review")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("archived")


def _visibility_constraints(prefix: str) -> list[models.BaseConstraint]:
    # A platform course (no owner institution) can only be open: "internal" would have no staff to be internal to.
    return [
        models.CheckConstraint(
            condition=Q(visibility=Visibility.OPEN) | Q(owner_institution__isnull=False),
            name=f"{prefix}_restricted_has_owner",
        ),
    ]


class Course(models.Model):
    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=220)
    summary = models.TextField(_("summary"), max_length=2000)
    themes = models.ManyToManyField("content.Theme", verbose_name=_("themes"), blank=True, related_name="+")
    target_professions = models.JSONField(_("target professions"), default=list, blank=True)
    language = models.CharField(_("language"), max_length=5, choices=Language, default=Language.FR)
    estimated_minutes = models.PositiveIntegerField(_("estimated duration (minutes)"), default=30)
    cpd_points = models.DecimalField(_("continuing-education points"), max_digits=5, decimal_places=1, null=True,
                                     blank=True)
    cpd_rubric = models.CharField(_("rubric"), max_length=20, choices=Rubric, default=Rubric.GENERAL)
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("certificate valid for (months)"), null=True, blank=True,
        help_text=_("Leave empty for a certificate that does not expire."),
    )
    owner_institution = models.ForeignKey(
        "institutions.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="courses",
        verbose_name=_("owner institution"), help_text=_("Empty: a course of the Praxis platform."),
    )
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility, default=Visibility.OPEN)
    shared_with = models.ManyToManyField(
        "institutions.Institution", blank=True, related_name="shared_courses",
        verbose_name=_("shared with institutions"),
    )
    status = models.CharField(_("status"), max_length=10, choices=PublicationStatus, default=PublicationStatus.DRAFT)
    version = models.PositiveIntegerField(_("version"), default=1)
    previous_version = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("previous version"),
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="learning_course_slug_version"),
            models.UniqueConstraint(fields=["slug"], condition=Q(status="published"),
                                    name="learning_course_one_published_version"),
            *_visibility_constraints("learning_course"),
        ]
        indexes = [models.Index(fields=["status", "visibility"], name="learning_course_status_vis")]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"

    @property
    def is_published(self) -> bool:
        return self.status == PublicationStatus.PUBLISHED

    @property
    def is_platform_course(self) -> bool:
        return self.owner_institution_id is None


class Programme(models.Model):
    """An ordered set of courses (a curriculum) that several institutions can follow."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address"), max_length=220, unique=True)
    summary = models.TextField(_("summary"), max_length=2000, blank=True)
    owner_institution = models.ForeignKey(
        "institutions.Institution", null=True, blank=True, on_delete=models.PROTECT, related_name="programmes",
        verbose_name=_("owner institution"),
    )
    visibility = models.CharField(_("visibility"), max_length=10, choices=Visibility, default=Visibility.OPEN)
    shared_with = models.ManyToManyField(
        "institutions.Institution", blank=True, related_name="shared_programmes",
        verbose_name=_("shared with institutions"),
    )
    status = models.CharField(_("status"), max_length=10, choices=PublicationStatus, default=PublicationStatus.DRAFT)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["title"]
        constraints = _visibility_constraints("learning_programme")

    def __str__(self) -> str:
        return self.title


class ProgrammeCourse(models.Model):
    """A course's place in a programme. Points to one version; learners get the published version of its slug."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="items")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("course of a programme")
        verbose_name_plural = _("courses of a programme")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.programme} #{self.position}: {self.course}"


class Lesson(models.Model):
    class Kind(models.TextChoices):
        CAPSULE = "capsule", _("video capsule")
        DOCUMENT = "document", _("document")
        TEXT = "text", _("text page")
        QUIZ = "quiz", _("quiz")
        SCORM = "scorm", _("SCORM package")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="lessons")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    title = models.CharField(_("title"), max_length=200)
    prerequisite = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("to complete first"),
    )
    # Capsules and documents reuse the content app's pieces (their player, their files, their review).
    content = models.ForeignKey(
        "content.Content", null=True, blank=True, on_delete=models.PROTECT, related_name="lessons",
        verbose_name=_("capsule or document"),
    )
    body = models.TextField(_("text"), blank=True, max_length=50000)
    body_html = models.TextField(blank=True, editable=False)  # sanitised rendering of `body` (services)
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated duration (minutes)"), default=5)

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind__in=["capsule", "document"]) | Q(content__isnull=False),
                name="learning_lesson_media_has_content",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Quiz(models.Model):
    """The settings of a quiz lesson. Questions come from the quiz itself or are drawn at random from pools."""

    lesson = models.OneToOneField(Lesson, on_delete=models.CASCADE, related_name="quiz")
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=80)
    max_attempts = models.PositiveSmallIntegerField(_("attempts allowed"), null=True, blank=True,
                                                    help_text=_("Leave empty for unlimited attempts."))
    time_limit_minutes = models.PositiveSmallIntegerField(_("time limit (minutes)"), null=True, blank=True)
    show_explanations = models.BooleanField(_("show the explanations after submission"), default=True)

    class Meta:
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [models.CheckConstraint(condition=Q(pass_mark__lte=100), name="learning_quiz_pass_mark_le_100")]

    def __str__(self) -> str:
        return f"{self.lesson}"


class QuestionPool(models.Model):
    """A pool of interchangeable questions: each attempt draws `draw_count` of them at random."""

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="pools")
    title = models.CharField(_("title"), max_length=200)
    draw_count = models.PositiveSmallIntegerField(_("questions drawn per attempt"), default=1)

    class Meta:
        verbose_name = _("question pool")
        verbose_name_plural = _("question pools")

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        TRUE_FALSE = "true_false", _("true or false")

    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="questions")
    pool = models.ForeignKey(QuestionPool, null=True, blank=True, on_delete=models.SET_NULL, related_name="questions",
                             help_text=_("Empty: asked in every attempt."))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind, default=Kind.SINGLE)
    text = models.TextField(_("question"), max_length=2000)
    explanation = models.TextField(_("explanation"), blank=True, max_length=4000)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text[:80]


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.CharField(_("answer"), max_length=500)
    is_correct = models.BooleanField(_("correct"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("answer choice")
        verbose_name_plural = _("answer choices")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text


class Enrolment(models.Model):
    """A learner following one version of a course. Completing it again later (recurrence) is a new enrolment."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("in progress")
        COMPLETED = "completed", _("completed")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrolments")
    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="enrolments")
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.IN_PROGRESS)
    enrolled_at = models.DateTimeField(_("enrolled on"), default=timezone.now)
    completed_at = models.DateTimeField(_("completed on"), null=True, blank=True)
    # When the completion stops counting (the course's certificate validity); empty: it does not expire.
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    last_lesson = models.ForeignKey(Lesson, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    # The certificate of a completed enrolment: a cpd attestation (verifiable, revocable by the issuer).
    certificate = models.ForeignKey("cpd.Attestation", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("certificate"))
    last_activity_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        ordering = ["-enrolled_at"]
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], condition=Q(status="in_progress"),
                                    name="learning_enrolment_one_open_per_version"),
        ]
        indexes = [models.Index(fields=["user", "status"], name="learning_enrolment_user_status")]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.course}"

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED


class LessonProgress(models.Model):
    """Where one learner stands in one lesson of their enrolment."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        IN_PROGRESS = "in_progress", _("in progress")
        COMPLETED = "completed", _("completed")
        FAILED = "failed", _("failed")

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="progress")
    lesson = models.ForeignKey(Lesson, on_delete=models.CASCADE, related_name="progress")
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.NOT_STARTED)
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    # Capsules: the distinct stretches of the video played, merged ([[start, end], ...] in seconds), their total,
    # and where to resume. Coverage is computed here, never taken from the player.
    watched_intervals = models.JSONField(default=list, blank=True)
    seconds_watched = models.PositiveIntegerField(default=0)
    position_seconds = models.FloatField(default=0)
    last_heartbeat_at = models.DateTimeField(null=True, blank=True)
    # Documents: opened, then acknowledged ("I have read it").
    opened_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    time_spent_seconds = models.PositiveIntegerField(_("time spent (seconds)"), default=0)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "lesson"], name="learning_progress_one_per_lesson"),
        ]

    def __str__(self) -> str:
        return f"{self.enrolment_id}/{self.lesson_id}: {self.status}"

    @property
    def is_completed(self) -> bool:
        return self.status == self.Status.COMPLETED


class QuizAttempt(models.Model):
    """One attempt at a quiz, kept for ever: the questions drawn, the answers given, the score."""

    progress = models.ForeignKey(LessonProgress, on_delete=models.CASCADE, related_name="attempts")
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField(_("attempt"))
    question_ids = models.JSONField(default=list)  # the questions drawn for this attempt, in the order shown
    answers = models.JSONField(default=dict, blank=True)  # {question id: [choice ids]}
    started_at = models.DateTimeField(default=timezone.now)
    deadline_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(null=True)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["progress", "number"], name="learning_attempt_number")]

    def __str__(self) -> str:
        return f"{self.progress_id} #{self.number}"

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None


from .mandatory.models import (  # noqa: E402, F401  (institutions: staff, assignments, reminders)
    Assignment,
    Department,
    Reminder,
    ReportVersion,
    StaffAssignment,
    StaffMember,
    StaffProfession,
)
from .scorm.models import ScormAttempt, ScormPackage  # noqa: E402, F401  (the SCORM part of the app)


class CourseReview(models.Model):
    """One round of review of a platform course version (no owner institution): submitted by a platform admin,
    decided by a reviewer with review's checklist (`review.models.CHECKLIST`, stored as `checklist`)."""

    class Decision(models.TextChoices):
        PENDING = "", _("pending")
        APPROVED = "approved", _("approved")
        CHANGES_REQUESTED = "changes_requested", _("changes requested")

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("course"))
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                                     related_name="+", verbose_name=_("submitted by"))
    submitted_at = models.DateTimeField(_("submitted on"), auto_now_add=True, db_index=True)
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", verbose_name=_("reviewer"))
    decision = models.CharField(_("decision"), max_length=20, choices=Decision, default=Decision.PENDING,
                                blank=True)
    checklist = models.JSONField(_("checklist"), default=dict, blank=True)
    comments = models.TextField(_("comments to the authors"), blank=True)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)

    class Meta:
        verbose_name = _("course review")
        verbose_name_plural = _("course reviews")
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["course"], condition=Q(decision=""),
                                    name="learning_one_open_review_per_course"),
        ]

    def __str__(self) -> str:
        return f"{self.course} ({self.submitted_at:%Y-%m-%d})"

    @property
    def is_open(self) -> bool:
        return self.decision == self.Decision.PENDING
