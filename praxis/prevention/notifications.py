"""Which prevention actions notify whom (found by praxis.notifications.registry.load).

A new item in a toolbox reaches its followers, each one only if they may still read the toolbox and see the item
(an item whose page they may not open is not announced to them)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from praxis.accounts.models import User
from praxis.core.actor import Actor
from praxis.core.audit import Action
from praxis.core.models import AuditEntry
from praxis.notifications.registry import Recipient, kind, rule
from praxis.notifications.registry import target as _target

from . import rules, selectors
from .models import Toolbox, ToolboxItem

TOOLBOXES = kind("toolboxes", gettext_lazy("Toolboxes I follow: new items"), order=55)


def _message(data: dict[str, Any]) -> str:
    return _("New in the toolbox “%(toolbox)s”: %(title)s") % data


@rule(Action.PREVENTION_TOOLBOX_ITEM_ADDED, TOOLBOXES, _message)
def _item_added(entry: AuditEntry) -> list[Recipient]:
    toolbox = _target(entry, Toolbox, select=["institution"])
    item = ToolboxItem.objects.filter(pk=int(entry.data.get("item") or 0)).select_related(
        "content", "course", "event", "institution").first()
    if toolbox is None or item is None:
        return []
    url = f"{reverse('prevention:toolbox', args=[toolbox.slug])}#item-{item.pk}"
    recipients = []
    followers = User.objects.filter(pk__in=selectors.toolbox_follower_ids(toolbox), is_active=True).exclude(
        pk=entry.actor_id or 0)
    for user in followers:
        actor = Actor(user)
        if not rules.can_view_toolbox(actor, toolbox):
            continue
        if item.kind != ToolboxItem.Kind.LINK and not selectors.is_linkable(actor, item.kind, item.target):
            continue
        recipients.append(Recipient(user, url, {"toolbox": toolbox.title, "title": item.label}))
    return recipients
