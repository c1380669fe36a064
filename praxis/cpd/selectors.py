"""Reads of the cpd app."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.safestring import SafeString

from praxis.core.actor import Actor
from praxis.core.cards import cards_by_pk

from . import rules
from .models import Attestation, Entry, SchemeChoice, Transmission
from .schemes import Period, Progress, RuleVersion, evaluate, period_for


def attestation_by_code(code: str) -> Attestation | None:
    """The public verification reads any code (the code is the secret); codes are typed in any case."""
    code = "".join(code.split()).upper().replace("-", "")
    return Attestation.objects.select_related("issuer_institution").filter(code=code).first()


def record_entries(actor: Actor) -> QuerySet[Entry]:
    return rules.entries_visible_to(actor).select_related("attestation").order_by("-date", "-pk")


def record_year(actor: Actor, year: int) -> list[tuple[Any, SafeString]]:
    """The activities of one year on the record page: each row (pk, origin, title: what the page shows around the
    card) with its card, kept rendered per entry, `updated_at` and language (`praxis.core.cards`); whole entries are
    read only for the cards not cached yet. Two queries at most."""
    rows: list[Any] = list(rules.entries_visible_to(actor).filter(date__year=year).order_by("-date", "-pk")
                .values_list("pk", "updated_at", "origin", "title", named=True))
    entries = record_entries(actor)
    cards = cards_by_pk("cpd_entry", [(row.pk, row.updated_at) for row in rows], template="cpd/_entry_card.html",
                        load=lambda ids: entries.filter(pk__in=ids), context="entry")
    return [(row, cards[row.pk]) for row in rows if row.pk in cards]  # an entry deleted meanwhile is left out


@dataclass
class SchemeStatus:
    choice: SchemeChoice
    period: Period
    rule: RuleVersion
    progress: list[Progress]

    @property
    def met(self) -> bool:
        return all(p.met for p in self.progress)

    @property
    def days_left(self) -> int:
        return (self.period.end - timezone.localdate()).days


def scheme_statuses(actor: Actor, day: date) -> list[SchemeStatus]:
    """Each scheme the member follows, with the period containing `day` and the progress in it. Two queries."""
    choices = list(SchemeChoice.objects.filter(member_id=actor.id))
    if not choices:
        return []
    periods = [(choice, *period_for(choice.scheme, choice.anchor, day)) for choice in choices]
    start, end = min(p.start for _c, p, _r in periods), max(p.end for _c, p, _r in periods)
    # Plain rows, not model instances: the measures read only these fields (schemes.py), and a ten-year record has a
    # few hundred entries in a period.
    entries: list[Any] = list(rules.entries_visible_to(actor).filter(date__range=(start, end))
                              .values_list(*PROGRESS_FIELDS, named=True))
    return [SchemeStatus(choice, period, rule, evaluate(rule, [e for e in entries if e.date in period]))
            for choice, period, rule in periods]


PROGRESS_FIELDS = ["date", "hours", "points", "rubric", "activity_type", "dpc_action_type", "dpc_priority",
                   "certification_block"]


def entry_years(actor: Actor) -> list[int]:
    return [d.year for d in rules.entries_visible_to(actor).dates("date", "year", order="DESC")]


def attestation_codes(*, kind: str, source_key: str) -> QuerySet[Any]:
    """(recipient id, code) of the valid attestations issued for one source (an event's attendance)."""
    return Attestation.objects.filter(kind=kind, source_key=source_key, revoked_at__isnull=True).values_list(
        "recipient_id", "code")


def transmit_institutions(actor: Actor) -> QuerySet[Any]:
    """Institutions the actor may transmit attendance lists for (the model reached through the foreign key: cpd
    stands below institutions and does not import it)."""
    institution_model = Transmission._meta.get_field("institution").related_model
    return institution_model._default_manager.filter(pk__in=rules.transmit_institution_ids(actor)).order_by("name")


def scheme_choices(actor: Actor) -> QuerySet[SchemeChoice]:
    """The schemes the actor follows (a member's own only: others get a 404)."""
    return SchemeChoice.objects.filter(member_id=actor.id)
