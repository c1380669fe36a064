from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praxis.core import audit
from praxis.core.forms import add_service_errors
from praxis.core.htmx import render_page

from . import geo, rules, selectors, services
from .forms import (
    ClaimForm,
    ColleagueSearchForm,
    DirectoryProfileForm,
    DirectorySearchForm,
    InstitutionForm,
    InvitationForm,
    RejectForm,
    RoleForm,
)
from .models import Follow, Institution, InstitutionMembership, Invitation
from .sections import sections_for

PAGE_SIZE = 20

# What the history page says for each audit action about an institution.
ACTION_LABELS = {
    "institutions.institution.created": gettext_lazy("Registered"),
    "institutions.institution.updated": gettext_lazy("Profile edited"),
    "institutions.institution.verified": gettext_lazy("Verified and published by a moderator"),
    "institutions.institution.rejected": gettext_lazy("Refused by a moderator"),
    "institutions.membership.removed": gettext_lazy("A member left or was removed"),
}


def _institution_or_404(request: HttpRequest, slug: str) -> Institution:
    institution = selectors.institution_for(request.actor, slug)
    if institution is None:
        raise Http404
    return institution


def _resolve_place(request: HttpRequest, form: Any, country: str) -> tuple[geo.Place | None, list[geo.Place], bool]:
    """(the place, the choices when ambiguous, whether it is the member's practice) for a search form.

    No `place` parameter at all: the member's practice. An empty one: anywhere. Unknown: an error on the field."""
    text = form.cleaned_data.get("place", "") if "place" in request.GET else None
    lookup = geo.resolve_place(text, country=country, chosen_country=request.GET.get("place_country", ""),
                               member=request.user if request.user.is_authenticated else None,
                               ask_among_homonyms=True)
    if lookup.is_practice and lookup.place:
        form.data["place"] = lookup.place.query  # shown in the field, so the member sees and can change it
    if lookup.error:
        form.add_error("place", lookup.error)
    return lookup.place, [] if lookup.place else lookup.others, lookup.is_practice


