"""Forms of the institution's training pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..models import Course
from . import staff_import
from .models import Assignment, Department, StaffMember, StaffProfession


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class StaffFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or email"), required=False, max_length=100)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False,
                                        empty_label=_("All"))
    profession = forms.ChoiceField(label=_("Profession"), required=False,
                                   choices=[("", _("All")), *StaffProfession.choices])

    def __init__(self, *args: Any, departments: QuerySet[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["department"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = departments


class StaffImportForm(forms.Form):
    file = forms.FileField(
        label=_("Staff list (CSV)"),
        help_text=_("Columns: email; first name; last name; profession; department; date of joining (optional)."),
        widget=forms.FileInput(attrs={"accept": ".csv,text/csv"}))

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > staff_import.MAX_BYTES:
            raise ValidationError(_("The file is larger than 2 MB: split it into several files."))
        data = upload.read()
        # Checked by its content, not its name: a CSV is text, without NUL bytes or web markup.
        if b"\x00" in data or b"<script" in data.lower():
            raise ValidationError(_("This file is not a CSV text file."))
        return staff_import.decode(data)


class StaffImportConfirmForm(forms.Form):
    """The list the admin previewed, sent again to be imported (read and checked again on the server)."""

    staff_list = forms.CharField(widget=forms.HiddenInput, max_length=staff_import.MAX_BYTES)


class DepartmentForm(forms.ModelForm[Department]):
    class Meta:
        model = Department
        fields = ["name"]


class ManagerForm(forms.Form):
    email = forms.EmailField(label=_("Email of the manager"))


class AssignmentForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.none())
    target = forms.ChoiceField(label=_("Assign to"), choices=Assignment.Target.choices, widget=forms.RadioSelect,
                               initial=Assignment.Target.DEPARTMENT)
    department = forms.ModelChoiceField(label=_("Department"), queryset=Department.objects.none(), required=False)
    profession = forms.ChoiceField(label=_("Profession"), required=False,
                                   choices=[("", "—"), *StaffProfession.choices])
    people = forms.CharField(label=_("Chosen people (one email per line)"), required=False, max_length=20000,
                             widget=forms.Textarea(attrs={"rows": 4}))
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DateInput())
    due_days = forms.IntegerField(label=_("Or due within (days)"), required=False, min_value=1, max_value=730,
                                  help_text=_("Counted from today, or from the date of joining for newcomers."))
    recurrence_months = forms.IntegerField(
        label=_("To be done again every (months)"), required=False, min_value=1, max_value=120,
        help_text=_("Empty: once. Example: 12 for yearly hand hygiene."))
    auto_assign = forms.BooleanField(label=_("Assign newcomers of this group automatically"), required=False,
                                     initial=True)

    def __init__(self, *args: Any, courses: QuerySet[Course], departments: QuerySet[Department],
                 staff: QuerySet[StaffMember], whole_institution: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = staff
        course_field = self.fields["course"]
        department_field = self.fields["department"]
        target_field = self.fields["target"]
        assert isinstance(course_field, forms.ModelChoiceField)
        assert isinstance(department_field, forms.ModelChoiceField)
        assert isinstance(target_field, forms.ChoiceField)
        course_field.queryset = courses
        department_field.queryset = departments
        if not whole_institution:  # a department's manager: their department, or people of it
            target_field.choices = [(Assignment.Target.DEPARTMENT, Assignment.Target.DEPARTMENT.label),
                                    (Assignment.Target.PEOPLE, Assignment.Target.PEOPLE.label)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        target = data.get("target")
        if target == Assignment.Target.DEPARTMENT and not data.get("department"):
            self.add_error("department", _("Choose the department."))
        if target == Assignment.Target.PROFESSION and not data.get("profession"):
            self.add_error("profession", _("Choose the profession."))
        if bool(data.get("due_on")) == bool(data.get("due_days")):
            self.add_error("due_on", _("Give either a due date or a number of days."))
        if data.get("due_on") and data["due_on"] < timezone.localdate():
            self.add_error("due_on", _("The due date is in the past."))
        data["people_list"] = []
        if target == Assignment.Target.PEOPLE:
            emails = {line.strip().lower() for line in (data.get("people") or "").splitlines() if line.strip()}
            found = list(self.staff.filter(email__in=emails))
            unknown = emails - {person.email.lower() for person in found}
            if not emails:
                self.add_error("people", _("Give at least one email address."))
            elif unknown:
                self.add_error("people", _("Not on the staff list you manage: %(emails)s")
                               % {"emails": ", ".join(sorted(unknown)[:10])})
            data["people_list"] = found
        return data


class ReportFilterForm(forms.Form):
    course = forms.CharField(required=False, max_length=220)
