from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest

from .models import (
    Assignment,
    Choice,
    Course,
    Department,
    Enrolment,
    Lesson,
    LessonProgress,
    Programme,
    ProgrammeCourse,
    Question,
    Quiz,
    QuizAttempt,
    StaffAssignment,
    StaffMember,
)


class ReportsFollow(admin.ModelAdmin[Any]):
    """Rows the training reports count: an edit here is no service's, so every institution's kept figures go."""

    def save_model(self, request: HttpRequest, obj: Model, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        from .mandatory.services import report_figures_changed_everywhere

        report_figures_changed_everywhere()

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        super().save_related(request, form, formsets, change)  # inlines (a programme's courses)
        from .mandatory.services import report_figures_changed_everywhere

        report_figures_changed_everywhere()

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        super().delete_model(request, obj)
        from .mandatory.services import report_figures_changed_everywhere

        report_figures_changed_everywhere()

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> None:
        super().delete_queryset(request, queryset)
        from .mandatory.services import report_figures_changed_everywhere

        report_figures_changed_everywhere()


class LessonInline(admin.TabularInline[Lesson, Course]):
    model = Lesson
    extra = 0
    fields = ["position", "kind", "title", "content", "prerequisite"]
    raw_id_fields = ["content", "prerequisite"]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin[Course]):
    list_display = ["title", "version", "status", "visibility", "owner_institution"]
    list_filter = ["status", "visibility"]
    search_fields = ["title", "slug"]
    raw_id_fields = ["owner_institution", "previous_version", "created_by"]
    inlines = [LessonInline]


class ProgrammeCourseInline(admin.TabularInline[ProgrammeCourse, Programme]):
    model = ProgrammeCourse
    extra = 0
    raw_id_fields = ["course"]


@admin.register(Programme)
class ProgrammeAdmin(ReportsFollow):  # its courses decide who started it
    list_display = ["title", "status", "visibility", "owner_institution"]
    inlines = [ProgrammeCourseInline]


class ChoiceInline(admin.TabularInline[Choice, Question]):
    model = Choice
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin[Question]):
    list_display = ["__str__", "quiz", "kind", "pool"]
    inlines = [ChoiceInline]


admin.site.register(Quiz)


@admin.register(Enrolment)
class EnrolmentAdmin(ReportsFollow):
    list_display = ["user", "course", "status", "enrolled_at", "completed_at", "valid_until"]
    list_filter = ["status"]
    raw_id_fields = ["user", "course", "last_lesson"]


@admin.register(LessonProgress)
class LessonProgressAdmin(admin.ModelAdmin[LessonProgress]):
    list_display = ["enrolment", "lesson", "status", "score", "seconds_watched"]
    raw_id_fields = ["enrolment", "lesson"]


@admin.register(QuizAttempt)
class QuizAttemptAdmin(admin.ModelAdmin[QuizAttempt]):
    list_display = ["progress", "number", "score", "passed", "submitted_at"]
    raw_id_fields = ["progress", "quiz"]


@admin.register(Department)
class DepartmentAdmin(ReportsFollow):
    list_display = ["name", "institution"]
    search_fields = ["name", "institution__name"]
    raw_id_fields = ["institution", "managers"]


@admin.register(StaffMember)
class StaffMemberAdmin(ReportsFollow):
    list_display = ["last_name", "first_name", "email", "institution", "department", "profession"]
    search_fields = ["email", "last_name"]
    raw_id_fields = ["institution", "user", "department"]


@admin.register(Assignment)
class AssignmentAdmin(ReportsFollow):
    list_display = ["course", "institution", "target", "due_on", "due_days", "recurrence_months", "is_active"]
    raw_id_fields = ["institution", "course", "department", "created_by"]


@admin.register(StaffAssignment)
class StaffAssignmentAdmin(ReportsFollow):
    list_display = ["assignment", "staff", "cycle", "due_on", "completed_at", "valid_until"]
    raw_id_fields = ["assignment", "staff", "enrolment"]
