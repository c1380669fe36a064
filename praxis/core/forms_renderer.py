"""Form rendering: Django's own Jinja2 versions of its widget and layout templates, the Django template engine for
everything else.

Rendering a `<select>` with the Django template engine costs two `{% include %}`s per option: a filter form with
four selects of ~60 options took 15–25 ms of CPU per request (benchmark finding 5). Django ships the same templates
for Jinja2 (`django/forms/jinja2`), which renders them about ten times faster with the same HTML. Templates Django
has no Jinja2 version of (the admin's widgets, any project widget) still go through the Django engine, and so do
labels and error lists: Jinja2 escapes an apostrophe as `&#39;` where Django writes `&#x27;` (the same
character), and messages are where people and tests read text.
"""

from __future__ import annotations

from functools import cached_property
from typing import Any

from django.forms.renderers import BaseRenderer, DjangoTemplates, Jinja2
from django.template import TemplateDoesNotExist

# Layouts whose own text is only ids and class names; the labels and error lists they show are rendered separately.
JINJA2_FORM_LAYOUTS = {"django/forms/field.html", "django/forms/div.html"}


class PraxisFormRenderer(BaseRenderer):
    @cached_property
    def _jinja2(self) -> Jinja2:
        return Jinja2()

    @cached_property
    def _django(self) -> DjangoTemplates:
        return DjangoTemplates()

    def get_template(self, template_name: str) -> Any:
        if template_name.startswith("django/forms/widgets/") or template_name in JINJA2_FORM_LAYOUTS:
            try:
                return self._jinja2.get_template(template_name)
            except TemplateDoesNotExist:
                pass
        return self._django.get_template(template_name)
