"""Meetings with the five-phase method: schedule, agenda, roll call on a phone, minutes per phase, decisions and
actions, minutes sent, post-meeting survey, the .ics file. A meeting of a community one is not in is a 404."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from .. import ics, rules, selectors, services
from ..forms import ActionForm, AgendaTemplateForm, MeetingForm, MinutesForm, SurveyForm
from ..models import Community, Meeting
from .membership import _community_or_404, _errors


def _meeting_or_404(request: PraxisRequest, slug: str, meeting_id: int) -> Meeting:
    community = _community_or_404(request, slug)
    meeting = selectors.meeting_for(request.actor, community, meeting_id)
    if meeting is None:
        raise Http404
    return meeting


@require_GET
@login_required
def meetings(request: PraxisRequest, slug: str) -> HttpResponse:
    community = _community_or_404(request, slug)
    rules.check_view_private(request.actor, community)
    return render_page(request, "communities/meetings.html", {
        "community": community, "meetings": selectors.meeting_list(request.actor, community)[:50],
        "can_run": rules.can_run_meetings(request.actor, community)})


@require_http_methods(["GET", "POST"])
@login_required
def meeting_create(request: PraxisRequest, slug: str) -> HttpResponse:
    community = _community_or_404(request, slug)
    rules.check_run_meetings(request.actor, community)
    form = MeetingForm(request.POST if request.method == "POST" else None, community=community)
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_schedule(actor=request.actor, community=community, data=form.cleaned_data,
                                                cases=list(form.cleaned_data["cases"]))
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The meeting is scheduled and the members are invited."))
            return redirect("communities:meeting", slug=community.slug, meeting_id=meeting.pk)
    return render_page(request, "communities/meeting_form.html", {
        "community": community, "form": form, "template": services.agenda_template(community)},
        status=400 if form.errors else 200)


def _add_errors(form: Any, error: ValidationError) -> None:
    """A service's error on the field it names (or on the form)."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, messages_ in error.message_dict.items():
        form.add_error(name if name in form.fields else None, messages_)


def _meeting_context(request: PraxisRequest, meeting: Meeting, action_form: ActionForm | None = None) -> dict[str, Any]:
    community = meeting.community
    attendances = list(meeting.attendances.select_related("user"))
    present_ids = {a.user_id for a in attendances if a.present}
    return {
        "community": community, "meeting": meeting, "can_run": rules.can_run_meetings(request.actor, community),
        "present": [a.user for a in attendances if a.present], "decisions": list(meeting.decisions.all()),
        "actions": list(meeting.actions.select_related("owner")),
        "open_actions": list(selectors.open_actions(community)),
        "phases": [{**phase, "minutes": meeting.minutes.get(phase.get("key"), "")} for phase in meeting.agenda],
        "can_answer_survey": rules.can_answer_survey(request.actor, meeting, present_ids),
        "action_form": action_form or ActionForm(community=community),
        "cases": list(meeting.cases.all()),
    }


@require_GET
@login_required
def meeting_detail(request: PraxisRequest, slug: str, meeting_id: int) -> HttpResponse:
    meeting = _meeting_or_404(request, slug, meeting_id)
    return render_page(request, "communities/meeting.html", _meeting_context(request, meeting))


