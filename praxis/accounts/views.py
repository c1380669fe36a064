import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from praxis.core import audit
from praxis.core.forms import add_service_errors
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest
from praxis.core.serving import serve_file

from . import rules, selectors, services
from .forms import DeleteAccountForm, ProfileForm, ProofUploadForm, VerificationDecisionForm
from .models import VerificationStatus


@require_POST
def set_language(request: PraxisRequest) -> HttpResponse:
    """Django's language switch, remembered on the member so that emails use the same language."""
    response = django_set_language(request)
    if request.user.is_authenticated:
        services.member_set_language(member=request.user, language=request.POST.get("language", ""))
    return response


@require_GET
@login_required
def profile(request: PraxisRequest) -> HttpResponse:
    return render_page(request, "accounts/profile.html", {"member": request.user})


@require_http_methods(["GET", "POST"])
@login_required
def profile_edit(request: PraxisRequest) -> HttpResponse:
    member = request.user
    rules.check_edit_profile(request.actor, member)
    form = ProfileForm(request.POST if request.method == "POST" else None, instance=member)
    if request.method == "POST" and form.is_valid():
        was_verified = member.verification_status == VerificationStatus.VERIFIED
        member = services.member_update_profile(
            actor=request.actor, member=member, data=form.cleaned_data, checked=form.checked_number
        )
        if was_verified and member.verification_status != VerificationStatus.VERIFIED:
            messages.warning(request, _("Your professional number changed: a moderator will verify it again."))
        else:
            messages.success(request, _("Your profile has been saved."))
        return redirect("accounts:profile")
    return render_page(request, "accounts/profile_edit.html", {"form": form}, partial="form",
                       status=400 if form.errors else 200)


@require_GET
@login_required
def settings_page(request: PraxisRequest) -> HttpResponse:
    return render_page(request, "accounts/settings.html", {"member": request.user})


@require_GET
@login_required
def export_data(request: PraxisRequest) -> HttpResponse:
    data = services.member_export(actor=request.actor, member=request.user)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="praxis-{timezone.now():%Y-%m-%d}.json"'
    return response


@require_http_methods(["GET", "POST"])
@login_required
def delete_account(request: PraxisRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        services.member_delete(actor=request.actor, member=request.user)
        logout(request)
        messages.success(request, _("Your account and your personal data have been deleted."))
        return redirect("site:home")
    return render_page(request, "accounts/delete.html", {"form": form}, status=400 if form.errors else 200)


@require_GET
@login_required
def verification_queue(request: PraxisRequest) -> HttpResponse:
    rules.check_view_verification_queue(request.actor)
    status = request.GET.get("status", "awaiting")
    if status not in {"awaiting", *VerificationStatus.values}:
        status = "awaiting"
    members = selectors.verification_queue(request.actor, status=status)[:100]
    return render_page(request, "accounts/verification_queue.html", {"members": members, "status": status},
                       partial="rows")


@require_http_methods(["GET", "POST"])
@login_required
def verification_detail(request: PraxisRequest, member_id: int) -> HttpResponse:
    member = selectors.member_for_verification(request.actor, member_id)
    if member is None:
        raise Http404
    rules.check_verify_member(request.actor, member)
    form = VerificationDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        decision, message = form.cleaned_data["decision"], form.cleaned_data["message"]
        try:
            if decision == form.Decision.APPROVE:
                services.verification_approve(actor=request.actor, member=member)
                messages.success(request, _("%(name)s is now a verified professional.") % {"name": member})
            elif decision == form.Decision.REJECT:
                services.verification_reject(actor=request.actor, member=member, reason=message)
                messages.success(request, _("The registration of %(name)s was rejected.") % {"name": member})
            else:
                services.verification_request_proof(actor=request.actor, member=member, message=message)
                messages.success(request, _("A proof document was requested from %(name)s.") % {"name": member})
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("accounts:verification_queue")
    context = {
        "member": member,
        "form": form,
        "history": audit.history(member)[:50],
        "same_key": selectors.members_sharing_key(member)[:10],
    }
    return render_page(request, "accounts/verification_detail.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def proof_upload(request: PraxisRequest) -> HttpResponse:
    member = request.user
    rules.check_upload_proof(request.actor, member)
    posted = request.method == "POST"
    form = ProofUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.proof_upload(actor=request.actor, member=member, upload=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("Thank you. A moderator will look at your document."))
            return redirect("accounts:profile")
    return render_page(request, "accounts/proof_upload.html", {"form": form, "member": member},
                       status=400 if form.errors else 200)


@require_GET
@login_required
def proof_download(request: PraxisRequest, proof_id: int) -> HttpResponseBase:
    proof = selectors.proof(proof_id)
    if proof is None or not rules.can_view_proof(request.actor, proof):
        raise Http404
    return serve_file(request, proof.file.name, storage=proof.file.storage, content_type=proof.content_type,
                      cache_control="private, no-store")
