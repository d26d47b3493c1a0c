"""Markdown footnotes (`[^1]: text`, PHP Markdown Extra's, GitHub's, Pandoc's): each section carries the
footnotes it cites, after its text, as it carries the reference links it uses.

Line for line, like `extensions`: the definitions leave blank lines, so every heading keeps its line.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from leadercli.packs.documents.outline import Fences, leading_spaces

__all__ = ["Footnotes", "footnote_text", "take_footnotes"]

_FOOTNOTE = re.compile(r"(?P<indent> {0,3})\[\^(?P<label>[^\]\s]+)\]:[ \t]?(?P<text>.*)$")
_FOOTNOTE_USE = re.compile(r"(?<!\\)\[\^([^\]\s]+)\](?!:)")


class Footnotes(NamedTuple):
    """The document's lines without its footnote definitions (blank lines in their place), each
    definition's text by label, and the numbers (0-based) of the lines they took."""

    lines: list[str]
    texts: dict[str, str]
    taken: list[int]


def take_footnotes(lines: list[str]) -> Footnotes:
    """`[^1]: text` definitions (with their indented continuation lines) out of the text, blank lines left
    in their place: each section then carries those it cites (`footnote_text`), as it does reference
    links. A definition inside a fenced code block is code."""
    out = lines[:]
    texts: dict[str, str] = {}
    taken: list[int] = []
    if not any("[^" in line for line in lines):
        return Footnotes(out, texts, taken)
    fences = Fences()
    number = 0
    while number < len(out):
        line = out[number]
        if fences.code(line) or not (found := _FOOTNOTE.match(line)):
            number += 1
            continue
        end = number + 1
        while end < len(out) and (not out[end].strip() or leading_spaces(out[end].expandtabs(4)) >= 4):
            end += 1
        while end > number + 1 and not out[end - 1].strip():
            end -= 1
        if end < len(out) and not out[end].strip() and (not number or not out[number - 1].strip()):
            end += 1  # and one of the blank lines around it, so no run of blank lines is left
        body = [found.group("text").strip()] + [text.expandtabs(4)[4:] for text in out[number + 1 : end]]
        texts.setdefault(found.group("label").casefold(), "\n".join(body).strip())
        out[number:end] = [""] * (end - number)
        taken += range(number, end)
        number = end
    return Footnotes(out, texts, taken)


def footnote_text(body: str, texts: dict[str, str]) -> str:
    """A section's text with the footnotes it cites after it, each as `[^1]: text` shown as written
    (escaped, so it is not read as a link definition); the citation `[^1]` stays as it reads."""
    if not texts or not body:
        return body
    cited: list[str] = []
    for found in _FOOTNOTE_USE.finditer(body):
        label = found.group(1)
        if label.casefold() in texts and label not in cited:
            cited.append(label)
    notes = [f"\\[^{label}\\]: {texts[label.casefold()]}" for label in cited]
    return body + "\n\n" + "\n\n".join(notes) if notes else body
