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


def _cards(actor, content) -> list[str]:
    from .. import selectors

    return [discussions_tags.question_card(q) for q in selectors.questions_for_content(actor, content)]


def test_a_kept_question_card_is_the_templates_and_shows_each_reader_what_they_may_see(personas) -> None:
    from praxis.core.actor import Actor

    from .. import selectors
    from ..models import Question
    from .factories import make_answers, make_question

    content = make_content(personas.verified_gp)
    asked = make_question(content, personas.unverified_member, body="Quelle aiguille ?", anonymous=True)
    [answer] = make_answers(asked, [personas.verified_gp], 1)
    Question.objects.filter(pk=asked.pk).update(accepted_answer=answer)
    readers = {"member": Actor(personas.outsider), "moderator": Actor(personas.moderator),
               "asker": Actor(personas.unverified_member)}
    for _round in range(2):  # rendered, then from the cache
        for actor in readers.values():
            [question] = selectors.questions_for_content(actor, content)
            fresh = render_to_string("discussions/_question_card.html", {"question": question})
            assert discussions_tags.question_card(question) == fresh
    member, moderator = _cards(readers["member"], content)[0], _cards(readers["moderator"], content)[0]
    name = personas.unverified_member.get_full_name()
    assert name not in member and name in moderator  # an anonymous asker stays anonymous to members
    assert "Author of the content" in member or "Auteur du contenu" in member
    # An edit, a new answer and a new name show at once.
    Question.objects.filter(pk=asked.pk).update(body="Quelle aiguille pour une infiltration ?", version=2)
    assert "pour une infiltration" in _cards(readers["member"], content)[0]
    make_answers(asked, [personas.reviewer], 1)
    Question.objects.filter(pk=asked.pk).update(answer_count=2)
    assert "2 " in _cards(readers["member"], content)[0]
    personas.unverified_member.last_name = "Renommé"
    personas.unverified_member.save()
    assert "Renommé" in _cards(readers["moderator"], content)[0]
    assert "Renommé" not in _cards(readers["member"], content)[0]
