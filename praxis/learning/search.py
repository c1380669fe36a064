"""Courses in the search index (see praxis/search/registry.py): the published version of each course, with its
lessons' titles, found through `courses_visible_to` (internal courses carry their institution's audience key)."""

from django.urls import reverse

from praxis.search.labels import KIND_LABELS
from praxis.search.registry import Document, Registration, register

from .models import Course
from .rules import course_audience_key, courses_visible_to


def _document(course: Course) -> Document | None:
    if not course.is_published:
        return None
    lessons = [lesson.title for lesson in course.lessons.all()]
    return Document(
        title=course.title,
        body="\n".join([course.summary, *lessons]),
        language=course.language,
        url=reverse("learning:course", kwargs={"slug": course.slug}),
        date=course.published_at or course.updated_at,
        themes=[theme.slug for theme in course.themes.all()],
        professions=list(course.target_professions or []),
        country=course.owner_institution.country if course.owner_institution_id and course.owner_institution else "",
        is_reviewed=False,
        audience=course_audience_key(course),
    )


register(Registration(
    kind="course",
    label=KIND_LABELS["course"],
    model=Course,
    visible_to=courses_visible_to,
    document=_document,
    queryset=lambda: Course.objects.select_related("owner_institution").prefetch_related("themes", "lessons"),
))
