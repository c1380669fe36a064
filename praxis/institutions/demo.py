"""French demo data for the directory: ~180 institutions over Wallonia, Brussels and northern France, staff,
invitations, claims, colleagues who opted in, follows. Idempotent and fast (bulk inserts)."""

from __future__ import annotations

import random
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from praxis.accounts.models import User

from . import geo, places
from .models import (
    ClaimRequest,
    DirectoryProfile,
    Follow,
    Institution,
    InstitutionMembership,
    Invitation,
    PostalCode,
    Service,
)

K = Institution.Kind

# postal code, country, town as people say it, region
TOWNS = [
    ("4000", "BE", "Liège", "wal"), ("4020", "BE", "Liège", "wal"), ("4430", "BE", "Ans", "wal"),
    ("4100", "BE", "Seraing", "wal"), ("4040", "BE", "Herstal", "wal"), ("4800", "BE", "Verviers", "wal"),
    ("4500", "BE", "Huy", "wal"), ("4300", "BE", "Waremme", "wal"), ("5000", "BE", "Namur", "wal"),
    ("5100", "BE", "Jambes", "wal"), ("5300", "BE", "Andenne", "wal"), ("5500", "BE", "Dinant", "wal"),
    ("6000", "BE", "Charleroi", "wal"), ("6040", "BE", "Jumet", "wal"), ("6200", "BE", "Châtelet", "wal"),
    ("7000", "BE", "Mons", "wal"), ("7100", "BE", "La Louvière", "wal"), ("7500", "BE", "Tournai", "wal"),
    ("7700", "BE", "Mouscron", "wal"), ("7800", "BE", "Ath", "wal"), ("1300", "BE", "Wavre", "wal"),
    ("1348", "BE", "Louvain-la-Neuve", "wal"), ("1400", "BE", "Nivelles", "wal"),
    ("1420", "BE", "Braine-l'Alleud", "wal"), ("6700", "BE", "Arlon", "wal"), ("6800", "BE", "Libramont", "wal"),
    ("6900", "BE", "Marche-en-Famenne", "wal"), ("5590", "BE", "Ciney", "wal"), ("6600", "BE", "Bastogne", "wal"),
    ("1000", "BE", "Bruxelles", "bxl"), ("1030", "BE", "Schaerbeek", "bxl"), ("1050", "BE", "Ixelles", "bxl"),
    ("1060", "BE", "Saint-Gilles", "bxl"), ("1070", "BE", "Anderlecht", "bxl"), ("1080", "BE", "Molenbeek", "bxl"),
    ("1180", "BE", "Uccle", "bxl"), ("1200", "BE", "Woluwe-Saint-Lambert", "bxl"), ("1190", "BE", "Forest", "bxl"),
    ("59000", "FR", "Lille", "fr"), ("59100", "FR", "Roubaix", "fr"), ("59200", "FR", "Tourcoing", "fr"),
    ("59300", "FR", "Valenciennes", "fr"), ("59400", "FR", "Cambrai", "fr"), ("59500", "FR", "Douai", "fr"),
    ("59140", "FR", "Dunkerque", "fr"), ("62000", "FR", "Arras", "fr"), ("62300", "FR", "Lens", "fr"),
    ("62100", "FR", "Calais", "fr"), ("62200", "FR", "Boulogne-sur-Mer", "fr"), ("59600", "FR", "Maubeuge", "fr"),
    ("59650", "FR", "Villeneuve-d'Ascq", "fr"),
]

NEIGHBOURHOODS = ["du Laveu", "des Marolles", "La Passerelle", "Le Gué", "Santé Plurielle", "du Nord", "Les Tilleuls",
                  "de la Citadelle", "du Centre", "Les Arsouilles", "Bautista Van Schowen", "La Clé", "Free Clinic",
                  "du Vieux-Marché", "Entr'âges", "Le Noyer", "Espace Santé", "des Trois-Ponts"]
HOMES = ["Les Glycines", "Le Bois Fleuri", "Les Charmilles", "Saint-Joseph", "La Roseraie", "Les Peupliers",
         "Le Clos des Récollets", "Notre-Dame de Banneux", "Les Jardins d'Alice"]

