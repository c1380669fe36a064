"""Emails to authors about review decisions and moderation (durable jobs, sent after the transaction commits)."""

from django.urls import reverse

from praxis.content.models import Content
from praxis.core.mail import send_templated
from praxis.core.models import AuditEntry
from praxis.core.tasks import durable_task
from praxis.notifications.mail import send_member_email

from .links import content_url
from .models import Submission
from .notifications import REVIEW


@durable_task
def send_review_decision(submission_id: int) -> None:
    """Tell the author what the reviewer decided (approved, changes requested, rejected), with the comments."""
    submission = Submission.objects.select_related("content", "content__author", "reviewer").filter(
        pk=submission_id).first()
    if submission is None or not submission.decision:
        return
    content = submission.content
    author = content.author
    # An approved revision was merged into its original: the original's page is the one online.
    page = content.revision_of if submission.decision == "approved" and content.revision_of_id else content
    send_member_email(
        to=author.email,
        template=f"review/email/decision_{submission.decision}",
        context={
            "member": author, "content": content, "submission": submission,
            "content_url": content_url(page),
            "history_url": reverse("review:history", args=[content.pk]),
        },
        language=author.preferred_language, member=author, kind=REVIEW,
    )


@durable_task
def send_unpublished(entry_id: int) -> None:
    """Tell the author that a moderator took their content offline, and why."""
    entry = AuditEntry.objects.filter(pk=entry_id).first()
    if entry is None:
        return
    content = Content.objects.select_related("author").filter(pk=entry.target_id).first()
    if content is None:
        return
    send_templated(
        to=content.author.email,
        template="review/email/unpublished",
        context={"member": content.author, "content": content, "reason": entry.data.get("reason", ""),
                 "history_url": reverse("review:history", args=[content.pk])},
        language=content.author.preferred_language,
    )
