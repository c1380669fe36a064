import functools
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


# The addresses base.html shows on every page (header, account menu, footer), by URL name: reversed once per URLconf.
CHROME_URLS = {
    "home": "site:home", "profile": "accounts:profile", "bookmarks": "discussions:bookmarks",
    "settings": "accounts:settings", "logout": "account_logout", "login": "account_login",
    "signup": "account_signup", "set_language": "accounts:set_language", "terms": "core:terms",
    "privacy": "core:privacy",
}


@functools.cache
def _chrome_urls(urlconf: str | None, prefix: str) -> dict[str, str]:
    from django.urls import reverse

    return {key: reverse(name, urlconf=urlconf) for key, name in CHROME_URLS.items()}


@functools.cache
def _static(path: str) -> str:
    from django.templatetags.static import static

    return static(path)


@register.simple_tag
def static_once(path: str) -> str:
    """`{% static %}` worked out once per path in each process: a file's URL does not change while the process runs
    (the storage reads its manifest once too), and base.html asks for three on every page."""
    return _static(path)


_PER_LANGUAGE_KEY = "praxis.per_language"


class PerLanguageNode(template.Node):
    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist
        self.rendered: dict[tuple[str | None, str | None, str], str] = {}

    def render(self, context: template.Context) -> str:
        from django.urls import get_script_prefix, get_urlconf
        from django.utils.safestring import mark_safe
        from django.utils.translation import get_language

        key = context.render_context.get(_PER_LANGUAGE_KEY)
        if key is None:  # asked once per page, not by each of base.html's blocks
            key = context.render_context[_PER_LANGUAGE_KEY] = (get_language(), get_urlconf(), get_script_prefix())
        found = self.rendered.get(key)
        if found is None:
            with context.push(chrome_urls=_chrome_urls(key[1], key[2])):
                found = self.rendered[key] = self.nodelist.render(context)
        return mark_safe(found)  # noqa: S308 - the template's own output, rendered once


@register.tag
def per_language(parser: template.base.Parser, token: template.base.Token) -> PerLanguageNode:
    """`{% per_language %}…{% endper_language %}`: a part of a template that depends only on the language and the
    URLs (translated text, `chrome_urls.<name>`, constants) is rendered once per language in each process, then
    copied. Never put anything of the request, the user or the page inside (base.html's header and footer; issue 22)."""
    nodelist = parser.parse(("endper_language",))
    parser.delete_first_token()
    return PerLanguageNode(nodelist)
