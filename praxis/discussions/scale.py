"""Benchmark data of discussions for `manage.py seed_scale` (see praxis.core.scale)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.db import models

from praxis.content.scale import CONDITIONS, POPULATIONS, scale_published_contents
from praxis.core.scale import SLUG_PREFIX, Context, Generator, bulk, keep_dates, paragraph

QUESTION_OPENERS = ["Quelqu'un a-t-il l'expérience de", "Que proposez-vous pour", "Comment gérez-vous",
                    "Quelle surveillance pour", "Faut-il vraiment arrêter le traitement dans", "Un avis sur"]


ANSWER_SENTENCES = [
    "Dans notre service, nous réévaluons systématiquement après 48 heures.",
    "J'ai eu de bons résultats avec une approche progressive, en impliquant la famille.",
    "Attention aux interactions médicamenteuses, surtout chez le patient polymédiqué.",
    "Les dernières recommandations vont dans ce sens, voir la synthèse du KCE.",
    "Nous travaillons en binôme infirmier-kiné, cela change tout pour l'adhésion.",
    "Je confirme, et j'ajouterais un contrôle biologique à un mois.",
    "Merci pour ce partage, très utile pour nos tournées à domicile.",
    "En maison de repos, la difficulté est surtout la continuité entre les équipes.",
    "Il faut documenter la douleur avec une échelle adaptée, sinon on la sous-estime.",
    "Chez nous, le pharmacien de référence revoit le schéma à chaque hospitalisation.",
]


def busy_content_id() -> int | None:
    """The public content with the most views: it carries the 5 000-answer thread (the bench reads it)."""
    Content = apps.get_model("content", "Content")
    return (Content.objects.filter(slug__startswith=SLUG_PREFIX, status="published", visibility="public",
                                   revision_of__isnull=True).order_by("-view_count", "pk")
            .values_list("pk", flat=True).first())


THREAD_MARK = "Fil de référence :"


def thread_question() -> Any:
    """The seeded 5 000-answer question (found by its mark: view counts change as the bench reads pages)."""
    Question = apps.get_model("discussions", "Question")
    return (Question.objects.filter(content__slug__startswith=SLUG_PREFIX, body__startswith=THREAD_MARK)
            .select_related("content").first())


def discussions_present(ctx: Context) -> bool:
    Answer = apps.get_model("discussions", "Answer")
    thread = thread_question()
    if thread is None or Answer.objects.filter(question=thread).count() != ctx.sizes["thread"]:
        return False
    # "comments" counts questions and answers (a tenth are questions), as discussions_create splits them.
    Question = apps.get_model("discussions", "Question")
    written = (Question.objects.filter(content__slug__startswith=SLUG_PREFIX).count()
               + Answer.objects.filter(question__content__slug__startswith=SLUG_PREFIX).count())
    return written >= ctx.sizes["comments"] + 1  # + the thread's own question


def discussions_delete(ctx: Context) -> None:
    apps.get_model("discussions", "Question").objects.filter(content__slug__startswith=SLUG_PREFIX).delete()


def discussions_create(ctx: Context) -> str:
    Question = apps.get_model("discussions", "Question")
    Answer = apps.get_model("discussions", "Answer")
    rng = ctx.rng("discussions")
    contents = scale_published_contents(ctx)
    busy = busy_content_id()
    members = ctx.member_ids()
    if not contents or not members or busy is None:
        return "no published contents: discussions skipped"
    total = ctx.sizes["comments"]
    nq = max(1, total // 10)
    na = max(0, total - nq)
    # Popular questions get most answers: index drawn with a quadratic skew.
    assign = [int(nq * rng.random() ** 2) for _ in range(na)]
    counts = [0] * nq
    for index in assign:
        counts[index] += 1
    asked = [ctx.now - timedelta(days=rng.randint(1, 3 * 365), minutes=rng.randint(0, 1439)) for _ in range(nq)]

    def questions() -> Iterator[models.Model]:
        for i in range(nq):
            condition = rng.choice(CONDITIONS)
            yield Question(
                content_id=rng.choice(contents), author_id=rng.choice(members), is_anonymous=rng.random() < 0.1,
                body=f"{rng.choice(QUESTION_OPENERS)} {condition} {rng.choice(POPULATIONS)} ? "
                     f"{paragraph(rng, ANSWER_SENTENCES, 1, 2)}",
                answer_count=counts[i], created_at=asked[i],
            )

    with keep_dates(Question, "created_at"):
        bulk(Question, questions())
        thread = Question(content_id=busy, author_id=members[0], body=f"{THREAD_MARK} votre protocole pour "
                          "l'escarre de talon à domicile ? Partagez vos pratiques.", answer_count=ctx.sizes["thread"],
                          created_at=ctx.now - timedelta(days=400))
        thread.save()
    qids = list(Question.objects.filter(content__slug__startswith=SLUG_PREFIX).exclude(pk=thread.pk)
                .order_by("pk").values_list("pk", flat=True))

    def answers() -> Iterator[models.Model]:
        for index in assign:
            yield Answer(
                question_id=qids[index], author_id=rng.choice(members), body=paragraph(rng, ANSWER_SENTENCES, 1, 3),
                useful_count=int(rng.paretovariate(2)) - 1,
                created_at=asked[index] + timedelta(minutes=rng.randint(5, 60 * 24 * 60)),
            )
        for k in range(ctx.sizes["thread"]):
            yield Answer(
                question_id=thread.pk, author_id=rng.choice(members), body=paragraph(rng, ANSWER_SENTENCES, 1, 3),
                useful_count=int(rng.paretovariate(2)) - 1, created_at=thread.created_at + timedelta(minutes=90 * k),
            )

    with keep_dates(Answer, "created_at"):
        count = bulk(Answer, answers())
    return f"{nq + 1} questions, {count} answers (thread #{thread.pk}: {ctx.sizes['thread']} answers)"


GENERATORS = [
    Generator("discussions", ["discussions.Question", "discussions.Answer"], discussions_present, discussions_delete,
              discussions_create),
]
