"""No silent overwrite of someone else's edit, for the objects several people edit through a form (a content, an
institution's page, an event, a job offer, a course).

The edit form carries, in a hidden field `seen`, when the object was last changed as the editor saw it
(`updated_at`, to the microsecond). The service saves only after locking the row and finding it unchanged since
(`lock_unchanged`); otherwise it raises `EditConflict`. The view answers 409 with the form as it was typed, a message
that names who may have changed it, and `seen` moved to the current change: sending again, after a look at the page
as it is now, is a deliberate overwrite. The REST API does the same with ETags and `If-Match` (`core.rest`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class EditConflict(ValidationError):
    pass


def stamp(obj: models.Model) -> str:
    return obj.updated_at.isoformat() if getattr(obj, "updated_at", None) else ""  # type: ignore[attr-defined]


def lock_unchanged(obj: models.Model, seen: str | None) -> None:
    """Inside a transaction: lock `obj`'s row and raise `EditConflict` when it changed since `seen` (None: a caller
    that checked otherwise, as the API with If-Match)."""
    current = type(obj)._default_manager.select_for_update().only("pk", "updated_at").get(pk=obj.pk)
    if seen is not None and stamp(current) != seen:
        raise EditConflict(
            _("Someone else saved a change to this page while you were editing it. Nothing was saved: what you typed "
              "is kept below. Open the page as it is now in another tab, compare, and send again to keep your "
              "version."), code="conflict")


class SeenField(forms.CharField):
    """The hidden `seen` field of an edit form."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(widget=forms.HiddenInput, required=False, label=gettext_lazy("Last change seen"), **kwargs)


def seen_value(form: forms.BaseForm) -> str | None:
    """What the form says the editor saw; None for a form without the field (an older page)."""
    value = form.cleaned_data.get("seen") if "seen" in form.fields else None
    return value or None


def after_conflict(form: forms.BaseForm, obj: models.Model, error: EditConflict) -> None:
    """Show the conflict on the form, keep what was typed, and take the current change as seen."""
    form.add_error(None, error)
    data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict
    data["seen"] = stamp(type(obj)._default_manager.only("pk", "updated_at").get(pk=obj.pk))
    form.data = data
