"""Reads of discussions. Identity of anonymous askers is resolved here (`shown_author`), so templates never touch
`question.author` directly."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from praxis.content.models import Content
from praxis.content.rules import contents_visible_to
from praxis.core.actor import Actor
from praxis.core.compiled import CompiledQuery

from . import rules
from .models import Answer, AnswerVote, Bookmark, ContentVote, Playlist, PlaylistItem, PostRevision, Question

PAGE_SIZE = 20


# --- identity -----------------------------------------------------------------------------------------------------
def _decorate_post(actor: Actor, post: Question | Answer) -> None:
    """A deleted or hidden question or answer shows as a placeholder (moderators still read its text)."""
    post.shows_text = post.is_visible or rules.can_moderate_posts(actor)


def with_actions(actor: Actor, posts: list[Question | Answer]) -> None:
    """What the actor may do with each post of a page (edit, delete, flag, hide, restore, read earlier versions),
    asked of the rules once the thread's content is loaded (no query per post)."""
    moderator = rules.can_moderate_posts(actor)
    for post in posts:
        _with_actions(actor, post, moderator)


def _with_actions(actor: Actor, post: Question | Answer, moderator: bool) -> None:
    post.can_edit = rules.can_edit_post(actor, post)
    post.can_delete = rules.can_delete_post(actor, post)
    post.can_flag = rules.can_flag_post(actor, post)
    post.can_hide = rules.can_hide_post(actor, post)
    post.can_restore = rules.can_restore_post(actor, post)
    post.can_see_versions = moderator and post.version > 1


def _decorate_question(actor: Actor, question: Question) -> Question:
    question.shown_author = question.author if rules.can_see_identity(actor, question) else None
    question.anonymous_but_known = question.is_anonymous and question.shown_author is not None
    _decorate_post(actor, question)
    return question


def _decorate_answer(actor: Actor, question: Question, answer: Answer) -> Answer:
    content = question.content
    hidden = question.is_anonymous and answer.author_id == question.author_id and not rules.can_see_identity(
        actor, question)
    answer.shown_author = None if hidden else answer.author
    answer.by_asker = answer.author_id == question.author_id
    answer.by_content_author = answer.author_id == content.author_id
    answer.by_content_reviewer = content.reviewed_by_id is not None and answer.author_id == content.reviewed_by_id
    answer.by_reviewer = bool(answer.author.is_reviewer) and not hidden
    answer.is_accepted = question.accepted_answer_id == answer.pk
    answer.question = question
    _decorate_post(actor, answer)
    return answer


# --- questions ------------------------------------------------------------------------------------------------------
def _with_their_people(questions: QuerySet[Question]) -> QuerySet[Question]:
    return questions.select_related("author", "accepted_answer", "accepted_answer__author").order_by(
        "-created_at", "-id")


_latest_questions: dict[int, CompiledQuery] = {}


def questions_for_content(actor: Actor, content: Content, limit: int = 20, *, before: str = "") -> list[Question]:
    """The latest questions of a content item (older than the `before` cursor: keyset, newest first), with their
    accepted answer, identities resolved for the actor. Asks for one more than `limit`: a longer list has more."""
    key = decode_cursor(before) if before else None
    if key:
        moment, pk = key
        rows = Question.objects.filter(Q(created_at__lt=moment) | Q(created_at=moment, id__lt=pk), content=content)
        questions = list(_with_their_people(rows)[: limit + 1])
    else:
        # The content page's first page: SQL compiled once per process and size (building it was ~1 ms of CPU).
        latest = _latest_questions.get(limit)
        if latest is None:
            latest = _latest_questions[limit] = CompiledQuery(
                lambda marker: _with_their_people(Question.objects.filter(content_id=marker))[: limit + 1])
        questions = latest.objects(content.pk)
    for question in questions:
        question.content = content
        _decorate_question(actor, question)
        if question.accepted_answer is not None:
            _decorate_answer(actor, question, question.accepted_answer)
    return questions


