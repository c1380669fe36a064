"""Benchmark data of communities for `manage.py seed_scale` (see praxis.core.scale)."""

from __future__ import annotations

from django.apps import apps

from praxis.core.scale import PLACES, SENTENCES, SLUG_PREFIX, Context, Generator, bulk, paragraph, weighted

COMMUNITY_TOPICS = ["Plaies chroniques", "Soins palliatifs à domicile", "Diabète en première ligne",
                    "Santé mentale des jeunes", "Gériatrie de liaison", "Douleur chronique", "Allaitement",
                    "Assuétudes", "Pratique réflexive infirmière", "Kinésithérapie respiratoire",
                    "Violences intrafamiliales", "Médecine du sport", "Éthique clinique", "Pédiatrie ambulatoire"]


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


GENERATORS = [
    Generator("communities", ["communities.Community"], communities_present, communities_delete,
              communities_create),
]
