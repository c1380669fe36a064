from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .scopes import SCOPES

EXPIRY_CHOICES = [("30", _("30 days")), ("90", _("90 days")), ("365", _("1 year")), ("", _("Never"))]


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=80,
                           help_text=_("What the token is for, e.g. “Hospital intranet”."))
    scopes = forms.MultipleChoiceField(
        label=_("Scopes"), widget=forms.CheckboxSelectMultiple,
        choices=lambda: [(scope, f"{scope} — {label}") for scope, label in SCOPES.items()],
        help_text=_("A token never does more than you may do yourself; the scopes narrow it further."))
    expires_in_days = forms.TypedChoiceField(label=_("Expires after"), choices=EXPIRY_CHOICES, coerce=int,
                                             empty_value=None, required=False, initial="90")


class ClientForm(forms.Form):
    name = forms.CharField(label=_("Name of the system"), max_length=255,
                           help_text=_("e.g. “HR intranet” or “Training planner”: the staff see it in the history."))
