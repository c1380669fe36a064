from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from praxis.accounts.models import Language, Profession
from praxis.content.models import Content, Theme
from praxis.core.concurrency import SeenField, stamp
from praxis.core.forms import ModelChoiceField, ModelMultipleChoiceField
from praxis.institutions.models import Institution
from praxis.review.forms import DecisionForm

from .models import Course, CourseReview, Lesson, Question, Rubric, Visibility


class CatalogueFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    theme = ModelChoiceField(label=_("Theme"), queryset=Theme.objects.filter(is_active=True), required=False,
                             empty_label=_("All themes"))
    language = forms.ChoiceField(label=_("Language"), required=False,
                                 choices=[("", _("All languages")), *Language.choices])


class CourseForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(label=_("Summary"), max_length=2000, widget=forms.Textarea(attrs={"rows": 4}))
    owner_institution = ModelChoiceField(label=_("Offered by"), queryset=None, required=False,
                                         empty_label=_("The Praxis platform"))
    visibility = forms.ChoiceField(label=_("Who may follow it"), choices=Visibility.choices,
                                   widget=forms.RadioSelect, initial=Visibility.INTERNAL)
    shared_with = ModelMultipleChoiceField(label=_("Shared with"), queryset=None, required=False,
                                           widget=forms.SelectMultiple(attrs={"size": 6}),
                                           help_text=_("Only for a course shared with a list of institutions."))
    themes = ModelMultipleChoiceField(label=_("Themes"), queryset=Theme.objects.filter(is_active=True),
                                      required=False, widget=forms.CheckboxSelectMultiple)
    target_professions = forms.MultipleChoiceField(label=_("For"), choices=Profession.choices, required=False,
                                                   widget=forms.CheckboxSelectMultiple,
                                                   help_text=_("None ticked: every profession."))
    language = forms.ChoiceField(label=_("Language"), choices=Language.choices, initial=Language.FR)
    estimated_minutes = forms.IntegerField(label=_("Estimated duration (minutes)"), min_value=1, max_value=6000,
                                           initial=30)
    cpd_points = forms.DecimalField(label=_("Continuing-education points"), required=False, min_value=0,
                                    max_digits=5, decimal_places=1)
    cpd_rubric = forms.ChoiceField(label=_("Rubric"), choices=Rubric.choices, initial=Rubric.GENERAL)
    certificate_validity_months = forms.IntegerField(
        label=_("Certificate valid for (months)"), required=False, min_value=1, max_value=120,
        help_text=_("Leave empty for a certificate that does not expire."))
    seen = SeenField()

    def __init__(self, *args: Any, institutions: Any, platform: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner = self.fields["owner_institution"]
        shared = self.fields["shared_with"]
        assert isinstance(owner, forms.ModelChoiceField) and isinstance(shared, forms.ModelMultipleChoiceField)
        owner.queryset = institutions
        if not platform:
            owner.required = True
            owner.empty_label = None
        shared.queryset = Institution.objects.filter(is_verified=True).order_by("name")

    @staticmethod
    def initial_for(course: Course) -> dict[str, Any]:
        return {**{name: getattr(course, name) for name in (
            "title", "summary", "owner_institution", "visibility", "target_professions", "language",
            "estimated_minutes", "cpd_points", "cpd_rubric", "certificate_validity_months")},
            "themes": list(course.themes.all()), "shared_with": list(course.shared_with.all()), "seen": stamp(course)}


class LessonForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=[c for c in Lesson.Kind.choices if c[0] != Lesson.Kind.SCORM])
    title = forms.CharField(label=_("Title"), max_length=200)
    content = ModelChoiceField(label=_("Capsule or document"), queryset=None, required=False,
                               help_text=_("For a capsule or a document: a published piece of Praxis."))
    body = forms.CharField(label=_("Text"), required=False, max_length=50000, widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("For a text page. Markdown: **bold**, lists, links."))
    prerequisite = ModelChoiceField(label=_("To complete first"), queryset=None, required=False,
                                    empty_label=_("None"))
    estimated_minutes = forms.IntegerField(label=_("Estimated duration (minutes)"), min_value=1, max_value=600,
                                           initial=5)

    def __init__(self, *args: Any, course: Course, lesson: Lesson | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        content = self.fields["content"]
        prerequisite = self.fields["prerequisite"]
        assert isinstance(content, forms.ModelChoiceField) and isinstance(prerequisite, forms.ModelChoiceField)
        content.queryset = Content.objects.filter(
            status=Content.Status.PUBLISHED, kind__in=[Content.Kind.CAPSULE, Content.Kind.DOCUMENT],
            revision_of__isnull=True).order_by("title")
        others = course.lessons.all()
        if lesson is not None:
            others = others.exclude(pk=lesson.pk)
            del self.fields["kind"]
        prerequisite.queryset = others

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind") or (self.initial.get("kind"))
        if kind in {Lesson.Kind.CAPSULE, Lesson.Kind.DOCUMENT} and not data.get("content"):
            self.add_error("content", _("Choose the capsule or the document of this lesson."))
        if kind == Lesson.Kind.TEXT and not data.get("body"):
            self.add_error("body", _("Write the text of this page."))
        return data


class QuizSettingsForm(forms.Form):
    pass_mark = forms.IntegerField(label=_("Pass mark (%)"), min_value=0, max_value=100, initial=80)
    max_attempts = forms.IntegerField(label=_("Attempts allowed"), min_value=1, max_value=100, required=False,
                                      help_text=_("Leave empty for unlimited attempts."))
    time_limit_minutes = forms.IntegerField(label=_("Time limit (minutes)"), min_value=1, max_value=600,
                                            required=False, help_text=_("Leave empty for no time limit."))
    show_explanations = forms.BooleanField(label=_("Show the correct answers and explanations once passed"),
                                           required=False, initial=True)


class QuestionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Question.Kind.choices)
    text = forms.CharField(label=_("Question"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))
    explanation = forms.CharField(label=_("Explanation"), max_length=4000, required=False,
                                  widget=forms.Textarea(attrs={"rows": 2}))
    pool = forms.CharField(label=_("Pool"), max_length=200, required=False,
                           help_text=_("Optional: questions of a pool are drawn at random, as many per attempt as "
                                       "the pool says."))
    pool_draw = forms.IntegerField(label=_("Questions drawn from this pool per attempt"), min_value=1,
                                   max_value=100, required=False)
    choice_1 = forms.CharField(label=_("Answer 1"), max_length=500, required=False,
                               help_text=_("A true-or-false question needs no answers: tick “correct” on answer 1 "
                                           "when the statement is true."))
    correct_1 = forms.BooleanField(label=_("Answer 1 is correct"), required=False)
    choice_2 = forms.CharField(label=_("Answer 2"), max_length=500, required=False)
    correct_2 = forms.BooleanField(label=_("Answer 2 is correct"), required=False)
    choice_3 = forms.CharField(label=_("Answer 3"), max_length=500, required=False)
    correct_3 = forms.BooleanField(label=_("Answer 3 is correct"), required=False)
    choice_4 = forms.CharField(label=_("Answer 4"), max_length=500, required=False)
    correct_4 = forms.BooleanField(label=_("Answer 4 is correct"), required=False)

    def choices(self) -> list[tuple[str, bool]]:
        data = self.cleaned_data
        return [(data.get(f"choice_{i}") or "", bool(data.get(f"correct_{i}"))) for i in range(1, 5)]


class CourseReviewForm(DecisionForm):
    """The reviewer's decision on a platform course: review's checklist; approve, or send back with comments."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, content=None, **kwargs)
        decision = self.fields["decision"]
        decision.choices = [  # type: ignore[attr-defined]
            (CourseReview.Decision.APPROVED, _("Approve and publish")),
            (CourseReview.Decision.CHANGES_REQUESTED, _("Ask the authors for changes")),
        ]
