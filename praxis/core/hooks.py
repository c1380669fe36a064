"""What an app offers to a shared mechanism it declares in a module of its own (`privacy.py`, `demo.py`...); the
mechanism finds it here, so that the core imports no app."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any

from django.apps import apps


def app_functions(module: str, name: str) -> list[Callable[..., Any]]:
    """`<app>.<module>.<name>` of every Praxis app that defines it, in the order of INSTALLED_APPS."""
    found = []
    for config in apps.get_app_configs():
        if not config.name.startswith("praxis."):
            continue
        try:
            loaded = import_module(f"{config.name}.{module}")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.{module}":
                raise
            continue
        function = getattr(loaded, name, None)
        if function is not None:
            found.append(function)
    return found
