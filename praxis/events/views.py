from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praxis.core.forms import add_service_errors
from praxis.core.htmx import render_page
from praxis.institutions import geo

from . import export, ics, rules, selectors, services
from .forms import (
    AgendaFilterForm,
    CancelEventForm,
    EventForm,
    MaterialForm,
    MessageForm,
    PieceForm,
    RegisterForm,
    ReplayForm,
    ReviewForm,
    WhitePaperForm,
)
from .models import Event, Registration, WhitePaper


def _event_or_404(request: HttpRequest, event_id: int) -> Event:
    event = selectors.event_for(request.actor, event_id)
    if event is None:
        raise Http404
    return event


# --- agenda pages -------------------------------------------------------------------------------------------------

@require_GET
def agenda(request: HttpRequest) -> HttpResponse:
    data = None
    if request.GET:
        data = request.GET.copy()
        data.setdefault("radius", "30")
    form = AgendaFilterForm(data)
    filters = selectors.AgendaFilters()
    place = None
    places: list = []
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.AgendaFilters(
            kind=data["kind"], theme=data["theme"].pk if data["theme"] else None, profession=data["profession"],
            country=data["country"], online=data["online"], radius_km=data["radius"] or 30,
        )
        lookup = geo.resolve_place(data["near"], country=data["country"], member=request.user)
        place, places = lookup.place, lookup.others
        if place:
            filters.near_lat, filters.near_lon = place.lat, place.lon
        if lookup.error:
            form.add_error("near", lookup.error)
    events, next_cursor = [], ""
    if not form.errors:
        events, next_cursor = selectors.agenda_page(
            selectors.upcoming_events(request.actor, filters), request.GET.get("apres", "")
        )
    context = {"form": form, "events": events, "next_cursor": next_cursor, "place": place,
               "other_places": places[:5],
               "can_create": rules.can_create_event(request.actor),
               "white_papers": selectors.published_white_papers(request.actor).order_by("-published_at")[:3]}
    return render_page(request, "events/agenda.html", context, partial="results")


@require_GET
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    context = {"upcoming": selectors.my_registrations(request.actor),
               "past": selectors.my_registrations(request.actor, past=True)[:30]}
    return render_page(request, "events/mine.html", context, partial="rows")


@require_GET
def institution_events(request: HttpRequest, slug: str) -> HttpResponse:
    institution = get_object_or_404(selectors.institutions_with_events(), slug=slug)
    context = {"institution": institution, "events": selectors.events_of_institution(request.actor, institution),
               "past": selectors.events_of_institution(request.actor, institution, past=True)[:20]}
    return render_page(request, "events/institution.html", context, partial="results")


