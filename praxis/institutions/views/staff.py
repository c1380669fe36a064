from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praxis.core import audit
from praxis.core.actor import Actor
from praxis.core.audit import Action
from praxis.core.forms import add_service_errors
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from .. import rules, selectors, services
from ..forms import (
    InvitationForm,
    RoleForm,
)
from ..models import Institution, InstitutionMembership, Invitation
from .common import institution_or_404


def _members_context(
    institution: Institution, actor: Actor, invite_form: InvitationForm | None = None
) -> dict[str, Any]:
    return {
        "institution": institution,
        "memberships": selectors.institution_members(institution),
        "invitations": selectors.pending_invitations(institution),
        "can_manage": rules.can_manage_members(actor, institution),
        "can_leave": rules.can_leave_institution(actor, institution),
        "invite_form": invite_form or InvitationForm(),
        "roles": InstitutionMembership.Role.choices,
    }


@require_GET
@login_required
def members(request: PraxisRequest, slug: str) -> HttpResponse:
    institution = institution_or_404(request, slug)
    rules.check_view_members(request.actor, institution)
    audit.log(request.actor, Action.INSTITUTIONS_STAFF_READ, institution)
    return render_page(request, "institutions/members.html", _members_context(institution, request.actor),
                       partial="staff")


@require_POST
@login_required
def invite(request: PraxisRequest, slug: str) -> HttpResponse:
    institution = institution_or_404(request, slug)
    rules.check_manage_members(request.actor, institution)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_send(actor=request.actor, institution=institution,
                                                  email=form.cleaned_data["email"], role=form.cleaned_data["role"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            if getattr(request, "htmx", False):
                return render_page(request, "institutions/members.html",
                                   _members_context(institution, request.actor), partial="staff")
            return redirect("institutions:members", slug=institution.slug)
    return render_page(request, "institutions/members.html", _members_context(institution, request.actor, form),
                       partial="staff", status=400)


def _membership_or_404(institution: Institution, membership_id: int) -> InstitutionMembership:
    return get_object_or_404(selectors.memberships_of_institution(institution), pk=membership_id)


@require_POST
@login_required
def member_role(request: PraxisRequest, slug: str, membership_id: int) -> HttpResponse:
    institution = institution_or_404(request, slug)
    rules.check_manage_members(request.actor, institution)
    membership = _membership_or_404(institution, membership_id)
    form = RoleForm(request.POST)
    status = 200
    if form.is_valid():
        try:
            services.membership_change_role(actor=request.actor, membership=membership, role=form.cleaned_data["role"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            status = 400
        else:
            messages.success(request, _("%(name)s is now %(role)s.") % {
                "name": membership.user.get_full_name(), "role": membership.get_role_display()})
    else:
        messages.error(request, _("Choose a role from the list."))
        status = 400
    if getattr(request, "htmx", False) or status == 400:
        return render_page(request, "institutions/members.html", _members_context(institution, request.actor),
                           partial="staff", status=status)
    return redirect("institutions:members", slug=institution.slug)


@require_POST
@login_required
def member_remove(request: PraxisRequest, slug: str, membership_id: int) -> HttpResponse:
    institution = institution_or_404(request, slug)
    rules.check_manage_members(request.actor, institution)
    membership = _membership_or_404(institution, membership_id)
    try:
        services.membership_remove(actor=request.actor, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return render_page(request, "institutions/members.html", _members_context(institution, request.actor),
                           partial="staff", status=400)
    messages.success(request, _("%(name)s no longer belongs to the staff.") % {"name": membership.user.get_full_name()})
    return redirect("institutions:members", slug=institution.slug)


@require_POST
@login_required
def leave(request: PraxisRequest, slug: str) -> HttpResponse:
    institution = institution_or_404(request, slug)
    rules.check_leave_institution(request.actor, institution)
    membership = get_object_or_404(selectors.memberships_of_institution(institution), user=request.user)
    try:
        services.membership_remove(actor=request.actor, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("institutions:members", slug=institution.slug)
    messages.success(request, _("You left %(name)s.") % {"name": institution.name})
    return redirect("institutions:mine")


@require_POST
@login_required
def invitation_revoke(request: PraxisRequest, slug: str, invitation_id: int) -> HttpResponse:
    institution = institution_or_404(request, slug)
    rules.check_manage_members(request.actor, institution)
    invitation = get_object_or_404(selectors.invitations_of(institution), pk=invitation_id)
    try:
        services.invitation_revoke(actor=request.actor, invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email})
    return redirect("institutions:members", slug=institution.slug)


@require_http_methods(["GET", "POST"])
@login_required
def invitation(request: PraxisRequest, token: str) -> HttpResponse:
    """The page an invitation email links to: accept or decline (for the account with the invited address)."""
    invitation_id = services.invitation_id_from_token(token)
    found = selectors.invitation_by_id(invitation_id) if invitation_id else None
    if found is None:
        raise Http404
    context: dict[str, Any] = {"invitation": found, "token": token}
    if not rules.can_respond_to_invitation(request.actor, found):
        return render_page(request, "institutions/invitation.html", {**context, "wrong_account": True}, status=403)
    if found.status != Invitation.Status.PENDING:
        return render_page(request, "institutions/invitation.html", {**context, "answered": True}, status=410)
    if found.is_expired:
        return render_page(request, "institutions/invitation.html", {**context, "expired": True}, status=410)
    if request.method == "POST":
        decision = request.POST.get("decision")
        try:
            if decision == "accept":
                services.invitation_accept(actor=request.actor, invitation=found)
                messages.success(request, _("Welcome to the staff of %(name)s.") % {"name": found.institution.name})
                return redirect("institutions:detail", slug=found.institution.slug)
            if decision == "decline":
                services.invitation_decline(actor=request.actor, invitation=found)
                messages.info(request, _("You declined the invitation of %(name)s.") % {"name": found.institution.name})
                return redirect("institutions:mine")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        return render_page(request, "institutions/invitation.html", context, status=400)
    already = selectors.is_on_staff(found.institution, user=request.user)
    return render_page(request, "institutions/invitation.html", {**context, "already_member": already})
