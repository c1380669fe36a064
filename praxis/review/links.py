"""The address of a content page, whatever shape the content app gives its URL."""

from django.urls import NoReverseMatch, reverse

from praxis.content.models import Content


def content_url(content: Content) -> str:
    getter = getattr(content, "get_absolute_url", None)
    if callable(getter):
        return getter()
    for kwargs in ({"pk": content.pk, "slug": content.slug}, {"content_id": content.pk, "slug": content.slug},
                   {"pk": content.pk}, {"content_id": content.pk}, {"slug": content.slug}):
        try:
            return reverse("content:detail", kwargs=kwargs)
        except NoReverseMatch:
            continue
    return reverse("review:history", args=[content.pk])
