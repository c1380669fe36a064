"""Who sees and edits knowledge content. Lists, search, feeds and emails all go through `contents_visible_to`."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from praxis.core.actor import Actor

from .models import Content


def visible_content_q(actor: Actor, prefix: str = "") -> Q:
    """`contents_visible_to` as a condition, for a query that reaches the content through a relation (`prefix`,
    e.g. "question__content__"): a join the query already makes instead of an `IN (subquery)`."""
    audience = Q(**{f"{prefix}visibility": Content.Visibility.PUBLIC})
    if actor.is_verified:
        audience |= Q(**{f"{prefix}visibility": Content.Visibility.VERIFIED})
    if actor.institution_roles:
        audience |= Q(**{f"{prefix}visibility": Content.Visibility.INSTITUTION,
                         f"{prefix}institution_id__in": list(actor.institution_roles)})
    if actor.community_roles:
        audience |= Q(**{f"{prefix}visibility": Content.Visibility.COMMUNITY,
                         f"{prefix}community_id__in": list(actor.community_roles)})
    return audience & Q(**{f"{prefix}status": Content.Status.PUBLISHED, f"{prefix}revision_of__isnull": True})


def audience_key(content: Content) -> str:
    """The one audience a published piece reaches, as a key stored beside it in the search index.

    `Actor.audience_keys` holds the keys an actor's standing reaches; the two agree with `visible_content_q`
    (tested over every visibility × persona)."""
    visibility = content.visibility
    if visibility == Content.Visibility.INSTITUTION:
        return f"institution:{content.institution_id}"
    if visibility == Content.Visibility.COMMUNITY:
        return f"community:{content.community_id}"
    return visibility


def contents_visible_to(actor: Actor) -> QuerySet[Content]:
    """Published originals the actor may find (for public content, at least its teaser)."""
    return Content.objects.filter(visible_content_q(actor))


def can_view_content(actor: Actor, content: Content) -> bool:
    """See the page (for public content: the teaser). Authors always see their own; moderators see everything."""
    if actor.is_authenticated and (content.author_id == actor.id or actor.is_moderator):
        return True
    if content.status != Content.Status.PUBLISHED:
        return actor.is_reviewer and content.status in {Content.Status.SUBMITTED, Content.Status.IN_REVIEW}
    return is_visible_to(actor, content)


def is_visible_to(actor: Actor, content: Content) -> bool:
    """`contents_visible_to` for one loaded piece, without a query (a content page asks about eight times)."""
    return (content.status == Content.Status.PUBLISHED and content.revision_of_id is None
            and audience_key(content) in actor.audience_keys)


def can_view_full_content(actor: Actor, content: Content) -> bool:
    """The video, the document, the text: members only for public content (except reviewed pages for patients and
    carers, public in full); the audience otherwise."""
    if not can_view_content(actor, content):
        return False
    if content.visibility == Content.Visibility.PUBLIC:
        return actor.is_authenticated or content.audience == Content.Audience.PATIENTS
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


def editable_in_place(content: Content) -> bool:
    """Pieces not yet online are changed in place; a published piece gets a revision reviewed separately."""
    return content.status != Content.Status.PUBLISHED


def publishable_institution_ids(actor: Actor) -> list[int]:
    """Institutions whose staff an author may address: those where the author is a member of the staff."""
    return list(actor.institution_roles) if actor.is_authenticated else []


def publishable_community_ids(actor: Actor) -> list[int]:
    return list(actor.community_roles) if actor.is_authenticated else []


def can_target_audience(actor: Actor, visibility: str, institution_id: int | None, community_id: int | None) -> bool:
    """An author addresses the public, verified colleagues, their own institution or their own community."""
    if visibility == Content.Visibility.INSTITUTION:
        return institution_id is not None and institution_id in publishable_institution_ids(actor)
    if visibility == Content.Visibility.COMMUNITY:
        return community_id is not None and community_id in publishable_community_ids(actor)
    return visibility in {Content.Visibility.PUBLIC, Content.Visibility.VERIFIED}


def can_view_own_contents(actor: Actor) -> bool:
    return actor.is_authenticated


def can_download_document(actor: Actor, content: Content) -> bool:
    return content.kind == Content.Kind.DOCUMENT and bool(content.document) and can_view_full_content(actor, content)


def check_download_document(actor: Actor, content: Content) -> None:
    if not can_download_document(actor, content):
        raise PermissionDenied


def can_delete_content(actor: Actor, content: Content) -> bool:
    """An author throws away a draft (or a new version not yet submitted); anything seen by a reviewer stays."""
    return actor.is_authenticated and content.author_id == actor.id and content.status == Content.Status.DRAFT


def check_delete_content(actor: Actor, content: Content) -> None:
    if not can_delete_content(actor, content):
        raise PermissionDenied


def can_follow_processing(actor: Actor, content: Content) -> bool:
    """The video's processing status (polled while it transcodes): its author and moderators."""
    return actor.is_authenticated and (content.author_id == actor.id or actor.is_moderator)


def check_follow_processing(actor: Actor, content: Content) -> None:
    if not can_follow_processing(actor, content):
        raise PermissionDenied


def can_publish_without_review(actor: Actor) -> bool:
    """Only a platform administrator's import (manage.py import_capsule --publish) skips the review."""
    return actor.is_platform_admin
