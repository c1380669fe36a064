"""Fill the database with a realistic, reproducible dataset at the size of the French-speaking health workforce.

    manage.py seed_scale --members 200000 --institutions 10000 --contents 50000 --comments 1000000
    manage.py seed_scale --scale default          # the size `make bench` uses
    manage.py seed_scale --scale tiny --reset      # a few rows, for tests

Every row it creates is recognisable (members `*@scale.praxis.invalid`, slugs starting with `scale-`), so a second
run with the same sizes is a no-op and a run with other sizes replaces only the scale rows (demo data is kept).
Rows are written with `bulk_create` in batches, from `random.Random(seed)`: the same seed gives the same data.

Apps that do not exist yet (no model) are reported as "not available yet" and skipped; the generators for them
come alive as their models land.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, models, transaction
from django.utils import timezone

from praxis.search import registry
from praxis.search.services import bulk_index

EMAIL_DOMAIN = "scale.praxis.invalid"
SLUG_PREFIX = "scale-"
BATCH = 2000
# One hash for every generated member (hashing 200 000 passwords would take an hour); nobody logs in as them.
SCALE_PASSWORD = "praxis-scale-2026"

SCALES: dict[str, dict[str, int]] = {
    "tiny": {"members": 60, "institutions": 8, "communities": 4, "contents": 40, "comments": 200, "thread": 120,
             "events": 12},
    "small": {"members": 2000, "institutions": 200, "communities": 40, "contents": 1000, "comments": 10000,
              "thread": 5000, "events": 100},
    "default": {"members": 20000, "institutions": 1000, "communities": 200, "contents": 5000, "comments": 100000,
                "thread": 5000, "events": 500},
    "full": {"members": 200000, "institutions": 10000, "communities": 2000, "contents": 50000,
             "comments": 1000000, "thread": 5000, "events": 5000},
}

def words(text: str, sep: str | None = None) -> list[str]:
    return [w.strip() for w in text.split(sep) if w.strip()]


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
# (country, postal code, city) — real places, weighted towards Belgium and France.
PLACES = [
    ("BE", "1000", "Bruxelles"), ("BE", "1050", "Ixelles"), ("BE", "1080", "Molenbeek-Saint-Jean"),
    ("BE", "1200", "Woluwe-Saint-Lambert"), ("BE", "1348", "Louvain-la-Neuve"), ("BE", "1400", "Nivelles"),
    ("BE", "4000", "Liège"), ("BE", "4020", "Liège"), ("BE", "4430", "Ans"), ("BE", "4800", "Verviers"),
    ("BE", "5000", "Namur"), ("BE", "5100", "Jambes"), ("BE", "6000", "Charleroi"), ("BE", "6700", "Arlon"),
    ("BE", "7000", "Mons"), ("BE", "7500", "Tournai"), ("BE", "1300", "Wavre"), ("BE", "6900", "Marche-en-Famenne"),
    ("FR", "75011", "Paris"), ("FR", "75015", "Paris"), ("FR", "69003", "Lyon"), ("FR", "13005", "Marseille"),
    ("FR", "59000", "Lille"), ("FR", "59100", "Roubaix"), ("FR", "31000", "Toulouse"), ("FR", "33000", "Bordeaux"),
    ("FR", "44000", "Nantes"), ("FR", "67000", "Strasbourg"), ("FR", "35000", "Rennes"), ("FR", "34000",
    "Montpellier"), ("FR", "06000", "Nice"), ("FR", "21000", "Dijon"), ("FR", "51100", "Reims"),
    ("FR", "57000", "Metz"), ("FR", "63000", "Clermont-Ferrand"), ("FR", "87000", "Limoges"),
    ("CH", "1200", "Genève"), ("CH", "1003", "Lausanne"), ("CH", "2000", "Neuchâtel"), ("CH", "1950", "Sion"),
    ("CH", "1700", "Fribourg"), ("LU", "1009", "Luxembourg"), ("LU", "4001", "Esch-sur-Alzette"),
]
PROFESSIONS = [("gp", 18), ("specialist", 14), ("nurse", 30), ("physiotherapist", 8), ("pharmacist", 6),
               ("midwife", 3), ("psychologist", 5), ("dietitian", 2), ("dentist", 3), ("speech_therapist", 2),
               ("occupational_therapist", 2), ("social_worker", 2), ("student", 4), ("teacher", 1)]
SPECIALTIES = ["Rhumatologie", "Gériatrie", "Pédiatrie", "Cardiologie", "Dermatologie", "Psychiatrie",
               "Pneumologie", "Neurologie", "Gynécologie", "Urgences", "Médecine interne", "Oncologie"]
INSTITUTION_KINDS = [
    ("hospital", "Centre hospitalier", 10), ("clinic", "Clinique", 8), ("nursing_home", "Maison de repos", 14),
    ("home_care", "Soins à domicile", 12), ("medical_house", "Maison médicale", 18),
    ("mental_health", "Service de santé mentale", 8), ("association", "Association", 8),
    ("public_service", "Centre public d'action sociale", 6), ("school", "Haute école", 4), ("other", "Réseau", 4),
]
INSTITUTION_NAMES = ["Saint-Joseph", "Sainte-Anne", "du Parc", "des Tilleuls", "Les Oliviers", "du Centre",
                     "de la Citadelle", "Notre-Dame", "Bois de la Cambre", "Les Marronniers", "du Val", "Espérance",
                     "La Source", "Le Méridien", "Saint-Luc", "Reine Fabiola", "des Deux Rives", "Horizon"]
COMMUNITY_TOPICS = ["Plaies chroniques", "Soins palliatifs à domicile", "Diabète en première ligne",
                    "Santé mentale des jeunes", "Gériatrie de liaison", "Douleur chronique", "Allaitement",
                    "Assuétudes", "Pratique réflexive infirmière", "Kinésithérapie respiratoire",
                    "Violences intrafamiliales", "Médecine du sport", "Éthique clinique", "Pédiatrie ambulatoire"]
CONDITIONS = [
    "l'escarre de talon", "l'ulcère veineux", "la lombalgie aiguë", "la polyarthrite rhumatoïde", "l'arthrose du genou",
    "le diabète de type 2", "l'insuffisance cardiaque", "la fibrillation auriculaire", "la BPCO", "l'asthme",
    "la dépression", "le syndrome d'épuisement", "la démence", "le délirium", "la chute de la personne âgée",
    "la dénutrition", "la douleur chronique", "la plaie du pied diabétique", "l'hypertension artérielle",
    "la bronchiolite", "l'otite moyenne aiguë", "l'eczéma atopique", "le psoriasis", "la migraine",
    "l'AVC", "la maladie de Parkinson", "l'insuffisance rénale", "l'anémie ferriprive", "la ménopause",
    "l'endométriose", "la grossesse à risque", "le post-partum", "l'addiction à l'alcool", "le sevrage tabagique",
    "les soins de fin de vie", "la contention", "l'infection urinaire", "la pneumonie", "la COVID longue",
]
POPULATIONS = ["chez la personne âgée", "chez l'enfant", "à domicile", "en maison de repos", "aux urgences",
               "en première ligne", "chez l'adolescent", "pendant la grossesse", "en soins palliatifs",
               "chez le patient polymédiqué", "en milieu hospitalier", "chez le sportif"]
TITLE_PATTERNS = ["Prise en charge de {c} {p}", "Repérer {c} {p}", "{C} : les bons réflexes {p}",
                  "Dix questions sur {c}", "Éducation thérapeutique et {c}", "Le point sur {c} {p}",
                  "Pansements et {c} : ce qui marche", "Comprendre {c} en cinq minutes",
                  "Parler de {c} avec le patient", "Nouvelles recommandations pour {c}"]
SENTENCES = [
    "Cette capsule résume les recommandations actuelles et propose des repères concrets pour la pratique.",
    "Nous abordons l'évaluation initiale, les signes d'alerte et les situations où il faut référer.",
    "Les auteurs partagent leur expérience de terrain en maison médicale et en soins à domicile.",
    "Un arbre décisionnel simple aide à choisir le traitement adapté à chaque situation.",
    "La place de l'éducation thérapeutique et du travail en réseau est discutée.",
    "Les erreurs fréquentes sont illustrées par des situations cliniques anonymisées.",
    "Le texte renvoie aux références scientifiques et aux guides de bonne pratique les plus récents.",
    "On y détaille la surveillance, la fréquence des réévaluations et la traçabilité dans le dossier.",
    "Une attention particulière est portée à la douleur, au confort et aux souhaits du patient.",
    "La collaboration entre médecin, infirmier, kinésithérapeute et pharmacien est au cœur de l'approche.",
    "Des outils validés permettent d'objectiver l'évolution et d'ajuster le plan de soins.",
    "Les spécificités belges, françaises et suisses du remboursement sont précisées.",
]
QUESTION_OPENERS = ["Quelqu'un a-t-il l'expérience de", "Que proposez-vous pour", "Comment gérez-vous",
                    "Quelle surveillance pour", "Faut-il vraiment arrêter le traitement dans", "Un avis sur"]
ANSWER_SENTENCES = [
    "Dans notre service, nous réévaluons systématiquement après 48 heures.",
    "J'ai eu de bons résultats avec une approche progressive, en impliquant la famille.",
    "Attention aux interactions médicamenteuses, surtout chez le patient polymédiqué.",
    "Les dernières recommandations vont dans ce sens, voir la synthèse du KCE.",
    "Nous travaillons en binôme infirmier-kiné, cela change tout pour l'adhésion.",
    "Je confirme, et j'ajouterais un contrôle biologique à un mois.",
    "Merci pour ce partage, très utile pour nos tournées à domicile.",
    "En maison de repos, la difficulté est surtout la continuité entre les équipes.",
    "Il faut documenter la douleur avec une échelle adaptée, sinon on la sous-estime.",
    "Chez nous, le pharmacien de référence revoit le schéma à chaque hospitalisation.",
]


def weighted(rng: random.Random, pairs: list[tuple[Any, int]]) -> Any:
    values, weights = zip(*pairs, strict=True)
    return rng.choices(values, weights=weights)[0]


def paragraph(rng: random.Random, sentences: list[str], low: int, high: int) -> str:
    return " ".join(rng.sample(sentences, rng.randint(low, min(high, len(sentences)))))


def model_or_none(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def batched(items: Iterable[Any], size: int = BATCH) -> Iterator[list[Any]]:
    batch: list[Any] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def has_field(model: type[models.Model], name: str) -> bool:
    try:
        model._meta.get_field(name)
    except Exception:  # noqa: BLE001 — FieldDoesNotExist
        return False
    return True


@contextmanager
def keep_dates(model: type[models.Model], *names: str) -> Iterator[None]:
    """Let bulk_create store the generated dates of `auto_now_add`/`auto_now` fields (old questions, old answers)."""
    saved = []
    for name in names:
        if has_field(model, name):
            field = model._meta.get_field(name)
            saved.append((field, field.auto_now_add, getattr(field, "auto_now", False)))
            field.auto_now_add = field.auto_now = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for field, add, now in saved:
            field.auto_now_add, field.auto_now = add, now  # type: ignore[attr-defined]


def coordinates() -> dict[tuple[str, str], tuple[float, float]]:
    """Latitude/longitude of the PLACES from the directory's postal-code table, when it exists."""
    PostalCode = model_or_none("institutions.PostalCode")
    found: dict[tuple[str, str], tuple[float, float]] = {}
    if PostalCode is None:
        return found
    for country, postal, _city in PLACES:
        row = PostalCode.objects.filter(country=country, postal_code=postal).order_by("pk").first()
        if row is not None:
            found[(country, postal)] = (row.latitude, row.longitude)
    return found


