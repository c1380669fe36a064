"""Who sees and edits knowledge content. Lists, search, feeds and emails all go through `contents_visible_to`."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from praxis.core.actor import Actor

from .models import Content


def _audience(actor: Actor) -> Q:
    """Published content this actor's standing reaches (the teaser of public content reaches everyone)."""
    audience = Q(visibility=Content.Visibility.PUBLIC)
    if actor.is_verified:
        audience |= Q(visibility=Content.Visibility.VERIFIED)
    if actor.institution_roles:
        audience |= Q(visibility=Content.Visibility.INSTITUTION, institution_id__in=list(actor.institution_roles))
    if actor.community_roles:
        audience |= Q(visibility=Content.Visibility.COMMUNITY, community_id__in=list(actor.community_roles))
    return audience


def contents_visible_to(actor: Actor) -> QuerySet[Content]:
    """Published originals the actor may find (for public content, at least its teaser)."""
    return Content.objects.filter(_audience(actor), status=Content.Status.PUBLISHED, revision_of__isnull=True)


def can_view_content(actor: Actor, content: Content) -> bool:
    """See the page (for public content: the teaser). Authors always see their own; moderators see everything."""
    if actor.is_authenticated and (content.author_id == actor.id or actor.is_moderator):
        return True
    if content.status != Content.Status.PUBLISHED:
        return actor.is_reviewer and content.status in {Content.Status.SUBMITTED, Content.Status.IN_REVIEW}
    return contents_visible_to(actor).filter(pk=content.pk).exists()


def can_view_full_content(actor: Actor, content: Content) -> bool:
    """The video, the document, the text: members only for public content; the audience otherwise."""
    if not can_view_content(actor, content):
        return False
    if content.visibility == Content.Visibility.PUBLIC:
        return actor.is_authenticated
    return True


def check_view_content(actor: Actor, content: Content) -> None:
    if not can_view_content(actor, content):
        raise PermissionDenied


def can_create_content(actor: Actor) -> bool:
    """Verified professionals publish; unverified members only browse."""
    return actor.is_verified


def check_create_content(actor: Actor) -> None:
    if not can_create_content(actor):
        raise PermissionDenied


def can_edit_content(actor: Actor, content: Content) -> bool:
    """The author edits drafts and sent-back pieces; editing a published piece makes a revision (also the author)."""
    return actor.is_authenticated and content.author_id == actor.id and content.status not in {
        Content.Status.SUBMITTED, Content.Status.IN_REVIEW, Content.Status.SUPERSEDED,
    }


def check_edit_content(actor: Actor, content: Content) -> None:
    if not can_edit_content(actor, content):
        raise PermissionDenied
