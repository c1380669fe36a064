from __future__ import annotations

import uuid
from typing import Any

import filetype
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from praxis.core.uploads import clean_document

from .models import Entry, Rubric, Scheme

PROOF_TYPES = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg", "image/webp": "webp"}
MAX_PROOF_BYTES = 5 * 1024 * 1024


def checked_proof(upload: Any) -> tuple[Any, str]:
    """Accept an attestation by its content (magic bytes), never by its name, checked as every upload is (images
    re-encoded to their pixels, PDFs parsed clean: `core.uploads`), and rename it."""
    if upload.size > MAX_PROOF_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."), code="too_large")
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    if kind is None or kind.mime not in PROOF_TYPES:
        raise ValidationError(_("Send the attestation as a PDF or an image (JPEG, PNG, WebP)."), code="type")
    upload = clean_document(upload, kind.mime, PROOF_TYPES[kind.mime])
    upload.name = f"{uuid.uuid4().hex}.{PROOF_TYPES[kind.mime]}"
    return upload, kind.mime


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class SchemeForm(forms.Form):
    scheme = forms.ChoiceField(label=_("Scheme"), choices=Scheme.choices)
    anchor = forms.DateField(label=_("Start of your reference period or cycle"), widget=DateInput(),
                             help_text=_("For the French DPC and the 9-year certification, the national dates apply."))


class DeclareForm(forms.Form):
    title = forms.CharField(label=_("Title of the activity"), max_length=300)
    organiser = forms.CharField(label=_("Organiser"), max_length=300)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    hours = forms.DecimalField(label=_("Hours"), max_digits=5, decimal_places=1, min_value=0, max_value=24)
    points = forms.DecimalField(label=_("Accreditation points (if any)"), max_digits=6, decimal_places=1,
                                min_value=0, required=False)
    rubric = forms.ChoiceField(label=_("Belgian rubric"), choices=Rubric.choices, initial=Rubric.GENERAL)
    reference = forms.CharField(label=_("Accreditation or DPC reference"), max_length=60, required=False)
    dpc_action_type = forms.ChoiceField(label=_("DPC action type"), required=False,
                                        choices=[("", "—"), *Entry.DpcActionType.choices])
    dpc_priority = forms.BooleanField(label=_("In a national priority orientation (DPC)"), required=False)
    certification_block = forms.ChoiceField(label=_("Certification block"), required=False,
                                            choices=[("", "—"), *Entry.CertificationBlock.choices])
    proof = forms.FileField(label=_("Attestation (PDF or image, 5 MB at most)"), widget=forms.FileInput(
        attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}))

    def clean_proof(self) -> Any:
        upload, mime = checked_proof(self.cleaned_data["proof"])
        self.proof_content_type = mime
        return upload


MAX_LIST_BYTES = 1024 * 1024


class TransmissionForm(forms.Form):
    institution = forms.TypedChoiceField(label=_("Organising institution"), coerce=int)
    title = forms.CharField(label=_("Title of the activity"), max_length=300)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    hours = forms.DecimalField(label=_("Hours"), max_digits=5, decimal_places=1, min_value=0, max_value=24)
    points = forms.DecimalField(label=_("Accreditation points (if any)"), max_digits=6, decimal_places=1,
                                min_value=0, required=False)
    rubric = forms.ChoiceField(label=_("Belgian rubric"), choices=Rubric.choices, initial=Rubric.GENERAL)
    reference = forms.CharField(label=_("Accreditation or DPC reference"), max_length=60, required=False)
    attendance = forms.FileField(
        label=_("Attendance list (CSV: one professional number per line, INAMI/RIZIV or RPPS)"),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}))

    def __init__(self, *args: Any, institutions: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["institution"]
        assert isinstance(field, forms.TypedChoiceField)
        field.choices = institutions

    def clean_attendance(self) -> bytes:
        upload = self.cleaned_data["attendance"]
        if upload.size > MAX_LIST_BYTES:
            raise ValidationError(_("The list is larger than 1 MB."))
        return upload.read()
