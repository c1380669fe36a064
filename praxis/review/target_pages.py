"""The flag and unpublish pages of the kinds the moderation queue shows besides content (events, job offers): the
form, the owning app's service, the message and the way back. Each app keeps its routes, rules and services."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from praxis.core.forms import add_service_errors
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from .forms import FlagForm, UnpublishForm


def flag_page(request: PraxisRequest, *, reasons: tuple[str, ...], flag: Callable[[str, str], object], title: str,
              back_url: str, action_url: str) -> HttpResponse:
    """A member reports the object: `flag(reason, text)` is the owning app's service (it checks the rule)."""
    form = FlagForm(request.POST if request.method == "POST" else None, reasons=reasons)
    if request.method == "POST" and form.is_valid():
        try:
            flag(form.cleaned_data["reason"], form.cleaned_data["text"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you. A moderator will look at your report."))
            return redirect(back_url)
    context = {"form": form, "title": title, "back_url": back_url, "action_url": action_url}
    return render_page(request, "review/flag_target.html", context, partial="form",
                       status=400 if form.errors else 200)


def unpublish_page(request: PraxisRequest, *, unpublish: Callable[[str], object], done: str, title: str,
                   back_url: str, action_url: str) -> HttpResponse:
    """A moderator takes the object offline with a reason: `unpublish(reason)` is the owning app's service."""
    form = UnpublishForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            unpublish(form.cleaned_data["reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return redirect("review:moderation")
    context = {"form": form, "title": title, "back_url": back_url, "action_url": action_url}
    return render_page(request, "review/unpublish_target.html", context, partial="form",
                       status=400 if form.errors else 200)
