"""Every write of the prevention app."""

from __future__ import annotations

from datetime import date
from typing import Any

import nh3
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from praxis.core import audit
from praxis.core.actor import Actor
from praxis.core.audit import Action
from praxis.core.privacy import check_no_patient_identifiers
from praxis.institutions import services as follows
from praxis.institutions.models import Follow

from . import icope, rules, selectors
from .models import Screening, Toolbox, ToolboxItem, ToolboxSection


@transaction.atomic
def screening_record(*, run_by: str, age_band: str, country: str, area: str, answers: dict[str, Any],
                     screened_on: date | None = None) -> Screening:
    """Store ONE anonymous row for a completed screening: the instrument version, who ran it (a kind, not a
    person), the age band, the country and coarse area, the six flags and the date. The answers themselves are not
    stored, only the flags computed from them.

    No audit entry on purpose: the audit log names the actor, and a professional's screening must not be linkable
    to the professional (nor through them to the person they saw). The row is its own record."""
    flags = icope.flags(answers)
    screening = Screening(
        instrument_version=icope.VERSION, run_by=run_by, age_band=age_band, country=country, area=area or "",
        screened_on=screened_on or timezone.localdate(),
        **{f"flag_{domain}": flagged for domain, flagged in flags.items()},
    )
    screening.full_clean()
    screening.save()
    return screening


# --- toolboxes ----------------------------------------------------------------------------------------------------
# Every change to a toolbox is made on the version the editor saw (`seen_version`). Two editors working at once never
# overwrite each other: the second change, made on an older version, is refused with a message and the form keeps
# what was typed, beside the toolbox as it now is. Audit actions: prevention.toolbox.{created,updated,section_saved,
# section_deleted,item_added,item_moved,item_removed}; followers hear of added items (notifications.py).
class ToolboxConflict(ValidationError):
    """The toolbox changed since the editor opened it."""


def _lock(toolbox: Toolbox, seen_version: int) -> Toolbox:
    """The toolbox row, locked for this transaction, after checking nobody changed it since `seen_version`."""
    locked = Toolbox.objects.select_for_update().get(pk=toolbox.pk)
    if locked.version != seen_version:
        raise ToolboxConflict(
            _("Someone else changed this toolbox while you were editing it (version %(current)s, you started from "
              "version %(seen)s). Nothing was saved: look at the toolbox as it is now and make your change again.")
            % {"current": locked.version, "seen": seen_version}, code="conflict")
    return locked


def _bump(toolbox: Toolbox, locked: Toolbox) -> None:
    locked.version += 1
    locked.save(update_fields=["version", "updated_at"])
    toolbox.version, toolbox.updated_at = locked.version, locked.updated_at


def _plain(text: str) -> str:
    """Plain text only (templates escape it and keep its paragraphs)."""
    return nh3.clean(text or "", tags=set()).strip()


def _unique_slug(title: str) -> str:
    base = slugify(title)[:100] or "boite-a-outils"
    slug, n = base, 2
    while slug == "nouvelle" or Toolbox.objects.filter(slug=slug).exists():  # "nouvelle/" is the create page
        slug, n = f"{base}-{n}", n + 1
    return slug


TOOLBOX_FIELDS = ["title", "introduction", "audience", "visibility", "status", "network"]


@transaction.atomic
def toolbox_create(*, actor: Actor, institution: Any, title: str, introduction: str = "",
                   audience: str = Toolbox.Audience.PROFESSIONALS, visibility: str = Toolbox.Visibility.PUBLIC,
                   network: Any = None, first_section: str = "") -> Toolbox:
    """A new toolbox, in draft, with a first section; its editors are the members of `institution`."""
    rules.check_create_toolbox_for(actor, institution.pk)
    toolbox = Toolbox(title=title.strip(), slug=_unique_slug(title), introduction=_plain(introduction),
                      audience=audience, visibility=visibility, institution=institution, network=network,
                      created_by=actor.user, status=Toolbox.Status.DRAFT)
    check_no_patient_identifiers(title=toolbox.title, introduction=toolbox.introduction)
    toolbox.full_clean()
    toolbox.save()
    section = ToolboxSection(toolbox=toolbox, title=(first_section or _("Essentials")).strip(), position=1)
    section.full_clean()
    section.save()
    audit.log(actor, Action.PREVENTION_TOOLBOX_CREATED, toolbox, {"title": toolbox.title,
                                                                  "institution": institution.pk})
    return toolbox


@transaction.atomic
def toolbox_update(*, actor: Actor, toolbox: Toolbox, seen_version: int, **fields: Any) -> Toolbox:
    """Change the title, introduction, audience, visibility, status or network, made on `seen_version`."""
    rules.check_edit_toolbox(actor, toolbox)
    locked = _lock(toolbox, seen_version)
    changed = []
    for name in TOOLBOX_FIELDS:
        if name not in fields:
            continue
        value = _plain(fields[name]) if name in {"title", "introduction"} else fields[name]
        if getattr(locked, name) != value:
            setattr(locked, name, value)
            changed.append(name)
    check_no_patient_identifiers(title=locked.title, introduction=locked.introduction)
    if "status" in changed and locked.is_published and locked.published_at is None:
        locked.published_at = timezone.now()
    locked.full_clean()
    locked.version += 1
    locked.save()
    audit.log(actor, Action.PREVENTION_TOOLBOX_UPDATED, locked, {"fields": changed, "version": locked.version})
    return locked