# kind, name patterns (BE, FR), services, publics, description
TEMPLATES = [
    (K.MEDICAL_HOUSE, ["Maison médicale {n}", "Maison de santé pluriprofessionnelle {n}"],
     ["home-care", "mental-health", "social-aid", "diabetes"], ["adults", "children", "elderly", "precarious"],
     "Médecine générale, soins infirmiers, kinésithérapie et accueil social au forfait, pour les habitants du "
     "quartier."),
    (K.HOME_CARE, ["Service d'aide à domicile de {t}", "SSIAD de {t}"],
     ["home-care", "palliative-care", "respite-care", "dementia"], ["elderly", "families", "adults"],
     "Aides familiales, aides ménagères et soins infirmiers à domicile, 7 jours sur 7, en lien avec le médecin "
     "traitant."),
    (K.MENTAL_HEALTH, ["Service de santé mentale de {t}", "Centre médico-psychologique de {t}"],
     ["mental-health", "addiction", "youth-at-risk"], ["adults", "youth", "children", "families"],
     "Consultations de psychiatrie, psychologie et suivi social ; équipe enfants-adolescents ; premier rendez-vous "
     "en moins de trois semaines."),
    (K.NURSING_HOME, ["Maison de repos {h}", "EHPAD {h}"],
     ["dementia", "palliative-care", "rehabilitation", "elder-abuse"], ["elderly", "families"],
     "Maison de repos et de soins avec unité adaptée pour personnes désorientées et court séjour."),
    (K.ASSOCIATION, ["Respect Seniors — antenne de {t}", "Écoute Seniors — antenne de {t}"],
     ["elder-abuse", "social-aid", "respite-care"], ["elderly", "families", "professionals"],
     "Écoute, conseil et accompagnement des situations de maltraitance envers les personnes âgées ; soutien aux "
     "professionnels qui s'interrogent."),
    (K.ASSOCIATION, ["Centre de prévention des violences conjugales de {t}", "Maison des femmes de {t}"],
     ["domestic-violence", "mental-health", "social-aid"], ["women", "children", "families"],
     "Accueil, hébergement d'urgence et accompagnement des victimes de violences conjugales et intrafamiliales."),
    (K.PUBLIC_SERVICE, ["CPAS de {t}", "CCAS de {t}"],
     ["social-aid", "homelessness", "home-care"], ["precarious", "elderly", "families", "migrants"],
     "Aide sociale, revenu d'intégration, aide médicale urgente, repas à domicile et médiation de dettes."),
    (K.HOSPITAL, ["Centre hospitalier régional de {t}", "Centre hospitalier de {t}"],
     ["emergency", "palliative-care", "rehabilitation", "perinatal"], ["adults", "children", "elderly"],
     "Hôpital général : urgences 24 h/24, maternité, gériatrie, équipe mobile de soins palliatifs."),
    (K.CLINIC, ["Centre de revalidation de {t}", "Centre de soins de suite et de réadaptation de {t}"],
     ["rehabilitation", "chronic-pain", "disability"], ["adults", "elderly"],
     "Revalidation locomotrice et neurologique, école du dos, consultation de la douleur chronique."),
    (K.ASSOCIATION, ["Planning familial de {t}", "Centre de planification familiale de {t}"],
     ["sexual-health", "perinatal", "youth-at-risk"], ["youth", "women", "adults"],
     "Consultations médicales, psychologiques et juridiques ; contraception ; animations en milieu scolaire."),
    (K.ASSOCIATION, ["Service d'aide aux toxicomanes de {t}", "CSAPA de {t}"],
     ["addiction", "mental-health", "homelessness"], ["adults", "youth", "precarious"],
     "Accueil à bas seuil, traitements de substitution, réduction des risques, accompagnement psychosocial."),
    (K.ASSOCIATION, ["Service d'accompagnement pour personnes handicapées de {t}", "SAVS de {t}"],
     ["disability", "social-aid", "respite-care"], ["adults", "youth", "families"],
     "Accompagnement à domicile et dans les démarches pour les personnes en situation de handicap et leurs proches."),
]


def _phone(country: str, rng: random.Random) -> str:
    if country == "FR":
        return f"+33 3 {rng.randint(20, 28)} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
    return f"+32 {rng.choice(['4', '81', '71', '65', '2', '10'])} {rng.randint(200, 899)} {rng.randint(10, 99)} " \
           f"{rng.randint(10, 99)}"


def _coordinates() -> dict[tuple[str, str], tuple[float, float]]:
    coords = {}
    for code, country, _town, _region in TOWNS:
        found = geo.locate(country, code)
        if found:
            coords[(code, country)] = (found[0].lat, found[0].lon)
    return coords