@require_GET
@login_required
def meeting_ics(request: PraxisRequest, slug: str, meeting_id: int) -> HttpResponse:
    meeting = _meeting_or_404(request, slug, meeting_id)
    response = HttpResponse(ics.meeting_calendar(meeting), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="reunion.ics"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def roll_call(request: PraxisRequest, slug: str, meeting_id: int) -> HttpResponse:
    """The roll call, one large checkbox per member (made for a phone)."""
    meeting = _meeting_or_404(request, slug, meeting_id)
    rules.check_run_meetings(request.actor, meeting.community)
    members = list(selectors.members(meeting.community))
    present_ids = set(meeting.attendances.filter(present=True).values_list("user_id", flat=True))
    status = 200
    if request.method == "POST":
        chosen = {int(v) for v in request.POST.getlist("present") if v.isdigit()}
        try:
            services.attendance_record(actor=request.actor, meeting=meeting, present_ids=chosen)
        except ValidationError as error:
            messages.error(request, _errors(error))
            present_ids, status = chosen, 400
        else:
            messages.success(request, _("Attendance recorded: %(n)s present.") % {"n": len(chosen)})
            return redirect("communities:meeting", slug=slug, meeting_id=meeting.pk)
    return render_page(request, "communities/roll_call.html", {
        "community": meeting.community, "meeting": meeting, "members": members, "present_ids": present_ids},
        status=status)


@require_http_methods(["GET", "POST"])
@login_required
def minutes(request: PraxisRequest, slug: str, meeting_id: int) -> HttpResponse:
    meeting = _meeting_or_404(request, slug, meeting_id)
    rules.check_run_meetings(request.actor, meeting.community)
    initial = {f"minutes_{k}": v for k, v in meeting.minutes.items()}
    initial.update(next_topics=meeting.next_topics, decisions="\n".join(d.text for d in meeting.decisions.all()))
    form = MinutesForm(request.POST if request.method == "POST" else None, initial=initial, phases=meeting.agenda)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.minutes_save(actor=request.actor, meeting=meeting, next_topics=data["next_topics"],
                                  minutes={k.removeprefix("minutes_"): data[k] for k in form.phase_names},
                                  decisions=data["decisions"].splitlines(), confirmed=data["confirmed"])
        except services.PrivacyFindings as error:
            form.privacy_error(error)
        else:
            messages.success(request, _("The minutes are saved."))
            return redirect("communities:meeting", slug=slug, meeting_id=meeting.pk)
    return render_page(request, "communities/minutes.html", {"community": meeting.community, "meeting": meeting,
                                                             "form": form}, status=400 if form.errors else 200)


@require_POST
@login_required
def action_add(request: PraxisRequest, slug: str, meeting_id: int) -> HttpResponse:
    meeting = _meeting_or_404(request, slug, meeting_id)
    rules.check_run_meetings(request.actor, meeting.community)
    form = ActionForm(request.POST, community=meeting.community)
    if form.is_valid():
        try:
            services.action_add(actor=request.actor, meeting=meeting, text=form.cleaned_data["text"],
                                owner_id=form.cleaned_data["owner"], due_on=form.cleaned_data["due_on"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The action is recorded."))
            return redirect(reverse("communities:meeting", args=[slug, meeting.pk]) + "#actions")
    return render_page(request, "communities/meeting.html", _meeting_context(request, meeting, form), status=400)


@require_POST
@login_required
def action_done(request: PraxisRequest, slug: str, action_id: int) -> HttpResponse:
    community: Community = _community_or_404(request, slug)
    action = selectors.action_in(community, action_id)
    if action is None:
        raise Http404
    rules.check_complete_action(request.actor, action)
    try:
        services.action_done(actor=request.actor, action=action)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("Action done: %(text)s") % {"text": action.text})
    if action.meeting_id:
        return redirect("communities:meeting", slug=slug, meeting_id=action.meeting_id)
    return redirect("communities:home", slug=slug)


@require_POST
@login_required
def minutes_send(request: PraxisRequest, slug: str, meeting_id: int) -> HttpResponse:
    meeting = _meeting_or_404(request, slug, meeting_id)
    rules.check_run_meetings(request.actor, meeting.community)
    try:
        services.minutes_send(actor=request.actor, meeting=meeting)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return render_page(request, "communities/meeting.html", _meeting_context(request, meeting), status=400)
    messages.success(request, _("The minutes are sent to the members."))
    return redirect("communities:meeting", slug=slug, meeting_id=meeting.pk)


@require_http_methods(["GET", "POST"])
@login_required
def survey(request: PraxisRequest, slug: str, meeting_id: int) -> HttpResponse:
    meeting = _meeting_or_404(request, slug, meeting_id)
    rules.check_answer_survey(request.actor, meeting)
    form = SurveyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.survey_answer(actor=request.actor, meeting=meeting, usefulness=form.cleaned_data["usefulness"],
                                   will_apply=form.cleaned_data["will_apply"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("Thank you for your answer."))
            return redirect("communities:meeting", slug=slug, meeting_id=meeting.pk)
    return render_page(request, "communities/survey.html", {"community": meeting.community, "meeting": meeting,
                                                            "form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def agenda_template(request: PraxisRequest, slug: str) -> HttpResponse:
    community = _community_or_404(request, slug)
    rules.check_run_meetings(request.actor, community)
    form = AgendaTemplateForm(request.POST if request.method == "POST" else None,
                              phases=services.agenda_template(community))
    if request.method == "POST" and form.is_valid():
        try:
            services.agenda_template_update(actor=request.actor, community=community, phases=form.phases())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, _("The agenda template is saved: the next meetings use it."))
            return redirect("communities:meetings", slug=slug)
    return render_page(request, "communities/agenda_template.html", {"community": community, "form": form},
                       status=400 if form.errors else 200)
