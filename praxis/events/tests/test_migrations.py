"""The move of `events.CpdRecord` into the continuing-education record (migration events 0002)."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("events", "0001_initial"), ("cpd", "0001_initial")]
AFTER = [("events", "0002_cpd_records_to_cpd_entries")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture(autouse=True)
def _back_to_the_latest_schema():
    """These tests move the schema back in time: the tests after them need every migration applied again (cpd's
    later migrations, which depend on cpd 0001, were unapplied on the way back)."""
    yield
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_each_cpd_record_becomes_an_issued_entry_of_the_record():
    old = _migrate(BEFORE)
    User = old.get_model("accounts", "User")
    Institution = old.get_model("institutions", "Institution")
    Event = old.get_model("events", "Event")
    CpdRecord = old.get_model("events", "CpdRecord")
    gp = User.objects.create(email="migr-gp@example.test", first_name="Anne", last_name="Peeters")
    nurse = User.objects.create(email="migr-nurse@example.test", first_name="Jean", last_name="Roux")
    clinic = Institution.objects.create(name="Clinique Saint-Luc", slug="migr-clinic", country="BE")
    # 23:30 in Brussels on 31 December is already 1 January nowhere but UTC's eyes: the day is the event's own.
    late = datetime(2025, 12, 31, 23, 30, tzinfo=ZoneInfo("Europe/Brussels"))
    event = Event.objects.create(title="Garde de nuit : urgences", starts_at=late, ends_at=late.replace(minute=59),
                                 timezone="Europe/Brussels", institution=clinic, created_by=gp,
                                 accreditation_points=Decimal("2"), status="published")
    webinar = Event.objects.create(title="Webinaire DPC", starts_at=late.replace(day=1),
                                   ends_at=late.replace(day=1, minute=59), timezone="Europe/Paris",
                                   created_by=nurse, dpc_reference="12345678901",
                                   dpc_hours=Decimal("3"), status="published")
    CpdRecord.objects.create(user=gp, event=event, accreditation_points=Decimal("2"))
    CpdRecord.objects.create(user=nurse, event=webinar, dpc_reference="12345678901", dpc_hours=Decimal("3"))

    new = _migrate(AFTER)
    Entry = new.get_model("cpd", "Entry")
    rows = {e.member_id: e for e in Entry.objects.all()}
    assert set(rows) == {gp.pk, nurse.pk}
    first, second = rows[gp.pk], rows[nurse.pk]
    assert (first.origin, first.activity_type, first.source_key) == ("issued", "event", f"events.attendance:{event.pk}")
    assert first.date.isoformat() == "2025-12-31" and first.points == 2 and first.hours == 2
    assert first.organiser == "Clinique Saint-Luc" and first.title == "Garde de nuit : urgences"
    assert second.points is None and second.hours == 3 and second.reference == "12345678901"
    assert second.organiser == "Jean Roux"
    assert not any(m.__name__ == "CpdRecord" for m in new.get_models())

    # And back: the records come back from the entries.
    old = _migrate(BEFORE)
    assert old.get_model("events", "CpdRecord").objects.count() == 2
    _migrate(AFTER)
