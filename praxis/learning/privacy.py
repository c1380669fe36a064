"""The personal data e-learning holds, and what goes when a member deletes their account (called by
`accounts.services.member_erase`).

Enrolments go with the account, and with them lesson progress, quiz attempts and SCORM attempts (cascade): a
training record is the member's own (their institution's reports stop counting them). Courses and programmes they
wrote stay for the learners (their author link is emptied); SCORM packages they uploaded stay with the course.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from praxis.accounts.models import User
from praxis.core.personal_data import Holding, OnErasure

from .mandatory.models import StaffMember
from .models import Course, Enrolment, LessonProgress, QuizAttempt

PERSONAL_DATA = [
    Holding("learning.Course", ("created_by",), purpose=_("the courses you write"), on_erasure=OnErasure.ANONYMISED),
    Holding("learning.CourseReview", ("submitted_by", "reviewer"),
            purpose=_("who submitted a platform course for review and who decided on it"),
            on_erasure=OnErasure.ANONYMISED),
    Holding("learning.Programme", ("created_by",), purpose=_("the programmes you put together"),
            on_erasure=OnErasure.ANONYMISED),
    Holding("learning.Enrolment", ("user", "status", "completed_at", "valid_until"),
            purpose=_("your training record (enrolments, progress, scores), seen by your institution's trainers "
                      "for the courses it assigns"),
            on_erasure=OnErasure.DELETED),
    Holding("learning.ScormPackage", ("uploaded_by",), purpose=_("who uploaded a SCORM package"),
            on_erasure=OnErasure.ANONYMISED),
    Holding("learning.StaffMember", ("user", "email", "first_name", "last_name"),
            purpose=_("your entry on an institution's staff list for its mandatory training"),
            on_erasure=OnErasure.DELETED),
    Holding("learning.Assignment", ("created_by",), purpose=_("who assigned a course to staff"),
            on_erasure=OnErasure.ANONYMISED),
]
NOT_PERSONAL = {
    "LessonProgress": "reached through the member's enrolment (deleted with it)",
    "QuizAttempt": "reached through the member's enrolment (deleted with it)",
    "ScormAttempt": "reached through the member's enrolment (deleted with it)",
}


def export_member(*, member: User) -> dict[str, Any]:
    return {
        "enrolments": list(Enrolment.objects.filter(user=member).order_by("enrolled_at").values(
            "course__title", "course__version", "status", "enrolled_at", "completed_at", "valid_until",
            "last_activity_at")),
        "lesson_progress": list(LessonProgress.objects.filter(enrolment__user=member).values(
            "enrolment__course__title", "lesson__title", "status", "score", "time_spent_seconds", "started_at",
            "completed_at")),
        "quiz_attempts": list(QuizAttempt.objects.filter(progress__enrolment__user=member).values(
            "quiz__lesson__title", "number", "started_at", "submitted_at", "score", "passed")),
        "staff_lists": list(StaffMember.objects.filter(user=member).values(
            "institution__name", "email", "first_name", "last_name", "profession", "joined_on")),
        "courses_written": list(Course.objects.filter(created_by=member).values("title", "version", "status")),
    }


def erase_member(*, member: User, former_member: User) -> None:
    """Enrolments go by cascade, author links empty themselves; the member's entries on staff lists go."""
    from .mandatory.services import report_figures_changed

    lines = StaffMember.objects.filter(Q(user=member) | Q(email__iexact=member.email))
    report_figures_changed(lines.values_list("institution_id", flat=True))
    lines.delete()
