"""The discussions side of the bench: the pages of the seeded 5 000-answer thread and the answer-posting write."""

from __future__ import annotations

from django.urls import reverse

from praxis.core.scale import SLUG_PREFIX
from praxis.discussions.models import Answer, Question
from praxis.discussions.scale import THREAD_MARK, thread_question
from praxis.discussions.selectors import encode_cursor


def info() -> dict | None:
    """Paths of the first, middle (keyset cursor after answer n/2) and last page of the big thread."""
    question = thread_question()
    if question is None:
        return None
    base = reverse("discussions:question", kwargs={"question_id": question.pk})
    answers = Answer.objects.filter(question=question).order_by("created_at", "id")
    count = answers.count()
    middle = answers[count // 2]
    return {"question": question.pk, "answers": count, "first": base, "content": question.content_id,
            "middle": f"{base}?after={encode_cursor(middle)}", "last": f"{base}?last=1"}


def write_targets(ctx: dict) -> list[dict]:
    """Answers are posted to another question (of a public content), so the big thread stays as seeded."""
    question = (Question.objects.filter(content__slug__startswith=SLUG_PREFIX, content__visibility="public",
                                        content__status="published")
                .exclude(body__startswith=THREAD_MARK).order_by("pk").first())
    if question is None:
        return []
    return [{
        "name": "post_answer", "path": reverse("discussions:answer", kwargs={"question_id": question.pk}),
        "bodies": ["body=Merci pour ce partage, nous appliquons la même surveillance dans notre service."],
        "note": "discussions answer_post (answer row, counter, audit entry, notification job)",
    }]
