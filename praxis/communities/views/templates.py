"""Templates of a network (or of the platform): list, publish, read with history, change (a new version), diff; a
community adopts one as a tool, and answers a change of the template it adopted (take it or keep its own text)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from praxis.content.markup import render_article
from praxis.core.htmx import render_page
from praxis.core.http import PraxisRequest

from .. import rules, selectors, services
from ..forms import TemplateEditForm, TemplateForm
from ..models import ToolTemplate
from .membership import _community_or_404
from .tools import _tool_or_404

__all__ = ["template_adopt", "template_change", "template_create", "template_detail", "template_diff",
           "template_edit", "template_list", "templates_offered"]


def _template_or_404(request: PraxisRequest, template_id: int) -> ToolTemplate:
    template = selectors.template_for(request.actor, template_id)
    if template is None:
        raise Http404
    return template


@require_GET
@login_required
def template_list(request: PraxisRequest) -> HttpResponse:
    """The templates the actor sees: the platform's, and those of the networks they coordinate or belong to."""
    return render_page(request, "communities/templates.html", {
        "templates": selectors.template_list(request.actor),
        "can_publish": rules.can_publish_any_template(request.actor)})


@require_http_methods(["GET", "POST"])
@login_required
def template_create(request: PraxisRequest) -> HttpResponse:
    actor = request.actor
    rules.check_publish_any_template(actor)
    networks = list(rules.networks_managed_by(actor).order_by("name"))
    form = TemplateForm(request.POST if request.method == "POST" else None, networks=networks,
                        platform=rules.can_publish_templates(actor, None))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        network = next((n for n in networks if n.pk == data["network"]), None)
        try:
            template = services.template_publish(actor=actor, network=network, kind=data["kind"],
                                                 title=data["title"], summary=data["summary"], text=data["text"],
                                                 confirmed=data["confirmed"])
        except services.PrivacyFindings as error:
            form.privacy_error(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The template is published for the communities."))
            return redirect("communities:template", template_id=template.pk)
    return render_page(request, "communities/template_form.html", {"form": form},
                       status=400 if form.errors else 200)


@require_GET
@login_required
def template_detail(request: PraxisRequest, template_id: int) -> HttpResponse:
    template = _template_or_404(request, template_id)
    versions = list(template.versions.select_related("author"))
    current = next((v for v in versions if v.number == template.version), None)
    return render_page(request, "communities/template.html", {
        "template": template, "versions": versions, "current": current,
        "html": render_article(current.text if current else ""),
        "can_edit": rules.can_edit_template(request.actor, template),
        "adoption_count": template.adoptions.count()})


@require_http_methods(["GET", "POST"])
@login_required
def template_edit(request: PraxisRequest, template_id: int) -> HttpResponse:
    """A new version of the template: the communities that adopted it are told and choose."""
    template = _template_or_404(request, template_id)
    rules.check_edit_template(request.actor, template)
    current = template.versions.filter(number=template.version).first()
    form = TemplateEditForm(request.POST if request.method == "POST" else None, initial={
        "summary": template.summary, "text": current.text if current else ""})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            version = services.template_update(actor=request.actor, template=template, text=data["text"],
                                               note=data["note"], summary=data["summary"],
                                               confirmed=data["confirmed"])
        except services.PrivacyFindings as error:
            form.privacy_error(error)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Version %(n)s published; the communities that adopted the template are "
                                        "told.") % {"n": version.number})
            return redirect("communities:template", template_id=template.pk)
    return render_page(request, "communities/template_form.html", {"form": form, "template": template},
                       status=400 if form.errors else 200)


@require_GET
@login_required
def template_diff(request: PraxisRequest, template_id: int) -> HttpResponse:
    template = _template_or_404(request, template_id)
    numbers = [request.GET.get(name, "") for name in ("a", "b")]
    if not all(n.isdigit() for n in numbers):
        raise Http404
    found = {v.number: v for v in template.versions.select_related("author").filter(
        number__in=[int(n) for n in numbers])}
    old, new = found.get(int(numbers[0])), found.get(int(numbers[1]))
    if old is None or new is None:
        raise Http404
    return render_page(request, "communities/template_diff.html", {
        "template": template, "old": old, "new": new, "lines": services.diff(old.text, new.text)})


@require_GET
@login_required
def templates_offered(request: PraxisRequest, slug: str) -> HttpResponse:
    """What this community may adopt: its network's templates and the platform's."""
    community = _community_or_404(request, slug)
    rules.check_view_private(request.actor, community)
    return render_page(request, "communities/templates_offered.html", {
        "community": community, "templates": selectors.templates_offered(community),
        "adopted": selectors.adopted_template_ids(community)})


@require_POST
@login_required
def template_adopt(request: PraxisRequest, slug: str, template_id: int) -> HttpResponse:
    community = _community_or_404(request, slug)
    template = rules.templates_for_community(community).filter(pk=template_id).first()
    if template is None:
        raise Http404
    rules.check_adopt_template(request.actor, community, template)
    tool = services.template_adopt(actor=request.actor, community=community, template=template)
    messages.success(request, _("The template is now a tool of the community: adapt it as you need."))
    return redirect("communities:tool", slug=slug, tool_id=tool.pk)


@require_http_methods(["GET", "POST"])
@login_required
def template_change(request: PraxisRequest, slug: str, tool_id: int) -> HttpResponse:
    """"Template updated — see what changed": what the template changed since the version the community has, how the
    community's text differs from the new template, and the choice (take the change, or keep ours)."""
    tool = _tool_or_404(request, slug, tool_id)
    template = tool.template
    if template is None or not tool.template_changed:
        raise Http404
    rules.check_answer_template_change(request.actor, tool)
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("decision") == "take":
                services.template_change_take(actor=request.actor, tool=tool)
                messages.success(request, _("The tool now follows version %(n)s of the template.")
                                 % {"n": template.version})
            elif request.POST.get("decision") == "keep":
                services.template_change_keep(actor=request.actor, tool=tool)
                messages.success(request, _("The community keeps its own text."))
            else:
                raise ValidationError(_("Choose to take the change or to keep your text."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            status = 400
        else:
            return redirect("communities:tool", slug=slug, tool_id=tool.pk)
    versions = {v.number: v for v in template.versions.filter(
        number__gte=tool.template_version).select_related("author")}
    taken, newest = versions.get(tool.template_version), versions[template.version]
    changes = [v for n, v in sorted(versions.items(), reverse=True) if n > tool.template_version]
    current = tool.versions.filter(number=tool.version).first()
    return render_page(request, "communities/template_change.html", {
        "community": tool.community, "tool": tool, "template": template, "taken": taken, "newest": newest,
        "changes": changes,
        "template_lines": services.diff(taken.text if taken else "", newest.text),
        "ours_lines": services.diff(current.text if current else "", newest.text)}, status=status)
