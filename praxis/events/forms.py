from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any, cast
from zoneinfo import ZoneInfo

import filetype
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from praxis.accounts.models import Country, Profession
from praxis.content.models import Theme
from praxis.core.concurrency import SeenField
from praxis.core.forms import ModelChoiceField, ModelMultipleChoiceField
from praxis.core.uploads import clean_document

from .models import Event, EventTimeZone, SeminarPiece, declaration_errors

DOCUMENT_TYPES = {
    "application/pdf": "pdf",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "pptx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/vnd.oasis.opendocument.text": "odt",
    "image/png": "png",
    "image/jpeg": "jpg",
}
MAX_DOCUMENT_BYTES = 30 * 1024 * 1024


def checked_document(upload: Any) -> tuple[Any, str]:
    """Accept a document by its content (magic bytes), never by its name; rename it to a name we generate."""
    if upload.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(_("The file is larger than 30 MB."))
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in DOCUMENT_TYPES:
        raise ValidationError(_("Send a PDF, a presentation (PPTX, ODP), a text document (DOCX, ODT) or an image."))
    stored = clean_document(upload, kind.mime, DOCUMENT_TYPES[kind.mime])  # images re-encoded, documents parsed
    stored.name = f"{uuid.uuid4().hex}.{DOCUMENT_TYPES[kind.mime]}"
    return stored, kind.mime


class LocalDateTimeField(forms.DateTimeField):
    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")

    def to_python(self, value: Any) -> datetime | None:
        # Read as a wall-clock time; the form applies the event's time zone afterwards.
        result = super().to_python(value)
        if result is not None and timezone.is_aware(result):
            result = timezone.make_naive(result)
        return result

    def prepare_value(self, value: Any) -> Any:
        return value


class DeclarationForm(forms.Form):
    """The conflict-of-interest declaration, required as content's is (`models.declaration_errors`)."""

    coi_none = forms.BooleanField(label=_("No conflict of interest to declare"), required=False)
    coi_statement = forms.CharField(
        label=_("Conflict-of-interest declaration"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Links with industry, fees, grants, sponsorship... This text is shown on the page."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        data["coi_statement"] = (data.get("coi_statement") or "").strip()
        data["sponsors"] = (data.get("sponsors") or "").strip()
        for name, message in declaration_errors(coi_none=bool(data.get("coi_none")),
                                                coi_statement=data["coi_statement"],
                                                sponsors=data["sponsors"]).items():
            self.add_error(name, message)
        if "sponsors" not in self.fields:
            data.pop("sponsors")
        return data


class EventForm(DeclarationForm):
    seen = SeenField()
    kind = forms.ChoiceField(label=_("Kind"), choices=Event.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 6}), max_length=8000)
    institution = ModelChoiceField(label=_("Organised by"), queryset=None, required=False,
                                   empty_label=_("Myself (verified member)"))
    themes = ModelMultipleChoiceField(label=_("Themes"), queryset=Theme.objects.filter(is_active=True),
                                      required=False, widget=forms.CheckboxSelectMultiple)
    target_professions = forms.MultipleChoiceField(label=_("For"), choices=Profession.choices, required=False,
                                                   widget=forms.CheckboxSelectMultiple,
                                                   help_text=_("None ticked: open to every profession."))
    language = forms.ChoiceField(label=_("Language"), choices=Event._meta.get_field("language").choices or (),
                                 initial="fr")
    timezone = forms.ChoiceField(label=_("Time zone"), choices=EventTimeZone.choices)
    starts_at = LocalDateTimeField(label=_("Starts at"))
    ends_at = LocalDateTimeField(label=_("Ends at"))
    registration_deadline = LocalDateTimeField(label=_("Registration deadline"), required=False,
                                               help_text=_("Empty: until the event starts."))
    is_online = forms.BooleanField(label=_("Online event"), required=False)
    online_url = forms.URLField(label=_("Join link (https)"), required=False, assume_scheme="https",
                                help_text=_("Shown only to people with a seat."))
    is_cross_border = forms.BooleanField(label=_("Cross-border event"), required=False)
    is_open_to_public = forms.BooleanField(
        label=_("Open to the public (patients, carers)"), required=False,
        help_text=_("Shown in the space for patients and carers, e.g. an information session."))
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    postal_code = forms.CharField(label=_("Postal code"), max_length=10, required=False)
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    country = forms.ChoiceField(label=_("Country"), choices=Country.choices, initial="BE")
    price_eur = forms.DecimalField(label=_("Price (EUR)"), min_value=0, max_digits=8, decimal_places=2, initial=0)
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, required=False,
                                  help_text=_("Empty: no limit. When full, people join a waiting list."))
    accreditation_points = forms.DecimalField(label=_("Accreditation points (Belgium)"), min_value=0, max_digits=5,
                                              decimal_places=1, required=False)
    dpc_reference = forms.CharField(label=_("DPC action number (France)"), max_length=40, required=False)
    dpc_hours = forms.DecimalField(label=_("DPC hours (France)"), min_value=0, max_digits=5, decimal_places=1,
                                   required=False)
    sponsors = forms.CharField(label=_("Sponsors"), max_length=300, required=False,
                               help_text=_("Firms or bodies that fund the event, separated by commas. Empty: none."))

    def __init__(self, *args: Any, institutions: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["institution"]).queryset = institutions
        if not institutions.exists():
            self.fields["institution"].widget = forms.HiddenInput()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        zone = ZoneInfo(data.get("timezone") or "Europe/Brussels")
        for name in ("starts_at", "ends_at", "registration_deadline"):
            if data.get(name):
                data[name] = data[name].replace(tzinfo=zone)
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("The end must come after the start."))
        url = data.get("online_url") or ""
        if url and not url.lower().startswith("https://"):
            self.add_error("online_url", _("The join link must start with https://."))
        if data.get("kind") == Event.Kind.WEBINAR:
            data["is_online"] = True
        return data

    @classmethod
    def initial_for(cls, event: Event) -> dict[str, Any]:
        initial = {name: getattr(event, name) for name in cls.base_fields if hasattr(event, name)}
        for name in ("starts_at", "ends_at", "registration_deadline"):
            value = getattr(event, name)
            initial[name] = value.astimezone(event.tz).strftime("%Y-%m-%dT%H:%M") if value else None
        initial["themes"] = list(event.themes.all())
        return initial


class AgendaFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All kinds")), *Event.Kind.choices], required=False)
    theme = ModelChoiceField(label=_("Theme"), queryset=Theme.objects.filter(is_active=True), required=False,
                             empty_label=_("All themes"))
    profession = forms.ChoiceField(label=_("Profession"), choices=[("", _("All professions")), *Profession.choices],
                                   required=False)
    country = forms.ChoiceField(label=_("Country"), choices=[("", _("All countries")), *Country.choices],
                                required=False)
    online = forms.BooleanField(label=_("Online only"), required=False)
    public = forms.BooleanField(label=_("Open to the public only"), required=False)
    near = forms.CharField(label=_("Near (postal code or city)"), max_length=60, required=False)
    radius = forms.TypedChoiceField(label=_("Within"), coerce=int, required=False, initial=30,
                                    choices=[(10, "10 km"), (30, "30 km"), (60, "60 km"), (100, "100 km")])


class RegisterForm(forms.Form):
    join_waitlist = forms.BooleanField(required=False, widget=forms.HiddenInput)


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=150)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 5}), max_length=5000)
    include_waitlist = forms.BooleanField(label=_("Also write to the waiting list"), required=False)


class CancelEventForm(forms.Form):
    reason = forms.CharField(label=_("Reason, sent to everyone registered"), widget=forms.Textarea(attrs={"rows": 3}),
                             max_length=2000)


class ReplayForm(forms.Form):
    replay = ModelChoiceField(label=_("Replay (capsule)"), queryset=None, required=False,
                              empty_label=_("No replay"))

    def __init__(self, *args: Any, capsules: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast("forms.ModelChoiceField[Any]", self.fields["replay"]).queryset = capsules


class MaterialForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"), required=False)
    url = forms.URLField(label=_("or a link"), required=False, assume_scheme="https")
    mime = ""

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload:
            upload, self.mime = checked_document(upload)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if not data.get("file") and not data.get("url") and not self.errors:
            raise ValidationError(_("Give a file or a link."))
        return data


class PieceForm(DeclarationForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=SeminarPiece.Kind.choices)
    speaker = forms.CharField(label=_("Speaker or work group"), max_length=200, required=False)
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 6}), max_length=10000)
    document = forms.FileField(label=_("Slides or document"), required=False)
    mime = ""

    def clean_document(self) -> Any:
        upload = self.cleaned_data.get("document")
        if upload:
            upload, self.mime = checked_document(upload)
        return upload


class WhitePaperForm(DeclarationForm):
    title = forms.CharField(label=_("Title"), max_length=200)
    introduction = forms.CharField(label=_("Introduction"), widget=forms.Textarea(attrs={"rows": 8}),
                                   max_length=20000)
    conclusion = forms.CharField(label=_("Conclusion"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000,
                                 required=False)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), widget=forms.RadioSelect,
                                 choices=[("publish", _("Publish")), ("changes", _("Ask for changes"))])
    note = forms.CharField(label=_("Note to the organisers"), widget=forms.Textarea(attrs={"rows": 4}),
                           required=False, max_length=5000)
