"""Background jobs of the content app (video pipeline, clean-up of abandoned uploads)."""

from huey import crontab
from huey.contrib.djhuey import periodic_task

from praxis.core.tasks import durable_task

from . import documents, media, tus


@durable_task(max_attempts=3, lease_seconds=3 * 3600)
def process_capsule_video(asset_id: int, source_key: str) -> str:
    """Probe, transcode, publish (see praxis.content.media.process_video). Retried on transient errors."""
    return media.process_video(asset_id, source_key)


@durable_task
def purge_expired_uploads() -> int:
    return tus.purge_expired_uploads()


@periodic_task(crontab(minute="17"))
def _hourly_upload_cleanup() -> None:
    purge_expired_uploads.enqueue()


@durable_task(max_attempts=3, lease_seconds=600)
def extract_document_text(content_id: int, document_name: str) -> str:
    """The text of a shared document, for search (see praxis.content.documents)."""
    return documents.extract_document_text(content_id, document_name)


@durable_task(max_attempts=2, lease_seconds=3600)
def extract_pending_document_texts() -> int:
    return documents.extract_pending()


@periodic_task(crontab(minute="41"))
def _hourly_document_text_sweep() -> None:
    extract_pending_document_texts.enqueue()
