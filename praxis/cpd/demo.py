"""Demo record of Dr Julien Martin (Belgian GP): attestations with their public verification page, and entries."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from praxis.accounts.models import User

from . import services
from .models import Attestation, Entry, Rubric

# (source key, title, organiser, days ago, hours, points, rubric, activity type, kind of attestation or "")
MARTIN = [
    ("demo.cpd:bpco-2026", "Soirée BPCO : nouveautés GOLD", "GLEM Ans-Alleur", 40, "2", "2", Rubric.GENERAL,
     Entry.ActivityType.PEER_GROUP, Attestation.Kind.PEER_GROUP_SESSION),
    ("demo.cpd:deontologie", "Secret médical et certificats", "Cercle des MG de Liège", 75, "3", "3",
     Rubric.ETHICS_ECONOMICS, Entry.ActivityType.EVENT, Attestation.Kind.EVENT_ATTENDANCE),
    ("demo.cpd:diabete", "Diabète de type 2 : l'insuline en première ligne", "SSMG", 120, "4", "4", Rubric.GENERAL,
     Entry.ActivityType.EVENT, Attestation.Kind.EVENT_ATTENDANCE),
    ("demo.cpd:vaccination", "Vaccination de l'adulte (module en ligne)", "Praxis", 160, "2", "2", Rubric.GENERAL,
     Entry.ActivityType.COURSE, Attestation.Kind.COURSE_CERTIFICATE),
]


def seed() -> str:
    martin = User.objects.filter(email="dr.martin@praxis.local").first()
    if martin is None:
        return "no Dr Martin (accounts demo not loaded)"
    today = timezone.localdate()
    for key, title, organiser, days, hours, points, rubric, activity, kind in MARTIN:
        day = today - timedelta(days=days)
        attestation = services.attestation_issue(
            actor=None, kind=kind, recipient=martin, title=title, issued_on=day, source_key=key,
            points=Decimal(points), rubric=rubric, hours=Decimal(hours),
            valid_until=day + timedelta(days=3 * 365) if kind == Attestation.Kind.COURSE_CERTIFICATE else None,
        )
        services.entry_record(member=martin, source_key=key, origin=Entry.Origin.ISSUED, title=title,
                              organiser=organiser, date=day, activity_type=activity, hours=Decimal(hours),
                              points=Decimal(points), rubric=rubric, attestation=attestation)
    return f"{Entry.objects.filter(member=martin).count()} entries for Dr Martin"
