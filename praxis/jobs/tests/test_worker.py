"""The daily alert job run by a real `manage.py run_huey` worker on the test database."""

from datetime import timedelta

import pytest
from django.utils import timezone

from praxis.jobs.models import AlertDelivery
from praxis.jobs.tasks import schedule_alerts
from praxis.testing import make_institution, make_member

from .factories import make_offer, make_saved_search


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_the_worker_alerts_each_new_offer_once(task_worker):
    poster = make_member("rh@example.test")
    hospital = make_institution("CHU de test")
    seeker = make_member("seeker@example.test")
    saved = make_saved_search(seeker, profession="nurse")
    saved.created_at = timezone.now() - timedelta(hours=1)
    saved.save()
    make_offer(hospital, poster, title="Infirmier·ère en gériatrie")
    make_offer(hospital, poster, title="Diététicien·ne", professions=["dietitian"])
    assert schedule_alerts() == 1
    task_worker.wait_for(lambda: AlertDelivery.objects.filter(saved_search=saved).exists())
    task_worker.wait_for(lambda: len(task_worker.sent_emails()) >= 1)
    schedule_alerts()  # the next day's run: nothing new, nothing sent
    from praxis.core.models import TaskRun

    task_worker.wait_for(lambda: not TaskRun.objects.filter(status__in=["queued", "running"]).exists())
    emails = task_worker.sent_emails()
    assert [m["To"] for m in emails] == ["seeker@example.test"]
    body = emails[0].get_body(preferencelist=("plain",)).get_content()
    assert "Infirmier·ère en gériatrie" in body and "Diététicien" not in body
    assert AlertDelivery.objects.filter(saved_search=saved).count() == 1