def _page(request: HttpRequest, rows: Any) -> Any:
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without(request: HttpRequest, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def _search_data(request: HttpRequest) -> Any:
    """The GET parameters, with the default radius when none was chosen (so that the form shows what was used)."""
    data = request.GET.copy()
    if not data.get("radius"):
        data["radius"] = "25"
    return data


# --- finding help -----------------------------------------------------------------------------------------------
@require_GET
def directory(request: HttpRequest) -> HttpResponse:
    """"Find help near me": institutions by text, service, type, public, language, country and distance."""
    form = DirectorySearchForm(_search_data(request))
    form.is_valid()
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    place, choices, is_practice = _resolve_place(request, form, data.get("country", ""))
    radius = data.get("radius") or 25
    near = selectors.Near(place, radius) if place else None
    page = None
    if not form.errors and not choices:
        rows = selectors.directory_search(
            request.actor, text=data.get("q", ""), service=data.get("service"), kind=data.get("kind", ""),
            public=data.get("public", ""), language=data.get("language", ""), country=data.get("country", ""),
            near=near,
        )
        page = _page(request, rows)
    followed = selectors.followed_ids(request.user, Follow.Kind.INSTITUTION)
    if page is not None:
        page.object_list = list(page.object_list)
        for institution in page.object_list:
            institution.is_followed = institution.pk in followed  # part of the cached card's key
    context = {
        "form": form, "page": page, "place": place, "choices": choices, "is_practice": is_practice,
        "radius": radius, "service": data.get("service"), "query": _query_without(request, "page"),
        "choice_query": _query_without(request, "page", "place", "place_country"),
        "map_tile_url": settings.MAP_TILE_URL, "map_attribution": settings.MAP_TILE_ATTRIBUTION,
    }
    return render_page(request, "institutions/directory.html", context, partial="results",
                       status=400 if form.errors else 200)


@require_GET
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    institution = _institution_or_404(request, slug)
    actor = request.actor
    context = {
        "institution": institution,
        "services": institution.services.all(),
        "listed_members": selectors.institution_listed_members(institution)[:30],
        "can_edit": rules.can_edit_institution(actor, institution),
        "can_view_members": rules.can_view_members(actor, institution),
        "can_claim": rules.can_claim_institution(actor, institution),
        "can_follow": rules.can_follow(actor),
        "is_following": institution.pk in selectors.followed_ids(request.user, Follow.Kind.INSTITUTION),
        "followers": selectors.follower_count(Follow.Kind.INSTITUTION, institution.pk),
        "map_tile_url": settings.MAP_TILE_URL, "map_attribution": settings.MAP_TILE_ATTRIBUTION,
        "sections": sections_for(actor, institution),
    }
    return render_page(request, "institutions/detail.html", context)


# --- creating and editing ---------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@login_required
def create(request: HttpRequest) -> HttpResponse:
    rules.check_create_institution(request.actor)
    posted = request.method == "POST"
    form = InstitutionForm(request.POST if posted else None, request.FILES if posted else None)
    similar = []
    if posted and form.is_valid():
        data = form.cleaned_data
        similar = list(selectors.similar_institutions(data["name"], data["postal_code"], data["country"])[:5])
        if similar and not request.POST.get("confirm_new"):
            form.add_error(None, _("An institution with this name and postal code is already in the directory. If it "
                                   "is yours, ask to manage it instead of creating a second entry."))
        else:
            try:
                institution = services.institution_create(
                    actor=request.actor, data=data, services=list(data["services"]), logo=data.get("logo"),
                    logo_extension=form.logo_extension,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Thank you. A moderator will check the institution before it appears in "
                                            "the directory; you can already invite your staff."))
                return redirect("institutions:detail", slug=institution.slug)
    return render_page(request, "institutions/form.html", {"form": form, "similar": similar, "creating": True},
                       partial="form", status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    institution = _institution_or_404(request, slug)
    rules.check_edit_institution(request.actor, institution)
    posted = request.method == "POST"
    form = InstitutionForm(request.POST if posted else None, request.FILES if posted else None,
                           initial=InstitutionForm.initial_for(institution), has_logo=bool(institution.logo))
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            services.institution_update(
                actor=request.actor, institution=institution, data=data, services=list(data["services"]),
                logo=data.get("logo"), logo_extension=form.logo_extension, remove_logo=data.get("remove_logo", False),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The profile has been saved."))
            return redirect("institutions:detail", slug=institution.slug)
    return render_page(request, "institutions/form.html", {"form": form, "institution": institution},
                       partial="form", status=400 if form.errors else 200)


# --- staff ------------------------------------------------------------------------------------------------------
def _members_context(institution: Institution, actor: Any, invite_form: InvitationForm | None = None) -> dict:
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
def members(request: HttpRequest, slug: str) -> HttpResponse:
    institution = _institution_or_404(request, slug)
    rules.check_view_members(request.actor, institution)
    return render_page(request, "institutions/members.html", _members_context(institution, request.actor),
                       partial="staff")


@require_POST
@login_required
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    institution = _institution_or_404(request, slug)
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
def member_role(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    institution = _institution_or_404(request, slug)
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
def member_remove(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    institution = _institution_or_404(request, slug)
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
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    institution = _institution_or_404(request, slug)
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
def invitation_revoke(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    institution = _institution_or_404(request, slug)
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
def invitation(request: HttpRequest, token: str) -> HttpResponse:
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


# --- claims and moderation --------------------------------------------------------------------------------------
@require_http_methods(["GET", "POST"])
@login_required
def claim(request: HttpRequest, slug: str) -> HttpResponse:
    institution = _institution_or_404(request, slug)
    rules.check_claim_institution(request.actor, institution)
    form = ClaimForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.claim_submit(actor=request.actor, institution=institution, kind=form.cleaned_data["kind"],
                                  message=form.cleaned_data["message"], duplicate=form.cleaned_data["duplicate"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your request was sent to the moderators. You will hear from them by email."))
            return redirect("institutions:detail", slug=institution.slug)
    return render_page(request, "institutions/claim.html", {"form": form, "institution": institution},
                       status=400 if form.errors else 200)


@require_GET
@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    rules.check_moderate_institutions(request.actor)
    context = {
        "pending": selectors.moderation_queue(request.actor)[:100],
        "claims": selectors.open_claims(request.actor)[:100],
        "reject_form": RejectForm(),
    }
    return render_page(request, "institutions/moderation.html", context, partial="queue")


@require_POST
@login_required
def moderate(request: HttpRequest, slug: str) -> HttpResponse:
    rules.check_moderate_institutions(request.actor)
    institution = _institution_or_404(request, slug)
    decision = request.POST.get("decision")
    form = RejectForm(request.POST)
    try:
        if decision == "verify":
            services.institution_verify(actor=request.actor, institution=institution)
            messages.success(request, _("%(name)s is now published in the directory.") % {"name": institution.name})
            return redirect("institutions:moderation")
        if decision == "reject" and form.is_valid():
            services.institution_reject(actor=request.actor, institution=institution,
                                        reason=form.cleaned_data["reason"])
            messages.success(request, _("%(name)s was refused.") % {"name": institution.name})
            return redirect("institutions:moderation")
    except ValidationError as error:
        add_service_errors(form, error)
    if decision not in {"verify", "reject"}:
        form.add_error(None, _("Choose to publish or to refuse."))
    context = {"pending": selectors.moderation_queue(request.actor)[:100],
               "claims": selectors.open_claims(request.actor)[:100], "reject_form": form, "failed": institution}
    return render_page(request, "institutions/moderation.html", context, partial="queue", status=400)


@require_POST
@login_required
def claim_decide(request: HttpRequest, claim_id: int) -> HttpResponse:
    rules.check_moderate_institutions(request.actor)
    found = get_object_or_404(selectors.open_claims(request.actor), pk=claim_id)
    decision = request.POST.get("decision")
    try:
        if decision == "accept":
            services.claim_accept(actor=request.actor, claim=found)
            messages.success(request, _("The request was accepted."))
        elif decision == "reject":
            services.claim_reject(actor=request.actor, claim=found)
            messages.success(request, _("The request was refused."))
        else:
            messages.error(request, _("Choose to accept or to refuse."))
            return redirect("institutions:moderation")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("institutions:moderation")


# --- my directory -----------------------------------------------------------------------------------------------
@require_GET
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    follows = selectors.follows_of(request.user)
    context = {
        "memberships": selectors.my_institutions(request.actor),
        "invitations": selectors.my_pending_invitations(request.actor),
        "claims": selectors.my_claims(request.actor)[:20],
        "followed_institutions": rules.institutions_visible_to(request.actor).filter(
            pk__in=follows[Follow.Kind.INSTITUTION]),
        "followed_members": selectors.colleagues_visible_to_or_self(request.actor).filter(
            user_id__in=follows[Follow.Kind.MEMBER]).select_related("user"),
        "profile": selectors.directory_profile_of(request.user),
        "can_create": rules.can_create_institution(request.actor),
    }
    return render_page(request, "institutions/mine.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    rules.check_edit_directory_profile(request.actor)
    profile = selectors.directory_profile_of(request.user)
    initial: dict[str, Any] = {"show_specialty": True, "show_city": True, "show_languages": True,
                               "show_institutions": True}
    if profile is not None:
        initial = {key: getattr(profile, key) for key in services.DIRECTORY_FIELDS}
        initial["themes"] = list(profile.themes.all())
    form = DirectoryProfileForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.directory_profile_update(actor=request.actor, data=form.cleaned_data,
                                              themes=list(form.cleaned_data["themes"]))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your directory entry has been saved."))
            return redirect("institutions:my_profile")
    return render_page(request, "institutions/my_profile.html", {"form": form, "profile": profile},
                       partial="form", status=400 if form.errors else 200)


# --- colleagues -------------------------------------------------------------------------------------------------
@require_GET
@login_required
def colleagues(request: HttpRequest) -> HttpResponse:
    rules.check_browse_colleagues(request.actor)
    form = ColleagueSearchForm(_search_data(request))
    form.is_valid()
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    if "place" not in request.GET:
        place, choices, is_practice = None, [], False  # colleagues: anywhere until a place is typed
    else:
        place, choices, is_practice = _resolve_place(request, form, data.get("country", ""))
    radius = data.get("radius") or 25
    page = None
    if not form.errors and not choices:
        rows = selectors.colleagues_search(
            request.actor, profession=data.get("profession", ""), specialty=data.get("specialty", ""),
            country=data.get("country", ""), language=data.get("language", ""), theme_id=data.get("theme"),
            near=selectors.Near(place, radius) if place else None,
        )
        page = _page(request, rows)
    context = {"form": form, "page": page, "place": place, "choices": choices, "radius": radius,
               "query": _query_without(request, "page"),
        "choice_query": _query_without(request, "page", "place", "place_country"), "is_practice": is_practice,
               "followed": selectors.followed_ids(request.user, Follow.Kind.MEMBER),
               "profile": selectors.directory_profile_of(request.user)}
    return render_page(request, "institutions/colleagues.html", context, partial="results",
                       status=400 if form.errors else 200)


@require_GET
@login_required
def colleague(request: HttpRequest, user_id: int) -> HttpResponse:
    rules.check_browse_colleagues(request.actor)
    profile = selectors.colleague_for(request.actor, user_id)
    if profile is None:
        raise Http404
    context = {
        "profile": profile, "member": profile.user, "themes": profile.themes.all(),
        "institutions": selectors.colleague_institutions(user_id) if profile.show_institutions else [],
        "is_following": user_id in selectors.followed_ids(request.user, Follow.Kind.MEMBER),
        "is_self": user_id == request.user.pk,
    }
    return render_page(request, "institutions/colleague.html", context)


def _toggle_follow(request: HttpRequest, kind: str, target_id: int) -> bool:
    """Follow or unfollow according to the posted `action`; returns whether the member now follows."""
    if request.POST.get("action") == "unfollow":
        services.unfollow(actor=request.actor, kind=kind, target_id=target_id)
        return False
    services.follow(actor=request.actor, kind=kind, target_id=target_id)
    return True


@require_POST
@login_required
def follow_institution(request: HttpRequest, slug: str) -> HttpResponse:
    institution = _institution_or_404(request, slug)
    rules.check_follow(request.actor)
    following = _toggle_follow(request, Follow.Kind.INSTITUTION, institution.pk)
    if getattr(request, "htmx", False):
        return render_page(request, "institutions/_follow.html", {
            "url": request.path, "is_following": following, "name": institution.name})
    messages.success(request, _("You follow %(name)s.") % {"name": institution.name} if following
                     else _("You no longer follow %(name)s.") % {"name": institution.name})
    return redirect("institutions:detail", slug=institution.slug)


@require_POST
@login_required
def follow_colleague(request: HttpRequest, user_id: int) -> HttpResponse:
    rules.check_browse_colleagues(request.actor)
    profile = selectors.colleague_for(request.actor, user_id)
    if profile is None:
        raise Http404
    try:
        following = _toggle_follow(request, Follow.Kind.MEMBER, user_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("institutions:colleague", user_id=user_id)
    if getattr(request, "htmx", False):
        return render_page(request, "institutions/_follow.html", {
            "url": request.path, "is_following": following, "name": profile.user.get_full_name()})
    name = profile.user.get_full_name()
    messages.success(request, _("You follow %(name)s.") % {"name": name} if following
                     else _("You no longer follow %(name)s.") % {"name": name})
    return redirect("institutions:colleague", user_id=user_id)


@require_GET
@login_required
def history(request: HttpRequest, slug: str) -> HttpResponse:
    """What happened to an institution (the audit log), for its admins and moderators."""
    institution = _institution_or_404(request, slug)
    if not (rules.can_edit_institution(request.actor, institution) or rules.can_moderate_institutions(request.actor)):
        raise Http404
    entries = [(entry, ACTION_LABELS.get(entry.action, entry.action)) for entry in audit.history(institution)[:100]]
    return render_page(request, "institutions/history.html", {"institution": institution, "entries": entries})
