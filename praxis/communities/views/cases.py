"""Pages of a community's private life: organisational cases (to their outcome) and discussions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from .. import rules, selectors, services, shaping
from ..forms import CaseForm, CommentForm, FollowupForm, OutcomeForm, RecommendationForm, ReplyForm, ThreadForm
from ..models import Case, Community
from .membership import _community_or_404, _errors


def _member_community(request: PraxisRequest, slug: str) -> Community:
    community = _community_or_404(request, slug)
    rules.check_view_private(request.actor, community)
    return community


def _case_or_404(request: PraxisRequest, community: Community, case_id: int) -> Case:
    case = selectors.case_for(request.actor, community, case_id)
    if case is None:
        raise Http404
    return case


@require_GET
@login_required
def cases(request: PraxisRequest, slug: str) -> HttpResponse:
    community = _member_community(request, slug)
    return render_page(request, "communities/cases.html", {
        "community": community, "cases": selectors.case_list(request.actor, community)}, partial="cases")


@require_http_methods(["GET", "POST"])
@login_required
def case_create(request: PraxisRequest, slug: str) -> HttpResponse:
    community = _community_or_404(request, slug)
    rules.check_contribute(request.actor, community)
    form = CaseForm(request.POST if request.method == "POST" else None, shape=community.case_template)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.case_create(actor=request.actor, community=community, data=form.cleaned_data,
                                        themes=form.cleaned_data["themes"],
                                        confirmed=form.cleaned_data["confirmed"])
        except services.PrivacyFindings as error:
            form.privacy_error(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The case is shared with the community."))
            return redirect("communities:case", slug=community.slug, case_id=case.pk)
    return render_page(request, "communities/case_form.html", {"community": community, "form": form},
                       status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def case_edit(request: PraxisRequest, slug: str, case_id: int) -> HttpResponse:
    community = _community_or_404(request, slug)
    case = _case_or_404(request, community, case_id)
    rules.check_edit_case(request.actor, case)
    form = CaseForm(request.POST if request.method == "POST" else None, initial=CaseForm.initial_for(case),
                    shape=community.case_template)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(actor=request.actor, case=case, data=form.cleaned_data,
                                 themes=form.cleaned_data["themes"], confirmed=form.cleaned_data["confirmed"])
        except services.PrivacyFindings as error:
            form.privacy_error(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The case is saved."))
            return redirect("communities:case", slug=community.slug, case_id=case.pk)
    return render_page(request, "communities/case_form.html", {"community": community, "form": form, "case": case},
                       status=400 if form.errors else 200)


def _case_context(request: PraxisRequest, case: Case, **forms: Any) -> dict[str, Any]:
    comments = list(case.comments.select_related("author"))
    recommendations = list(case.recommendations.select_related("recorded_by"))
    outcomes = list(case.outcomes.select_related("author"))
    actor = request.actor
    return {
        "community": case.community, "case": case, "comments": comments, "recommendations": recommendations,
        "outcomes": outcomes, "path": selectors.case_path(case, comments, recommendations, outcomes),
        "can_edit": rules.can_edit_case(actor, case), "can_guide": rules.can_guide_case(actor, case),
        "can_answer": rules.can_answer_followup(actor, case),
        "can_publish": rules.can_propose_publication(actor, case),
        "comment_form": forms.get("comment_form") or CommentForm(),
        "recommendation_form": forms.get("recommendation_form") or RecommendationForm(),
        "followup_form": forms.get("followup_form") or FollowupForm(initial={"due_on": case.followup_due_on}),
        "themes": list(case.themes.all()),
        # The parts as the community's case template words them (the form's labels otherwise).
        "parts": [(field.label, getattr(case, name)) for name, field in
                  CaseForm(shape=case.community.case_template).fields.items()
                  if name in shaping.CASE_PARTS and (getattr(case, name) or name in ("context", "problem"))],
    }


@require_GET
@login_required
def case_detail(request: PraxisRequest, slug: str, case_id: int) -> HttpResponse:
    community = _community_or_404(request, slug)
    case = _case_or_404(request, community, case_id)
    return render_page(request, "communities/case.html", _case_context(request, case))


@require_POST
@login_required
def case_comment(request: PraxisRequest, slug: str, case_id: int) -> HttpResponse:
    community = _community_or_404(request, slug)
    case = _case_or_404(request, community, case_id)
    rules.check_contribute(request.actor, community)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.case_comment(actor=request.actor, case=case, text=form.cleaned_data["text"],
                                  confirmed=form.cleaned_data["confirmed"])
        except services.PrivacyFindings as error:
            form.privacy_error(error)
        else:
            if getattr(request, "htmx", False):
                return render_page(request, "communities/case.html", _case_context(request, case),
                                   partial="comments")
            return redirect(reverse("communities:case", args=[community.slug, case.pk]) + "#comments")
    return render_page(request, "communities/case.html", _case_context(request, case, comment_form=form),
                       partial="comments", status=400)


@require_POST
@login_required
def case_recommend(request: PraxisRequest, slug: str, case_id: int) -> HttpResponse:
    community = _community_or_404(request, slug)
    case = _case_or_404(request, community, case_id)
    rules.check_guide_case(request.actor, case)
    form = RecommendationForm(request.POST)
    if form.is_valid():
        try:
            services.recommendation_record(actor=request.actor, case=case, text=form.cleaned_data["text"],
                                           confirmed=form.cleaned_data["confirmed"])
        except services.PrivacyFindings as error:
            form.privacy_error(error)
        else:
            messages.success(request, _("The recommendation is recorded on the case."))
            return redirect("communities:case", slug=community.slug, case_id=case.pk)
    return render_page(request, "communities/case.html", _case_context(request, case, recommendation_form=form),
                       status=400)


@require_POST
@login_required
def case_document(request: PraxisRequest, slug: str, case_id: int) -> HttpResponse:
    community = _community_or_404(request, slug)
    case = _case_or_404(request, community, case_id)
    rules.check_guide_case(request.actor, case)
    try:
        services.case_document(actor=request.actor, case=case)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("The case is marked documented."))
    return redirect("communities:case", slug=community.slug, case_id=case.pk)


@require_POST
@login_required
def case_followup(request: PraxisRequest, slug: str, case_id: int) -> HttpResponse:
    community = _community_or_404(request, slug)
    case = _case_or_404(request, community, case_id)
    rules.check_guide_case(request.actor, case)
    form = FollowupForm(request.POST)
    if form.is_valid():
        try:
            services.case_followup_schedule(actor=request.actor, case=case, due_on=form.cleaned_data["due_on"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The presenter will be asked for an update on %(date)s.") % {
                "date": date_format(form.cleaned_data["due_on"], "DATE_FORMAT")})
            return redirect("communities:case", slug=community.slug, case_id=case.pk)
    return render_page(request, "communities/case.html", _case_context(request, case, followup_form=form),
                       status=400)


@require_http_methods(["GET", "POST"])
@login_required
def case_outcome(request: PraxisRequest, slug: str, case_id: int) -> HttpResponse:
    """The presenter's follow-up: what was applied, what changed (fixed answers and free text)."""
    community = _community_or_404(request, slug)
    case = _case_or_404(request, community, case_id)
    rules.check_answer_followup(request.actor, case)
    form = OutcomeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.outcome_record(actor=request.actor, case=case, data=form.cleaned_data,
                                    confirmed=form.cleaned_data["confirmed"])
        except services.PrivacyFindings as error:
            form.privacy_error(error)
        else:
            messages.success(request, _("Thank you: the group sees what became of the case."))
            return redirect("communities:case", slug=community.slug, case_id=case.pk)
    return render_page(request, "communities/case_outcome.html", {
        "community": community, "case": case, "form": form,
        "recommendations": list(case.recommendations.all())}, status=400 if form.errors else 200)


