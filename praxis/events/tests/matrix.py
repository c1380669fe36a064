"""Permission-matrix rows for every events route (see praxis/testing/matrix.py)."""

from datetime import timedelta
from types import SimpleNamespace
from typing import Any

from django.core.files.base import ContentFile

from praxis.events.models import CalendarFeed, Event, Material, WhitePaper
from praxis.testing.matrix import LOGIN, Route, everyone, members_only, moderators_only

from .factories import make_event, make_piece, make_registration, make_white_paper

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ORGANISERS = {"institution_admin", "moderator", "platform_admin"}


def organisers_only(ok: int = 200, others: int = 403) -> dict[str, int]:
    return {"anonymous": LOGIN, **dict.fromkeys(ORGANISERS, ok), "*": others}


def setup(world: SimpleNamespace) -> None:
    p = world.personas
    world.event = make_event(p.institution_admin, institution=p.institution, capacity=20)
    make_registration(world.event, p.verified_gp)
    world.past_event = make_event(p.institution_admin, institution=p.institution, starts_in=timedelta(days=-1))
    world.seminar = make_event(p.institution_admin, institution=p.institution, kind=Event.Kind.SEMINAR,
                               title="Séminaire transfrontalier", starts_in=timedelta(days=-3))
    world.piece = make_piece(world.seminar, p.institution_admin)
    world.piece.document.save("slides.pdf", ContentFile(PDF), save=True)
    world.material = Material(event=world.seminar, title="Diaporama", mime="application/pdf")
    world.material.file.save("support.pdf", ContentFile(PDF), save=True)
    world.paper = make_white_paper(world.seminar, p.institution_admin, status=WhitePaper.Status.PUBLISHED)
    # A draft that cannot be submitted (it names a patient with a birth date): submitting it answers 400.
    world.draft = make_white_paper(world.seminar, p.institution_admin,
                                   introduction="Cas de Mme Dupont née le 12/03/1950.")
    world.submitted = make_white_paper(world.seminar, p.institution_admin, status=WhitePaper.Status.SUBMITTED)
    world.feed = CalendarFeed.objects.create(user=p.verified_gp, token="matrix-feed-token")
    world.revoked_feed = CalendarFeed.objects.create(user=p.outsider, token="matrix-revoked-token",
                                                     revoked_at=world.event.created_at)


def ev(w: SimpleNamespace) -> dict[str, Any]:
    return {"event_id": w.event.pk}


def past(w: SimpleNamespace) -> dict[str, Any]:
    return {"event_id": w.past_event.pk}


def sem(w: SimpleNamespace) -> dict[str, Any]:
    return {"event_id": w.seminar.pk}


# Members flag an event, not those who organise it (its institution's organisers, moderators).
EVENT_FLAGGERS = {"anonymous": LOGIN, **dict.fromkeys(ORGANISERS, 403), "*": 200}

