"""The notifications the learning app declares: reminders of training assigned by the learner's institution."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from praxis.core.audit import Action
from praxis.core.models import AuditEntry
from praxis.notifications.registry import Recipient, kind, rule, target, url
from praxis.review.notifications import REVIEW

from .mandatory.models import StaffAssignment
from .models import Course, CourseReview

TRAINING = kind("learning", gettext_lazy("Training: assigned courses due soon, overdue or expiring"), order=75)


def _message(data: dict[str, str]) -> str:
    if data.get("kind") == "overdue":
        return _("“%(course)s” was due on %(due)s: it is overdue") % data
    if data.get("kind", "").startswith("expiry-"):
        return _("Your completion of “%(course)s” expires on %(due)s: take it again before then") % data
    return _("“%(course)s” is due on %(due)s") % data


@rule(Action.LEARNING_ASSIGNMENT_REMINDER, TRAINING, _message)
def _assignment_reminder(entry: AuditEntry) -> list[Recipient]:
    record = target(entry, StaffAssignment, select=["staff__user", "assignment__course", "assignment__programme"])
    if record is None or record.staff.user is None or not record.staff.user.is_active:
        return []
    return [Recipient(record.staff.user, record.assignment.subject_url, {
        "course": entry.data["course"], "due": entry.data["due_label"], "kind": entry.data["kind"]})]


def _course_authors(entry: AuditEntry) -> list[Recipient]:
    """The platform course's authors (who wrote the version, who submitted it) hear the reviewer's decision, as the
    authors of content do (review's kind: in the app and by email)."""
    course = target(entry, Course, select=["created_by"])
    review = CourseReview.objects.filter(pk=entry.data.get("review")).select_related("submitted_by").first()
    if course is None:
        return []
    people = {user.pk: user for user in (course.created_by, review.submitted_by if review else None)
              if user is not None and user.is_active and user.pk != entry.actor_id}
    return [Recipient(user, url("learning:edit", course_id=course.pk), {"title": course.title})
            for user in people.values()]


rule(Action.LEARNING_COURSE_REVIEW_APPROVED, REVIEW,
     lambda d: _("The course “%(title)s” was approved and published") % d)(_course_authors)
rule(Action.LEARNING_COURSE_REVIEW_CHANGES_REQUESTED, REVIEW,
     lambda d: _("The reviewer asks for changes to the course “%(title)s”") % d)(_course_authors)
