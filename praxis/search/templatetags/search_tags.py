from typing import Any

from django import template
from django.http import QueryDict

register = template.Library()


@register.simple_tag
def query_with(params: QueryDict, name: str, value: Any) -> str:
    """The current query string with `name` set to `value` (a new filter goes back to the first page)."""
    query = params.copy()
    query[name] = str(value)
    if name != "page":
        query.pop("page", None)
    return query.urlencode()


@register.simple_tag
def query_without(params: QueryDict, *names: str) -> str:
    query = params.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
