"""The answers of a thread page are written in Python (`discussions.render`): the same HTML as the template loop they
replace, for every state of an answer and every kind of reader (author, asker, moderator, peer)."""

import re

import pytest
from django.template import RequestContext, Template
from django.urls import reverse
from django.utils import timezone

from ..models import Answer, AnswerVote, PostState, Question
from .factories import make_content, make_question

# The loop of question.html and the _answer.html it included, as they were before `render.answers_html`.
TEMPLATE_LOOP = "".join([
    "{% load i18n %}{% for answer in page.answers %}",
    '<li class="answer{% if answer.is_accepted %} accepted{% endif %}" id="answer-{{ answer.pk }}">\n',
    '  {% include "discussions/_answer_text.html" %}\n',
    '  <div class="actions">\n',
    '    {% if answer.is_visible %}{% include "discussions/_answer_vote.html" with can_vote=can_post %}{% endif %}\n',
    '    {% include "discussions/_post_actions.html" with post=answer kind="reponse" %}\n',
    "    {% if can_accept and answer.is_visible %}\n",
    "      <form method=\"post\" action=\"{% url 'discussions:accept' answer.pk %}\">{% csrf_token %}\n",
    '        <button type="submit" class="secondary">{% if answer.is_accepted %}{% translate "Unmark accepted" %}'
    '{% else %}{% translate "Mark as accepted" %}{% endif %}</button>\n',
    "      </form>\n",
    "    {% endif %}\n",
    "  </div>\n",
    "</li>\n{% endfor %}",
])
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture
def thread(personas):
    content = make_content(personas.verified_gp, title="Pansement <gras> & l'humidité")
    question = make_question(content, personas.facilitator, body="Question anonyme", anonymous=True)
    now = timezone.now()
    rows = [
        Answer.objects.create(question=question, author=personas.verified_gp, body="L'auteur <b>répond</b> & précise"),
        Answer.objects.create(question=question, author=personas.facilitator, body="Précision de la personne"),
        Answer.objects.create(question=question, author=personas.reviewer, body="Supprimée", state=PostState.DELETED),
        Answer.objects.create(question=question, author=personas.outsider, body="Masquée", state=PostState.HIDDEN),
        Answer.objects.create(question=question, author=personas.outsider, body="Corrigée", version=3, edited_at=now,
                              useful_count=2),
    ]
    AnswerVote.objects.create(answer=rows[4], user=personas.verified_gp)
    Question.objects.filter(pk=question.pk).update(accepted_answer=rows[0], answer_count=len(rows))
    return question


@pytest.mark.django_db
@pytest.mark.parametrize("reader", ["verified_gp", "facilitator", "moderator", "outsider", "reviewer",
                                    "unverified_member"])
@pytest.mark.parametrize("language", ["en", "fr", "nl"])
def test_python_answers_equal_the_template_loop(personas, thread, reader, language) -> None:
    client = personas.client(reader)
    response = client.get(reverse("discussions:question", args=[thread.pk]), headers={"Accept-Language": language})
    assert response.status_code == 200
    context = response.context
    from django.utils import translation

    with translation.override(language):
        expected = Template(TEMPLATE_LOOP).render(RequestContext(response.wsgi_request, {
            "page": context["page"], "can_post": context["can_post"], "can_accept": context["can_accept"],
        }))
    written = str(context["answers_html"])
    assert written.count('<li class="answer') == 5
    assert TOKEN.sub("", written) == TOKEN.sub("", expected)
    assert written in response.content.decode()
