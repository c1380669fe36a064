"""Text analysis shared by both backends: tokens, accents, stop words, Snowball stems, snippets.

The user's query is never handed to a full-text parser as typed: it is cut into word tokens here, stop words are
dropped, and each backend builds its own query from the tokens (so `"`, `*`, `NEAR`, `:`, `-`, `(` typed by a
user are plain punctuation, never syntax).

The stop-word lists are PostgreSQL's (Snowball's) lists, copied in `stopwords/`, so that SQLite drops the same
words as the `praxis_fr`, `praxis_nl` and `praxis_en` configurations.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import cache, lru_cache
from html import escape  # what django.utils.html.escape runs, without its lazy-string wrapper
from pathlib import Path

import Stemmer
from django.utils.safestring import SafeString, mark_safe

LANGUAGES = {"fr": "french", "nl": "dutch", "en": "english"}
DEFAULT_LANGUAGE = "fr"
MAX_QUERY_CHARS = 200
MAX_QUERY_TOKENS = 12
# Snowball's French list lacks a few very common words; dropping them from queries changes nothing on PostgreSQL.
_EXTRA_STOP_WORDS = {"fr": {"les", "cette", "cet", "comme", "sans", "sous", "tout", "tous", "toute", "très"}}
_WORD = re.compile(r"[^\W_]+", re.UNICODE)  # letters and digits; "_" splits like punctuation


def unaccent(text: str) -> str:
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def stop_words(language: str) -> frozenset[str]:
    path = Path(__file__).parent / "stopwords" / f"{language}.txt"
    words = {line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    words |= _EXTRA_STOP_WORDS.get(language, set())
    return frozenset(words | {unaccent(word) for word in words})


@cache
def _all_stop_words() -> frozenset[str]:
    return frozenset().union(*(stop_words(code) for code in LANGUAGES))


@cache
def _stemmer(language: str) -> Stemmer.Stemmer:
    return Stemmer.Stemmer(LANGUAGES.get(language, LANGUAGES[DEFAULT_LANGUAGE]))


def language_or_default(language: str | None) -> str:
    code = (language or "").split("-")[0].lower()
    return code if code in LANGUAGES else DEFAULT_LANGUAGE


def words(text: str) -> list[str]:
    return _WORD.findall((text or "").lower())


@lru_cache(maxsize=50_000)
def stem(word: str, language: str) -> str:
    """The indexed form of one lower-case word: accents removed, then the Snowball stem (as `praxis_<lang>`)."""
    return _stemmer(language_or_default(language)).stemWord(unaccent(word))


def index_terms(text: str, language: str) -> str:
    """The text as the SQLite backend stores it: stems separated by spaces, stop words of its language dropped."""
    language = language_or_default(language)
    stops = stop_words(language)
    return " ".join(stem(word, language) for word in words(text) if word not in stops)


def plain_words(text: str) -> str:
    """Accent-free lower-case words without stemming (the title as typed, for autocomplete prefixes)."""
    return " ".join(unaccent(word) for word in words(text))


def query_tokens(query: str) -> list[str]:
    """Word tokens of a user's query: truncated, punctuation and FTS syntax ignored, stop words dropped.

    A word that is a stop word in any indexed language is dropped: a query has no language of its own."""
    tokens = []
    for word in words((query or "")[:MAX_QUERY_CHARS]):
        if word in _all_stop_words() or unaccent(word) in _all_stop_words():
            continue
        if word not in tokens:
            tokens.append(word)
    return tokens[:MAX_QUERY_TOKENS]


def prefix_tokens(query: str) -> list[str]:
    """Tokens for autocomplete: accent-free, without stemming; a lone stop word still completes ("de" → "dermato")."""
    tokens = [unaccent(word) for word in words((query or "")[:MAX_QUERY_CHARS]) if len(word) >= 2]
    return list(dict.fromkeys(tokens))[:6]


def token_stems(token: str) -> list[str]:
    """The distinct stems a query token may have in the indexed languages."""
    return list(dict.fromkeys(stem(token, code) for code in LANGUAGES))


# --- snippets -----------------------------------------------------------------------------------------------------
HIGHLIGHTED = 4000  # the characters of a text a snippet is taken from (its beginning)


@lru_cache(maxsize=100_000)
def _forms(word: str, language: str) -> tuple[str, str]:
    """What a word of a text matches: its stem and its accent-free lower-case form (snippets test every word)."""
    lower = word.lower()
    return stem(lower, language), unaccent(lower)


def highlight(text: str, tokens: list[str], language: str, *, length: int = 220) -> SafeString:
    """An escaped extract of `text` around the first matched word, matched words wrapped in <mark>.

    Everything but the <mark> tags is escaped, so text from users can never inject HTML through a snippet."""
    text = " ".join((text or "")[:HIGHLIGHTED].split())  # a snippet comes from the beginning of long texts
    if not text:
        return mark_safe("")
    language = language_or_default(language)
    wanted = {s for token in tokens for s in token_stems(token)}

    def matching(begin: int, stop: int) -> Iterator[re.Match[str]]:
        return (m for m in _WORD.finditer(text, begin, stop) if not wanted.isdisjoint(_forms(m.group(), language)))

    start = 0
    if len(text) > length:
        first = next(matching(0, len(text)), None)  # the words after the first match are read only in the window
        if first is not None:
            start = max(0, first.start() - length // 4)
            while start > 0 and not text[start - 1].isspace():
                start -= 1
    end = min(len(text), start + length)
    if end < len(text):
        cut = text.rfind(" ", start, end)
        end = cut if cut > start else end
    matches = list(matching(start, end))
    parts: list[str] = ["… " if start > 0 else ""]
    cursor = start
    for match in matches:
        if match.start() < start or match.end() > end:
            continue
        parts.append(escape(text[cursor:match.start()]))
        parts.append(f"<mark>{escape(match.group())}</mark>")
        cursor = match.end()
    parts.append(escape(text[cursor:end]))
    if end < len(text):
        parts.append(" …")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of user text above went through html.escape()
