"""Erasing an account is a background job with a clear outcome.

The request is answered at once when something forbids it (the last administrator of an institution); otherwise it is
recorded (one per member), the member is signed out, their uploads stop, and the durable job erases the account: it
waits while one of their videos is being transcoded, then purges what was derived from it; it is retried when it
fails and, after its last attempt, the request says so and the member is told. The page the member lands on follows
the request by its link, signed out."""

from __future__ import annotations

import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone

from praxis.accounts.models import ErasureRequest, User
from praxis.content.models import Content, Upload, VideoAsset
from praxis.content.tests.pages_factories import make_content
from praxis.core.models import TaskRun
from praxis.core.tasks import execute_run
from praxis.testing import PASSWORD, RunningWorker, make_member

DELETE = {"password": PASSWORD, "confirm": "on"}
JOB = "praxis.accounts.tasks.erase_account"


def _run_again(run: TaskRun) -> str:
    """What the worker does when the postponed job is due: claim it and run it."""
    TaskRun.objects.filter(pk=run.pk).update(available_at=timezone.now())
    return execute_run.call(run.pk)


def test_the_request_signs_out_the_job_erases_and_the_page_and_an_email_say_it_is_done(
    personas, django_capture_on_commit_callbacks,
) -> None:
    member = personas.verified_gp
    email = member.email
    client = personas.client("verified_gp")
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete"), DELETE)

    erasure = ErasureRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:erasure_status", args=[erasure.token])
    assert SESSION_KEY not in client.session
    assert not User.objects.filter(pk=member.pk).exists()
    assert erasure.status == ErasureRequest.Status.DONE and erasure.member is None and erasure.finished_at
    assert TaskRun.objects.get(task_path=JOB).status == TaskRun.Status.DONE
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Votre compte et vos données personnelles ont été supprimés." in page.content.decode()
    assert "hx-trigger" not in page.content.decode()  # final: the page stops asking
    assert [message.to for message in mail.outbox] == [[email]]
    assert "supprimé" in mail.outbox[0].subject


def test_a_second_request_shows_the_pending_one_and_queues_no_second_job(personas) -> None:
    client = personas.client("verified_gp")
    first = client.post(reverse("accounts:delete"), DELETE)  # not committed in this test: the job is not sent
    erasure = ErasureRequest.objects.get()
    assert erasure.status == ErasureRequest.Status.QUEUED

    client = personas.client("verified_gp")  # signed in again (from another browser) while it is pending
    page = client.get(reverse("accounts:delete"))
    assert reverse("accounts:erasure_status", args=[erasure.token]) in page.content.decode()
    assert "en cours" in page.content.decode()
    second = client.post(reverse("accounts:delete"), DELETE)

    assert second["Location"] == first["Location"]
    assert ErasureRequest.objects.count() == 1
    assert TaskRun.objects.filter(task_path=JOB).count() == 1
    status = client.get(first["Location"], headers={"HX-Request": "true"})
    assert status.status_code == 200 and 'hx-trigger="every 3s"' in status.content.decode()


def test_the_last_administrator_is_answered_at_once_and_nothing_is_queued(personas) -> None:
    response = personas.client("institution_admin").post(reverse("accounts:delete"), DELETE)
    assert response.status_code == 400
    assert "dernier administrateur" in response.content.decode()
    assert not ErasureRequest.objects.exists()
    assert not TaskRun.objects.filter(task_path=JOB).exists()


def _capsule_being_transcoded(author: User) -> tuple[Content, list[str]]:
    """A draft capsule whose video a worker is transcoding right now (FFmpeg itself is tested in content)."""
    content = make_content(author, kind=Content.Kind.CAPSULE, status=Content.Status.DRAFT, body="")
    source = default_storage.save(f"capsules/sources/{content.pk}/source.mp4", ContentFile(b"video"))
    VideoAsset.objects.create(content=content, status=VideoAsset.Status.PROCESSING, source_key=source,
                              processing_started_at=timezone.now())
    return content, [source]


def _upload_in_progress(author: User, content: Content, tmp_path: Path) -> tuple[Upload, Path]:
    part = tmp_path / "upload.part"
    part.write_bytes(b"\x00\x00\x00\x20ftypisom" + bytes(100))
    upload = Upload.objects.create(id=uuid.uuid4(), owner=author, content=content, length=10_000, offset=112,
                                   temp_path=str(part), expires_at=timezone.now() + timedelta(hours=24))
    return upload, part


def test_an_erasure_cancels_uploads_waits_for_the_running_transcode_then_purges_its_media(
    personas, tmp_path, django_capture_on_commit_callbacks,
) -> None:
    member = personas.verified_gp
    capsule, keys = _capsule_being_transcoded(member)
    upload, part = _upload_in_progress(member, capsule, tmp_path)
    client = personas.client("verified_gp")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete"), DELETE)

    # The upload stopped at once; the erasure waits for the transcode, without spending an attempt.
    assert not Upload.objects.filter(pk=upload.pk).exists() and not part.exists()
    run = TaskRun.objects.get(task_path=JOB)
    assert run.status == TaskRun.Status.QUEUED and run.attempts == 0
    assert run.last_error.startswith("waiting for: video of content")
    assert User.objects.filter(pk=member.pk).exists()
    assert "en cours" in client.get(response["Location"]).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert _run_again(run) == "postponed"  # still transcoding at the next look

    # The transcode publishes its outputs (what media.process_video writes), then the job's next look erases.
    prefix = f"capsules/{capsule.pk}/abc"
    outputs = [default_storage.save(f"{prefix}/{name}", ContentFile(b"data"))
               for name in ["master.m3u8", "video.mp4", "poster.jpg", "360p/index.m3u8", "360p/seg0.ts"]]
    VideoAsset.objects.filter(content=capsule).update(
        status=VideoAsset.Status.READY, published_prefix=prefix, hls_master=outputs[0], mp4=outputs[1],
        poster=outputs[2])
    with django_capture_on_commit_callbacks(execute=True):
        assert _run_again(run) == "done"

    assert not User.objects.filter(pk=member.pk).exists()
    assert not Content.objects.filter(pk=capsule.pk).exists()
    assert not any(default_storage.exists(key) for key in [*keys, *outputs])
    assert ErasureRequest.objects.get().status == ErasureRequest.Status.DONE


