"""Forms of the institution's training pages."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext_lazy as _

from ..models import Course, Programme
from . import staff_import
from .models import Assignment, Department, StaffMember, StaffProfession
from .windows import YearlyWindow, month_last_day


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
    course = forms.ModelChoiceField(label=_("Course"), queryset=Course.objects.none(), required=False)
    programme = forms.ModelChoiceField(label=_("Or a programme"), queryset=Programme.objects.none(), required=False,
                                       help_text=_("Done when every course of the programme is done."))
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
        help_text=_("Empty: once. Example: 24 for fire safety every two years."))
    window_month = forms.TypedChoiceField(
        label=_("Or every year in"), required=False, coerce=int, empty_value=None,
        choices=[("", "—"), *((n, name) for n, name in MONTHS.items())],
        help_text=_("Example: hand hygiene every year in March. Each round is due at the end of the window."))
    window_from = forms.CharField(label=_("Or every year from (day/month)"), required=False, max_length=5,
                                  widget=forms.TextInput(attrs={"placeholder": "15/02", "inputmode": "numeric"}))
    window_to = forms.CharField(label=_("to (day/month)"), required=False, max_length=5,
                                widget=forms.TextInput(attrs={"placeholder": "15/04", "inputmode": "numeric"}))
    auto_assign = forms.BooleanField(label=_("Assign newcomers of this group automatically"), required=False,
                                     initial=True)

    def __init__(self, *args: Any, courses: QuerySet[Course], departments: QuerySet[Department],
                 staff: QuerySet[StaffMember], whole_institution: bool,
                 programmes: QuerySet[Programme] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.staff = staff
        programme_field = self.fields["programme"]
        assert isinstance(programme_field, forms.ModelChoiceField)
        programme_field.queryset = programmes if programmes is not None else Programme.objects.none()
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
        if bool(data.get("course")) == bool(data.get("programme")) and "course" not in self.errors:
            self.add_error("course", _("Choose a course or a programme."))
        target = data.get("target")
        if target == Assignment.Target.DEPARTMENT and not data.get("department"):
            self.add_error("department", _("Choose the department."))
        if target == Assignment.Target.PROFESSION and not data.get("profession"):
            self.add_error("profession", _("Choose the profession."))
        data["window"] = self._window(data)
        if data.get("due_on") and data.get("due_days"):
            self.add_error("due_on", _("Give either a due date or a number of days."))
        elif not data.get("due_on") and not data.get("due_days") and data["window"] is None:
            self.add_error("due_on", _("Give a due date, a number of days or a yearly window."))
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


    def _window(self, data: dict[str, Any]) -> YearlyWindow | None:
        """The yearly window chosen (a month, or a first and a last day), checked; None when there is none."""
        month, start, end = data.get("window_month"), data.get("window_from"), data.get("window_to")
        if month is None and not start and not end:
            return None
        if month is not None and (start or end):
            self.add_error("window_month", _("Give either a month or a first and a last day, not both."))
            return None
        if data.get("recurrence_months"):
            self.add_error("recurrence_months", _("Choose either a number of months or a yearly window, not both."))
            return None
        if month is not None:
            return YearlyWindow.whole_month(month)
        if not start or not end:
            self.add_error("window_to" if start else "window_from", _("Give the first and the last day."))
            return None
        first, last = _day_month(start), _day_month(end)
        if first is None:
            self.add_error("window_from", _("Write a day and a month, such as 15/02."))
        if last is None:
            self.add_error("window_to", _("Write a day and a month, such as 15/04."))
        if first is None or last is None:
            return None
        return YearlyWindow(first[1], first[0], last[1], last[0])


DAY_MONTH = re.compile(r"^\s*(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*$")


def _day_month(text: str) -> tuple[int, int] | None:
    """"15/02" (also 15.02, 15-02) → (15, 2), if that day exists in a leap year; else None."""
    found = DAY_MONTH.match(text)
    if found is None:
        return None
    day, month = int(found.group(1)), int(found.group(2))
    if not 1 <= month <= 12 or not 1 <= day <= month_last_day(month):
        return None
    return day, month


class ReportFilterForm(forms.Form):
    course = forms.CharField(required=False, max_length=220)
