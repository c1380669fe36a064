from __future__ import annotations

from typing import Any, cast

import filetype
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from praxis.accounts.models import Country, Language, Profession
from praxis.core.concurrency import SeenField
from praxis.core.forms import ModelChoiceField, ModelMultipleChoiceField
from praxis.core.uploads import clean_image

from .models import ClaimRequest, Institution, InstitutionMembership, Public, Service
from .selectors import active_themes

LOGO_TYPES = {"image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}
LOGO_MAX_BYTES = 2 * 1024 * 1024
RADIUS_CHOICES = [(5, "5 km"), (10, "10 km"), (25, "25 km"), (50, "50 km"), (100, "100 km")]


class InstitutionForm(forms.Form):
    seen = SeenField()
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=Institution.Kind.choices)
    description = forms.CharField(label=_("Description"), required=False, max_length=5000,
                                  widget=forms.Textarea(attrs={"rows": 5}),
                                  help_text=_("What you do, for whom, how to reach you. No patient information."))
    services = ModelMultipleChoiceField(label=_("Services offered"), queryset=Service.objects.none(),
                                        required=False, widget=forms.CheckboxSelectMultiple,
                                        to_field_name="slug")
    publics = forms.MultipleChoiceField(label=_("Publics served"), choices=Public.choices, required=False,
                                        widget=forms.CheckboxSelectMultiple)
    languages = forms.MultipleChoiceField(label=_("Languages spoken"), choices=Language.choices, required=False,
                                          widget=forms.CheckboxSelectMultiple, initial=["fr"])
    address = forms.CharField(label=_("Street and number"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=10)
    city = forms.CharField(label=_("City"), max_length=120)
    country = forms.ChoiceField(label=_("Country"), choices=Country.choices, initial="BE")
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False,
                            widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}))
    email = forms.EmailField(label=_("Email"), required=False)
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    opening_hours = forms.CharField(label=_("Opening hours"), required=False, max_length=1000,
                                    widget=forms.Textarea(attrs={"rows": 3}),
                                    help_text=_("For example: Monday to Friday, 8:30–17:00; helpline 24/7."))
    logo = forms.FileField(label=_("Logo"), required=False,
                           help_text=_("PNG, JPEG or WebP image, at most 2 MB."),
                           widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}))
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)

    logo_extension: str | None = None

    def __init__(self, *args: Any, has_logo: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["services"]).queryset = Service.objects.filter(is_active=True)
        if not has_logo:
            del self.fields["remove_logo"]

    def clean_logo(self) -> Any:
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        if upload.size > LOGO_MAX_BYTES:
            raise ValidationError(_("The logo is too large (at most 2 MB)."))
        head = upload.read(262)
        upload.seek(0)
        kind = filetype.guess(head)
        if kind is None or kind.mime not in LOGO_TYPES:
            raise ValidationError(_("The logo must be a PNG, JPEG or WebP image."))
        cleaned, self.logo_extension = clean_image(upload, kind.mime)  # only the pixels are kept
        return cleaned

    def clean_postal_code(self) -> str:
        return self.cleaned_data["postal_code"].strip().upper()

    @classmethod
    def initial_for(cls, institution: Institution) -> dict[str, Any]:
        fields = ["name", "kind", "description", "publics", "languages", "address", "postal_code", "city", "country",
                  "phone", "email", "website", "opening_hours"]
        initial = {name: getattr(institution, name) for name in fields}
        initial["services"] = list(institution.services.all())
        return initial


class DirectorySearchForm(forms.Form):
    """"Find help near me": every field optional; the place defaults to the member's practice."""

    q = forms.CharField(label=_("What are you looking for?"), required=False, max_length=100,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("name, service, city...")}))
    service = ModelChoiceField(label=_("Service"), queryset=Service.objects.none(), required=False,
                               to_field_name="slug", empty_label=_("All services"))
    kind = forms.ChoiceField(label=_("Type"), choices=[("", _("All types")), *Institution.Kind.choices],
                             required=False)
    public = forms.ChoiceField(label=_("Public"), choices=[("", _("All publics")), *Public.choices], required=False)
    language = forms.ChoiceField(label=_("Language"), choices=[("", _("All languages")), *Language.choices],
                                 required=False)
    country = forms.ChoiceField(label=_("Country"), choices=[("", _("All countries")), *Country.choices],
                                required=False)
    place = forms.CharField(label=_("Near (postal code or city)"), required=False, max_length=80,
                            widget=forms.TextInput(attrs={"autocomplete": "postal-code"}))
    radius = forms.TypedChoiceField(label=_("Within"), choices=RADIUS_CHOICES, coerce=int, required=False,
                                    empty_value=25, initial=25)  # type: ignore[arg-type]  # any value (stubs: str)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["service"]).queryset = Service.objects.filter(is_active=True)


