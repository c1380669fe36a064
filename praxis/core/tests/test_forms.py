"""Form rendering: the Jinja2 renderer gives the HTML Django's template renderer gives; choice lists in one query."""

import pytest
from django import forms
from django.db import connection
from django.forms.renderers import DjangoTemplates
from django.test import SimpleTestCase
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from praxis.content.models import Theme
from praxis.core.forms import ModelChoiceField, ModelMultipleChoiceField
from praxis.core.forms_renderer import PraxisFormRenderer


class EveryWidgetForm(forms.Form):
    name = forms.CharField(label=_("Name"), help_text="Comme sur votre carte <b>professionnelle</b>", max_length=20)
    email = forms.EmailField(label="Courriel", required=False, widget=forms.EmailInput(attrs={"autocomplete": "email"}))
    age = forms.IntegerField(label="Âge", min_value=18)
    day = forms.DateField(label="Jour", widget=forms.DateInput(attrs={"type": "date"}))
    kind = forms.ChoiceField(label="Type", choices=[("", "Tous"), ("a", "Capsule & vidéo"), ("b", "Document")])
    grouped = forms.ChoiceField(label="Groupé", choices=[("Soins", [("1", "Plaies"), ("2", "Perfusion")]),
                                                         ("3", "Autre \"x\"")])
    many = forms.MultipleChoiceField(label="Plusieurs", choices=[("x", "X"), ("y", "Y")], required=False)
    radio = forms.ChoiceField(label="Radio", choices=[("o", "Oui"), ("n", "Non")], widget=forms.RadioSelect)
    boxes = forms.MultipleChoiceField(label="Cases", choices=[("fr", "Français"), ("nl", "Nederlands")],
                                      widget=forms.CheckboxSelectMultiple, required=False)
    agree = forms.BooleanField(label="J'accepte", required=False)
    text = forms.CharField(label="Texte", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)


DATA = {"name": "<script>x</script>" * 3, "email": "pas-un-courriel", "age": "12", "day": "2026-11-22", "kind": "a",
        "grouped": "2", "many": ["x", "y"], "radio": "n", "boxes": ["nl"], "text": "ligne 1\n<ligne 2>", "hidden": "h"}


@pytest.mark.parametrize("data", [None, DATA], ids=["blank", "bound-with-errors"])
def test_the_jinja2_renderer_gives_the_html_of_django_templates(data) -> None:
    fast = EveryWidgetForm(data, renderer=PraxisFormRenderer())
    reference = EveryWidgetForm(data, renderer=DjangoTemplates())
    checker = SimpleTestCase()
    checker.assertHTMLEqual(fast.as_div(), reference.as_div())
    for name in fast.fields:
        checker.assertHTMLEqual(fast[name].as_field_group(), reference[name].as_field_group())
    assert "<script>" not in fast.as_div()
    if data:
        assert "&lt;script&gt;" in fast["name"].as_widget()
        assert 'value="n" required id="id_radio_1" checked' in fast["radio"].as_widget()


def test_the_project_renders_forms_with_it() -> None:
    assert isinstance(EveryWidgetForm().renderer, PraxisFormRenderer)


@pytest.mark.django_db
def test_model_choices_are_read_in_one_plain_query() -> None:
    class ThemeForm(forms.Form):
        theme = ModelChoiceField(queryset=Theme.objects.filter(is_active=True), required=False)
        themes = ModelMultipleChoiceField(queryset=Theme.objects.filter(is_active=True), required=False)

    expected = list(Theme.objects.filter(is_active=True).values_list("name", flat=True))
    assert expected, "themes are seeded by a migration"
    with CaptureQueriesContext(connection) as queries:
        html = ThemeForm().as_div()
    assert len(queries) == 2  # one per field
    assert not any("DECLARE" in query["sql"] for query in queries.captured_queries)
    for name in expected:
        assert html.count(f">{escape(name)}</option>") == 2  # in each field


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/admin/content/content/add/", "/admin/events/event/add/",
                                  "/admin/institutions/institution/add/"])
def test_admin_forms_render_with_their_own_widgets(personas, path: str) -> None:
    """The admin's widgets have no Jinja2 copy: they keep the Django engine, the plain widgets inside them Jinja2."""
    response = personas.client("platform_admin").get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<select" in html and 'class="related-widget-wrapper"' in html
