"""Forms of the content pages: the create/edit form for the three kinds and the list filters."""

from __future__ import annotations

import re
from typing import Any, cast
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from praxis.accounts.models import Country, Language, Profession
from praxis.core.actor import Actor
from praxis.core.concurrency import SeenField
from praxis.core.forms import ModelChoiceField, ModelMultipleChoiceField
from praxis.institutions.models import Institution

from . import rules, services
from .models import Content, Theme

MAX_REFERENCES = 40
_DOI = re.compile(r"^(?:doi:\s*|https?://(?:dx\.)?doi\.org/)?(10\.\d{4,9}/\S+)$", re.IGNORECASE)

# Communities stand above content (they publish through it): their model is reached through the relation.
COMMUNITIES: Any = Content._meta.get_field("community").related_model


def parse_reference(line: str) -> tuple[str, str] | None:
    """("doi", "10.x/y") or ("url", "https://...") for a valid reference line, None otherwise."""
    line = line.strip()
    match = _DOI.match(line)
    if match:
        return "doi", match.group(1)
    parts = urlsplit(line)
    if parts.scheme in {"http", "https"} and parts.netloc and "." in (parts.hostname or "") and " " not in line:
        return "url", line
    return None


def reference_links(text: str) -> list[tuple[str, str]]:
    """(href, label) for each stored reference, as the content page shows them."""
    links = []
    for line in (text or "").splitlines():
        parsed = parse_reference(line)
        if parsed is None:
            continue
        kind, value = parsed
        links.append((f"https://doi.org/{value}", f"doi:{value}") if kind == "doi" else (value, value))
    return links


