"""`{% content_thread content %}` (questions and answers) and `{% content_actions content %}` (useful vote,
bookmark, add to a list, flag) for the content page."""

from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from praxis.content.models import Content
from praxis.core.actor import Actor
from praxis.core.cards import kept_html
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



def _person(user: Any) -> str:
    return f"{user.pk}:{user}" if user is not None else ""


@register.simple_tag
def question_card(question: Any) -> SafeString:  # a Question as the selectors decorate it
    """A question's card in a content's list (`_question_card.html`), kept in the fragments cache under everything it
    shows — the text, state and version, the name shown (or none: anonymous to this reader), the answer count, the
    accepted answer as this reader sees it, the moderators' view of hidden text, the language, time zone and address
    prefix — so readers who see the same card share it and an edit, a new answer or a new name show at once."""
    answer = question.accepted_answer
    parts: list[Any] = [question.pk, question.created_at, question.state, question.version, question.edited_at,
                        question.body, question.shows_text, _person(question.shown_author),
                        question.anonymous_but_known, question.answer_count]
    if answer is not None and answer.is_visible:
        parts += [answer.pk, answer.body, _person(answer.shown_author), answer.by_content_author]
    parts.append(get_script_prefix())  # language and time zone: kept_html's own
    return kept_html("discussions.question_card", tuple(parts),
                     lambda: render_to_string("discussions/_question_card.html", {"question": question}))
