import pytest
from django.test import override_settings

from praxis.content.markup import image_allowed, render_article, sanitise_html


def test_markdown_headings_lists_and_links_are_rendered_one_level_below_the_page_title() -> None:
    html = render_article("# Titre\n\n## Étapes\n\n- un\n- deux\n\n[HAS](https://www.has-sante.fr)")
    assert "<h2>Titre</h2>" in html and "<h3>Étapes</h3>" in html
    assert "<li>un</li>" in html
    assert '<a href="https://www.has-sante.fr" rel="noopener nofollow">HAS</a>' in html
    assert "<h1" not in html


def test_raw_script_in_the_source_is_shown_as_text_never_run() -> None:
    html = render_article("<script>alert(1)</script>\n\ntexte")
    assert "<script" not in html
    assert "&lt;script&gt;" in html


@pytest.mark.parametrize("dirty", [
    "<script>alert(1)</script>ok",
    "<img src=/media/a.png onerror=alert(1)>ok",
    '<a href="javascript:alert(1)">ok</a>',
    '<iframe src="https://evil.example"></iframe>ok',
    "<style>body{display:none}</style>ok",
    '<p style="position:fixed" onclick="x()">ok</p>',
    '<object data="x.swf"></object>ok',
])
def test_dangerous_html_is_removed(dirty: str) -> None:
    clean = sanitise_html(dirty)
    for needle in ("<script", "onerror", "javascript:", "<iframe", "<style", "style=", "onclick", "<object"):
        assert needle not in clean
    assert "ok" in clean


def test_markdown_javascript_links_do_not_become_links() -> None:
    html = render_article("[clic](javascript:alert(1)) et [data](data:text/html;base64,PHNjcmlwdD4=)")
    assert "javascript:" not in html.split("[clic]")[0] and "href=\"javascript" not in html
    assert 'href="data:' not in html


def test_foreign_images_are_removed_and_our_media_kept() -> None:
    html = render_article("![a](https://evil.example/x.png) ![b](//evil.example/y.png) ![c](/media/articles/c.png)")
    assert "evil.example" not in html
    assert '<img src="/media/articles/c.png" alt="c">' in html


@override_settings(CONTENT_IMAGE_HOSTS=["images.praxis.example"])
def test_images_from_a_trusted_host_are_kept_only_over_https() -> None:
    assert image_allowed("https://images.praxis.example/a.png")
    assert not image_allowed("http://images.praxis.example/a.png")
    assert not image_allowed("https://images.praxis.example.evil.example/a.png")
    assert not image_allowed("/media/../secret.png")
