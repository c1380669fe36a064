"""Background jobs of the learning app (found by the task worker at start-up)."""

from __future__ import annotations

import logging

from huey import crontab
from huey.contrib.djhuey import periodic_task

from .mandatory import tasks as mandatory_tasks
from .scorm import tasks as scorm_tasks  # noqa: F401  (registers the SCORM jobs)

logger = logging.getLogger("praxis.learning")


@periodic_task(crontab(hour="6", minute="40"))
def mandatory_training_daily() -> None:
    renewed, queued = mandatory_tasks.daily()
    if renewed or queued:
        logger.info("Mandatory training: %s round(s) opened, %s reminder(s) queued", renewed, queued)
