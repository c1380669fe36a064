"""Every write of discussions: questions, answers, accepted answers, votes, bookmarks and playlists.

Text is stored as plain text (rendered escaped, line breaks kept) after the patient-identifier check."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from praxis.content.models import Content
from praxis.core import audit
from praxis.core.actor import Actor
from praxis.core.audit import Action
from praxis.core.privacy import check_no_patient_identifiers
from praxis.review import services as review_services
from praxis.review.models import Flag

from . import rules, tasks
from .models import Answer, AnswerVote, Bookmark, ContentVote, Playlist, PlaylistItem, PostRevision, PostState, Question

Post = Question | Answer


def clean_text(text: str, *, field: str) -> str:
    """Plain text: control characters removed, trimmed, checked for patient identifiers."""
    text = "".join(ch for ch in text if ch in "\n\t" or ch.isprintable()).strip()
    if not text:
        raise ValidationError({field: _("Write something first.")})
    check_no_patient_identifiers(**{field: text})
    return text


@transaction.atomic
def question_ask(*, actor: Actor, content: Content, body: str, anonymous: bool = False) -> Question:
    """Ask a question under a content item; its author is told by email."""
    rules.check_post(actor, content)
    question = Question(content=content, author=actor.user, body=clean_text(body, field="body"),
                        is_anonymous=anonymous)
    question.full_clean()
    question.save()
    audit.log(actor, Action.DISCUSSIONS_QUESTION_ASKED, question, {
        "content": content.pk, "content_author": content.author_id, "anonymous": anonymous,
    })
    if content.author_id != actor.id:
        tasks.notify_new_question.enqueue(question.pk)
    return question


@transaction.atomic
def answer_post(*, actor: Actor, question: Question, body: str) -> Answer:
    """Answer a question (one level: answers do not nest); the person who asked is told by email."""
    rules.check_post(actor, question.content)
    answer = Answer(question=question, author=actor.user, body=clean_text(body, field="body"))
    answer.full_clean()
    answer.save()
    Question.objects.filter(pk=question.pk).update(answer_count=F("answer_count") + 1)
    audit.log(actor, Action.DISCUSSIONS_ANSWER_POSTED, answer, {
        "question": question.pk, "content": question.content_id, "question_author": question.author_id,
        "question_anonymous": question.is_anonymous,
    })
    if question.author_id != actor.id:
        tasks.notify_new_answer.enqueue(answer.pk)
    return answer


@transaction.atomic
def answer_toggle_accepted(*, actor: Actor, answer: Answer) -> bool:
    """Mark the answer accepted (replacing another one), or unmark it. Returns whether it is now accepted."""
    question = Question.objects.select_for_update().select_related("content").get(pk=answer.question_id)
    answer.question = question
    rules.check_accept(actor, answer)
    accepted = question.accepted_answer_id != answer.pk
    question.accepted_answer = answer if accepted else None
    question.save(update_fields=["accepted_answer"])
    audit.log(actor, Action.DISCUSSIONS_ANSWER_ACCEPTED if accepted else Action.DISCUSSIONS_ANSWER_UNACCEPTED, answer, {
        "question": question.pk, "content": question.content_id, "answer_author": answer.author_id,
    })
    return accepted


@transaction.atomic
def content_toggle_useful(*, actor: Actor, content: Content) -> bool:
    """One "useful" vote per member and content; a second click takes it back. Returns whether it is on."""
    rules.check_vote_content(actor, content)
    deleted, _rows = ContentVote.objects.filter(content=content, user_id=actor.id).delete()
    if not deleted:
        ContentVote.objects.create(content=content, user=actor.user)
    audit.log(actor, Action.DISCUSSIONS_CONTENT_UNVOTED if deleted else Action.DISCUSSIONS_CONTENT_VOTED, content, {})
    return not deleted


@transaction.atomic
def answer_toggle_useful(*, actor: Actor, answer: Answer) -> bool:
    rules.check_vote_answer(actor, answer)
    deleted, _rows = AnswerVote.objects.filter(answer=answer, user_id=actor.id).delete()
    if deleted:
        Answer.objects.filter(pk=answer.pk).update(useful_count=F("useful_count") - 1)
    else:
        AnswerVote.objects.create(answer=answer, user=actor.user)
        Answer.objects.filter(pk=answer.pk).update(useful_count=F("useful_count") + 1)
    answer.refresh_from_db(fields=["useful_count"])
    audit.log(actor, Action.DISCUSSIONS_ANSWER_UNVOTED if deleted else Action.DISCUSSIONS_ANSWER_VOTED, answer,
              {"question": answer.question_id, "answer_author": answer.author_id})
    return not deleted


@transaction.atomic
def bookmark_toggle(*, actor: Actor, content: Content) -> bool:
    rules.check_bookmark(actor, content)
    deleted, _rows = Bookmark.objects.filter(content=content, user_id=actor.id).delete()
    if not deleted:
        Bookmark.objects.create(content=content, user=actor.user)
    audit.log(actor, Action.DISCUSSIONS_BOOKMARK_REMOVED if deleted else Action.DISCUSSIONS_BOOKMARK_ADDED, content, {})
    return not deleted


@transaction.atomic
def playlist_create(*, actor: Actor, name: str) -> Playlist:
    rules.check_manage_playlists(actor)
    playlist = Playlist(owner=actor.user, name=name.strip())
    playlist.full_clean()
    playlist.save()
    audit.log(actor, Action.DISCUSSIONS_PLAYLIST_CREATED, playlist, {"name": playlist.name})
    return playlist


@transaction.atomic
def playlist_add(*, actor: Actor, playlist: Playlist, content: Content) -> PlaylistItem:
    rules.check_edit_playlist(actor, playlist)
    rules.check_bookmark(actor, content)
    existing = PlaylistItem.objects.filter(playlist=playlist, content=content).first()
    if existing is not None:
        return existing
    last = PlaylistItem.objects.filter(playlist=playlist).aggregate(last=Max("position"))["last"]
    try:
        with transaction.atomic():
            item = PlaylistItem.objects.create(playlist=playlist, content=content, position=(last or 0) + 1)
    except IntegrityError:  # added twice at once
        return PlaylistItem.objects.get(playlist=playlist, content=content)
    Playlist.objects.filter(pk=playlist.pk).update(updated_at=item.added_at)
    audit.log(actor, Action.DISCUSSIONS_PLAYLIST_ITEM_ADDED, playlist, {"content": content.pk})
    return item


@transaction.atomic
def playlist_remove(*, actor: Actor, playlist: Playlist, content_id: int) -> None:
    rules.check_edit_playlist(actor, playlist)
    deleted, _rows = PlaylistItem.objects.filter(playlist=playlist, content_id=content_id).delete()
    if deleted:
        audit.log(actor, Action.DISCUSSIONS_PLAYLIST_ITEM_REMOVED, playlist, {"content": content_id})


@transaction.atomic
def playlist_delete(*, actor: Actor, playlist: Playlist) -> None:
    rules.check_edit_playlist(actor, playlist)
    audit.log(actor, Action.DISCUSSIONS_PLAYLIST_DELETED, playlist, {"name": playlist.name})
    playlist.delete()


# --- edits, deletions, flags and moderation of questions and answers ---------------------------------------------
def _lock_post(post: Post) -> Post:
    """The row under lock, with what the rules read (the content of its thread)."""
    if isinstance(post, Question):
        return Question.objects.select_for_update(of=("self",)).select_related("content").get(pk=post.pk)
    return Answer.objects.select_for_update(of=("self",)).select_related("question__content").get(pk=post.pk)


def _action(post: Post, question: Action, answer: Action) -> Action:
    return question if isinstance(post, Question) else answer


def _post_data(post: Post) -> dict[str, object]:
    if isinstance(post, Question):
        return {"content": post.content_id, "author": post.author_id}
    return {"question": post.question_id, "content": post.question.content_id, "author": post.author_id}


@transaction.atomic
def post_edit(*, actor: Actor, post: Post, body: str, version: int) -> Post:
    """Correct a question or an answer: its author, or a moderator. The earlier text is kept (moderators read it)
    and the post shows "edited". `version` is the one the editor started from: if someone saved in between, the
    edit is refused with the current text instead of overwriting it."""
    post = _lock_post(post)
    rules.check_edit_post(actor, post)
    if post.version != version:
        raise ValidationError({"body": ValidationError(
            _("Someone changed this text while you were editing it. Here is the current version: copy what you want "
              "to keep, then save again."), code="conflict")})
    text = clean_text(body, field="body")
    if text == post.body:
        return post
    by_moderator = post.author_id != actor.id
    PostRevision.objects.create(
        question=post if isinstance(post, Question) else None, answer=post if isinstance(post, Answer) else None,
        version=post.version, body=post.body, edited_by=actor.user, by_moderator=by_moderator,
    )
    post.body = text
    post.version += 1
    post.edited_at = timezone.now()
    post.full_clean()
    post.save(update_fields=["body", "version", "edited_at"])
    audit.log(actor, _action(post, Action.DISCUSSIONS_QUESTION_EDITED, Action.DISCUSSIONS_ANSWER_EDITED), post,
              {**_post_data(post), "version": post.version, "by_moderator": by_moderator})
    return post


@transaction.atomic
def post_delete(*, actor: Actor, post: Post) -> Post:
    """The author takes their question or answer down; a placeholder keeps the thread readable (answers to a
    deleted question stay). The text is kept for the moderators."""
    post = _lock_post(post)
    rules.check_delete_post(actor, post)
    post.state = PostState.DELETED
    post.save(update_fields=["state"])
    audit.log(actor, _action(post, Action.DISCUSSIONS_QUESTION_DELETED, Action.DISCUSSIONS_ANSWER_DELETED), post,
              _post_data(post))
    return post


@transaction.atomic
def post_flag(*, actor: Actor, post: Post, reason: str, text: str = "") -> Flag:
    """A member reports a question or an answer to the moderators (the moderation queue content flags use). One open
    flag per member and post: a second one is counted once."""
    rules.check_flag_post(actor, post)
    return review_services.flag_record(actor=actor, target=post, reason=reason, text=text)


@transaction.atomic
def post_hide(*, actor: Actor, post: Post, reason: str) -> Post:
    """A moderator hides a question or an answer (a placeholder stays); its open flags are closed as acted upon."""
    post = _lock_post(post)
    rules.check_hide_post(actor, post)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason (kept in the moderation history).")})
    post.state = PostState.HIDDEN
    post.save(update_fields=["state"])
    flags = review_services.flags_uphold(actor=actor, target=post, resolution=reason)
    audit.log(actor, _action(post, Action.DISCUSSIONS_QUESTION_HIDDEN, Action.DISCUSSIONS_ANSWER_HIDDEN), post,
              {**_post_data(post), "reason": reason, "flags": flags})
    return post


@transaction.atomic
def post_restore(*, actor: Actor, post: Post) -> Post:
    """A moderator shows again what was hidden."""
    post = _lock_post(post)
    rules.check_restore_post(actor, post)
    post.state = PostState.VISIBLE
    post.save(update_fields=["state"])
    audit.log(actor, _action(post, Action.DISCUSSIONS_QUESTION_RESTORED, Action.DISCUSSIONS_ANSWER_RESTORED), post,
              _post_data(post))
    return post
