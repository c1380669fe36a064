from django import template

from praxis.accounts.privacy_page import read_label as _read_label

register = template.Library()


@register.filter
def read_label(action: str) -> str:
    """What a read of private data was, in words ("opened the verification file")."""
    return _read_label(action)
