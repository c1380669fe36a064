
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from praxis.core.forms import ModelChoiceField

from .models import Playlist


class QuestionForm(forms.Form):
    body = forms.CharField(
        label=_("Your question"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("No patient data: no name, date of birth, phone or national number."),
    )
    is_anonymous = forms.BooleanField(
        label=_("Ask anonymously to peers"), required=False,
        help_text=_("Members will not see your name. Moderators can still see it."),
    )


class AnswerForm(forms.Form):
    body = forms.CharField(
        label=_("Your answer"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("No patient data: no name, date of birth, phone or national number."),
    )


class PlaylistForm(forms.Form):
    name = forms.CharField(label=_("Name of the new list"), max_length=120)


class PlaylistAddForm(forms.Form):
    playlist = ModelChoiceField(label=_("List"), queryset=Playlist.objects.none(), required=False,
                                empty_label=_("— new list —"))
    name = forms.CharField(label=_("Name of the new list"), max_length=120, required=False)

    def __init__(self, *args: object, owner_id: int | None = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["playlist"].queryset = Playlist.objects.filter(owner_id=owner_id)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("playlist") and not (data.get("name") or "").strip():
            self.add_error("name", _("Choose a list or name a new one."))
        return data


class PostEditForm(forms.Form):
    body = forms.CharField(
        label=_("Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("No patient data: no name, date of birth, phone or national number."),
    )
    # The version the edit starts from: a save by someone else in between is shown as a conflict.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (kept in the moderation history)"), max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
