from django.contrib import admin

from .models import (
    Choice,
    Course,
    Enrolment,
    Lesson,
    LessonProgress,
    Programme,
    ProgrammeCourse,
    Question,
    Quiz,
    QuizAttempt,
)


class LessonInline(admin.TabularInline):
    model = Lesson
    extra = 0
    fields = ["position", "kind", "title", "content", "prerequisite"]
    raw_id_fields = ["content", "prerequisite"]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "status", "visibility", "owner_institution"]
    list_filter = ["status", "visibility"]
    search_fields = ["title", "slug"]
    raw_id_fields = ["owner_institution", "previous_version", "created_by"]
    inlines = [LessonInline]


class ProgrammeCourseInline(admin.TabularInline):
    model = ProgrammeCourse
    extra = 0
    raw_id_fields = ["course"]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "visibility", "owner_institution"]
    inlines = [ProgrammeCourseInline]


class ChoiceInline(admin.TabularInline):
    model = Choice
    extra = 0


@admin.register(Question)
class QuestionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "quiz", "kind", "pool"]
    inlines = [ChoiceInline]


admin.site.register(Quiz)


@admin.register(Enrolment)
class EnrolmentAdmin(admin.ModelAdmin):
    list_display = ["user", "course", "status", "enrolled_at", "completed_at", "valid_until"]
    list_filter = ["status"]
    raw_id_fields = ["user", "course", "last_lesson"]


@admin.register(LessonProgress)
class LessonProgressAdmin(admin.ModelAdmin):
    list_display = ["enrolment", "lesson", "status", "score", "seconds_watched"]
    raw_id_fields = ["enrolment", "lesson"]


@admin.register(QuizAttempt)
class QuizAttemptAdmin(admin.ModelAdmin):
    list_display = ["progress", "number", "score", "passed", "submitted_at"]
    raw_id_fields = ["progress", "quiz"]
