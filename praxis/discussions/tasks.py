"""Emails about discussions: the content's author hears of a new question, the asker of a new answer."""

from django.urls import reverse

from praxis.core.tasks import durable_task
from praxis.notifications.mail import send_member_email

from .models import Answer, Question
from .notifications import ANSWERS, QUESTIONS


@durable_task
def notify_new_question(question_id: int) -> None:
    question = Question.objects.select_related("content", "content__author", "author").filter(pk=question_id).first()
    if question is None:
        return
    author = question.content.author
    send_member_email(
        to=author.email, template="discussions/email/new_question",
        context={"member": author, "question": question, "content": question.content,
                 # The content's author is a member like any other: an anonymous asker stays anonymous.
                 "asker": None if question.is_anonymous else question.author,
                 "url": reverse("discussions:question", args=[question.pk])},
        language=author.preferred_language, member=author, kind=QUESTIONS,
    )


@durable_task
def notify_new_answer(answer_id: int) -> None:
    answer = Answer.objects.select_related("question", "question__author", "question__content", "author").filter(
        pk=answer_id).first()
    if answer is None:
        return
    asker = answer.question.author
    send_member_email(
        to=asker.email, template="discussions/email/new_answer",
        context={"member": asker, "answer": answer, "question": answer.question, "content": answer.question.content,
                 "url": reverse("discussions:question", args=[answer.question_id])},
        language=asker.preferred_language, member=asker, kind=ANSWERS,
    )
