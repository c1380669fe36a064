"""Audit entries are written with the actions of the one table (`praxis.core.audit.Action`), never bare strings."""

import ast
import re
from pathlib import Path

import praxis
from praxis.core.audit import Action

ROOT = Path(praxis.__file__).parent
ACTION_LIKE = re.compile(r"^[a-z]+\.[a-z_]+\.[a-z_]+$")


def test_every_action_is_app_entity_verb_and_unique() -> None:
    values = [action.value for action in Action]
    assert len(values) == len(set(values))
    assert all(ACTION_LIKE.match(value) for value in values)
    assert all(action.name == action.value.upper().replace(".", "_") for action in Action)


def test_runtime_code_names_actions_through_the_table() -> None:
    """No string literal that spells an action outside the table (tests may use strings: they read back data)."""
    known = {action.value for action in Action}
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        if "tests" in path.parts or "migrations" in path.parts or path.parts[len(ROOT.parts)] == "testing":
            continue
        if path == ROOT / "core" / "audit.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value in known:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value}")
    assert not found, "Bare action strings (use praxis.core.audit.Action):\n" + "\n".join(found)