class ColleagueSearchForm(forms.Form):
    profession = forms.ChoiceField(label=_("Profession"), choices=[("", _("All professions")), *Profession.choices],
                                   required=False)
    specialty = forms.CharField(label=_("Specialty"), required=False, max_length=120)
    theme = forms.TypedChoiceField(label=_("Area of expertise"), required=False, coerce=int, empty_value=None)
    language = forms.ChoiceField(label=_("Language"), choices=[("", _("All languages")), *Language.choices],
                                 required=False)
    country = forms.ChoiceField(label=_("Country"), choices=[("", _("All countries")), *Country.choices],
                                required=False)
    place = forms.CharField(label=_("Near (postal code or city)"), required=False, max_length=80)
    radius = forms.TypedChoiceField(label=_("Within"), choices=RADIUS_CHOICES, coerce=int, required=False,
                                    empty_value=25, initial=25)  # type: ignore[arg-type]  # any value (stubs: str)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        themes = sorted(((theme.pk, theme.label) for theme in active_themes()), key=lambda choice: choice[1])
        cast(forms.ChoiceField, self.fields["theme"]).choices = [("", _("All areas")), *themes]


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email address of the colleague"),
                             widget=forms.EmailInput(attrs={"autocomplete": "off"}))
    role = forms.ChoiceField(label=_("Role"), choices=InstitutionMembership.Role.choices,
                             initial=InstitutionMembership.Role.STAFF)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=InstitutionMembership.Role.choices)


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason given to the institution"), max_length=2000,
                             widget=forms.Textarea(attrs={"rows": 3}))


class CloseInstitutionForm(forms.Form):
    note = forms.CharField(label=_("A word for the staff (optional)"), max_length=1000, required=False,
                           widget=forms.Textarea(attrs={"rows": 3}),
                           help_text=_("For example: merged with another institution, activity stopped."))
    confirm = forms.BooleanField(label=_("I confirm that this institution has stopped its activity"))


class ClaimForm(forms.Form):
    kind = forms.ChoiceField(label=_("Your request"), choices=ClaimRequest.Kind.choices,
                             widget=forms.RadioSelect, initial=ClaimRequest.Kind.CLAIM)
    duplicate = forms.CharField(label=_("Address on Praxis of the duplicate entry"), required=False, max_length=220,
                                help_text=_("Only for a duplicate: the end of its address, e.g. chu-de-liege-2."))
    message = forms.CharField(label=_("Message to the moderators"), max_length=2000,
                              widget=forms.Textarea(attrs={"rows": 4}),
                              help_text=_("Your role in the institution and how the moderators can check it."))

    def clean_duplicate(self) -> Institution | None:
        slug = self.cleaned_data.get("duplicate", "").strip().strip("/").rsplit("/", 1)[-1]
        if not slug:
            return None
        found = Institution.objects.filter(slug=slug).first()
        if found is None:
            raise ValidationError(_("No institution has this address on Praxis."))
        return found


class DirectoryProfileForm(forms.Form):
    is_listed = forms.BooleanField(label=_("Appear in the colleagues directory"), required=False,
                                   help_text=_("Off by default. Only verified health professionals see the directory."))
    show_specialty = forms.BooleanField(label=_("Show my specialty"), required=False)
    show_city = forms.BooleanField(label=_("Show my city (and be found by distance)"), required=False)
    show_languages = forms.BooleanField(label=_("Show the languages I speak"), required=False)
    show_institutions = forms.BooleanField(label=_("Show the institutions I work for"), required=False)
    show_email = forms.BooleanField(label=_("Show my email address"), required=False)
    bio = forms.CharField(label=_("A few words about my practice"), required=False, max_length=600,
                          widget=forms.Textarea(attrs={"rows": 3}))
    themes = ModelMultipleChoiceField(label=_("Areas of expertise"), queryset=None, required=False,
                                      widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["themes"]).queryset = active_themes()
