"""Factories and personas for tests: plain typed functions (see CONVENTIONS.md, Tests)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret, hotp_value
from django.test import Client
from django.utils import timezone

from praxis.accounts.models import User, VerificationStatus
from praxis.accounts.validators import inami_check_digits
from praxis.communities.models import Community, CommunityMembership
from praxis.core.models import WorkerHeartbeat
from praxis.institutions.models import Institution, InstitutionMembership

PASSWORD = "correct-horse-battery-staple"
_sequence = itertools.count(1)


def valid_inami(sequence: int | None = None, profession_digit: int = 1, competence: str = "004") -> str:
    seq = sequence if sequence is not None else next(_sequence) % 100000
    first_six = int(f"{profession_digit}{seq:05d}")
    return f"{first_six:06d}{inami_check_digits(first_six)[0]:02d}{competence}"


def make_member(
    email: str | None = None,
    *,
    status: str = VerificationStatus.VERIFIED,
    profession: str = "gp",
    country: str = "BE",
    email_verified: bool = True,
    password: str = PASSWORD,
    **fields: Any,
) -> User:
    n = next(_sequence)
    email = email or f"member{n}@example.test"
    number = fields.pop("registration_number", valid_inami(n % 100000))
    user = User.objects.create_user(
        email=email, password=password, first_name=fields.pop("first_name", "Alex"),
        last_name=fields.pop("last_name", f"Membre{n}"), profession=profession, country=country,
        registration_number=number, registration_key=number[:8], registration_kind="inami", postal_code="4000",
        city="Liège", languages=["fr"], verification_status=status, individual_declared_at=timezone.now(),
        verified_at=timezone.now() if status == VerificationStatus.VERIFIED else None, **fields,
    )
    EmailAddress.objects.create(user=user, email=email, verified=email_verified, primary=True)
    return user


def make_totp(user: User) -> str:
    """Give the member a TOTP authenticator; returns its secret so a test can compute codes."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def fresh_totp_step() -> int:
    """The current TOTP time step, waiting for the next one when fewer than 5 s remain, so that a code computed now
    is not already two steps old when a slow browser on a loaded machine submits it."""
    import time

    from allauth.mfa import app_settings

    remaining = app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD
    if remaining < 5:
        time.sleep(remaining + 0.1)
    return int(time.time()) // app_settings.TOTP_PERIOD


def totp_code(secret: str, step: int | None = None) -> str:
    """The authenticator app's code for `step` (default: the current one, see `fresh_totp_step`)."""
    return format_hotp_value(hotp_value(secret, fresh_totp_step() if step is None else step))


def make_institution(name: str = "Hôpital de test", **fields: Any) -> Institution:
    n = next(_sequence)
    return Institution.objects.create(name=name, slug=f"institution-{n}", is_verified=True, **fields)


def make_institution_member(institution: Institution, user: User, role: str = "staff") -> InstitutionMembership:
    return InstitutionMembership.objects.create(institution=institution, user=user, role=role)


def make_community(name: str = "CdP de test", **fields: Any) -> Community:
    n = next(_sequence)
    return Community.objects.create(name=name, slug=f"communaute-{n}", **fields)


def make_community_member(community: Community, user: User, role: str = "member") -> CommunityMembership:
    return CommunityMembership.objects.create(community=community, user=user, role=role)


PERSONA_NAMES = [
    "anonymous", "unverified_member", "verified_gp", "outsider", "reviewer", "moderator", "institution_admin",
    "institution_staff", "facilitator", "platform_admin",
]


@dataclass
class Personas:
    """One user per role, sharing one institution and one community; `anonymous` is None."""

    users: dict[str, User | None]
    institution: Institution
    community: Community
    totp_secrets: dict[str, str] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:
        try:
            return self.__dict__["users"][name]
        except KeyError:
            raise AttributeError(name) from None

    def client(self, name: str) -> Client:
        client = Client()
        user = self.users[name]
        if user is not None:
            client.force_login(user)
        return client


