"""Caption files in, cues out: what the parser keeps, what it refuses and which line it names."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from praxis.content.media.captions import parse_captions, write_webvtt
from praxis.testing.files import webvtt_with_markup


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _texts(data: bytes) -> list[str]:
    return [cue.text for cue in parse_captions(data)[1]]


def test_srt_with_windows_line_ends_a_bom_and_windows_1252_text_is_read() -> None:
    data = ("\ufeff1\r\n00:00:01,000 --> 00:00:02,500\r\nEnchanté\r\n\r\n"
            "2\r\n00:00:03,000 --> 00:00:04,000\r\nÀ bientôt\r\n")
    assert parse_captions(data.encode("utf-8"))[0] == "srt"
    assert _texts(data.encode("utf-8")) == ["Enchanté", "À bientôt"]
    assert _texts(data.replace("\ufeff", "").encode("cp1252")) == ["Enchanté", "À bientôt"]


def test_cues_written_without_blank_lines_between_them_are_still_separated() -> None:
    srt = b"1\n00:00:01,000 --> 00:00:02,000\nUn\n2\n00:00:02,000 --> 00:00:03,000\nDeux\n"
    vtt = b"WEBVTT\n\n00:01.000 --> 00:02.000\nUn\n00:02.000 --> 00:03.000\nDeux\n"
    assert _texts(srt) == _texts(vtt) == ["Un", "Deux"]


def test_markup_styles_and_notes_are_dropped_and_voices_named() -> None:
    kind, cues = parse_captions(webvtt_with_markup())
    assert kind == "vtt"
    assert [cue.text for cue in cues] == ["Dr Martin: Désinfectez la peau alert(1)", "Piquez & injectez"]
    written = write_webvtt(cues)
    assert "00:00:00.000 --> 00:00:02.000 align:start" in written and "Piquez &amp; injectez" in written
    for markup in ["<", "STYLE", "NOTE", "evil.example", "onerror"]:
        assert markup not in written


def test_only_the_positioning_settings_of_webvtt_survive() -> None:
    data = b"WEBVTT\n\n00:01.000 --> 00:02.000 line:0 position:50% region:r1 evil:1\nHaut\n"
    assert parse_captions(data)[1][0].settings == "line:0 position:50%"


def test_what_we_write_parses_back_to_the_same_cues() -> None:
    _kind, cues = parse_captions(b"1\n00:00:01,250 --> 01:00:02,000\nA & <b>B</b>\nsur deux lignes\n")
    again = parse_captions(write_webvtt(cues).encode())[1]
    assert [(c.start, c.end, c.text) for c in again] == [(1.25, 3602.0, "A & B\nsur deux lignes")]


@pytest.mark.parametrize("data, message", [
    (b"WEBVTT\n00:00.000 --> 00:01.000\nA\n", "Line 2: leave a blank line between"),
    (b"WEBVTT\n\n00:00.000 -> 00:01.000\nA\n", "Line 3: a cue timing such as"),
    (b"WEBVTT\n\n00:00.000 --> 1:2\nA\n", "Line 3: “1:2” is not a time"),
    (b"WEBVTT\n\n00:02.000 --> 00:02.000\nA\n", "Line 3: the cue ends (00:00:02.000) before it starts"),
    (b"WEBVTT\n\n00:05.000 --> 00:06.000\nA\n\n00:01.000 --> 00:02.000\nB\n",
     "Line 6: this cue starts (00:00:01.000) before the previous one (00:00:05.000, line 3)"),
    (b"WEBVTT\n\nNOTE nothing else\n", "This captions file has no cues with text."),
    (b"<html><body>captions</body></html>", "Line 1: this file is neither WebVTT"),
    (b"\n\n2\nhello\n", "Line 3: this file is neither WebVTT"),
])
def test_broken_files_name_the_line_of_their_first_problem(data: bytes, message: str) -> None:
    with pytest.raises(ValidationError) as error:
        parse_captions(data)
    assert error.value.messages[0].startswith(message)
