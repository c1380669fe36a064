from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from praxis.accounts.models import User
from praxis.core.actor import Actor
from praxis.core.models import AuditEntry
from praxis.core.tasks import TaskRun
from praxis.cpd import selectors, services
from praxis.cpd.models import CODE_ALPHABET, CODE_LENGTH, Attestation, Entry, SchemeChoice

from .factories import make_attestation, make_entry

pytestmark = pytest.mark.django_db


def test_issuing_twice_returns_the_same_attestation_and_audits_once(personas):
    first = make_attestation(personas.verified_gp, source_key="events.attendance:7", points=Decimal("2"),
                             issuer_institution=personas.institution)
    second = make_attestation(personas.verified_gp, source_key="events.attendance:7", points=Decimal("2"),
                              issuer_institution=personas.institution)
    assert first.pk == second.pk
    assert Attestation.objects.count() == 1
    assert AuditEntry.objects.filter(action="cpd.attestation.issued").count() == 1
    assert first.recipient_name == personas.verified_gp.get_full_name()
    assert first.issuer_name == personas.institution.name
    assert len(first.code) == CODE_LENGTH and set(first.code) <= set(CODE_ALPHABET)


def test_the_same_source_for_another_member_or_kind_is_another_attestation(personas):
    a = make_attestation(personas.verified_gp, source_key="k:1")
    b = make_attestation(personas.outsider, source_key="k:1")
    c = make_attestation(personas.verified_gp, source_key="k:1", kind=Attestation.Kind.COURSE_CERTIFICATE)
    assert len({a.pk, b.pk, c.pk}) == 3 and len({a.code, b.code, c.code}) == 3


def test_an_attestation_without_institution_is_issued_by_the_platform(personas):
    attestation = make_attestation(personas.verified_gp)
    assert attestation.issuer_institution is None and attestation.issuer_name == "Praxis"


