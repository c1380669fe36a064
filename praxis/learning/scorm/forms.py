from django import forms
from django.utils.translation import gettext_lazy as _


class ScormLessonForm(forms.Form):
    title = forms.CharField(label=_("Title of the lesson"), max_length=200)
    package = forms.FileField(
        label=_("SCORM package (.zip)"),
        help_text=_("A SCORM 1.2 or SCORM 2004 zip, with its imsmanifest.xml at the root."),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )


class PackageUploadForm(forms.Form):
    package = forms.FileField(
        label=_("SCORM package (.zip)"),
        help_text=_("A SCORM 1.2 or SCORM 2004 zip, with its imsmanifest.xml at the root."),
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )
