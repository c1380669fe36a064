"""Personal data by construction: every app declares what it holds, and the mechanisms read the declarations.

Each Praxis app's `privacy.py` (found through `praxis.core.hooks`, so the core imports no app) gives:

- `PERSONAL_DATA`: a list of `Holding` — one per model holding personal data (its personal fields, files, purpose,
  what happens at erasure, who outside Praxis receives it, how long it is kept);
- `NOT_PERSONAL`: {model name: why} for models that look personal (a link to a member, a field named like an address)
  but are not, or are covered elsewhere;
- `export_member(*, member) -> dict` (the app's JSON file in the member's archive) and, if it keeps files of the
  member, `export_files(*, member) -> list[(name in the archive, FieldFile)]`;
- `erase_member(*, member, former_member)`: what goes and what is handed to the "former member" placeholder;
- optionally, for the erasure job (`accounts.tasks.erase_account`): `check_erasure(*, member)` raises a
  `ValidationError` when the erasure cannot be done (the last admin of an institution), answered at once when the member
  asks; `erasure_requested(*, member)` stops what the member had running (uploads in progress); and
  `erasure_waits_for(*, member) -> list[str]` names work the job must wait for (a video being transcoded).

As Moodle's privacy API does for plugins, `praxis/core/tests/test_personal_data.py` walks every model of every Praxis
app: a model with a link to a member, or a field named like personal data, that no declaration covers fails the suite;
an app that declares member data and lacks `export_member` or `erase_member` fails too. The privacy page, the export,
the erasure and the retention job (`manage.py purge_expired_data`) are all built from these declarations.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from enum import StrEnum
from importlib import import_module
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import models, transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .files import delete_field_files_on_commit
from .models import TaskRun

# Field names that hold personal data wherever they appear (the walk test uses them).
PERSONAL_FIELD_NAMES = re.compile(
    r"(^|_)(e?mail|email_address|first_name|last_name|full_name|phone|mobile|registration_number|registration_key"
    r"|birth(_?date)?|ip(_address)?|user_agent|address|recipient_name|signature)$"
)


class OnErasure(StrEnum):
    DELETED = "deleted"
    DETACHED = "detached"  # kept for others, shown under "Former member"
    ANONYMISED = "anonymised"  # kept, what identified the person removed
    NOT_LINKED = "not_linked"  # the rows name nobody (anonymous records)


ERASURE_LABELS: dict[OnErasure, Promise] = {
    OnErasure.DELETED: _("deleted with the account"),
    OnErasure.DETACHED: _("kept for the members who rely on it, shown under “Former member”"),
    OnErasure.ANONYMISED: _("kept without what identified the member"),
    OnErasure.NOT_LINKED: _("anonymous: linked to nobody"),
}


@dataclass(frozen=True)
class Retention:
    """How long rows are kept. `setting` names the setting holding the period (`unit`: days or hours) counted from
    `date_field`; `where` restricts the rows the period applies to. With `purge`, the app's own function applies it
    (it receives the cutoff and returns how many rows it changed); with neither `date_field` nor `purge`, another
    job applies it (the period is only described)."""

    setting: str
    after: Promise
    date_field: str = ""
    unit: str = "days"
    where: dict[str, Any] = field(default_factory=dict)
    purge: Callable[[datetime], int] | None = None

    @property
    def amount(self) -> int:
        return int(getattr(settings, self.setting))

    def cutoff(self, now: datetime | None = None) -> datetime:
        return (now or timezone.now()) - timedelta(**{self.unit: self.amount})


@dataclass(frozen=True)
class Holding:
    """Personal data one model holds."""

    model: str  # "app_label.ModelName"
    fields: tuple[str, ...]
    purpose: Promise
    on_erasure: OnErasure
    retention: Retention | None = None  # None: as long as the account exists (then `on_erasure`)
    files: tuple[str, ...] = ()
    leaves_platform: Promise | str = ""  # who outside Praxis receives it, if anyone

    @property
    def model_class(self) -> type[models.Model]:
        return apps.get_model(self.model)


@dataclass(frozen=True)
class AppDeclaration:
    label: str
    verbose_name: str
    holdings: list[Holding]
    not_personal: dict[str, str]
    module: Any

    @property
    def export_member(self) -> Callable[..., dict[str, Any]] | None:
        return getattr(self.module, "export_member", None)

    @property
    def export_files(self) -> Callable[..., list[tuple[str, Any]]] | None:
        return getattr(self.module, "export_files", None)

    @property
    def erase_member(self) -> Callable[..., None] | None:
        return getattr(self.module, "erase_member", None)

    @property
    def check_erasure(self) -> Callable[..., None] | None:
        return getattr(self.module, "check_erasure", None)

    @property
    def erasure_requested(self) -> Callable[..., None] | None:
        return getattr(self.module, "erasure_requested", None)

    @property
    def erasure_waits_for(self) -> Callable[..., list[str]] | None:
        return getattr(self.module, "erasure_waits_for", None)


def declarations() -> list[AppDeclaration]:
    """The declaration of every Praxis app that has a `privacy.py`, in the order of INSTALLED_APPS."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("praxis."):
            continue
        try:
            module = import_module(f"{config.name}.privacy")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.privacy":
                raise
            continue
        found.append(AppDeclaration(
            label=config.label, verbose_name=str(config.verbose_name),
            holdings=list(getattr(module, "PERSONAL_DATA", [])),
            not_personal=dict(getattr(module, "NOT_PERSONAL", {})), module=module,
        ))
    return found