def test_issuing_queues_the_pdf_once_the_transaction_commits(personas, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        attestation = make_attestation(personas.verified_gp)
    attestation.refresh_from_db()
    assert TaskRun.objects.filter(task_path="praxis.cpd.tasks.render_attestation_pdf").count() == 1
    assert attestation.pdf and attestation.pdf_rendered_at


def test_validity_ending_before_issue_is_refused(personas):
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        make_attestation(personas.verified_gp, issued_on=today, valid_until=today - timedelta(days=1))
    assert "valid_until" in error.value.message_dict
    assert not Attestation.objects.exists()


def test_state_is_valid_expired_or_revoked(personas):
    today = timezone.localdate()
    valid = make_attestation(personas.verified_gp, source_key="a", valid_until=today)
    expired = make_attestation(personas.verified_gp, source_key="b", issued_on=today - timedelta(days=400),
                               valid_until=today - timedelta(days=1))
    assert valid.state == "valid" and expired.state == "expired"
    services.attestation_revoke(actor=Actor(personas.moderator), attestation=valid, reason="Présence non prouvée")
    valid.refresh_from_db()
    assert valid.state == "revoked" and valid.revoked_reason == "Présence non prouvée"


def test_revoking_needs_the_right_and_a_reason(personas):
    attestation = make_attestation(personas.verified_gp, issuer_institution=personas.institution)
    with pytest.raises(PermissionDenied):
        services.attestation_revoke(actor=Actor(personas.verified_gp), attestation=attestation, reason="Non")
    with pytest.raises(ValidationError):
        services.attestation_revoke(actor=Actor(personas.institution_admin), attestation=attestation, reason=" ")
    services.attestation_revoke(actor=Actor(personas.institution_admin), attestation=attestation, reason="Erreur")
    services.attestation_revoke(actor=Actor(personas.institution_admin), attestation=attestation, reason="Bis")
    attestation.refresh_from_db()
    assert attestation.revoked_reason == "Erreur"
    assert AuditEntry.objects.filter(action="cpd.attestation.revoked").count() == 1


def test_issuing_a_revoked_attestation_again_reinstates_it(personas):
    attestation = make_attestation(personas.verified_gp, source_key="events.attendance:9")
    services.attestation_revoke(actor=Actor(personas.moderator), attestation=attestation, reason="Absent")
    again = make_attestation(personas.verified_gp, source_key="events.attendance:9")
    assert again.pk == attestation.pk and again.state == "valid"
    assert AuditEntry.objects.filter(action="cpd.attestation.reinstated").count() == 1


def test_recording_an_entry_is_an_upsert_per_member_and_source(personas):
    entry = make_entry(personas.verified_gp, source_key="events.attendance:3", points=Decimal(2))
    same = make_entry(personas.verified_gp, source_key="events.attendance:3", points=Decimal("2.0"))
    assert same.pk == entry.pk
    assert AuditEntry.objects.filter(action__startswith="cpd.entry.").count() == 1  # identical: nothing written
    changed = make_entry(personas.verified_gp, source_key="events.attendance:3", points=Decimal(3))
    assert changed.pk == entry.pk and Entry.objects.get().points == Decimal(3)
    assert AuditEntry.objects.filter(action="cpd.entry.updated").count() == 1
    make_entry(personas.outsider, source_key="events.attendance:3")
    assert Entry.objects.count() == 2


def test_an_entry_links_its_attestation(personas):
    attestation = make_attestation(personas.verified_gp, source_key="learning.completion:4",
                                   kind=Attestation.Kind.COURSE_CERTIFICATE)
    entry = make_entry(personas.verified_gp, source_key="learning.completion:4", attestation=attestation,
                       activity_type=Entry.ActivityType.COURSE)
    assert entry.attestation == attestation and list(attestation.entries.all()) == [entry]


@pytest.mark.parametrize(("origin", "hours", "days_ago", "field"), [
    ("issued", Decimal(-1), 3, "hours"), ("declared", Decimal("24.5"), 3, "hours"),
    ("transmitted", Decimal("25"), 3, "hours"), ("issued", Decimal(2), -1, "date"),
])
def test_bad_hours_or_a_future_date_are_refused(personas, origin, hours, days_ago, field):
    with pytest.raises(ValidationError) as error:
        make_entry(personas.verified_gp, origin=origin, hours=hours, days_ago=days_ago)
    assert field in error.value.message_dict
    assert not Entry.objects.exists()


def test_an_unknown_origin_or_activity_type_is_refused(personas):
    with pytest.raises(ValidationError):
        make_entry(personas.verified_gp, origin="invented")
    with pytest.raises(ValidationError):
        make_entry(personas.verified_gp, activity_type="invented")


def test_a_congress_issued_by_praxis_may_count_more_than_24_hours(personas):
    assert make_entry(personas.verified_gp, origin="issued", hours=Decimal(30)).hours == 30


def test_an_app_withdraws_the_attestation_of_a_fact_that_no_longer_holds(personas):
    attestation = make_attestation(personas.verified_gp, source_key="events.attendance:2")
    for _ in range(2):
        services.attestation_withdraw(actor=None, kind=attestation.kind, source_key="events.attendance:2",
                                      recipient=personas.verified_gp, reason="Présence retirée")
    attestation.refresh_from_db()
    assert attestation.state == "revoked" and attestation.revoked_reason == "Présence retirée"
    assert AuditEntry.objects.filter(action="cpd.attestation.revoked").count() == 1
    services.attestation_withdraw(actor=None, kind=attestation.kind, source_key="nothing", recipient=None, reason="")


def test_withdrawing_removes_the_line_once(personas):
    make_entry(personas.verified_gp, source_key="events.attendance:5")
    services.entry_withdraw(member=personas.verified_gp, source_key="events.attendance:5")
    services.entry_withdraw(member=personas.verified_gp, source_key="events.attendance:5")
    assert not Entry.objects.exists()
    assert AuditEntry.objects.filter(action="cpd.entry.withdrawn").count() == 1


def test_the_demo_record_of_dr_martin_is_loaded_once(db):
    from praxis.accounts import demo as accounts_demo
    from praxis.cpd import demo

    accounts_demo.seed()
    demo.seed()
    demo.seed()
    martin = Entry.objects.filter(member__email="dr.martin@praxis.local")
    assert martin.count() == len(demo.MARTIN)
    assert all(entry.attestation_id for entry in martin)
    assert Attestation.objects.filter(recipient__email="dr.martin@praxis.local").count() == len(demo.MARTIN)
    assert Entry.objects.filter(member__email="elise.moreau@praxis.local", origin="declared").count() == 3
    assert SchemeChoice.objects.filter(member__email="elise.moreau@praxis.local").count() == 2
    # Dr Martin's period is partly met: some requirements met, others missing.
    (status,) = selectors.scheme_statuses(Actor(User.objects.get(email="dr.martin@praxis.local")),
                                          timezone.localdate())
    assert any(p.met for p in status.progress) and not status.met
