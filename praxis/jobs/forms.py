from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from praxis.accounts.models import Country, Profession
from praxis.core.concurrency import SeenField
from praxis.core.forms import ModelChoiceField

from .models import JobOffer
from .regions import REGIONS


class OfferForm(forms.Form):
    seen = SeenField()
    institution = ModelChoiceField(label=_("Institution"), queryset=None, empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    professions = forms.MultipleChoiceField(label=_("Profession(s)"), choices=Profession.choices,
                                            widget=forms.CheckboxSelectMultiple)
    contract = forms.ChoiceField(label=_("Contract"), choices=JobOffer.Contract.choices)
    working_time = forms.ChoiceField(label=_("Working time"), choices=JobOffer.WorkingTime.choices)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=10)
    city = forms.CharField(label=_("City"), max_length=120)
    country = forms.ChoiceField(label=_("Country"), choices=Country.choices, initial="BE")
    start_date = forms.DateField(label=_("Start date"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 8}), max_length=10000)
    apply_method = forms.ChoiceField(label=_("How to apply"), choices=JobOffer.ApplyMethod.choices,
                                     widget=forms.RadioSelect, initial=JobOffer.ApplyMethod.MESSAGE)
    apply_url = forms.URLField(label=_("Application link (https)"), required=False, assume_scheme="https")
    apply_email = forms.EmailField(label=_("Application email"), required=False)
    closing_date = forms.DateField(label=_("Closing date"), widget=forms.DateInput(attrs={"type": "date"}),
                                   help_text=_("The offer disappears after this day."))

    def __init__(self, *args: Any, institutions: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["institution"]).queryset = institutions


class SearchForm(forms.Form):
    profession = forms.ChoiceField(label=_("Profession"), choices=[("", _("All professions")), *Profession.choices],
                                   required=False)
    region = forms.ChoiceField(label=_("Region"), choices=[("", _("All regions")), *REGIONS], required=False)
    contract = forms.ChoiceField(label=_("Contract"), choices=[("", _("All contracts")), *JobOffer.Contract.choices],
                                 required=False)
    near = forms.CharField(label=_("Near (postal code or city)"), max_length=60, required=False)
    country = forms.ChoiceField(label=_("Country"), choices=[("", _("All countries")), *Country.choices],
                                required=False)
    radius = forms.TypedChoiceField(label=_("Within"), coerce=int, required=False, initial=30,
                                    choices=[(10, "10 km"), (30, "30 km"), (60, "60 km"), (100, "100 km")])


class SaveSearchForm(SearchForm):
    name = forms.CharField(label=_("Name of the alert"), max_length=100, required=False)


class ContactForm(forms.Form):
    body = forms.CharField(label=_("Your message to the institution"), widget=forms.Textarea(attrs={"rows": 6}),
                           max_length=5000, help_text=_("Introduce yourself; the institution answers you by email."))
