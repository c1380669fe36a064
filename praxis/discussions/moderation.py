"""What the moderation queue (review) shows of a flagged question or answer, and the actions it offers."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from praxis.review.models import Flag
from praxis.review.targets import FlagTarget, ModerationLink, Shown, register

from .models import Answer, PostState, Question

POST_REASONS = (
    Flag.Reason.INACCURATE, Flag.Reason.ADVERTISING, Flag.Reason.PATIENT_PRIVACY, Flag.Reason.INAPPROPRIATE,
    Flag.Reason.OTHER,
)


def _actions(kind: str, post: Question | Answer) -> list[ModerationLink]:
    actions = []
    if post.state == PostState.VISIBLE:
        actions.append(ModerationLink(_("Hide…"), reverse("discussions:post_hide", args=[kind, post.pk])))
    if post.state != PostState.DELETED:
        actions.append(ModerationLink(_("Correct…"), reverse("discussions:post_edit", args=[kind, post.pk])))
    return actions


def _state(post: Question | Answer) -> str:
    return "" if post.state == PostState.VISIBLE else str(post.get_state_display())


def _show_question(question: Question) -> Shown:
    return Shown(
        kind=_("Question"), title=question.content.title, text=question.body, author=question.author,
        url=reverse("discussions:question", args=[question.pk]), state=_state(question),
        actions=_actions("question", question),
    )


def _show_answer(answer: Answer) -> Shown:
    return Shown(
        kind=_("Answer"), title=answer.question.content.title, text=answer.body, author=answer.author,
        url=f"{reverse('discussions:question', args=[answer.question_id])}#answer-{answer.pk}", state=_state(answer),
        actions=_actions("reponse", answer),
    )


register(FlagTarget(model=Question, queryset=lambda: Question.objects.select_related("content", "author"),
                    show=_show_question, reasons=POST_REASONS))
register(FlagTarget(model=Answer, queryset=lambda: Answer.objects.select_related("question__content", "author"),
                    show=_show_answer, reasons=POST_REASONS))
