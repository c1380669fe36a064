"""Benchmark data of communities for `manage.py seed_scale` (see praxis.core.scale)."""

from __future__ import annotations

from typing import Any

from django.apps import apps

from praxis.core.scale import PLACES, SENTENCES, SLUG_PREFIX, Context, Generator, bulk, paragraph, weighted

COMMUNITY_TOPICS = ["Plaies chroniques", "Soins palliatifs à domicile", "Diabète en première ligne",
                    "Santé mentale des jeunes", "Gériatrie de liaison", "Douleur chronique", "Allaitement",
                    "Assuétudes", "Pratique réflexive infirmière", "Kinésithérapie respiratoire",
                    "Violences intrafamiliales", "Médecine du sport", "Éthique clinique", "Pédiatrie ambulatoire"]


def communities_present(ctx: Context) -> bool:
    Community = apps.get_model("communities", "Community")
    return (Community.objects.filter(slug__startswith=SLUG_PREFIX).exclude(slug=HOME_SLUG).count()
            == ctx.sizes["communities"])


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


# --- the bench's "200-member community home": a community with 2 years of fortnightly meetings --------------------
HOME_SLUG = f"{SLUG_PREFIX}cdp-200"
HOME_MEMBERS = 200
HOME_DOMAIN = "cdp-200.praxis.invalid"  # members made only when the scale members are too few (never counted by them)
CASE_TITLES = ["Sorties d'hôpital du vendredi soir", "Refus d'aide à domicile", "Transmission des traitements",
               "Accès aux soins palliatifs la nuit", "Coordination avec le CPAS", "Relais pendant les congés",
               "Premier contact après un signalement", "Patients sans médecin traitant", "Fiche de liaison incomplète"]


def _home_members(rng: Any, reader: Any) -> list[int]:
    """The reader, then scale members; members of our own when the scale has too few (tiny scale, tests)."""
    from django.contrib.auth.hashers import make_password

    from praxis.core.scale import EMAIL_DOMAIN

    User = apps.get_model("accounts", "User")
    wanted = HOME_MEMBERS - (1 if reader is not None else 0)
    ids = list(User.objects.filter(email__endswith="@" + EMAIL_DOMAIN).order_by("pk").values_list("pk", flat=True)
               [:wanted])
    if len(ids) < wanted:
        password = make_password(None)
        professions = ["nurse", "gp", "social_worker", "physiotherapist", "pharmacist", "psychologist", "other"]
        bulk(User, (User(email=f"m{i:03d}@{HOME_DOMAIN}", password=password, first_name="Membre", last_name=f"{i:03d}",
                         profession=rng.choice(professions), country="BE", postal_code="1030", city="Schaerbeek",
                         verification_status="verified") for i in range(wanted - len(ids))))
        ids += list(User.objects.filter(email__endswith="@" + HOME_DOMAIN).order_by("pk").values_list("pk", flat=True))
    return ([reader.pk] if reader is not None else []) + ids[:wanted]


def _home_meetings(rng: Any, community: Any, member_ids: list[int], now: Any) -> int:
    from datetime import timedelta

    m = {name: apps.get_model("communities", name) for name in ("Meeting", "Attendance", "SurveyAnswer", "Action")}
    phases = [{"key": key, "title": key.title(), "prompt": "", "items": ["Point de suivi", "Tour de table"]}
              for key in ("welcome", "recap", "exchange", "themes", "closure")]
    starts = [now - timedelta(days=14 * k, hours=-1) for k in range(52, 0, -1)] + [now + timedelta(days=9)]
    bulk(m["Meeting"], (m["Meeting"](
        community=community, title=f"Réunion {n + 1}", starts_at=start, ends_at=start + timedelta(hours=2),
        place="Maison de quartier", agenda=phases, next_topics="Posture ; outils de liaison",
        minutes={p["key"]: paragraph(rng, SENTENCES, 1, 2) for p in phases} if start < now else {},
        status="held" if start < now else "scheduled", attendance_taken_at=start if start < now else None,
    ) for n, start in enumerate(starts)))
    meetings = list(m["Meeting"].objects.filter(community=community).order_by("starts_at"))
    held = [meeting for meeting in meetings if meeting.status == "held"]
    attendances, answers, actions = [], [], []
    for meeting in held:
        for user_id in member_ids:
            present = rng.random() < 0.55
            attendances.append(m["Attendance"](meeting=meeting, user_id=user_id, present=present))
            if present and rng.random() < 0.4:
                answers.append(m["SurveyAnswer"](meeting=meeting, user_id=user_id, usefulness=rng.randint(2, 5)))
        for k in range(4):
            due = (meeting.starts_at + timedelta(days=14)).date()
            done = None if meeting is held[-1] or rng.random() < 0.03 else meeting.starts_at + timedelta(days=10)
            actions.append(m["Action"](community=community, meeting=meeting, text=f"Action {k + 1} : relancer",
                                       owner_id=rng.choice(member_ids), due_on=due, done_at=done))
    bulk(m["Attendance"], attendances)
    bulk(m["SurveyAnswer"], answers)
    bulk(m["Action"], actions)
    return len(meetings)


