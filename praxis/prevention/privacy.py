"""Prevention holds no personal data: an ICOPE screening is an anonymous row (no link to anyone, no free text; see
docs/architecture.md, "Anonymous screenings"). The rows are still kept for a declared time only."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from praxis.core.personal_data import Holding, OnErasure, Retention

from .models import Toolbox

PERSONAL_DATA = [
    Holding("prevention.Screening", ("age_band", "area", "screened_on"),
            purpose=_("anonymous ICOPE screenings, for the programme's figures (no name, no link to anyone)"),
            on_erasure=OnErasure.NOT_LINKED,
            retention=Retention("RETENTION_SCREENING_DAYS", _("the screening"), date_field="screened_on")),
    Holding("prevention.Toolbox", ("created_by",), purpose=_("who made a toolbox or added to it"),
            on_erasure=OnErasure.ANONYMISED),
    Holding("prevention.ToolboxItem", ("added_by",), purpose=_("who made a toolbox or added to it"),
            on_erasure=OnErasure.ANONYMISED),
]


def export_member(*, member: Any) -> dict[str, Any]:
    return {"toolboxes_created": list(Toolbox.objects.filter(created_by=member).values("title", "created_at"))}


def erase_member(*, member: Any, former_member: Any) -> None:
    """Author links empty themselves (`SET_NULL`): toolboxes stay for their readers."""
