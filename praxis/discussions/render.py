"""The answers of a thread page, written in Python (the page's own cost: 20 answers, each an `{% include %}` of four
templates through the Django template engine).

An answer is two parts. Its text and byline are the same for everyone who sees the same author and state: rendered
once by `discussions/_answer_text.html` and kept in the per-process fragments cache, under a key holding everything
that part shows (the answer has no `updated_at`, so the key holds the text itself: a moderator's correction shows at
once). Its actions (vote, edit, delete, flag, hide, restore, versions, accept) are the viewer's own and are written here
on every request, never cached. The HTML is the one the templates gave, byte for byte (`tests/test_render.py` renders
both); every piece of text goes through `html.escape`, which is what `{{ }}` runs for a plain string.
"""

from __future__ import annotations

from html import escape
from typing import Any

from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from praxis.core.cards import kept_html
from praxis.core.http import PraxisRequest

_SENTINEL = 987654321  # an id no answer has, replaced in the reversed URLs below
_URLS: dict[tuple[str, str], str] = {}


def _url(name: str, *args: Any) -> str:
    """`reverse(name, [*args, answer_id])` with the answer's id left as `{}`: reversed once per process and prefix."""
    key = (get_script_prefix(), name + repr(args))
    pattern = _URLS.get(key)
    if pattern is None:
        pattern = _URLS[key] = reverse(name, args=[*args, _SENTINEL]).replace(str(_SENTINEL), "{}")
    return pattern


def _text(answer: Any, language: str) -> str:
    """The byline and text of an answer (`_answer_text.html`), from the fragments cache when already rendered."""
    author = answer.shown_author
    shown = (answer.pk, answer.body, author.pk if author else "", str(author) if author else "",
             answer.by_content_author, answer.by_content_reviewer, answer.by_reviewer, answer.is_accepted,
             answer.state, answer.version, answer.shows_text, answer.edited_at, language)
    return kept_html("discussions.answer_text", shown,
                     lambda: render_to_string("discussions/_answer_text.html", {"answer": answer}))


def vote_form(answer: Any, *, can_vote: bool, viewer_id: int | None, csrf: str) -> str:
    """`_answer_vote.html` (the same HTML; the htmx vote still renders that template)."""
    url = _url("discussions:vote_answer").format(answer.pk)
    if can_vote and answer.author_id != viewer_id:
        pressed = "true" if getattr(answer, "voted", False) else "false"
        useful = escape(gettext("Useful"))
        inner = (f'\n    <button type="submit" class="secondary" aria-pressed="{pressed}">{useful} · '
                 f"{answer.useful_count}</button>\n  ")
    else:
        count = answer.useful_count
        label = ngettext("%(n)s found it useful", "%(n)s found it useful", count) % {"n": count}
        inner = f'\n    <span class="muted">{label}</span>\n  '
    return (f'<form method="post" action="{url}" class="vote" hx-post="{url}" hx-swap="outerHTML">{csrf}\n  {inner}'
            "\n</form>\n")


def action_labels() -> dict[str, str]:
    """The escaped labels of `post_actions`, translated once per page."""
    labels = {"edit": gettext("Edit"), "delete": gettext("Delete"), "flag": gettext("Flag"), "hide": gettext("Hide…"),
              "restore": gettext("Show again"), "versions": gettext("Earlier versions")}
    return {name: escape(text) for name, text in labels.items()}


def post_actions(post: Any, kind: str, csrf: str, label: dict[str, str]) -> str:
    """`_post_actions.html` for an answer or a question (what the actor may do with it, from `with_actions`)."""
    lines = [
        f'<a href="{_url("discussions:post_edit", kind).format(post.pk)}">{label["edit"]}</a>' if post.can_edit else "",
        f'<form method="post" action="{_url("discussions:post_delete", kind).format(post.pk)}">{csrf}'
        f'<button type="submit" class="link">{label["delete"]}</button></form>' if post.can_delete else "",
        f'<a href="{_url("discussions:post_flag", kind).format(post.pk)}">{label["flag"]}</a>' if post.can_flag else "",
        f'<a href="{_url("discussions:post_hide", kind).format(post.pk)}">{label["hide"]}</a>' if post.can_hide else "",
        f'<form method="post" action="{_url("discussions:post_restore", kind).format(post.pk)}">{csrf}'
        f'<button type="submit" class="secondary">{label["restore"]}</button></form>' if post.can_restore else "",
        f'<a href="{_url("discussions:post_versions", kind).format(post.pk)}">{label["versions"]}</a>'
        if post.can_see_versions else "",
    ]
    return "\n".join(lines) + "\n"


def answers_html(request: PraxisRequest, answers: list[Any], *, can_post: bool, can_accept: bool) -> SafeString:
    """The `<li>` of each answer of a page, as `{% include "discussions/_answer.html" %}` in a loop gave them."""
    if not answers:
        return mark_safe("")
    csrf = f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(get_token(request))}">'
    language = get_language() or ""
    viewer_id = request.user.pk
    labels = action_labels()
    out = []
    for answer in answers:
        visible = answer.is_visible
        vote = vote_form(answer, can_vote=can_post, viewer_id=viewer_id, csrf=csrf) if visible else ""
        accept = ""
        if can_accept and visible:
            label = gettext("Unmark accepted") if answer.is_accepted else gettext("Mark as accepted")
            accept = (f'\n      <form method="post" action="{_url("discussions:accept").format(answer.pk)}">{csrf}\n'
                      f'        <button type="submit" class="secondary">{escape(label)}</button>\n      </form>\n    ')
        out.append(
            f'<li class="answer{" accepted" if answer.is_accepted else ""}" id="answer-{answer.pk}">\n  '
            f'{_text(answer, language)}\n  <div class="actions">\n    {vote}\n    '
            f'{post_actions(answer, "reponse", csrf, labels)}\n    {accept}\n  </div>\n</li>\n'
        )
    return mark_safe("".join(out))  # noqa: S308 - every value above went through html.escape() or a template
