"""Questions in the search index (owned by the search app; see praxis/search/registry.py).

A question is visible where its content is: the selector derives from `contents_visible_to`. The asker's name is
never indexed (questions may be anonymous to peers)."""

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

from praxis.content.models import Content
from praxis.content.rules import audience_key, contents_visible_to
from praxis.core.actor import Actor
from praxis.search.labels import KIND_LABELS
from praxis.search.registry import Document, Registration, register, standing_ids

from .models import PostState, Question


def questions_visible_to(actor: Actor) -> QuerySet[Question]:
    return Question.objects.filter(content__in=contents_visible_to(actor), state=PostState.VISIBLE)


def _document(question: Question) -> Document | None:
    """A question deleted by its author or hidden by a moderator leaves the index (its placeholder stays)."""
    content = question.content
    if content.status != Content.Status.PUBLISHED or question.state != PostState.VISIBLE:
        return None
    try:
        url = reverse("content:detail", kwargs={"pk": content.pk, "slug": content.slug or "contenu"})
    except NoReverseMatch:
        url = ""
    return Document(
        title=question.body[:200],
        body=f"{content.title}. {question.body}",
        language=content.language,
        url=f"{url}#question-{question.pk}" if url else "",
        date=question.created_at,
        themes=[theme.slug for theme in content.themes.all()],
        professions=list(content.target_professions or []),
        popularity=question.answer_count,
        audience=audience_key(content),
    )


register(Registration(
    kind="question",
    label=KIND_LABELS["question"],
    model=Question,
    visible_to=questions_visible_to,
    visible_ids=standing_ids(questions_visible_to),  # contents_visible_to reads only a Standing
    document=_document,
    queryset=lambda: Question.objects.select_related("content").prefetch_related("content__themes"),
    updated_field="created_at",  # edits re-index through the save hook
    # A question's entry carries its content's title, themes, language and audience.
    follows={"content": lambda content_ids: Question.objects.filter(content_id__in=content_ids)},
))
