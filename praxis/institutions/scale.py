"""Benchmark data of institutions for `manage.py seed_scale` (see praxis.core.scale)."""

from __future__ import annotations

from django.apps import apps

from praxis.core.scale import (
    PLACES,
    SENTENCES,
    SLUG_PREFIX,
    Context,
    Generator,
    bulk,
    has_field,
    model_or_none,
    paragraph,
    weighted,
)

INSTITUTION_KINDS = [
    ("hospital", "Centre hospitalier", 10), ("clinic", "Clinique", 8), ("nursing_home", "Maison de repos", 14),
    ("home_care", "Soins à domicile", 12), ("medical_house", "Maison médicale", 18),
    ("mental_health", "Service de santé mentale", 8), ("association", "Association", 8),
    ("public_service", "Centre public d'action sociale", 6), ("school", "Haute école", 4), ("other", "Réseau", 4),
]


INSTITUTION_NAMES = ["Saint-Joseph", "Sainte-Anne", "du Parc", "des Tilleuls", "Les Oliviers", "du Centre",
                     "de la Citadelle", "Notre-Dame", "Bois de la Cambre", "Les Marronniers", "du Val", "Espérance",
                     "La Source", "Le Méridien", "Saint-Luc", "Reine Fabiola", "des Deux Rives", "Horizon"]


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


GENERATORS = [
    Generator("institutions", ["institutions.Institution"], institutions_present, institutions_delete,
              institutions_create),
]
