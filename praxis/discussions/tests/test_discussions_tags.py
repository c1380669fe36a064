"""The content page's discussion block: the empty question form kept rendered per language."""

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from praxis.discussions.forms import QuestionForm
from praxis.discussions.templatetags import discussions_tags

from .factories import make_content


def test_the_kept_question_form_is_the_forms_own_html_in_each_language(personas) -> None:
    content = make_content(personas.verified_gp)
    page = personas.client("verified_gp")
    seen = {}
    for language, label in [("fr", "Votre question"), ("nl", "Uw vraag"), ("en", "Your question"), ("fr", "")]:
        page.cookies[settings.LANGUAGE_COOKIE_NAME] = language
        html = page.get(f"/contenus/{content.pk}-{content.slug}/").content.decode()
        with translation.override(language):
            fresh = render_to_string("discussions/_ask_fields.html", {"form": QuestionForm()})
            assert discussions_tags._empty_ask_fields() == fresh
        assert fresh in html
        if label:
            assert label in fresh
        seen[language] = fresh
    assert len(set(seen.values())) == 3
