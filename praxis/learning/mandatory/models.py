"""Staff, departments, assignments and their per-person records.

Three dates are kept apart:
- the **due date** of a record (`StaffAssignment.due_on`): by when this person must complete the course, this time;
- the **validity period** of an assignment (`Assignment.recurrence_months`): how long a completion counts for the
  institution before the course must be done again (a new record is opened, due when the previous one lapses);
- the **certificate expiry** (`Enrolment.valid_until`, from the course's `certificate_validity_months`): what the
  learner's certificate says. It is shown, but the institution's recurrence decides the next due date.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from .windows import YearlyWindow, month_last_day


class StaffProfession(models.TextChoices):
    """Hospital staff professions: care, technical and administrative (not only the platform's health professions)."""

    PHYSICIAN = "physician", _("Physician")
    NURSE = "nurse", _("Nurse")
    CARE_ASSISTANT = "care_assistant", _("Care assistant")
    MIDWIFE = "midwife", _("Midwife")
    PHYSIOTHERAPIST = "physiotherapist", _("Physiotherapist")
    PHARMACIST = "pharmacist", _("Pharmacist")
    TECHNICIAN = "technician", _("Medical technician")
    LOGISTICS = "logistics", _("Logistics and maintenance")
    ADMINISTRATIVE = "administrative", _("Administrative staff")
    OTHER = "other", _("Other")


class Department(models.Model):
    """A unit or service of an institution. Its managers see and assign the training of its staff only."""

    institution = models.ForeignKey("institutions.Institution", on_delete=models.CASCADE, related_name="+",
                                    verbose_name=_("institution"))
    name = models.CharField(_("name"), max_length=120)
    managers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="managed_departments",
                                      verbose_name=_("managers"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["institution", "name"], name="learning_department_name")]

    def __str__(self) -> str:
        return self.name


