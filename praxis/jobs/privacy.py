"""What jobs keep when a member deletes their account (called by `accounts.services.member_delete`).

Kept, shown as "Former member": the job offers they posted (they belong to the institution). Deleted with the
account: their messages to institutions and their saved searches.
"""

from __future__ import annotations

from praxis.accounts.models import User

from .models import JobOffer


def erase_member(*, member: User, former_member: User) -> None:
    JobOffer.objects.filter(posted_by=member).update(posted_by=former_member)
