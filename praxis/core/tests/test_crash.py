"""kill -9 of the task worker in the middle of each kind of long job (issue 21, "Data survives crashes"): a video
transcode (real FFmpeg on the smallest test clip), a CPD period summary PDF, a SCORM package unpack and a member's
data export. For each kind, one undisturbed run measures the job; then, repeatedly, a new job is queued, the worker is
killed with SIGKILL at a moment drawn from a seeded random generator over that measured duration, and a new worker
is started. Every job must then finish exactly once: one published file (or rendition folder), no orphan file in
storage, no row left "processing", one audit entry and one email where the job makes them, no FFmpeg left running.

Two more kinds: a CPD attestation PDF, and a video replaced by its member (a new file uploaded after the worker died
in the middle of transcoding the first, or after it finished): only the new file's rendition is published, the first
one's partial outputs and source are gone.

Each kind runs on a local media folder and on S3-compatible object storage (moto's server over HTTP, the setup of
praxis.testing.s3), where the whole bucket is listed at the end: every object belongs to a published job.
The suite kills 3 times per kind (PRAXIS_CRASH_KILLS), each kind once: on the local folder, but one kind (a different
one each day; PRAXIS_CRASH_S3="PDF render" picks it) on S3; `make crash` (PRAXIS_CRASH_S3=all) kills 20 times per kind
on both (docs/operations.md). The seed is printed (PRAXIS_CRASH_SEED replays a run)."""

from __future__ import annotations

import io
import os
import random
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from django.core.files.storage import default_storage
from django.utils import timezone

from praxis.accounts import services as accounts
from praxis.accounts.models import DataExport
from praxis.content import services as content
from praxis.content.media.storage import output_prefix
from praxis.content.models import VideoAsset
from praxis.content.tests.media_factories import clip, make_capsule
from praxis.core.actor import Actor
from praxis.core.audit import Action
from praxis.core.models import AuditEntry, TaskRun
from praxis.cpd import services as cpd
from praxis.cpd.models import Attestation, PeriodExport
from praxis.cpd.tests.factories import make_attestation, make_entry
from praxis.learning.models import Lesson, PublicationStatus
from praxis.learning.scorm import services as scorm
from praxis.learning.scorm import storage as scorm_storage
from praxis.learning.scorm.builder import Spec, build_package
from praxis.learning.scorm.models import ScormPackage
from praxis.learning.tests.factories import make_course
from praxis.testing import RunningWorker, make_member, task_worker_context
from praxis.testing.s3 import S3Bucket

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

KILLS = int(os.environ.get("PRAXIS_CRASH_KILLS", "3"))
SEED = int(os.environ.get("PRAXIS_CRASH_SEED", "21"))


def stored_files(prefix: str) -> list[str]:
    """Every file under a storage prefix (the storage API only: the same on S3)."""
    found: list[str] = []
    stack = [prefix.rstrip("/")]
    while stack:
        folder = stack.pop()
        try:
            folders, files = default_storage.listdir(folder)
        except FileNotFoundError:
            continue
        found += [f"{folder}/{name}" for name in files]
        stack += [f"{folder}/{name}" for name in folders]
    return sorted(found)


def ffmpeg_left(work: Path) -> list[int]:
    """FFmpeg processes still working in this test's folder (their worker is dead)."""
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if "ffmpeg" in command and str(work) in command:
            pids.append(int(proc.name))
    return pids


@dataclass
class Kind:
    task_path: str
    start: Callable[[], Any]  # queues one job, returns its object
    check: Callable[[Any], None]  # the job ran exactly once, nothing left over
    keeps: Callable[[Any], list[str]]  # the storage keys (or "prefix/") the object owns once done: nothing else stays
    input_note: str = ""
    after_kill: Callable[[Any], None] | None = None  # what a member does while the worker is dead
    jobs_per_kill: int = 1  # jobs of task_path queued per killed run (start and after_kill)


@dataclass
class Tally:
    kills: int = 0
    while_running: int = 0
    before_start: int = 0
    after_done: int = 0
    measured: float = 0.0
    moments: list[float] = field(default_factory=list)
    objects: list[Any] = field(default_factory=list)


def _run_of(task_path: str, since: int) -> TaskRun | None:
    return TaskRun.objects.filter(task_path=task_path, pk__gt=since).order_by("pk").first()


def _wait(predicate: Callable[[], Any], timeout: float, what: str, interval: float = 0.005) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"timed out: {what}; jobs not done: {_unsettled()}")


def _settled() -> bool:
    return not TaskRun.objects.filter(status__in=[TaskRun.Status.QUEUED, TaskRun.Status.RUNNING]).exists()