class StaffMember(models.Model):
    """A person on an institution's staff list, with their department and profession. `user` is empty until the
    address belongs to a member (invited people are linked when they join)."""

    institution = models.ForeignKey("institutions.Institution", on_delete=models.CASCADE, related_name="+",
                                    verbose_name=_("institution"))
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="staff_records", verbose_name=_("member"))
    email = models.EmailField(_("email"))
    first_name = models.CharField(_("first name"), max_length=150)
    last_name = models.CharField(_("last name"), max_length=150)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="staff", verbose_name=_("department"))
    profession = models.CharField(_("profession"), max_length=20, choices=StaffProfession,
                                  default=StaffProfession.OTHER)
    joined_on = models.DateField(_("joined on"), default=timezone.localdate)
    is_active = models.BooleanField(_("on the staff"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff members")
        ordering = ["last_name", "first_name", "pk"]
        constraints = [models.UniqueConstraint(fields=["institution", "email"], name="learning_staff_email")]
        indexes = [models.Index(fields=["institution", "department"], name="learning_staff_department"),
                   models.Index(fields=["user"], name="learning_staff_user"),
                   # The staff list and an assignment's people in name order: the first page of 5 000 people is read
                   # from this index (50 rows) instead of sorting all of them (16 → 1.3 ms at the bench's scale).
                   models.Index(fields=["institution", "last_name", "first_name", "id"], name="learning_staff_name")]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class Assignment(models.Model):
    """A course an institution requires of a group of its staff."""

    class Target(models.TextChoices):
        EVERYONE = "everyone", _("all the staff")
        DEPARTMENT = "department", _("a department")
        PROFESSION = "profession", _("a profession")
        PEOPLE = "people", _("chosen people")

    institution = models.ForeignKey("institutions.Institution", on_delete=models.CASCADE, related_name="+",
                                    verbose_name=_("institution"))
    # The version chosen; learners follow the published version of its slug (see learning.selectors). Or a
    # programme: a round is completed when every course of the programme is (any version).
    course = models.ForeignKey("learning.Course", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("course"))
    programme = models.ForeignKey("learning.Programme", null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+", verbose_name=_("programme"))
    target = models.CharField(_("assigned to"), max_length=12, choices=Target, default=Target.DEPARTMENT)
    department = models.ForeignKey(Department, null=True, blank=True, on_delete=models.CASCADE,
                                   related_name="assignments", verbose_name=_("department"))
    profession = models.CharField(_("profession"), max_length=20, choices=StaffProfession, blank=True)
    due_on = models.DateField(_("due date"), null=True, blank=True)
    due_days = models.PositiveSmallIntegerField(
        _("due within (days)"), null=True, blank=True,
        help_text=_("Instead of a fixed date: days after the assignment, or after joining for newcomers."))
    recurrence_months = models.PositiveSmallIntegerField(
        _("to be done again every (months)"), null=True, blank=True,
        help_text=_("Empty: once. Otherwise a new round is due when the previous completion lapses."))
    # Or a yearly calendar window ("every year in March", see windows.py): all four set, or none.
    window_start_month = models.PositiveSmallIntegerField(_("yearly window: first month"), null=True, blank=True)
    window_start_day = models.PositiveSmallIntegerField(_("yearly window: first day"), null=True, blank=True)
    window_end_month = models.PositiveSmallIntegerField(_("yearly window: last month"), null=True, blank=True)
    window_end_day = models.PositiveSmallIntegerField(_("yearly window: last day"), null=True, blank=True)
    auto_assign = models.BooleanField(_("assign newcomers automatically"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=Q(due_on__isnull=False) | Q(due_days__isnull=False)
                                   | Q(window_end_month__isnull=False), name="learning_assignment_has_due"),
            models.CheckConstraint(
                condition=Q(window_start_month__isnull=True, window_start_day__isnull=True,
                            window_end_month__isnull=True, window_end_day__isnull=True)
                | Q(window_start_month__isnull=False, window_start_day__isnull=False,
                    window_end_month__isnull=False, window_end_day__isnull=False, recurrence_months__isnull=True),
                name="learning_assignment_window_whole_and_alone"),
            models.CheckConstraint(condition=Q(course__isnull=False, programme__isnull=True)
                                   | Q(course__isnull=True, programme__isnull=False),
                                   name="learning_assignment_course_or_programme"),
            models.CheckConstraint(condition=~Q(target="department") | Q(department__isnull=False),
                                   name="learning_assignment_department_given"),
            models.CheckConstraint(condition=~Q(target="profession") | ~Q(profession=""),
                                   name="learning_assignment_profession_given"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.get_target_display()}"

    @property
    def subject(self) -> Any:
        """What is assigned: the course, or the programme (both have a title and a slug)."""
        return self.programme if self.programme_id else self.course

    @property
    def subject_url(self) -> str:
        if self.programme_id:
            return reverse("learning:programme", args=[self.subject.slug])
        return reverse("learning:course", args=[self.subject.slug])

    def clean(self) -> None:
        super().clean()
        window = [self.window_start_month, self.window_start_day, self.window_end_month, self.window_end_day]
        if any(v is not None for v in window):
            if any(v is None for v in window):
                raise ValidationError(_("A yearly window needs its first and last day."))
            if self.recurrence_months:
                raise ValidationError(_("Choose either a number of months or a yearly window, not both."))
            for month, day in ((self.window_start_month, self.window_start_day),
                               (self.window_end_month, self.window_end_day)):
                assert month is not None and day is not None
                if not 1 <= month <= 12 or not 1 <= day <= month_last_day(month):
                    raise ValidationError(_("This day does not exist in the calendar."))

    @property
    def window(self) -> YearlyWindow | None:
        """The yearly calendar window of the recurrence, if it has one."""
        if self.window_end_month is None:
            return None
        assert self.window_start_month and self.window_start_day and self.window_end_day
        return YearlyWindow(self.window_start_month, self.window_start_day, self.window_end_month,
                            self.window_end_day)

    @property
    def is_recurring(self) -> bool:
        return bool(self.recurrence_months) or self.window_end_month is not None

    def recurrence_label(self) -> str:
        """"once", "every 12 months", "every year in March" (in the active language)."""
        window = self.window
        if window is not None:
            return window.label()
        if self.recurrence_months:
            return ngettext("every %(n)s month", "every %(n)s months", self.recurrence_months) % {
                "n": self.recurrence_months}
        return gettext("once")


class StaffAssignment(models.Model):
    """One person's round of an assignment: due by `due_on`, completed (or not). A recurring assignment opens round
    `cycle + 1` before the previous completion lapses; earlier rounds stay as history."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="records")
    staff = models.ForeignKey(StaffMember, on_delete=models.CASCADE, related_name="assignments")
    cycle = models.PositiveSmallIntegerField(_("round"), default=1)
    # The person's latest round of this assignment (reports read these); False once the next round is opened.
    is_current = models.BooleanField(default=True)
    due_on = models.DateField(_("due date"))
    opened_at = models.DateTimeField(default=timezone.now)
    enrolment = models.ForeignKey("learning.Enrolment", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    completed_at = models.DateTimeField(_("completed on"), null=True, blank=True)
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    time_spent_seconds = models.PositiveIntegerField(_("time spent (seconds)"), default=0)
    # Until when this completion counts for the institution (completion + the assignment's recurrence).
    valid_until = models.DateField(_("counts until"), null=True, blank=True)

    class Meta:
        verbose_name = _("assigned training")
        verbose_name_plural = _("assigned training")
        ordering = ["due_on", "pk"]
        constraints = [models.UniqueConstraint(fields=["assignment", "staff", "cycle"],
                                               name="learning_staff_assignment_round")]
        indexes = [models.Index(fields=["staff", "completed_at"], name="learning_record_staff"),
                   models.Index(fields=["assignment", "completed_at", "due_on"], name="learning_record_state"),
                   models.Index(fields=["assignment", "is_current"], name="learning_record_current")]

    def __str__(self) -> str:
        return f"{self.assignment_id}/{self.staff_id} #{self.cycle}"

    @property
    def is_completed(self) -> bool:
        return self.completed_at is not None

    @property
    def is_overdue(self) -> bool:
        return self.completed_at is None and self.due_on < timezone.localdate()


class Reminder(models.Model):
    """A reminder sent about a record: the unique row is the claim, so each is sent once."""

    record = models.ForeignKey(StaffAssignment, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20)  # "due-30", "due-7", "overdue", "expiry-30"...
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("training reminder")
        verbose_name_plural = _("training reminders")
        constraints = [models.UniqueConstraint(fields=["record", "kind"], name="learning_reminder_once")]

    def __str__(self) -> str:
        return f"{self.record_id}: {self.kind}"


class ReportVersion(models.Model):
    """What the institution's training reports were computed from: a new token each time a service writes its rounds,
    staff lines or its staff's enrolments (`services.report_figures_changed`), in the same transaction. The reports'
    figures are kept in memory under the token (`selectors.report_by_course`), so a change shows on the next load."""

    institution = models.OneToOneField("institutions.Institution", on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return f"{self.institution_id}: {self.token}"