# A thread page's question with its content, the content's author, the asker and the accepted answer: the SQL is
# compiled once per process (building it with the ORM was about a third of a thread page's calls, issue 22); the rows
# are populated as the ORM's own `select_related` read populates them (tests/test_thread_reads.py compares them).
_question_read = CompiledQuery(lambda marker: Question.objects.select_related(
    "content", "content__author", "author", "accepted_answer").filter(pk=marker).order_by("pk")[:1])


def question_for(actor: Actor, question_id: int) -> Question | None:
    """A question whose content the actor may read in full, else None."""
    if not 0 < question_id < 2**63:  # no such row (the ORM answers none; the driver would refuse the number)
        return None
    found = _question_read.objects(question_id)
    question = found[0] if found else None
    if question is None or not rules.can_read_discussion(actor, question.content):
        return None
    return _decorate_question(actor, question)


def answer_for(actor: Actor, answer_id: int) -> Answer | None:
    answer = (
        Answer.objects.select_related("question", "question__content", "question__content__author", "question__author",
                               "author")
        .filter(pk=answer_id).first()
    )
    if answer is None or not rules.can_read_discussion(actor, answer.question.content):
        return None
    return answer


def post_for(actor: Actor, kind: str, post_id: int) -> Question | Answer | None:
    """A question ("question") or an answer ("reponse") in a thread the actor may read, decorated, else None."""
    if kind == "question":
        return question_for(actor, post_id)
    if kind != "reponse":
        return None
    answer = answer_for(actor, post_id)
    if answer is None:
        return None
    return _decorate_answer(actor, _decorate_question(actor, answer.question), answer)


def post_versions(post: Question | Answer) -> QuerySet[PostRevision]:
    """Earlier texts of a question or an answer, newest first, with who replaced each."""
    field = "question" if isinstance(post, Question) else "answer"
    return PostRevision.objects.filter(**{field: post}).select_related("edited_by").order_by("-version", "-id")


# --- keyset pagination of answers ----------------------------------------------------------------------------------
def encode_cursor(row: Answer | Question) -> str:
    raw = f"{row.created_at.isoformat()}|{row.pk}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int] | None:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        stamp, pk = raw.rsplit("|", 1)
        moment = datetime.fromisoformat(stamp)
        if moment.tzinfo is None:
            return None
        return moment, int(pk)
    except (ValueError, UnicodeDecodeError):
        return None


@dataclass
class AnswerPage:
    answers: list[Answer] = field(default_factory=list)
    next_cursor: str = ""
    previous_cursor: str = ""

    @property
    def has_next(self) -> bool:
        return bool(self.next_cursor)

    @property
    def has_previous(self) -> bool:
        return bool(self.previous_cursor)


