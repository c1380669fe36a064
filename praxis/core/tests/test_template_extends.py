"""`{% extends %}` with the root's blocks found once (praxis/core/template_extends.py) renders what Django's tag
renders: chains of two and three templates, `{{ block.super }}`, blocks left out, a parent chosen by a variable, and
the same compiled templates rendered again with other values."""

import pytest
from django.template import Context, Engine

from praxis.core.template_extends import PraxisExtendsNode

TEMPLATES = {
    "root.html": "<title>{% block title %}Root{% endblock %}</title>{% block body %}<p>{{ who }}</p>{% endblock %}"
                 "{% block foot %}<footer>{{ who|upper }}</footer>{% endblock %}",
    "middle.html": "{% extends 'root.html' %}{% block title %}Middle · {{ block.super }}{% endblock %}"
                   "{% block body %}<main>{% block inner %}inner of {{ who }}{% endblock %}</main>{% endblock %}",
    "leaf.html": "{% extends 'middle.html' %}{% block inner %}{{ block.super }}, leaf{% endblock %}"
                 "{% block foot %}{% endblock %}",
    "chosen.html": "{% extends parent %}{% block title %}Chosen{% endblock %}",
    "other_root.html": "\n  <h1>{% block title %}{% endblock %}</h1>{% block body %}{{ who }}{% endblock %}",
}


def _engines():
    loaders = [("django.template.loaders.cached.Loader", [("django.template.loaders.locmem.Loader", TEMPLATES)])]
    return (Engine(loaders=loaders), Engine(loaders=loaders, builtins=["praxis.core.template_extends"]))


@pytest.mark.parametrize("name", ["middle.html", "leaf.html", "chosen.html"])
def test_the_same_html_as_django_s_extends_render_after_render(name):
    django_engine, praxis_engine = _engines()
    ours = praxis_engine.get_template(name)
    assert isinstance(ours.nodelist[0], PraxisExtendsNode)
    theirs = django_engine.get_template(name)
    for who, parent in [("Anne", "root.html"), ("Bram", "other_root.html"), ("Anne", "middle.html"),
                        ("<Chloé>", "root.html")]:
        context = {"who": who, "parent": parent}
        assert ours.render(Context(context)) == theirs.render(Context(context))