@require_POST
@login_required
def case_publish(request: PraxisRequest, slug: str, case_id: int) -> HttpResponse:
    community = _community_or_404(request, slug)
    case = _case_or_404(request, community, case_id)
    rules.check_propose_publication(request.actor, case)
    try:
        services.case_propose_publication(actor=request.actor, case=case)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return render_page(request, "communities/case.html", _case_context(request, case), status=400)
    messages.success(request, _("The case is submitted to the reviewers for publication on Praxis."))
    return redirect("communities:case", slug=community.slug, case_id=case.pk)


# --- discussions --------------------------------------------------------------------------------------------------
@require_GET
@login_required
def threads(request: PraxisRequest, slug: str) -> HttpResponse:
    community = _member_community(request, slug)
    return render_page(request, "communities/threads.html", {
        "community": community, "threads": selectors.thread_list(request.actor, community)[:50]})


@require_http_methods(["GET", "POST"])
@login_required
def thread_create(request: PraxisRequest, slug: str) -> HttpResponse:
    community = _member_community(request, slug)
    rules.check_contribute(request.actor, community)
    form = ThreadForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            thread = services.thread_create(actor=request.actor, community=community,
                                            title=form.cleaned_data["title"], body=form.cleaned_data["body"],
                                            confirmed=form.cleaned_data["confirmed"])
        except services.PrivacyFindings as error:
            form.privacy_error(error)
        else:
            return redirect("communities:thread", slug=community.slug, thread_id=thread.pk)
    return render_page(request, "communities/thread_form.html", {"community": community, "form": form},
                       status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def thread_detail(request: PraxisRequest, slug: str, thread_id: int) -> HttpResponse:
    """A discussion and its replies; POST adds a reply."""
    community = _community_or_404(request, slug)
    thread = selectors.thread_for(request.actor, community, thread_id)
    if thread is None:
        raise Http404
    form = ReplyForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        rules.check_contribute(request.actor, community)
        if form.is_valid():
            try:
                services.reply_create(actor=request.actor, thread=thread, body=form.cleaned_data["body"],
                                      confirmed=form.cleaned_data["confirmed"])
            except services.PrivacyFindings as error:
                form.privacy_error(error)
            else:
                if not getattr(request, "htmx", False):
                    return redirect(reverse("communities:thread", args=[community.slug, thread.pk]) + "#replies")
                form = ReplyForm()
    return render_page(request, "communities/thread.html", {
        "community": community, "thread": thread, "form": form,
        "replies": thread.replies.select_related("author")}, partial="replies", status=400 if form.errors else 200)
