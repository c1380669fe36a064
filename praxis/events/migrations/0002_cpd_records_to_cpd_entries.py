"""Move `events.CpdRecord` into the continuing-education record (`cpd.Entry`, origin "issued"), then drop it.

Each record becomes the entry the attendance service now writes (same source key), so marking attendance again later
updates it instead of adding a second line."""

from zoneinfo import ZoneInfo

from django.db import migrations


def forward(apps, schema_editor):
    CpdRecord = apps.get_model("events", "CpdRecord")
    Entry = apps.get_model("cpd", "Entry")
    records = CpdRecord.objects.select_related("event", "event__institution", "event__created_by")
    batch = []
    for record in records.iterator(chunk_size=2000):
        event = record.event
        hours = record.dpc_hours if record.dpc_hours is not None else record.accreditation_points
        if event.institution_id:
            organiser = event.institution.name
        else:
            organiser = f"{event.created_by.first_name} {event.created_by.last_name}".strip()
        # The historical model has no `tz` property: the event's own time zone gives the day it was held.
        day = event.starts_at.astimezone(ZoneInfo(event.timezone)).date()
        batch.append(Entry(
            member_id=record.user_id, origin="issued", source_key=f"events.attendance:{event.pk}",
            title=event.title[:300], organiser=organiser[:300], date=day, hours=hours,
            points=record.accreditation_points, rubric="general", activity_type="event",
            reference=record.dpc_reference or "",
        ))
        if len(batch) >= 2000:
            Entry.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    Entry.objects.bulk_create(batch, ignore_conflicts=True)


def backward(apps, schema_editor):
    CpdRecord = apps.get_model("events", "CpdRecord")
    Entry = apps.get_model("cpd", "Entry")
    Event = apps.get_model("events", "Event")
    entries = Entry.objects.filter(source_key__startswith="events.attendance:", origin="issued")
    events = {e.pk: e for e in Event.objects.filter(
        pk__in=[int(k.split(":")[1]) for k in entries.values_list("source_key", flat=True)])}
    CpdRecord.objects.bulk_create([
        CpdRecord(user_id=entry.member_id, event_id=int(entry.source_key.split(":")[1]),
                  accreditation_points=entry.points, dpc_reference=entry.reference,
                  dpc_hours=events[int(entry.source_key.split(":")[1])].dpc_hours)
        for entry in entries if int(entry.source_key.split(":")[1]) in events
    ], ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("events", "0001_initial"),
        ("cpd", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
        migrations.DeleteModel(name="CpdRecord"),
    ]
