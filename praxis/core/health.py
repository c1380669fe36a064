from datetime import timedelta

from django.utils import timezone
from huey.contrib.djhuey import HUEY

from .models import WorkerHeartbeat

WORKER_SILENCE = timedelta(minutes=3)


def database(connection) -> str:  # type: ignore[no-untyped-def]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return "down"
    return "ok"


def tasks() -> str:
    """The queue storage answers and a worker has been seen in the last three minutes."""
    if HUEY.immediate:
        return "ok"
    try:
        HUEY.pending_count()
    except Exception:
        return "queue unreachable"
    try:
        alive = WorkerHeartbeat.objects.filter(seen_at__gte=timezone.now() - WORKER_SILENCE).exists()
    except Exception:
        return "down"
    return "ok" if alive else "no worker"
