"""`{% content_thread content %}` (questions and answers) and `{% content_actions content %}` (useful vote,
bookmark, add to a list, flag) for the content page."""

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from praxis.content.models import Content
from praxis.core.actor import Actor
from praxis.review.rules import can_flag

from .. import rules, selectors
from ..forms import QuestionForm

register = template.Library()
PER_PAGE = 20
# The empty "Ask a question" form's fields, rendered once per language and process: an unbound form's HTML depends on
# nothing else (the CSRF token and the address are outside it), and rendering it was ~1 ms of a member's page.
_ask_fields: dict[str, SafeString] = {}


def _actor(context: template.Context) -> Actor:
    request = context.get("request")
    return getattr(request, "actor", None) or Actor(None)


@register.inclusion_tag("discussions/_thread.html", takes_context=True)
def content_thread(context: template.Context, content: Content) -> dict[str, Any]:
    actor = _actor(context)
    can_read = rules.can_read_discussion(actor, content)
    can_post = rules.can_post(actor, content)
    questions = selectors.questions_for_content(actor, content, PER_PAGE) if can_read else []
    return {
        "content": content,
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
        "actor": actor,
        "can_read": can_read,
        "can_post": can_post,
        "questions": questions[:PER_PAGE],
        "older": selectors.encode_cursor(questions[PER_PAGE - 1]) if len(questions) > PER_PAGE else "",
        "ask_fields": _empty_ask_fields() if can_post else None,
    }


def _empty_ask_fields() -> SafeString:
    language = get_language() or ""
    found = _ask_fields.get(language)
    if found is None:
        found = _ask_fields[language] = render_to_string("discussions/_ask_fields.html", {"form": QuestionForm()})
    return found


@register.inclusion_tag("discussions/_actions.html", takes_context=True)
def content_actions(context: template.Context, content: Content) -> dict[str, Any]:
    actor = _actor(context)
    return {
        **selectors.content_actions(actor, content),
        "can_flag": can_flag(actor, content),
        "request": context.get("request"),
        "csrf_token": context.get("csrf_token"),
    }
