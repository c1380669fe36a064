import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from praxis.core import audit
from praxis.core.audit import Action
from praxis.core.files import delete_on_commit, drop_earlier_attempts
from praxis.core.mail import send_templated
from praxis.core.tasks import Postpone, durable_task

from .archive import write_archive
from .models import DataExport, ErasureRequest, User


@durable_task
def send_verification_decision(user_id: int, decision: str, message: str = "") -> None:
    """Tell a member what a moderator decided about their professional number."""
    user = User.objects.filter(pk=user_id).first()
    if user is None:  # account deleted since: nothing to tell
        return
    send_templated(
        to=user.email,
        template=f"accounts/email/verification_{decision}",
        context={"member": user, "message": message},
        language=user.preferred_language,
    )


@durable_task(lease_seconds=1800)
def build_data_export(export_id: int) -> None:
    """Build a member's archive (`accounts.archive`), store it privately, and queue the email that tells them, in
    the transaction that marks it ready (a worker killed after that commit still sends it once, from the queue).
    Idempotent: an export already built (a second delivery, an attempt after a crash) is left as it is, and a copy
    that a killed attempt wrote without committing is dropped."""
    export = DataExport.objects.filter(pk=export_id).select_related("member").first()
    if export is None:
        return
    intended = DataExport._meta.get_field("file").generate_filename(export, "export.zip")
    storage = export.file.storage
    if export.status != DataExport.Status.QUEUED:
        if export.file:
            drop_earlier_attempts(storage, intended, kept=export.file.name or "")
        return
    member = export.member
    with tempfile.TemporaryFile() as out:
        write_archive(member, out)
        out.seek(0)
        size = out.seek(0, 2)
        out.seek(0)
        with transaction.atomic():
            export.file.save(f"{export.token}.zip", File(out), save=False)
            now = timezone.now()
            updated = DataExport.objects.filter(pk=export.pk, status=DataExport.Status.QUEUED).update(
                status=DataExport.Status.READY, file=export.file.name, size=size, ready_at=now,
                expires_at=now + timedelta(days=settings.PRIVACY_EXPORT_DAYS))
            if not updated:  # deleted meanwhile (the account went), or built by another run: ours must not stay
                delete_on_commit(export.file.name or "", storage=storage)
                return
            audit.log(None, Action.ACCOUNTS_EXPORT_READY, member, {"export": export.pk, "size": size})
            send_export_ready.enqueue(export.pk)
    drop_earlier_attempts(storage, intended, kept=export.file.name or "")


@durable_task
def send_export_ready(export_id: int) -> None:
    """Tell the member their archive is ready (queued with the commit that made it ready)."""
    export = DataExport.objects.filter(pk=export_id, status=DataExport.Status.READY).select_related("member").first()
    if export is None:  # deleted since (the member went, or the link expired): nothing to tell
        return
    member = export.member
    with translation.override(member.preferred_language or "fr"):
        url = settings.SITE_URL.rstrip("/") + reverse("accounts:export_download", args=[export.token])
    send_templated(
        to=member.email, template="accounts/email/export_ready",
        context={"member": member, "url": url, "expires_at": export.expires_at},
        language=member.preferred_language,
    )


def _erasure_failed(erasure_id: int) -> None:
    from . import services

    erasure = services.erasure_failed(erasure_id=erasure_id)
    if erasure is not None and erasure.member is not None:
        member = erasure.member
        send_templated(to=member.email, template="accounts/email/erasure_failed",
                       context={"member": member, "url": _erasure_url(erasure)},
                       language=erasure.language)


def _erasure_url(erasure: ErasureRequest) -> str:
    with translation.override(erasure.language or "fr"):
        return settings.SITE_URL.rstrip("/") + reverse("accounts:erasure_status", args=[erasure.token])


@durable_task(lease_seconds=1800, on_failure=_erasure_failed)
def erase_account(erasure_id: int) -> None:
    """Carry out an erasure request (`services.member_erase`), then tell the member it is done at the address they
    had. While a video of the member is being transcoded, the job waits (`Postpone`, not counted as an attempt).
    Failures are retried with backoff; after the last attempt the request is marked failed and the member told."""
    from . import services

    erasure = ErasureRequest.objects.filter(pk=erasure_id, status=ErasureRequest.Status.QUEUED).select_related(
        "member").first()
    if erasure is None or erasure.member is None:
        return
    waiting = services.erasure_waits_for(erasure.member)
    if waiting:
        raise Postpone(settings.PRIVACY_ERASURE_WAIT_SECONDS, "waiting for: " + "; ".join(waiting))
    email, url = erasure.member.email, _erasure_url(erasure)
    if services.member_erase(erasure=erasure):
        # The address is no longer stored anywhere: it is used once more, now, to say it is done.
        send_templated(to=email, template="accounts/email/erasure_done", context={"url": url},
                       language=erasure.language)
