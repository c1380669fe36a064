"""Demo discussions: French questions and answers under published pieces (one asked anonymously, one answer
accepted, one edited by its author), "useful" votes, bookmarks and a playlist, and an answer flagged as advertising
waiting in the moderation queue. Idempotent: a piece that already has questions is skipped."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from praxis.accounts.models import User
from praxis.content.models import Content
from praxis.core.actor import Actor
from praxis.review.models import Flag
from praxis.review.services import flag_record

from .models import Answer, AnswerVote, Bookmark, ContentVote, Playlist, PlaylistItem, PostRevision, Question

GP, NURSE, PHYSIO, SWISS_GP, REVIEWER = (
    "dr.martin@praxis.local", "claire.renard@praxis.local", "sophie.lefebvre@praxis.local",
    "marc.girard@praxis.local", "relecteur@praxis.local",
)

# content title -> [(asker, anonymous, question, [(answerer, answer, accepted)])]
THREADS: dict[str, list[tuple[str, bool, str, list[tuple[str, str, bool]]]]] = {
    "Infiltration du genou : voie latérale": [
        (NURSE, False, "Faut-il laisser le patient au repos après l'infiltration, et combien de temps ?", [
            (GP, "Je conseille 48 heures sans effort important (pas de sport, pas de longue marche), mais la marche "
                 "normale est autorisée tout de suite.", True),
            (REVIEWER, "C'est aussi ce que recommandent les rhumatologues : repos relatif de 24 à 48 h. Pas besoin "
                       "d'immobilisation.", False),
        ]),
        (PHYSIO, True, "Question peut-être naïve : comment être sûr d'être dans l'articulation et pas dans la graisse "
                       "de Hoffa ?", [
            (GP, "Pas naïf du tout ! L'absence de résistance à l'injection est le meilleur signe. En cas de doute, "
                 "une aspiration de quelques gouttes de liquide synovial confirme la position.", False),
            (SWISS_GP, "L'échoguidage aide beaucoup au début, si vous y avez accès.", False),
        ]),
    ],
    "Prise de sang chez la personne âgée": [
        (GP, False, "Quelle taille d'aiguille utilisez-vous pour les veines très fines ?", [
            (NURSE, "Une aiguille à ailettes 23G, avec un tube de petit volume pour limiter l'aspiration.", True),
        ]),
    ],
    "Réaliser un ECG 12 dérivations sans erreur de placement": [
        (NURSE, True, "Chez une patiente avec une forte poitrine, où placer V4 à V6 exactement ?", [
            (GP, "Sous le sein, au 5e espace intercostal : on soulève le sein plutôt que de poser l'électrode "
                 "dessus.", False),
        ]),
    ],
}
VOTES = {
    "Infiltration du genou : voie latérale": [NURSE, PHYSIO, SWISS_GP, REVIEWER],
    "Prise de sang chez la personne âgée": [GP, PHYSIO, SWISS_GP],
    "Réaliser un ECG 12 dérivations sans erreur de placement": [NURSE, REVIEWER],
}
PLAYLIST = ("Gestes à revoir avant la garde", GP, [
    "Réaliser un ECG 12 dérivations sans erreur de placement", "Prise de sang chez la personne âgée",
    "Examen otoscopique chez le jeune enfant",
])
BOOKMARKS = {GP: ["Prise de sang chez la personne âgée", "Mobilisation précoce après prothèse totale de hanche"],
             NURSE: ["Infiltration du genou : voie latérale"]}


def _published(title: str) -> Content | None:
    return Content.objects.filter(title=title, status=Content.Status.PUBLISHED, revision_of__isnull=True).first()


def _threads(users: dict[str, User], now: datetime) -> tuple[int, int]:
    """The demo questions and answers, with their dates, accepted answers and useful votes."""
    questions = answers = 0
    for title, threads in THREADS.items():
        content = _published(title)
        if content is None or content.questions.exists():
            continue
        for n, (asker, anonymous, body, replies) in enumerate(threads):
            asked = now - timedelta(days=2 - n, hours=6)
            question = Question.objects.create(content=content, author=users[asker], is_anonymous=anonymous,
                                               body=body, answer_count=len(replies))
            Question.objects.filter(pk=question.pk).update(created_at=asked)
            questions += 1
            for m, (answerer, text, accepted) in enumerate(replies):
                answer = Answer.objects.create(question=question, author=users[answerer], body=text)
                Answer.objects.filter(pk=answer.pk).update(created_at=asked + timedelta(hours=2 + 3 * m))
                answers += 1
                if accepted:
                    Question.objects.filter(pk=question.pk).update(accepted_answer=answer)
                voters = [u for e, u in users.items() if e not in {answerer, asker}][:2 - m]
                AnswerVote.objects.bulk_create([AnswerVote(answer=answer, user=u) for u in voters],
                                               ignore_conflicts=True)
                Answer.objects.filter(pk=answer.pk).update(useful_count=AnswerVote.objects.filter(answer=answer)
                                                           .count())
    return questions, answers


FLAGGED_ANSWER = ("Pour les veines fines, nous ne jurons que par les aiguilles VeinoPlus : -15 % avec le code "
                  "PRAXIS15 sur notre boutique en ligne.")
EDITED_ANSWER = ("Une aiguille à ailettes 23G, avec un tube de petit volume pour limiter l'aspiration.",
                 "Une aiguille à ailettes 23G (ou 25G si vraiment nécessaire), avec un tube pédiatrique de "
                 "petit volume pour limiter l'aspiration.")


def _moderation(users: dict[str, User]) -> None:
    """An answer edited by its author (the "edited" mark, an earlier version) and an advertising answer flagged by a
    member, waiting in the moderation queue."""
    question = Question.objects.filter(body__startswith="Quelle taille d'aiguille").first()
    if question is None:
        return
    edited = Answer.objects.filter(question=question, body=EDITED_ANSWER[0]).first()
    if edited is not None:
        PostRevision.objects.create(answer=edited, version=1, body=edited.body, edited_by=edited.author)
        Answer.objects.filter(pk=edited.pk).update(body=EDITED_ANSWER[1], version=2,
                                                   edited_at=edited.created_at + timedelta(hours=1))
    if not Answer.objects.filter(question=question, body=FLAGGED_ANSWER).exists():
        flagged = Answer.objects.create(question=question, author=users[SWISS_GP], body=FLAGGED_ANSWER)
        Question.objects.filter(pk=question.pk).update(answer_count=question.answers.count())
        flag_record(actor=Actor(users[NURSE]), target=flagged, reason=Flag.Reason.ADVERTISING,
                    text="Publicité pour une marque d'aiguilles, avec un code promo.")


def seed() -> str:
    users = {u.email: u for u in User.objects.filter(email__in=[GP, NURSE, PHYSIO, SWISS_GP, REVIEWER])}
    if len(users) < 5:
        return "discussions: demo members missing, nothing created"
    questions, answers = _threads(users, timezone.now())
    _moderation(users)
    for title, voters in VOTES.items():
        content = _published(title)
        if content is not None:
            ContentVote.objects.bulk_create(
                [ContentVote(content=content, user=users[e]) for e in voters if users[e].pk != content.author_id],
                ignore_conflicts=True)
    for email, titles in BOOKMARKS.items():
        for title in titles:
            content = _published(title)
            if content is not None:
                Bookmark.objects.get_or_create(user=users[email], content=content)
    name, owner, titles = PLAYLIST
    playlist, _created = Playlist.objects.get_or_create(owner=users[owner], name=name)
    for position, title in enumerate(titles, start=1):
        content = _published(title)
        if content is not None:
            PlaylistItem.objects.get_or_create(playlist=playlist, content=content, defaults={"position": position})
    return f"{questions} questions, {answers} answers, votes, bookmarks and 1 playlist"
