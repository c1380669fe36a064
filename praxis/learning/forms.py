from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from praxis.accounts.models import Language
from praxis.content.models import Theme
from praxis.core.forms import ModelChoiceField


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    theme = ModelChoiceField(label=_("Theme"), queryset=Theme.objects.filter(is_active=True), required=False,
                             empty_label=_("All themes"))
    language = forms.ChoiceField(label=_("Language"), required=False,
                                 choices=[("", _("All languages")), *Language.choices])
