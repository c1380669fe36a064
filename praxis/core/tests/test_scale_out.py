"""Scale-out on one machine (issue 21, docs/operations.md "Scale-out"): two web processes and two task workers share
one PostgreSQL database, one task queue and one S3-compatible object storage (moto's server, over HTTP), with no
sticky sessions. A member signs in on web 1 and is signed in on web 2; the attestation they upload through web 1 is
downloaded through web 2; the archives they ask for on web 2 are each built exactly once by one of the two workers,
and downloaded through web 1 — both by the short-lived signed URL each web hands out, from the object storage. Each
gunicorn has its own control socket."""

from __future__ import annotations

import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.urls import reverse
from gunicorn.ctl.client import ControlClient  # type: ignore[import-untyped]

from praxis.accounts.models import DataExport, User
from praxis.core.models import TaskRun
from praxis.core.tests.test_outage import WebProcess
from praxis.cpd.models import Entry
from praxis.testing import PASSWORD, RunningWorker, make_member, task_worker_context
from praxis.testing.files import pdf_bytes
from praxis.testing.s3 import S3Bucket

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]
MEMBERS = 6


def sign_in(web: WebProcess, email: str) -> requests.Session:
    browser = requests.Session()
    login = web.url + reverse("account_login")
    browser.get(login, timeout=30)
    response = browser.post(login, {"login": email, "password": PASSWORD},
                            headers={"X-CSRFToken": browser.cookies.get("csrftoken") or "", "Referer": login},
                            allow_redirects=False, timeout=30)
    assert response.status_code == 302, (response.status_code, web.log.read_text()[-3000:])
    return browser


def from_storage(browser: requests.Session, url: str, bucket: S3Bucket) -> bytes:
    """A protected file through a web process: a redirect to a signed URL of the object storage, then the file."""
    answer = browser.get(url, allow_redirects=False, timeout=30)
    assert answer.status_code == 302, answer.status_code
    signed = answer.headers["Location"]
    assert signed.startswith(f"{bucket.endpoint.url}/{bucket.name}/") and "Signature=" in signed, signed
    download = requests.get(signed, timeout=30)  # no cookie: the signature is the permission, for a minute
    assert download.status_code == 200, download.status_code
    return download.content


