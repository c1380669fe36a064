"""The member's own continuing-education record in the public API: the record page's entries
(`selectors.record_entries`, over `rules.entries_visible_to`: the member's own, nobody else's) and the progress per
scheme (`selectors.scheme_statuses`, the record page's summary)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from ninja import Router, Schema
from pydantic import Field

from praxis.core.rest import DEFAULT_LIMIT, PROBLEMS, Limit, paginate, require_member

from . import selectors
from .models import Attestation, Entry

router = Router(tags=["cpd"])


class AttestationOut(Schema):
    code: str
    kind: str
    title: str
    issuer_name: str
    issued_on: date
    valid_until: date | None
    state: str
    verify_url: str

    @staticmethod
    def resolve_verify_url(attestation: Attestation) -> str:
        return reverse("cpd:verify", kwargs={"code": attestation.code})


class EntryOut(Schema):
    id: int
    origin: str
    activity_type: str
    title: str
    organiser: str
    date: date
    hours: Decimal | None
    points: Decimal | None
    rubric: str
    reference: str
    dpc_action_type: str
    dpc_priority: bool
    certification_block: str
    attestation: AttestationOut | None


class RequirementOut(Schema):
    key: str
    label: str
    unit: str
    target: Decimal
    achieved: Decimal
    met: bool


class SchemeOut(Schema):
    scheme: str
    label: str
    anchor: date
    period_start: date
    period_end: date
    days_left: int
    met: bool
    requirements: list[RequirementOut]


@router.get("/cpd/entries", response={200: list[EntryOut], **PROBLEMS}, summary="My continuing-education record")
def entries(request: HttpRequest, response: HttpResponse,
            year: Annotated[int, Field(ge=1900, le=2200)] | None = None, limit: Limit = DEFAULT_LIMIT,
            cursor: str = "") -> list[Entry]:
    """The token's member's activities, newest first (the record page's list); `year` for one year only."""
    actor = require_member(request, "cpd:read")
    rows = selectors.record_entries(actor)
    if year is not None:
        rows = rows.filter(date__year=year)
    return paginate(request, response, rows, key="date", descending=True, limit=limit, cursor=cursor)


@router.get("/cpd/schemes", response={200: list[SchemeOut], **PROBLEMS}, summary="My progress per scheme")
def schemes(request: HttpRequest) -> list[SchemeOut]:
    """Each scheme the member follows, with today's period and the progress in it (the record page's summary)."""
    actor = require_member(request, "cpd:read")
    return [
        SchemeOut(
            scheme=status.choice.scheme, label=str(status.choice.get_scheme_display()), anchor=status.choice.anchor,
            period_start=status.period.start, period_end=status.period.end, days_left=status.days_left,
            met=status.met,
            requirements=[RequirementOut(key=p.requirement.key, label=str(p.requirement.label),
                                         unit=p.requirement.unit, target=p.requirement.target, achieved=p.achieved,
                                         met=p.met) for p in status.progress])
        for status in selectors.scheme_statuses(actor, timezone.localdate())
    ]
