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
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, models, transaction
from django.utils import timezone

EMAIL_DOMAIN = "scale.praxis.invalid"
SLUG_PREFIX = "scale-"
BATCH = 2000
# One hash for every generated member (hashing 200 000 passwords would take an hour); nobody logs in as them.
SCALE_PASSWORD = "praxis-scale-2026"

SCALES: dict[str, dict[str, int]] = {
    "tiny": {"members": 60, "institutions": 8, "communities": 4, "contents": 40, "comments": 200, "thread": 120},
    "small": {"members": 2000, "institutions": 200, "communities": 40, "contents": 1000, "comments": 10000,
              "thread": 5000},
    "default": {"members": 20000, "institutions": 1000, "communities": 200, "contents": 5000, "comments": 100000,
                "thread": 5000},
    "full": {"members": 200000, "institutions": 10000, "communities": 2000, "contents": 50000,
             "comments": 1000000, "thread": 5000},
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
    User = apps.get_model("accounts", "User")
    scale_users = User.objects.filter(email__endswith="@" + EMAIL_DOMAIN)
    Content = model_or_none("content.Content")
    if Content is not None:  # PROTECT: their contents go first
        Content.objects.filter(author__in=scale_users).delete()
    scale_users.delete()


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
    return Institution.objects.filter(slug__startswith=SLUG_PREFIX).count() == ctx.sizes["institutions"]


def institutions_delete(ctx: Context) -> None:
    apps.get_model("institutions", "Institution").objects.filter(slug__startswith=SLUG_PREFIX).delete()


def institutions_create(ctx: Context) -> str:
    Institution = apps.get_model("institutions", "Institution")
    Membership = apps.get_model("institutions", "InstitutionMembership")
    rng = ctx.rng("institutions")
    n = ctx.sizes["institutions"]
    rows = []
    for i in range(n):
        country, _postal, city = rng.choice(PLACES)
        kind, label = weighted(rng, [((k, label), w) for k, label, w in INSTITUTION_KINDS])
        rows.append(Institution(
            name=f"{label} {rng.choice(INSTITUTION_NAMES)} – {city}", slug=f"{SLUG_PREFIX}inst-{i}", kind=kind,
            city=city, country=country, is_verified=rng.random() < 0.85,
        ))
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
    return f"{n} institutions, {count} memberships"


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
            )

    count = bulk(Content, rows())
    ids = list(Content.objects.filter(slug__startswith=SLUG_PREFIX).order_by("pk").values_list("pk", flat=True))
    Through = Content.themes.through
    links = (Through(content_id=cid, theme_id=tid) for cid in ids
             for tid in rng.sample(theme_ids, min(len(theme_ids), rng.randint(1, 3))))
    nlinks = bulk(Through, links) if theme_ids else 0
    return f"{count} contents, {nlinks} theme links"


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
]


def run(*, sizes: dict[str, int], seed: int = 42, reset: bool = False, log: Callable[[str], None] = print) -> dict:
    """Create what is missing for these sizes; returns {generator: report}. Used by the command and the tests."""
    ctx = Context(rng_seed=seed, sizes=sizes, now=timezone.now().replace(microsecond=0), log=log)
    report: dict[str, str] = {}
    # A change upstream (e.g. other members) invalidates what depends on it: regenerate from there on.
    dirty = reset
    for gen in GENERATORS:
        missing = [label for label in gen.requires if model_or_none(label) is None]
        if missing:
            report[gen.name] = "not available yet"
            log(f"  {gen.name:<14} not available yet ({', '.join(missing)} has no model)")
            continue
        if not dirty and gen.present(ctx):
            report[gen.name] = "already present"
            log(f"  {gen.name:<14} already present")
            continue
        dirty = True
        started = time.monotonic()
        gen.delete(ctx)
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
        for name in ("members", "institutions", "communities", "contents", "comments", "thread"):
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
