"""Templates a network's coordinator (or the platform) publishes and communities adopt, adapt, and keep in step.

A template has numbered versions. Adopting one makes it a co-built tool of the community (version 1 = the template's
text), which the members then adapt as any tool. When the template is changed, the members of every community that
adopted it are notified (`notifications._template_updated`), and the tool shows "template updated — see what changed":
they take the change (a new version of their tool, so their adapted text stays in its history) or keep theirs.
A tool adopted from a meeting agenda, a case template or an indicator set also shapes the community: each new
version of its text (adoption, adaptation, the change taken) becomes its agenda template, its case form or the
indicators it follows (`tools.shape_community`, read by `shaping`).

Audit actions: communities.template.{published,updated,adopted,change_taken,change_kept}."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from praxis.core import audit
from praxis.core.actor import Actor

from .. import rules
from ..models import Community, Network, Tool, ToolTemplate, ToolTemplateVersion, ToolVersion
from .guard import _audit_confirmation, _guard
from .home import home_changed
from .tools import shape_community, tool_save


@transaction.atomic
def template_publish(*, actor: Actor, network: Network | None, kind: str, title: str, summary: str, text: str,
                     confirmed: bool = False) -> ToolTemplate:
    """Publish a new template for a network's communities (or for every community when `network` is None)."""
    rules.check_publish_templates(actor, network)
    found = _guard({"title": title, "summary": summary, "text": text}, confirmed)
    template = ToolTemplate(network=network, kind=kind, title=title.strip(), summary=summary.strip(), version=1,
                            created_by=actor.user)
    template.full_clean()
    template.save()
    version = ToolTemplateVersion(template=template, number=1, text=text, author=actor.user, note=_("First version"))
    version.full_clean()
    version.save()
    audit.log(actor, audit.Action.COMMUNITIES_TEMPLATE_PUBLISHED, template,
              {"network": network.pk if network else None, "kind": kind})
    _audit_confirmation(actor, template, found)
    return template


@transaction.atomic
def template_update(*, actor: Actor, template: ToolTemplate, text: str, note: str, summary: str | None = None,
                    confirmed: bool = False) -> ToolTemplateVersion:
    """A new version of the template; the communities that adopted it are told (notification rule on the entry)."""
    rules.check_edit_template(actor, template)
    found = _guard({"text": text, "note": note, "summary": summary or ""}, confirmed)
    locked = ToolTemplate.objects.select_for_update().get(pk=template.pk)
    current = locked.versions.filter(number=locked.version).values_list("text", flat=True).first()
    if current == text:
        raise ValidationError({"text": _("The text is the same as the current version: nothing to publish.")})
    locked.version += 1
    if summary is not None:
        locked.summary = summary.strip()
    locked.full_clean()
    locked.save()
    version = ToolTemplateVersion(template=locked, number=locked.version, text=text, note=note.strip(),
                                  author=actor.user)
    version.full_clean()
    version.save()
    audit.log(actor, audit.Action.COMMUNITIES_TEMPLATE_UPDATED, locked, {"version": locked.version})
    # The homes of the communities that adopted it show "template updated".
    home_changed(communities=Community.objects.filter(tools__template=locked))
    _audit_confirmation(actor, version, found)
    template.version, template.summary = locked.version, locked.summary
    return version


@transaction.atomic
def template_adopt(*, actor: Actor, community: Community, template: ToolTemplate) -> Tool:
    """The template becomes a tool of the community, at the template's current version."""
    rules.check_adopt_template(actor, community, template)
    current = template.versions.get(number=template.version)
    tool = Tool(community=community, title=template.title, created_by=actor.user, version=1, template=template,
                template_version=template.version)
    tool.full_clean()
    tool.save()
    ToolVersion.objects.create(tool=tool, number=1, based_on=0, text=current.text, author=actor.user,
                               note=_("Adopted from the template “%(title)s”, version %(n)s")
                               % {"title": template.title, "n": template.version})
    shaped = shape_community(tool=tool, text=current.text)
    audit.log(actor, audit.Action.COMMUNITIES_TEMPLATE_ADOPTED, tool,
              {"template": template.pk, "version": template.version, "community": community.pk,
               **({"shaped": shaped} if shaped else {})})
    return tool


@transaction.atomic
def template_change_take(*, actor: Actor, tool: Tool) -> ToolVersion:
    """Take the template's newest text as the tool's next version (the community's text stays in the history)."""
    rules.check_answer_template_change(actor, tool)
    template = tool.template
    assert template is not None  # checked by the rule (`template_changed`)
    newest = template.versions.get(number=template.version)
    version = tool_save(actor=actor, tool=tool, text=newest.text, based_on=tool.version, confirmed=True,
                        note=_("Took version %(n)s of the template") % {"n": template.version})
    if version.is_conflict:  # someone saved the tool meanwhile: nothing taken (the whole transaction is undone)
        raise ValidationError(_("Someone saved this tool meanwhile. Look at the changes again, then choose."))
    Tool.objects.filter(pk=tool.pk).update(template_version=template.version)
    tool.template_version = template.version
    audit.log(actor, audit.Action.COMMUNITIES_TEMPLATE_CHANGE_TAKEN, tool,
              {"template": template.pk, "version": template.version, "tool_version": version.number})
    return version


@transaction.atomic
def template_change_keep(*, actor: Actor, tool: Tool) -> Tool:
    """Keep the community's text: no notice for this version of the template again (a later one will show)."""
    rules.check_answer_template_change(actor, tool)
    template = tool.template
    assert template is not None
    Tool.objects.filter(pk=tool.pk).update(template_kept_version=template.version)
    home_changed(tool.community_id)
    tool.template_kept_version = template.version
    audit.log(actor, audit.Action.COMMUNITIES_TEMPLATE_CHANGE_KEPT, tool,
              {"template": template.pk, "version": template.version})
    return tool