def test_a_transcode_whose_worker_died_long_ago_does_not_hold_the_erasure(
    personas, django_capture_on_commit_callbacks,
) -> None:
    member = personas.verified_gp
    capsule, keys = _capsule_being_transcoded(member)
    VideoAsset.objects.filter(content=capsule).update(processing_started_at=timezone.now() - timedelta(hours=4))
    with django_capture_on_commit_callbacks(execute=True):
        personas.client("verified_gp").post(reverse("accounts:delete"), DELETE)
    assert not User.objects.filter(pk=member.pk).exists()
    assert not any(default_storage.exists(key) for key in keys)


def test_an_erasure_that_keeps_failing_is_marked_failed_and_the_member_told(
    personas, django_capture_on_commit_callbacks,
) -> None:
    """Between the request and the job, the institution's other administrator left: the job cannot erase the last
    administrator. It is retried, then given up; the account stays, the member may ask again."""
    admin = personas.institution_admin
    other = make_member("autre-admin@example.test")
    membership = personas.institution.memberships.create(user=other, role="admin")
    client = personas.client("institution_admin")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("accounts:delete"), DELETE)
    assert response.status_code == 302
    membership.delete()
    run = TaskRun.objects.get(task_path=JOB)
    TaskRun.objects.filter(pk=run.pk).update(max_attempts=2)
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        for callback in callbacks:
            callback()  # first attempt: fails, retried later
    run.refresh_from_db()
    assert run.status == TaskRun.Status.QUEUED and run.attempts == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert _run_again(run) == "failed"

    erasure = ErasureRequest.objects.get()
    assert erasure.status == ErasureRequest.Status.FAILED and erasure.member == admin
    assert User.objects.filter(pk=admin.pk).exists()
    assert [message.to for message in mail.outbox] == [[admin.email]]
    page = client.get(reverse("accounts:erasure_status", args=[erasure.token])).content.decode()
    assert "n\u2019a pas pu être menée à bien" in page
    assert personas.client("institution_admin").get(reverse("accounts:delete")).context["pending"] is None


def test_an_unknown_erasure_link_is_not_found(client, db) -> None:
    assert client.get(reverse("accounts:erasure_status", args=["nope"])).status_code == 404


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_real_worker_waits_for_the_transcode_then_erases_and_emails(tmp_path, client) -> None:
    from huey.contrib.djhuey import HUEY

    member = make_member("effacement@example.test", first_name="Zoé", last_name="Effacement")
    capsule, _keys = _capsule_being_transcoded(member)
    client.force_login(member)
    HUEY.immediate = False
    HUEY.storage.flush_all()
    worker = RunningWorker(str(tmp_path), extra_env={"PRIVACY_ERASURE_WAIT_SECONDS": "1"})
    try:
        worker.start()
        response = client.post(reverse("accounts:delete"), DELETE)
        assert response.status_code == 302
        run = TaskRun.objects.get(task_path=JOB)
        worker.wait_for(lambda: TaskRun.objects.get(pk=run.pk).last_error.startswith("waiting for"))
        assert User.objects.filter(pk=member.pk).exists()
        VideoAsset.objects.filter(content=capsule).update(status=VideoAsset.Status.READY)  # the transcode ended
        worker.wait_for(lambda: ErasureRequest.objects.get().status == ErasureRequest.Status.DONE)
        worker.wait_for(lambda: len(worker.sent_emails()) >= 1)
    finally:
        worker.stop()
        HUEY.storage.flush_all()
        HUEY.immediate = True
    assert not User.objects.filter(pk=member.pk).exists()
    assert TaskRun.objects.get(pk=run.pk).attempts == 1  # the waits spent no attempt
    assert [message["To"] for message in worker.sent_emails()] == ["effacement@example.test"]
    page = client.get(response["Location"]).content.decode()
    assert "Votre compte et vos données personnelles ont été supprimés." in page


def test_cards_kept_in_the_fragment_cache_no_longer_name_the_erased_member(
    personas, django_capture_on_commit_callbacks,
) -> None:
    """Content cards and answers are kept rendered (`{% cache ... using="fragments" %}`) with the author's name; the
    erasure changes their keys (the kept content's `updated_at`, the answer's shown author), so the next page shows
    "Former member" and never the cached name."""
    from django.test import Client

    from praxis.discussions.models import Answer, Question

    author = make_member("carte@example.test", first_name="Ermengarde", last_name="Carteblanche")
    mine = make_content(author, title="Pansement de l'ulcère veineux")
    others = make_content(personas.verified_gp, title="Pièce d'un pair")
    question = Question.objects.create(content=others, author=personas.verified_gp, body="Quelle compression ?")
    Answer.objects.create(question=question, author=author, body="Une bande à allongement court.")
    reader = personas.client("outsider")
    pages = [reverse("content:list"), reverse("discussions:question", args=[question.pk])]
    for url in pages:
        assert "Carteblanche" in reader.get(url).content.decode()  # rendered, and now kept in the cache

    client = Client()
    client.force_login(author)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:delete"), DELETE)

    assert Content.objects.filter(pk=mine.pk).exists()
    for url in pages:
        html = reader.get(url).content.decode()
        assert "Carteblanche" not in html and "Ancien membre" in html, url
