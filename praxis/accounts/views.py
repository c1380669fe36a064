from typing import Any
from urllib.parse import urlencode

from allauth.socialaccount.adapter import get_adapter as get_social_adapter
from allauth.socialaccount.models import SocialLogin
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.i18n import set_language as django_set_language

from praxis.core import audit
from praxis.core.audit import Action
from praxis.core.forms import add_service_errors
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest
from praxis.core.serving import serve_file

from . import rules, selectors, services
from .eid.adapter import PENDING_LINK, identity_of
from .eid.claims import identity_of_account
from .eid.provider import EidProvider
from .forms import AccessLogFilterForm, DeleteAccountForm, ProfileForm, ProofUploadForm, VerificationDecisionForm
from .models import User, VerificationStatus
from .privacy_page import privacy_overview


def _member(request: PraxisRequest) -> User:
    """The signed-in member (views behind `login_required`)."""
    assert isinstance(request.user, User)
    return request.user


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
    member = _member(request)
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


@require_http_methods(["GET", "POST"])
@login_required
def export_page(request: PraxisRequest) -> HttpResponse:
    """The archive of one's data: ask for it (a background job builds it), then download it while it is valid."""
    if request.method == "POST":
        services.export_request(actor=request.actor, member=_member(request))
        messages.success(request, _("Your archive is being prepared. We will email you a link when it is ready."))
        return redirect("accounts:export")
    exports = list(selectors.exports_of(_member(request))[:5])
    return render_page(request, "accounts/export.html", {"exports": exports,
                                                         "days": settings.PRIVACY_EXPORT_DAYS}, partial="exports")


@require_GET
@login_required
def export_download(request: PraxisRequest, token: str) -> HttpResponseBase:
    export = selectors.available_export(_member(request), token)
    if export is None:  # someone else's link, an expired one or a wrong one: all the same 404
        raise Http404
    audit.log(request.actor, Action.ACCOUNTS_EXPORT_DOWNLOADED, _member(request), {"export": export.pk})
    return serve_file(request, export.file.name, storage=export.file.storage, content_type="application/zip",
                      filename=f"praxis-{export.created_at:%Y-%m-%d}.zip", as_attachment=True,
                      cache_control="private, no-store")


@require_GET
@login_required
def my_accesses(request: PraxisRequest) -> HttpResponse:
    """Who opened my private data (my verification file, my proofs...)."""
    entries = selectors.accesses_to_member(_member(request))[:100]
    return render_page(request, "accounts/my_accesses.html", {"entries": entries})


@require_GET
@login_required
def access_log(request: PraxisRequest) -> HttpResponse:
    """Every read of private data, with filters (moderators and platform admins)."""
    rules.check_view_access_log(request.actor)
    form = AccessLogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    entries = selectors.with_target_names(selectors.access_log(
        action=filters.get("action") or "", actor_email=filters.get("actor") or "", since=filters.get("since"))[:200])
    return render_page(request, "accounts/access_log.html", {"entries": entries, "form": form}, partial="rows")


@require_GET
def privacy(request: PraxisRequest) -> HttpResponse:
    """What Praxis keeps about its members, why, for how long, and what an account's deletion removes."""
    return render_page(request, "accounts/privacy.html", {"apps": privacy_overview()})


@require_http_methods(["GET", "POST"])
@login_required
def delete_account(request: PraxisRequest) -> HttpResponse:
    """Ask for the erasure of one's account: answered at once when something forbids it, otherwise carried out by a
    background job after the member is signed out; the page they land on follows it."""
    member = _member(request)
    pending = selectors.pending_erasure(member)
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=member)
    if request.method == "POST" and form.is_valid():
        try:
            erasure = services.erasure_request(actor=request.actor, member=member)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            logout(request)
            return redirect("accounts:erasure_status", token=erasure.token)
    return render_page(request, "accounts/delete.html", {"form": form, "pending": pending},
                       status=400 if form.errors else 200)


