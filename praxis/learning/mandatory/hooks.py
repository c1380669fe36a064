"""A member who joins an institution's staff (an invitation accepted, an admin adding them) is linked to their line
of the staff list by address, and gets the automatic assignments that match them."""

from __future__ import annotations

from typing import Any

from django.db import transaction


def membership_saved(sender: Any, instance: Any, created: bool = False, raw: bool = False, **kwargs: Any) -> None:
    if raw or instance.status != "active":
        return
    from .models import StaffMember
    from .services import assign_newcomers, staff_link_member

    def link() -> None:
        if staff_link_member(institution_id=instance.institution_id, user=instance.user):
            ids = list(StaffMember.objects.filter(institution_id=instance.institution_id, user=instance.user)
                       .values_list("pk", flat=True))
            assign_newcomers(institution_id=instance.institution_id, staff_ids=ids)

    transaction.on_commit(link)
