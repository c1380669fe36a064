import re

from django import template

register = template.Library()

_BROWSERS = [("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("SamsungBrowser/", "Samsung Internet"),
             ("Chrome/", "Chrome"), ("Chromium/", "Chromium"), ("Safari/", "Safari")]
_SYSTEMS = [(r"Android", "Android"), (r"iPhone|iPad|iPod", "iOS"), (r"Windows", "Windows"),
            (r"Mac OS X|Macintosh", "macOS"), (r"CrOS", "ChromeOS"), (r"Linux", "Linux")]


@register.filter
def device(user_agent: str) -> str:
    """'Chrome · Android' from a User-Agent header, for people who do not read User-Agent headers."""
    user_agent = user_agent or ""
    browser = next((name for token, name in _BROWSERS if token in user_agent), "")
    system = next((name for pattern, name in _SYSTEMS if re.search(pattern, user_agent)), "")
    return " · ".join(part for part in (browser, system) if part) or user_agent[:60]


@register.filter
def lang_attr(language: str) -> str:
    """` lang="fr"` when content is written in another language than the interface's (WCAG 3.1.2), else nothing:
    `<h1{{ content.language|lang_attr }}>`."""
    from django.utils.html import format_html
    from django.utils.translation import get_language

    code = (language or "").strip()
    current = (get_language() or "").split("-")[0]
    if not code or code.split("-")[0] == current:
        return ""
    return format_html(' lang="{}"', code)
