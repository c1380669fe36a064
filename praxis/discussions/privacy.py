"""What discussions keep when a member deletes their account (called by `accounts.services.member_delete`).

Kept, shown as "Former member": their answers (they answer someone's question) and their questions that others
answered (the answers would go with them). Deleted: their questions nobody else answered, their votes (the counts
shown go down), bookmarks and playlists.
"""

from __future__ import annotations

from django.db.models import Exists, F, OuterRef

from praxis.accounts.models import User

from .models import Answer, AnswerVote, Question


def erase_member(*, member: User, former_member: User) -> None:
    Answer.objects.filter(pk__in=AnswerVote.objects.filter(user=member).values("answer_id")).update(
        useful_count=F("useful_count") - 1
    )
    answered_by_others = Exists(Answer.objects.filter(question=OuterRef("pk")).exclude(author=member))
    asked = Question.objects.filter(author=member)
    asked.filter(answered_by_others).update(author=former_member)
    asked.exclude(answered_by_others).delete()
    Answer.objects.filter(author=member).update(author=former_member)