def _unsettled() -> list[tuple[str, str, int]]:
    return list(TaskRun.objects.exclude(status=TaskRun.Status.DONE).values_list("task_path", "status", "attempts"))


def crash_runs(worker: RunningWorker, kind: Kind, rng: random.Random, kills: int, work: Path) -> Tally:
    tally = Tally()
    # One undisturbed run: how long the job takes from its claim to its end on this machine.
    last = TaskRun.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    obj = kind.start()
    run = _wait(lambda: _run_of(kind.task_path, last), 10, "job queued", 0.05)
    _wait(lambda: TaskRun.objects.filter(pk=run.pk).exclude(status=TaskRun.Status.QUEUED).exists(), 60, "claimed")
    claimed = time.monotonic()
    _wait(lambda: TaskRun.objects.filter(pk=run.pk, status=TaskRun.Status.DONE).exists(), 120, "done")
    tally.measured = time.monotonic() - claimed
    _wait(_settled, 60, "follow-up jobs done", 0.05)
    kind.check(obj)
    tally.objects.append(obj)

    for _ in range(kills):
        last = TaskRun.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        moment = rng.uniform(0, tally.measured)
        tally.moments.append(round(moment, 3))
        obj = kind.start()
        run = _wait(partial(_run_of, kind.task_path, last), 10, "job queued", 0.05)
        _wait(TaskRun.objects.filter(pk=run.pk).exclude(status=TaskRun.Status.QUEUED).exists, 60, "claimed")
        time.sleep(moment)
        worker.kill()
        tally.kills += 1
        # FFmpeg dies with its worker (it would otherwise transcode on for nobody, up to its timeout).
        _wait(lambda: not ffmpeg_left(work), 2, "FFmpeg of the killed worker gone", 0.05)
        status = TaskRun.objects.get(pk=run.pk).status
        if status == TaskRun.Status.RUNNING:
            tally.while_running += 1
        elif status == TaskRun.Status.DONE:
            tally.after_done += 1
        else:
            tally.before_start += 1
        if kind.after_kill:
            kind.after_kill(obj)
        worker.start()  # a new worker hands out again the jobs of the dead one (same host, dead PID)
        _wait(TaskRun.objects.filter(pk=run.pk, status=TaskRun.Status.DONE).exists, 120,
              f"{kind.task_path} done after restart")
        _wait(_settled, 60, "follow-up jobs done", 0.05)
        assert not TaskRun.objects.filter(status=TaskRun.Status.FAILED).exists()
        kind.check(obj)
        tally.objects.append(obj)
    assert TaskRun.objects.filter(task_path=kind.task_path, status=TaskRun.Status.DONE).count() \
        == 1 + kills * kind.jobs_per_kill
    return tally


def orphans(keys: list[str], kind: Kind, objects: list[Any]) -> list[str]:
    """Objects of the bucket that no finished job owns (a killed attempt's copy, a superseded rendition...)."""
    owned = [key for obj in objects for key in kind.keeps(obj)]
    return [key for key in keys if not any(key == own or (own.endswith("/") and key.startswith(own))
                                           for own in owned)]


# --- the four kinds -------------------------------------------------------------------------------------------------

def video_kind(worker: RunningWorker) -> Kind:
    author = make_member()
    source = clip("tiny")

    def start() -> VideoAsset:
        capsule = make_capsule(author)
        return content.attach_source(actor=Actor(author), content=capsule, path=source, original_name="geste.mp4")

    def check(asset: VideoAsset) -> None:
        asset.refresh_from_db()
        assert asset.status == VideoAsset.Status.READY, (asset.status, asset.failure_reason)
        prefix = output_prefix(asset)
        assert asset.published_prefix == prefix
        outputs = stored_files(f"capsules/{asset.content_id}")
        assert outputs and all(name.startswith(f"{prefix}/") for name in outputs), outputs  # one rendition set
        assert default_storage.exists(asset.mp4) and default_storage.exists(asset.hls_master)
        for rendition in asset.renditions:
            assert default_storage.exists(rendition["playlist"])
        assert AuditEntry.objects.filter(action=Action.CONTENT_VIDEO_READY, target_id=str(asset.content_id)).count() \
            == 1

    def keeps(asset: VideoAsset) -> list[str]:
        asset.refresh_from_db()
        return [asset.source_key, f"{asset.published_prefix}/"]

    return Kind("praxis.content.tasks.process_capsule_video", start, check, keeps, "160×90, 1 s clip")


