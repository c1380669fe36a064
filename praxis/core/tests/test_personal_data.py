"""Every app declares the personal data it holds (Moodle's privacy API: declare and implement, or fail).

The walk covers every model of every Praxis app: a link to a member or a field named like personal data that no
declaration covers fails here, so a new app or a new model cannot forget."""

from __future__ import annotations

from django.apps import apps
from django.conf import settings
from django.db import models
from django.test.utils import isolate_apps

from praxis.core.personal_data import OnErasure, declarations, holdings, undeclared


def test_every_personal_field_of_every_praxis_model_is_declared() -> None:
    missing = undeclared()
    assert not missing, (
        "Personal data that no privacy declaration covers (add a Holding to the app's privacy.py PERSONAL_DATA, or "
        "explain in its NOT_PERSONAL why it is not personal):\n" + "\n".join(missing))


@isolate_apps("praxis.core")
def test_the_walk_catches_a_new_model_that_links_to_a_member() -> None:
    class Forgotten(models.Model):
        owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
        phone = models.CharField(max_length=20)
        title = models.CharField(max_length=20)

        class Meta:
            app_label = "core"

        def __str__(self) -> str:
            return self.title

    assert undeclared([Forgotten]) == ["core.Forgotten.owner", "core.Forgotten.phone"]


def test_declarations_name_real_models_and_fields_of_their_own_app() -> None:
    for declaration in declarations():
        for holding in declaration.holdings:
            model = apps.get_model(holding.model)
            assert model._meta.app_label == declaration.label, holding.model
            names = {field.name for field in model._meta.get_fields()}
            assert set(holding.fields) <= names, (holding.model, set(holding.fields) - names)
            assert set(holding.files) <= set(holding.fields), holding.model
        for name in declaration.not_personal:
            apps.get_model(declaration.label, name.split(".")[0])


def test_an_app_holding_member_data_implements_export_and_erasure() -> None:
    for declaration in declarations():
        if any(holding.on_erasure != OnErasure.NOT_LINKED for holding in declaration.holdings):
            assert declaration.export_member is not None, declaration.label
            assert declaration.erase_member is not None, declaration.label


def test_every_retention_period_is_a_setting() -> None:
    for holding in holdings():
        if holding.retention is not None:
            assert holding.retention.amount > 0, holding.retention.setting
