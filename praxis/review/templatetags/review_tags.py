"""`{% review_panel content %}`: status, "reviewed by", history and the author's Submit button on the content page."""

from typing import Any

from django import template
from django.utils.translation import gettext_lazy as _

from praxis.content.models import Content
from praxis.core.actor import Actor
from praxis.core.audit import Action

from .. import rules, selectors

register = template.Library()

ACTION_LABELS = {
    Action.REVIEW_SUBMISSION_SUBMITTED: _("Submitted for review"),
    Action.REVIEW_SUBMISSION_CLAIMED: _("Review started"),
    Action.REVIEW_SUBMISSION_RELEASED: _("Handed back to the queue"),
    Action.REVIEW_SUBMISSION_APPROVED: _("Approved and published"),
    Action.REVIEW_SUBMISSION_CHANGES_REQUESTED: _("Changes requested"),
    Action.REVIEW_SUBMISSION_REJECTED: _("Rejected"),
    Action.CONTENT_REVISION_CREATED: _("New version started"),
    Action.CONTENT_REVISION_MERGED: _("New version published"),
    Action.REVIEW_CONTENT_UNPUBLISHED: _("Unpublished by a moderator"),
    Action.REVIEW_FLAG_CREATED: _("Flagged by a member"),
    Action.REVIEW_FLAG_DISMISSED: _("Report dismissed"),
}


@register.filter
def history_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


@register.inclusion_tag("review/_panel.html", takes_context=True)
def review_panel(context: template.Context, content: Content) -> dict[str, Any]:
    request = context.get("request")
    actor: Actor = getattr(request, "actor", None) or Actor(None)
    can_history = rules.can_view_history(actor, content)
    is_author = actor.is_authenticated and content.author_id == actor.id
    open_submission = None
    if rules.can_see_open_submission(actor, content):
        open_submission = selectors.open_submission(content)
    return {
        "content": content,
        "request": request,
        "is_author": is_author,
        "can_submit": rules.can_submit(actor, content),
        "can_unpublish": rules.can_unpublish(actor, content),
        "can_review": bool(open_submission) and rules.is_competent_reviewer(actor, content),
        "open_submission": open_submission,
        "decision": selectors.last_decision(content) if is_author and content.status in {
            Content.Status.CHANGES_REQUESTED, Content.Status.REJECTED} else None,
        "history": selectors.visible_history(actor, content, 8) if can_history else None,
        "csrf_token": context.get("csrf_token"),
    }