def pdf_kind(worker: RunningWorker) -> Kind:
    today = timezone.localdate()

    def start() -> PeriodExport:
        member = make_member()
        choice = cpd.scheme_choose(actor=Actor(member), scheme="be_accreditation", anchor=date(today.year - 1, 1, 1))
        for n in range(3):
            make_entry(member, source_key=f"crash:{n}", title=f"Soirée {n}",
                       days_ago=(today - date(today.year - 1, 3, 10 + n)).days)
        return cpd.period_pdf_request(actor=Actor(member), choice=choice, day=date(today.year - 1, 5, 5))

    def check(export: PeriodExport) -> None:
        export.refresh_from_db()
        assert export.pdf and export.rendered_at
        files = stored_files(f"private/cpd/summaries/{export.choice.member_id}")
        assert files == [export.pdf.name], files  # one PDF, no copy left by a killed attempt
        with default_storage.open(export.pdf.name or "", "rb") as handle:
            assert handle.read(5) == b"%PDF-"

    return Kind("praxis.cpd.tasks.render_period_pdf", start, check, lambda export: [export.pdf.name], "3 entries")


def scorm_kind(worker: RunningWorker) -> Kind:
    course = make_course(None, status=PublicationStatus.DRAFT)
    # Enough files for the unpack to last long enough to be killed in the middle.
    package = build_package(Spec(extra_files={f"media/page-{n}.html": b"<p>x</p>" * 50 for n in range(150)}))

    def start() -> ScormPackage:
        lesson = Lesson.objects.create(course=course, kind=Lesson.Kind.SCORM, position=course.lessons.count() + 1,
                                       title="Module SCORM")
        return scorm.scorm_package_upload(actor=None, lesson=lesson, file=io.BytesIO(package),
                                          original_name="module.zip", check=False)

    def check(found: ScormPackage) -> None:
        found.refresh_from_db()
        assert found.status == ScormPackage.Status.READY, (found.status, found.failure_reason)
        assert found.content_prefix == scorm_storage.prefix_for(found.pk, found.source_key)
        files = stored_files(f"scorm/{found.pk}")
        assert len(files) == found.file_count and all(name.startswith(found.content_prefix) for name in files), (
            len(files), found.file_count, sorted({name.rsplit("/", 2)[0] for name in files}))
        assert AuditEntry.objects.filter(action=Action.LEARNING_SCORM_PUBLISHED, target_id=str(found.pk)).count() == 1

    return Kind("praxis.learning.scorm.tasks.publish_scorm_package", start, check,
                lambda found: [found.source_key, found.content_prefix], "153 files")


def export_kind(worker: RunningWorker) -> Kind:
    def start() -> DataExport:
        member = make_member()
        return accounts.export_request(actor=Actor(member), member=member)

    def check(export: DataExport) -> None:
        export.refresh_from_db()
        assert export.status == DataExport.Status.READY and export.file
        files = stored_files(f"exports/{export.member_id}")
        assert files == [export.file.name], files
        assert AuditEntry.objects.filter(action=Action.ACCOUNTS_EXPORT_READY,
                                         target_id=str(export.member_id)).count() == 1
        told = [m for m in worker.sent_emails() if export.member.email in str(m["To"])]
        assert len(told) == 1, len(told)  # the member is told once, even when the worker died around the email

    return Kind("praxis.accounts.tasks.build_data_export", start, check, lambda export: [export.file.name],
                "a new member's archive")


def attestation_kind(worker: RunningWorker) -> Kind:
    def start() -> Attestation:
        return make_attestation(make_member(), source_key="crash:attestation", title="Soirée BPCO")

    def check(attestation: Attestation) -> None:
        attestation.refresh_from_db()
        assert attestation.pdf and attestation.pdf_rendered_at
        files = [name for name in stored_files(f"private/cpd/attestations/{attestation.issued_on:%Y}")
                 if name.rpartition("/")[2].startswith(f"{attestation.code}-")]
        assert files == [attestation.pdf.name], files  # one PDF, no copy left by a killed attempt
        with default_storage.open(attestation.pdf.name or "", "rb") as handle:
            assert handle.read(5) == b"%PDF-"

    return Kind("praxis.cpd.tasks.render_attestation_pdf", start, check, lambda found: [found.pdf.name],
                "an event attendance")


@dataclass
class Replaced:
    asset: VideoAsset
    first_source: str
    replaced: bool = False
    first_published: bool = False  # the first file's rendition was published before the kill


