from __future__ import annotations

from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from praxis.accounts.models import Language
from praxis.core.forms import ModelChoiceField, ModelMultipleChoiceField

from .models import Case, CaseOutcome, Community, CommunityMembership, Meeting


def resolve_places(text: str) -> list[Any]:
    """"1030, 1140 Evere, Saint-Josse-ten-Noode" → the gazetteer's rows; a ValidationError names what is unknown or
    ambiguous (several places of that name), so that the facilitator can type it more precisely."""
    from praxis.institutions import geo
    from praxis.institutions.models import PostalCode

    rows: list[Any] = []
    errors: list[str] = []
    for item in [part.strip() for part in text.replace(";", ",").replace("\n", ",").split(",") if part.strip()]:
        found = geo.locate("", item)
        if not found:
            errors.append(str(_("“%(item)s” is not a municipality or postal code we know.") % {"item": item}))
            continue
        if len(found) > 1:
            choices = ", ".join(place.label for place in found[:5])
            errors.append(str(_("“%(item)s” is ambiguous: write one of %(choices)s.")
                              % {"item": item, "choices": choices}))
            continue
        place = found[0]
        row = PostalCode.objects.filter(country=place.country, postal_code=place.postal_code,
                                        name=place.name).order_by("-is_city").first()
        if row is not None and row not in rows:
            rows.append(row)
    if errors:
        raise ValidationError(errors)
    return rows


class CommunityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    purpose = forms.CharField(label=_("Purpose"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("What the members want to improve together. No patient information."))
    description = forms.CharField(label=_("How the community works"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 4}))
    scope = forms.ChoiceField(label=_("The community gathers professionals of"), choices=Community.Scope.choices,
                              widget=forms.RadioSelect, initial=Community.Scope.TERRITORY)
    places = forms.CharField(label=_("Municipalities or postal codes of the territory"), required=False,
                             max_length=1000, help_text=_("Separated by commas, for example: 1030, 1140 Evere, "
                                                          "Saint-Josse-ten-Noode."))
    function = forms.CharField(label=_("Function or theme"), required=False, max_length=200,
                               help_text=_("For example: proximity referents, case managers."))
    themes = ModelMultipleChoiceField(label=_("Themes"), queryset=None, required=False,
                                      widget=forms.CheckboxSelectMultiple)
    languages = forms.MultipleChoiceField(label=_("Languages of the community"), choices=Language.choices,
                                          widget=forms.CheckboxSelectMultiple, initial=["fr"])
    join_policy = forms.ChoiceField(label=_("How one joins"), choices=Community.JoinPolicy.choices,
                                    widget=forms.RadioSelect, initial=Community.JoinPolicy.REQUEST)
    visibility = forms.ChoiceField(label=_("Visibility"), choices=Community.Visibility.choices,
                                   widget=forms.RadioSelect, initial=Community.Visibility.PUBLIC)
    peer_group_number = forms.CharField(label=_("LOK/GLEM peer-group number (Belgium)"), required=False,
                                        max_length=30, help_text=Community._meta.get_field(
                                            "peer_group_number").help_text)

    def __init__(self, *args: Any, shape: list[dict[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from praxis.content.models import Theme

        # The community's case template (adopted from its network) words the parts and says what to write in each.
        for part in shape or []:
            field = self.fields.get(part.get("field", ""))
            if field is not None and part.get("title"):
                field.label = part["title"]
                field.help_text = part.get("prompt") or field.help_text
        cast(ModelMultipleChoiceField, self.fields["themes"]).queryset = Theme.objects.filter(is_active=True).order_by(
            "name")
        self.resolved_places: list[Any] = []

    @staticmethod
    def initial_for(community: Community) -> dict[str, Any]:
        return {
            "name": community.name, "purpose": community.purpose, "description": community.description,
            "scope": community.scope, "function": community.function, "languages": community.languages,
            "join_policy": community.join_policy, "visibility": community.visibility,
            "peer_group_number": community.peer_group_number, "themes": list(community.themes.all()),
            "places": ", ".join(f"{p.postal_code} {p.name}".strip() for p in community.places.all()),
        }

    def clean_places(self) -> str:
        text = self.cleaned_data["places"]
        self.resolved_places = resolve_places(text)
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("scope") == Community.Scope.TERRITORY and "places" not in self.errors \
                and not self.resolved_places:
            self.add_error("places", _("Name at least one municipality or postal code of the territory."))
        if data.get("scope") == Community.Scope.FUNCTION and not (data.get("function") or data.get("themes")):
            self.add_error("function", _("Say which function or theme brings the members together."))
        return data

    def service_data(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k not in {"places", "themes"}}
        return data


class JoinRequestForm(forms.Form):
    message = forms.CharField(label=_("A word to the facilitators (optional)"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Your practice, why you would like to join."))


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the colleague"))


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=CommunityMembership.Role.choices)


class LeaveForm(forms.Form):
    successor = ModelChoiceField(label=_("Facilitator after you"), queryset=None, required=False,
                                 empty_label=_("— choose a member —"))

    def __init__(self, *args: Any, successors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(ModelChoiceField, self.fields["successor"])
        field.queryset = successors
        field.label_from_instance = lambda m: m.user.get_full_name()  # type: ignore[assignment,method-assign]


# --- cases and discussions --------------------------------------------------------------------------------------------
class PrivacyConfirmForm(forms.Form):
    """A form whose texts go through the privacy guard: after a finding, the author may confirm (audited)."""

    confirmed = forms.BooleanField(
        label=_("I confirm that what was found is not about a patient (for example the address of a service)."),
        required=False)
    show_confirm = False

    def privacy_error(self, error: Any) -> None:
        """Show what the guard found on each field; offer the confirmation when it is allowed."""
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)
        self.show_confirm = error.confirmable


class CaseForm(PrivacyConfirmForm):
    title = forms.CharField(label=_("Title"), max_length=200,
                            help_text=_("The situation in a few words, without any name."))
    context = forms.CharField(label=_("Context"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=Case._meta.get_field("context").help_text)
    problem = forms.CharField(label=_("Organisational problem"), max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 4}))
    roles_involved = forms.CharField(label=_("Roles and services involved"), max_length=2000, required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}),
                                     help_text=Case._meta.get_field("roles_involved").help_text)
    resources_used = forms.CharField(label=_("Resources used"), max_length=2000, required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    tried = forms.CharField(label=_("What was tried"), max_length=4000, required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    open_questions = forms.CharField(label=_("Open questions to the group"), max_length=2000, required=False,
                                     widget=forms.Textarea(attrs={"rows": 2}))
    themes = ModelMultipleChoiceField(label=_("Themes"), queryset=None, required=False,
                                      widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, shape: list[dict[str, str]] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from praxis.content.models import Theme

        # The community's case template (adopted from its network) words the parts and says what to write in each.
        for part in shape or []:
            field = self.fields.get(part.get("field", ""))
            if field is not None and part.get("title"):
                field.label = part["title"]
                field.help_text = part.get("prompt") or field.help_text
        cast(ModelMultipleChoiceField, self.fields["themes"]).queryset = Theme.objects.filter(
            is_active=True).order_by("name")

    @staticmethod
    def initial_for(case: Case) -> dict[str, Any]:
        return {**case.texts(), "themes": list(case.themes.all())}


class CommentForm(PrivacyConfirmForm):
    text = forms.CharField(label=_("Your comment"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class RecommendationForm(PrivacyConfirmForm):
    text = forms.CharField(label=_("Recommendation of the group"), max_length=2000,
                           widget=forms.Textarea(attrs={"rows": 2}))


class FollowupForm(forms.Form):
    due_on = forms.DateField(label=_("Ask the presenter for an update on"),
                             widget=forms.DateInput(attrs={"type": "date"}))


class OutcomeForm(PrivacyConfirmForm):
    applied = forms.ChoiceField(label=_("Were the recommendations applied?"), choices=CaseOutcome.Applied.choices,
                                widget=forms.RadioSelect)
    change = forms.ChoiceField(label=_("What changed?"), choices=CaseOutcome.Change.choices, widget=forms.RadioSelect)
    what_applied = forms.CharField(label=_("What you applied"), max_length=3000, required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))
    what_changed = forms.CharField(label=_("What changed, in your words"), max_length=3000, required=False,
                                   widget=forms.Textarea(attrs={"rows": 3}))


class ThreadForm(PrivacyConfirmForm):
    title = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), max_length=6000, widget=forms.Textarea(attrs={"rows": 5}),
                           help_text=_("Write @ followed by a member's first and last name to notify them."))


class ReplyForm(PrivacyConfirmForm):
    body = forms.CharField(label=_("Your reply"), max_length=6000, widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("Write @ followed by a member's first and last name to notify them."))


# --- meetings -------------------------------------------------------------------------------------------------------
class MeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, initial=_("Meeting of the community"))
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    mode = forms.ChoiceField(label=_("Format"), choices=Meeting.Mode.choices, widget=forms.RadioSelect,
                             initial=Meeting.Mode.IN_PERSON)
    place = forms.CharField(label=_("Place"), max_length=300, required=False,
                            help_text=_("The room and the address of the service that hosts the meeting."))
    join_url = forms.URLField(label=_("Link to join online"), required=False, assume_scheme="https",
                              help_text=_("Shown to members only."))
    cases = ModelMultipleChoiceField(label=_("Cases on the agenda"), queryset=None, required=False,
                                     widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(ModelMultipleChoiceField, self.fields["cases"]).queryset = community.cases.order_by("-created_at")


class MinutesForm(PrivacyConfirmForm):
    next_topics = forms.CharField(label=_("Topics of the next meeting"), required=False, max_length=3000,
                                  widget=forms.Textarea(attrs={"rows": 3}), help_text=_("One per line."))
    decisions = forms.CharField(label=_("Decisions"), required=False, max_length=6000,
                                widget=forms.Textarea(attrs={"rows": 3}), help_text=_("One per line."))

    def __init__(self, *args: Any, phases: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.phase_names = []
        for n, phase in enumerate(phases, start=1):
            name = f"minutes_{phase['key']}"
            self.fields[name] = forms.CharField(label=f"{n}. {phase['title']}", required=False, max_length=6000,
                                                widget=forms.Textarea(attrs={"rows": 3}))
            self.phase_names.append(name)
        self.order_fields([*self.phase_names, "decisions", "next_topics", "confirmed"])

    def phase_fields(self) -> list[Any]:
        return [self[name] for name in self.phase_names]


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Action"), max_length=500)
    owner = forms.TypedChoiceField(label=_("Who"), coerce=int, choices=())
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, community: Community, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.TypedChoiceField, self.fields["owner"]).choices = [("", _("— choose a member —"))] + [
            (m.user_id, m.user.get_full_name()) for m in community.memberships.select_related("user")
            .order_by("user__last_name")]


class SurveyForm(forms.Form):
    usefulness = forms.TypedChoiceField(label=_("How useful was the meeting for your practice? (1 = not at all, "
                                                "5 = very)"), coerce=int, choices=[(n, str(n)) for n in range(1, 6)],
                                        widget=forms.RadioSelect)
    will_apply = forms.CharField(label=_("What will you apply?"), required=False, max_length=2000,
                                 widget=forms.Textarea(attrs={"rows": 3}))


class AgendaTemplateForm(forms.Form):
    def __init__(self, *args: Any, phases: list[dict[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for n, phase in enumerate(phases, start=1):
            self.fields[f"{phase['key']}_title"] = forms.CharField(
                label=_("Phase %(n)s: title") % {"n": n}, max_length=200, initial=phase["title"])
            self.fields[f"{phase['key']}_prompt"] = forms.CharField(
                label=_("Phase %(n)s: what the group does") % {"n": n}, max_length=1000, required=False,
                initial=phase["prompt"], widget=forms.Textarea(attrs={"rows": 2}))
        self.keys = [phase["key"] for phase in phases]

    def phases(self) -> dict[str, dict[str, str]]:
        return {key: {"title": self.cleaned_data[f"{key}_title"], "prompt": self.cleaned_data[f"{key}_prompt"]}
                for key in self.keys}


class ToolForm(PrivacyConfirmForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    text = forms.CharField(label=_("Text"), max_length=50000, widget=forms.Textarea(attrs={"rows": 14}),
                           help_text=_("Markdown: # heading, - list, **bold**. No patient information."))
    note = forms.CharField(label=_("What you changed (optional)"), max_length=300, required=False)
    based_on = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class LibraryForm(PrivacyConfirmForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    note = forms.CharField(label=_("Why it is useful (optional)"), max_length=500, required=False)
    url = forms.CharField(label=_("Address"), max_length=500, required=False,
                          help_text=_("A web address (https://…) or the address of a capsule, a document or a course "
                                      "of Praxis (for example /contenus/12-plaies/)."))
    file = forms.FileField(label=_("Or a file"), required=False,
                           help_text=_("PDF, office document or image; checked before it is shared."))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if bool((data.get("url") or "").strip()) == bool(data.get("file")):
            raise ValidationError(_("Give either an address or a file."))
        return data


class TemplateForm(PrivacyConfirmForm):
    network = forms.TypedChoiceField(label=_("For the communities of"), coerce=int, choices=())
    kind = forms.ChoiceField(label=_("Kind"), choices=(), help_text=_(
        "Adopted by a community, a meeting agenda words the five phases of its meetings (its sections, in order), a "
        "case template the parts of its case form (sections named context, problem, roles, resources, what was "
        "tried, questions), an indicator set the indicators it follows (one per line, by their names)."))
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("What it is for"), max_length=500, required=False)
    text = forms.CharField(label=_("Text"), max_length=50000, widget=forms.Textarea(attrs={"rows": 14}),
                           help_text=_("Markdown: # heading, - list, **bold**. No patient information."))

    def __init__(self, *args: Any, networks: Any, platform: bool, **kwargs: Any) -> None:
        from .models import ToolTemplate

        super().__init__(*args, **kwargs)
        choices: list[tuple[Any, Any]] = [(n.pk, n.name) for n in networks]
        if platform:
            choices.insert(0, (0, _("every community of Praxis")))
        cast(forms.TypedChoiceField, self.fields["network"]).choices = choices
        cast(forms.ChoiceField, self.fields["kind"]).choices = ToolTemplate.Kind.choices


class TemplateEditForm(PrivacyConfirmForm):
    summary = forms.CharField(label=_("What it is for"), max_length=500, required=False)
    text = forms.CharField(label=_("Text"), max_length=50000, widget=forms.Textarea(attrs={"rows": 14}),
                           help_text=_("Markdown: # heading, - list, **bold**. No patient information."))
    note = forms.CharField(label=_("What you changed"), max_length=300,
                           help_text=_("The communities that adopted the template read it in their notice."))