@transaction.atomic
def _institutions(rng: random.Random) -> int:
    if Institution.objects.filter(slug__startswith="demo-").count() >= 150:
        return 0
    services = {s.slug: s for s in Service.objects.all()}
    coords = _coordinates()
    existing = set(Institution.objects.values_list("slug", flat=True))
    rows, wanted = [], []
    neighbourhoods = iter(NEIGHBOURHOODS * 10)
    homes = iter(HOMES * 30)
    for code, country, town, region in TOWNS:
        if (code, country) not in coords:
            continue
        lat, lon = coords[(code, country)]
        # Bigger towns get more institutions.
        count = 5 if town in {"Liège", "Namur", "Charleroi", "Mons", "Bruxelles", "Lille"} else 3
        for index in rng.sample(range(len(TEMPLATES)), count):
            kind, patterns, slugs, publics, description = TEMPLATES[index]
            pattern = patterns[1] if country == "FR" else patterns[0]
            name = pattern.format(t=town, n=next(neighbourhoods), h=f"{next(homes)} ({town})")
            if town[0] in "AEIOUÉ":  # "antenne d'Ans", not "antenne de Ans"
                name = name.replace(f" de {town}", f" d'{town}")
            if kind == K.MEDICAL_HOUSE and country == "FR":
                name = f"Maison de santé pluriprofessionnelle de {town}"
            slug = f"demo-{slugify(name)}-{code}"[:220]
            if slug in existing:
                continue
            existing.add(slug)
            languages = ["fr"] + (["nl", "en"] if region == "bxl" else []) + (["ar"] if rng.random() < .2 else [])
            rows.append(Institution(
                name=name, slug=slug, kind=kind, description=description, publics=publics, languages=languages,
                address=f"{rng.choice(['Rue', 'Avenue', 'Boulevard', 'Place'])} "
                        f"{rng.choice(['de la Station', 'des Déportés', 'Saint-Gilles', 'du Marché', 'de France'])} "
                        f"{rng.randint(1, 180)}",
                postal_code=code, city=town, country=country, phone=_phone(country, rng),
                email=f"contact@{slugify(name)[:40]}.example.org", website=f"https://{slugify(name)[:40]}.example.org",
                opening_hours="Du lundi au vendredi, 8 h 30 – 17 h" if kind != K.HOSPITAL else "24 h/24, 7 j/7",
                latitude=lat + rng.uniform(-.012, .012), longitude=lon + rng.uniform(-.018, .018), is_verified=True,
            ))
            wanted.append(slugs)
    Institution.objects.bulk_create(rows, batch_size=500)
    created = {i.slug: i.pk for i in Institution.objects.filter(slug__in=[r.slug for r in rows])}
    through = Institution.services.through
    links = [through(institution_id=created[row.slug], service_id=services[s].pk)
             for row, slugs in zip(rows, wanted, strict=True) for s in slugs[:rng.randint(2, len(slugs))]
             if s in services]
    through.objects.bulk_create(links, ignore_conflicts=True)
    return len(rows)


def _featured() -> None:
    """The two historic demo institutions get full profiles (the foundation created them)."""
    liege = geo.locate("BE", "4000")
    namur = geo.locate("BE", "5000")
    Institution.objects.update_or_create(slug="chu-de-liege", defaults={
        "name": "CHU de Liège", "kind": K.HOSPITAL, "city": "Liège", "country": "BE", "postal_code": "4000",
        "address": "Avenue de l'Hôpital 1", "phone": "+32 4 323 21 11", "website": "https://www.chuliege.example.org",
        "description": "Hôpital universitaire : urgences, gériatrie, équipe mobile de soins palliatifs, "
                       "centre de référence douleur chronique.",
        "publics": ["adults", "children", "elderly"], "languages": ["fr", "nl", "en"], "is_verified": True,
        "opening_hours": "Urgences 24 h/24 ; consultations du lundi au vendredi, 8 h – 18 h",
        "latitude": liege[0].lat if liege else None, "longitude": liege[0].lon if liege else None,
    })
    Institution.objects.update_or_create(slug="respect-seniors", defaults={
        "name": "Respect Seniors — Agence wallonne de lutte contre la maltraitance des aînés",
        "kind": K.ASSOCIATION, "city": "Namur", "country": "BE", "postal_code": "5000",
        "address": "Avenue Cardinal Mercier 22", "phone": "0800 30 330", "website": "https://www.respectseniors.example.org",
        "description": "Numéro vert 0800 30 330 : écoute, information et accompagnement des situations de maltraitance "
                       "envers les aînés, à domicile ou en institution ; formations pour les professionnels.",
        "publics": ["elderly", "families", "professionals"], "languages": ["fr"], "is_verified": True,
        "opening_hours": "Du lundi au vendredi, 9 h – 17 h",
        "latitude": namur[0].lat if namur else None, "longitude": namur[0].lon if namur else None,
    })
    Institution.objects.get(slug="chu-de-liege").services.add(
        *Service.objects.filter(slug__in=["emergency", "palliative-care", "chronic-pain", "rehabilitation"]))
    Institution.objects.get(slug="respect-seniors").services.add(
        *Service.objects.filter(slug__in=["elder-abuse", "social-aid", "respite-care"]))


