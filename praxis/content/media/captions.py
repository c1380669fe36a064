"""Caption files: WebVTT or SRT in, cues (start, end, plain text) out, WebVTT written back from the cues.

A careful line-based parser of our own rather than a library, because an author who sends a broken file must be
told *which line* is wrong (webvtt-py skips or refuses whole files without saying where). What we keep of a cue is
its timing, the few positioning settings WebVTT defines, and its text without markup: voice spans become
"Speaker: ", every other tag and HTML entity is reduced to plain text. The WebVTT served to the player is written
from those cues, so nothing an author typed reaches a browser as markup.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_BYTES = 512 * 1024
MAX_CUES = 5000
MAX_SECONDS = 24 * 3600

_TIMESTAMP = re.compile(r"^(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})[.,](\d{1,3})$")
_TIMING = re.compile(r"^\s*(\S+)\s*-->\s*(\S+)(?:\s+(.*))?$")
_SETTING = re.compile(r"^(?:vertical:(?:rl|lr)|line:-?\d+(?:\.\d+)?%?(?:,(?:start|center|end))?"
                      r"|position:\d+(?:\.\d+)?%(?:,(?:line-left|center|line-right))?|size:\d+(?:\.\d+)?%"
                      r"|align:(?:start|center|end|left|right))$")
_VOICE = re.compile(r"<v(?:\.[\w.-]+)?[ \t]+([^>]+)>")
_TAG = re.compile(r"<[^>]*>")
_SRT_INDEX = re.compile(r"^\d+$")


@dataclass(frozen=True)
class Cue:
    start: float  # seconds
    end: float
    text: str  # plain text; lines separated by "\n"
    line: int  # the line of its timing in the file sent (1-based), for messages
    settings: str = ""


def _error(line: int, message: str) -> ValidationError:
    return ValidationError(_("Line %(line)s: %(message)s") % {"line": line, "message": message}, code="captions")


def clock(seconds: float) -> str:
    """00:01:02.500, as WebVTT writes times."""
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    secs, millis = divmod(millis, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}.{millis:03d}"


def _seconds(value: str, line: int) -> float:
    match = _TIMESTAMP.match(value)
    if match is None:
        raise _error(line, _("“%(value)s” is not a time (write it as 00:01:02.500).") % {"value": value[:40]})
    hours, minutes, secs, fraction = match.groups()
    if int(minutes) > 59 or int(secs) > 59:
        raise _error(line, _("“%(value)s” is not a time: minutes and seconds go up to 59.") % {"value": value[:40]})
    return int(hours or 0) * 3600 + int(minutes) * 60 + int(secs) + int(fraction.ljust(3, "0")) / 1000


def _timing(text: str, line: int) -> tuple[float, float, str]:
    match = _TIMING.match(text)
    if match is None:
        raise _error(line, _("this cue timing is not written “00:00:01.000 --> 00:00:04.000”."))
    start, end = _seconds(match.group(1), line), _seconds(match.group(2), line)
    if end <= start:
        raise _error(line, _("the cue ends (%(end)s) before it starts (%(start)s).")
                     % {"end": clock(end), "start": clock(start)})
    if end > MAX_SECONDS:
        raise _error(line, _("the cue ends after 24 hours (%(end)s).") % {"end": clock(end)})
    settings = " ".join(part for part in (match.group(3) or "").split() if _SETTING.match(part))
    return start, end, settings


def plain_text(lines: list[str]) -> str:
    """A cue's text without markup: voices named, tags dropped, entities decoded, blank lines gone."""
    text = _TAG.sub("", _VOICE.sub(r"\1: ", "\n".join(lines)))
    text = html.unescape(text).replace("\u00a0", " ").replace("\u200e", "").replace("\u200f", "")
    return "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())


def _decode(data: bytes) -> str:
    if not data:
        raise ValidationError(_("This captions file is empty."), code="captions")
    if len(data) > MAX_BYTES:
        raise ValidationError(_("This captions file is too large (512 KB at most)."), code="captions")
    if b"\x00" in data[:4096]:
        raise ValidationError(_("This file is not a captions file: send a WebVTT (.vtt) or SRT (.srt) text file."),
                              code="captions")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # SRT files from older tools are often Windows-1252
    return text.replace("\r\n", "\n").replace("\r", "\n")


