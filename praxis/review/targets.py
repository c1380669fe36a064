"""What the moderation queue knows of the things members flag beside content: questions, answers, events, job offers.

Those live in apps above review, which review never imports. Each such app declares its kinds in its own
`moderation.py` (`register(FlagTarget(...))`), found at start-up like `search.py` and `notifications.py`: the model,
how to load a page of them in one query, and what the queue shows of one (text, link, author, moderators' actions).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.apps import apps
from django.db import models
from django.utils.module_loading import module_has_submodule


@dataclass(frozen=True)
class ModerationLink:
    """An action the queue offers a moderator on a flagged item (a page that asks for the reason, then acts)."""

    label: str
    url: str


@dataclass(frozen=True)
class Shown:
    """A flagged item as the moderation queue shows it."""

    kind: str
    title: str
    url: str
    author: Any = None
    text: str = ""
    state: str = ""
    actions: list[ModerationLink] = field(default_factory=list)


@dataclass(frozen=True)
class FlagTarget:
    model: type[models.Model]
    # One page of targets of this kind in one query (select_related what `show` reads).
    queryset: Callable[[], models.QuerySet[Any]]
    show: Callable[[Any], Shown]
    # The reasons a member chooses from (values of review.models.Flag.Reason).
    reasons: tuple[str, ...]


_targets: dict[type[models.Model], FlagTarget] = {}
_loaded = False


def register(target: FlagTarget) -> FlagTarget:
    _targets[target.model] = target
    return target


def load() -> None:
    """Import every Praxis app's `moderation.py` (once)."""
    global _loaded
    if _loaded:
        return
    for config in apps.get_app_configs():
        if config.name.startswith("praxis.") and module_has_submodule(config.module, "moderation"):
            import_module(f"{config.name}.moderation")
    _loaded = True


def targets() -> list[FlagTarget]:
    load()
    return list(_targets.values())


def target_for(obj: models.Model) -> FlagTarget | None:
    load()
    return _targets.get(type(obj))
