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

from praxis.core.forms import add_service_errors
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from .. import geo, rules, selectors, services
from ..follow_button import follow_or_unfollow
from ..forms import (
    ColleagueSearchForm,
    DirectoryProfileForm,
)
from ..models import Follow
from .common import institution_or_404, page_of, query_without, resolve_place, search_data


@require_GET
@login_required
def mine(request: PraxisRequest) -> HttpResponse:
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
def my_profile(request: PraxisRequest) -> HttpResponse:
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


@require_GET
@login_required
def colleagues(request: PraxisRequest) -> HttpResponse:
    rules.check_browse_colleagues(request.actor)
    form = ColleagueSearchForm(search_data(request))
    form.is_valid()
    data = form.cleaned_data if hasattr(form, "cleaned_data") else {}
    if "place" not in request.GET:
        place: geo.Place | None = None
        choices: list[geo.Place] = []
        is_practice = False  # colleagues: anywhere until a place is typed
    else:
        place, choices, is_practice = resolve_place(request, form, data.get("country", ""))
    radius = data.get("radius") or 25
    page = None
    if not form.errors and not choices:
        rows = selectors.colleagues_search(
            request.actor, profession=data.get("profession", ""), specialty=data.get("specialty", ""),
            country=data.get("country", ""), language=data.get("language", ""), theme_id=data.get("theme"),
            near=selectors.Near(place, radius) if place else None,
        )
        page = page_of(request, rows)
    context = {"form": form, "page": page, "place": place, "choices": choices, "radius": radius,
               "query": query_without(request, "page"),
        "choice_query": query_without(request, "page", "place", "place_country"), "is_practice": is_practice,
               "followed": selectors.followed_ids(request.user, Follow.Kind.MEMBER),
               "profile": selectors.directory_profile_of(request.user)}
    return render_page(request, "institutions/colleagues.html", context, partial="results",
                       status=400 if form.errors else 200)


@require_GET
@login_required
def colleague(request: PraxisRequest, user_id: int) -> HttpResponse:
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


@require_POST
@login_required
def follow_institution(request: PraxisRequest, slug: str) -> HttpResponse:
    institution = institution_or_404(request, slug)
    rules.check_follow(request.actor)
    return follow_or_unfollow(request, kind=Follow.Kind.INSTITUTION, target_id=institution.pk,
                              name=institution.name, back=reverse("institutions:detail", args=[institution.slug]))


@require_POST
@login_required
def follow_colleague(request: PraxisRequest, user_id: int) -> HttpResponse:
    rules.check_browse_colleagues(request.actor)
    profile = selectors.colleague_for(request.actor, user_id)
    if profile is None:
        raise Http404
    return follow_or_unfollow(request, kind=Follow.Kind.MEMBER, target_id=user_id, name=profile.user.get_full_name(),
                              back=reverse("institutions:colleague", args=[user_id]))
