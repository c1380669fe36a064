"""The Django side of `make bench`, run as a subprocess with the same environment as the server.

    python bench/djhelper.py prepare      # bench members, sessions, scenario paths, write targets -> JSON
    python bench/djhelper.py tasks N      # task queue: enqueue/drain rates with the real worker, SIGKILL recovery
    python bench/djhelper.py thread ...   # (inside prepare) the 5 000-answer thread, when discussions exists

The orchestrator (`bench/run.py`) never imports Django itself, so it can drive a PostgreSQL and a SQLite server.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from importlib import import_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

BENCH_DOMAIN = "bench.praxis.invalid"


def bench_member(label: str) -> object:
    from allauth.account.models import EmailAddress

    from praxis.accounts.models import User

    email = f"{label}@{BENCH_DOMAIN}"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=None, first_name="Banc", last_name=label.title(), profession="gp",
            country="BE", postal_code="4000", city="Liège", languages=["fr"],
            verification_status="verified", verified_at=timezone.now(), individual_declared_at=timezone.now(),
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    # A staff member of two institutions and a member of two communities, like a typical nurse or GP.
    try:
        from praxis.institutions.models import Institution, InstitutionMembership

        for inst in Institution.objects.filter(slug__startswith="scale-").order_by("pk")[:2]:
            InstitutionMembership.objects.get_or_create(institution=inst, user=user, defaults={"role": "staff"})
        from praxis.communities.models import Community, CommunityMembership

        for com in Community.objects.filter(slug__startswith="scale-").order_by("pk")[:2]:
            CommunityMembership.objects.get_or_create(community=com, user=user)
    except Exception as exc:
        print(f"memberships skipped: {exc}", file=sys.stderr)
    try:
        follow_and_notify(user)
    except Exception as exc:
        print(f"follows/notifications skipped: {exc}", file=sys.stderr)
    return user


def follow_and_notify(user: object) -> None:
    """A member who follows 3 themes, 2 institutions and 5 colleagues, with 60 notifications (20 unread)."""
    from datetime import timedelta

    from praxis.accounts.models import User
    from praxis.content.models import Theme
    from praxis.institutions.models import Follow, Institution
    from praxis.notifications.models import Notification

    if not Follow.objects.filter(follower=user).exists():
        targets = [("theme", pk) for pk in Theme.objects.order_by("pk").values_list("pk", flat=True)[:3]]
        targets += [("institution", pk) for pk in Institution.objects.filter(slug__startswith="scale-")
                    .order_by("pk").values_list("pk", flat=True)[:2]]
        targets += [("member", pk) for pk in User.objects.filter(email__endswith="@scale.praxis.invalid")
                    .order_by("pk").values_list("pk", flat=True)[:5]]
        Follow.objects.bulk_create([Follow(follower=user, target_kind=k, target_id=t) for k, t in targets])
    if not Notification.objects.filter(recipient=user).exists():
        now = timezone.now()
        Notification.objects.bulk_create([
            Notification(recipient=user, kind="answers", action="discussions.answer.posted", url="/",
                         data={"title": "Prise en charge de l'escarre de talon"},
                         read_at=None if i < 20 else now - timedelta(days=i))
            for i in range(60)
        ])


def session_for(user: object) -> str:
    """A logged-in session as `login()` would create it (the bench members have no second factor)."""
    engine = import_module(settings.SESSION_ENGINE)
    store = engine.SessionStore()
    store["_auth_user_id"] = str(user.pk)  # type: ignore[attr-defined]
    store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    store["_auth_user_hash"] = user.get_session_auth_hash()  # type: ignore[attr-defined]
    store.create()
    return store.session_key


def thread_info() -> dict | None:
    """First, middle and last page of the seeded 5 000-answer thread, once the discussions app provides it."""
    try:
        from bench import threads
    except ImportError:
        return None
    return threads.info()


def writes_info(ctx: dict) -> list[dict]:
    """The writes posted while the feed is read: answers and progress heartbeats when those apps exist."""
    targets = [{
        "name": "set_language", "path": reverse("accounts:set_language"),
        "bodies": ["language=nl&next=/", "language=fr&next=/"],
        "note": "member preference update (a real write transaction)",
    }]
    try:
        from bench import threads

        targets += threads.write_targets(ctx)
    except ImportError:
        pass
    try:
        from praxis.learning import scale as learning_scale
    except ImportError:
        learning_scale = None
    path = learning_scale.bench_capsule_path(bench_member("redacteur")) if learning_scale else None
    if path:
        # 50 short stretches in turn: the reports stay plausible and the stored intervals stay bounded.
        targets.append({
            "name": "progress_heartbeat", "path": path,
            "bodies": [f"played=[[{2 * k},{2 * k + 0.05}]]&position={2 * k}" for k in range(50)],
            "note": "learning capsule_heartbeat (progress row locked, intervals merged)",
        })
    return targets


def learners_info(count: int = 8) -> list[dict]:
    """One learner per connection of the SCORM commit scenario, each with a session and an attempt of their own: a
    learner's browser commits one attempt at a time, so 8 connections committing the same attempt (queued on its row
    lock) measured something no learner can do."""
    try:
        from praxis.learning.scorm import scale
    except ImportError:
        return []
    from django.urls import reverse

    learners = []
    for n in range(1, count + 1):
        learner = bench_member(f"apprenant{n}")
        attempt = scale.bench_attempt(learner)
        lesson = attempt.progress.lesson
        learners.append({"session": session_for(learner),
                         "path": reverse("learning:scorm_commit", args=[lesson.course.slug, lesson.pk, attempt.pk])})
    return learners


def prepare() -> dict:
    from django.middleware.csrf import _get_new_csrf_string

    from bench.scenarios import resolve

    reader, writer = bench_member("lecteur"), bench_member("redacteur")
    ctx: dict = {"thread": thread_info()}
    csrf = _get_new_csrf_string()
    return {
        "vendor": connection.vendor,
        "session": session_for(reader),
        "writer_session": session_for(writer),
        "csrf": csrf,
        "scenarios": resolve(ctx),
        "learners": learners_info(),
        "writes": writes_info(ctx),
        "thread": ctx["thread"],
    }


# --- task queue ----------------------------------------------------------------------------------------------


def proc_hwm_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def start_worker(log: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "run_huey", "--workers", "2", "--worker-type", "thread"],
        cwd=ROOT, stdout=log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
    )


def wait_for(predicate, timeout: float, step: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False


def tasks(n: int) -> dict:
    from django.db.models import Max, Min
    from huey.contrib.djhuey import HUEY

    from bench.tasks import bench_noop, bench_sleep
    from praxis.core.models import TaskRun

    log = Path(os.environ.get("BENCH_LOG_DIR", str(ROOT / "var" / "bench"))) / "huey.log"
    TaskRun.objects.filter(task_path__startswith="bench.tasks.").delete()
    HUEY.flush()
    result: dict = {"tasks": n, "worker": "manage.py run_huey --workers 2 --worker-type thread",
                    "queue": settings.HUEY.get("huey_class")}

    # 1. enqueue with no worker running: the cost of `job.enqueue()` (row + transport message) alone.
    started = time.monotonic()
    for i in range(n):
        bench_noop.enqueue(i)  # autocommit: sent at once
    result["enqueue_s"] = round(time.monotonic() - started, 3)
    result["enqueue_per_s"] = round(n / result["enqueue_s"], 1)

    # 2. drain with the real worker.
    worker = start_worker(log)
    started = time.monotonic()
    runs = TaskRun.objects.filter(task_path="bench.tasks.bench_noop")
    done = wait_for(lambda: runs.filter(status="done").count() >= n, timeout=180, step=0.2)
    result["drain_wall_s"] = round(time.monotonic() - started, 3)
    span = runs.filter(status="done").aggregate(first=Min("finished_at"), last=Max("finished_at"))
    if done and span["first"] and span["last"] and span["last"] > span["first"]:
        result["drain_s"] = round((span["last"] - span["first"]).total_seconds(), 3)
        result["drain_per_s"] = round((n - 1) / result["drain_s"], 1)
    result["drained"] = runs.filter(status="done").count()
    result["failed"] = runs.filter(status="failed").count()
    # Transport messages still queued once every job is done: re-sent duplicates (requeue_stalled re-sends jobs
    # queued for more than a minute, which a backlog of 2 000 jobs always has). They must drain before the next job.
    result["messages_left_after_drain"] = HUEY.pending_count()
    started = time.monotonic()
    wait_for(lambda: HUEY.pending_count() == 0, timeout=240, step=0.5)
    result["duplicates_drain_s"] = round(time.monotonic() - started, 1)

    # 3. SIGKILL the worker in the middle of a job; a new worker must finish it.
    job = bench_sleep.enqueue(3)
    running = wait_for(lambda: TaskRun.objects.filter(pk=job.pk, status="running").exists(), timeout=30)
    time.sleep(0.5)
    result["worker_peak_rss_mb"] = round(proc_hwm_kb(worker.pid) / 1024, 1)
    os.killpg(worker.pid, signal.SIGKILL)
    worker.wait()
    killed_at = time.monotonic()
    worker = start_worker(log)
    try:
        recovered = wait_for(lambda: TaskRun.objects.filter(pk=job.pk, status="done").exists(), timeout=90, step=0.2)
        job.refresh_from_db()
        result["kill_test"] = {
            "was_running_when_killed": running, "completed_after_restart": recovered,
            "attempts": job.attempts, "seconds_from_kill_to_done": round(time.monotonic() - killed_at, 2),
        }
    finally:
        os.killpg(worker.pid, signal.SIGTERM)
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)
    return result


def transcode(clip: str) -> dict:
    """The content app's own pipeline (probe, HLS ladder, MP4 fallback, images) on the bench clip."""
    import shutil
    import tempfile

    try:
        from praxis.content.media import ffmpeg as media
        steps = (media.probe_file, media.check_limits, media.plan_renditions, media.transcode_hls, media.remux_mp4,
                 media.make_images)
    except (ImportError, AttributeError) as exc:
        return {"fallback": f"content pipeline not available: {exc}"}
    del steps
    import resource

    source = Path(clip)
    out = Path(tempfile.mkdtemp(prefix="bench-hls-", dir=ROOT / "var" / "bench"))
    timings = {}
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_before = usage.ru_utime + usage.ru_stime
    try:
        started = time.monotonic()
        probe = media.probe_file(source)
        media.check_limits(probe)
        plan = media.plan_renditions(probe)
        timings["probe_s"] = round(time.monotonic() - started, 2)
        step = time.monotonic()
        media.transcode_hls(source, out, probe, plan, timeout=3600)
        timings["hls_ladder_s"] = round(time.monotonic() - step, 1)
        step = time.monotonic()
        media.remux_mp4(out, plan[-1] if len(plan) else plan[0], timeout=600)
        timings["mp4_fallback_s"] = round(time.monotonic() - step, 1)
        step = time.monotonic()
        media.make_images(source, out, probe, timeout=120)
        timings["images_s"] = round(time.monotonic() - step, 1)
        elapsed = time.monotonic() - started
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = usage.ru_utime + usage.ru_stime - cpu_before
        return {
            # FFmpeg's CPU time: what the job costs whatever else runs on the machine. On a dedicated machine the
            # wall time is about cpu / cores (x264 uses every core).
            "ffmpeg_cpu_seconds": round(cpu, 1), "cpu_seconds_per_video_second": round(cpu / probe.duration, 3),
            "dedicated_wall_estimate_s": round(cpu / (os.cpu_count() or 1), 1),
            "pipeline": "praxis.content.media (probe, transcode_hls, remux_mp4, make_images)",
            "renditions": [r["name"] for r in plan], "video_seconds": round(probe.duration, 1),
            "processing_seconds": round(elapsed, 1), "processing_per_video_second": round(elapsed / probe.duration, 3),
            "faster_than_real_time": elapsed < probe.duration, **timings,
        }
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    command = sys.argv[1]
    if command == "prepare":
        out = prepare()
    elif command == "search":
        from bench import search_scale

        out = {"setup": search_scale.ensure(int(sys.argv[2]), log=lambda line: print(line, file=sys.stderr)),
               **search_scale.measure()}
    elif command == "transcode":
        out = transcode(sys.argv[2])
    elif command in ("load_prepare", "load_check"):
        from bench import load

        out = load.prepare(int(sys.argv[2]), sys.argv[3]) if command == "load_prepare" else load.check(*sys.argv[2:4])
    elif command == "tasks":
        out = tasks(int(sys.argv[2]) if len(sys.argv) > 2 else 2000)
    else:
        raise SystemExit(f"unknown command {command}")
    print("BENCHJSON " + json.dumps(out, default=str))
