"""Every permission decision is a function of an app's `rules.py` (CONVENTIONS, Permissions): a scan of the runtime code
for the marks of one — the superuser flag, the role flags, membership roles, membership queries — finds them only in
`rules.py` and `selectors.py` (and where the actor is built)."""

import re
from pathlib import Path

import praxis

ROOT = Path(praxis.__file__).parent

MARKS = {
    "superuser flag": re.compile(r"(?<![\"'])\bis_superuser\b(?![\"'])"),  # not a field named in the admin
    "role flag": re.compile(r"\.is_(platform_admin|moderator|reviewer)\b"),
    "membership role": re.compile(
        r"\b(institution_roles|community_roles)\b|\.is_(institution_admin|institution_member|community_member"
        r"|facilitator)\(|\b[A-Z_]*_ROLES\b"
    ),
    "role comparison": re.compile(r"\.role\s*(==|!=|\bin\b|\bnot in\b)"),
    "membership query": re.compile(r"(Membership\.objects|\.memberships|_memberships)\.(filter|exclude|get)\("),
}
# Where such marks are not decisions: where the actor and the user model are defined, demo and benchmark data.
NOT_DECISIONS = {"core/actor.py", "accounts/models.py"}


def _runtime_modules() -> list[Path]:
    paths = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        parts = relative.parts
        if parts[0] == "testing" or "tests" in parts or "migrations" in parts:
            continue
        if path.name in {"rules.py", "selectors.py", "demo.py", "scale.py"} or relative.as_posix() in NOT_DECISIONS:
            continue
        paths.append(path)
    return paths


def test_no_permission_decision_outside_rules_and_selectors() -> None:
    found = []
    for path in _runtime_modules():
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            for mark, pattern in MARKS.items():
                if pattern.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {mark}: {line.strip()}")
    assert not found, "Permission decisions outside rules.py/selectors.py:\n" + "\n".join(found)


def test_the_scan_sees_the_marks_it_looks_for() -> None:
    """The patterns are not vacuous: the rules themselves are full of them."""
    rules = (ROOT / "events" / "rules.py").read_text() + (ROOT / "accounts" / "rules.py").read_text()
    assert MARKS["membership role"].search(rules) and MARKS["role flag"].search(rules)
    assert len(_runtime_modules()) > 100


def test_views_read_through_selectors() -> None:
    """No ORM query in a view module: views load through their app's selectors (which may raise 404)."""
    orm = re.compile(r"\.objects\.|get_object_or_404\([A-Z]\w*[,)]")
    found = [f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
             for path in sorted(ROOT.rglob("*.py"))
             if (path.name.startswith("views") or "views" in path.parts) and "tests" not in path.parts
             for number, line in enumerate(path.read_text().splitlines(), start=1) if orm.search(line)]
    assert not found, "Views querying the ORM directly:\n" + "\n".join(found)
