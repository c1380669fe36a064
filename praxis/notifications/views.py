from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from . import registry, selectors, services
from .unsubscribe import read_unsubscribe_token


@require_GET
@login_required
def notification_list(request: PraxisRequest) -> HttpResponse:
    before = request.GET.get("avant", "")
    items, next_id = selectors.page(request.actor, before_id=int(before) if before.isdigit() else None)
    context = {"notifications": items, "next_id": next_id, "unread": selectors.unread_count(request.actor)}
    return render_page(request, "notifications/list.html", context, partial="items")


@require_POST
@login_required
def mark_read(request: PraxisRequest, notification_id: int) -> HttpResponse:
    """Mark one notification read and go where it points (htmx: the updated line)."""
    notification = get_object_or_404(selectors.notifications_of(request.actor), pk=notification_id)
    services.notification_mark_read(actor=request.actor, notification=notification)
    if getattr(request, "htmx", False):
        notification.message = registry.message(notification)
        return render_page(request, "notifications/_item.html", {"notification": notification})
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@require_POST
@login_required
def mark_all_read(request: PraxisRequest) -> HttpResponse:
    count = services.notifications_mark_all_read(actor=request.actor)
    if not getattr(request, "htmx", False):
        messages.success(request, _("All notifications are marked as read.") if count else _("Nothing new."))
    return redirect("notifications:list")


@require_GET
@login_required
def bell(request: PraxisRequest) -> HttpResponse:
    """The bell alone (htmx refresh)."""
    return render_page(request, "notifications/_bell.html", {})


@require_http_methods(["GET", "POST"])
@login_required
def preferences(request: PraxisRequest) -> HttpResponse:
    if request.method == "POST":
        choices = {}
        for kind in registry.kinds():
            for channel in kind.channels:
                choices[(kind.key, channel)] = request.POST.get(f"{kind.key}__{channel}") == "on"
        services.preferences_update(actor=request.actor, choices=choices)
        messages.success(request, _("Your notification preferences are saved."))
        return redirect("notifications:preferences")
    context = {"rows": selectors.preference_table(request.user)}
    return render_page(request, "notifications/preferences.html", context, partial="form")


@csrf_exempt  # RFC 8058: mail clients POST "List-Unsubscribe=One-Click" without a session or a CSRF token
@require_http_methods(["GET", "POST"])
def unsubscribe(request: PraxisRequest, token: str) -> HttpResponse:
    """One-click unsubscribe from one kind of email, without logging in; the signed token says who and what."""
    try:
        _user, kind = read_unsubscribe_token(token)
    except signing.BadSignature:
        return render_page(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    context: dict[str, Any] = {"kind_label": registry.label(kind), "token": token}
    if request.method == "POST":
        services.unsubscribe(token=token)
        context = {"done": True, "kind_label": registry.label(kind)}
    return render_page(request, "notifications/unsubscribe.html", context)
