from datetime import UTC, datetime, timedelta

import icalendar
import pytest

from praxis.events.models import CalendarFeed, Event, Registration

from .factories import make_event, make_registration

pytestmark = pytest.mark.django_db


def _parse(response) -> icalendar.Calendar:
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_the_event_file_is_valid_icalendar_with_its_time_zone(personas):
    start = datetime(2031, 3, 14, 9, 0, tzinfo=UTC)  # 10:00 in Zurich (winter time)
    event = make_event(personas.institution_admin, timezone="Europe/Zurich", starts_at=start,
                       ends_at=start + timedelta(hours=2), title="Échographie de l'épaule")
    calendar = _parse(personas.client("anonymous").get(f"/agenda/{event.pk}/evenement.ics"))
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["UID"]).startswith(f"event-{event.pk}@")
    assert vevent["DTSTAMP"].dt.tzinfo is not None
    assert vevent["DTSTART"].params["TZID"] == "Europe/Zurich"
    assert vevent.decoded("DTSTART") == start and vevent.decoded("DTSTART").hour == 10
    assert vevent.decoded("DTEND") == start + timedelta(hours=2)
    assert str(vevent["SUMMARY"]) == "Échographie de l'épaule"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Zurich"]


def test_the_join_link_is_in_the_file_only_for_people_with_a_seat(personas):
    event = make_event(personas.institution_admin, kind=Event.Kind.WEBINAR, is_online=True,
                       online_url="https://visio.example.org/secret-room")
    make_registration(event, personas.verified_gp)
    make_registration(event, personas.outsider, Registration.Status.WAITLISTED)
    url = f"/agenda/{event.pk}/evenement.ics"
    assert b"secret-room" in personas.client("verified_gp").get(url).content
    assert b"secret-room" not in personas.client("outsider").get(url).content
    assert b"secret-room" not in personas.client("anonymous").get(url).content


def test_the_personal_feed_lists_my_seats_and_nothing_else(personas):
    mine = make_event(personas.institution_admin, title="Ma formation")
    waiting = make_event(personas.institution_admin, title="Liste d'attente")
    other = make_event(personas.institution_admin, title="Pas pour moi")
    make_registration(mine, personas.verified_gp)
    make_registration(waiting, personas.verified_gp, Registration.Status.WAITLISTED)
    make_registration(other, personas.outsider)
    feed = CalendarFeed.objects.create(user=personas.verified_gp, token="t0k3n")
    calendar = _parse(personas.client("anonymous").get("/agenda/calendrier/t0k3n.ics"))
    assert [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")] == ["Ma formation"]
    assert len({str(e["UID"]) for e in calendar.walk("VEVENT")}) == 1
    assert feed.user == personas.verified_gp


def test_a_revoked_feed_answers_gone_and_an_unknown_one_not_found(personas):
    client = personas.client("verified_gp")
    client.post("/agenda/calendrier/renouveler/")
    token = CalendarFeed.objects.get(user=personas.verified_gp).token
    assert client.get(f"/agenda/calendrier/{token}.ics").status_code == 200
    client.post("/agenda/calendrier/revoquer/")
    assert client.get(f"/agenda/calendrier/{token}.ics").status_code == 410
    assert client.get("/agenda/calendrier/nope.ics").status_code == 404


def test_a_cancelled_event_is_marked_cancelled_in_calendars(personas):
    event = make_event(personas.institution_admin, status=Event.Status.CANCELLED)
    calendar = _parse(personas.client("anonymous").get(f"/agenda/{event.pk}/evenement.ics"))
    assert str(calendar.walk("VEVENT")[0]["STATUS"]) == "CANCELLED"


def test_a_line_break_in_a_title_or_a_place_still_gives_a_valid_file(personas):
    """Found by the XSS walk: a title posted with a line break (a script, the API) made the calendar a server error."""
    event = make_event(personas.institution_admin, title="Plaies\nchroniques", venue="Salle\r\nB")
    calendar = _parse(personas.client("anonymous").get(f"/agenda/{event.pk}/evenement.ics"))
    (vevent,) = calendar.walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Plaies chroniques"
    assert str(calendar["X-WR-CALNAME"]) == "Plaies chroniques"
    assert str(vevent["LOCATION"]).startswith("Salle B")
