"""Benchmark data for the cpd app: a member with ten years of continuing education (bench scenario `cpd.record`)."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import Entry, Rubric, Scheme, SchemeChoice

SOURCE_PREFIX = "scale.cpd:"
TITLES = ["Soirée GLEM : {c}", "Formation : {c} en pratique", "Module en ligne : {c}", "Congrès : {c}",
          "Audit clinique : {c}", "Atelier : {c}"]
CONDITIONS = ["BPCO", "diabète de type 2", "insuffisance cardiaque", "dépression", "lombalgie", "vaccination",
              "antibiorésistance", "soins palliatifs", "hypertension", "asthme de l'enfant"]
ACTIVITY = [Entry.ActivityType.PEER_GROUP, Entry.ActivityType.EVENT, Entry.ActivityType.COURSE,
            Entry.ActivityType.EVENT, Entry.ActivityType.DECLARED, Entry.ActivityType.EVENT]


@transaction.atomic
def seed_record(member: Any, *, years: int = 10, per_month: int = 6, seed: int = 16) -> int:
    """Ten years of entries (about 720) and three schemes for `member`, once (a second call adds nothing)."""
    if Entry.objects.filter(member=member, source_key__startswith=SOURCE_PREFIX).exists():
        return 0
    rng = random.Random(seed)
    today = timezone.localdate()
    rows = []
    for i in range(years * 12 * per_month):
        kind = rng.randrange(len(TITLES))
        hours = Decimal(rng.choice([1, 2, 2, 3, 4, 7]))
        rows.append(Entry(
            member=member, origin=rng.choice(list(Entry.Origin)), source_key=f"{SOURCE_PREFIX}{i}",
            title=TITLES[kind].format(c=rng.choice(CONDITIONS)), organiser="GLEM de banc",
            date=today - timedelta(days=rng.randrange(years * 365)), hours=hours, points=hours,
            rubric=Rubric.ETHICS_ECONOMICS if rng.random() < 0.15 else Rubric.GENERAL, activity_type=ACTIVITY[kind],
            dpc_action_type=rng.choice(["", *Entry.DpcActionType.values]), dpc_priority=rng.random() < 0.3,
            certification_block=rng.choice(["", *Entry.CertificationBlock.values]),
        ))
    Entry.objects.bulk_create(rows, batch_size=2000)
    for scheme in (Scheme.BE_ACCREDITATION, Scheme.FR_DPC, Scheme.FR_CERTIFICATION_6):
        SchemeChoice.objects.get_or_create(member=member, scheme=scheme,
                                           defaults={"anchor": today.replace(month=1, day=1) - timedelta(days=365)})
    return len(rows)