def holdings() -> list[Holding]:
    return [holding for declaration in declarations() for holding in declaration.holdings]


def looks_personal(model: type[models.Model]) -> list[str]:
    """Why a model looks like it holds personal data: its links to members and its personally-named fields."""
    reasons = []
    for model_field in model._meta.get_fields():
        if not getattr(model_field, "concrete", False):
            continue
        related = model_field.related_model if model_field.is_relation else None
        # In an isolated registry (tests) the user model is still a "app.Model" string.
        related_label = related if isinstance(related, str) else getattr(getattr(related, "_meta", None), "label", "")
        if related_label == settings.AUTH_USER_MODEL or PERSONAL_FIELD_NAMES.search(model_field.name):
            reasons.append(model_field.name)
    return reasons


def purge_expired(now: datetime | None = None) -> dict[str, int]:
    """Apply every declared retention period; {model label: rows deleted or changed}. Files follow after commit."""
    done: dict[str, int] = {}
    for holding in holdings():
        retention = holding.retention
        if retention is None or not (retention.purge or retention.date_field):
            continue
        cutoff = retention.cutoff(now)
        with transaction.atomic():
            if retention.purge is not None:
                count = retention.purge(cutoff)
            else:
                rows = holding.model_class._default_manager.filter(
                    **{f"{retention.date_field}__lt": cutoff}, **retention.where)
                if holding.files:
                    delete_field_files_on_commit(
                        getattr(row, name) for row in rows.only("pk", *holding.files) for name in holding.files)
                count = rows.delete()[1].get(holding.model_class._meta.label, 0)
        done[holding.model] = done.get(holding.model, 0) + count
    return done


def undeclared(models_to_check: list[type[models.Model]] | None = None) -> list[str]:
    """"app.Model.field" for every personally-looking field that no declaration covers: the field is in a holding of
    its model, or its app's `NOT_PERSONAL` explains the model ("Model") or the field ("Model.field")."""
    covered: dict[str, set[str]] = {}
    explained: set[str] = set()
    for declaration in declarations():
        for holding in declaration.holdings:
            covered.setdefault(holding.model, set()).update(holding.fields)
        explained |= {f"{declaration.label}.{name}" for name in declaration.not_personal}
    missing = []
    for model in models_to_check if models_to_check is not None else praxis_models():
        label = model._meta.label
        if label in explained:
            continue
        missing += [f"{label}.{name}" for name in looks_personal(model)
                    if name not in covered.get(label, set()) and f"{label}.{name}" not in explained]
    return missing


def praxis_models() -> list[type[models.Model]]:
    return [model for model in apps.get_models() if model.__module__.startswith("praxis.")]


def purge_everything(now: datetime | None = None) -> dict[str, int]:
    """The daily retention job: the declared periods, plus expired sessions and finished background jobs."""
    done = purge_expired(now)
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()
    finished = (now or timezone.now()) - timedelta(days=settings.RETENTION_TASK_DAYS)
    done["core.TaskRun"] = TaskRun.objects.filter(
        status__in=[TaskRun.Status.DONE, TaskRun.Status.FAILED], finished_at__lt=finished).delete()[0]
    return done
