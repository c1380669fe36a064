"""The community's shared library: list and add (links and files), remove, and the files served to members only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praxis.core import serving
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from .. import rules, selectors, services
from ..forms import LibraryForm
from ..models import Community, LibraryItem
from .membership import _community_or_404

__all__ = ["library", "library_file", "library_remove"]


def _item_or_404(request: PraxisRequest, slug: str, item_id: int) -> LibraryItem:
    item = selectors.library_item_for(request.actor, _community_or_404(request, slug), item_id)
    if item is None:
        raise Http404
    return item


def _page(request: PraxisRequest, community: Community, form: LibraryForm, status: int = 200) -> HttpResponse:
    items = list(selectors.library_list(request.actor, community))
    removable = {item.pk for item in items if rules.can_remove_library_item(request.actor, item)}
    return render_page(request, "communities/library.html", {
        "community": community, "items": items, "form": form, "removable": removable}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def library(request: PraxisRequest, slug: str) -> HttpResponse:
    """The library of the community (members); a member shares a link or a file from the same page."""
    community = _community_or_404(request, slug)
    if request.method == "GET":
        rules.check_view_private(request.actor, community)
        return _page(request, community, LibraryForm())
    rules.check_add_to_library(request.actor, community)
    form = LibraryForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.library_add(actor=request.actor, community=community, title=data["title"], note=data["note"],
                                 url=data["url"], upload=data["file"] or None, confirmed=data["confirmed"])
        except services.PrivacyFindings as error:
            form.privacy_error(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Shared with the community."))
            return redirect("communities:library", slug=slug)
    return _page(request, community, form, status=400)


@require_POST
@login_required
def library_remove(request: PraxisRequest, slug: str, item_id: int) -> HttpResponse:
    item = _item_or_404(request, slug, item_id)
    rules.check_remove_library_item(request.actor, item)
    services.library_remove(actor=request.actor, item=item)
    messages.success(request, _("“%(title)s” was removed from the library.") % {"title": item.title})
    return redirect("communities:library", slug=slug)


@require_GET
@login_required
def library_file(request: PraxisRequest, slug: str, item_id: int) -> HttpResponseBase:
    """A file of the library, for members only (everyone else: 404), as a download."""
    item = _item_or_404(request, slug, item_id)
    if item.kind != LibraryItem.Kind.FILE or not item.file:
        raise Http404
    extension = (item.file.name or "").rsplit(".", 1)[-1]
    name = item.title[:80].replace("/", "-").replace("\\\\", "-")
    return serving.serve_file(request, item.file.name, storage=item.file.storage, content_type=item.mime,
                              as_attachment=True, filename=f"{name}.{extension}")
