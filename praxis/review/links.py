"""The address of a content page (the content app owns its URL shape)."""

from praxis.content import selectors
from praxis.content.models import Content


def content_url(content: Content) -> str:
    return selectors.content_url(content)
