"""Who reads, asks, answers, accepts, votes, bookmarks; and who may know the name behind an anonymous question.

Verified professionals post; unverified members read (the UI says so). Only actors who may see the full content
take part in its discussion.
"""

from django.core.exceptions import PermissionDenied

from praxis.content.models import Content
from praxis.content.rules import can_view_content, can_view_full_content
from praxis.core.actor import Actor

from .models import Answer, Playlist, Question


def can_read_discussion(actor: Actor, content: Content) -> bool:
    return can_view_full_content(actor, content)


def check_read_discussion(actor: Actor, content: Content) -> None:
    if not can_read_discussion(actor, content):
        raise PermissionDenied


def can_post(actor: Actor, content: Content) -> bool:
    """Ask or answer: a verified professional who sees the full content of a published item."""
    return actor.is_verified and content.status == Content.Status.PUBLISHED and can_view_full_content(actor, content)


def check_post(actor: Actor, content: Content) -> None:
    if not can_post(actor, content):
        raise PermissionDenied


def can_see_identity(actor: Actor, question: Question) -> bool:
    """The asker's name: everyone for a named question; the asker and moderators for an anonymous one."""
    if not question.is_anonymous:
        return True
    return actor.is_authenticated and (actor.id == question.author_id or actor.is_moderator)


def can_accept(actor: Actor, answer: Answer) -> bool:
    """The person who asked, or the content's author, marks the answer that helped."""
    question = answer.question
    return actor.is_authenticated and can_post(actor, question.content) and actor.id in {
        question.author_id, question.content.author_id,
    }


def check_accept(actor: Actor, answer: Answer) -> None:
    if not can_accept(actor, answer):
        raise PermissionDenied


def can_vote_content(actor: Actor, content: Content) -> bool:
    """"Useful" votes come from verified professionals, never on their own content."""
    return can_post(actor, content) and content.author_id != actor.id


def check_vote_content(actor: Actor, content: Content) -> None:
    if not can_vote_content(actor, content):
        raise PermissionDenied


def can_vote_answer(actor: Actor, answer: Answer) -> bool:
    return can_post(actor, answer.question.content) and answer.author_id != actor.id


def check_vote_answer(actor: Actor, answer: Answer) -> None:
    if not can_vote_answer(actor, answer):
        raise PermissionDenied


def can_bookmark(actor: Actor, content: Content) -> bool:
    """Any signed-in member keeps what they can find (also into playlists)."""
    return actor.is_authenticated and content.status == Content.Status.PUBLISHED and can_view_content(actor, content)


def check_bookmark(actor: Actor, content: Content) -> None:
    if not can_bookmark(actor, content):
        raise PermissionDenied


def can_manage_playlists(actor: Actor) -> bool:
    return actor.is_authenticated


def check_manage_playlists(actor: Actor) -> None:
    if not can_manage_playlists(actor):
        raise PermissionDenied


def can_edit_playlist(actor: Actor, playlist: Playlist) -> bool:
    """Playlists are private: only their owner sees and changes them."""
    return actor.is_authenticated and playlist.owner_id == actor.id


def check_edit_playlist(actor: Actor, playlist: Playlist) -> None:
    if not can_edit_playlist(actor, playlist):
        raise PermissionDenied
