"""Plain text (a .txt FAQ, README or guide) into an outline, with the cues a careful reader uses.

Plain text has no grammar, so headings are recognised by layout alone: an underlined (or over- and
underlined) line, a numbered question with its answer under it, a short ALL CAPS or Title Case line set
apart by blank lines, or a centred title at the top. Anything indented by 4+ columns is text or code.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from leadercli.packs import wordlists
from leadercli.packs.documents.outline import Heading, Outline, Skipped, introduction_title

_ADORNMENT = re.compile(r"^([=\-~*#])\1{2,}$")
_NUMBERED = re.compile(r"^( {0,3})(\d{1,3}[.)])\s+(\S.*)$")
_BULLET = re.compile(r"^(?:[-*+\u2022]|\d{1,3}[.)])\s+\S")
_NOT_A_TITLE_END = (".", ",", ";", ":")
_CODE_INDENT = 4


class _Found(NamedTuple):
    """A heading found in the lines: the lines it takes [start, stop), its text line, text and kind."""

    start: int
    stop: int
    line: int
    title: str
    style: str  # "numbered" takes its level from the heading above; every other style by first appearance


def parse_text(text: str) -> Outline:
    """Never raises: an input the heuristics cannot read gives an outline without headings."""
    try:
        return _parse(text)
    except Exception:  # pragma: no cover - a safety net: a bad document must not stop a whole build
        return Outline("", "", ())


def _parse(text: str) -> Outline:
    lines = [line.expandtabs(8).rstrip() for line in re.split(r"\r\n|\r|\n", text)]
    skipped: list[Skipped] = []
    found = _headings(lines, skipped)
    order: list[str] = []
    headings: list[Heading] = []
    parent = 0  # level of the last heading that is not a numbered question: questions go one below it
    for number, head in enumerate(found):
        if head.style == "numbered":
            level = parent + 1
        else:
            order += [] if head.style in order else [head.style]
            level = parent = order.index(head.style) + 1
        stop = found[number + 1].start if number + 1 < len(found) else len(lines)
        headings.append(Heading(head.title, level, head.line + 1, _body(lines[head.stop : stop])))
    first = next((index for index, line in enumerate(lines) if line.strip()), len(lines))
    title = ""
    if found and found[0].start == first and found[0].style != "numbered":
        title = headings[0].title if [h.level for h in headings].count(1) == 1 else ""
    introduction = None
    if found and (text_before := _body(lines[: found[0].start])):
        sentence = " ".join(text_before.split("\n\n", 1)[0].split())
        introduction = Heading(introduction_title(sentence, title), 0, first + 1, text_before)
    return Outline(title, "", tuple(headings), tuple(sorted(skipped)), introduction)


def _headings(lines: list[str], skipped: list[Skipped]) -> list[_Found]:
    found: list[_Found] = []
    index = next((i for i, line in enumerate(lines) if line.strip()), len(lines))
    centred = _centred(lines, index)
    if centred:
        found.append(centred)
        index = centred.stop
    while index < len(lines):
        head = _heading_at(lines, index, skipped)
        if head:
            found.append(head)
            index = head.stop
        else:
            index += 1
    return found


def _blank(lines: list[str], index: int) -> bool:
    """Outside the text counts as blank: the start and the end of the file separate like blank lines."""
    return not 0 <= index < len(lines) or not lines[index].strip()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _heading_at(lines: list[str], index: int, skipped: list[Skipped]) -> _Found | None:  # noqa: PLR0911
    line = lines[index]
    if not line.strip() or _indent(line) >= _CODE_INDENT or not _blank(lines, index - 1):
        return None
    text = line.strip()
    over = _ADORNMENT.match(text)
    if over and index + 2 < len(lines) and lines[index + 2].strip() == text:  # overline, title, underline
        title = lines[index + 1].strip()
        if title and not _ADORNMENT.match(title) and len(text) >= len(title):
            return _Found(index, index + 3, index + 1, title, f"over{text[0]}")
    if over:
        return None
    under = _ADORNMENT.match(lines[index + 1].strip()) if index + 1 < len(lines) else None
    if under and any(ch.isalnum() for ch in text):
        if len(under.group(0)) >= len(text) * 2 // 3:
            return _Found(index, index + 2, index, text, f"under{under.group(1)}")
        skipped.append(Skipped(index + 1, text, "underline much shorter than the line: not a heading"))
        return None
    numbered = _numbered(lines, index)
    if numbered:
        return numbered
    if _blank(lines, index + 1) and _looks_like_title(text):
        return _Found(index, index + 1, index, text, "caps" if text.upper() == text else "title case")
    return None


def _numbered(lines: list[str], index: int) -> _Found | None:
    """`12. How do I ...?` with the answer set off under it; a list of short steps is not headings."""
    match = _NUMBERED.match(lines[index])
    if not match:
        return None
    title = f"{match.group(2)} {match.group(3).strip()}"
    column = match.start(3)
    stop = index + 1
    following = lines[stop] if stop < len(lines) else ""
    if following.strip() and _blank(lines, stop + 1) and _indent(following) >= 2:
        wrapped = following.strip()
        if wrapped.endswith("?") or (len(lines[index]) >= 60 and not _NUMBERED.match(following)):
            title, stop = f"{title} {wrapped}", stop + 1
    if not _blank(lines, stop):
        return None
    after = _next_text(lines, stop) or ""
    if after and _NUMBERED.match(after) and _indent(after) < column:
        return None
    if after and _indent(after) < column and not title.endswith("?"):
        return None
    return _Found(index, stop, index, title, "numbered")


def _looks_like_title(text: str) -> bool:
    """Short, ALL CAPS or Title Case, not a sentence, a list item, a URL or a command."""
    if len(text) >= 80 or text.endswith(_NOT_A_TITLE_END) or _BULLET.match(text) or "://" in text:
        return False
    if text[0] in "$>|/\\([{<'\"`@%" or "  " in text:
        return False
    words = re.findall(r"[^\W\d_][\w'\u2019-]*", text)
    if not words or not any(ch.isalpha() for ch in text):
        return False
    if text.upper() == text:
        return sum(ch.isalpha() for ch in text) >= 2
    significant = [
        word
        for index, word in enumerate(words)
        if index == 0 or word.casefold() not in wordlists.words("small_words.txt")
    ]
    return len(words) <= 12 and all(word[0].isupper() for word in significant)


def _centred(lines: list[str], index: int) -> _Found | None:
    """One or two centred lines opening the file (an old-style banner title), set off by a blank line."""
    if index >= len(lines):
        return None
    stop = index + 1
    while stop < len(lines) and lines[stop].strip() and stop - index < 2:
        stop += 1
    block = lines[index:stop]
    if not _blank(lines, stop) or not all(_is_centred(line) for line in block):
        return None
    title = " ".join(line.strip() for line in block)
    if title.endswith(_NOT_A_TITLE_END):
        return None
    after = _next_text(lines, stop)
    if after is not None and _indent(after) >= min(_indent(line) for line in block):
        return None
    return _Found(index, stop, index, title, "centred")


def _next_text(lines: list[str], index: int) -> str | None:
    """The first non-blank line from `index` on, without copying the rest of the file."""
    return next((lines[i] for i in range(index, len(lines)) if lines[i].strip()), None)


def _is_centred(line: str) -> bool:
    indent, width = _indent(line), len(line.strip())
    return indent >= 6 and width < 80 and 20 <= indent + width / 2 <= 50


def _body(lines: list[str]) -> str:
    """The lines as Markdown: dedented, indented blocks fenced as code (or kept as a list), blanks kept."""
    text = [index for index, line in enumerate(lines) if line.strip()]
    if not text:
        return ""
    lines = lines[text[0] : text[-1] + 1]
    base = min(_indent(line) for line in lines if line.strip())
    lines = [line[base:] for line in lines]
    out: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if _indent(line) < _CODE_INDENT or not line.strip():
            if line.strip() or (out and out[-1]):
                out.append(line.replace("<", "\\<"))  # plain text: a `<` is a character, not HTML
            index += 1
            continue
        stop = index
        while stop < len(lines) and (not lines[stop].strip() or _indent(lines[stop]) >= _CODE_INDENT):
            stop += 1
        while not lines[stop - 1].strip():
            stop -= 1
        out += _code_block(lines[index:stop], bool(out and out[-1]))
        index = stop
    return "\n".join(out).strip("\n")


def _code_block(block: list[str], after_text: bool) -> list[str]:
    """An indented block: a list when every line is a list item, else a fenced code block."""
    inner = min(_indent(line) for line in block if line.strip())
    block = [line[inner:] for line in block]
    if all(_BULLET.match(line) for line in block if line.strip()):
        return block
    fence = "`" * max(3, max((len(run) for run in re.findall(r"`+", "\n".join(block))), default=0) + 1)
    return [*([""] if after_text else []), fence, *block, fence, ""]
