"""Forms of programme authoring."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from praxis.core.forms import ModelChoiceField, ModelMultipleChoiceField
from praxis.institutions.models import Institution

from ..models import Visibility


class ProgrammeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=2000, required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    owner_institution = ModelChoiceField(label=_("Offered by"), queryset=None, required=False,
                                         empty_label=_("The Praxis platform"))
    visibility = forms.ChoiceField(label=_("Who may follow it"), choices=Visibility.choices,
                                   widget=forms.RadioSelect, initial=Visibility.INTERNAL)
    shared_with = ModelMultipleChoiceField(label=_("Shared with"), queryset=None, required=False,
                                           widget=forms.SelectMultiple(attrs={"size": 6}),
                                           help_text=_("Only for a programme shared with a list of institutions."))

    def __init__(self, *args: Any, institutions: Any, platform: bool, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner_institution"]
        shared = self.fields["shared_with"]
        assert isinstance(owner, forms.ModelChoiceField) and isinstance(shared, forms.ModelMultipleChoiceField)
        owner.queryset = institutions
        if not platform:
            owner.required = True
            owner.empty_label = None
        if editing:
            del self.fields["owner_institution"]
        shared.queryset = Institution.objects.filter(is_verified=True).order_by("name")


class ProgrammeCourseForm(forms.Form):
    course = ModelChoiceField(label=_("Course to add"), queryset=None)

    def __init__(self, *args: Any, courses: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["course"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = courses
