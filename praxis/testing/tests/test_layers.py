"""Every Praxis app stands on a floor of the import-linter contracts (pyproject.toml), so that none escapes them."""

import tomllib
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings

PYPROJECT = Path(settings.BASE_DIR) / "pyproject.toml"


def _contracts() -> list[dict[str, Any]]:
    return tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"]


def test_every_app_has_a_floor_and_is_kept_out_of_core_and_site() -> None:
    contracts = _contracts()
    layers = next(c for c in contracts if c["type"] == "layers")["layers"]
    floors = {name.strip() for layer in layers for name in layer.replace(":", "|").split("|")}
    core = next(c for c in contracts if c["type"] == "forbidden" and c["source_modules"] == ["praxis.core"])
    site = next(c for c in contracts if c["type"] == "forbidden" and c["forbidden_modules"] == ["praxis.site"])
    names = {config.name for config in apps.get_app_configs() if config.name.startswith("praxis.")}
    assert names - floors == set(), "apps missing from the layers contract"
    assert names - {"praxis.core"} - set(core["forbidden_modules"]) == set(), "apps core may import"
    assert names - {"praxis.site"} - set(site["source_modules"]) == set(), "apps allowed to import site"
