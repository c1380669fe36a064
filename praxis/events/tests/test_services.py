from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from praxis.core.models import AuditEntry
from praxis.cpd.models import Attestation, Entry
from praxis.events import services
from praxis.events.models import Event, Registration, WhitePaper
from praxis.events.tasks import schedule_reminders

from .factories import actor, make_event, make_piece, make_registration, make_white_paper

pytestmark = pytest.mark.django_db


def _event_data(**overrides):
    start = timezone.now() + timedelta(days=10)
    data = {"kind": Event.Kind.TRAINING, "title": "Suturer une plaie simple", "description": "Atelier.",
            "starts_at": start, "ends_at": start + timedelta(hours=2), "postal_code": "4000", "city": "Liège",
            "country": "BE", "institution": None, "timezone": "Europe/Brussels", "coi_none": True}
    data.update(overrides)
    return data


def test_a_verified_member_publishes_an_event_in_their_own_name(personas):
    event = services.event_create(actor=actor(personas.verified_gp), data=_event_data())
    assert event.created_by == personas.verified_gp and event.institution is None
    assert AuditEntry.objects.filter(action="events.event.created", target_id=str(event.pk)).exists()


def test_an_event_that_ends_before_it_starts_is_refused(personas):
    start = timezone.now() + timedelta(days=3)
    with pytest.raises(ValidationError) as error:
        services.event_create(actor=actor(personas.verified_gp),
                              data=_event_data(starts_at=start, ends_at=start - timedelta(hours=1)))
    assert "ends_at" in error.value.message_dict


def test_a_webinar_link_must_be_https(personas):
    with pytest.raises(ValidationError) as error:
        services.event_create(actor=actor(personas.verified_gp), data=_event_data(
            kind=Event.Kind.WEBINAR, online_url="http://visio.example.org/x", postal_code="", city=""))
    assert "online_url" in error.value.message_dict


def test_a_webinar_with_an_https_link_is_online(personas):
    event = services.event_create(actor=actor(personas.verified_gp), data=_event_data(
        kind=Event.Kind.WEBINAR, online_url="https://visio.example.org/x", postal_code="", city=""))
    assert event.is_online


def test_staff_cannot_organise_for_their_institution_but_admins_can(personas):
    data = _event_data(institution=personas.institution)
    with pytest.raises(ValidationError):
        services.event_create(actor=actor(personas.institution_staff), data=data)
    event = services.event_create(actor=actor(personas.institution_admin), data=data)
    assert event.institution == personas.institution


def test_an_unverified_institution_cannot_organise(personas):
    personas.institution.is_verified = False
    personas.institution.save()
    with pytest.raises(ValidationError):
        services.event_create(actor=actor(personas.institution_admin), data=_event_data(
            institution=personas.institution))


def test_a_description_with_a_patient_identifier_is_refused(personas):
    with pytest.raises(ValidationError) as error:
        services.event_create(actor=actor(personas.verified_gp), data=_event_data(
            description="Présentation du cas de Mme Durand née le 04/05/1948."))
    assert "description" in error.value.message_dict


def test_registering_twice_is_refused(personas):
    event = make_event(personas.institution_admin)
    services.registration_create(actor=actor(personas.verified_gp), event=event)
    with pytest.raises(ValidationError) as error:
        services.registration_create(actor=actor(personas.verified_gp), event=event)
    assert error.value.code == "duplicate"


def test_registering_after_the_deadline_is_refused(personas):
    event = make_event(personas.institution_admin, registration_deadline=timezone.now() - timedelta(minutes=1))
    with pytest.raises(ValidationError) as error:
        services.registration_create(actor=actor(personas.verified_gp), event=event)
    assert error.value.code == "closed"


def test_a_full_event_offers_the_waiting_list_then_queues_in_order(personas):
    event = make_event(personas.institution_admin, capacity=1)
    services.registration_create(actor=actor(personas.verified_gp), event=event)
    with pytest.raises(services.RegistrationFull):
        services.registration_create(actor=actor(personas.outsider), event=event)
    first = services.registration_create(actor=actor(personas.outsider), event=event, join_waitlist=True)
    second = services.registration_create(actor=actor(personas.reviewer), event=event, join_waitlist=True)
    assert (first.status, second.status) == (Registration.Status.WAITLISTED, Registration.Status.WAITLISTED)
    assert first.queued_at <= second.queued_at


