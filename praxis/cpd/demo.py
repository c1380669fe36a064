"""Demo records: Dr Julien Martin (Belgian GP, a 12-month accreditation period partly met, attestations with their
public verification page) and Élise Moreau (French nurse: DPC and certification périodique, declared activities)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from praxis.accounts.models import User

from . import services
from .models import Attestation, Entry, Rubric, Scheme, SchemeChoice
from .schemes import add_months

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


# (source key, title, organiser, days ago, hours, DPC action type, priority, certification block)
MOREAU = [
    ("demo.cpd:plaies", "Plaies chroniques et cicatrisation", "IFSI Lille", 30, "7",
     Entry.DpcActionType.COGNITIVE, True, Entry.CertificationBlock.KNOWLEDGE),
    ("demo.cpd:audit-chutes", "Audit clinique : prévention des chutes", "CHU de Lille", 200, "4",
     Entry.DpcActionType.PRACTICE_EVALUATION, False, Entry.CertificationBlock.QUALITY),
    ("demo.cpd:annonce", "Annonce d'une mauvaise nouvelle", "Réseau soins palliatifs 59", 400, "3",
     "", False, Entry.CertificationBlock.RELATIONSHIP),
]


def seed() -> str:
    martin = User.objects.filter(email="dr.martin@praxis.local").first()
    if martin is None:
        return "no Dr Martin (accounts demo not loaded)"
    today = timezone.localdate()
    # His 12-month period starts on the 1st of the month, eleven months ago: a few weeks left, points missing.
    SchemeChoice.objects.get_or_create(member=martin, scheme=Scheme.BE_ACCREDITATION,
                                       defaults={"anchor": add_months(today.replace(day=1), -11)})
    moreau = User.objects.filter(email="elise.moreau@praxis.local").first()
    if moreau is not None:
        SchemeChoice.objects.get_or_create(member=moreau, scheme=Scheme.FR_DPC, defaults={"anchor": date(2026, 1, 1)})
        SchemeChoice.objects.get_or_create(member=moreau, scheme=Scheme.FR_CERTIFICATION_6,
                                           defaults={"anchor": date(2024, 1, 1)})
        for key, title, organiser, days, hours, action, priority, block in MOREAU:
            services.entry_record(member=moreau, source_key=key, origin=Entry.Origin.DECLARED, title=title,
                                  organiser=organiser, date=today - timedelta(days=days),
                                  activity_type=Entry.ActivityType.DECLARED, hours=Decimal(hours),
                                  dpc_action_type=action, dpc_priority=priority, certification_block=block)
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
    return (f"{Entry.objects.filter(member=martin).count()} entries for Dr Martin, "
            f"{Entry.objects.filter(member=moreau).count() if moreau else 0} for Élise Moreau")
