"""Co-built tools: list, create, read (with history), edit with conflict detection, diff between two versions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from praxis.content.markup import render_article
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from .. import rules, services
from ..forms import ToolForm
from ..models import Tool
from .membership import _community_or_404


def _tool_or_404(request: PraxisRequest, slug: str, tool_id: int) -> Tool:
    community = _community_or_404(request, slug)
    tool = rules.tools_visible_to(request.actor).filter(community=community, pk=tool_id).select_related(
        "community").first()
    if tool is None:
        raise Http404
    return tool


@require_GET
@login_required
def tools(request: PraxisRequest, slug: str) -> HttpResponse:
    community = _community_or_404(request, slug)
    rules.check_view_private(request.actor, community)
    return render_page(request, "communities/tools.html", {
        "community": community, "tools": rules.tools_visible_to(request.actor).filter(community=community)})


@require_http_methods(["GET", "POST"])
@login_required
def tool_create(request: PraxisRequest, slug: str) -> HttpResponse:
    community = _community_or_404(request, slug)
    rules.check_contribute(request.actor, community)
    form = ToolForm(request.POST if request.method == "POST" else None, initial={"based_on": 0})
    if request.method == "POST" and form.is_valid():
        try:
            tool = services.tool_create(actor=request.actor, community=community, title=form.cleaned_data["title"],
                                        text=form.cleaned_data["text"], confirmed=form.cleaned_data["confirmed"])
        except services.PrivacyFindings as error:
            form.privacy_error(error)
        else:
            return redirect("communities:tool", slug=slug, tool_id=tool.pk)
    return render_page(request, "communities/tool_form.html", {"community": community, "form": form},
                       status=400 if form.errors else 200)


@require_GET
@login_required
def tool_detail(request: PraxisRequest, slug: str, tool_id: int) -> HttpResponse:
    tool = _tool_or_404(request, slug, tool_id)
    versions = list(services.versions_of(tool))
    current = next((v for v in versions if v.number == tool.version), None)
    return render_page(request, "communities/tool.html", {
        "community": tool.community, "tool": tool, "versions": versions, "current": current,
        "html": render_article(current.text if current else "")})


@require_http_methods(["GET", "POST"])
@login_required
def tool_edit(request: PraxisRequest, slug: str, tool_id: int) -> HttpResponse:
    """Edit on the current version; a save made meanwhile by someone else shows the conflict with both texts."""
    tool = _tool_or_404(request, slug, tool_id)
    rules.check_contribute(request.actor, tool.community)
    current = tool.versions.select_related("author").filter(number=tool.version).first()
    form = ToolForm(request.POST if request.method == "POST" else None, initial={
        "title": tool.title, "text": current.text if current else "", "based_on": tool.version})
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            version = services.tool_save(actor=request.actor, tool=tool, text=form.cleaned_data["text"],
                                         based_on=form.cleaned_data["based_on"], note=form.cleaned_data["note"],
                                         confirmed=form.cleaned_data["confirmed"])
        except services.PrivacyFindings as error:
            form.privacy_error(error)
        else:
            if not version.is_conflict:
                messages.success(request, _("Version %(n)s saved.") % {"n": version.number})
                return redirect("communities:tool", slug=slug, tool_id=tool.pk)
            current = tool.versions.select_related("author").get(number=tool.version)
            conflict = {"current": current, "mine": version, "diff": services.diff(current.text, version.text)}
            # The form goes on from the newest version, with the member's own text to merge.
            form = ToolForm(initial={"title": tool.title, "text": version.text, "based_on": tool.version,
                                     "note": version.note})
    return render_page(request, "communities/tool_form.html", {
        "community": tool.community, "tool": tool, "form": form, "conflict": conflict},
        status=409 if conflict else 400 if form.errors else 200)


@require_GET
@login_required
def tool_diff(request: PraxisRequest, slug: str, tool_id: int) -> HttpResponse:
    tool = _tool_or_404(request, slug, tool_id)
    numbers = [request.GET.get(name, "") for name in ("a", "b")]
    if not all(n.isdigit() for n in numbers):
        raise Http404
    found = {v.number: v for v in tool.versions.select_related("author").filter(number__in=[int(n) for n in numbers])}
    old, new = found.get(int(numbers[0])), found.get(int(numbers[1]))
    if old is None or new is None:
        raise Http404
    return render_page(request, "communities/tool_diff.html", {
        "community": tool.community, "tool": tool, "old": old, "new": new, "lines": services.diff(old.text, new.text)})