@require_GET
def erasure_status(request: PraxisRequest, token: str) -> HttpResponse:
    """How an erasure request is going; reached by its unguessable link (the member is signed out by then), it names
    nobody."""
    erasure = selectors.erasure_by_token(token)
    if erasure is None:
        raise Http404
    return render_page(request, "accounts/erasure_status.html", {"erasure": erasure}, partial="outcome")


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
    if request.method == "GET":
        audit.log(request.actor, Action.ACCOUNTS_VERIFICATION_FILE_READ, member)
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
    member = _member(request)
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
    if proof.user_id != request.user.pk:
        audit.log(request.actor, Action.ACCOUNTS_PROOF_READ, proof.user, {"proof": proof.pk})
    return serve_file(request, proof.file.name, storage=proof.file.storage, content_type=proof.content_type,
                      cache_control="private, no-store")


# --- national e-IDs: linked identities (praxis/accounts/eid/) ------------------------------------------------------


def _eid_providers(request: PraxisRequest) -> list[Any]:
    """The configured e-ID providers (none unless the environment names them)."""
    return [p for p in get_social_adapter().list_providers(request) if p.id == EidProvider.id]


@require_GET
@login_required
def identities(request: PraxisRequest) -> HttpResponse:
    member = _member(request)
    rules.check_link_identity(request.actor, member)
    providers = {p.app.provider_id: p for p in _eid_providers(request)}
    linked = []
    for account in selectors.identities_of(member):
        provider = providers.get(account.provider)
        linked.append({
            "account": account,
            "name": provider.name if provider else identity_of_account(account).provider_name,
            "can_unlink": rules.can_unlink_identity(request.actor, account),
        })
    linked_ids = {row["account"].provider for row in linked}
    context = {
        "linked": linked,
        "available": [p for pid, p in providers.items() if pid not in linked_ids],
        "has_password": member.has_usable_password(),
    }
    return render_page(request, "accounts/identities.html", context)


@require_POST
@login_required
def identity_unlink(request: PraxisRequest, account_id: int) -> HttpResponse:
    account = selectors.identities_of(_member(request)).filter(pk=account_id).first()
    if account is None:
        raise Http404
    rules.check_unlink_identity(request.actor, account)
    identity = identity_of_account(account)
    services.identity_unlink(actor=request.actor, account=account, identity=identity)
    messages.success(request, _("%(provider)s is no longer linked to your account.")
                     % {"provider": identity.provider_name})
    return redirect("accounts:identities")


@require_http_methods(["GET", "POST"])
def identity_link(request: PraxisRequest) -> HttpResponse:
    """A first e-ID sign-in whose verified address is a member's: that member signs in, then confirms the link."""
    pending = request.session.get(PENDING_LINK)
    if not pending:
        messages.info(request, _("There is no e-ID waiting to be linked."))
        return redirect("accounts:identities" if request.user.is_authenticated else "account_login")
    sociallogin = SocialLogin.deserialize(pending)
    identity = identity_of(sociallogin)
    if identity is None:
        raise Http404
    context: dict[str, Any] = {"identity": identity}
    if not request.user.is_authenticated:
        context["login_url"] = f"{reverse('account_login')}?{urlencode({'next': reverse('accounts:eid_link')})}"
        return render_page(request, "accounts/identity_link.html", context)
    rules.check_link_identity(request.actor, request.user)
    if request.user.email.lower() != identity.email:
        context["other_member"] = True
        return render_page(request, "accounts/identity_link.html", context, status=409)
    if request.method == "POST":
        del request.session[PENDING_LINK]
        if request.POST.get("action") != "link":
            messages.info(request, _("Nothing was linked."))
            return redirect("accounts:identities")
        if selectors.identity_taken(sociallogin.account.provider, sociallogin.account.uid):
            messages.error(request, _("This e-ID is already linked to another account."))
            return redirect("accounts:identities")
        sociallogin.connect(request, request.user)  # allauth's signal records it (services.identity_linked)
        messages.success(request, _("%(provider)s is now linked to your account.")
                         % {"provider": identity.provider_name})
        return redirect("accounts:identities")
    return render_page(request, "accounts/identity_link.html", context)


@require_GET
@login_required
def identities_legacy(request: PraxisRequest) -> HttpResponse:
    """allauth's own connections page: ours applies the rules and writes the audit entries."""
    return redirect("accounts:identities")