class ContentForm(forms.Form):
    """Everything an author says about a piece. Which audiences are offered depends on the author's memberships."""

    seen = SeenField()
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"), max_length=1000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown to everyone, also to visitors who are not signed in. No patient data."),
    )
    body = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 16}),
        help_text=_("Markdown: ## Heading, - list item, **bold**, [link](https://...), ![image](/media/...)."),
    )
    document = forms.FileField(
        label=_("Document"),
        help_text=_("PDF, or an office file (Word, Writer, PowerPoint, Impress, Excel, Calc) offered as a download."),
    )
    themes = ModelMultipleChoiceField(
        label=_("Themes"), queryset=Theme.objects.none(), widget=forms.CheckboxSelectMultiple,
    )
    target_professions = forms.MultipleChoiceField(
        label=_("Target professions"), choices=Profession.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("Leave empty if the piece is useful to every profession."),
    )
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial="fr")
    countries = forms.MultipleChoiceField(
        label=_("Countries it applies to"), choices=Country.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("Leave empty if it does not depend on the country."),
    )
    references = forms.CharField(
        label=_("References"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One link (https://...) or DOI (10.xxxx/...) per line."),
    )
    licence = forms.ChoiceField(label=_("Licence"), choices=Content.Licence.choices,
                                initial=Content.Licence.CC_BY_NC_ND)
    coi_none = forms.BooleanField(label=_("I have no conflict of interest to declare"), required=False)
    coi_statement = forms.CharField(
        label=_("Conflict-of-interest declaration"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Links with industry, fees, grants... This text is shown with the content."),
    )
    visibility = forms.ChoiceField(label=_("Who may see it"), widget=forms.RadioSelect)
    audience = forms.TypedChoiceField(
        label=_("Written for"), widget=forms.RadioSelect, choices=Content.Audience.choices, required=False,
        empty_value=Content.Audience.PROFESSIONALS, initial=Content.Audience.PROFESSIONALS,
        help_text=_("A public page for patients and carers is readable in full without an account once reviewed: "
                    "plain language, no advice that needs a consultation."),
    )
    institution = ModelChoiceField(label=_("Institution"), queryset=Institution.objects.none(), required=False)
    community = ModelChoiceField(label=_("Community"), queryset=COMMUNITIES.objects.none(), required=False)

    def __init__(self, *args: Any, actor: Actor, kind: str, creating: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.kind = kind
        cast("forms.ModelChoiceField[Any]", self.fields["themes"]).queryset = (
            Theme.objects.filter(is_active=True).order_by("kind", "name")
        )
        if kind != Content.Kind.ARTICLE:
            del self.fields["body"]
        if kind != Content.Kind.DOCUMENT:
            del self.fields["document"]
        elif not creating:
            self.fields["document"].required = False
            self.fields["document"].help_text = _("Leave empty to keep the current file.")
        visibilities = [Content.Visibility.PUBLIC, Content.Visibility.VERIFIED]
        institution_ids = rules.publishable_institution_ids(actor)
        community_ids = rules.publishable_community_ids(actor)
        if institution_ids:
            visibilities.append(Content.Visibility.INSTITUTION)
            cast("forms.ModelChoiceField[Any]", self.fields["institution"]).queryset = (
                Institution.objects.filter(pk__in=institution_ids)
            )
        else:
            del self.fields["institution"]
        if community_ids:
            visibilities.append(Content.Visibility.COMMUNITY)
            cast("forms.ModelChoiceField[Any]", self.fields["community"]).queryset = (
                COMMUNITIES.objects.filter(pk__in=community_ids)
            )
        else:
            del self.fields["community"]
        cast(forms.ChoiceField, self.fields["visibility"]).choices = [(v.value, v.label) for v in visibilities]
        self.fields["visibility"].initial = Content.Visibility.PUBLIC

    @staticmethod
    def initial_for(content: Content) -> dict[str, Any]:
        initial: dict[str, Any] = {name: getattr(content, name) for name in services.EDITABLE_FIELDS}
        initial["themes"] = list(content.themes.all())
        return initial

    def clean_references(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["references"].splitlines() if line.strip()]
        if len(lines) > MAX_REFERENCES:
            raise ValidationError(_("%(count)s references at most.") % {"count": MAX_REFERENCES})
        bad = [line for line in lines if parse_reference(line) is None]
        if bad:
            raise ValidationError(
                _("Not a link or a DOI: %(lines)s. Write one https:// link or one DOI per line.")
                % {"lines": ", ".join(f"“{line[:80]}”" for line in bad[:3])}
            )
        return "\n".join(lines)

    def clean_document(self) -> Any:
        upload = self.cleaned_data.get("document")
        if upload:
            services.identify_document(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        statement = (data.get("coi_statement") or "").strip()
        if data.get("coi_none") and statement:
            self.add_error("coi_statement", _("Either tick “no conflict of interest” or describe it, not both."))
        elif not data.get("coi_none") and not statement:
            self.add_error("coi_statement", _("Declare your conflicts of interest, or tick that you have none."))
        visibility = data.get("visibility")
        if visibility == Content.Visibility.INSTITUTION and not data.get("institution"):
            self.add_error("institution" if "institution" in self.fields else "visibility",
                           _("Choose the institution whose staff may see it."))
        if visibility == Content.Visibility.COMMUNITY and not data.get("community"):
            self.add_error("community" if "community" in self.fields else "visibility",
                           _("Choose the community that may see it."))
        return data

    def service_data(self) -> dict[str, Any]:
        data = {name: value for name, value in self.cleaned_data.items() if name != "document"}
        data.setdefault("institution", None)
        data.setdefault("community", None)
        return data


class ContentFilterForm(forms.Form):
    """The list's filters (a GET form: every choice is optional)."""

    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Content.Kind.choices])
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    profession = forms.ChoiceField(
        label=_("Profession"), required=False, choices=[("", _("All professions")), *Profession.choices]
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("All languages")), *Language.choices]
    )

    def __init__(self, *args: Any, themes: list[Theme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("All themes")), *sorted(((t.slug, t.label) for t in themes), key=lambda choice: choice[1])]
        cast(forms.ChoiceField, self.fields["theme"]).choices = choices

    def filters(self) -> dict[str, str]:
        if not self.is_valid():
            return {}
        return {name: value for name, value in self.cleaned_data.items() if value}
