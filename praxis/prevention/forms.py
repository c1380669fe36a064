"""Forms of the screening (the context screen, then one form per step built from the instrument's items) and of
the toolboxes.

There is no free-text field anywhere in a screening: every answer is a choice, a tick or a number."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from praxis.communities.models import Network
from praxis.core.forms import ModelChoiceField
from praxis.institutions.models import Institution

from . import icope
from .models import AREA_CHOICES, AREA_COUNTRY, AgeBand, Country, RunBy, Toolbox, ToolboxSection

YES_NO = [("yes", _("Yes")), ("no", _("No"))]


class ContextForm(forms.Form):
    """Who runs the screening and the coarse, anonymous facts kept with its result."""

    run_by = forms.ChoiceField(label=_("Who is answering?"), widget=forms.RadioSelect,
                               choices=[(RunBy.SELF, _("I am answering for myself")),
                                        (RunBy.CARER, _("I am a carer, helping someone"))])
    age_band = forms.ChoiceField(label=_("Age of the person screened"), choices=AgeBand.choices,
                                 widget=forms.RadioSelect)
    country = forms.ChoiceField(label=_("Country where the person lives"), choices=Country.choices,
                                widget=forms.RadioSelect)
    area = forms.ChoiceField(label=_("Province or department (optional)"), required=False,
                             choices=[("", _("I would rather not say")), *AREA_CHOICES],
                             help_text=_("Only used for anonymous figures of the programme."))

    def __init__(self, *args: Any, professional: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if professional:
            del self.fields["run_by"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        area, country = data.get("area"), data.get("country")
        if area and country and AREA_COUNTRY.get(area) != country:
            self.add_error("area", _("This province or department is not in the country you chose."))
        return data


def _yes_no_field(item: icope.Item, professional: bool) -> forms.Field:
    return forms.TypedChoiceField(
        label=item.pro if professional else item.self, widget=forms.RadioSelect,
        choices=[("yes", item.yes), ("no", item.no)], coerce=lambda value: value == "yes",
        help_text=(item.help_pro if professional else item.help_self) or "",
        error_messages={"required": _("Please choose an answer.")},
    )


class StepForm(forms.Form):
    """The answers of one screen. `cleaned_answers()` gives them as the instrument's values (JSON-safe)."""

    def __init__(self, *args: Any, step: icope.Step, professional: bool, words: tuple[str, str, str],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.step = step
        for key in step.items:
            item = icope.ITEMS_BY_KEY[key]
            help_text = (item.help_pro if professional else item.help_self) or ""
            if item.kind == "yes_no":
                self.fields[key] = _yes_no_field(item, professional)
            elif item.kind == "words":
                self.fields[key] = forms.MultipleChoiceField(
                    label=item.pro if professional else item.self, required=False, help_text=help_text,
                    widget=forms.CheckboxSelectMultiple, choices=[(str(i), word) for i, word in enumerate(words)])
            elif item.kind == "seconds":
                self.fields[f"{key}_seconds"] = forms.DecimalField(
                    label=_("Time for five rises, in seconds"), required=False, min_value=Decimal(0),
                    max_value=icope.CHAIR_RISE_MAX_SECONDS, max_digits=6, decimal_places=1,
                    help_text=help_text, localize=True,
                    error_messages={
                        "min_value": _("A time cannot be negative."),
                        "max_value": _("More than 10 minutes is not a possible time for five chair rises: check "
                                       "the timer and type the time in seconds."),
                        "invalid": _("Type the time as a number of seconds, for example 12 or 12.5."),
                        "max_decimal_places": _("Round the time to a tenth of a second."),
                        "max_digits": _("Type the time as a number of seconds, for example 12 or 12.5."),
                    })
                self.fields[f"{key}_not_done"] = forms.BooleanField(
                    label=_("Could not stand up five times without using the arms"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for key in self.step.items:
            if icope.ITEMS_BY_KEY[key].kind != "seconds":
                continue
            seconds, not_done = data.get(f"{key}_seconds"), data.get(f"{key}_not_done")
            if f"{key}_seconds" in self.errors:
                continue
            if not_done and seconds is not None:
                self.add_error(f"{key}_seconds", _("Give a time, or tick that the five rises were not possible, "
                                                   "not both."))
            elif not not_done and seconds is None:
                self.add_error(f"{key}_seconds", _("Give the time in seconds, or tick that the five rises were "
                                                   "not possible."))
            elif seconds is not None and seconds <= 0:
                self.add_error(f"{key}_seconds", _("A time must be more than zero seconds."))
        return data

    def cleaned_answers(self) -> dict[str, Any]:
        answers: dict[str, Any] = {}
        for key in self.step.items:
            item = icope.ITEMS_BY_KEY[key]
            if item.kind == "yes_no":
                answers[key] = bool(self.cleaned_data[key])
            elif item.kind == "words":
                answers[key] = len(set(self.cleaned_data[key]))
            elif item.kind == "seconds":
                seconds = self.cleaned_data.get(f"{key}_seconds")
                answers[key] = None if self.cleaned_data.get(f"{key}_not_done") else str(seconds)
        return answers

    @classmethod
    def initial_from(cls, step: icope.Step, answers: dict[str, Any]) -> dict[str, Any]:
        """What the form shows when a screen is opened again (going back keeps the answers)."""
        initial: dict[str, Any] = {}
        for key in step.items:
            if key not in answers:
                continue
            item, value = icope.ITEMS_BY_KEY[key], answers[key]
            if item.kind == "yes_no":
                initial[key] = "yes" if value else "no"
            elif item.kind == "words":
                initial[key] = [str(i) for i in range(value)]
            elif item.kind == "seconds":
                initial[f"{key}_seconds"] = None if value is None else Decimal(value)
                initial[f"{key}_not_done"] = value is None
        return initial


class PostalCodeForm(forms.Form):
    """Where to look for help near the person: used for the search, never stored."""

    country = forms.ChoiceField(label=_("Country"), choices=[c for c in Country.choices if c[0] != "XX"])
    postal_code = forms.CharField(label=_("Postal code"), max_length=10,
                                  widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))


class FiguresForm(forms.Form):
    area = forms.ChoiceField(label=_("Area"), required=False,
                             choices=[("", _("All provinces and departments")), *AREA_CHOICES])
    months = forms.TypedChoiceField(label=_("Period"), required=False, coerce=int, empty_value=12, initial=12,
                                    choices=[(6, _("last 6 months")), (12, _("last 12 months")),
                                             (24, _("last 24 months"))])


# --- toolboxes ----------------------------------------------------------------------------------------------------
class VersionedForm(forms.Form):
    """Every toolbox edit carries the version the editor saw: a change made on an older one is refused."""

    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ToolboxForm(VersionedForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    introduction = forms.CharField(label=_("Introduction"), required=False, max_length=4000,
                                   widget=forms.Textarea(attrs={"rows": 5}),
                                   help_text=_("What the toolbox is for and for whom. Plain text."))
    audience = forms.ChoiceField(label=_("Written for"), choices=Toolbox.Audience.choices)
    visibility = forms.ChoiceField(label=_("Who may read it"), choices=Toolbox.Visibility.choices,
                                   widget=forms.RadioSelect)
    status = forms.ChoiceField(label=_("Status"), choices=Toolbox.Status.choices, widget=forms.RadioSelect)
    network = ModelChoiceField(label=_("Also maintained by a network of communities"), queryset=Network.objects.all(),
                               required=False, empty_label=_("No network"),
                               help_text=_("The members of its communities may then edit the toolbox too."))

    @classmethod
    def initial_for(cls, toolbox: Toolbox) -> dict[str, Any]:
        return {"version": toolbox.version, "title": toolbox.title, "introduction": toolbox.introduction,
                "audience": toolbox.audience, "visibility": toolbox.visibility, "status": toolbox.status,
                "network": toolbox.network_id}


class ToolboxCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    institution = ModelChoiceField(label=_("Maintained by"), queryset=Institution.objects.none(),
                                   help_text=_("Its members will be the toolbox's editors."))
    introduction = forms.CharField(label=_("Introduction"), required=False, max_length=4000,
                                   widget=forms.Textarea(attrs={"rows": 4}))
    audience = forms.ChoiceField(label=_("Written for"), choices=Toolbox.Audience.choices)
    visibility = forms.ChoiceField(label=_("Who may read it"), choices=Toolbox.Visibility.choices,
                                   widget=forms.RadioSelect, initial=Toolbox.Visibility.PUBLIC)
    first_section = forms.CharField(label=_("Title of the first section"), max_length=200, required=False,
                                    help_text=_("You can add more sections afterwards."))

    def __init__(self, *args: Any, institutions: QuerySet[Institution], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["institution"]).queryset = institutions


class SectionForm(VersionedForm):
    title = forms.CharField(label=_("Section title"), max_length=200)
    introduction = forms.CharField(label=_("Introduction to the section"), required=False, max_length=3000,
                                   widget=forms.Textarea(attrs={"rows": 3}))


class ItemForm(VersionedForm):
    section = ModelChoiceField(label=_("Section"), queryset=ToolboxSection.objects.none(), empty_label=None)
    link = forms.CharField(label=_("Address of the page"), max_length=500,
                           help_text=_("Paste the address of a capsule, document, article, course, event or "
                                       "directory entry of Praxis, or of an external page (https://)."))
    title = forms.CharField(label=_("Title"), max_length=200, required=False,
                            help_text=_("Needed for an external link; otherwise the page's own title is shown."))
    note = forms.CharField(label=_("Why it is here (optional)"), max_length=500, required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, toolbox: Toolbox, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["section"]).queryset = toolbox.sections.all()


class ItemActionForm(VersionedForm):
    action = forms.ChoiceField(choices=[("up", _("Move up")), ("down", _("Move down")), ("remove", _("Remove"))])


class SectionDeleteForm(VersionedForm):
    pass
