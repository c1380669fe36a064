"""How an adopted template shapes its community (pure reading of a text; the writes are in `services.tools`).

A tool adopted from a network's (or the platform's) template of kind "meeting agenda", "case template" or "indicator
set" is more than a document: each time its text gets a new version (adoption, a member's adaptation, "take the
change"), the text is read into the structure the community uses:

- meeting agenda → `Community.agenda_template`: the text's sections, in order, word the five phases of the method
  (welcome, recap, exchange, themes, closure) — title and prompt; the phases themselves stay (what carries over to
  the next agenda hangs on them);
- case template → `Community.case_template`: the sections word the six parts of a case (context, problem, roles and
  services, resources used, what was tried, open questions) in the form and on the case page — recognised by their
  words (CASE_WORDS), or in order when no title names a part;
- indicator set → `Community.indicator_keys`: the indicators named in the text (by their name in any of the
  platform's languages, or their key), which the network's comparable indicators and the community's own page show.

Sections are the Markdown headings of the level used most (a lone "# Title" above "## Part" headings is skipped), or,
in a text without them, its top-level list items ("- Context: where it happens" → title "Context", prompt "where it
happens"). A text from which nothing can be read changes nothing."""

from __future__ import annotations

import re
from collections import Counter

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy

HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.+?)\s*#*\s*$")
ITEM = re.compile(r"^[-*•+]\s+(.+?)\s*$|^\d+[.)]\s+(.+?)\s*$")

# The six parts of a case, in the order a case template's sections word them.
CASE_PARTS = ["context", "problem", "roles_involved", "resources_used", "tried", "open_questions"]

# The comparable indicators (selectors.COLUMNS), with the names an indicator set may use for them.
INDICATOR_LABELS = {
    "members": gettext_lazy("Members"), "meetings_held": gettext_lazy("Meetings held"),
    "attendance_rate": gettext_lazy("Attendance rate"), "cases_opened": gettext_lazy("Cases opened"),
    "cases_documented": gettext_lazy("Cases documented"), "cases_with_outcome": gettext_lazy("Cases with an outcome"),
    "actions_on_time": gettext_lazy("Actions done on time"),
    "usefulness": gettext_lazy("Meetings found useful (4 or 5 out of 5)"),
}


def sections(text: str) -> list[tuple[str, str]]:
    """(title, prompt) of each section of a Markdown text: headings of the level used most, else list items."""
    lines = text.splitlines()
    levels = Counter(len(m.group(1)) for line in lines if (m := HEADING.match(line)))
    if levels:
        level = min(levels, key=lambda lv: (-levels[lv], lv))  # the most used level (the shallower on a tie)
        if levels[level] >= 2 or not _items(lines):
            found: list[tuple[str, list[str]]] = []
            inside = False
            for line in lines:
                m = HEADING.match(line)
                if m and len(m.group(1)) <= level:
                    inside = len(m.group(1)) == level
                    if inside:
                        found.append((m.group(2).strip(), []))
                elif inside:
                    found[-1][1].append(line)
            return [(title, "\n".join(body).strip()) for title, body in found if title]
    return _items(lines)


def _items(lines: list[str]) -> list[tuple[str, str]]:
    out = []
    for line in lines:
        m = ITEM.match(line)  # top-level items only: an indented item does not match
        if m:
            item = (m.group(1) or m.group(2)).strip()
            title, _sep, prompt = item.partition(":")
            if title.strip():
                out.append((title.strip(" *_"), prompt.strip()))
    return out


def agenda_phases(text: str, phase_keys: list[str]) -> list[dict[str, str]] | None:
    """The five phases worded by the text's sections, in order (None: nothing to read; fewer sections than phases:
    the others keep the method's wording, marked by an empty title)."""
    found = sections(text)[:len(phase_keys)]
    if not found:
        return None
    rows = [{"key": key, "title": title[:200], "prompt": prompt[:1000]}
            for key, (title, prompt) in zip(phase_keys, found, strict=False)]
    return rows


# Words by which a case template's section is recognised as one of the parts (French, Dutch, English), whatever its
# place; a template whose sections name none of them words the parts in order.
CASE_WORDS = {
    "context": ("context", "cadre", "situation", "setting", "kader"),
    "problem": ("problème", "probleem", "problem", "difficulté", "knelpunt"),
    "roles_involved": ("rôle", "rol", "role", "acteur", "actor", "betrokken", "involved", "impliqué"),
    "resources_used": ("ressource", "resource", "middel", "hulpbron", "outil"),
    "tried": ("essayé", "tenté", "tried", "geprobeerd", "piste", "déjà fait"),
    "open_questions": ("question", "vraag", "vragen"),
}


def case_shape(text: str) -> list[dict[str, str]] | None:
    """The parts of a case worded by the text's sections (None: nothing to read). A section is the part whose words
    its title holds (first match, each part once); if no title names a part, the sections word the parts in order."""
    found = sections(text)
    if not found:
        return None
    parts: dict[str, tuple[str, str]] = {}
    for title, prompt in found:
        name = _norm(title)
        field = next((f for f, words in CASE_WORDS.items() if f not in parts
                      and any(re.search(r"\b" + re.escape(w), name) for w in words)), None)
        if field is not None:
            parts[field] = (title, prompt)
    if not parts:
        parts = dict(zip(CASE_PARTS, found, strict=False))
    return [{"field": field, "title": parts[field][0][:200], "prompt": parts[field][1][:1000]}
            for field in CASE_PARTS if field in parts]


def _norm(value: str) -> str:
    return re.sub(r"[\s_]+", " ", value).strip(" .:;*_-").casefold()


def indicator_keys(text: str) -> list[str] | None:
    """The indicators an indicator set names, in the order of the comparable indicators (None: none named)."""
    names: dict[str, str] = {}
    for key, label in INDICATOR_LABELS.items():
        names[_norm(key)] = key
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                names[_norm(str(label))] = key
    wanted = set()
    for line in text.splitlines():
        m = HEADING.match(line) or ITEM.match(line)
        raw = (m.group(2) if m and m.re is HEADING else (m.group(1) or m.group(2)) if m else line)
        line_name = _norm(raw.partition(":")[0])
        # The name alone, or followed by a precision ("Attendance rate (in %)"): the longest name that fits.
        fits = [n for n in names if line_name == n or line_name.startswith(n + " ") or line_name.startswith(n + "(")]
        if fits:
            wanted.add(names[max(fits, key=len)])
    return [key for key in INDICATOR_LABELS if key in wanted] or None