ROUTES = [
    Route("events:flag", EVENT_FLAGGERS, kwargs=lambda w: {"event_id": w.event.pk}),
    Route("events:flag", {**EVENT_FLAGGERS, "*": 400}, method="post", kwargs=lambda w: {"event_id": w.event.pk}),
    Route("events:unpublish", moderators_only(), kwargs=lambda w: {"event_id": w.event.pk}),
    Route("events:unpublish", moderators_only(400), method="post", kwargs=lambda w: {"event_id": w.event.pk}),
    Route("events:agenda", everyone()),
    Route("events:agenda", everyone(), htmx=True),
    Route("events:agenda", everyone(405), method="post"),
    Route("events:mine", members_only()),
    Route("events:mine", members_only(), htmx=True),
    Route("events:institution", everyone(), kwargs=lambda w: {"slug": w.personas.institution.slug}),
    Route("events:create", {"anonymous": LOGIN, "unverified_member": 403, "*": 200}),
    Route("events:create", {"anonymous": LOGIN, "unverified_member": 403, "*": 400}, method="post"),
    Route("events:detail", everyone(), kwargs=ev),
    Route("events:detail", everyone(), kwargs=ev, htmx=True),
    Route("events:edit", organisers_only(), kwargs=ev),
    Route("events:edit", organisers_only(400), kwargs=ev, method="post"),
    Route("events:cancel", organisers_only(400), kwargs=ev, method="post"),
    Route("events:cancel", everyone(405), kwargs=ev),
    # Everyone signs up for a seat; the member already registered is told so.
    Route("events:register", {"anonymous": LOGIN, "verified_gp": 400, "*": 302}, kwargs=ev, method="post"),
    Route("events:unregister", {"anonymous": LOGIN, "verified_gp": 302, "*": 404}, kwargs=ev, method="post"),
    Route("events:ics", everyone(), kwargs=ev),
    Route("events:attendees", organisers_only(), kwargs=ev),
    Route("events:attendees_csv", organisers_only(), kwargs=ev),
    Route("events:attendance_csv", organisers_only(), kwargs=ev),
    Route("events:attendance", organisers_only(302), kwargs=past, method="post"),
    Route("events:attendance", organisers_only(403), kwargs=ev, method="post"),
    Route("events:message", organisers_only(), kwargs=ev),
    Route("events:message", organisers_only(400), kwargs=ev, method="post"),
    Route("events:replay", organisers_only(302), kwargs=past, method="post"),
    Route("events:material_add", organisers_only(400), kwargs=sem, method="post"),
    Route("events:material", members_only(), kwargs=lambda w: {"event_id": w.seminar.pk,
                                                               "material_id": w.material.pk}),
    Route("events:piece_add", organisers_only(), kwargs=sem),
    Route("events:piece_add", organisers_only(400), kwargs=sem, method="post"),
    Route("events:piece_add", {"anonymous": LOGIN, "*": 403}, kwargs=ev),  # not a seminar
    Route("events:piece", members_only(), kwargs=lambda w: {"event_id": w.seminar.pk, "piece_id": w.piece.pk}),
    Route("events:white_paper_new", organisers_only(), kwargs=sem),
    Route("events:white_paper", everyone(), kwargs=lambda w: {"paper_id": w.paper.pk}),
    Route("events:white_paper", {"anonymous": 404, **dict.fromkeys(ORGANISERS, 200), "*": 404},
          kwargs=lambda w: {"paper_id": w.draft.pk}),
    Route("events:white_paper_edit", {"anonymous": LOGIN, **dict.fromkeys(ORGANISERS, 200), "*": 404},
          kwargs=lambda w: {"paper_id": w.draft.pk}),
    Route("events:white_paper_edit", {"anonymous": LOGIN, "*": 403},  # a published version is frozen
          kwargs=lambda w: {"paper_id": w.paper.pk}),
    Route("events:white_paper_submit", {"anonymous": LOGIN, **dict.fromkeys(ORGANISERS, 400), "*": 404},
          kwargs=lambda w: {"paper_id": w.draft.pk}, method="post"),
    Route("events:white_paper_review", {"anonymous": LOGIN, "reviewer": 400, "moderator": 400,
                                        "platform_admin": 400, "institution_admin": 403, "*": 404},
          kwargs=lambda w: {"paper_id": w.submitted.pk}, method="post"),
    Route("events:white_paper_pdf", everyone(), kwargs=lambda w: {"paper_id": w.paper.pk}),
    Route("events:review_queue", {"anonymous": LOGIN, "reviewer": 200, "moderator": 200, "platform_admin": 200,
                                  "*": 403}),
    Route("events:calendar", members_only()),
    Route("events:calendar_renew", members_only(302), method="post"),
    Route("events:calendar_revoke", members_only(302), method="post"),
    Route("events:calendar_revoke", everyone(405)),
    Route("events:feed", everyone(), kwargs={"token": "matrix-feed-token"}),
    Route("events:feed", everyone(410), kwargs={"token": "matrix-revoked-token"}),
    Route("events:feed", everyone(404), kwargs={"token": "no-such-token"}),
]
