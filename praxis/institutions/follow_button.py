"""The follow button's answer, shared by every page that has one (institutions, colleagues, themes)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from . import services


def follow_or_unfollow(request: PraxisRequest, *, kind: str, target_id: int, name: str, back: str) -> HttpResponse:
    """Follow, or unfollow when the posted `action` says so; answer htmx with the new button, others with a
    message and a redirect to `back` (a refusal of the service is the message then)."""
    following = request.POST.get("action") != "unfollow"
    try:
        if following:
            services.follow(actor=request.actor, kind=kind, target_id=target_id)
        else:
            services.unfollow(actor=request.actor, kind=kind, target_id=target_id)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(back)
    if getattr(request, "htmx", False):
        return render_page(request, "institutions/_follow.html", {
            "url": request.path, "is_following": following, "name": name})
    messages.success(request, _("You follow %(name)s.") % {"name": name} if following
                     else _("You no longer follow %(name)s.") % {"name": name})
    return redirect(back)
