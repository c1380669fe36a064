"""Benchmark data of accounts for `manage.py seed_scale` (see praxis.core.scale)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.db import models

from praxis.core.scale import EMAIL_DOMAIN, PLACES, SCALE_PASSWORD, Context, Generator, bulk, weighted, words

FIRST_NAMES = words(
    "Camille Julien Claire Sophie Marc Lucas Emma Thomas Léa Fatima Nadia Philippe Hugo Chloé Louis Manon Nathan "
    "Inès Arthur Sarah Gabriel Juliette Antoine Alice Maxime Laura Nicolas Pauline Mehdi Yasmine Pierre Anne Éric "
    "Isabelle Olivier Céline François Mathilde Romain Élodie Karim Amandine Vincent Aurélie Benoît Charlotte "
    "Damien Margaux Sébastien Noémie Youssef Hélène Guillaume Marie Jean Luc Agnès Quentin Zoé Thibault Océane"
)


LAST_NAMES = words(
    "Martin,Dubois,Lambert,Renard,Lefebvre,Girard,Leroy,Dupont,Simon,Bernard,Peeters,Janssens,Maes,Jacobs,Mertens,"
    "Willems,Claes,Goossens,Wouters,Laurent,Moreau,Petit,Durand,Leroux,Fournier,Morel,Fontaine,Rousseau,Vincent,"
    "Muller,Faure,André,Mercier,Blanc,Guérin,Boyer,Garnier,Chevalier,François,Legrand,Gauthier,Perrin,Robin,Clément,"
    "Morin,Nicolas,Henry,Roussel,Mathieu,Masson,Marchand,Duval,Denis,Dumont,Marie,Lemaire,Noël,Meyer,Dufour,Meunier,"
    "Brun,Blanchard,Giraud,Joly,Rivière,Lucas,Brunet,Gaillard,Barbier,Arnaud,Martinez,Gérard,Roche,Renaud,Schmitt,"
    "El Amrani,Benali,Haddad,Diallo,Nguyen,Da Silva,Ferreira,Rossi,Bianchi,Yilmaz,Kaya,Van den Broeck,Desmet", ","
)


PROFESSIONS = [("gp", 18), ("specialist", 14), ("nurse", 30), ("physiotherapist", 8), ("pharmacist", 6),
               ("midwife", 3), ("psychologist", 5), ("dietitian", 2), ("dentist", 3), ("speech_therapist", 2),
               ("occupational_therapist", 2), ("social_worker", 2), ("student", 4), ("teacher", 1)]


SPECIALTIES = ["Rhumatologie", "Gériatrie", "Pédiatrie", "Cardiologie", "Dermatologie", "Psychiatrie",
               "Pneumologie", "Neurologie", "Gynécologie", "Urgences", "Médecine interne", "Oncologie"]


def members_present(ctx: Context) -> bool:
    return len(ctx.member_ids()) == ctx.sizes["members"]


def members_delete(ctx: Context) -> None:
    apps.get_model("accounts", "User").objects.filter(email__endswith="@" + EMAIL_DOMAIN).delete()


def members_create(ctx: Context) -> str:
    User = apps.get_model("accounts", "User")
    rng = ctx.rng("members")
    password = make_password(SCALE_PASSWORD)
    n = ctx.sizes["members"]

    def rows() -> Iterator[models.Model]:
        for i in range(n):
            country, postal, city = rng.choice(PLACES)
            profession = weighted(rng, PROFESSIONS)
            status = weighted(rng, [("verified", 80), ("pending", 15), ("proof_requested", 3), ("rejected", 2)])
            joined = ctx.now - timedelta(days=rng.randint(0, 3 * 365), seconds=rng.randint(0, 86399))
            langs = ["fr"] + (["nl"] if country == "BE" and rng.random() < 0.3 else []) + (
                ["en"] if rng.random() < 0.4 else [])
            yield User(
                email=f"m{i:07d}@{EMAIL_DOMAIN}", password=password,
                first_name=rng.choice(FIRST_NAMES), last_name=rng.choice(LAST_NAMES),
                profession=profession, specialty=rng.choice(SPECIALTIES) if profession == "specialist" else "",
                country=country, postal_code=postal, city=city, languages=langs,
                preferred_language="nl" if "nl" in langs and rng.random() < 0.2 else "fr",
                verification_status=status, verified_at=joined + timedelta(days=2) if status == "verified" else None,
                individual_declared_at=joined, date_joined=joined,
                is_reviewer=rng.random() < 0.005, is_moderator=rng.random() < 0.001,
            )

    return f"{bulk(User, rows())} members"


GENERATORS = [
    Generator("members", ["accounts.User"], members_present, members_delete, members_create),
]
