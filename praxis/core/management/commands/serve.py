"""`make serve`: Praxis in production on one machine (README, "Production"; docs/operations.md).

Prepares what a release needs (migrations, the cache table, the postal codes once, static files collected and
compressed when they changed), then runs gunicorn (config/gunicorn.py: gthread, workers from the cores) and the task
worker (huey, as `make run` starts it) side by side. SIGTERM or SIGINT stops both; if either exits, the other is
stopped and the command exits non-zero, so that the service manager (systemd, a container runtime) restarts it.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connections

STATIC_STAMP = ".praxis-static-fingerprint"


def static_fingerprint() -> str:
    """What `collectstatic` would read: every source file's path, size and modification time, and the storage."""
    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    entries = []
    for finder in get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            entries.append(f"{getattr(storage, 'prefix', '') or ''}/{path}\0{stat.st_size}\0{stat.st_mtime_ns}")
    for entry in sorted(entries):
        digest.update(entry.encode())
    return digest.hexdigest()


def collect_static_if_changed() -> bool:
    """Compressing the files takes a while (brotli): done again only when a source file changed."""
    root = Path(settings.STATIC_ROOT)
    stamp = root / STATIC_STAMP
    fingerprint = static_fingerprint()
    if stamp.exists() and stamp.read_text() == fingerprint and (root / "staticfiles.json").exists():
        return False
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(fingerprint)
    return True


class Command(BaseCommand):
    help = "Production on one machine: migrate, collect static files, then gunicorn (gthread) and the task worker."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT") or 8000))
        parser.add_argument("--task-workers", type=int, default=int(os.environ.get("TASK_WORKERS") or 2),
                            help="threads of the task worker (TASK_WORKERS)")

    def handle(self, *args: Any, port: int, task_workers: int, **options: Any) -> None:
        if not settings.PRODUCTION:
            raise CommandError("serve runs the production settings: set PRAXIS_PRODUCTION=1, SECRET_KEY and "
                               "ALLOWED_HOSTS (README, Production), or use `make serve`.")
        self.prepare()
        env = self.child_environment(port)
        manage = str(Path(settings.BASE_DIR) / "manage.py")
        worker = subprocess.Popen(
            [sys.executable, manage, "run_huey", "--workers", str(task_workers), "--worker-type", "thread",
             "--max-delay", "2"], env={k: v for k, v in env.items() if k != "PROMETHEUS_MULTIPROC_DIR"},
        )
        web = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", str(Path(settings.BASE_DIR) / "config" / "gunicorn.py"),
             "config.wsgi:application"], env=env, cwd=settings.BASE_DIR,
        )
        sys.exit(self.supervise({"web": web, "tasks": worker}))

    def prepare(self) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        call_command("load_postal_codes", if_empty=True, stdout=io.StringIO())  # once: "near me" needs them
        if collect_static_if_changed():
            self.stdout.write("Static files collected and compressed.")
        connections.close_all()  # the children open their own

    def child_environment(self, port: int) -> dict[str, str]:
        env = dict(os.environ, PORT=str(port), PRAXIS_PRODUCTION="1", PYTHONUNBUFFERED="1")
        # Each gunicorn worker writes its request metrics here; /metrics adds them up. Emptied at every start.
        metrics_dir = Path(env.get("PROMETHEUS_MULTIPROC_DIR") or Path(settings.VAR_DIR) / "metrics")
        shutil.rmtree(metrics_dir, ignore_errors=True)
        metrics_dir.mkdir(parents=True)
        env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics_dir)
        # gunicorn's control socket (gunicornc): this server's own, not ~/.gunicorn/gunicorn.ctl shared by every
        # gunicorn of the user (config/gunicorn.py).
        env.setdefault("GUNICORN_CONTROL_SOCKET", str(Path(settings.VAR_DIR).resolve() / f"gunicorn-{port}.ctl"))
        return env

    def supervise(self, children: dict[str, subprocess.Popen[bytes]]) -> int:
        stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        code = 0
        while not stopping:
            exited = [(name, child.returncode) for name, child in children.items() if child.poll() is not None]
            if exited:
                name, code = exited[0]
                self.stderr.write(f"{name} exited with status {code}: stopping")
                code = code or 1
                break
            time.sleep(0.3)
        for child in children.values():
            if child.poll() is None:
                child.terminate()
        deadline = time.monotonic() + 35  # gunicorn's graceful timeout (30 s) and a little more
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
        return code
