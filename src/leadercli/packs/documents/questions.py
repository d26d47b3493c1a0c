"""A FAQ whose questions are labelled paragraphs, not headings: `**Q:** Does it support IE11?` over
`**A:** ...` (Shaka Player's), read as one heading per question, a level under the heading above them.
Without this the whole page is one record, and every question gets all of it.

Line for line, like `extensions.containers`: a question's first line becomes the heading and the lines
it wraps onto are left blank, so every heading keeps the line it has in the file. Code is left alone.
"""

from __future__ import annotations

import re

from leadercli.packs.documents.outline import Fences

__all__ = ["QUESTIONS_MIN", "question_paragraphs"]

# `**Q:** text`, `**Q.** text`, `__Q:__ text`, `**Question:** text`, and `**Q: text?**` (bold throughout).
_QUESTION = re.compile(
    r" {0,3}(?P<mark>\*\*|__)(?:Q|Question)[ \t]*[:.](?P<closed>[ \t]*(?P=mark))?[ \t]*(?P<rest>.*)$"
)
_ANSWER = re.compile(r" {0,3}(?:\*\*|__)?(?:A|Answer)[ \t]*[:.]")
_ATX = re.compile(r" {0,3}(#{1,6})(?:[ \t]|$)")
_SETEXT = re.compile(r" {0,3}(=+|-+)[ \t]*$")
QUESTIONS_MIN = 3
"""Labelled question paragraphs a page needs for them to be its sections: one or two `**Q:**` in a
README's prose are emphasis, not the page's shape."""


def question_paragraphs(lines: list[str]) -> list[str]:
    """The page with each `**Q:**` paragraph as a heading (the label left out, a wrapped question read
    whole), when it has QUESTIONS_MIN of them or more; otherwise the page as it is."""
    if sum(1 for line in lines if "Q" in line and _QUESTION.match(line)) < QUESTIONS_MIN:
        return lines
    out = lines[:]
    starts = _question_starts(out)
    if len(starts) < QUESTIONS_MIN:
        return out
    for number, level, found in starts:
        words = [found["rest"]]
        end = number + 1
        while end < len(out) and out[end].strip() and not _ANSWER.match(out[end]):
            words.append(out[end].strip())
            out[end] = ""
            end += 1
        question = " ".join(" ".join(words).split())
        if not found["closed"] and question.endswith(found["mark"]):  # `**Q: text?**`: its closing mark
            question = question[: -len(found["mark"])].rstrip()
        out[number] = f"{'#' * level} {question}"
    return out


def _question_starts(lines: list[str]) -> list[tuple[int, int, re.Match[str]]]:
    """The lines that open a labelled question paragraph, outside code, each with the level its heading
    takes (one below the heading above it, ATX or Setext; 1 when none is) and its label's match."""
    fences = Fences()
    starts: list[tuple[int, int, re.Match[str]]] = []
    above = 0
    for number, line in enumerate(lines):
        if fences.code(line):
            continue
        previous = lines[number - 1] if number else ""
        if atx := _ATX.match(line):
            above = len(atx[1])
        elif _SETEXT.match(line) and previous.strip() and number:
            above = 1 if line.strip()[0] == "=" else 2
        elif not previous.strip() and (found := _QUESTION.match(line)):
            starts.append((number, min(6, above + 1), found))
    return starts