def _home_life(rng: Any, community: Any, member_ids: list[int], now: Any) -> None:
    """Cases, discussions, library and tools over two years."""
    from datetime import timedelta

    from praxis.core.scale import keep_dates

    Case, Thread, Reply, LibraryItem, Tool = (apps.get_model("communities", name) for name in (
        "Case", "Thread", "Reply", "LibraryItem", "Tool"))
    with keep_dates(Case, "created_at"):
        bulk(Case, (Case(community=community, author_id=rng.choice(member_ids), title=rng.choice(CASE_TITLES),
                         context=paragraph(rng, SENTENCES, 1, 2), problem=paragraph(rng, SENTENCES, 2, 3),
                         status="documented" if rng.random() < 0.35 else "open",
                         created_at=now - timedelta(days=rng.randint(0, 730))) for _ in range(60)))
    with keep_dates(Thread, "created_at"):
        bulk(Thread, (Thread(community=community, author_id=rng.choice(member_ids), title=f"Question {n + 1}",
                             body=paragraph(rng, SENTENCES, 1, 3), reply_count=3,
                             last_activity_at=now - timedelta(days=rng.randint(0, 730)),
                             created_at=now - timedelta(days=730)) for n in range(120)))
    bulk(Reply, (Reply(thread=thread, author_id=rng.choice(member_ids), body=paragraph(rng, SENTENCES, 1, 2))
                 for thread in Thread.objects.filter(community=community) for _ in range(3)))
    bulk(LibraryItem, (LibraryItem(community=community, kind="link", title=f"Ressource {n + 1}",
                                   url=f"https://example.org/ressource-{n + 1}", target="external",
                                   added_by_id=rng.choice(member_ids)) for n in range(30)))
    bulk(Tool, (Tool(community=community, title=f"Outil {n + 1}", version=1, created_by_id=rng.choice(member_ids))
                for n in range(10)))


def bench_home(reader: Any = None, *, seed: int = 15) -> Any:
    """The 200-member community of the bench (created once; the reader made one of its members)."""
    import random

    from django.db import transaction
    from django.utils import timezone

    Community = apps.get_model("communities", "Community")
    Membership = apps.get_model("communities", "CommunityMembership")
    community = Community.objects.filter(slug=HOME_SLUG).first()
    if community is None:
        rng = random.Random(seed)
        with transaction.atomic():
            community = Community.objects.create(
                name="Référents de proximité – Bruxelles nord-est", slug=HOME_SLUG, visibility="private",
                join_policy="request", purpose="Coordonner le retour à domicile après une hospitalisation.",
                languages=["fr", "nl"])
            member_ids = _home_members(rng, reader)
            bulk(Membership, (Membership(community=community, user_id=user_id,
                                         role="facilitator" if n in (1, 2, 3) else "member")
                              for n, user_id in enumerate(member_ids)))
            now = timezone.now()
            _home_meetings(rng, community, member_ids, now)
            _home_life(rng, community, member_ids, now)
    if reader is not None:
        Membership.objects.get_or_create(community=community, user=reader)
    return community


def home_present(ctx: Context) -> bool:
    return apps.get_model("communities", "Community").objects.filter(slug=HOME_SLUG).exists()


def home_delete(ctx: Context) -> None:
    apps.get_model("communities", "Community").objects.filter(slug=HOME_SLUG).delete()
    apps.get_model("accounts", "User").objects.filter(email__endswith="@" + HOME_DOMAIN).delete()


def home_create(ctx: Context) -> str:
    community = bench_home()
    return f"the 200-member community {community.slug}"


GENERATORS.append(Generator("communities.home_200", ["communities.Community"], home_present, home_delete,
                            home_create))
