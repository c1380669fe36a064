"""Benchmark data of events for `manage.py seed_scale` (see praxis.core.scale)."""

from __future__ import annotations

from datetime import timedelta

from django.apps import apps

from praxis.accounts.scale import PROFESSIONS
from praxis.content.scale import CONDITIONS
from praxis.core.scale import EMAIL_DOMAIN, PLACES, SENTENCES, SLUG_PREFIX, Context, Generator, bulk, paragraph
from praxis.institutions.scale import INSTITUTION_NAMES, coordinates

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
            coi_none=True,  # declared, as every event written through the service is
        ))
    bulk(Event, rows)
    theme_ids = list(Theme.objects.order_by("pk").values_list("pk", flat=True))
    ids = list(Event.objects.filter(created_by__email__endswith="@" + EMAIL_DOMAIN).order_by("pk")
               .values_list("pk", flat=True))
    Through = Event.themes.through
    bulk(Through, (Through(event_id=eid, theme_id=tid) for eid in ids
                   for tid in rng.sample(theme_ids, min(len(theme_ids), rng.randint(1, 2)))))
    return f"{n} events"


GENERATORS = [
    Generator("events", ["events.Event"], events_present, events_delete, events_create),
]
