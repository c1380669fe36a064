"""Background job of the SCORM part: unpacking an uploaded package to storage (idempotent)."""

from praxis.core.tasks import durable_task


@durable_task(max_attempts=3, lease_seconds=3600)
def publish_scorm_package(package_id: int, source_key: str) -> str:
    from .services import scorm_package_publish

    return scorm_package_publish(package_id, source_key)
