"""Small helpers of the content pages: the canonical URL of a piece and its poster image."""

from django import template

from praxis.content import selectors

register = template.Library()


@register.simple_tag
def content_url(content: object) -> str:
    return selectors.content_url(content)  # type: ignore[arg-type]


@register.filter
def poster_url(content: object) -> str:
    """The capsule's poster once the media pipeline made one, else an empty string (the card shows its kind)."""
    try:
        video = content.video  # type: ignore[attr-defined]
    except Exception:  # no video yet (RelatedObjectDoesNotExist) or no media pipeline
        return ""
    from praxis.content.media import media_url

    return media_url(getattr(video, "poster", ""))