# --- create, edit, cancel -----------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@login_required
def create(request: HttpRequest) -> HttpResponse:
    rules.check_create_event(request.actor)
    institutions = selectors.organiser_choices(request.actor)
    form = EventForm(request.POST if request.method == "POST" else None, institutions=institutions)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        themes = data.pop("themes")
        try:
            event = services.event_create(actor=request.actor, data=data, themes=themes)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your event is published."))
            return redirect("events:detail", event.pk)
    return render_page(request, "events/form.html", {"form": form}, partial="form",
                       status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_or_404(request, event_id)
    rules.check_manage_event(request.actor, event)
    institutions = selectors.organiser_choices(request.actor, keep=event.institution_id)
    form = EventForm(request.POST if request.method == "POST" else None, initial=EventForm.initial_for(event),
                     institutions=institutions)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        themes = data.pop("themes")
        try:
            services.event_update(actor=request.actor, event=event, data=data, themes=themes)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The event has been updated."))
            return redirect("events:detail", event.pk)
    return render_page(request, "events/form.html", {"form": form, "event": event}, partial="form",
                       status=400 if form.errors else 200)


@require_POST
@login_required
def cancel_event(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_or_404(request, event_id)
    rules.check_manage_event(request.actor, event)
    form = CancelEventForm(request.POST)
    if not form.is_valid():
        return _detail(request, event, status=400, cancel_form=form)
    services.event_cancel(actor=request.actor, event=event, reason=form.cleaned_data["reason"])
    messages.success(request, _("The event is cancelled; everyone registered will get an email."))
    return redirect("events:detail", event.pk)


# --- detail and registration --------------------------------------------------------------------------------------

def _detail(request: HttpRequest, event: Event, *, status: int = 200, **extra: object) -> HttpResponse:
    actor = request.actor
    selectors.event_detail_relations(event)
    registration = selectors.registration_of(actor, event)
    manage = rules.can_manage_event(actor, event)
    context = {
        "event": event, "registration": registration,
        "waitlist_position": selectors.waitlist_position(registration)
        if registration and registration.status == Registration.Status.WAITLISTED else None,
        "can_manage": manage,
        "can_register": rules.can_register(actor, event),
        "can_cancel": rules.can_cancel_registration(actor, registration),
        "show_join_link": bool(event.online_url) and rules.can_see_join_link(actor, event, registration),
        "replay_visible": event.replay_id and selectors.visible_capsules(actor).filter(pk=event.replay_id).exists(),
        "white_papers": selectors.white_papers_of(actor, event) if event.kind == Event.Kind.SEMINAR else [],
        "can_edit_seminar": rules.can_edit_seminar(actor, event),
        "is_full": event.capacity is not None and event.confirmed_count >= event.capacity,
        "register_form": RegisterForm(),
        **extra,
    }
    if manage:
        context.setdefault("cancel_form", CancelEventForm())
        context["replay_form"] = ReplayForm(initial={"replay": event.replay_id},
                                            capsules=selectors.visible_capsules(actor).order_by("title"))
        context.setdefault("material_form", MaterialForm())
    return render_page(request, "events/detail.html", context, partial="registration", status=status)


@require_GET
def detail(request: HttpRequest, event_id: int) -> HttpResponse:
    return _detail(request, _event_or_404(request, event_id))


@require_POST
@login_required
def register(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_or_404(request, event_id)
    rules.check_register(request.actor, event)
    form = RegisterForm(request.POST)
    form.is_valid()
    try:
        registration = services.registration_create(
            actor=request.actor, event=event, join_waitlist=form.cleaned_data.get("join_waitlist", False))
    except services.RegistrationFull as error:
        return _detail(request, event, status=409, registration_error=error.messages[0], offer_waitlist=True)
    except ValidationError as error:
        return _detail(request, event, status=400, registration_error=error.messages[0])
    if registration.status == Registration.Status.CONFIRMED:
        messages.success(request, _("You are registered."))
    else:
        messages.success(request, _("You are on the waiting list. We will write to you if a seat frees up."))
    if getattr(request, "htmx", False):
        return _detail(request, _event_or_404(request, event_id))
    return redirect("events:detail", event.pk)


@require_POST
@login_required
def unregister(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_or_404(request, event_id)
    registration = selectors.registration_of(request.actor, event)
    if registration is None:
        raise Http404
    rules.check_cancel_registration(request.actor, registration)
    services.registration_cancel(actor=request.actor, registration=registration)
    messages.success(request, _("Your registration is cancelled."))
    if getattr(request, "htmx", False):
        return _detail(request, _event_or_404(request, event_id))
    return redirect("events:detail", event.pk)


# --- organiser tools ----------------------------------------------------------------------------------------------

@require_GET
@login_required
def attendees(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_or_404(request, event_id)
    rules.check_manage_event(request.actor, event)
    rows = list(selectors.attendees(event))
    context = {"event": event, "rows": rows, "message_form": MessageForm(),
               "can_mark": rules.can_mark_attendance(request.actor, event)}
    return render_page(request, "events/attendees.html", context, partial="rows")


@require_GET
@login_required
def attendees_csv(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_or_404(request, event_id)
    rules.check_manage_event(request.actor, event)
    response = HttpResponse(export.attendees_csv(selectors.attendees(event)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="participants-{event.pk}.csv"'
    return response


@require_POST
@login_required
def attendance(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_or_404(request, event_id)
    rules.check_mark_attendance(request.actor, event)
    present = {int(value) for value in request.POST.getlist("present") if value.isdigit()}
    count = services.attendance_mark(actor=request.actor, event=event, present_ids=present)
    messages.success(request, _("Attendance saved: %(n)s present.") % {"n": count})
    return redirect("events:attendees", event.pk)


@require_http_methods(["GET", "POST"])
@login_required
def message(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_or_404(request, event_id)
    rules.check_manage_event(request.actor, event)
    form = MessageForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.message_send(actor=request.actor, event=event, **form.cleaned_data)
        messages.success(request, _("Your message is on its way."))
        return redirect("events:attendees", event.pk)
    return render_page(request, "events/message.html", {"event": event, "form": form}, partial="form",
                       status=400 if form.errors else 200)


@require_POST
@login_required
def replay(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_or_404(request, event_id)
    rules.check_manage_event(request.actor, event)
    form = ReplayForm(request.POST, capsules=selectors.visible_capsules(request.actor))
    if not form.is_valid():
        return _detail(request, event, status=400, replay_form=form)
    services.replay_link(actor=request.actor, event=event, capsule=form.cleaned_data["replay"])
    messages.success(request, _("The replay is saved."))
    return redirect("events:detail", event.pk)


@require_POST
@login_required
def material_add(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_or_404(request, event_id)
    rules.check_manage_event(request.actor, event)
    form = MaterialForm(request.POST, request.FILES)
    if not form.is_valid():
        return _detail(request, event, status=400, material_form=form)
    services.material_add(actor=request.actor, event=event, title=form.cleaned_data["title"],
                          upload=form.cleaned_data["file"], mime=form.mime, url=form.cleaned_data["url"])
    messages.success(request, _("The material is added."))
    return redirect("events:detail", event.pk)


def _serve(file_field: object, mime: str, filename: str) -> FileResponse:
    if not file_field:
        raise Http404
    return FileResponse(file_field.open("rb"), content_type=mime or "application/octet-stream",  # type: ignore
                        as_attachment=True, filename=filename)


@require_GET
@login_required
def material_download(request: HttpRequest, event_id: int, material_id: int) -> HttpResponse:
    event = _event_or_404(request, event_id)
    material = get_object_or_404(selectors.materials_of(event), pk=material_id)
    return _serve(material.file, material.mime, f"{material.title[:60]}.{material.file.name.rsplit('.', 1)[-1]}")


# --- calendars ----------------------------------------------------------------------------------------------------

def _ics_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@require_GET
def event_ics(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_or_404(request, event_id)
    registration = selectors.registration_of(request.actor, event)
    links = {event.pk} if rules.can_see_join_link(request.actor, event, registration) else set()
    return _ics_response(ics.build_calendar([event], name=event.title, with_join_link=links), f"event-{event.pk}.ics")


@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The personal feed: no session (calendar apps have none); the secret token is the key. Revoked: 410."""
    row = selectors.calendar_feed(token)
    if row is None or not row.user.is_active:
        raise Http404
    if row.revoked_at is not None:
        return HttpResponse(_("This calendar address was revoked."), status=410, content_type="text/plain")
    events = list(selectors.calendar_events(row.user_id))
    data = ics.build_calendar(events, name=_("My Praxis agenda"), with_join_link={e.pk for e in events})
    return _ics_response(data, "praxis.ics")


@require_GET
@login_required
def calendar(request: HttpRequest) -> HttpResponse:
    return render_page(request, "events/calendar.html", {"feed": selectors.active_feed(request.actor)},
                       partial="feed")


@require_POST
@login_required
def calendar_renew(request: HttpRequest) -> HttpResponse:
    services.feed_renew(actor=request.actor)
    messages.success(request, _("Your calendar address is ready. Any previous address no longer works."))
    return redirect("events:calendar")


@require_POST
@login_required
def calendar_revoke(request: HttpRequest) -> HttpResponse:
    services.feed_revoke(actor=request.actor)
    messages.success(request, _("Your calendar address no longer works."))
    return redirect("events:calendar")


# --- seminars and white papers --------------------------------------------------------------------------------------

@require_http_methods(["GET", "POST"])
@login_required
def piece_add(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_or_404(request, event_id)
    rules.check_edit_seminar(request.actor, event)
    form = PieceForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload = data.pop("document")
        try:
            services.piece_add(actor=request.actor, event=event, data=data, upload=upload, mime=form.mime)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Added to the seminar."))
            return redirect("events:detail", event.pk)
    return render_page(request, "events/piece_form.html", {"event": event, "form": form}, partial="form",
                       status=400 if form.errors else 200)


@require_GET
@login_required
def piece_download(request: HttpRequest, event_id: int, piece_id: int) -> HttpResponse:
    event = _event_or_404(request, event_id)
    piece = get_object_or_404(selectors.pieces_of(event), pk=piece_id)
    return _serve(piece.document, piece.document_mime,
                  f"{piece.title[:60]}.{piece.document.name.rsplit('.', 1)[-1] if piece.document else 'bin'}")


@require_http_methods(["GET", "POST"])
@login_required
def white_paper_new(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_or_404(request, event_id)
    rules.check_edit_seminar(request.actor, event)
    form = WhitePaperForm(request.POST if request.method == "POST" else None,
                          initial={"title": _("White paper: %(title)s") % {"title": event.title}})
    if request.method == "POST" and form.is_valid():
        try:
            paper = services.white_paper_assemble(actor=request.actor, event=event, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Version %(v)s assembled. Check it, then submit it for review.")
                             % {"v": paper.version})
            return redirect("events:white_paper", paper.pk)
    return render_page(request, "events/white_paper_form.html", {"event": event, "form": form}, partial="form",
                       status=400 if form.errors else 200)


def _paper_or_404(request: HttpRequest, paper_id: int) -> WhitePaper:
    paper = selectors.white_paper_for(request.actor, paper_id)
    if paper is None:
        raise Http404
    return paper


def _paper_page(request: HttpRequest, paper: WhitePaper, *, status: int = 200, **extra: object) -> HttpResponse:
    context = {
        "paper": paper, "event": paper.event,
        "versions": selectors.published_white_papers(request.actor).filter(event=paper.event).order_by("-version"),
        "can_edit": rules.can_edit_white_paper(request.actor, paper),
        "can_review": rules.can_review_white_paper(request.actor, paper),
        "review_form": ReviewForm(), **extra,
    }
    return render_page(request, "events/white_paper.html", context, partial="pdf", status=status)


@require_GET
def white_paper(request: HttpRequest, paper_id: int) -> HttpResponse:
    return _paper_page(request, _paper_or_404(request, paper_id))


@require_http_methods(["GET", "POST"])
@login_required
def white_paper_edit(request: HttpRequest, paper_id: int) -> HttpResponse:
    paper = _paper_or_404(request, paper_id)
    rules.check_edit_white_paper(request.actor, paper)
    form = WhitePaperForm(request.POST if request.method == "POST" else None,
                          initial={"title": paper.title, "introduction": paper.introduction,
                                   "conclusion": paper.conclusion})
    if request.method == "POST" and form.is_valid():
        services.white_paper_update(actor=request.actor, paper=paper, **form.cleaned_data)
        messages.success(request, _("Saved, with the seminar's current contributions."))
        return redirect("events:white_paper", paper.pk)
    return render_page(request, "events/white_paper_form.html", {"event": paper.event, "paper": paper, "form": form},
                       partial="form", status=400 if form.errors else 200)


@require_POST
@login_required
def white_paper_submit(request: HttpRequest, paper_id: int) -> HttpResponse:
    paper = _paper_or_404(request, paper_id)
    rules.check_edit_white_paper(request.actor, paper)
    try:
        services.white_paper_submit(actor=request.actor, paper=paper)
    except ValidationError as error:
        return _paper_page(request, paper, status=400, submit_errors=error.messages)
    messages.success(request, _("Submitted: a reviewer will read it before publication."))
    return redirect("events:white_paper", paper.pk)


@require_POST
@login_required
def white_paper_review(request: HttpRequest, paper_id: int) -> HttpResponse:
    paper = _paper_or_404(request, paper_id)
    rules.check_review_white_paper(request.actor, paper)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            services.white_paper_decide(actor=request.actor, paper=paper,
                                        publish=form.cleaned_data["decision"] == "publish",
                                        note=form.cleaned_data["note"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your decision is recorded."))
            return redirect("events:white_paper", paper.pk)
    return _paper_page(request, paper, status=400, review_form=form)


@require_GET
def white_paper_pdf(request: HttpRequest, paper_id: int) -> HttpResponse:
    """The cached PDF; while the background task renders it, a page that checks again."""
    paper = _paper_or_404(request, paper_id)
    if paper.status != WhitePaper.Status.PUBLISHED:
        raise Http404
    if paper.pdf:
        return FileResponse(paper.pdf.open("rb"), content_type="application/pdf", as_attachment=False,
                            filename=f"livre-blanc-v{paper.version}.pdf")
    return _paper_page(request, paper, pdf_pending=True)


@require_GET
@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    rules.check_view_review_queue(request.actor)
    papers = [p for p in selectors.white_papers_to_review(request.actor) if rules.can_review_white_paper(
        request.actor, p)]
    return render_page(request, "events/review_queue.html", {"papers": papers}, partial="rows")
