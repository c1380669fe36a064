"""PostgreSQL restarted under load (issue 21): requests fail briefly with 503 + Retry-After (never 500), the site
recovers by itself, and no write it acknowledged is lost.

The shared PostgreSQL server of the machine is never touched: the test starts a private throwaway cluster (initdb
into a temporary folder, another port), copies the test database into it, runs the web application against it in a
subprocess (gunicorn, no DEBUG pages), keeps a member creating playlists through the pages
while the cluster is restarted (`pg_ctl restart -m fast`), then compares what was acknowledged with what is stored.
PostgreSQL only (it needs the server binaries and a test database to copy); on SQLite the page is checked against
a database port where nothing listens."""

from __future__ import annotations

import contextlib
import glob
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import requests
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from praxis.testing import make_member

pytestmark = pytest.mark.django_db(transaction=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def pg_binary(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


class WebProcess:
    """A web process (gunicorn, gthread, with `make serve`'s config/gunicorn.py) on a given database, without DEBUG
    pages; one worker of 4 threads."""

    def __init__(self, database_url: str, var_dir: Path, **env: str) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "DATABASE_URL": database_url, "PRAXIS_TESTING": "0", "DEBUG": "0",
                    "PRAXIS_VAR_DIR": str(var_dir), "TASKS_IMMEDIATE": "0", "CONN_MAX_AGE": "60",
                    "PORT": str(self.port), "LOG_FORMAT": "text", **env}
        self.control_socket = var_dir / f"gunicorn-{self.port}.ctl"  # config/gunicorn.py
        self.env.pop("DJANGO_SETTINGS_MODULE", None)
        self.log = var_dir / f"web-{self.port}.log"  # its errors, for a failing test to show
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, wait: float = 60) -> WebProcess:
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.process = subprocess.Popen(
            [gunicorn, "--config", str(settings.BASE_DIR / "config" / "gunicorn.py"), "config.wsgi:application",
             "--bind", f"127.0.0.1:{self.port}", "--workers", "1",
             "--worker-class", "gthread", "--threads", "4", "--graceful-timeout", "2"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=self.log.open("ab"), cwd=settings.BASE_DIR)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}")
            try:
                requests.get(self.url + "/healthz", timeout=20)  # any answer: the process serves
                return self
            except requests.RequestException:
                time.sleep(0.2)
        raise TimeoutError("gunicorn did not start")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


