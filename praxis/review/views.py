from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praxis.content.models import Content
from praxis.content.selectors import visible_content_or_404
from praxis.core.forms import add_service_errors
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from . import rules, selectors, services
from .forms import DecisionForm, DismissFlagForm, FlagForm, StaffRolesForm, StaffSearchForm, UnpublishForm
from .links import content_url
from .models import Submission


def _content_or_404(request: PraxisRequest, content_id: int) -> Content:
    return visible_content_or_404(request.actor, content_id, page=True)


def _submission_or_404(request: PraxisRequest, submission_id: int) -> Submission:
    submission = selectors.submission_for(request.actor, submission_id)
    if submission is None:
        raise Http404
    return submission


@require_GET
@login_required
def queue(request: PraxisRequest) -> HttpResponse:
    rules.check_view_queue(request.actor)
    submissions = list(selectors.reviewer_queue(request.actor)[:200])
    context = {
        "submissions": submissions,
        "has_themes": bool(rules.reviewer_theme_ids(request.actor)),
    }
    return render_page(request, "review/queue.html", context, partial="rows")


@require_http_methods(["GET", "POST"])
@login_required
def submission_detail(request: PraxisRequest, submission_id: int) -> HttpResponse:
    submission = _submission_or_404(request, submission_id)
    form = None
    status = 200
    if rules.can_decide(request.actor, submission) or request.method == "POST":
        rules.check_decide(request.actor, submission)
        form = DecisionForm(request.POST if request.method == "POST" else None, content=submission.content)
    if request.method == "POST" and form is not None and form.is_valid():
        decision, comments = form.cleaned_data["decision"], form.cleaned_data["comments"]
        service = {
            Submission.Decision.APPROVED: services.submission_approve,
            Submission.Decision.CHANGES_REQUESTED: services.submission_request_changes,
            Submission.Decision.REJECTED: services.submission_reject,
        }[decision]
        try:
            service(actor=request.actor, submission=submission, checklist=form.checklist(), comments=comments)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, {
                Submission.Decision.APPROVED: _("The content is published. The author has been told."),
                Submission.Decision.CHANGES_REQUESTED: _("Your comments have been sent to the author."),
                Submission.Decision.REJECTED: _("The content was rejected. The author has been told why."),
            }[decision])
            return redirect("review:queue")
    if form is not None and form.errors:
        status = 400
    content = submission.content
    context = {
        "submission": submission,
        "content": content,
        "form": form,
        "can_claim": rules.can_claim(request.actor, submission),
        "can_decide": rules.can_decide(request.actor, submission),
        "history": selectors.visible_history(request.actor, content, 50),
        "content_url": content_url(content),
        "original_url": content_url(content.revision_of) if content.revision_of_id else "",
    }
    return render_page(request, "review/submission.html", context, partial="decision", status=status)


@require_POST
@login_required
def claim(request: PraxisRequest, submission_id: int) -> HttpResponse:
    submission = _submission_or_404(request, submission_id)
    rules.check_claim(request.actor, submission)
    services.submission_claim(actor=request.actor, submission=submission)
    messages.success(request, _("The review is yours. Go through the checklist, then decide."))
    return redirect("review:submission", submission_id=submission.pk)


@require_POST
@login_required
def release(request: PraxisRequest, submission_id: int) -> HttpResponse:
    submission = _submission_or_404(request, submission_id)
    rules.check_decide(request.actor, submission)
    services.submission_release(actor=request.actor, submission=submission)
    messages.success(request, _("The submission is back in the queue for another reviewer."))
    return redirect("review:queue")


@require_http_methods(["GET", "POST"])
@login_required
def submit(request: PraxisRequest, content_id: int) -> HttpResponse:
    content = _content_or_404(request, content_id)
    rules.check_submit(request.actor, content)
    errors: list[str] = []
    if request.method == "POST":
        try:
            services.submission_submit(actor=request.actor, content=content)
        except ValidationError as error:
            errors = [str(message) for message in error.messages]
        else:
            messages.success(request, _("Thank you. A reviewer of its themes will look at it."))
            return redirect(content_url(content))
    context = {"content": content, "errors": errors, "content_url": content_url(content)}
    return render_page(request, "review/submit.html", context, partial="form", status=400 if errors else 200)