def bulk(model: type[models.Model], rows: Iterable[models.Model]) -> int:
    count = 0
    for batch in batched(rows):
        with transaction.atomic():
            model.objects.bulk_create(batch, batch_size=BATCH)  # type: ignore[attr-defined]
        count += len(batch)
    return count


@dataclass
class Context:
    rng_seed: int
    sizes: dict[str, int]
    now: Any
    log: Callable[[str], None]

    def rng(self, name: str) -> random.Random:
        # One independent stream per generator: adding a generator does not change the others' data.
        return random.Random(f"{self.rng_seed}:{name}")

    def member_ids(self) -> list[int]:
        User = apps.get_model("accounts", "User")
        return list(User.objects.filter(email__endswith="@" + EMAIL_DOMAIN).order_by("pk").values_list("pk", flat=True))


# --- generators --------------------------------------------------------------------------------------------------
# Each returns a short report line. `present(ctx)` tells whether the rows for these sizes already exist.


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


def institutions_present(ctx: Context) -> bool:
    Institution = apps.get_model("institutions", "Institution")
    scale = Institution.objects.filter(slug__startswith=SLUG_PREFIX)
    if has_field(Institution, "latitude") and coordinates() and not scale.filter(latitude__isnull=False).exists():
        return False  # generated before the postal codes were loaded: regenerate with coordinates
    return scale.count() == ctx.sizes["institutions"]