@transaction.atomic
def section_save(*, actor: Actor, toolbox: Toolbox, seen_version: int, title: str, introduction: str = "",
                 section: ToolboxSection | None = None) -> ToolboxSection:
    """Add a section at the end, or change one's title and introduction."""
    rules.check_edit_toolbox(actor, toolbox)
    locked = _lock(toolbox, seen_version)
    created = section is None
    if section is None:
        last = locked.sections.order_by("-position").values_list("position", flat=True).first() or 0
        section = ToolboxSection(toolbox=locked, position=last + 1)
    elif section.toolbox_id != locked.pk:
        raise PermissionDenied
    section.title, section.introduction = _plain(title), _plain(introduction)
    check_no_patient_identifiers(title=section.title, introduction=section.introduction)
    section.full_clean()
    section.save()
    _bump(toolbox, locked)
    audit.log(actor, Action.PREVENTION_TOOLBOX_SECTION_SAVED, locked, {
        "section": section.pk, "title": section.title, "created": created, "version": locked.version})
    return section


@transaction.atomic
def section_delete(*, actor: Actor, toolbox: Toolbox, seen_version: int, section: ToolboxSection) -> None:
    """Remove an empty section (its items must be moved or removed first: nothing disappears by accident)."""
    rules.check_edit_toolbox(actor, toolbox)
    locked = _lock(toolbox, seen_version)
    if section.toolbox_id != locked.pk:
        raise PermissionDenied
    if section.items.exists():
        raise ValidationError(_("This section still holds items: remove them first."), code="not_empty")
    if locked.sections.count() <= 1:
        raise ValidationError(_("A toolbox keeps at least one section."), code="last_section")
    data = {"section": section.pk, "title": section.title}
    section.delete()
    _bump(toolbox, locked)
    audit.log(actor, Action.PREVENTION_TOOLBOX_SECTION_DELETED, locked, data | {"version": locked.version})


@transaction.atomic
def item_add(*, actor: Actor, toolbox: Toolbox, seen_version: int, section: ToolboxSection, target: Any = None,
             kind: str, url: str = "", title: str = "", note: str = "") -> ToolboxItem:
    """Add an item at the end of `section`: an object of Praxis the editor may see and that is published
    (`target`, of `kind`), or an external link (`url` and `title`)."""
    rules.check_edit_toolbox(actor, toolbox)
    locked = _lock(toolbox, seen_version)
    if section.toolbox_id != locked.pk:
        raise PermissionDenied
    item = ToolboxItem(toolbox=locked, section=section, kind=kind, title=_plain(title), note=_plain(note),
                       added_by=actor.user)
    if kind == ToolboxItem.Kind.LINK:
        if not url.lower().startswith(("https://", "http://")):
            raise ValidationError({"link": _("Give a web address starting with https://.")})
        if not item.title:
            raise ValidationError({"title": _("Give a title to an external link.")})
        item.url = url
    else:
        if target is None or not selectors.is_linkable(actor, kind, target):
            raise ValidationError({"link": _("This page cannot be added: it is not published, or you may not see "
                                             "it.")})
        setattr(item, kind, target)
    if locked.items.filter(section=section, kind=kind, url=item.url, content=item.content, course=item.course,
                           event=item.event, institution=item.institution).exists():
        raise ValidationError({"link": _("This item is already in this section.")})
    check_no_patient_identifiers(title=item.title, note=item.note)
    last = section.items.order_by("-position").values_list("position", flat=True).first() or 0
    item.position = last + 1
    item.full_clean()
    item.save()
    _bump(toolbox, locked)
    audit.log(actor, Action.PREVENTION_TOOLBOX_ITEM_ADDED, locked, {
        "item": item.pk, "kind": kind, "title": item.label, "section": section.title, "version": locked.version})
    return item


@transaction.atomic
def item_move(*, actor: Actor, toolbox: Toolbox, seen_version: int, item: ToolboxItem, direction: str) -> None:
    """Swap an item with its neighbour above ("up") or below ("down") in its section."""
    rules.check_edit_toolbox(actor, toolbox)
    locked = _lock(toolbox, seen_version)
    if item.toolbox_id != locked.pk or direction not in {"up", "down"}:
        raise PermissionDenied
    siblings = list(item.section.items.order_by("position", "pk"))
    index = next(i for i, row in enumerate(siblings) if row.pk == item.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(siblings):
        siblings[index], siblings[other] = siblings[other], siblings[index]
        for position, row in enumerate(siblings, start=1):
            if row.position != position:
                row.position = position
                row.save(update_fields=["position"])
    _bump(toolbox, locked)
    audit.log(actor, Action.PREVENTION_TOOLBOX_ITEM_MOVED, locked, {
        "item": item.pk, "direction": direction, "version": locked.version})


@transaction.atomic
def item_remove(*, actor: Actor, toolbox: Toolbox, seen_version: int, item: ToolboxItem) -> None:
    rules.check_edit_toolbox(actor, toolbox)
    locked = _lock(toolbox, seen_version)
    if item.toolbox_id != locked.pk:
        raise PermissionDenied
    data = {"item": item.pk, "title": item.label}
    item.delete()
    _bump(toolbox, locked)
    audit.log(actor, Action.PREVENTION_TOOLBOX_ITEM_REMOVED, locked, data | {"version": locked.version})


@transaction.atomic
def toolbox_follow(*, actor: Actor, toolbox: Toolbox, follow: bool) -> None:
    """Follow (or stop following) a toolbox: each new item reaches the member as a notification."""
    rules.check_follow_toolbox(actor, toolbox)
    if follow:
        follows.follow(actor=actor, kind=Follow.Kind.TOOLBOX, target_id=toolbox.pk)
    else:
        follows.unfollow(actor=actor, kind=Follow.Kind.TOOLBOX, target_id=toolbox.pk)