@require_GET
@login_required
def history(request: PraxisRequest, content_id: int) -> HttpResponse:
    # Competent reviewers keep reading the history of a piece sent back, which they no longer see otherwise.
    content = visible_content_or_404(request.actor, content_id, page=True, check=rules.can_view_history)
    context = {
        "content": content,
        "history": selectors.visible_history(request.actor, content, 200),
        "decision": selectors.last_decision(content),
        "content_url": content_url(content),
    }
    return render_page(request, "review/history.html", context, partial="entries")


@require_http_methods(["GET", "POST"])
@login_required
def flag(request: PraxisRequest, content_id: int) -> HttpResponse:
    content = _content_or_404(request, content_id)
    rules.check_flag(request.actor, content)
    form = FlagForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.flag_create(actor=request.actor, content=content, reason=form.cleaned_data["reason"],
                                 text=form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you. A moderator will look at your report."))
            return redirect(content_url(content))
    return render_page(request, "review/flag.html", {"content": content, "form": form,
                                                     "content_url": content_url(content)},
                       partial="form", status=400 if form.errors else 200)


@require_GET
@login_required
def moderation(request: PraxisRequest) -> HttpResponse:
    rules.check_moderate(request.actor)
    flags = list(selectors.moderation_queue(request.actor)[:200])
    for item in flags:
        item.content_url = content_url(item.content) if item.content_id else ""
        item.shown = selectors.shown_target(item)
    return render_page(request, "review/moderation.html", {"flags": flags}, partial="rows")


@require_POST
@login_required
def flag_dismiss(request: PraxisRequest, flag_id: int) -> HttpResponse:
    item = selectors.flag_for_moderation(request.actor, flag_id)
    if item is None:
        raise Http404
    rules.check_dismiss_flag(request.actor, item)
    form = DismissFlagForm(request.POST)
    if form.is_valid():
        services.flag_dismiss(actor=request.actor, flag=item, note=form.cleaned_data["note"])
        messages.success(request, _("The report was dismissed."))
    return redirect("review:moderation")


@require_http_methods(["GET", "POST"])
@login_required
def unpublish(request: PraxisRequest, content_id: int) -> HttpResponse:
    content = _content_or_404(request, content_id)
    rules.check_unpublish(request.actor, content)
    form = UnpublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.content_unpublish(actor=request.actor, content=content, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The content is offline. The author received the reason."))
            return redirect("review:moderation")
    flags = selectors.open_flags_of(content)
    return render_page(request, "review/unpublish.html",
                       {"content": content, "form": form, "flags": flags, "content_url": content_url(content)},
                       partial="form", status=400 if form.errors else 200)


# --- the desk of reviewers and moderators ------------------------------------------------------------------------
@require_GET
@login_required
def staff(request: PraxisRequest) -> HttpResponse:
    """Reviewers and moderators, and a search to appoint a member (platform admins)."""
    rules.check_manage_staff(request.actor)
    search = StaffSearchForm(request.GET)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    context = {
        "members": list(selectors.staff_members(request.actor)[:300]),
        "search": search,
        "query": query,
        "candidates": selectors.staff_candidates(request.actor, query),
    }
    return render_page(request, "review/staff.html", context, partial="results")


@require_http_methods(["GET", "POST"])
@login_required
def staff_member(request: PraxisRequest, member_id: int) -> HttpResponse:
    member = selectors.staff_member_for(request.actor, member_id)
    if member is None:
        rules.check_manage_staff(request.actor)
        raise Http404
    rules.check_change_roles(request.actor, member)
    themes = selectors.review_themes()
    roles = selectors.staff_roles(member)
    initial = {"is_reviewer": roles["reviewer"], "is_moderator": roles["moderator"],
               "themes": [competence.theme for competence in member.review_themes.all()]}
    form = StaffRolesForm(request.POST if request.method == "POST" else None, initial=initial, themes=themes)
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.staff_set_roles(
                actor=request.actor, member=member, reviewer=form.cleaned_data["is_reviewer"],
                moderator=form.cleaned_data["is_moderator"], themes=list(form.cleaned_data["themes"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Roles of %(name)s saved.") % {"name": member})
            if changed.gained:
                messages.info(request, _("Their open sessions were ended: at their next sign-in they must use "
                                         "(or first set up) a second factor."))
            return redirect("review:staff")
    return render_page(request, "review/staff_member.html", {"member": member, "form": form},
                       partial="form", status=400 if form.errors else 200)