def institutions_delete(ctx: Context) -> None:
    apps.get_model("institutions", "Institution").objects.filter(slug__startswith=SLUG_PREFIX).delete()


def institutions_create(ctx: Context) -> str:
    Institution = apps.get_model("institutions", "Institution")
    Membership = apps.get_model("institutions", "InstitutionMembership")
    rng = ctx.rng("institutions")
    n = ctx.sizes["institutions"]
    rows = []
    coords = coordinates()
    publics = ["children", "adolescents", "adults", "elderly", "families", "migrants", "homeless", "disabled"]
    for i in range(n):
        country, postal, city = rng.choice(PLACES)
        kind, label = weighted(rng, [((k, label), w) for k, label, w in INSTITUTION_KINDS])
        inst = Institution(
            name=f"{label} {rng.choice(INSTITUTION_NAMES)} – {city}", slug=f"{SLUG_PREFIX}inst-{i}", kind=kind,
            city=city, country=country, is_verified=rng.random() < 0.85,
        )
        extra = {
            "postal_code": postal, "description": paragraph(rng, SENTENCES, 1, 2),
            "address": f"{rng.randint(1, 250)} rue {rng.choice(INSTITUTION_NAMES)}",
            "publics": rng.sample(publics, rng.randint(1, 3)), "languages": ["fr"] + (["nl"] if rng.random() < 0.2
                                                                                       else []),
        }
        if (country, postal) in coords:
            lat, lon = coords[(country, postal)]
            extra |= {"latitude": lat + rng.uniform(-0.04, 0.04), "longitude": lon + rng.uniform(-0.06, 0.06)}
        for name, value in extra.items():
            if has_field(Institution, name):
                setattr(inst, name, value)
        rows.append(inst)
    bulk(Institution, rows)
    inst_ids = list(
        Institution.objects.filter(slug__startswith=SLUG_PREFIX).order_by("pk").values_list("pk", flat=True)
    )
    members = ctx.member_ids()
    # About a third of the members work in one (sometimes two) institution(s); each institution has an admin.
    seen: set[tuple[int, int]] = set()
    memberships = []
    for index, inst in enumerate(inst_ids):
        if members:
            user = members[(index * 7919) % len(members)]
            seen.add((inst, user))
            memberships.append(Membership(institution_id=inst, user_id=user, role="admin"))
    for user in members[: len(members) // 3]:
        for _ in range(1 if rng.random() < 0.85 else 2):
            inst = rng.choice(inst_ids)
            if (inst, user) not in seen:
                seen.add((inst, user))
                memberships.append(Membership(
                    institution_id=inst, user_id=user, role=weighted(rng, [("staff", 90), ("trainer", 10)])))
    count = bulk(Membership, memberships)
    Service = model_or_none("institutions.Service")
    nservices = 0
    if Service is not None and has_field(Institution, "services"):
        service_ids = list(Service.objects.order_by("pk").values_list("pk", flat=True))
        Through = Institution.services.through  # type: ignore[attr-defined]
        if service_ids:
            nservices = bulk(Through, (Through(institution_id=inst, service_id=sid) for inst in inst_ids
                                       for sid in rng.sample(service_ids, min(len(service_ids), rng.randint(1, 4)))))
    return f"{n} institutions, {count} memberships, {nservices} services offered"


def communities_present(ctx: Context) -> bool:
    Community = apps.get_model("communities", "Community")
    return Community.objects.filter(slug__startswith=SLUG_PREFIX).count() == ctx.sizes["communities"]


def communities_delete(ctx: Context) -> None:
    apps.get_model("communities", "Community").objects.filter(slug__startswith=SLUG_PREFIX).delete()


def communities_create(ctx: Context) -> str:
    Community = apps.get_model("communities", "Community")
    Membership = apps.get_model("communities", "CommunityMembership")
    rng = ctx.rng("communities")
    n = ctx.sizes["communities"]
    bulk(Community, (
        Community(
            name=f"{rng.choice(COMMUNITY_TOPICS)} – {rng.choice(PLACES)[2]}", slug=f"{SLUG_PREFIX}cdp-{i}",
            description=paragraph(rng, SENTENCES, 1, 3),
            visibility=weighted(rng, [("public", 40), ("private", 60)]),
        ) for i in range(n)
    ))
    ids = list(Community.objects.filter(slug__startswith=SLUG_PREFIX).order_by("pk").values_list("pk", flat=True))
    members = ctx.member_ids()
    seen: set[tuple[int, int]] = set()
    rows = []
    for cid in ids:
        for k in range(rng.randint(5, 60) if members else 0):
            user = rng.choice(members)
            if (cid, user) in seen:
                continue
            seen.add((cid, user))
            rows.append(Membership(community_id=cid, user_id=user, role="facilitator" if k == 0 else "member"))
    count = bulk(Membership, rows)
    return f"{n} communities, {count} memberships"


def contents_present(ctx: Context) -> bool:
    Content = apps.get_model("content", "Content")
    return Content.objects.filter(slug__startswith=SLUG_PREFIX).count() == ctx.sizes["contents"]


def contents_delete(ctx: Context) -> None:
    apps.get_model("content", "Content").objects.filter(slug__startswith=SLUG_PREFIX).delete()


def contents_create(ctx: Context) -> str:
    Content = apps.get_model("content", "Content")
    Theme = apps.get_model("content", "Theme")
    User = apps.get_model("accounts", "User")
    rng = ctx.rng("contents")
    n = ctx.sizes["contents"]
    authors = list(User.objects.filter(email__endswith="@" + EMAIL_DOMAIN, verification_status="verified")
                   .order_by("pk").values_list("pk", flat=True)[:max(50, n // 5)])
    if not authors:
        return "no members: contents skipped"
    institutions = list(apps.get_model("institutions", "Institution").objects.filter(slug__startswith=SLUG_PREFIX)
                        .order_by("pk").values_list("pk", flat=True))
    communities = list(apps.get_model("communities", "Community").objects.filter(slug__startswith=SLUG_PREFIX)
                       .order_by("pk").values_list("pk", flat=True))
    theme_ids = list(Theme.objects.order_by("pk").values_list("pk", flat=True))
    professions = [p for p, _w in PROFESSIONS]
    status_weights = [("published", 88), ("draft", 4), ("submitted", 3), ("in_review", 2), ("unpublished", 2),
                      ("rejected", 1)]

    def rows() -> Iterator[models.Model]:
        for i in range(n):
            condition, population = rng.choice(CONDITIONS), rng.choice(POPULATIONS)
            title = rng.choice(TITLE_PATTERNS).format(c=condition, C=condition[0].upper() + condition[1:],
                                                      p=population)[:200]
            kind = weighted(rng, [("capsule", 45), ("document", 25), ("article", 30)])
            status = weighted(rng, status_weights)
            visibility = weighted(rng, [("public", 70), ("verified", 24), ("institution", 4), ("community", 2)])
            if visibility == "institution" and not institutions:
                visibility = "verified"
            if visibility == "community" and not communities:
                visibility = "verified"
            body = "\n\n".join(paragraph(rng, SENTENCES, 3, 6) for _ in range(rng.randint(2, 5))) \
                if kind == "article" else ""
            published = ctx.now - timedelta(days=rng.randint(0, 4 * 365), minutes=rng.randint(0, 1439)) \
                if status in {"published", "unpublished"} else None
            yield Content(
                kind=kind, title=title, slug=f"{SLUG_PREFIX}{i}", summary=paragraph(rng, SENTENCES, 2, 3),
                body=body, body_html="".join(f"<p>{p}</p>" for p in body.split("\n\n") if p),
                author_id=rng.choice(authors), target_professions=rng.sample(professions, rng.randint(1, 3)),
                language=weighted(rng, [("fr", 92), ("nl", 5), ("en", 3)]),
                countries=rng.sample(["BE", "FR", "CH", "LU"], rng.randint(1, 2)),
                references="https://kce.fgov.be/fr\nhttps://www.has-sante.fr/",
                licence=weighted(rng, [("cc-by-nc-nd", 60), ("cc-by", 25), ("cc-by-sa", 10), ("all-rights", 5)]),
                coi_none=True, visibility=visibility,
                institution_id=rng.choice(institutions) if visibility == "institution" else None,
                community_id=rng.choice(communities) if visibility == "community" else None,
                status=status, published_at=published, view_count=int(rng.paretovariate(1.2) * 20),
                created_at=(published or ctx.now) - timedelta(days=rng.randint(1, 20)),
            )

    with keep_dates(Content, "created_at"):
        count = bulk(Content, rows())
    ids = list(Content.objects.filter(slug__startswith=SLUG_PREFIX).order_by("pk").values_list("pk", flat=True))
    Through = Content.themes.through
    links = (Through(content_id=cid, theme_id=tid) for cid in ids
             for tid in rng.sample(theme_ids, min(len(theme_ids), rng.randint(1, 3))))
    nlinks = bulk(Through, links) if theme_ids else 0
    return f"{count} contents, {nlinks} theme links"


def scale_published_contents(ctx: Context) -> list[int]:
    Content = apps.get_model("content", "Content")
    return list(Content.objects.filter(slug__startswith=SLUG_PREFIX, status="published", revision_of__isnull=True)
                .order_by("pk").values_list("pk", flat=True))


def busy_content_id() -> int | None:
    """The public content with the most views: it carries the 5 000-answer thread (the bench reads it)."""
    Content = apps.get_model("content", "Content")
    return (Content.objects.filter(slug__startswith=SLUG_PREFIX, status="published", visibility="public",
                                   revision_of__isnull=True).order_by("-view_count", "pk")
            .values_list("pk", flat=True).first())


THREAD_MARK = "Fil de référence :"


def thread_question() -> Any:
    """The seeded 5 000-answer question (found by its mark: view counts change as the bench reads pages)."""
    Question = apps.get_model("discussions", "Question")
    return (Question.objects.filter(content__slug__startswith=SLUG_PREFIX, body__startswith=THREAD_MARK)
            .select_related("content").first())


def discussions_present(ctx: Context) -> bool:
    Answer = apps.get_model("discussions", "Answer")
    thread = thread_question()
    if thread is None or Answer.objects.filter(question=thread).count() != ctx.sizes["thread"]:
        return False
    # "comments" counts questions and answers (a tenth are questions), as discussions_create splits them.
    Question = apps.get_model("discussions", "Question")
    written = (Question.objects.filter(content__slug__startswith=SLUG_PREFIX).count()
               + Answer.objects.filter(question__content__slug__startswith=SLUG_PREFIX).count())
    return written >= ctx.sizes["comments"] + 1  # + the thread's own question


def discussions_delete(ctx: Context) -> None:
    apps.get_model("discussions", "Question").objects.filter(content__slug__startswith=SLUG_PREFIX).delete()


def discussions_create(ctx: Context) -> str:
    Question = apps.get_model("discussions", "Question")
    Answer = apps.get_model("discussions", "Answer")
    rng = ctx.rng("discussions")
    contents = scale_published_contents(ctx)
    busy = busy_content_id()
    members = ctx.member_ids()
    if not contents or not members or busy is None:
        return "no published contents: discussions skipped"
    total = ctx.sizes["comments"]
    nq = max(1, total // 10)
    na = max(0, total - nq)
    # Popular questions get most answers: index drawn with a quadratic skew.
    assign = [int(nq * rng.random() ** 2) for _ in range(na)]
    counts = [0] * nq
    for index in assign:
        counts[index] += 1
    asked = [ctx.now - timedelta(days=rng.randint(1, 3 * 365), minutes=rng.randint(0, 1439)) for _ in range(nq)]

    def questions() -> Iterator[models.Model]:
        for i in range(nq):
            condition = rng.choice(CONDITIONS)
            yield Question(
                content_id=rng.choice(contents), author_id=rng.choice(members), is_anonymous=rng.random() < 0.1,
                body=f"{rng.choice(QUESTION_OPENERS)} {condition} {rng.choice(POPULATIONS)} ? "
                     f"{paragraph(rng, ANSWER_SENTENCES, 1, 2)}",
                answer_count=counts[i], created_at=asked[i],
            )

    with keep_dates(Question, "created_at"):
        bulk(Question, questions())
        thread = Question(content_id=busy, author_id=members[0], body=f"{THREAD_MARK} votre protocole pour "
                          "l'escarre de talon à domicile ? Partagez vos pratiques.", answer_count=ctx.sizes["thread"],
                          created_at=ctx.now - timedelta(days=400))
        thread.save()
    qids = list(Question.objects.filter(content__slug__startswith=SLUG_PREFIX).exclude(pk=thread.pk)
                .order_by("pk").values_list("pk", flat=True))

    def answers() -> Iterator[models.Model]:
        for index in assign:
            yield Answer(
                question_id=qids[index], author_id=rng.choice(members), body=paragraph(rng, ANSWER_SENTENCES, 1, 3),
                useful_count=int(rng.paretovariate(2)) - 1,
                created_at=asked[index] + timedelta(minutes=rng.randint(5, 60 * 24 * 60)),
            )
        for k in range(ctx.sizes["thread"]):
            yield Answer(
                question_id=thread.pk, author_id=rng.choice(members), body=paragraph(rng, ANSWER_SENTENCES, 1, 3),
                useful_count=int(rng.paretovariate(2)) - 1, created_at=thread.created_at + timedelta(minutes=90 * k),
            )

    with keep_dates(Answer, "created_at"):
        count = bulk(Answer, answers())
    return f"{nq + 1} questions, {count} answers (thread #{thread.pk}: {ctx.sizes['thread']} answers)"


def search_present(ctx: Context) -> bool:
    SearchEntry = apps.get_model("search", "SearchEntry")
    Content = apps.get_model("content", "Content")
    scale_ids = Content.objects.filter(slug__startswith=SLUG_PREFIX, status="published").values("pk")
    return SearchEntry.objects.filter(kind="content", object_id__in=scale_ids).exists()


def search_delete(ctx: Context) -> None:
    return None  # bulk_index replaces the entries of the objects it indexes


def search_create(ctx: Context) -> str:
    counts = []
    registered = {registration.kind: registration for registration in registry.kinds()}
    for kind in ("content", "institution"):  # both identify scale rows by their slug
        if kind in registered:
            queryset = registered[kind].all_objects().filter(slug__startswith=SLUG_PREFIX)
            counts.append(f"{bulk_index(kind, queryset)} {kind}")
    return "indexed " + ", ".join(counts)


EVENT_TITLES = ["Formation : {c}", "Webinaire – {C}", "Séminaire régional sur {c}", "Atelier pratique : {c}",
                "Soirée d'échanges : {c}", "Journée de l'emploi en soins de santé"]


def events_present(ctx: Context) -> bool:
    Event = apps.get_model("events", "Event")
    return Event.objects.filter(created_by__email__endswith="@" + EMAIL_DOMAIN).count() == ctx.sizes["events"]


def events_delete(ctx: Context) -> None:
    apps.get_model("events", "Event").objects.filter(created_by__email__endswith="@" + EMAIL_DOMAIN).delete()


def events_create(ctx: Context) -> str:
    Event = apps.get_model("events", "Event")
    Theme = apps.get_model("content", "Theme")
    rng = ctx.rng("events")
    members = ctx.member_ids()
    if not members:
        return "no members: events skipped"
    institutions = list(apps.get_model("institutions", "Institution").objects.filter(slug__startswith=SLUG_PREFIX)
                        .order_by("pk").values_list("pk", flat=True))
    coords = coordinates()
    n = ctx.sizes["events"]
    rows = []
    for _i in range(n):
        condition = rng.choice(CONDITIONS)
        pattern = rng.choice(EVENT_TITLES)
        kind = {"W": "webinar", "J": "job_day", "S": "seminar"}.get(pattern[0], "training")
        country, postal, city = rng.choice(PLACES)
        starts = ctx.now + timedelta(days=rng.randint(-60, 240), hours=rng.choice([9, 13, 18, 19]) - ctx.now.hour)
        online = kind == "webinar"
        lat, lon = coords.get((country, postal), (None, None))
        rows.append(Event(
            kind=kind, title=pattern.format(c=condition, C=condition[0].upper() + condition[1:])[:200],
            description=paragraph(rng, SENTENCES, 3, 6), target_professions=rng.sample([p for p, _w in PROFESSIONS], 2),
            language="fr", starts_at=starts, ends_at=starts + timedelta(hours=rng.choice([2, 3, 4, 8])),
            is_online=online, online_url="https://visio.praxis.invalid/salle" if online else "",
            venue="" if online else f"Auditoire {rng.choice(INSTITUTION_NAMES)}", postal_code="" if online else postal,
            city="" if online else city, country=country, latitude=None if online else lat,
            longitude=None if online else lon, price_eur=rng.choice([0, 0, 0, 25, 60, 120]),
            capacity=rng.choice([None, 30, 60, 120, 300]),
            institution_id=rng.choice(institutions) if institutions and rng.random() < 0.7 else None,
            created_by_id=rng.choice(members), status="published" if rng.random() < 0.95 else "cancelled",
        ))
    bulk(Event, rows)
    theme_ids = list(Theme.objects.order_by("pk").values_list("pk", flat=True))
    ids = list(Event.objects.filter(created_by__email__endswith="@" + EMAIL_DOMAIN).order_by("pk")
               .values_list("pk", flat=True))
    Through = Event.themes.through
    bulk(Through, (Through(event_id=eid, theme_id=tid) for eid in ids
                   for tid in rng.sample(theme_ids, min(len(theme_ids), rng.randint(1, 2)))))
    return f"{n} events"


@dataclass
class Generator:
    name: str
    requires: list[str]  # model labels that must exist
    present: Callable[[Context], bool]
    delete: Callable[[Context], None]
    create: Callable[[Context], str]


GENERATORS = [
    Generator("members", ["accounts.User"], members_present, members_delete, members_create),
    Generator("institutions", ["institutions.Institution"], institutions_present, institutions_delete,
              institutions_create),
    Generator("communities", ["communities.Community"], communities_present, communities_delete,
              communities_create),
    Generator("contents", ["content.Content", "content.Theme"], contents_present, contents_delete, contents_create),
    Generator("discussions", ["discussions.Question", "discussions.Answer"], discussions_present, discussions_delete,
              discussions_create),
    Generator("events", ["events.Event"], events_present, events_delete, events_create),
    Generator("search", ["search.SearchEntry"], search_present, search_delete, search_create),
]


def run(*, sizes: dict[str, int], seed: int = 42, reset: bool = False, log: Callable[[str], None] = print) -> dict:
    """Create what is missing for these sizes; returns {generator: report}. Used by the command and the tests."""
    ctx = Context(rng_seed=seed, sizes=sizes, now=timezone.now().replace(microsecond=0), log=log)
    report: dict[str, str] = {}
    # A change upstream (e.g. other members) invalidates what depends on it: regenerate from there on.
    available = []
    for gen in GENERATORS:
        missing = [label for label in gen.requires if model_or_none(label) is None]
        if missing:
            report[gen.name] = "not available yet"
            log(f"  {gen.name:<14} not available yet ({', '.join(missing)} has no model)")
        else:
            available.append(gen)
    first_dirty = 0 if reset else next((i for i, gen in enumerate(available) if not gen.present(ctx)), None)
    if first_dirty is not None:
        for gen in reversed(available[first_dirty:]):  # dependants first (PROTECT foreign keys)
            gen.delete(ctx)
    for i, gen in enumerate(available):
        if first_dirty is None or i < first_dirty:
            report[gen.name] = "already present"
            log(f"  {gen.name:<14} already present")
            continue
        started = time.monotonic()
        report[gen.name] = gen.create(ctx)
        log(f"  {gen.name:<14} {report[gen.name]} in {time.monotonic() - started:.1f} s")
    if connection.vendor == "postgresql" and any(v not in {"already present", "not available yet"}
                                                 for v in report.values()):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return report


class Command(BaseCommand):
    help = "Fill the database with a large, realistic, reproducible dataset (for `make bench`)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--scale", choices=sorted(SCALES), default="default",
                            help="preset sizes; the options below override them")
        for name in ("members", "institutions", "communities", "contents", "comments", "thread", "events"):
            parser.add_argument(f"--{name}", type=int, default=None)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--reset", action="store_true", help="regenerate every scale row")

    def handle(self, *args: Any, **options: Any) -> None:
        sizes = dict(SCALES[options["scale"]])
        for name in sizes:
            if options.get(name) is not None:
                sizes[name] = options[name]
        started = time.monotonic()
        self.stdout.write(f"seed_scale {sizes} (seed {options['seed']})")
        run(sizes=sizes, seed=options["seed"], reset=options["reset"], log=self.stdout.write)
        self.stdout.write(f"seed_scale done in {time.monotonic() - started:.1f} s")