def test_two_web_processes_and_two_workers_share_sessions_jobs_and_files(tmp_path: Path, s3_bucket: S3Bucket) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("several processes writing at once: PostgreSQL (SQLite is for one machine and one writer)")
    members = [make_member(f"scale{n}@example.test") for n in range(MEMBERS)]
    # The web processes run the production hashers (the tests' settings use a fast one the webs do not know).
    User.objects.filter(pk__in=[m.pk for m in members]).update(password=PBKDF2PasswordHasher().encode(PASSWORD,
                                                                                                     "scaleoutsalt"))
    storage = s3_bucket.env()  # AWS_STORAGE_BUCKET_NAME and AWS_S3_ENDPOINT_URL, as in production
    with task_worker_context(tmp_path, extra_env=storage) as first_worker:
        second_worker = RunningWorker(str(tmp_path), storage).start()  # same database, queue, bucket, mail folder
        db = connection.settings_dict
        database_url = f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        shared = {"TASK_QUEUE_URL": f"sqlite:///{settings.HUEY['filename']}", "EMAIL_BACKEND": "file",
                  "EMAIL_FILE_PATH": str(tmp_path), **storage}
        webs = [WebProcess(database_url, tmp_path, **shared), WebProcess(database_url, tmp_path, **shared)]
        # What `make serve` does before starting: the database cache's table (rate limits, shared by the webs).
        subprocess.run([sys.executable, str(settings.BASE_DIR / "manage.py"), "createcachetable"], check=True,
                       timeout=120, capture_output=True, env=webs[0].env)
        try:
            for web in webs:
                web.start()
            web1, web2 = webs
            # Each gunicorn answers on its own control socket (config/gunicorn.py), not on one shared path.
            assert web1.control_socket != web2.control_socket
            for web in webs:
                deadline = time.monotonic() + 30  # gunicorn opens it once its workers are up
                while not web.control_socket.exists() and time.monotonic() < deadline:
                    time.sleep(0.1)
                with ControlClient(str(web.control_socket), timeout=10) as control:
                    assert control.send_command("show stats")["pid"] == web.process.pid  # type: ignore[union-attr]
            export_page = reverse("accounts:export")
            declare_page = reverse("cpd:declare")
            proof = pdf_bytes()
            browsers = []
            for member in members:
                browser = sign_in(web1, member.email)
                # An attestation uploaded through web 1 goes to the bucket...
                browser.get(web1.url + declare_page, timeout=30)
                declared = browser.post(web1.url + declare_page, {
                    "title": "Congrès", "organiser": "SSMG", "date": "2026-10-02", "hours": "6", "rubric": "general"},
                    files={"proof": ("attestation.pdf", proof, "application/pdf")},
                    headers={"X-CSRFToken": browser.cookies.get("csrftoken") or "", "Referer": web1.url + declare_page},
                    allow_redirects=False, timeout=30)
                assert declared.status_code == 302, (declared.status_code, web1.log.read_text()[-3000:])
                entry = Entry.objects.get(member=member)
                # ... and comes back through web 2.
                assert from_storage(browser, web2.url + reverse("cpd:proof", args=[entry.pk]), s3_bucket) == proof
                # The session made by web 1 is honoured by web 2 (it lives in the shared database).
                page = browser.get(web2.url + export_page, allow_redirects=False, timeout=30)
                assert page.status_code == 200, page.status_code
                asked = browser.post(web2.url + export_page, headers={
                    "X-CSRFToken": browser.cookies.get("csrftoken") or "", "Referer": web2.url + export_page},
                    allow_redirects=False, timeout=30)
                assert asked.status_code == 302, asked.status_code
                browsers.append(browser)

            deadline = time.monotonic() + 90
            while time.monotonic() < deadline and (
                    DataExport.objects.filter(member__in=members, status=DataExport.Status.READY).count() < MEMBERS
                    or TaskRun.objects.exclude(status=TaskRun.Status.DONE).exists()):
                time.sleep(0.2)
            runs = list(TaskRun.objects.filter(task_path="praxis.accounts.tasks.build_data_export"))
            assert len(runs) == MEMBERS and all(run.status == TaskRun.Status.DONE for run in runs)
            assert all(run.attempts == 1 for run in runs)  # each claimed once, by one worker
            by_worker = Counter(run.worker.rpartition(":")[2] for run in runs)
            assert set(by_worker) <= {str(first_worker.process.pid), str(second_worker.process.pid)}
            emails = Counter(str(message["To"]) for message in first_worker.sent_emails())
            assert all(emails[member.email] == 1 for member in members), emails  # told once each

            for member, browser in zip(members, browsers, strict=True):
                export = DataExport.objects.get(member=member)
                # Built by a worker, stored in the bucket, downloaded through web 1.
                archive = from_storage(browser, web1.url + reverse("accounts:export_download", args=[export.token]),
                                       s3_bucket)
                assert archive[:2] == b"PK"
            # Everything is in the bucket, once: one proof and one archive per member, nothing else.
            keys = s3_bucket.keys()
            assert keys == sorted([str(e.proof.name) for e in Entry.objects.filter(member__in=members)]
                                  + [str(e.file.name) for e in DataExport.objects.filter(member__in=members)])
            print(f"\nscale-out on S3 ({s3_bucket.endpoint.url}): {MEMBERS} attestations uploaded on web 1 and "
                  f"downloaded on web 2; {MEMBERS} exports asked on web 2, built once each, by worker pid "
                  f"{dict(by_worker)}, downloaded on web 1; {len(keys)} objects in the bucket; sessions of web 1 "
                  f"honoured by web 2; control sockets {[web.control_socket.name for web in webs]}")
        finally:
            for web in webs:
                web.stop()
            second_worker.stop()