def answers_page(
    actor: Actor, question: Question, *, after: str = "", before: str = "", last: bool = False,
    size: int = PAGE_SIZE,
) -> AnswerPage:
    """One page of answers in (created_at, id) order, found by key: the cost does not grow with the page number.

    `after` gives the page following a cursor, `before` the page preceding it, `last` the final page."""
    base = Answer.objects.filter(question=question).select_related("author")
    if actor.is_authenticated:
        base = base.annotate(voted=Exists(AnswerVote.objects.filter(answer=OuterRef("pk"), user_id=actor.id)))
    after_key = decode_cursor(after) if after else None
    before_key = decode_cursor(before) if before else None
    forward = True
    if after_key:
        moment, pk = after_key
        rows = list(base.filter(Q(created_at__gt=moment) | Q(created_at=moment, id__gt=pk))
                    .order_by("created_at", "id")[: size + 1])
    elif before_key:
        moment, pk = before_key
        forward = False
        rows = list(base.filter(Q(created_at__lt=moment) | Q(created_at=moment, id__lt=pk))
                    .order_by("-created_at", "-id")[: size + 1])
    elif last:
        forward = False
        rows = list(base.order_by("-created_at", "-id")[: size + 1])
    else:
        rows = list(base.order_by("created_at", "id")[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if not forward:
        rows.reverse()
    page = AnswerPage(answers=[_decorate_answer(actor, question, answer) for answer in rows])
    if rows:
        if forward:
            page.next_cursor = encode_cursor(rows[-1]) if more else ""
            page.previous_cursor = encode_cursor(rows[0]) if after_key else ""
        else:
            page.previous_cursor = encode_cursor(rows[0]) if more else ""
            page.next_cursor = encode_cursor(rows[-1]) if before_key else ""
    return page


# --- votes, bookmarks, playlists -------------------------------------------------------------------------------------
def content_useful(actor: Actor, content: Content) -> tuple[int, bool]:
    """Number of "useful" votes and whether the actor gave one (one query)."""
    votes = ContentVote.objects.filter(content=content).aggregate(
        total=Count("id"), mine=Count("id", filter=Q(user_id=actor.id) if actor.is_authenticated else Q(pk=None))
    )
    return votes["total"], bool(votes["mine"])


def is_bookmarked(actor: Actor, content: Content) -> bool:
    return actor.is_authenticated and Bookmark.objects.filter(user_id=actor.id, content=content).exists()


def bookmarks_for(actor: Actor) -> QuerySet[Bookmark]:
    """The actor's bookmarks of content they can still find, newest first."""
    if not actor.is_authenticated:
        return Bookmark.objects.none()
    visible = contents_visible_to(actor).values("pk")
    return (
        Bookmark.objects.filter(user_id=actor.id, content_id__in=visible)
        .select_related("content", "content__author").order_by("-created_at", "-id")
    )


def playlists_for(actor: Actor) -> QuerySet[Playlist]:
    if not actor.is_authenticated:
        return Playlist.objects.none()
    return Playlist.objects.filter(owner_id=actor.id).annotate(item_count=Count("items")).order_by("name", "id")


def playlist_for(actor: Actor, playlist_id: int) -> Playlist | None:
    playlist = Playlist.objects.filter(pk=playlist_id).first()
    if playlist is None or not rules.can_edit_playlist(actor, playlist):
        return None
    return playlist


def playlist_items(actor: Actor, playlist: Playlist) -> QuerySet[PlaylistItem]:
    visible = contents_visible_to(actor).values("pk")
    return (
        PlaylistItem.objects.filter(playlist=playlist, content_id__in=visible)
        .select_related("content", "content__author").order_by("position", "id")
    )


# The action bar's reads, as `content_useful`, `is_bookmarked` and `playlists_for` make them, compiled once per
# process: the bar is on every content page, and building its three queries was ~2 ms of CPU a page (issue 22).
_useful_votes = CompiledQuery(lambda content: ContentVote.objects.filter(content_id=content).values_list("pk"),
                              count=True)
_useful_votes_and_mine = CompiledQuery(  # one row (total, mine), none without votes
    lambda content, user: ContentVote.objects.filter(content_id=content).values("content_id")
    .annotate(total=Count("id"), mine=Count("id", filter=Q(user_id=user))).values_list("total", "mine"), values=2)
_my_bookmark = CompiledQuery(
    lambda content, user: Bookmark.objects.filter(content_id=content, user_id=user).order_by().values_list("pk")[:1],
    values=2)
_my_playlists = CompiledQuery(
    lambda user: Playlist.objects.filter(owner_id=user).order_by("name", "id").values_list("pk", "name"))


def content_actions(actor: Actor, content: Content) -> dict[str, Any]:
    """What the action bar under a content item shows to this actor (votes, bookmark, lists)."""
    if actor.is_authenticated:
        useful, mine = next(iter(_useful_votes_and_mine.rows((content.pk, actor.id))), (0, 0))
        voted = bool(mine)
    else:
        useful, voted = _useful_votes.count(content.pk), False
    can_bookmark = rules.can_bookmark(actor, content)
    return {
        "content": content,
        "useful_count": useful,
        "voted": voted,
        "can_vote": rules.can_vote_content(actor, content),
        "can_bookmark": can_bookmark,
        "bookmarked": can_bookmark and bool(_my_bookmark.rows((content.pk, actor.id))),
        "playlists": [{"pk": pk, "name": name} for pk, name in _my_playlists.rows(actor.id)] if can_bookmark else [],
    }
