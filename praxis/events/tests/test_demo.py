"""The demo agenda: a sponsored webinar with its declaration, every event declared, and an event and a job offer
flagged into the moderation queue, once however often the demo is seeded."""

from allauth.mfa.models import Authenticator
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from praxis.accounts import demo as accounts_demo
from praxis.accounts.models import User
from praxis.events import demo
from praxis.events.models import Event, SeminarPiece, WhitePaper
from praxis.jobs import demo as jobs_demo
from praxis.jobs.models import JobOffer
from praxis.review.models import Flag
from praxis.testing import make_totp


def test_the_demo_agenda_is_declared_and_feeds_the_moderation_queue(db) -> None:
    accounts_demo.seed()
    demo.seed()
    jobs_demo.seed()
    assert not [event.title for event in Event.objects.all() if not event.is_declared]
    assert all(piece.is_declared for piece in SeminarPiece.objects.all())
    assert all(paper.is_declared for paper in WhitePaper.objects.all())
    sponsored = Event.objects.get(sponsors=demo.SPONSORS)
    assert sponsored.coi_statement == demo.SPONSORSHIP and not sponsored.coi_none
    flagged_event = Event.objects.get(title=demo.FLAGGED_EVENT)
    event_flags = Flag.objects.filter(target_type=ContentType.objects.get_for_model(Event), target_id=flagged_event.pk)
    offer_flags = Flag.objects.filter(target_type=ContentType.objects.get_for_model(JobOffer))
    assert event_flags.get().status == Flag.Status.OPEN and offer_flags.get().status == Flag.Status.OPEN

    demo.seed()
    jobs_demo.seed()
    assert event_flags.count() == 1 and offer_flags.count() == 1

    moderator = Client()
    member = User.objects.get(email="moderation@praxis.local")
    if not Authenticator.objects.filter(user=member).exists():
        make_totp(member)  # the second factor privileged roles need
    moderator.force_login(member)
    queue = moderator.get(reverse("review:moderation")).content.decode()
    assert demo.FLAGGED_EVENT in queue and "Kinésithérapeute — revalidation locomotrice" in queue
    page = Client().get(reverse("events:detail", kwargs={"event_id": sponsored.pk})).content.decode()
    assert demo.SPONSORS in page and "bourse éducative" in page
