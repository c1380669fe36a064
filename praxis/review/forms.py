
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from praxis.content.models import Theme

from .models import CHECKLIST, Flag, Submission, checklist_for


class DecisionForm(forms.Form):
    """The reviewer's decision with the checklist. Approval needs every check; the other decisions need a comment."""

    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[
            (Submission.Decision.APPROVED, _("Approve and publish")),
            (Submission.Decision.CHANGES_REQUESTED, _("Ask the author for changes")),
            (Submission.Decision.REJECTED, _("Reject")),
        ],
    )
    comments = forms.CharField(
        label=_("Comments to the author"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Required to ask for changes or to reject: say what to change, or why."),
    )

    def __init__(self, *args: object, content: object = None, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.checks = checklist_for(content) if content is not None else CHECKLIST
        for name, label in self.checks:
            self.fields[name] = forms.BooleanField(label=label, required=False)
        # Checklist first, then the decision.
        self.order_fields([name for name, _label in self.checks] + ["decision", "comments"])

    @property
    def checklist_fields(self) -> list[Any]:
        return [self[name] for name, _label in self.checks]

    def checklist(self) -> dict[str, bool]:
        return {name: bool(self.cleaned_data.get(name)) for name, _label in self.checks}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        decision = data.get("decision")
        if decision == Submission.Decision.APPROVED:
            for name, _label in self.checks:
                if not data.get(name):
                    self.add_error(name, _("Tick this check before approving."))
        elif decision and not (data.get("comments") or "").strip():
            self.add_error("comments", _("Say what to change, or why you reject it."))
        return data


class FlagForm(forms.Form):
    reason = forms.ChoiceField(label=_("What is wrong?"), choices=Flag.Reason.choices, widget=forms.RadioSelect)
    text = forms.CharField(
        label=_("Details"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional, except for “Other”. Do not write any patient's name."),
    )

    def __init__(self, *args: Any, reasons: tuple[str, ...] | None = None, **kwargs: Any) -> None:
        """`reasons`: the subset that applies to the flagged kind (`review.targets.FlagTarget.reasons`)."""
        super().__init__(*args, **kwargs)
        if reasons is not None:
            self.fields["reason"].choices = [  # type: ignore[attr-defined]
                (value, label) for value, label in Flag.Reason.choices if value in reasons
            ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == Flag.Reason.OTHER and not (data.get("text") or "").strip():
            self.add_error("text", _("Tell the moderators what is wrong."))
        return data


class DismissFlagForm(forms.Form):
    note = forms.CharField(label=_("Note (for the moderators)"), required=False, max_length=1000)


class UnpublishForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason sent to the author"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}),
    )


class StaffSearchForm(forms.Form):
    q = forms.CharField(label=_("Find a member (name or email)"), required=False, max_length=120)


class StaffRolesForm(forms.Form):
    is_reviewer = forms.BooleanField(
        label=_("Reviewer"), required=False,
        help_text=_("Reviews the submissions of the themes ticked below."),
    )
    is_moderator = forms.BooleanField(
        label=_("Moderator"), required=False,
        help_text=_("Handles reports, verifies professional numbers, hides and unpublishes."),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes reviewed"), queryset=Theme.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, themes: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if themes is not None:
            self.fields["themes"].queryset = themes  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("is_reviewer") and not data.get("themes"):
            self.add_error("themes", _("Tick at least one theme: submissions reach reviewers by theme."))
        return data
