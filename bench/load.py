"""The Django side of the load test (issue 21, "Load"): who the simulated members are, what they read and write, and
afterwards whether every write the server acknowledged is in the database ("no lost write").

    python bench/djhelper.py load_prepare N PLAN.json     # N members with sessions, their paths -> PLAN.json
    python bench/djhelper.py load_check PLAN.json RESULTS.json   # acknowledged writes against the rows

The members are seeded scale members (`*@scale.praxis.invalid`) without a privileged role (no second factor needed),
each with a session of their own, so 200 users are 200 sessions, actors and bells, as on a real morning.
"""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

SEARCH_WORDS = ["patient", "douleur", "escarre", "diabète", "plaie", "chute", "citadelle", "vaccination"]
ANSWER_MARK = "[charge]"


def _members(n: int) -> list[Any]:
    from praxis.accounts.models import User

    privileged = Q(is_superuser=True) | Q(is_moderator=True) | Q(is_reviewer=True) | Q(is_staff=True)
    admins = User.objects.filter(institution_memberships__role="admin").values("pk")
    members = list(User.objects.filter(email__endswith="@scale.praxis.invalid", is_active=True,
                                       verification_status="verified")
                   .exclude(privileged).exclude(pk__in=admins).order_by("pk")[:n])
    if len(members) < n:
        raise SystemExit(f"only {len(members)} verified scale members without a privileged role: seed a larger scale")
    return members


def prepare(n: int, plan_path: str) -> dict:
    from django.middleware.csrf import _get_new_csrf_string

    from bench.djhelper import session_for
    from praxis.content.models import Content
    from praxis.discussions.models import Question
    from praxis.discussions.scale import THREAD_MARK
    from praxis.events.models import Event

    members = _members(n)
    # Each run registers the same members again: their registrations of a previous run go first (bench data only).
    from praxis.events.models import Registration

    Registration.objects.filter(user__in=members).delete()
    contents = list(Content.objects.filter(status="published", visibility="public", revision_of__isnull=True,
                                           slug__startswith="scale-").order_by("-view_count", "pk")[:60])
    questions = list(Question.objects.filter(content__slug__startswith="scale-", content__visibility="public",
                                             content__status="published")
                     .exclude(body__startswith=THREAD_MARK).order_by("pk")[:40])
    events = list(Event.objects.filter(status="published", starts_at__gt=timezone.now() + timedelta(days=3))
                  .order_by("starts_at", "pk")[:40])
    from bench.scenarios import reverse_any

    search = reverse_any(["search:search", "search:results", "search:index", "search:home"])
    reads = [reverse("site:home"), reverse("content:list"), reverse("events:agenda"), reverse("notifications:bell")]
    reads += [reverse("content:detail", kwargs={"pk": c.pk, "slug": c.slug}) for c in contents]
    reads += [reverse("discussions:question", kwargs={"question_id": q.pk}) for q in questions]
    users = []
    try:
        from praxis.learning import scale as learning_scale
    except ImportError:
        learning_scale = None
    for user in members:
        heartbeat = learning_scale.bench_capsule_path(user) if learning_scale else None
        users.append({"id": user.pk, "session": session_for(user), "heartbeat": heartbeat})
    plan = {
        "started_at": timezone.now().isoformat(), "csrf": _get_new_csrf_string(), "users": users, "reads": reads,
        "searches": [f"{search}?q={word}" for word in SEARCH_WORDS],
        "answers": [reverse("discussions:answer", kwargs={"question_id": q.pk}) for q in questions],
        "events": [{"id": e.pk, "path": reverse("events:register", kwargs={"event_id": e.pk})} for e in events],
        "answer_mark": ANSWER_MARK,
    }
    Path(plan_path).write_text(json.dumps(plan))
    return {"users": len(users), "reads": len(reads), "questions": len(questions), "events": len(events),
            "heartbeats": sum(1 for u in users if u["heartbeat"])}


def check(plan_path: str, results_path: str) -> dict:
    """Every write the server acknowledged (302 to its page) must be in the database afterwards."""
    from praxis.discussions.models import Answer
    from praxis.events.models import Registration

    plan = json.loads(Path(plan_path).read_text())
    results = json.loads(Path(results_path).read_text())
    acknowledged = results.get("acknowledged", {})
    ids = [u["id"] for u in plan["users"]]
    out: dict[str, Any] = {}

    answers_ok = sum(acknowledged.get("answers", {}).values())
    answers_rows = Answer.objects.filter(author_id__in=ids, body__startswith=plan["answer_mark"],
                                         created_at__gte=plan["started_at"]).count()
    out["answers"] = {"acknowledged": answers_ok, "rows": answers_rows, "lost": max(0, answers_ok - answers_rows)}

    wanted = {(int(user), event) for user, events in acknowledged.get("registrations", {}).items() for event in events}
    found = set(Registration.objects.filter(user_id__in=ids).values_list("user_id", "event_id"))
    out["registrations"] = {"acknowledged": len(wanted), "lost": len(wanted - found)}

    lost, total = 0, 0
    try:
        from praxis.learning.models import LessonProgress
    except ImportError:
        LessonProgress = None
    if LessonProgress is not None:
        for user, intervals in acknowledged.get("heartbeats", {}).items():
            stored: list[list[float]] = []
            for row in LessonProgress.objects.filter(enrolment__user_id=int(user), lesson__kind="capsule",
                                                     last_heartbeat_at__isnull=False):
                stored += row.watched_intervals
            for a, b in intervals:
                total += 1
                if not any(c <= a + 1e-6 and b <= d + 1e-6 for c, d in stored):
                    lost += 1
    out["heartbeats"] = {"acknowledged": total, "lost": lost}
    out["lost_writes"] = sum(part["lost"] for part in out.values() if isinstance(part, dict))
    return out
