"""Benchmark data of content for `manage.py seed_scale` (see praxis.core.scale)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta

from django.apps import apps
from django.db import models

from praxis.accounts.scale import PROFESSIONS
from praxis.core.scale import (
    EMAIL_DOMAIN,
    SENTENCES,
    SLUG_PREFIX,
    Context,
    Generator,
    bulk,
    keep_dates,
    paragraph,
    weighted,
)

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


GENERATORS = [
    Generator("contents", ["content.Content", "content.Theme"], contents_present, contents_delete, contents_create),
]
