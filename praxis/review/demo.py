"""Demo review data: the demo reviewer's themes, a review round with its checklist for every piece the content demo
left in a reviewed state, their history, and a few flags. Idempotent: pieces that already have a round are skipped.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from praxis.accounts.models import User
from praxis.content.models import Content, Theme
from praxis.core.audit import Action
from praxis.core.models import AuditEntry

from .models import CHECKLIST_FIELDS, Flag, ReviewerTheme, Submission

S = Content.Status
REVIEWER = "relecteur@praxis.local"
MODERATOR = "moderation@praxis.local"
# The demo reviewer (a rheumatologist) covers most themes; cardiology and psychiatry go to nobody, so the admin
# page shows how competences are given.
NOT_COVERED = {"cardiologie", "psychiatrie"}

CHANGES = ("Merci pour cette capsule très claire. Avant publication : précisez le volume maximal injectable chez "
           "l'adulte maigre et citez la recommandation sur laquelle vous vous appuyez.")
REJECTION = ("Le strapping montré n'est plus recommandé en première intention pour une entorse bénigne "
             "(préférer l'orthèse et la mobilisation précoce). Une nouvelle capsule sur ce thème serait bienvenue.")
APPROVAL = "Geste clair, références à jour. Merci !"
UNPUBLISHED = ("Un membre signale que l'étiquette d'un flacon montre le nom d'un patient à 1:42. Retirez ce passage "
               "(floutage) puis soumettez une nouvelle version.")
FLAGS = [
    ("Prise de sang chez la personne âgée", "sophie.lefebvre@praxis.local", Flag.Reason.INACCURATE,
     "Le garrot ne devrait pas rester plus d'une minute : la capsule le laisse bien plus longtemps."),
    ("Réfection d'un pansement d'ulcère veineux", "dr.martin@praxis.local", Flag.Reason.ADVERTISING,
     "La marque du pansement est citée trois fois."),
]


def _log(actor: User | None, action: str, content: Content, data: dict[str, Any], when: object) -> None:
    entry = AuditEntry.objects.create(
        actor=actor, action=action, data=data, target_type=ContentType.objects.get_for_model(Content),
        target_id=str(content.pk),
    )
    AuditEntry.objects.filter(pk=entry.pk).update(created_at=when)


def _round(content: Content, reviewer: User, moderator: User | None, now: object) -> None:
    """The submission, claim and decision a piece in this status went through, with their audit entries."""
    decided = content.reviewed_at or content.updated_at or now
    submitted = decided - timedelta(days=2, hours=3)
    claimed = submitted + timedelta(hours=20)
    submission = Submission.objects.create(content=content)
    _log(content.author, Action.REVIEW_SUBMISSION_SUBMITTED, content,
         {"submission": submission.pk, "from": "draft", "revision_of": content.revision_of_id,
          "version": content.version}, submitted)
    fields: dict[str, Any] = {"submitted_at": submitted}
    if content.status != S.SUBMITTED:
        fields.update(reviewer=reviewer, claimed_at=claimed)
        _log(reviewer, Action.REVIEW_SUBMISSION_CLAIMED, content,
             {"submission": submission.pk, "reviewer": reviewer.pk}, claimed)
    decision = {
        S.PUBLISHED: ("approved", APPROVAL, CHECKLIST_FIELDS),
        S.UNPUBLISHED: ("approved", APPROVAL, CHECKLIST_FIELDS),
        S.CHANGES_REQUESTED: ("changes_requested", CHANGES, CHECKLIST_FIELDS[2:]),
        S.REJECTED: ("rejected", REJECTION, ["check_no_advertising", "check_coi", "check_no_patient"]),
    }.get(content.status)
    if decision:
        verdict, comments, ticked = decision
        checklist = {name: name in ticked for name in CHECKLIST_FIELDS}
        fields.update(decision=verdict, comments=comments, decided_at=decided, **checklist)
        _log(reviewer, f"review.submission.{verdict}", content,
             {"submission": submission.pk, "checklist": checklist, "comments": comments,
              "revision_of": content.revision_of_id, "published": content.pk, "version": content.version}
             if verdict == "approved" else {"submission": submission.pk, "checklist": checklist,
                                            "comments": comments}, decided)
        if content.status in {S.CHANGES_REQUESTED, S.REJECTED}:
            Content.objects.filter(pk=content.pk).update(reviewed_by=reviewer, reviewed_at=decided)
    Submission.objects.filter(pk=submission.pk).update(**fields)
    if content.status == S.UNPUBLISHED and moderator is not None:
        when = decided + timedelta(days=5)
        flag = Flag.objects.create(content=content, reporter=User.objects.filter(
            email="claire.renard@praxis.local").first(), reason=Flag.Reason.PATIENT_PRIVACY,
            text="On lit le nom du patient sur l'étiquette du flacon.", status=Flag.Status.UPHELD,
            handled_by=moderator, handled_at=when, resolution=UNPUBLISHED)
        _log(moderator, Action.REVIEW_CONTENT_UNPUBLISHED, content, {"reason": UNPUBLISHED, "flags": [flag.pk]}, when)


def seed() -> str:
    reviewer = User.objects.filter(email=REVIEWER).first()
    if reviewer is None:
        return "review: demo reviewer missing, nothing created"
    moderator = User.objects.filter(email=MODERATOR).first()
    themes = Theme.objects.filter(is_active=True).exclude(slug__in=NOT_COVERED)
    ReviewerTheme.objects.bulk_create([ReviewerTheme(reviewer=reviewer, theme=theme) for theme in themes],
                                      ignore_conflicts=True)
    now = timezone.now()
    rounds = 0
    reviewed = [S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED, S.REJECTED, S.PUBLISHED, S.UNPUBLISHED]
    pieces = (Content.objects.filter(status__in=reviewed).exclude(author=reviewer)
              .exclude(submissions__isnull=False).select_related("author").order_by("pk"))
    for content in pieces:
        _round(content, reviewer, moderator, now)
        rounds += 1
    flags = 0
    for title, email, reason, text in FLAGS:
        content = Content.objects.filter(title=title, status=S.PUBLISHED, revision_of__isnull=True).first()
        member = User.objects.filter(email=email).first()
        if content is None or member is None or content.author_id == member.pk:
            continue
        if Flag.objects.filter(content=content, reporter=member).exists():
            continue
        flag = Flag.objects.create(content=content, reporter=member, reason=reason, text=text)
        _log(member, Action.REVIEW_FLAG_CREATED, content, {"flag": flag.pk, "reason": reason}, now - timedelta(hours=5))
        flags += 1
    return f"{themes.count()} reviewer themes, {rounds} review rounds, {flags} flags"