def video_replaced_kind(worker: RunningWorker) -> Kind:
    author = make_member()
    source = clip("tiny")

    def start() -> Replaced:
        capsule = make_capsule(author)
        asset = content.attach_source(actor=Actor(author), content=capsule, path=source, original_name="geste.mp4")
        return Replaced(asset, asset.source_key)

    def after_kill(state: Replaced) -> None:
        """The member sends another file while the worker is dead: its first job is left claimed, or it finished."""
        state.asset.refresh_from_db()
        state.first_published = state.asset.status == VideoAsset.Status.READY
        state.asset = content.attach_source(actor=Actor(author), content=state.asset.content, path=source,
                                            original_name="geste-v2.mp4")
        state.replaced = True

    def check(state: Replaced) -> None:
        asset = state.asset
        asset.refresh_from_db()
        assert asset.status == VideoAsset.Status.READY, (asset.status, asset.failure_reason)
        assert (asset.source_key != state.first_source) == state.replaced
        prefix = output_prefix(asset)
        assert asset.published_prefix == prefix
        outputs = stored_files(f"capsules/{asset.content_id}")
        assert outputs and all(name.startswith(f"{prefix}/") for name in outputs), outputs  # the new file's only
        assert stored_files(f"capsules/sources/{asset.content_id}") == [asset.source_key]  # the first one dropped
        ready = AuditEntry.objects.filter(action=Action.CONTENT_VIDEO_READY, target_id=str(asset.content_id)).count()
        assert ready == 1 + state.first_published, ready  # once per file that was published

    def keeps(state: Replaced) -> list[str]:
        state.asset.refresh_from_db()
        return [state.asset.source_key, f"{state.asset.published_prefix}/"]

    return Kind("praxis.content.tasks.process_capsule_video", start, check, keeps, "160×90, 1 s clip, sent twice",
                after_kill=after_kill, jobs_per_kill=2)


KINDS: dict[str, Callable[[RunningWorker], Kind]] = {
    "video transcode": video_kind, "PDF render": pdf_kind, "SCORM unpack": scorm_kind, "member export": export_kind,
    "attestation PDF": attestation_kind, "video replaced": video_replaced_kind}


def cases() -> list[Any]:
    """Every kind writes files. `make crash` (PRAXIS_CRASH_S3=all) runs each on both storages; the suite runs each
    once, one of them (a different one each day, or PRAXIS_CRASH_S3=<kind>) on S3 instead of the local folder."""
    chosen = os.environ.get("PRAXIS_CRASH_S3", "") or list(KINDS)[date.today().toordinal() % len(KINDS)]
    local = [pytest.param(name, "local", id=name) for name in KINDS if chosen == "all" or name != chosen]
    return local + [pytest.param(name, "s3", id=f"{name} on S3") for name in KINDS if chosen in ("all", name)]


CASES = cases()


@pytest.fixture
def storage(request: pytest.FixtureRequest, tmp_path: Path, settings: Any) -> tuple[Path, S3Bucket | None]:
    """The test and its worker use one storage: a local folder (the worker's MEDIA_ROOT is its var folder's media/),
    or one bucket of an S3-compatible endpoint, reached over HTTP by both."""
    if request.param == "s3":
        bucket: S3Bucket = request.getfixturevalue("s3_bucket")
        settings.STORAGES = {**settings.STORAGES, "default": bucket.storage()}
        return tmp_path, bucket
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}}
    return tmp_path, None


@pytest.mark.parametrize(("name", "storage"), CASES, indirect=["storage"])
def test_a_job_killed_at_random_moments_completes_exactly_once(storage: tuple[Path, S3Bucket | None],
                                                               name: str) -> None:
    folder, bucket = storage
    work = folder / "work"
    rng = random.Random(f"{SEED}:{name}")
    env = {"CONTENT_WORK_DIR": str(work), **(bucket.env() if bucket else {})}
    with task_worker_context(folder, extra_env=env) as worker:
        kind = KINDS[name](worker)
        tally = crash_runs(worker, kind, rng, KILLS, work)
    leftovers = [path.name for path in work.glob("praxis-video-*")] if work.exists() else []
    assert not leftovers, leftovers  # the work folders of killed transcodes are dropped by the next one
    where = "local folder"
    if bucket:
        keys = bucket.keys()  # the whole bucket, by the S3 API
        left = orphans(keys, kind, tally.objects)
        assert not left, left
        where = f"S3 ({len(keys)} objects in the bucket, {len(left)} orphans)"
    print(f"\n{name} ({kind.input_note}) on {where}: job {tally.measured:.2f} s, {tally.kills} kills (seed {SEED}): "
          f"{tally.while_running} while running, {tally.before_start} before the claim, {tally.after_done} after "
          f"the end; kill moments {tally.moments}; work folders left {len(leftovers)}")
