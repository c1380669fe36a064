"""Retention: what has passed its declared period goes (or is pseudonymised), applied by `purge_expired_data` — the
command, and the daily job run by a real worker."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from praxis.accounts.models import DataExport, ProofDocument, VerificationStatus
from praxis.core import audit
from praxis.core.audit import Action
from praxis.core.models import AuditEntry, TaskRun
from praxis.core.tasks import purge_expired_data
from praxis.notifications.models import Notification
from praxis.prevention.models import Screening
from praxis.testing import make_member

FLAGS = {"instrument_version": "1", "run_by": "self", "age_band": "70-79", "country": "BE",
         **{f"flag_{domain}": False for domain in ["cognition", "mobility", "nutrition", "vision", "hearing",
                                                    "depression"]}}
PDF = b"%PDF-1.4\n1 0 obj<< /Type /Catalog >>endobj\ntrailer<< /Root 1 0 R >>\n%%EOF\n"


def _aged(model, pk: int, field: str, days: float) -> None:
    model.objects.filter(pk=pk).update(**{field: timezone.now() - timedelta(days=days)})


def _world() -> dict[str, object]:
    member = make_member("retention@example.test")
    old_note = Notification.objects.create(recipient=member, kind="answers", action="x.y.z")
    new_note = Notification.objects.create(recipient=member, kind="answers", action="x.y.z")
    _aged(Notification, old_note.pk, "created_at", 366)
    proof = ProofDocument(user=member, content_type="application/pdf", content_hash="1" * 64)
    proof.file.save("pdf", ContentFile(PDF), save=True)
    _aged(ProofDocument, proof.pk, "uploaded_at", 100)
    member.verified_at = timezone.now() - timedelta(days=95)
    member.save(update_fields=["verified_at"])
    pending = make_member("pending-retention@example.test", status=VerificationStatus.PENDING)
    waiting_proof = ProofDocument(user=pending, content_type="application/pdf", content_hash="2" * 64)
    waiting_proof.file.save("pdf", ContentFile(PDF), save=True)
    _aged(ProofDocument, waiting_proof.pk, "uploaded_at", 100)
    export = DataExport(member=member, token="old", status=DataExport.Status.READY,
                        expires_at=timezone.now() - timedelta(days=8))
    export.file.save("old.zip", ContentFile(b"zip"), save=True)
    old_screening = Screening.objects.create(screened_on=timezone.localdate() - timedelta(days=5 * 365 + 2), **FLAGS)
    new_screening = Screening.objects.create(screened_on=timezone.localdate(), **FLAGS)
    old_entry = audit.log(member, Action.ACCOUNTS_MEMBER_PROFILE_UPDATED, member, {"email": member.email})
    _aged(AuditEntry, old_entry.pk, "created_at", 400)
    ancient = audit.log(member, Action.ACCOUNTS_MEMBER_PROFILE_UPDATED, member)
    _aged(AuditEntry, ancient.pk, "created_at", 7 * 365)
    recent = audit.log(member, Action.ACCOUNTS_MEMBER_PROFILE_UPDATED, member)
    session = SessionStore()
    session["x"] = 1
    session.create()
    Session.objects.filter(pk=session.session_key).update(expire_date=timezone.now() - timedelta(seconds=1))
    finished = TaskRun.objects.create(task_path="x", status=TaskRun.Status.DONE, available_at=timezone.now(),
                                      finished_at=timezone.now() - timedelta(days=31))
    return locals()


def _check(w: dict[str, object], *, files: bool = True) -> None:
    assert not Notification.objects.filter(pk=w["old_note"].pk).exists()  # type: ignore[attr-defined]
    assert Notification.objects.filter(pk=w["new_note"].pk).exists()  # type: ignore[attr-defined]
    assert not ProofDocument.objects.filter(pk=w["proof"].pk).exists()  # type: ignore[attr-defined]
    assert not files or not default_storage.exists(w["proof"].file.name)  # type: ignore[attr-defined]
    # A proof still waiting for its decision stays, however old.
    assert ProofDocument.objects.filter(pk=w["waiting_proof"].pk).exists()  # type: ignore[attr-defined]
    assert not DataExport.objects.filter(pk=w["export"].pk).exists()  # type: ignore[attr-defined]
    assert not files or not default_storage.exists(w["export"].file.name)  # type: ignore[attr-defined]
    assert not Screening.objects.filter(pk=w["old_screening"].pk).exists()  # type: ignore[attr-defined]
    assert Screening.objects.filter(pk=w["new_screening"].pk).exists()  # type: ignore[attr-defined]
    pseudonymised = AuditEntry.objects.get(pk=w["old_entry"].pk)  # type: ignore[attr-defined]
    assert pseudonymised.actor is None and "email" not in pseudonymised.data
    assert pseudonymised.data["actor_pseudonym"].startswith("p-")
    assert not AuditEntry.objects.filter(pk=w["ancient"].pk).exists()  # type: ignore[attr-defined]
    assert AuditEntry.objects.get(pk=w["recent"].pk).actor is not None  # type: ignore[attr-defined]
    assert not Session.objects.filter(pk=w["session"].session_key).exists()  # type: ignore[attr-defined]
    assert not TaskRun.objects.filter(pk=w["finished"].pk).exists()  # type: ignore[attr-defined]


def test_the_command_applies_every_declared_retention_period(db, django_capture_on_commit_callbacks) -> None:
    w = _world()
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_expired_data", stdout=out)
    _check(w)
    assert "notifications.Notification: 1" in out.getvalue()


def test_a_second_run_changes_nothing(db, django_capture_on_commit_callbacks) -> None:
    _world()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("purge_expired_data", stdout=StringIO())
    out = StringIO()
    call_command("purge_expired_data", stdout=out)
    assert all(line.endswith(": 0") for line in out.getvalue().splitlines())


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_daily_job_runs_on_the_real_worker(task_worker) -> None:
    w = _world()
    run = purge_expired_data.enqueue()
    task_worker.wait_for(lambda: TaskRun.objects.filter(pk=run.pk, status=TaskRun.Status.DONE).exists())
    _check(w, files=False)  # the worker process has a media folder of its own
