"""What the directory keeps when a member deletes their account (called by `accounts.services.member_delete`).

Nothing personal: memberships, the directory profile, their follows and claims go with the account (cascade), and so
do the follows that other members had of them. Institutions they registered stay (`created_by` is emptied).
"""

from __future__ import annotations

from praxis.accounts.models import User

from .models import Follow


def erase_member(*, member: User, former_member: User) -> None:
    Follow.objects.filter(target_kind=Follow.Kind.MEMBER, target_id=member.pk).delete()