class PrivateCluster:
    """A throwaway PostgreSQL cluster owned by the `postgres` system user (the server refuses to run as root)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.port = free_port()
        self.as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []

    def _run(self, *args: str, timeout: float = 60) -> None:
        subprocess.run([*self.as_postgres, *args], check=True, timeout=timeout, capture_output=True)

    def ctl(self, *args: str) -> None:
        self._run(pg_binary("pg_ctl") or "pg_ctl", "-D", str(self.data), "-w", "-t", "30", *args)

    def create(self) -> PrivateCluster:
        self.root.mkdir(parents=True, exist_ok=True)
        if self.as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
        self._run(pg_binary("initdb") or "initdb", "-D", str(self.data), "-A", "trust", "-U", "postgres",
                  "--no-sync", "-E", "UTF8")
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off"
        self.ctl("-o", options, "-l", str(self.root / "log"), "start")
        return self

    def url(self, name: str) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{name}"

    def destroy(self) -> None:
        with contextlib.suppress(Exception):  # already stopped
            self.ctl("-m", "immediate", "stop")
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture
def private_cluster() -> Iterator[PrivateCluster]:
    if connection.vendor != "postgresql":
        pytest.skip("a copy of the PostgreSQL test database runs on a private cluster; PostgreSQL only")
    if not pg_binary("initdb") or (os.geteuid() == 0 and not shutil.which("runuser")):
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl) are not installed")
    cluster = PrivateCluster(Path(tempfile.mkdtemp(prefix="praxis-pg-")))
    try:
        yield cluster.create()
    finally:
        cluster.destroy()


def copy_test_database(cluster: PrivateCluster) -> str:
    """The test database (schema and the rows of this test) copied into the private cluster."""
    db = connection.settings_dict
    source = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    with psycopg.connect(cluster.url("postgres"), autocommit=True) as conn:
        conn.execute("CREATE DATABASE praxis")
    dump = subprocess.run([pg_binary("pg_dump") or "pg_dump", "--no-owner", "--no-privileges", source],
                          check=True, capture_output=True, timeout=120).stdout
    subprocess.run([pg_binary("psql") or "psql", "-q", "-v", "ON_ERROR_STOP=1", cluster.url("praxis")], input=dump,
                   check=True, capture_output=True, timeout=120)
    return cluster.url("praxis")


def signed_in(web: WebProcess, session_key: str) -> requests.Session:
    browser = requests.Session()
    browser.cookies.set("sessionid", session_key, domain="127.0.0.1")
    browser.get(web.url + reverse("discussions:playlists"), timeout=10)  # the CSRF cookie
    browser.headers["X-CSRFToken"] = browser.cookies.get("csrftoken") or ""
    return browser


def test_a_restart_of_postgresql_under_load_answers_503_then_recovers_and_loses_no_write(
        private_cluster: PrivateCluster, tmp_path: Path) -> None:
    member = make_member("restart@example.test")
    client = Client()
    client.force_login(member)
    database_url = copy_test_database(private_cluster)
    subprocess.run([sys.executable, str(settings.BASE_DIR / "manage.py"), "createcachetable"], check=True,
                   timeout=120, capture_output=True,
                   env={**os.environ, "DATABASE_URL": database_url, "PRAXIS_TESTING": "0", "DEBUG": "0",
                        "PRAXIS_VAR_DIR": str(tmp_path)})
    web = WebProcess(database_url, tmp_path).start()
    try:
        browser = signed_in(web, client.cookies["sessionid"].value)
        url = web.url + reverse("discussions:playlists")
        assert browser.get(url, timeout=10).status_code == 200
        acknowledged: list[str] = []
        statuses: list[int] = []
        outage_pages: list[requests.Response] = []
        stop = threading.Event()

        def write() -> None:
            n = 0
            while not stop.is_set():
                n += 1
                name = f"Liste {n:03d}"
                try:
                    response = browser.post(url, {"name": name}, timeout=15, allow_redirects=False,
                                            headers={"Accept-Language": "fr"})
                except requests.RequestException:
                    statuses.append(0)
                    continue
                statuses.append(response.status_code)
                if response.status_code in (200, 302):
                    acknowledged.append(name)
                elif response.status_code == 503:
                    outage_pages.append(response)
                    time.sleep(0.1)
                time.sleep(0.05)

        writer = threading.Thread(target=write)
        writer.start()
        time.sleep(1.5)
        private_cluster.ctl("-m", "fast", "stop")
        time.sleep(2)  # the database is down for a while
        private_cluster.ctl("-o", f"-p {private_cluster.port} -k {private_cluster.root} "
                            "-c listen_addresses=127.0.0.1 -c fsync=off", "-l", str(private_cluster.root / "log"),
                            "start")
        recovered_at = len(statuses)
        time.sleep(2.5)  # the site recovers by itself
        stop.set()
        writer.join(30)

        assert 500 not in statuses and 0 not in statuses, statuses
        assert 503 in statuses, statuses  # the outage was seen, and answered as one
        assert statuses[-1] in (200, 302) and 302 in statuses[recovered_at:], statuses
        page = outage_pages[0]
        assert page.headers["Retry-After"] == "5"
        assert "Praxis ne peut pas joindre sa base de données" in page.text
        with psycopg.connect(database_url) as conn:
            stored = {row[0] for row in conn.execute(
                "SELECT name FROM discussions_playlist WHERE owner_id = %s", [member.pk])}
        lost = [name for name in acknowledged if name not in stored]
        assert not lost, lost
        print(f"\nPostgreSQL restart: {len(statuses)} writes, {statuses.count(302)} acknowledged, "
              f"{statuses.count(503)} answered 503, 0 lost; statuses {''.join(_short(s) for s in statuses)}")
    finally:
        web.stop()


def _short(status: int) -> str:
    return {302: ".", 200: ".", 503: "5"}.get(status, f"[{status}]")


def test_a_page_whose_database_does_not_answer_is_a_503_in_the_visitors_language(tmp_path: Path) -> None:
    """Any database: the web process is pointed at a port where nothing listens."""
    web = WebProcess(f"postgres://postgres@127.0.0.1:{free_port()}/praxis", tmp_path).start()
    try:
        for language, text in [("fr", "ne peut pas joindre sa base de données"),
                               ("nl", "kan zijn database"), ("en", "cannot reach its database")]:
            response = requests.get(web.url + reverse("content:list"), headers={"Accept-Language": language},
                                    timeout=30)
            assert response.status_code == 503, response.status_code
            assert response.headers["Retry-After"] == "5"
            assert text in response.text, re.sub(r"\s+", " ", response.text)[:400]
        assert requests.get(web.url + "/healthz", timeout=30).status_code == 503  # health says so too
    finally:
        web.stop()

