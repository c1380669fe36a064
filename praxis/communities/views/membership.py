from __future__ import annotations

from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praxis.core import audit
from praxis.core.audit import Action
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from .. import rules, selectors, services
from ..forms import (
    CommunityForm,
    InvitationForm,
    JoinRequestForm,
    LeaveForm,
    RoleForm,
)
from ..models import Community, CommunityInvitation, CommunityMembership


def _community_or_404(request: PraxisRequest, slug: str) -> Community:
    community = selectors.community_for(request.actor, slug)
    if community is None:
        raise Http404
    return community


def _errors(error: ValidationError) -> str:
    return " ".join(error.messages)


# --- list, create, edit ---------------------------------------------------------------------------------------------
@require_GET
def community_list(request: PraxisRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
    communities = selectors.community_list(request.actor, query)
    member_ids, facilitated_ids = selectors.list_roles(request.actor)
    return render_page(request, "communities/list.html", {
        "communities": communities, "query": query, "member_ids": member_ids,
        "facilitated_ids": facilitated_ids,
        "can_create": rules.can_create_community(request.actor)}, partial="results")


@require_http_methods(["GET", "POST"])
@login_required
def community_create(request: PraxisRequest) -> HttpResponse:
    rules.check_create_community(request.actor)
    form = CommunityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            community = services.community_create(actor=request.actor, data=form.service_data(),
                                                  places=form.resolved_places, themes=form.cleaned_data["themes"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The community is created. Invite its first members."))
            return redirect("communities:members", slug=community.slug)
    return render_page(request, "communities/form.html", {"form": form}, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def community_edit(request: PraxisRequest, slug: str) -> HttpResponse:
    community = _community_or_404(request, slug)
    rules.check_facilitate(request.actor, community)
    form = CommunityForm(request.POST if request.method == "POST" else None,
                         initial=CommunityForm.initial_for(community))
    if request.method == "POST" and form.is_valid():
        try:
            services.community_update(actor=request.actor, community=community, data=form.service_data(),
                                      places=form.resolved_places, themes=form.cleaned_data["themes"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The presentation of the community is saved."))
            return redirect("communities:home", slug=community.slug)
    return render_page(request, "communities/form.html", {"form": form, "community": community},
                       status=400 if form.errors else 200)


@require_GET
def community_home(request: PraxisRequest, slug: str) -> HttpResponse:
    """Members see the community's life; others its presentation and how to join."""
    community = _community_or_404(request, slug)
    actor = request.actor
    is_member = rules.can_view_private(actor, community)
    context: dict[str, Any] = {
        # Read only when its cached fragment is rebuilt (the template calls it once, in `{% with %}`).
        "community": community, "composition": partial(selectors.composition, community),
        "is_member": is_member, "can_facilitate": rules.can_facilitate(actor, community),
        "can_join": rules.can_join(actor, community), "can_request": rules.can_request_to_join(actor, community),
        # A member has no pending request (joining answered it): no query for them.
        "own_request": None if is_member else selectors.own_pending_request(actor, community),
        "is_following": selectors.is_following(actor, community), "can_follow": rules.can_follow(actor, community),
        "request_form": JoinRequestForm(),
        "can_view_indicators": community.network is not None and rules.can_view_indicators(actor, community.network),
    }
    if context["is_member"]:
        context.update(selectors.home_sections(actor, community))
    return render_page(request, "communities/home.html", context)


# --- joining --------------------------------------------------------------------------------------------------------
@require_POST
@login_required
def join(request: PraxisRequest, slug: str) -> HttpResponse:
    """Join an open community, or ask to join one "on request"."""
    community = _community_or_404(request, slug)
    form = JoinRequestForm(request.POST)
    try:
        if community.join_policy == Community.JoinPolicy.OPEN:
            rules.check_join(request.actor, community)
            services.community_join(actor=request.actor, community=community)
            messages.success(request, _("Welcome to %(name)s.") % {"name": community.name})
        else:
            rules.check_request_to_join(request.actor, community)
            form.is_valid()
            services.join_request_submit(actor=request.actor, community=community,
                                         message=form.cleaned_data.get("message", ""))
            messages.success(request, _("Your request was sent to the facilitators."))
    except ValidationError as error:
        messages.error(request, _errors(error))
        return render_page(request, "communities/home.html", {
            "community": community, "composition": selectors.composition(community), "request_form": form,
            "can_request": rules.can_request_to_join(request.actor, community)}, status=400)
    return redirect("communities:home", slug=community.slug)


@require_POST
@login_required
def request_withdraw(request: PraxisRequest, slug: str) -> HttpResponse:
    community = _community_or_404(request, slug)
    own = selectors.own_pending_request(request.actor, community)
    if own is None:
        raise Http404
    services.join_request_withdraw(actor=request.actor, request=own)
    messages.info(request, _("Your request was withdrawn."))
    return redirect("communities:home", slug=community.slug)


@require_POST
@login_required
def request_decide(request: PraxisRequest, slug: str, request_id: int) -> HttpResponse:
    community = _community_or_404(request, slug)
    rules.check_facilitate(request.actor, community)
    join_request = selectors.join_request_in(community, request_id)
    if join_request is None:
        raise Http404
    accept = request.POST.get("decision") == "accept"
    try:
        services.join_request_decide(actor=request.actor, request=join_request, accept=accept)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        name = join_request.user.get_full_name()
        messages.success(request, _("%(name)s is now a member.") % {"name": name} if accept
                         else _("The request of %(name)s was declined.") % {"name": name})
    return _members_response(request, community)


# --- members and invitations ----------------------------------------------------------------------------------------
def _members_context(
    request: PraxisRequest, community: Community, invite_form: InvitationForm | None = None,
) -> dict[str, Any]:
    can_facilitate = rules.can_facilitate(request.actor, community)
    return {
        "community": community, "memberships": selectors.members(community), "can_facilitate": can_facilitate,
        "requests": selectors.pending_requests(community) if can_facilitate else [],
        "invitations": selectors.pending_invitations(community) if can_facilitate else [],
        "invite_form": invite_form or InvitationForm(), "roles": CommunityMembership.Role.choices,
        "is_member": rules.can_view_private(request.actor, community),
    }


def _members_response(request: PraxisRequest, community: Community, status: int = 200) -> HttpResponse:
    if getattr(request, "htmx", False):
        return render_page(request, "communities/members.html", _members_context(request, community),
                           partial="people", status=status)
    return redirect("communities:members", slug=community.slug)


@require_GET
@login_required
def members(request: PraxisRequest, slug: str) -> HttpResponse:
    community = _community_or_404(request, slug)
    rules.check_view_private(request.actor, community)
    context = _members_context(request, community)
    if context["can_facilitate"]:  # facilitators also see join requests' messages and invited addresses
        requests, invitations = list(context["requests"]), list(context["invitations"])
        context.update(requests=requests, invitations=invitations)
        audit.log(request.actor, Action.COMMUNITIES_MEMBERS_READ, community,
                  {"requests": len(requests), "invitations": len(invitations)})
    return render_page(request, "communities/members.html", context, partial="people")


@require_POST
@login_required
def invite(request: PraxisRequest, slug: str) -> HttpResponse:
    community = _community_or_404(request, slug)
    rules.check_facilitate(request.actor, community)
    form = InvitationForm(request.POST)
    if form.is_valid():
        try:
            invitation = services.invitation_send(actor=request.actor, community=community,
                                                  email=form.cleaned_data["email"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return _members_response(request, community)
    return render_page(request, "communities/members.html", _members_context(request, community, form),
                       partial="people", status=400)


@require_POST
@login_required
def invitation_revoke(request: PraxisRequest, slug: str, invitation_id: int) -> HttpResponse:
    community = _community_or_404(request, slug)
    rules.check_facilitate(request.actor, community)
    invitation = selectors.invitation_in(community, invitation_id)
    if invitation is None:
        raise Http404
    try:
        services.invitation_revoke(actor=request.actor, invitation=invitation)
    except ValidationError as error:
        messages.error(request, _errors(error))
    else:
        messages.success(request, _("The invitation to %(email)s was withdrawn.") % {"email": invitation.email})
    return _members_response(request, community)


def _membership_or_404(community: Community, membership_id: int) -> CommunityMembership:
    membership = selectors.membership_in(community, membership_id)
    if membership is None:
        raise Http404
    return membership


@require_POST
@login_required
def member_role(request: PraxisRequest, slug: str, membership_id: int) -> HttpResponse:
    community = _community_or_404(request, slug)
    rules.check_facilitate(request.actor, community)
    membership = _membership_or_404(community, membership_id)
    form = RoleForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services.membership_change_role(actor=request.actor, membership=membership,
                                            role=form.cleaned_data["role"])
        except ValidationError as error:
            messages.error(request, _errors(error))
        else:
            status = 200
            messages.success(request, _("%(name)s is now %(role)s.") % {
                "name": membership.user.get_full_name(), "role": membership.get_role_display()})
    if status == 400:
        return render_page(request, "communities/members.html", _members_context(request, community),
                           partial="people", status=400)
    return _members_response(request, community)


@require_POST
@login_required
def member_remove(request: PraxisRequest, slug: str, membership_id: int) -> HttpResponse:
    community = _community_or_404(request, slug)
    rules.check_facilitate(request.actor, community)
    membership = _membership_or_404(community, membership_id)
    try:
        services.membership_remove(actor=request.actor, membership=membership)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return render_page(request, "communities/members.html", _members_context(request, community),
                           partial="people", status=400)
    messages.success(request, _("%(name)s is no longer a member.") % {"name": membership.user.get_full_name()})
    return _members_response(request, community)


@require_http_methods(["GET", "POST"])
@login_required
def leave(request: PraxisRequest, slug: str) -> HttpResponse:
    """Leave the community; the last facilitator names who facilitates after them."""
    community = _community_or_404(request, slug)
    rules.check_leave(request.actor, community)
    form = LeaveForm(request.POST if request.method == "POST" else None,
                     successors=selectors.successors(community, request.actor.id))
    last_facilitator = selectors.is_last_facilitator(request.actor, community)
    if request.method == "POST" and form.is_valid():
        try:
            services.community_leave(actor=request.actor, community=community,
                                     successor=form.cleaned_data["successor"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.info(request, _("You left %(name)s.") % {"name": community.name})
            return redirect("communities:list")
    return render_page(request, "communities/leave.html", {
        "community": community, "form": form, "last_facilitator": last_facilitator,
    }, status=400 if form.errors else 200)


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
        return render_page(request, "communities/invitation.html", {**context, "wrong_account": True}, status=403)
    if found.status != CommunityInvitation.Status.PENDING:
        return render_page(request, "communities/invitation.html", {**context, "answered": True}, status=410)
    if found.is_expired:
        return render_page(request, "communities/invitation.html", {**context, "expired": True}, status=410)
    if request.method == "POST":
        decision = request.POST.get("decision")
        try:
            if decision == "accept":
                services.invitation_accept(actor=request.actor, invitation=found)
                messages.success(request, _("Welcome to %(name)s.") % {"name": found.community.name})
                return redirect("communities:home", slug=found.community.slug)
            if decision == "decline":
                services.invitation_decline(actor=request.actor, invitation=found)
                messages.info(request, _("You declined the invitation of %(name)s.") % {"name": found.community.name})
                return redirect("communities:list")
        except ValidationError as error:
            messages.error(request, _errors(error))
        return render_page(request, "communities/invitation.html", context, status=400)
    return render_page(request, "communities/invitation.html", context)


@require_POST
@login_required
def follow(request: PraxisRequest, slug: str) -> HttpResponse:
    community = _community_or_404(request, slug)
    rules.check_follow(request.actor, community)
    wanted = request.POST.get("follow", "1") == "1"
    services.community_follow(actor=request.actor, community=community, follow=wanted)
    if getattr(request, "htmx", False):
        return render_page(request, "communities/home.html", {
            "community": community, "is_following": wanted, "can_follow": True}, partial="follow")
    messages.success(request, _("You follow %(name)s.") % {"name": community.name} if wanted
                     else _("You no longer follow %(name)s.") % {"name": community.name})
    return redirect("communities:home", slug=community.slug)
