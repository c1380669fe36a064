"""The notification mechanism's registry: the kinds members choose about, and which audit-log actions notify whom.

Each app declares its own in a `notifications.py` module, found at start-up (as each declares its search documents
in `search.py`); this module imports no app:

    ANSWERS = kind("answers", _("Answers to my questions and to my answers"), order=10)

    @rule("discussions.answer.posted", ANSWERS, lambda d: _("%(actor)s answered “%(title)s”") % d, owner_emails=True)
    def _answer_posted(entry: AuditEntry) -> list[Recipient]: ...

A rule's `recipients(entry)` returns `Recipient`s, each already checked against the visibility rules of the object
(a member is never told about something they may not see). `owner_emails=True` marks actions whose own app
already sends the email (discussions, review, invitations): those notify in-app only, to avoid a second email.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.module_loading import module_has_submodule

from praxis.core.models import AuditEntry


@dataclass(frozen=True)
class Kind:
    """What a member turns on or off, per channel ("Answers to my questions", "Weekly digest"...)."""

    key: str
    label: str | Promise
    channels: tuple[str, ...] = ("in_app", "email")  # `models.Channel` values (models import this module)
    order: int = 100


@dataclass
class Recipient:
    user: Any
    url: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Rule:
    action: str
    kind: str
    recipients: Callable[[AuditEntry], list[Recipient]]
    message: Callable[[dict[str, Any]], str]
    owner_emails: bool = False


KINDS: dict[str, Kind] = {}
RULES: dict[str, Rule] = {}
_loaded = False


def kind(key: str, label: str | Promise, *, channels: Iterable[str] = ("in_app", "email"),
         order: int = 100) -> str:
    """Declare a kind of notification; returns its key (what rows and preferences store)."""
    KINDS[key] = Kind(key, label, tuple(channels), order)
    return key


RecipientsOf = Callable[[AuditEntry], list[Recipient]]


def rule(action: str, kind: str, message: Callable[[dict[str, Any]], str], *,
         owner_emails: bool = False) -> Callable[[RecipientsOf], RecipientsOf]:
    """Declare that an audit action notifies the members its decorated function returns."""
    def wrap(func: RecipientsOf) -> RecipientsOf:
        RULES[action] = Rule(action, kind, func, message, owner_emails)
        return func

    return wrap


def load() -> None:
    """Import every installed Praxis app's `notifications.py` (once, at start-up, by the notifications app)."""
    global _loaded
    if _loaded:
        return
    for config in apps.get_app_configs():
        if config.name.startswith("praxis.") and module_has_submodule(config.module, "notifications"):
            import_module(f"{config.name}.notifications")
    _loaded = True


def kinds() -> list[Kind]:
    """Every declared kind, in the order the preferences page lists them."""
    load()
    return sorted(KINDS.values(), key=lambda found: (found.order, found.key))


def kind_choices() -> list[tuple[str, str | Promise]]:
    """The model fields' choices (a callable: a new kind needs no migration)."""
    return [(found.key, found.label) for found in kinds()]


def label(key: str) -> str | Promise:
    load()
    found = KINDS.get(key)
    return found.label if found else key


def is_kind(key: Any) -> bool:
    load()
    return key in KINDS


def get(action: str) -> Rule | None:
    load()
    return RULES.get(action)


def actions() -> list[str]:
    load()
    return list(RULES)


def message(notification: Any) -> str:
    found = get(notification.action)
    if found is None:
        return str(notification.action)
    try:
        return found.message(notification.data)
    except (KeyError, TypeError, ValueError):
        return str(notification.action)


# --- helpers for the apps' rules -------------------------------------------------------------------------------------
def target[M: models.Model](entry: AuditEntry, model: type[M], *, select: Iterable[str] = ()) -> M | None:
    """The object an audit entry is about (None when it is gone or the id is not a number)."""
    if not entry.target_id or not str(entry.target_id).isdigit():
        return None
    queryset = model._default_manager.all()
    if select:
        queryset = queryset.select_related(*select)
    return queryset.filter(pk=int(entry.target_id)).first()


def url(name: str, **kwargs: Any) -> str:
    """A path for the notification's link; "" when the app is not mounted."""
    try:
        return reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return ""


def full_name(user: Any) -> str:
    return user.get_full_name() if user is not None else ""
