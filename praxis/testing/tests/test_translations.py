"""French first, then Dutch and English: every catalogue complete, and no user-facing string left unmarked.

- Each app's catalogues (praxis/<app>/locale/{fr,nl}/LC_MESSAGES/*.po) have no untranslated and no fuzzy entry.
- A pragmatic scanner reads templates' text nodes and visible attributes (aria-label, title, placeholder, alt) and
  Python's messages, ValidationError and form labels: a literal with letters there, outside `{% translate %}`,
  `{% blocktranslate %}` or `gettext`, fails. Brand names and symbols are allowed (ALLOWED below).
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]  # praxis/
CATALOGUES = sorted(ROOT.glob("*/locale/*/LC_MESSAGES/*.po"))

# Strings the same in every language: names, units, symbols.
ALLOWED = {
    "Praxis", "ICOPE", "INAMI", "RIZIV", "NIHII", "RPPS", "GLN", "SCORM", "PDF", "CSV", "JSON", "iCal", "ICS", "RSS",
    "Open Badges", "TOTP", "WebAuthn", "Email", "E-mail", "OK", "QR", "URL", "ID", "CdP", "Leaflet", "OpenStreetMap",
    "km", "min", "h", "MB", "Mo", "x", "×", "·", "—", "–", "…", "/", "|", "+", "-", "→", "←", "↑", "↓", "✓", "✔",
    "(", ")", ":", ",", ".", "%", "#", "*", "?", "!", "&", "€",
}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_complete(path: Path) -> None:
    catalogue = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated and not fuzzy, (
        f"{path.relative_to(ROOT)}: untranslated {untranslated[:20]}, fuzzy {fuzzy[:20]} "
        "(make messages-extract, then translate)"
    )
    # Every plural form the language's header declares (French has three: 1, many, other), or compilemessages fails.
    declared = re.search(r"nplurals\s*=\s*(\d+)", catalogue.metadata.get("Plural-Forms", ""))
    forms = int(declared.group(1)) if declared else 2
    short = [entry.msgid for entry in catalogue if entry.msgid_plural and len(entry.msgstr_plural) < forms]
    assert not short, f"{path.relative_to(ROOT)}: plural entries without their {forms} forms: {short[:10]}"


def test_every_app_with_templates_has_french_and_dutch_catalogues() -> None:
    missing = []
    for app in sorted(p.parent for p in ROOT.glob("*/apps.py")):
        if any(app.glob("templates/**/*.html")):
            for language in ("fr", "nl"):
                if not (app / "locale" / language / "LC_MESSAGES" / "django.po").exists():
                    missing.append(f"{app.name}/{language}")
    assert not missing, f"Apps with templates but no catalogue: {missing}"


# --- templates ------------------------------------------------------------------------------------------------------

BLOCKS = [
    re.compile(r"{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}", re.S),
    re.compile(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", re.S),
    re.compile(r"{#.*?#}", re.S),
    re.compile(r"<!--.*?-->", re.S),
    re.compile(r"<(script|style|svg|pre|code|math)\b.*?</\1>", re.S | re.I),
]
TAG_LIKE = re.compile(r"{%.*?%}|{{.*?}}", re.S)
ATTRIBUTE = re.compile(
    r"""\b(aria-label|title|placeholder|alt|aria-description|aria-roledescription)\s*=\s*"([^"]*)\""""
)
HTML_TAG = re.compile(r"<[^>]*>", re.S)
WORD = re.compile(r"[^\W\d_]{2,}")


def _user_facing(text: str) -> bool:
    text = " ".join(text.split())
    if not text or text in ALLOWED:
        return False
    words = [w for w in WORD.findall(text) if w not in ALLOWED]
    return bool(words)


def unmarked_in_template(source: str) -> list[str]:
    for block in BLOCKS:
        source = block.sub(" ", source)
    found = []
    for match in ATTRIBUTE.finditer(source):
        if _user_facing(TAG_LIKE.sub(" ", match.group(2))):
            found.append(f'{match.group(1)}="{match.group(2)}"')
    text = HTML_TAG.sub("\n", TAG_LIKE.sub("\n", source))
    for line in text.split("\n"):
        line = line.strip()
        if re.fullmatch(r"&[a-z]+;|&#\d+;", line):
            continue
        if _user_facing(re.sub(r"&[a-z]+;|&#\d+;", " ", line)):
            found.append(line)
    return found


# 500.html is static on purpose: it must render when nothing else works (no tags, no catalogue).
STATIC_ON_PURPOSE = {"core/templates/500.html"}
TEMPLATES = sorted(p for p in ROOT.glob("*/templates/**/*") if p.suffix in {".html", ".txt"} and p.is_file()
                   and str(p.relative_to(ROOT)) not in STATIC_ON_PURPOSE)


def test_templates_mark_their_text_for_translation() -> None:
    failures = []
    for path in TEMPLATES:
        if "/admin/" in str(path):
            continue
        for text in unmarked_in_template(path.read_text()):
            failures.append(f"{path.relative_to(ROOT)}: {text!r}")
    assert not failures, "Text not marked for translation:\n" + "\n".join(failures)


# --- Python ---------------------------------------------------------------------------------------------------------

MESSAGE_CALLS = {"debug", "info", "success", "warning", "error", "add_message"}
KEYWORDS = {"label", "help_text", "verbose_name", "verbose_name_plural", "empty_label", "message"}


def _literal(node: ast.AST) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value for v in node.values if isinstance(v, ast.Constant) and isinstance(v.value, str))
    return None


def unmarked_in_python(source: str) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
        candidates: list[ast.AST] = []
        if owner == "messages" and name in MESSAGE_CALLS:
            candidates += node.args[1:3]
        if name in {"ValidationError", "PermissionDenied", "Http404", "SuspiciousOperation"} and node.args:
            candidates.append(node.args[0])
        candidates += [kw.value for kw in node.keywords if kw.arg in KEYWORDS]
        for candidate in candidates:
            text = _literal(candidate)
            if text is not None and _user_facing(text):
                found.append(f"line {node.lineno}: {text!r}")
    return found


# Skipped: tests, migrations, demo data (French content, like members' own), models (help texts for the admin).
SKIPPED = re.compile(r"/(tests|migrations)/|/demo\.py$|/models\.py$")
PYTHON = sorted(p for p in ROOT.glob("*/**/*.py") if not SKIPPED.search(str(p)))


def test_python_marks_messages_and_errors_for_translation() -> None:
    failures = []
    for path in PYTHON:
        for text in unmarked_in_python(path.read_text()):
            failures.append(f"{path.relative_to(ROOT)}: {text}")
    assert not failures, "Messages not marked for translation:\n" + "\n".join(failures)


def test_the_scanners_catch_what_they_should() -> None:
    assert unmarked_in_template('<p>Bonjour</p><p>{% translate "Hello" %}</p>') == ["Bonjour"]
    assert unmarked_in_template('<a aria-label="Fermer" href="#">×</a>') == ['aria-label="Fermer"']
    assert unmarked_in_template("{% blocktranslate %}Hi {{ name }}{% endblocktranslate %}<b>{{ x }}</b>") == []
    assert unmarked_in_python('messages.success(request, "Saved")') == ["line 1: 'Saved'"]
    assert unmarked_in_python('raise ValidationError(_("Bad"))') == []


# --- marked, but missing from the catalogues (makemessages not run) -------------------------------------------------

TRANSLATE_TAG = re.compile(
    r"""{%\s*trans(?:late)?\s+(?:"([^"]+)"|'([^']+)')(?:\s+context\s+["'][^"']*["'])?\s*(?:as\s+\w+\s*)?%}"""
)


def test_every_marked_template_string_is_in_a_catalogue() -> None:
    known = {entry.msgid for path in CATALOGUES if "/fr/" in str(path) for entry in polib.pofile(str(path))}
    missing = []
    for path in TEMPLATES:
        for match in TRANSLATE_TAG.finditer(path.read_text()):
            msgid = match.group(1) or match.group(2)
            if msgid not in known and msgid.replace("%", "%%") not in known:  # makemessages doubles a % sign
                missing.append(f"{path.relative_to(ROOT)}: {msgid!r}")
    assert not missing, "Marked but not in any catalogue (make messages-extract, then translate):\n" + "\n".join(
        missing)
