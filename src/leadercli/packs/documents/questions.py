"""Sections not written as headings, read as headings a level under the heading above them: a FAQ's
labelled paragraphs (`**Q:** Does it support IE11?` over `**A:** ...`, Shaka Player's), its list items
that ask (`1. What is RapidJSON?` with the answer indented under it, RapidJSON's), and a README's bold
lines standing for titles (`**Installation**`, in a page with no sub-headings). Without this the whole
page, or each group of questions, is one record, and every question gets all of it.

Line for line, like `extensions.containers`: a question's first line becomes the heading and the lines
it wraps onto are left blank, so every heading keeps the line it has in the file. Code is left alone.
"""

from __future__ import annotations

import re

from leadercli.packs.documents.outline import Fences, leading_spaces

__all__ = ["QUESTIONS_MIN", "bold_titles", "question_items", "question_paragraphs"]

# `**Q:** text`, `**Q.** text`, `__Q:__ text`, `**Question:** text`, and `**Q: text?**` (bold throughout).
_QUESTION = re.compile(
    r" {0,3}(?P<mark>\*\*|__)(?:Q|Question)[ \t]*[:.](?P<closed>[ \t]*(?P=mark))?[ \t]*(?P<rest>.*)$"
)
# `1. What is RapidJSON?`, `- **How do I pin a version?**`: a list item whose first line asks.
_ASKING_ITEM = re.compile(
    r" {0,3}(?:[-*+]|\d{1,9}[.)])[ \t]+(?P<mark>\*\*|__)?(?P<question>[^\s*_].*?\?)(?P=mark)?[ \t]*$"
)
# `**Installation**` alone on its line: a title, capitalised as titles are, unless it is a sentence (`.`,
# `!`) or a label (`:`); `**project_slug**` over what it means is a term, as a definition list's is.
_BOLD_TITLE = re.compile(
    r" {0,3}(?P<mark>\*\*|__)(?P<title>[A-Z0-9](?:[^*_\n]{0,58}[^\s*_.!:,;])?)(?P=mark)[ \t]*$"
)
_ITEM = re.compile(r" {0,3}(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)")
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
    starts = _levelled(out, _QUESTION)
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


def question_items(lines: list[str]) -> list[str]:
    """The page with each list item that asks a question and has its answer indented under it (after a
    blank line) as a heading over that answer, de-indented, when it has QUESTIONS_MIN of them or more; a
    checklist of questions without answers stays a list."""
    asking = (line for line in lines if line.rstrip().endswith(("?", "?**", "?__")))  # a quick sieve first
    if sum(1 for line in asking if _ASKING_ITEM.match(line)) < QUESTIONS_MIN:
        return lines
    starts = [
        (number, level, found)
        for number, level, found in _levelled(lines, _ASKING_ITEM)
        if _answered(lines, number)
    ]
    if len(starts) < QUESTIONS_MIN:
        return lines
    out = lines[:]
    asked = {number for number, _, _ in starts}
    for number, level, found in starts:
        out[number] = f"{'#' * level} {found['question'].strip()}"
        end = number + 1
        while end < len(out) and end not in asked and not _ends_answer(out[end]):
            end += 1
        answer = [line for line in out[number + 1 : end] if line.strip()]
        base = min(leading_spaces(line) for line in answer) if answer else 0
        out[number + 1 : end] = [line[min(base, leading_spaces(line)) :] for line in out[number + 1 : end]]
    return out


def bold_titles(lines: list[str]) -> list[str]:
    """The page with each bold line that stands alone for a title (`**Installation**`) as a heading, when
    it has QUESTIONS_MIN of them or more and no sub-headings of its own (where it has, a bold line is a
    label inside a section)."""
    if (
        sum(1 for line in lines if line.lstrip().startswith(("**", "__")) and _BOLD_TITLE.match(line))
        < QUESTIONS_MIN
    ):
        return lines
    fences = Fences()
    if any(not fences.code(line) and (atx := _ATX.match(line)) and len(atx[1]) > 1 for line in lines):
        return lines
    starts = _levelled(lines, _BOLD_TITLE)
    if len(starts) < QUESTIONS_MIN:
        return lines
    out = lines[:]
    for number, level, found in starts:
        out[number] = f"{'#' * level} {found['title']}"
    return out


def _answered(lines: list[str], number: int) -> bool:
    """Whether the item at `number` has an answer: a blank line, then an indented line that is no item."""
    after = number + 1
    if after >= len(lines) or lines[after].strip():
        return False
    while after < len(lines) and not lines[after].strip():
        after += 1
    return after < len(lines) and leading_spaces(lines[after]) >= 2 and not _ITEM.match(lines[after])


def _ends_answer(line: str) -> bool:
    """A line that is no part of an answer indented under its item: a heading, another item, or text
    back at the margin."""
    return bool(line.strip()) and (
        leading_spaces(line) < 2 or _ATX.match(line) is not None or _ITEM.match(line) is not None
    )


def _levelled(lines: list[str], pattern: re.Pattern[str]) -> list[tuple[int, int, re.Match[str]]]:
    """The lines outside code that `pattern` matches at a paragraph's start, each with the level its
    heading takes (one below the heading above it, ATX or Setext; 1 when none is) and its match."""
    fences = Fences()
    found: list[tuple[int, int, re.Match[str]]] = []
    above = 0
    for number, line in enumerate(lines):
        if fences.code(line):
            continue
        previous = lines[number - 1] if number else ""
        if atx := _ATX.match(line):
            above = len(atx[1])
        elif _SETEXT.match(line) and previous.strip() and number:
            above = 1 if line.strip()[0] == "=" else 2
        elif not previous.strip() and (match := pattern.match(line)):
            found.append((number, min(6, above + 1), match))
    return found
