"""Who reads, asks, answers, accepts, votes, bookmarks; and who may know the name behind an anonymous question.

Verified professionals post; unverified members read (the UI says so). Only actors who may see the full content
take part in its discussion.
"""

from django.core.exceptions import PermissionDenied

from praxis.content.models import Content
from praxis.content.rules import can_view_content, can_view_full_content
from praxis.core.actor import Actor

from .models import Answer, Playlist, PostState, Question

Post = Question | Answer


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


# --- editing, deleting, flagging and moderating questions and answers ---------------------------------------------
def post_content(post: Post) -> Content:
    return post.content if isinstance(post, Question) else post.question.content


def can_edit_post(actor: Actor, post: Post) -> bool:
    """Authors correct their own visible question or answer (while they may post there); moderators correct any
    that is not deleted. Nobody else: an edit of someone else's answer is refused."""
    if not actor.is_authenticated or post.state == PostState.DELETED:
        return False
    if actor.is_moderator:
        return True
    return post.author_id == actor.id and post.is_visible and can_post(actor, post_content(post))


def check_edit_post(actor: Actor, post: Post) -> None:
    if not can_edit_post(actor, post):
        raise PermissionDenied


def can_delete_post(actor: Actor, post: Post) -> bool:
    """Authors delete their own (a placeholder stays in the thread); moderators hide instead."""
    return actor.is_authenticated and post.author_id == actor.id and post.is_visible


def check_delete_post(actor: Actor, post: Post) -> None:
    if not can_delete_post(actor, post):
        raise PermissionDenied


def can_flag_post(actor: Actor, post: Post) -> bool:
    """Any signed-in member who reads the thread flags a visible question or answer, not their own."""
    return (
        actor.is_authenticated and post.is_visible and post.author_id != actor.id
        and can_read_discussion(actor, post_content(post))
    )


def check_flag_post(actor: Actor, post: Post) -> None:
    if not can_flag_post(actor, post):
        raise PermissionDenied


def can_moderate_posts(actor: Actor) -> bool:
    """Moderators see hidden text, earlier versions and who wrote anonymously."""
    return actor.is_moderator


def can_hide_post(actor: Actor, post: Post) -> bool:
    return actor.is_moderator and post.is_visible


def check_hide_post(actor: Actor, post: Post) -> None:
    if not can_hide_post(actor, post):
        raise PermissionDenied


def can_restore_post(actor: Actor, post: Post) -> bool:
    """A moderator puts back what a moderator hid (not what its author deleted)."""
    return actor.is_moderator and post.state == PostState.HIDDEN


def check_restore_post(actor: Actor, post: Post) -> None:
    if not can_restore_post(actor, post):
        raise PermissionDenied


def check_view_post_versions(actor: Actor, post: Post) -> None:
    if not can_moderate_posts(actor):
        raise PermissionDenied