def detect_format(lines: list[str]) -> str:
    """"vtt" or "srt", from the first lines; ValidationError (with line 1) otherwise."""
    first = lines[0] if lines else ""
    if first == "WEBVTT" or first.startswith(("WEBVTT ", "WEBVTT\t")):
        return "vtt"
    filled = [(number, line.strip()) for number, line in enumerate(lines, 1) if line.strip()][:2]
    if filled and ("-->" in filled[0][1] or (_SRT_INDEX.match(filled[0][1]) and len(filled) > 1
                                            and "-->" in filled[1][1])):
        return "srt"
    raise _error(filled[0][0] if filled else 1, _(
        "this file is neither WebVTT (its first line would be “WEBVTT”) nor SRT (it would begin with a cue "
        "number and a timing such as “00:00:01,000 --> 00:00:04,000”)."))


def _skip_header(lines: list[str]) -> int:
    """The index of the line after WebVTT's header block (which ends at the first blank line)."""
    index = 0
    while index < len(lines) and lines[index].strip():
        if index > 0 and "-->" in lines[index]:
            raise _error(index + 1, _("leave a blank line between “WEBVTT” and the first cue."))
        index += 1
    return index


def _skip_block(lines: list[str], index: int) -> int:
    while index < len(lines) and lines[index].strip():
        index += 1
    return index


def _cue_text(lines: list[str], index: int) -> tuple[list[str], int]:
    """The text lines of a cue starting at `index`, and where the next block starts. A line with "-->" starts the
    next cue even without a blank line before it (with its SRT number, if the line before is one)."""
    text_lines = []
    while index < len(lines) and lines[index].strip() and "-->" not in lines[index]:
        text_lines.append(lines[index])
        index += 1
    if index < len(lines) and "-->" in lines[index] and text_lines and _SRT_INDEX.match(text_lines[-1].strip()):
        text_lines.pop()
        index -= 1
    return text_lines, index


def parse_captions(data: bytes) -> tuple[str, list[Cue]]:
    """The format ("vtt" or "srt") and the cues of a caption file, in time order.

    Raises a ValidationError naming the line of the first problem: not WebVTT nor SRT, a timing that is not one,
    a cue that ends before it starts or comes before the previous one, no cue at all."""
    lines = _decode(data).split("\n")
    kind = detect_format(lines)
    index = _skip_header(lines) if kind == "vtt" else 0
    cues: list[Cue] = []
    while index < len(lines):
        line = lines[index]
        if not line.strip():
            index += 1
            continue
        if kind == "vtt" and "-->" not in line and line.split(maxsplit=1)[0] in {"NOTE", "STYLE", "REGION"}:
            index = _skip_block(lines, index)  # comments, styles, regions: dropped
            continue
        if "-->" in line:
            timing_at = index
        elif index + 1 < len(lines) and "-->" in lines[index + 1]:
            timing_at = index + 1  # an identifier (WebVTT) or the cue number (SRT) first
        else:
            raise _error(index + 1, _("a cue timing such as “00:00:01.000 --> 00:00:04.000” was expected here."))
        start, end, settings = _timing(lines[timing_at], timing_at + 1)
        text_lines, index = _cue_text(lines, timing_at + 1)
        if cues and start < cues[-1].start:
            raise _error(timing_at + 1, _("this cue starts (%(start)s) before the previous one (%(previous)s, "
                                          "line %(line)s): cues must be in time order.")
                         % {"start": clock(start), "previous": clock(cues[-1].start), "line": cues[-1].line})
        text = plain_text(text_lines)
        if text:
            cues.append(Cue(start, end, text, timing_at + 1, settings if kind == "vtt" else ""))
        if len(cues) > MAX_CUES:
            raise _error(timing_at + 1, _("too many cues (%(max)s at most).") % {"max": MAX_CUES})
    if not cues:
        raise ValidationError(_("This captions file has no cues with text."), code="captions")
    return kind, cues


def stored_cues(cues: list[dict[str, object]]) -> list[Cue]:
    """Cues as a `CaptionTrack` stores them (JSON) back into `Cue`s."""
    return [Cue(float(str(cue["start"])), float(str(cue["end"])), str(cue["text"]), 0, str(cue.get("settings", "")))
            for cue in cues]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_webvtt(cues: list[Cue]) -> str:
    """WebVTT written from the cues: timing, the allowed settings and escaped plain text, nothing else."""
    blocks = ["WEBVTT"]
    for number, cue in enumerate(cues, 1):
        timing = f"{clock(cue.start)} --> {clock(cue.end)}" + (f" {cue.settings}" if cue.settings else "")
        blocks.append(f"{number}\n{timing}\n{_escape(cue.text)}")
    return "\n\n".join(blocks) + "\n"
