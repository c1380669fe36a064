"""Meetings with the five-phase method: scheduling, invitations with .ics and the calendar feed, roll call (and
peer-group sessions in the continuing-education record), minutes, actions carried over, minutes sent, survey."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import icalendar
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from praxis.communities import services
from praxis.communities.models import Meeting, SurveyAnswer
from praxis.core.actor import Actor
from praxis.cpd.models import Entry
from praxis.testing import make_community_member, make_member

from .factories import make_case, make_local_community, make_meeting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def facilitator():
    return make_member(first_name="Inès", last_name="Haddad")


@pytest.fixture
def community(facilitator):
    return make_local_community(facilitator=facilitator, peer_group_number="GLEM-BXL-0421")


@pytest.fixture
def member(community):
    user = make_member(first_name="Pieter", last_name="Janssens")
    make_community_member(community, user)
    return user


def _when(days: int = 7) -> dict[str, Any]:
    starts = timezone.now() + timedelta(days=days)
    return {"title": "Réunion de décembre", "starts_at": starts, "ends_at": starts + timedelta(hours=2),
            "mode": "in_person", "place": "Maison de quartier"}


def test_a_meeting_in_the_past_is_refused(community, facilitator) -> None:
    with pytest.raises(ValidationError) as error:
        services.meeting_schedule(actor=Actor(facilitator), community=community, data=_when(-1), cases=[])
    assert "starts_at" in error.value.message_dict


def test_only_facilitators_schedule(community, member) -> None:
    with pytest.raises(PermissionDenied):
        services.meeting_schedule(actor=Actor(member), community=community, data=_when(), cases=[])


def test_members_are_invited_with_an_ics_and_find_it_in_their_feed(
    community, facilitator, member, client, django_capture_on_commit_callbacks,
) -> None:
    from praxis.events.models import CalendarFeed
    from praxis.events.services import feed_renew

    with django_capture_on_commit_callbacks(execute=True):
        meeting = services.meeting_schedule(actor=Actor(facilitator), community=community, data=_when(), cases=[])
    assert sorted(m.to[0] for m in mail.outbox) == sorted([facilitator.email, member.email])
    _name, content, mimetype = mail.outbox[0].attachments[0]
    assert mimetype.startswith("text/calendar")
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert str(event["summary"]).endswith("Réunion de décembre")
    feed_renew(actor=Actor(member))
    token = CalendarFeed.objects.get(user=member, revoked_at__isnull=True).token
    feed = client.get(reverse("events:feed", args=[token])).content
    assert f"meeting-{meeting.pk}@".encode() in feed
    outsider = make_member()
    feed_renew(actor=Actor(outsider))
    outsider_token = CalendarFeed.objects.get(user=outsider, revoked_at__isnull=True).token
    assert b"meeting-" not in client.get(reverse("events:feed", args=[outsider_token])).content


def test_open_actions_cases_and_chosen_topics_carry_over_to_the_next_agenda(
    community, facilitator, member,
) -> None:
    actor = Actor(facilitator)
    first = make_meeting(community, facilitator, days=-7)
    services.attendance_record(actor=actor, meeting=first, present_ids={member.pk})
    services.minutes_save(actor=actor, meeting=first, minutes={"welcome": "Tour de table."},
                          next_topics="Posture face aux refus d'aide\nOutils de liaison", decisions=["Fiche commune"])
    services.action_add(actor=actor, meeting=first, text="Envoyer la fiche de liaison", owner_id=member.pk,
                        due_on=timezone.localdate() + timedelta(days=3))
    done = services.action_add(actor=actor, meeting=first, text="Réserver la salle", owner_id=facilitator.pk,
                               due_on=timezone.localdate())
    services.action_done(actor=actor, action=done)
    case = make_case(community, member)
    second = services.meeting_schedule(actor=actor, community=community, data=_when(), cases=[case])
    items = {phase["key"]: phase["items"] for phase in second.agenda}
    assert [phase["key"] for phase in second.agenda] == ["welcome", "recap", "exchange", "themes", "closure"]
    assert len(items["recap"]) == 1 and "Envoyer la fiche de liaison" in items["recap"][0]
    assert items["exchange"] == [f"Case: {case.title}"]
    assert items["themes"] == ["Posture face aux refus d'aide", "Outils de liaison"]


def test_an_action_owner_must_be_a_member_and_the_due_date_not_past(community, facilitator) -> None:
    meeting = make_meeting(community, facilitator)
    with pytest.raises(ValidationError) as error:
        services.action_add(actor=Actor(facilitator), meeting=meeting, text="x", owner_id=make_member().pk,
                            due_on=timezone.localdate())
    assert "owner" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        services.action_add(actor=Actor(facilitator), meeting=meeting, text="x", owner_id=facilitator.pk,
                            due_on=timezone.localdate() - timedelta(days=1))
    assert "due_on" in error.value.message_dict


def test_the_roll_call_of_a_peer_group_writes_the_cpd_record(community, facilitator, member) -> None:
    meeting = make_meeting(community, facilitator, days=0)
    with pytest.raises(ValidationError):
        services.attendance_record(actor=Actor(facilitator), meeting=make_meeting(community, facilitator, days=3),
                                   present_ids=set())
    services.attendance_record(actor=Actor(facilitator), meeting=meeting, present_ids={member.pk, facilitator.pk})
    entry = Entry.objects.get(member=member)
    assert entry.activity_type == "peer_group" and entry.hours == 2 and entry.reference == "GLEM-BXL-0421"
    services.attendance_record(actor=Actor(facilitator), meeting=meeting, present_ids={facilitator.pk})
    assert not Entry.objects.filter(member=member).exists()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    with pytest.raises(ValidationError):
        services.attendance_record(actor=Actor(facilitator), meeting=meeting, present_ids={make_member().pk})


def test_without_a_peer_group_number_no_cpd_entry(facilitator, member) -> None:
    community = make_local_community("CdP sans GLEM", facilitator=facilitator)
    make_community_member(community, member)
    meeting = make_meeting(community, facilitator, days=0)
    services.attendance_record(actor=Actor(facilitator), meeting=meeting, present_ids={member.pk})
    assert not Entry.objects.exists()


def test_minutes_are_guarded_and_sent_to_the_members(
    community, facilitator, member, django_capture_on_commit_callbacks,
) -> None:
    meeting = make_meeting(community, facilitator, days=0)
    with pytest.raises(ValidationError):
        services.minutes_save(actor=Actor(facilitator), meeting=meeting, minutes={"exchange": "M. Dupont, né le "
                              "3 mai 1938"}, next_topics="", decisions=[])
    with pytest.raises(ValidationError):
        services.minutes_send(actor=Actor(facilitator), meeting=meeting)
    services.minutes_save(actor=Actor(facilitator), meeting=meeting, minutes={"exchange": "Deux cas discutés."},
                          next_topics="", decisions=["Une fiche commune"])
    services.attendance_record(actor=Actor(facilitator), meeting=meeting, present_ids={member.pk})
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_send(actor=Actor(facilitator), meeting=meeting)
    assert len(mail.outbox) == 2
    assert "Deux cas discutés." in mail.outbox[0].body and "Une fiche commune" in mail.outbox[0].body


def test_only_those_present_answer_the_survey_once(community, facilitator, member) -> None:
    meeting = make_meeting(community, facilitator, days=0)
    with pytest.raises(PermissionDenied):
        services.survey_answer(actor=Actor(member), meeting=meeting, usefulness=4, will_apply="")
    services.attendance_record(actor=Actor(facilitator), meeting=meeting, present_ids={member.pk})
    services.survey_answer(actor=Actor(member), meeting=meeting, usefulness=4, will_apply="La fiche de liaison.")
    with pytest.raises(ValidationError):
        services.survey_answer(actor=Actor(member), meeting=meeting, usefulness=5, will_apply="")
    with pytest.raises(PermissionDenied):
        services.survey_answer(actor=Actor(facilitator), meeting=meeting, usefulness=5, will_apply="")
    assert SurveyAnswer.objects.get().usefulness == 4


def test_a_meeting_is_not_found_outside_the_community(client, community, facilitator) -> None:
    meeting = make_meeting(community, facilitator)
    client.force_login(make_member())
    assert client.get(reverse("communities:meeting", args=[community.slug, meeting.pk])).status_code == 404
    assert client.get(reverse("communities:meeting_ics", args=[community.slug, meeting.pk])).status_code == 404


def test_the_agenda_template_is_editable_per_community(community, facilitator) -> None:
    phases = {p["key"]: {"title": p["title"], "prompt": ""} for p in services.agenda_template(community)}
    phases["welcome"] = {"title": "Café et météo du groupe", "prompt": "Chacun dit comment il arrive."}
    services.agenda_template_update(actor=Actor(facilitator), community=community, phases=phases)
    meeting = services.meeting_schedule(actor=Actor(facilitator), community=community, data=_when(), cases=[])
    assert meeting.agenda[0]["title"] == "Café et météo du groupe"
    assert meeting.agenda[0]["prompt"] == "Chacun dit comment il arrive."
