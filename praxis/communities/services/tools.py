"""Co-built tools: several members write one text; every save is a version; two people editing at once never
overwrite each other silently (the second save, made on an outdated version, is set aside as a conflict and shown
with the current text, both kept).

Audit actions: communities.tool.{created,saved,conflict}."""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from praxis.core import audit
from praxis.core.actor import Actor

from .. import rules, shaping
from ..models import PHASES, Community, Tool, ToolTemplate, ToolVersion
from .guard import _audit_confirmation, _guard
from .home import home_changed


@transaction.atomic
def tool_create(*, actor: Actor, community: Community, title: str, text: str, confirmed: bool = False) -> Tool:
    rules.check_contribute(actor, community)
    found = _guard({"title": title, "text": text}, confirmed)
    tool = Tool(community=community, title=title.strip(), created_by=actor.user, version=1)
    tool.full_clean()
    tool.save()
    version = ToolVersion(tool=tool, number=1, based_on=0, text=text, author=actor.user, note=_("First version"))
    version.full_clean()
    version.save()
    audit.log(actor, audit.Action.COMMUNITIES_TOOL_CREATED, tool, {"community": community.pk})
    _audit_confirmation(actor, tool, found)
    return tool


@transaction.atomic
def tool_save(*, actor: Actor, tool: Tool, text: str, based_on: int, note: str = "",
              confirmed: bool = False) -> ToolVersion:
    """Save a new version written on version `based_on`. If someone saved meanwhile, the text is kept as a
    conflict (`is_conflict`, no number) and the current text is left as it is: the caller shows both."""
    rules.check_contribute(actor, tool.community)
    found = _guard({"text": text, "note": note}, confirmed)
    locked = Tool.objects.select_for_update().get(pk=tool.pk)  # one save at a time per tool
    conflict = based_on != locked.version
    if not conflict:
        locked.version += 1
        locked.save(update_fields=["version", "updated_at"])
    version = ToolVersion(tool=locked, number=None if conflict else locked.version, based_on=based_on, text=text,
                          note=note.strip(), author=actor.user)
    version.full_clean()
    version.save()
    action = audit.Action.COMMUNITIES_TOOL_CONFLICT if conflict else audit.Action.COMMUNITIES_TOOL_SAVED
    shaped = None if conflict else shape_community(tool=locked, text=text)
    if not conflict and locked.template_id is not None:
        home_changed(locked.community_id)  # a "template updated" notice may be answered
    audit.log(actor, action, locked,
              {"based_on": based_on, "current": locked.version, **({"shaped": shaped} if shaped else {})})
    _audit_confirmation(actor, version, found)
    tool.version = locked.version
    return version


def shape_community(*, tool: Tool, text: str) -> str | None:
    """When the tool was adopted from a meeting agenda, a case template or an indicator set, its new text becomes the
    community's agenda template, case form or indicators followed (see `shaping`). Returns what was shaped (for the
    audit entry of the save), None when the tool shapes nothing or its text has nothing to read."""
    if tool.template_id is None:
        return None
    kind = ToolTemplate.objects.filter(pk=tool.template_id).values_list("kind", flat=True).first()
    community = Community.objects.select_for_update().get(pk=tool.community_id)
    if kind == ToolTemplate.Kind.AGENDA:
        from .meetings import agenda_template

        phases = shaping.agenda_phases(text, [key for key, _label in PHASES])
        if phases is None:
            return None
        current = agenda_template(community)
        community.agenda_template = [{**row, **phases[n]} if n < len(phases) else row
                                     for n, row in enumerate(current)]
        community.save(update_fields=["agenda_template", "updated_at"])
    elif kind == ToolTemplate.Kind.CASE:
        parts = shaping.case_shape(text)
        if parts is None:
            return None
        community.case_template = parts
        community.save(update_fields=["case_template", "updated_at"])
    elif kind == ToolTemplate.Kind.INDICATORS:
        keys = shaping.indicator_keys(text)
        if keys is None:
            return None
        community.indicator_keys = keys
        community.save(update_fields=["indicator_keys", "updated_at"])
    else:
        return None
    return str(kind)


@dataclass
class DiffLine:
    kind: str  # "same", "added", "removed"
    text: str


def diff(old: str, new: str) -> list[DiffLine]:
    """A readable line diff (what a reader needs to see what changed between two versions)."""
    lines: list[DiffLine] = []
    for line in difflib.ndiff(old.splitlines(), new.splitlines()):
        code, text = line[:2], line[2:]
        if code == "? ":
            continue
        lines.append(DiffLine({"+ ": "added", "- ": "removed"}.get(code, "same"), text))
    return lines


def versions_of(tool: Tool) -> Any:
    return tool.versions.select_related("author")
