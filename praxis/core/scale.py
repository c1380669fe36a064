"""The benchmark data mechanism (`manage.py seed_scale`): each app declares its generators in its own `scale.py`
(`GENERATORS = [Generator(...)]`), found in the order of INSTALLED_APPS, as `seed_demo` finds each app's `demo.py`.

Every row a generator creates is recognisable (members `*@scale.praxis.invalid`, slugs starting with `scale-`), so a
second run with the same sizes is a no-op and a run with other sizes replaces only the scale rows (demo data is kept).
Rows are written with `bulk_create` in batches, from `random.Random(seed)`: the same seed gives the same data.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import import_module
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.module_loading import module_has_submodule

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

# Filler prose in French, for descriptions and summaries.
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
    except Exception:
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
        members = get_user_model()._default_manager.filter(email__endswith="@" + EMAIL_DOMAIN)
        return list(members.order_by("pk").values_list("pk", flat=True))


@dataclass
class Generator:
    name: str
    requires: list[str]  # model labels that must exist
    present: Callable[[Context], bool]
    delete: Callable[[Context], None]
    create: Callable[[Context], str]


def generators() -> list[Generator]:
    """Every installed Praxis app's `scale.py` generators, in the order of INSTALLED_APPS (members before what they
    write, contents before their questions...)."""
    found: list[Generator] = []
    for config in apps.get_app_configs():
        if config.name.startswith("praxis.") and module_has_submodule(config.module, "scale"):
            found += getattr(import_module(f"{config.name}.scale"), "GENERATORS", [])  # core.scale: the mechanism
    return found


def run(
    *, sizes: dict[str, int], seed: int = 42, reset: bool = False, log: Callable[[str], None] = print
) -> dict[str, Any]:
    """Create what is missing for these sizes; returns {generator: report}. Used by the command and the tests."""
    ctx = Context(rng_seed=seed, sizes=sizes, now=timezone.now().replace(microsecond=0), log=log)
    report: dict[str, str] = {}
    # A change upstream (e.g. other members) invalidates what depends on it: regenerate from there on.
    available = []
    for gen in generators():
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