def make_personas() -> Personas:
    institution = make_institution("Clinique des Personas", city="Namur", country="BE")
    community = make_community("CdP des Personas")
    users: dict[str, User | None] = {
        "anonymous": None,
        "unverified_member": make_member("unverified@example.test", status=VerificationStatus.PENDING),
        "verified_gp": make_member("gp@example.test"),
        "outsider": make_member("outsider@example.test", profession="nurse"),
        "reviewer": make_member("reviewer@example.test", is_reviewer=True),
        "moderator": make_member("moderator@example.test", is_moderator=True),
        "institution_admin": make_member("inst-admin@example.test"),
        "institution_staff": make_member("inst-staff@example.test", profession="nurse"),
        "facilitator": make_member("facilitator@example.test"),
        "platform_admin": make_member("admin@example.test", is_superuser=True, is_staff=True),
    }
    make_institution_member(institution, users["institution_admin"], "admin")  # type: ignore[arg-type]
    make_institution_member(institution, users["institution_staff"], "staff")  # type: ignore[arg-type]
    make_community_member(community, users["facilitator"], "facilitator")  # type: ignore[arg-type]
    secrets = {
        name: make_totp(users[name])  # type: ignore[arg-type]
        for name in ["reviewer", "moderator", "institution_admin", "platform_admin"]
    }
    return Personas(users=users, institution=institution, community=community, totp_secrets=secrets)


# --- A real task worker for tests ---------------------------------------------------------------------------------


class RunningWorker:
    """`manage.py run_huey` in a subprocess, on the test database, fed by this process's enqueues.

    Inside the context, huey leaves immediate mode: what the code under test enqueues goes to the queue file that the
    worker consumes. Data the worker must see has to be committed (use `django_db(transaction=True)`).
    Emails the worker sends are written to `mail_dir` (one file per message)."""

    def __init__(self, mail_dir: str, extra_env: dict[str, str] | None = None) -> None:
        import os
        import sys

        from django.conf import settings
        from django.db import connection

        db = connection.settings_dict
        if connection.vendor == "sqlite":
            database_url = f"sqlite:///{db['NAME']}"
        else:
            auth = db["USER"] + (f":{db['PASSWORD']}" if db.get("PASSWORD") else "")
            database_url = f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        self.mail_dir = mail_dir
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "TASK_QUEUE_URL": f"sqlite:///{settings.HUEY['filename']}",
            "TASKS_IMMEDIATE": "0",
            "PRAXIS_TESTING": "0",
            "DEBUG": "0",
            "EMAIL_BACKEND": "file",
            "EMAIL_FILE_PATH": mail_dir,
            "TASK_RETRY_BASE_SECONDS": "1",
            "PRAXIS_VAR_DIR": mail_dir,
            **(extra_env or {}),
        }
        self.command = [sys.executable, str(settings.BASE_DIR / "manage.py"), "run_huey", "--workers", "2",
                        "--worker-type", "thread", "--delay", "0.1", "--max-delay", "0.3", "-C"]
        self.process: Any = None

    def start(self, wait: float = 30) -> RunningWorker:
        import subprocess
        import time

        started_at = timezone.now()
        self.process = subprocess.Popen(self.command, env=self.env, stdout=subprocess.DEVNULL,
                                        stderr=subprocess.DEVNULL, cwd=self.env.get("PWD"))
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            beats = WorkerHeartbeat.objects.filter(worker__endswith=f":{self.process.pid}", seen_at__gte=started_at)
            if beats.exists():
                return self
            if self.process.poll() is not None:
                raise RuntimeError(f"task worker exited with {self.process.returncode}")
            time.sleep(0.1)
        raise TimeoutError("task worker did not start")

    def kill(self) -> None:
        """SIGKILL: the worker dies at once, mid-task, as in a crash."""
        import signal

        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(15)
            except Exception:
                self.kill()

    def wait_for(self, predicate: Any, timeout: float = 30, interval: float = 0.1) -> None:
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            time.sleep(interval)
        raise TimeoutError("condition not reached while the worker ran")

    def sent_emails(self) -> list[Any]:
        """Messages the worker sent, parsed (email.message.Message objects)."""
        import email
        import email.policy
        from pathlib import Path

        messages = []
        for path in sorted(Path(self.mail_dir).glob("*.log")):
            for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if raw.strip():
                    messages.append(email.message_from_bytes(raw.strip(), policy=email.policy.default))
        return messages


def task_worker_context(tmp_path: Any, extra_env: dict[str, str] | None = None) -> Any:
    """Context manager: switch huey to its queue file and run a real worker until the block ends."""
    from contextlib import contextmanager

    from huey.contrib.djhuey import HUEY

    @contextmanager
    def manager() -> Any:
        HUEY.immediate = False
        HUEY.storage.flush_all()
        worker = RunningWorker(str(tmp_path), extra_env)
        try:
            yield worker.start()
        finally:
            worker.stop()
            HUEY.storage.flush_all()
            HUEY.immediate = True

    return manager()