def test_cancelling_a_seat_promotes_the_first_person_waiting_and_emails_them(
        personas, django_capture_on_commit_callbacks):
    event = make_event(personas.institution_admin, capacity=1)
    seat = make_registration(event, personas.verified_gp)
    first = make_registration(event, personas.outsider, Registration.Status.WAITLISTED,
                              queued_at=timezone.now() - timedelta(hours=2))
    second = make_registration(event, personas.reviewer, Registration.Status.WAITLISTED,
                               queued_at=timezone.now() - timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(actor=actor(personas.verified_gp), registration=seat)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Registration.Status.CONFIRMED and first.promoted_at is not None
    assert second.status == Registration.Status.WAITLISTED
    assert [m.to for m in mail.outbox] == [[personas.outsider.email]]
    assert AuditEntry.objects.filter(action="events.registration.promoted", target_id=str(first.pk)).exists()


def test_leaving_the_waiting_list_promotes_nobody(personas):
    event = make_event(personas.institution_admin, capacity=1)
    make_registration(event, personas.verified_gp)
    waiting = make_registration(event, personas.outsider, Registration.Status.WAITLISTED)
    services.registration_cancel(actor=actor(personas.outsider), registration=waiting)
    assert Registration.objects.filter(event=event, status=Registration.Status.CONFIRMED).count() == 1


def test_a_cancelled_member_may_register_again(personas):
    event = make_event(personas.institution_admin)
    registration = services.registration_create(actor=actor(personas.verified_gp), event=event)
    services.registration_cancel(actor=actor(personas.verified_gp), registration=registration)
    again = services.registration_create(actor=actor(personas.verified_gp), event=event)
    assert again.pk == registration.pk and again.status == Registration.Status.CONFIRMED


def test_raising_the_capacity_promotes_people_waiting(personas):
    event = make_event(personas.institution_admin, institution=personas.institution, capacity=1)
    make_registration(event, personas.verified_gp)
    waiting = make_registration(event, personas.outsider, Registration.Status.WAITLISTED)
    services.event_update(actor=actor(personas.institution_admin), event=event, data={"capacity": 2})
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED


def test_attendance_records_continuing_education_points_for_attendees_only(personas):
    event = make_event(personas.institution_admin, institution=personas.institution, starts_in=timedelta(days=-1),
                       accreditation_points=3, dpc_reference="1234", dpc_hours=2)
    present = make_registration(event, personas.verified_gp)
    absent = make_registration(event, personas.outsider)
    services.attendance_mark(actor=actor(personas.institution_admin), event=event, present_ids={present.pk})
    entry = Entry.objects.select_related("attestation").get()
    assert entry.member == personas.verified_gp and entry.points == 3 and entry.hours == 2
    assert entry.origin == "issued" and entry.activity_type == "event" and entry.reference == "1234"
    assert entry.organiser == personas.institution.name and entry.title == event.title
    attestation = entry.attestation
    assert attestation is not None
    assert attestation.kind == "event_attendance" and attestation.state == "valid"
    assert attestation.issuer_institution == personas.institution and attestation.points == 3
    absent.refresh_from_db()
    assert absent.attended is False
    services.attendance_mark(actor=actor(personas.institution_admin), event=event, present_ids={absent.pk})
    assert list(Entry.objects.values_list("member_id", flat=True)) == [personas.outsider.pk]
    states = {a.recipient_id: a.state for a in Attestation.objects.all()}
    assert states == {personas.verified_gp.pk: "revoked", personas.outsider.pk: "valid"}
    services.attendance_mark(actor=actor(personas.institution_admin), event=event,
                             present_ids={present.pk, absent.pk})  # marked again: same rows, reinstated
    assert Entry.objects.count() == 2 and Attestation.objects.count() == 2
    assert {a.state for a in Attestation.objects.all()} == {"valid"}


def test_attendance_at_an_event_without_points_gives_an_attestation_but_no_record_entry(personas):
    event = make_event(personas.institution_admin, institution=personas.institution, starts_in=timedelta(days=-1))
    seat = make_registration(event, personas.verified_gp)
    services.attendance_mark(actor=actor(personas.institution_admin), event=event, present_ids={seat.pk})
    assert not Entry.objects.exists()
    assert Attestation.objects.get().recipient == personas.verified_gp


def test_attendance_cannot_be_marked_before_the_event(personas):
    event = make_event(personas.institution_admin, institution=personas.institution)
    with pytest.raises(PermissionDenied):
        services.attendance_mark(actor=actor(personas.institution_admin), event=event, present_ids=set())


def test_reminders_are_sent_once_even_when_scheduled_twice(personas, django_capture_on_commit_callbacks):
    soon = make_event(personas.institution_admin, starts_in=timedelta(hours=20))
    later = make_event(personas.institution_admin, starts_in=timedelta(days=3))
    make_registration(soon, personas.verified_gp)
    make_registration(soon, personas.outsider, Registration.Status.WAITLISTED)
    make_registration(later, personas.reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        assert schedule_reminders() == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert schedule_reminders() == 0
    assert [m.to for m in mail.outbox] == [[personas.verified_gp.email]]
    assert Registration.objects.filter(reminder_sent_at__isnull=False).count() == 1


def test_the_reminder_task_itself_never_sends_twice(personas):
    from praxis.events.tasks import send_reminder

    registration = make_registration(make_event(personas.institution_admin, starts_in=timedelta(hours=5)),
                                     personas.verified_gp)
    send_reminder(registration.pk)
    send_reminder(registration.pk)
    assert len(mail.outbox) == 1


def test_an_organiser_message_reaches_seats_and_optionally_the_waiting_list(
        personas, django_capture_on_commit_callbacks):
    event = make_event(personas.institution_admin, institution=personas.institution)
    make_registration(event, personas.verified_gp)
    make_registration(event, personas.outsider, Registration.Status.WAITLISTED)
    make_registration(event, personas.reviewer, Registration.Status.CANCELLED)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(actor=actor(personas.institution_admin), event=event, subject="Parking",
                              body="Entrée par la rue arrière.", include_waitlist=False)
    assert [m.to for m in mail.outbox] == [[personas.verified_gp.email]]
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(actor=actor(personas.institution_admin), event=event, subject="Salle",
                              body="Salle 2.", include_waitlist=True)
    assert len(mail.outbox) == 3


def test_a_white_paper_goes_through_review_before_publication(personas, django_capture_on_commit_callbacks):
    seminar = make_event(personas.institution_admin, institution=personas.institution, kind=Event.Kind.SEMINAR)
    make_piece(seminar, personas.institution_admin)
    admin = actor(personas.institution_admin)
    paper = services.white_paper_assemble(actor=admin, event=seminar, title="Livre blanc", introduction="Intro",
                                          conclusion="", coi_none=True)
    assert paper.version == 1 and paper.status == WhitePaper.Status.DRAFT and len(paper.sections) == 1
    with pytest.raises(ValidationError):
        services.white_paper_assemble(actor=admin, event=seminar, title="Encore", introduction="x", conclusion="",
                                      coi_none=True)
    services.white_paper_submit(actor=admin, paper=paper)
    with pytest.raises(ValidationError):  # asking for changes needs a reason
        services.white_paper_decide(actor=actor(personas.reviewer), paper=paper, publish=False, note="")
    services.white_paper_decide(actor=actor(personas.reviewer), paper=paper, publish=False, note="Sources ?")
    assert paper.status == WhitePaper.Status.CHANGES_REQUESTED
    services.white_paper_update(actor=admin, paper=paper, title="Livre blanc", introduction="Intro et sources",
                                conclusion="", coi_none=True)
    services.white_paper_submit(actor=admin, paper=paper)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.white_paper_decide(actor=actor(personas.reviewer), paper=paper, publish=True, note="")
    assert paper.status == WhitePaper.Status.PUBLISHED and callbacks  # the PDF job is queued
    second = services.white_paper_assemble(actor=admin, event=seminar, title="Livre blanc", introduction="v2",
                                           conclusion="", coi_none=True)
    assert second.version == 2


def test_an_organiser_cannot_review_their_own_white_paper(personas):
    personas.institution_admin.is_reviewer = True
    personas.institution_admin.save()
    seminar = make_event(personas.institution_admin, institution=personas.institution, kind=Event.Kind.SEMINAR)
    paper = make_white_paper(seminar, personas.institution_admin, status=WhitePaper.Status.SUBMITTED)
    with pytest.raises(PermissionDenied):
        services.white_paper_decide(actor=actor(personas.institution_admin), paper=paper, publish=True, note="")


def test_a_white_paper_naming_a_patient_cannot_be_submitted(personas):
    seminar = make_event(personas.institution_admin, institution=personas.institution, kind=Event.Kind.SEMINAR)
    paper = make_white_paper(seminar, personas.institution_admin, introduction="Mme Durand née le 04/05/1948")
    with pytest.raises(ValidationError):
        services.white_paper_submit(actor=actor(personas.institution_admin), paper=paper)
    paper.refresh_from_db()
    assert paper.status == WhitePaper.Status.DRAFT


def test_a_seminar_piece_with_a_phone_number_is_refused(personas):
    seminar = make_event(personas.institution_admin, institution=personas.institution, kind=Event.Kind.SEMINAR)
    with pytest.raises(ValidationError):
        services.piece_add(actor=actor(personas.institution_admin), event=seminar, upload=None, mime="", data={
            "kind": "contribution", "speaker": "", "title": "Cas", "summary": "Appeler le 0470 12 34 56",
            "coi_none": True})


def test_renewing_the_feed_revokes_the_old_address(personas):
    me = actor(personas.verified_gp)
    first = services.feed_renew(actor=me)
    second = services.feed_renew(actor=me)
    first.refresh_from_db()
    assert first.revoked_at is not None and second.revoked_at is None and first.token != second.token


def test_cancelling_an_event_tells_everyone(personas, django_capture_on_commit_callbacks):
    event = make_event(personas.institution_admin, institution=personas.institution)
    make_registration(event, personas.verified_gp)
    make_registration(event, personas.outsider, Registration.Status.WAITLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        services.event_cancel(actor=actor(personas.institution_admin), event=event, reason="Formateur malade.")
    assert event.status == Event.Status.CANCELLED and len(mail.outbox) == 2
