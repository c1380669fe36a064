from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from praxis.core.actor import Actor
from praxis.core.models import AuditEntry
from praxis.jobs import rules, services
from praxis.jobs.models import AlertDelivery, JobOffer
from praxis.jobs.regions import region_for
from praxis.jobs.tasks import schedule_alerts, send_alert
from praxis.testing import make_institution, make_institution_member, make_member

from .factories import make_offer, make_saved_search

pytestmark = pytest.mark.django_db


def _data(institution, **overrides):
    data = {"institution": institution, "title": "Kinésithérapeute", "professions": ["physiotherapist"],
            "contract": "permanent", "working_time": "full_time", "postal_code": "5000", "city": "Namur",
            "country": "BE", "description": "Revalidation.", "apply_method": "message",
            "closing_date": timezone.localdate() + timedelta(days=10)}
    data.update(overrides)
    return data


def test_an_institution_admin_publishes_an_offer_with_its_region(personas):
    offer = services.offer_create(actor=Actor(personas.institution_admin), data=_data(personas.institution))
    assert offer.region == "be-wal" and offer.status == JobOffer.Status.OPEN
    assert AuditEntry.objects.filter(action="jobs.offer.published", target_id=str(offer.pk)).exists()


def test_an_unverified_institution_cannot_post(personas):
    unverified = make_institution("Cabinet non vérifié")
    unverified.is_verified = False
    unverified.save()
    make_institution_member(unverified, personas.outsider, "admin")
    with pytest.raises(ValidationError) as error:
        services.offer_create(actor=Actor(personas.outsider), data=_data(unverified))
    assert "institution" in error.value.message_dict


def test_someone_outside_the_institution_cannot_post_for_it(personas):
    with pytest.raises(PermissionDenied):
        services.offer_create(actor=Actor(personas.verified_gp), data=_data(personas.institution))


def test_an_application_link_must_be_https(personas):
    with pytest.raises(ValidationError) as error:
        services.offer_create(actor=Actor(personas.institution_admin), data=_data(
            personas.institution, apply_method="link", apply_url="http://jobs.example.org"))
    assert "apply_url" in error.value.message_dict


def test_a_closing_date_in_the_past_is_refused(personas):
    with pytest.raises(ValidationError):
        services.offer_create(actor=Actor(personas.institution_admin), data=_data(
            personas.institution, closing_date=timezone.localdate() - timedelta(days=1)))


def test_a_description_naming_a_patient_is_refused(personas):
    with pytest.raises(ValidationError):
        services.offer_create(actor=Actor(personas.institution_admin), data=_data(
            personas.institution, description="Remplacer M. Dubois né le 02/02/1950."))


def test_offers_expire_at_their_closing_date(personas):
    past = make_offer(personas.institution, personas.institution_admin,
                      closing_date=timezone.localdate() - timedelta(days=1))
    today = make_offer(personas.institution, personas.institution_admin, closing_date=timezone.localdate())
    anonymous = Actor(None)
    # Hidden at once, before the nightly job flips the status.
    assert list(rules.offers_visible_to(anonymous)) == [today]
    assert services.offers_expire() == 1
    past.refresh_from_db()
    today.refresh_from_db()
    assert past.status == JobOffer.Status.EXPIRED and today.status == JobOffer.Status.OPEN
    assert AuditEntry.objects.filter(action="jobs.offer.expired").count() == 1


def test_a_withdrawn_offer_disappears_for_others_but_not_for_the_institution(personas):
    offer = make_offer(personas.institution, personas.institution_admin)
    services.offer_withdraw(actor=Actor(personas.institution_admin), offer=offer)
    assert not rules.offers_visible_to(Actor(personas.verified_gp)).exists()
    assert rules.offers_visible_to(Actor(personas.institution_staff)).get() == offer


def test_a_candidate_message_reaches_the_institution_people(personas, django_capture_on_commit_callbacks):
    offer = make_offer(personas.institution, personas.institution_admin)
    with django_capture_on_commit_callbacks(execute=True):
        services.message_send(actor=Actor(personas.outsider), offer=offer, body="Je suis disponible en mars.")
    assert sorted(m.to[0] for m in mail.outbox) == sorted([personas.institution_admin.email,
                                                            personas.institution_staff.email])
    assert mail.outbox[0].extra_headers["Reply-To"] == personas.outsider.email


def test_alerts_send_each_new_matching_offer_once(personas, django_capture_on_commit_callbacks):
    saved = make_saved_search(personas.verified_gp, profession="nurse", region="be-wal")
    saved.created_at = timezone.now() - timedelta(days=1)
    saved.save()
    match = make_offer(personas.institution, personas.institution_admin, title="Infirmière à Liège")
    make_offer(personas.institution, personas.institution_admin, title="Kiné", professions=["physiotherapist"])
    make_offer(personas.institution, personas.institution_admin, title="À Bruxelles", region="be-bru")
    with django_capture_on_commit_callbacks(execute=True):
        assert schedule_alerts() == 1
    assert len(mail.outbox) == 1 and "Infirmière à Liège" in mail.outbox[0].body
    send_alert(saved.pk)  # the next day: nothing new
    assert len(mail.outbox) == 1
    make_offer(personas.institution, personas.institution_admin, title="Infirmière de nuit")
    send_alert(saved.pk)
    assert len(mail.outbox) == 2 and "Infirmière de nuit" in mail.outbox[1].body
    assert "Infirmière à Liège" not in mail.outbox[1].body
    assert AlertDelivery.objects.filter(saved_search=saved).count() == 2
    assert match.pk in AlertDelivery.objects.values_list("offer_id", flat=True)


def test_offers_older_than_the_saved_search_are_not_alerted(personas):
    make_offer(personas.institution, personas.institution_admin, published_at=timezone.now() - timedelta(days=3))
    saved = make_saved_search(personas.verified_gp)
    send_alert(saved.pk)
    assert mail.outbox == []


@pytest.mark.parametrize(("country", "code", "region"), [
    ("BE", "1000", "be-bru"), ("BE", "1348", "be-wal"), ("BE", "4000", "be-wal"), ("BE", "9000", "be-vlg"),
    ("BE", "1500", "be-vlg"), ("FR", "59000", "fr-hdf"), ("FR", "75011", "fr-idf"), ("FR", "20000", "fr-cor"),
    ("CH", "1200", "ch-rom"), ("CH", "8000", "ch-other"), ("LU", "L-1111", "lu"), ("BE", "", ""),
])
def test_regions_come_from_the_postal_code(country, code, region):
    assert region_for(country, code) == region


def test_saving_more_than_twenty_searches_is_refused(personas):
    me = Actor(personas.verified_gp)
    for i in range(20):
        services.search_save(actor=me, name=f"Alerte {i}", filters={})
    with pytest.raises(ValidationError):
        services.search_save(actor=me, name="Une de trop", filters={})


def test_only_the_owner_deletes_a_saved_search(personas):
    saved = make_saved_search(personas.verified_gp)
    with pytest.raises(ValidationError):
        services.search_delete(actor=Actor(make_member()), saved=saved)
    services.search_delete(actor=Actor(personas.verified_gp), saved=saved)