def _people() -> None:
    users = {u.email: u for u in User.objects.filter(email__endswith="@praxis.local")}
    chu = Institution.objects.get(slug="chu-de-liege")
    respect = Institution.objects.get(slug="respect-seniors")
    lille = Institution.objects.filter(slug__startswith="demo-", city="Lille").order_by("slug").first()
    namur_ssm = Institution.objects.filter(slug__startswith="demo-", city="Namur").order_by("slug").first()
    memberships = [
        (chu, "admin@praxis.local", "admin"), (chu, "claire.renard@praxis.local", "staff"),
        (respect, "admin@praxis.local", "admin"), (lille, "sophie.lefebvre@praxis.local", "trainer"),
        (namur_ssm, "lea.bernard@praxis.local", "staff"), (namur_ssm, "admin@praxis.local", "admin"),
    ]
    for institution, email, role in memberships:
        if institution is not None and email in users:
            InstitutionMembership.objects.get_or_create(institution=institution, user=users[email],
                                                        defaults={"role": role})
    admin = users.get("admin@praxis.local")
    now = timezone.now()
    for email, days in [("dr.martin@praxis.local", 14), ("nouvelle.infirmiere@example.org", 10),
                        ("ancien.stagiaire@example.org", -3)]:
        Invitation.objects.get_or_create(institution=chu, email=email, defaults={
            "role": "staff", "invited_by": admin, "expires_at": now + timedelta(days=days)})
    # Institutions waiting for a moderator, one of them a probable duplicate.
    pending = [("Maison médicale Le Perron", "4000", "Liège", K.MEDICAL_HOUSE),
               ("Centre Alzheimer de Jambes", "5100", "Jambes", K.ASSOCIATION),
               ("CHU Liège", "4000", "Liège", K.HOSPITAL)]
    for name, code, town, kind in pending:
        found = geo.locate("BE", code)
        institution, created = Institution.objects.get_or_create(slug=f"attente-{slugify(name)}", defaults={
            "name": name, "kind": kind, "postal_code": code,
            "city": town, "country": "BE", "is_verified": False, "created_by": users.get("claire.renard@praxis.local"),
            "latitude": found[0].lat if found else None, "longitude": found[0].lon if found else None,
            "description": "Inscription en attente de vérification.",
        })
        if created and admin:
            InstitutionMembership.objects.get_or_create(institution=institution, user=admin, defaults={"role": "admin"})
    requester = users.get("sophie.lefebvre@praxis.local")
    duplicate = Institution.objects.filter(slug="attente-chu-liege").first()
    if requester and lille is not None:
        ClaimRequest.objects.get_or_create(institution=lille, requester=requester, kind="claim", defaults={
            "message": "Je coordonne les formations de la structure et souhaite gérer sa page."})
    if requester and duplicate is not None:
        ClaimRequest.objects.get_or_create(institution=chu, requester=requester, kind="merge", defaults={
            "duplicate": duplicate, "message": "« CHU Liège » semble être un doublon du CHU de Liège."})


def _colleagues() -> None:
    themes = {t.slug: t for t in DirectoryProfile.themes.field.related_model._default_manager.all()}
    listed = {
        "dr.martin@praxis.local": ["maltraitance-des-aines", "medecine-generale", "geriatrie"],
        "claire.renard@praxis.local": ["plaies-cicatrisation", "soins-infirmiers"],
        "sophie.lefebvre@praxis.local": ["kinesitherapie", "douleur"],
        "relecteur@praxis.local": ["rhumatologie"],
        "lea.bernard@praxis.local": ["sante-mentale", "violences-intrafamiliales"],
        "marc.girard@praxis.local": ["medecine-generale", "soins-palliatifs"],
        "moderation@praxis.local": ["soins-palliatifs"],
    }
    for user in User.objects.filter(email__in=listed):
        found = geo.locate(user.country, user.postal_code) if user.postal_code else []
        profile, _created = DirectoryProfile.objects.get_or_create(user=user, defaults={
            "is_listed": True, "bio": "Heureux d'échanger avec les collègues de la région.",
            "latitude": found[0].lat if found else None, "longitude": found[0].lon if found else None,
        })
        profile.themes.set([themes[s] for s in listed[user.email] if s in themes])
    martin = User.objects.filter(email="dr.martin@praxis.local").first()
    if martin:
        for slug in ["respect-seniors", "chu-de-liege"]:
            institution = Institution.objects.get(slug=slug)
            Follow.objects.get_or_create(follower=martin, target_kind="institution", target_id=institution.pk)
        claire = User.objects.filter(email="claire.renard@praxis.local").first()
        if claire:
            Follow.objects.get_or_create(follower=martin, target_kind="member", target_id=claire.pk)


def seed() -> str:
    loaded = 0
    if not PostalCode.objects.exists():
        loaded = places.load()
    rng = random.Random(2026)
    _featured()
    created = _institutions(rng)
    _people()
    _colleagues()
    total = Institution.objects.count()
    return f"{loaded} places loaded, {created} institutions created ({total} in all)"
