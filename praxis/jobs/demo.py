"""French demo job offers from verified institutions, a saved search, and an offer flagged as filled (moderation)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from praxis.accounts.models import User
from praxis.core.actor import Actor
from praxis.institutions.models import Institution
from praxis.review.models import Flag
from praxis.review.services import flag_record

from .models import JobOffer, SavedSearch
from .regions import region_for

PLACES = {"4000": (50.6326, 5.5797), "5000": (50.4669, 4.8675), "1000": (50.8467, 4.3525),
          "59000": (50.6292, 3.0573), "6000": (50.4108, 4.4446), "7000": (50.4542, 3.9567)}

OFFERS = [
    ("chu-de-liege", "Infirmier·ère en soins intensifs (nuit)", ["nurse"], JobOffer.Contract.PERMANENT,
     JobOffer.WorkingTime.FULL_TIME, "4000", "Liège", "BE",
     "Unité de 16 lits, équipe stable, formation continue prise en charge. Horaire de nuit avec prime."),
    ("chu-de-liege", "Kinésithérapeute — revalidation locomotrice", ["physiotherapist"], JobOffer.Contract.FIXED_TERM,
     JobOffer.WorkingTime.PART_TIME, "4000", "Liège", "BE",
     "Remplacement de 6 mois à 4/5e temps, patientèle adulte en revalidation après chirurgie orthopédique."),
    ("respect-seniors", "Psychologue — ligne d'écoute maltraitance", ["psychologist"], JobOffer.Contract.PERMANENT,
     JobOffer.WorkingTime.PART_TIME, "5000", "Namur", "BE",
     "Écoute, orientation et accompagnement des appelants ; travail en réseau avec les services du domicile."),
    ("respect-seniors", "Assistant·e social·e de terrain (Hainaut)", ["social_worker"], JobOffer.Contract.FIXED_TERM,
     JobOffer.WorkingTime.FULL_TIME, "7000", "Mons", "BE",
     "Visites à domicile, coordination avec les CPAS et les services d'aide aux familles."),
]


# What a directory institution of each kind typically recruits: (title, profession, working time).
BY_KIND = {
    "hospital": ("Infirmier·ère en gériatrie", "nurse", JobOffer.WorkingTime.FULL_TIME),
    "clinic": ("Kinésithérapeute", "physiotherapist", JobOffer.WorkingTime.PART_TIME),
    "nursing_home": ("Infirmier·ère en maison de repos", "nurse", JobOffer.WorkingTime.FULL_TIME),
    "home_care": ("Infirmier·ère à domicile", "nurse", JobOffer.WorkingTime.FLEXIBLE),
    "medical_house": ("Médecin généraliste", "gp", JobOffer.WorkingTime.FLEXIBLE),
    "mental_health": ("Psychologue clinicien·ne", "psychologist", JobOffer.WorkingTime.PART_TIME),
    "association": ("Assistant·e social·e", "social_worker", JobOffer.WorkingTime.PART_TIME),
}
DEFAULT_JOB = ("Médecin généraliste", "gp", JobOffer.WorkingTime.FLEXIBLE)


def _flagged_offer() -> None:
    """An offer a member reported as wrong (already filled), waiting in the moderation queue; flagged once, so a
    moderator's decision is not undone by seeding again."""
    offer = JobOffer.objects.filter(title="Kinésithérapeute — revalidation locomotrice").first()
    reporter = User.objects.filter(email="dr.martin@praxis.local").first()
    if offer is None or reporter is None:
        return
    if Flag.objects.filter(target_type=ContentType.objects.get_for_model(JobOffer), target_id=offer.pk).exists():
        return
    flag_record(actor=Actor(reporter), target=offer, reason=Flag.Reason.INACCURATE,
                text="Le poste est pourvu depuis la semaine passée, d'après le service de revalidation.")


def seed() -> str:
    admin = User.objects.filter(email="admin@praxis.local").first()
    if admin is None:
        return "skipped (no demo members)"
    today = timezone.localdate()
    created = 0
    for slug, title, professions, contract, working_time, postal, city, country, description in OFFERS:
        institution = Institution.objects.filter(slug=slug, is_verified=True).first()
        if institution is None:
            continue
        lat, lon = PLACES.get(postal, (None, None))
        _offer, new = JobOffer.objects.get_or_create(title=title, institution=institution, defaults={
            "posted_by": admin, "professions": professions, "contract": contract, "working_time": working_time,
            "postal_code": postal, "city": city, "country": country, "region": region_for(country, postal),
            "latitude": lat, "longitude": lon, "description": description, "closing_date": today + timedelta(days=30),
            "start_date": today + timedelta(days=45), "apply_method": JobOffer.ApplyMethod.MESSAGE,
        })
        created += new
    # A few offers from the directory's other verified institutions, where it has them.
    others = Institution.objects.filter(is_verified=True).exclude(slug__in=["chu-de-liege", "respect-seniors"])
    for index, institution in enumerate(others.order_by("pk")[:4]):
        postal = getattr(institution, "postal_code", "") or "1000"
        country = institution.country or "BE"
        title, profession, working_time = BY_KIND.get(institution.kind, DEFAULT_JOB)
        _offer, new = JobOffer.objects.get_or_create(
            institution=institution, posted_by=admin, defaults={
                "title": f"{title} — {institution.name}"[:200], "professions": [profession],
                "contract": [JobOffer.Contract.PERMANENT, JobOffer.Contract.FIXED_TERM][index % 2],
                "working_time": working_time, "postal_code": postal,
                "city": institution.city or "Bruxelles", "country": country, "region": region_for(country, postal),
                "latitude": getattr(institution, "latitude", None),
                "longitude": getattr(institution, "longitude", None),
                "description": "Rejoignez une équipe pluridisciplinaire ; secrétariat et dossier informatisé partagés.",
                "closing_date": today + timedelta(days=20 + index), "apply_method": JobOffer.ApplyMethod.MESSAGE,
            })
        created += new
    _flagged_offer()
    martin = User.objects.filter(email="dr.martin@praxis.local").first()
    if martin:
        SavedSearch.objects.get_or_create(user=martin, name="Généraliste en Wallonie",
                                          defaults={"filters": {"profession": "gp", "region": "be-wal"}})
    return f"{created} job offers created"
