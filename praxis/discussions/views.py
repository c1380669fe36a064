
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praxis.content.models import Content
from praxis.content.selectors import visible_content_or_404
from praxis.core.forms import add_service_errors
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest
from praxis.review.forms import FlagForm
from praxis.review.links import content_url
from praxis.review.rules import can_flag

from . import render, rules, selectors, services
from .forms import AnswerForm, HideForm, PlaylistAddForm, PlaylistForm, PostEditForm, QuestionForm
from .models import Answer, Question
from .moderation import POST_REASONS


def _content_or_404(request: PraxisRequest, content_id: int) -> Content:
    return visible_content_or_404(request.actor, content_id)


def _question_or_404(request: PraxisRequest, question_id: int) -> Question:
    question = selectors.question_for(request.actor, question_id)
    if question is None:
        raise Http404
    return question


@require_http_methods(["GET", "POST"])
@login_required
def ask(request: PraxisRequest, content_id: int) -> HttpResponse:
    content = _content_or_404(request, content_id)
    rules.check_post(request.actor, content)
    form = QuestionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_ask(actor=request.actor, content=content, body=form.cleaned_data["body"],
                                             anonymous=form.cleaned_data["is_anonymous"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your question is online. The author has been told."))
            return redirect("discussions:question", question_id=question.pk)
    return render_page(request, "discussions/ask.html",
                       {"content": content, "form": form, "content_url": content_url(content)},
                       partial="form", status=400 if form.errors else 200)


@require_GET
@login_required
def questions(request: PraxisRequest, content_id: int) -> HttpResponse:
    """Older questions of a content item, newest first, by key."""
    content = _content_or_404(request, content_id)
    rules.check_read_discussion(request.actor, content)
    size = 20
    rows = selectors.questions_for_content(request.actor, content, size, before=request.GET.get("before", ""))
    context = {
        "content": content,
        "questions": rows[:size],
        "older": selectors.encode_cursor(rows[size - 1]) if len(rows) > size else "",
        "content_url": content_url(content),
    }
    return render_page(request, "discussions/questions.html", context, partial="list")


@require_GET
@login_required
def question(request: PraxisRequest, question_id: int) -> HttpResponse:
    item = _question_or_404(request, question_id)
    page = selectors.answers_page(
        request.actor, item, after=request.GET.get("after", ""), before=request.GET.get("before", ""),
        last=request.GET.get("last") == "1",
    )
    can_post = rules.can_post(request.actor, item.content)
    selectors.with_actions(request.actor, [item, *page.answers])
    context = {
        "question": item,
        "content": item.content,
        "page": page,
        "content_url": content_url(item.content),
        "can_post": can_post,
        # rules.can_accept for every answer of the page, without asking the database again per answer.
        "can_accept": can_post and request.actor.id in {item.author_id, item.content.author_id},
        "form": AnswerForm(),
    }
    context["answers_html"] = render.answers_html(request, page.answers, can_post=can_post,
                                                  can_accept=context["can_accept"])
    return render_page(request, "discussions/question.html", context, partial="answers")


@require_POST
@login_required
def answer(request: PraxisRequest, question_id: int) -> HttpResponse:
    item = _question_or_404(request, question_id)
    rules.check_post(request.actor, item.content)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            posted = services.answer_post(actor=request.actor, question=item, body=form.cleaned_data["body"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your answer is online."))
            return redirect(f"{reverse('discussions:question', args=[item.pk])}?last=1#answer-{posted.pk}")
    context = {"question": item, "content": item.content, "form": form, "content_url": content_url(item.content)}
    return render_page(request, "discussions/answer_form.html", context, partial="form", status=400)


@require_POST
@login_required
def accept(request: PraxisRequest, answer_id: int) -> HttpResponse:
    item = selectors.answer_for(request.actor, answer_id)
    if item is None:
        raise Http404
    rules.check_accept(request.actor, item)
    accepted = services.answer_toggle_accepted(actor=request.actor, answer=item)
    messages.success(request, _("Answer marked as accepted.") if accepted else _("The answer is no longer accepted."))
    return redirect(f"{reverse('discussions:question', args=[item.question_id])}#answer-{item.pk}")


@require_POST
@login_required
def vote_answer(request: PraxisRequest, answer_id: int) -> HttpResponse:
    item = selectors.answer_for(request.actor, answer_id)
    if item is None:
        raise Http404
    rules.check_vote_answer(request.actor, item)
    voted = services.answer_toggle_useful(actor=request.actor, answer=item)
    if getattr(request, "htmx", False):
        item.voted = voted
        return render_page(request, "discussions/_answer_vote.html", {"answer": item, "can_vote": True})
    return redirect(f"{reverse('discussions:question', args=[item.question_id])}#answer-{item.pk}")


@require_POST
@login_required
def vote_content(request: PraxisRequest, content_id: int) -> HttpResponse:
    content = _content_or_404(request, content_id)
    rules.check_vote_content(request.actor, content)
    services.content_toggle_useful(actor=request.actor, content=content)
    if getattr(request, "htmx", False):
        return render_page(request, "discussions/_actions.html", _actions_context(request, content))
    return redirect(content_url(content))


@require_POST
@login_required
def bookmark(request: PraxisRequest, content_id: int) -> HttpResponse:
    content = _content_or_404(request, content_id)
    rules.check_bookmark(request.actor, content)
    added = services.bookmark_toggle(actor=request.actor, content=content)
    if getattr(request, "htmx", False):
        return render_page(request, "discussions/_actions.html", _actions_context(request, content))
    messages.success(request, _("Added to your bookmarks.") if added else _("Removed from your bookmarks."))
    return redirect(content_url(content))


def _actions_context(request: PraxisRequest, content: Content) -> dict[str, Any]:
    return {**selectors.content_actions(request.actor, content), "request": request,
            "can_flag": can_flag(request.actor, content)}


@require_GET
@login_required
def bookmarks(request: PraxisRequest) -> HttpResponse:
    rules.check_manage_playlists(request.actor)
    rows = list(selectors.bookmarks_for(request.actor)[:200])
    for row in rows:
        row.url = content_url(row.content)
    return render_page(request, "discussions/bookmarks.html", {"bookmarks": rows}, partial="rows")


@require_http_methods(["GET", "POST"])
@login_required
def playlists(request: PraxisRequest) -> HttpResponse:
    rules.check_manage_playlists(request.actor)
    form = PlaylistForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.playlist_create(actor=request.actor, name=form.cleaned_data["name"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("List created."))
            return redirect("discussions:playlist", playlist_id=created.pk)
    context = {"playlists": selectors.playlists_for(request.actor), "form": form}
    return render_page(request, "discussions/playlists.html", context, partial="lists",
                       status=400 if form.errors else 200)


@require_GET
@login_required
def playlist(request: PraxisRequest, playlist_id: int) -> HttpResponse:
    item = selectors.playlist_for(request.actor, playlist_id)
    if item is None:
        raise Http404
    rows = list(selectors.playlist_items(request.actor, item))
    for row in rows:
        row.url = content_url(row.content)
    return render_page(request, "discussions/playlist.html", {"playlist": item, "items": rows}, partial="rows")


@require_POST
@login_required
def playlist_add(request: PraxisRequest, content_id: int) -> HttpResponse:
    content = _content_or_404(request, content_id)
    rules.check_bookmark(request.actor, content)
    form = PlaylistAddForm(request.POST, owner_id=request.actor.id)
    if form.is_valid():
        try:
            target = form.cleaned_data["playlist"] or services.playlist_create(
                actor=request.actor, name=form.cleaned_data["name"])
            services.playlist_add(actor=request.actor, playlist=target, content=content)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Added to the list “%(name)s”.") % {"name": target.name})
            return redirect(content_url(content))
    return render_page(request, "discussions/playlist_add.html",
                       {"content": content, "form": form, "content_url": content_url(content)}, status=400)


@require_POST
@login_required
def playlist_remove(request: PraxisRequest, playlist_id: int, content_id: int) -> HttpResponse:
    item = selectors.playlist_for(request.actor, playlist_id)
    if item is None:
        raise Http404
    services.playlist_remove(actor=request.actor, playlist=item, content_id=content_id)
    messages.success(request, _("Removed from the list."))
    return redirect("discussions:playlist", playlist_id=item.pk)


@require_POST
@login_required
def playlist_delete(request: PraxisRequest, playlist_id: int) -> HttpResponse:
    item = selectors.playlist_for(request.actor, playlist_id)
    if item is None:
        raise Http404
    services.playlist_delete(actor=request.actor, playlist=item)
    messages.success(request, _("List deleted."))
    return redirect("discussions:playlists")


# --- edits, deletions, flags and moderation of questions and answers ---------------------------------------------
def _post_or_404(request: PraxisRequest, kind: str, post_id: str) -> Question | Answer:
    post = selectors.post_for(request.actor, kind, int(post_id))
    if post is None:
        raise Http404
    selectors.with_actions(request.actor, [post])
    return post


def _thread_url(post: Question | Answer) -> str:
    if isinstance(post, Question):
        return reverse("discussions:question", args=[post.pk])
    return f"{reverse('discussions:question', args=[post.question_id])}#answer-{post.pk}"


def _post_context(post: Question | Answer, kind: str, **extra: Any) -> dict[str, Any]:
    question = post if isinstance(post, Question) else post.question
    return {"post": post, "kind": kind, "is_question": isinstance(post, Question), "question": question,
            "content": question.content, "thread_url": _thread_url(post), **extra}


@require_http_methods(["GET", "POST"])
@login_required
def post_edit(request: PraxisRequest, kind: str, post_id: str) -> HttpResponse:
    """The author (or a moderator) corrects the text; a save by someone else meanwhile is shown, not overwritten."""
    post = _post_or_404(request, kind, post_id)
    rules.check_edit_post(request.actor, post)
    initial = {"body": post.body, "version": post.version}
    form = PostEditForm(request.POST if request.method == "POST" else None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.post_edit(actor=request.actor, post=post, body=form.cleaned_data["body"],
                               version=form.cleaned_data["version"])
        except ValidationError as error:
            conflict = any(e.code == "conflict" for errors in error.error_dict.values() for e in errors)
            if conflict:  # the current text, and the editor's text kept in the field
                post = _post_or_404(request, kind, post_id)
                form = PostEditForm({"body": form.cleaned_data["body"], "version": post.version})
                form.is_valid()
                status = 409
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your correction is saved."))
            return redirect(_thread_url(post))
    if form.errors and status == 200:
        status = 400
    return render_page(request, "discussions/post_edit.html", _post_context(post, kind, form=form,
                                                                           conflict=status == 409),
                       partial="form", status=status)


@require_POST
@login_required
def post_delete(request: PraxisRequest, kind: str, post_id: str) -> HttpResponse:
    post = _post_or_404(request, kind, post_id)
    rules.check_delete_post(request.actor, post)
    services.post_delete(actor=request.actor, post=post)
    messages.success(request, _("Deleted. A note in the thread says so."))
    return redirect(_thread_url(post))


@require_http_methods(["GET", "POST"])
@login_required
def post_flag(request: PraxisRequest, kind: str, post_id: str) -> HttpResponse:
    post = _post_or_404(request, kind, post_id)
    rules.check_flag_post(request.actor, post)
    form = FlagForm(request.POST if request.method == "POST" else None, reasons=POST_REASONS)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_flag(actor=request.actor, post=post, reason=form.cleaned_data["reason"],
                               text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you. A moderator will look at your report."))
            return redirect(_thread_url(post))
    return render_page(request, "discussions/post_flag.html", _post_context(post, kind, form=form),
                       partial="form", status=400 if form.errors else 200)


@require_GET
@login_required
def post_versions(request: PraxisRequest, kind: str, post_id: str) -> HttpResponse:
    """Earlier texts of a question or an answer (moderators)."""
    post = _post_or_404(request, kind, post_id)
    rules.check_view_post_versions(request.actor, post)
    versions = list(selectors.post_versions(post)[:100])
    return render_page(request, "discussions/post_versions.html", _post_context(post, kind, versions=versions),
                       partial="versions")


@require_http_methods(["GET", "POST"])
@login_required
def post_hide(request: PraxisRequest, kind: str, post_id: str) -> HttpResponse:
    post = _post_or_404(request, kind, post_id)
    rules.check_hide_post(request.actor, post)
    form = HideForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.post_hide(actor=request.actor, post=post, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Hidden. Its open reports are closed."))
            return redirect(_thread_url(post))
    return render_page(request, "discussions/post_hide.html", _post_context(post, kind, form=form),
                       partial="form", status=400 if form.errors else 200)


@require_POST
@login_required
def post_restore(request: PraxisRequest, kind: str, post_id: str) -> HttpResponse:
    post = _post_or_404(request, kind, post_id)
    rules.check_restore_post(request.actor, post)
    services.post_restore(actor=request.actor, post=post)
    messages.success(request, _("Shown again."))
    return redirect(_thread_url(post))
