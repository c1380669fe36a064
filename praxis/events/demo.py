"""French demo agenda: trainings, a sponsored webinar with its declaration, a cross-border seminar with its white paper,
a job day, and an event flagged as advertising (moderation queue)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from praxis.accounts.models import User
from praxis.core.actor import Actor
from praxis.institutions.models import Institution
from praxis.review.models import Flag
from praxis.review.services import flag_record

from .models import Event, EventSession, Registration, SeminarPiece, WhitePaper
from .services import _snapshot
from .tasks import render_white_paper_pdf

PLACES = {  # postal code -> (lat, lon), so that "near me" works without the postal-code table
    "4000": (50.6326, 5.5797), "5000": (50.4669, 4.8675), "1000": (50.8467, 4.3525), "7500": (50.6056, 3.3880),
    "59000": (50.6292, 3.0573), "6000": (50.4108, 4.4446), "4430": (50.6610, 5.5180),
}


def _at(days: int, hour: int, minute: int = 0, zone: str = "Europe/Brussels") -> datetime:
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=ZoneInfo(zone))


def _institution(slug: str, name: str, city: str) -> Institution:
    institution, _created = Institution.objects.get_or_create(
        slug=slug, defaults={"name": name, "city": city, "country": "BE", "is_verified": True})
    return institution


def _event(title: str, **fields: object) -> tuple[Event, bool]:
    """The event, with its conflict-of-interest declaration ("none" unless a statement is given); an event seeded
    before declarations were required gets it now."""
    postal = str(fields.get("postal_code", ""))
    if postal in PLACES:
        fields["latitude"], fields["longitude"] = PLACES[postal]
    fields.setdefault("coi_none", not fields.get("coi_statement"))
    event, created = Event.objects.get_or_create(title=title, defaults=fields)
    if not created and not event.is_declared:
        declaration = {name: fields.get(name, "") for name in ("coi_none", "coi_statement", "sponsors")}
        Event.objects.filter(pk=event.pk).update(**declaration)
    return event, created


SPONSORS = "Laboratoires Algéa"
SPONSORSHIP = ("Ce webinaire est financé par une bourse éducative des Laboratoires Algéa, sans droit de regard sur le "
               "programme ni sur le choix des orateurs. L'oratrice principale a reçu des honoraires de ce laboratoire "
               "pour une formation en 2025.")
FLAGGED_EVENT = "Soirée découverte : les nouveaux patchs antidouleur"


def _flagged_event(users: dict[str, User]) -> None:
    """An event announced by a member that reads like a product launch, flagged as advertising by another member:
    it waits in the moderation queue."""
    event, _new = _event(
        FLAGGED_EVENT, kind=Event.Kind.TRAINING, created_by=users["marc.girard@praxis.local"],
        description="Présentation de la nouvelle gamme de patchs, démonstration et cocktail offert. Échantillons "
                    "gratuits pour les participants.",
        starts_at=_at(15, 19), ends_at=_at(15, 21), venue="Hôtel de la Gare", postal_code="5000", city="Namur",
        country="BE", coi_statement="Soirée organisée avec un fournisseur de matériel médical.",
    )
    if Flag.objects.filter(target_type=ContentType.objects.get_for_model(Event), target_id=event.pk).exists():
        return  # flagged once; a moderator may have handled it since
    flag_record(actor=Actor(users["claire.renard@praxis.local"]), target=event, reason=Flag.Reason.ADVERTISING,
                text="Présentation commerciale d'une gamme de produits, avec échantillons : pas une formation.")


def seed() -> str:
    users = {u.email: u for u in User.objects.filter(email__endswith="@praxis.local")}
    if "dr.martin@praxis.local" not in users:
        return "skipped (no demo members)"
    admin = users["admin@praxis.local"]
    chu = _institution("chu-de-liege", "CHU de Liège", "Liège")
    seniors = _institution("respect-seniors", "Respect Seniors", "Namur")
    created = 0

    genou, new = _event(
        "Infiltration du genou : le geste pas à pas", kind=Event.Kind.TRAINING, institution=chu, created_by=admin,
        description="Atelier pratique en petit groupe : repères anatomiques, asepsie, choix de l'aiguille, "
                    "information du patient et suivi. Mannequins d'entraînement fournis.",
        starts_at=_at(12, 18), ends_at=_at(12, 21), venue="CHU de Liège — Sart Tilman, auditoire 4",
        address="Avenue de l'Hôpital 1", postal_code="4000", city="Liège", country="BE", capacity=3,
        price_eur=Decimal("40"), accreditation_points=Decimal("3"), target_professions=["gp", "specialist"],
        registration_deadline=_at(10, 23, 59),
    )
    created += new
    for email, status in [("dr.martin@praxis.local", Registration.Status.CONFIRMED),
                          ("claire.renard@praxis.local", Registration.Status.CONFIRMED),
                          ("sophie.lefebvre@praxis.local", Registration.Status.CONFIRMED),
                          ("marc.girard@praxis.local", Registration.Status.WAITLISTED),
                          ("relecteur@praxis.local", Registration.Status.WAITLISTED)]:
        Registration.objects.get_or_create(event=genou, user=users[email], defaults={"status": status})

    webinar, new = _event(
        "Webinaire — Douleur chronique : ce qui change en 2026", kind=Event.Kind.WEBINAR, institution=chu,
        created_by=admin, timezone="Europe/Paris", is_online=True,
        online_url="https://visio.example.org/praxis-douleur-2026",
        description="Une heure pour faire le point sur les recommandations récentes et les parcours de soins. "
                    "Questions en direct à la fin.",
        starts_at=_at(5, 12, 30, "Europe/Paris"), ends_at=_at(5, 13, 30, "Europe/Paris"), country="FR",
        dpc_reference="12345678901", dpc_hours=Decimal("1"), accreditation_points=Decimal("1"),
        sponsors=SPONSORS, coi_none=False, coi_statement=SPONSORSHIP,
    )
    created += new
    Registration.objects.get_or_create(event=webinar, user=users["dr.martin@praxis.local"],
                                       defaults={"status": Registration.Status.CONFIRMED})

    _maltraitance, new = _event(
        "Repérer la maltraitance des aînés au domicile", kind=Event.Kind.TRAINING, institution=seniors,
        created_by=admin, description="Signes d'alerte, cadre légal en Wallonie, qui appeler, comment en parler "
                                      "avec la personne âgée. Formation gratuite pour les soignants du domicile.",
        starts_at=_at(20, 9), ends_at=_at(20, 12, 30), venue="Maison de la Culture", address="Avenue Golenvaux 14",
        postal_code="5000", city="Namur", country="BE", capacity=25,
        target_professions=["nurse", "social_worker", "gp"],
    )
    created += new

    _chutes, new = _event(
        "Prévention des chutes chez la personne âgée", kind=Event.Kind.TRAINING, created_by=users[
            "sophie.lefebvre@praxis.local"], timezone="Europe/Paris",
        description="Tests simples au cabinet et à domicile, exercices à proposer, aménagement du logement.",
        starts_at=_at(26, 14, 0, "Europe/Paris"), ends_at=_at(26, 17, 0, "Europe/Paris"), venue="Maison médicale",
        address="Rue Nationale 30", postal_code="59000", city="Lille", country="FR", capacity=15,
        price_eur=Decimal("25"), dpc_reference="98765432109", dpc_hours=Decimal("3"),
    )
    created += new

    _jobday, new = _event(
        "Job day infirmier·ère·s et aides-soignant·e·s", kind=Event.Kind.JOB_DAY, institution=chu, created_by=admin,
        description="Rencontrez les équipes des services de soins intensifs, de gériatrie et du domicile. "
                    "Entretiens sur place, visite des services.",
        starts_at=_at(33, 10), ends_at=_at(33, 16), venue="CHU de Liège — Hall d'entrée", postal_code="4000",
        city="Liège", country="BE", target_professions=["nurse", "student"],
    )
    created += new

    seminar, new = _event(
        "Séminaire transfrontalier — Soins palliatifs à domicile : regards croisés", kind=Event.Kind.SEMINAR,
        institution=chu, created_by=admin, is_cross_border=True,
        description="Deux demi-journées, à Tournai et à Lille, pour comparer l'organisation des soins palliatifs "
                    "à domicile en Wallonie et dans les Hauts-de-France et formuler des recommandations communes.",
        starts_at=_at(-21, 9), ends_at=_at(-20, 13), venue="Hôpital de Tournai", postal_code="7500", city="Tournai",
        country="BE", capacity=60, accreditation_points=Decimal("6"),
    )
    created += new
    if new:
        EventSession.objects.create(event=seminar, title="Organisation en Wallonie", starts_at=_at(-21, 9),
                                    ends_at=_at(-21, 13), place="Tournai", country="BE")
        EventSession.objects.create(event=seminar, title="Organisation dans les Hauts-de-France",
                                    starts_at=_at(-20, 9, 0, "Europe/Paris"), ends_at=_at(-20, 13, 0, "Europe/Paris"),
                                    place="Lille", country="FR")
        pieces = [
            (SeminarPiece.Kind.CONTRIBUTION, "Dr Anne Delvaux, plate-forme de soins palliatifs du Hainaut occidental",
             "Les équipes de seconde ligne en Wallonie",
             "Rôle des équipes de soutien, collaboration avec le médecin généraliste, forfait palliatif."),
            (SeminarPiece.Kind.CONTRIBUTION, "Mme Sylvie Caron, infirmière coordinatrice HAD, Lille",
             "L'hospitalisation à domicile dans le Nord",
             "Admission en HAD, astreinte médicale, lien avec les réseaux de soins palliatifs."),
            (SeminarPiece.Kind.EXCHANGE, "", "Ce que les participants ont retenu",
             "Les familles vivant près de la frontière ne savent pas vers quel système se tourner ; les "
             "informations de liaison se perdent lors des transferts."),
            (SeminarPiece.Kind.RECOMMENDATION, "Groupe de travail « continuité »",
             "Une fiche de liaison commune",
             "Adopter une fiche de liaison bilingue des deux côtés de la frontière et un annuaire partagé des "
             "équipes joignables la nuit."),
        ]
        for position, (kind, speaker, title, summary) in enumerate(pieces, start=1):
            SeminarPiece.objects.create(event=seminar, kind=kind, speaker=speaker, title=title, summary=summary,
                                        position=position, created_by=admin, coi_none=True)
        paper = WhitePaper.objects.create(
            event=seminar, version=1, title="Livre blanc — Soins palliatifs à domicile de part et d'autre de la "
                                             "frontière",
            introduction="Ce livre blanc rassemble les contributions, les échanges et les recommandations du "
                         "séminaire transfrontalier organisé à Tournai et à Lille.",
            conclusion="Les participants s'engagent à tester la fiche de liaison commune pendant six mois.",
            sections=_snapshot(seminar), status=WhitePaper.Status.PUBLISHED, created_by=admin, coi_none=True,
            reviewed_by=users.get("relecteur@praxis.local"), submitted_at=timezone.now(), published_at=timezone.now(),
        )
        render_white_paper_pdf.enqueue(paper.pk)
        for email in ["dr.martin@praxis.local", "claire.renard@praxis.local"]:
            Registration.objects.create(event=seminar, user=users[email], status=Registration.Status.CONFIRMED,
                                        attended=True)
    SeminarPiece.objects.filter(event=seminar, coi_none=False, coi_statement="").update(coi_none=True)
    WhitePaper.objects.filter(event=seminar, coi_none=False, coi_statement="").update(coi_none=True)
    _flagged_event(users)
    return f"{created} events created"
