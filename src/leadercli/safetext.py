"""The one table of code points that must never reach an output raw, and what each output does with them.

Pack text, documents and argv are untrusted. C0 controls (but tab and newline) can drive a terminal;
C1 controls include one-byte CSI (U+009B); the bidi marks, embeddings, overrides and isolates make a
terminal, an editor or a calendar app show text in another order than it is stored ("Trojan Source");
the zero-width characters hide inside a word, so that two texts that look the same are not (a command
copied from an answer, an id); a lone surrogate is an undecodable byte of argv or stdin (PEP 383) that
a strict UTF-8 stream cannot even encode. Every output format neutralises exactly this table: the
terminal shows visible escapes, JSON and the YAML `extract` writes \\uXXXX escapes (so a parser reads
back the same string), and documents (Markdown, HTML, iCalendar) drop them. One exception, by context:
a zero-width joiner between two emoji is how an emoji sequence is spelled, so it is kept (see EMOJI).
"""

from __future__ import annotations

import functools
import re

UNSAFE_RANGES: tuple[tuple[int, int], ...] = (
    (0x00, 0x08),  # C0 controls before tab
    (0x0B, 0x1F),  # C0 controls after newline (carriage return, escape, ...)
    (0x7F, 0x9F),  # DEL and the C1 controls
    (0x061C, 0x061C),  # ARABIC LETTER MARK
    (0x200B, 0x200D),  # ZERO WIDTH SPACE, NON-JOINER and JOINER
    (0x200E, 0x200F),  # LEFT-TO-RIGHT and RIGHT-TO-LEFT MARK
    (0x202A, 0x202E),  # bidi embeddings and overrides
    (0x2066, 0x2069),  # bidi isolates
    (0xD800, 0xDFFF),  # surrogates
    (0xFEFF, 0xFEFF),  # ZERO WIDTH NO-BREAK SPACE (a byte order mark inside text)
)
"""Inclusive ranges of unsafe code points: the single source of truth for every output format."""
EMOJI = "\u2600-\u27bf\ufe0f\U0001f000-\U0001faff"
"""Pictographs, their variation selector and skin tones: a ZERO WIDTH JOINER between two of them
(👩‍👩‍👧, 🏳️‍🌈) is how an emoji sequence is spelled, not a hidden character, and is kept as text."""


@functools.cache
def unsafe() -> re.Pattern[str]:
    """The table as one character class, but for a joiner inside an emoji sequence (compiled on first
    use: startup is a feature). JSON escapes even that joiner: a parser reads it back the same."""
    table = "".join(f"\\u{low:04x}-\\u{high:04x}" for low, high in UNSAFE_RANGES)
    return re.compile(f"(?!(?<=[{EMOJI}])\u200d[{EMOJI}])[{table}]")


@functools.cache
def json_escapes() -> dict[int, str]:
    """str.translate table for JSON text: `json.dumps` already escapes C0, this escapes the rest."""
    return {code: f"\\u{code:04x}" for low, high in UNSAFE_RANGES for code in range(max(low, 0x7F), high + 1)}


def visible(text: str) -> str:
    """For a terminal: each unsafe character becomes a visible escape, an undecodable byte (a surrogate
    from surrogateescape) the `\\xNN` escape of that byte."""
    return unsafe().sub(_escape, text)


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def strip(text: str) -> str:
    """For a document (Markdown, HTML, iCalendar): the text without the unsafe characters."""
    return unsafe().sub("", text)
