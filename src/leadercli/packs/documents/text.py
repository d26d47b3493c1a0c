"""Plain text (a .txt FAQ, README or guide) into an outline, with the cues a careful reader uses.

Plain text has no grammar, so headings are recognised by layout alone: an underlined (or over- and
underlined) line, a numbered question with its answer under it, a short ALL CAPS or Title Case line set
apart by blank lines, or a centred title at the top. Anything indented by 4+ columns is text or code.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import NamedTuple

from leadercli.packs import wordlists
from leadercli.packs.documents.outline import Heading, Outline, Skipped, fence_for, introduction_title
from leadercli.packs.sections import markdown_escaped

_ADORNMENT = re.compile(r"^([=\-~*#])\1{2,}$")
_NUMBERED = re.compile(r"^( {0,3})(\d{1,3}[.)])\s+(\S.*)$")
# `* How do I ...?` at the margin: a question set off as a bullet (tmux's FAQ), when a document asks
# BULLETED_QUESTIONS or more questions so; its answers' own lists use another mark.
_BULLETED = re.compile(r"^(?P<mark>[*\-+\u2022]|Q[:.])[ \t]+(?P<text>\S.*)$")
BULLETED_QUESTIONS = 3
QUESTION_LINES = 3  # a question set off as a bullet wraps onto at most two lines more
QUESTION_CHARS = 240  # and is shorter than this ("I need to use a script that runs "xz -9". On a ...?")
# `* version 2.5.30 released 2003-4-1`, `* Noteworthy changes in release 2.6.4 (2017-05-06)`: a GNU-style
# NEWS file's releases, in Emacs' outline layout (their changes under `**` and `***`).
_OUTLINE_ITEM = re.compile(r"^(?P<stars>\*{1,4})[ \t]+(?P<text>\S.*)$")
_RELEASE = re.compile(r"^\*[ \t]+(?P<text>.*\b(?:\d+\.\d+|release|version)\b.*)$", re.IGNORECASE)
_BULLET = re.compile(r"^(?:[-*+\u2022]|\d{1,3}[.)])\s+\S")
# `  o Willem Toorop`: a typewriter's bullet, when two lines or more of a block are so, at one indent
# (a line that opens with the word "o", in Portuguese or Italian, is prose).
_TYPEWRITER_BULLET = re.compile(r"^(?P<indent> +)o(?P<gap>[ \t]+)(?=\S)")
_NOT_A_TITLE_END = (".", ",", ";", ":")
_CODE_INDENT = 4
_HANGING_LABEL = re.compile(r"A[:.)][ \t]+(?=\S)")  # an answer's label, its text indented under it
# A gap of 2+ spaces inside a line (not the two after a sentence's end): text set in columns.
_COLUMNS = re.compile(r"[^\s.?!:] {2,}\S")
# A section's number and title at the margin ("2.1. Literals (00)", "3 Checksum format").
_SECTION = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?[ \t]+\S")
_SUB_SECTION = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\.?[ \t]+\S")
_FACT = re.compile(r"^[A-Z][\w -]{1,30}:[ \t]+\S.{0,60}$")  # "Last revised: 2011-10-05", "Author: ..."
_SHORT_LINE = 60  # shorter lines are no wrapped prose (which runs to ~70-79 columns)
_ADDRESS = re.compile(r"<?(?:https?|ftp)://\S+>?|<?[\w.+-]+@[\w-]+(?:\.[\w-]+)+>?")  # a URL or an email alone
CONTENTS_MIN_LINES = 3  # lines in a row, each a title of the document: a table of contents
_LEADERS = re.compile(r"\S.*?(?: ?\.){3,} *\d+")  # `3.1.  status  . . . . . .  4`: a dotted contents line
_PAGE_FOOTER = re.compile(r"\S.*\S {2,}\[Page \d+\]")  # `Nadareishvili   Expires 19 April 2022   [Page 1]`
STARRED_TITLES = 3  # `* Credits` over its text, so many times: titles, not a list
STARRED_WORDS = 5  # and each a title's few words ("Building from repository")
TIGHT_AFTER_CAPITALS = 2  # ALL CAPS titles set apart, so many: a title right over its text is one too
TIGHT_TITLE_LETTERS = 4  # and it is a word at least ("REQUIREMENTS", not "OK" or "A")


class _Found(NamedTuple):
    """A heading found in the lines: the lines it takes [start, stop), its text line, text and kind."""

    start: int
    stop: int
    line: int
    title: str
    style: str  # a question ("numbered") takes its level from the heading above; others by first use


def parse_text(text: str) -> Outline:
    """Never raises: an input the heuristics cannot read gives an outline without headings."""
    try:
        return _parse(text)
    except Exception:  # pragma: no cover - a safety net: a bad document must not stop a whole build
        return Outline("", "", ())


def _parse(text: str) -> Outline:
    lines = [line.expandtabs(8).rstrip() for line in re.split(r"\r\n|\r|\n", text)]
    skipped: list[Skipped] = []
    first_in_file = _first_text(lines)
    _drop_pagination(lines, skipped)
    _drop_document_header(lines, skipped)
    found = _headings(lines, skipped)
    if any(head.style == "release" for head in found):
        _outline_items(lines)
    _drop_contents(lines, found, skipped)
    levels = _levels(found)
    headings: list[Heading] = []
    parent = 0  # level of the last heading that is not a numbered question: questions go one below it
    for number, head in enumerate(found):
        if head.style == "numbered":
            level = parent + 1
        else:
            level = parent = levels[head.style]
        stop = found[number + 1].start if number + 1 < len(found) else len(lines)
        headings.append(Heading(head.title, level, head.line + 1, _body(lines[head.stop : stop])))
    first_after_contents = _first_text(lines)
    title = ""
    if found and found[0].start == first_after_contents and found[0].style != "numbered":
        title = headings[0].title if [h.level for h in headings].count(1) == 1 else ""
    introduction = None
    if found and (text_before := _body(lines[: found[0].start])):
        sentence = " ".join(text_before.split("\n\n", 1)[0].split())
        # At the document's first line, a table of contents skipped there or not: where its text begins.
        introduction = Heading(introduction_title(sentence, title), 0, first_in_file + 1, text_before)
    return Outline(title, "", tuple(headings), tuple(sorted(skipped)), introduction)


def _levels(found: list[_Found]) -> dict[str, int]:
    """Each style of title a level, by first use; a starred one (`* Credits`) below them all, wherever
    first. In a document that numbers its sections and has unnumbered titles too (an RFC's "Abstract"
    beside "1.  Introduction"), the numbered titles of the first depth are the others' peers."""
    order = list(dict.fromkeys(head.style for head in found if head.style not in ("numbered", "starred")))
    levels = {style: index + 1 for index, style in enumerate(order)}
    depths = sorted(int(style.split()[1]) for style in order if style.startswith("section "))
    peer = next((style for style in order if style in ("caps", "title case")), None)
    if depths and peer is not None:
        unnumbered = [style for style in order if not style.startswith("section ")]
        levels = {style: index + 1 for index, style in enumerate(unnumbered)}
        levels |= {f"section {depth}": levels[peer] + depth - 1 for depth in depths}
    levels["starred"] = max(levels.values(), default=0) + 1
    return levels


def _drop_pagination(lines: list[str], skipped: list[Skipped]) -> None:
    """An RFC's pages, made one text again: each page's footer (`Author  Expires ...  [Page 3]`), the
    form feed, and the running header after it (`Internet-Draft  Title  October 2021`) blanked, when
    the document has two pages or more."""
    footers = [number for number, line in enumerate(lines) if _PAGE_FOOTER.match(line)]
    if len(footers) < 2:
        return
    skipped.append(Skipped(footers[0] + 1, lines[footers[0]].strip(), "page footers and headers"))
    for number in footers:
        lines[number] = ""
        header = next(
            (at for at in range(number + 1, min(number + 4, len(lines))) if lines[at].strip()), None
        )
        if header is not None and _COLUMNS.search(lines[header]) and not lines[header].startswith(" "):
            lines[header] = ""


def _drop_document_header(lines: list[str], skipped: list[Skipped]) -> None:
    """An RFC's header block (`Network Working Group   I. Nadareishvili`, `Expires: 19 April 2022`):
    lines in two columns or of `Key: value`, over a centred title; facts about the document, not text."""
    first = _first_text(lines)
    end = first
    while end < len(lines) and lines[end].strip():
        end += 1
    block = lines[first:end]
    if len(block) < 2 or not all(_COLUMNS.search(line) or _FACT.match(line.strip()) for line in block):
        return
    title = _first_text(lines, end)
    if title < len(lines) and _is_centred(lines[title]):
        skipped.append(Skipped(first + 1, lines[first].strip(), "document header"))
        lines[first:end] = [""] * len(block)


def _drop_contents(lines: list[str], found: list[_Found], skipped: list[Skipped]) -> None:
    """A table of contents (3 or more lines in a row, each a title of the document) blanked and said
    skipped: its lines are in the section they follow, which would then answer for every title."""
    titles = {head.title.casefold() for head in found}

    def listed(line: str) -> bool:  # a title, or a line of a dotted contents: `3.1.  status . . . .  4`
        return line.strip().casefold() in titles or bool(_LEADERS.fullmatch(line.strip()))

    number = 0
    while number < len(lines):
        stop = number
        while stop < len(lines) and listed(lines[stop]):
            stop += 1
        if stop - number >= CONTENTS_MIN_LINES:  # the whole paragraph: its other lines are sub-entries
            while number and lines[number - 1].strip():
                number -= 1
            while stop < len(lines) and lines[stop].strip():
                stop += 1
            skipped.append(Skipped(number + 1, lines[number].strip(), "table of contents"))
            lines[number:stop] = [""] * (stop - number)
        number = max(stop, number + 1)


def _headings(lines: list[str], skipped: list[Skipped]) -> list[_Found]:
    found: list[_Found] = []
    index = _first_text(lines)
    opening = _centred(lines, index) or _dated_title(lines, index)
    if opening:
        found.append(opening)
        index = opening.stop
    numbered = _has_section_numbers(lines)
    releases = _releases(lines)
    if releases:  # a NEWS file: its releases are its sections, what is under them their changes
        index = len(lines)
        found += [head for line, head in sorted(releases.items()) if line >= (found[-1].stop if found else 0)]
    mark = None if releases else _question_mark(lines)
    starred = _starred_titles(lines) if not releases and mark is None else {}
    tight = _set_apart_capitals(lines) >= TIGHT_AFTER_CAPITALS
    while index < len(lines):
        # A document that numbers its sections has no numbered questions: "1. Connect." is a step.
        head = _section_number(lines, index) if numbered else None
        head = head or (_bulleted(lines, index, mark) if mark else None) or starred.get(index)
        head = head or _heading_at(lines, index, skipped, questions=not numbered, tight=tight)
        if head:
            found.append(head)
            index = head.stop
        else:
            index += 1
    first = _first_text(lines)
    if found and found[0].start > first and (title := _lone_title(lines, first)):
        found.insert(0, title)
    return found


def _lone_title(lines: list[str], index: int) -> _Found | None:
    """The file's first line, short and set apart, over a document whose headings come later: its title
    ("tmux frequently asked questions"), whatever its case."""
    text = lines[index].strip()
    if not _blank(lines, index + 1) or len(text) >= _SHORT_LINE or text.endswith(_NOT_A_TITLE_END):
        return None
    if _BULLET.match(text) or _ADORNMENT.match(text) or not any(char.isalpha() for char in text):
        return None
    return _Found(index, index + 1, index, text, "first line")


def _blank(lines: list[str], index: int) -> bool:
    """Outside the text counts as blank: the start and the end of the file separate like blank lines."""
    return not 0 <= index < len(lines) or not lines[index].strip()


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _heading_at(  # noqa: PLR0911
    lines: list[str], index: int, skipped: list[Skipped], *, questions: bool = True, tight: bool = False
) -> _Found | None:
    """The heading at `index`, if one is; with `tight` (the document sets its capitals titles apart), a
    title may stand right over its text too (`REQUIREMENTS` over its list)."""
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
    numbered = _numbered(lines, index) if questions else None
    if numbered:
        return numbered
    if not _looks_like_title(text) or _introduced(lines, index):
        return None
    if _blank(lines, index + 1):
        return _Found(index, index + 1, index, text, "caps" if text.upper() == text else "title case")
    if tight and _over_its_text(lines, index):
        return _Found(index, index + 1, index, text, "caps")
    return None


def _set_apart_capitals(lines: list[str]) -> int:
    """How many ALL CAPS titles the document sets apart with blank lines (`KNOWN ISSUES`)."""
    return sum(
        1
        for index, line in enumerate(lines)
        if line[:1].isalpha()
        and line.upper() == line
        and _blank(lines, index - 1)
        and _blank(lines, index + 1)
        and _looks_like_title(line.strip())
    )


def _over_its_text(lines: list[str], index: int) -> bool:
    """Whether a title line stands right over its text: capitals over anything at the margin (its list,
    its steps), Title Case over a line of prose (`Your Support` over a paragraph, not over a name)."""
    title, following = lines[index].strip(), lines[index + 1]
    if _indent(following) > _indent(lines[index]) or _ADORNMENT.match(following.strip()):
        return False
    if title.upper() == title:
        return sum(char.isalpha() for char in title) >= TIGHT_TITLE_LETTERS
    return len(following.strip()) >= _SHORT_LINE and not _BULLET.match(following.strip())


def _starred_titles(lines: list[str]) -> dict[int, _Found]:
    """`* Credits` at the margin, after a blank line, over text at the margin (directly or after a blank
    line) that is no other item: a BSD-style README's sub-titles, when it has STARRED_TITLES or more."""
    found: dict[int, _Found] = {}
    for index, line in enumerate(lines):
        if not line.startswith("* ") or not _blank(lines, index - 1):
            continue
        title = line[2:].strip()
        after = _next_text(lines, index + 1) or ""
        if not title or len(title.split()) > STARRED_WORDS or title.endswith(_NOT_A_TITLE_END):
            continue  # (an item of a list wrapped at the margin is longer: "* The parser fails on ...")
        if after and _indent(after) == 0 and not _BULLET.match(after):
            found[index] = _Found(index, index + 1, index, title, "starred")
    return found if len(found) >= STARRED_TITLES else {}


def _has_section_numbers(lines: list[str]) -> bool:
    """Whether the document numbers its sections ("2.1. Literals", "4.3 Uncompressed data"): two or
    more such lines of a second level, each set apart, as a specification numbers them."""
    second_level = (
        index
        for index, line in enumerate(lines)
        if _SUB_SECTION.match(line) and _blank(lines, index - 1) and _blank(lines, index + 1)
    )
    return next(second_level, None) is not None and next(second_level, None) is not None


def _section_number(lines: list[str], index: int) -> _Found | None:
    """`1. Preamble`, `2.2.1. Copy with 1-byte offset (01)`: a numbered title at the margin, set apart,
    whose text follows at the margin too (where a numbered question's is indented under it). Its level
    is its number's depth."""
    found = _SECTION.match(lines[index])
    text = lines[index].strip()
    if not found or not (_blank(lines, index - 1) and _blank(lines, index + 1)) or len(text) >= 80:
        return None
    if text.endswith(_NOT_A_TITLE_END):
        return None
    return _Found(index, index + 1, index, text, f"section {found.group(1).count('.') + 1}")


def _introduced(lines: list[str], index: int) -> bool:
    """Whether the text before a line ends with a colon ("for example:"): the line is its example
    (`  RunTest 2 7 11`), not a title."""
    before = next((lines[i] for i in range(index - 1, -1, -1) if lines[i].strip()), "")
    return before.endswith(":")


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


def _outline_items(lines: list[str]) -> None:
    """A NEWS file's changes, line for line, as a reader takes them: a `** build` category over `***`
    changes as its name ("build:"), every other change (`***`, a `**` with none under it, a `* ` that
    names no release) a list item."""
    stars = [(found["stars"] if (found := _OUTLINE_ITEM.match(line)) else "") for line in lines]
    following = [""] * len(lines)  # the stars of the next line with text after each (one pass back)
    for index in range(len(lines) - 2, -1, -1):
        following[index] = stars[index + 1] if lines[index + 1].strip() else following[index + 1]
    for index, line in enumerate(lines):
        if not stars[index] or _RELEASE.match(line):
            continue
        text = line[len(stars[index]) :].strip()
        category = len(following[index]) > len(stars[index]) and not text.endswith(":")
        lines[index] = f"{text}:" if category else f"- {text}"


def _releases(lines: list[str]) -> dict[int, _Found]:
    """A NEWS file's releases by line, when it has BULLETED_QUESTIONS or more `* ` lines at the margin,
    each set apart, that name a version or a release; {} for any other document."""
    found = {
        index: _Found(index, index + 1, index, " ".join(release["text"].split()), "release")
        for index, line in enumerate(lines)
        if (release := _RELEASE.match(line)) and _blank(lines, index - 1)
    }
    return found if len(found) >= BULLETED_QUESTIONS else {}


def _question_mark(lines: list[str]) -> str | None:
    """The bullet a document sets its questions off with (`*`, `-`, `Q:`), when BULLETED_QUESTIONS or
    more of its bulleted lines, each set apart, ask a question; None when it asks none so."""
    asked = Counter(
        lines[index].split(None, 1)[0]  # the bullet: `*`, `-` or `Q:`
        for index in range(len(lines))
        if (found := _bulleted(lines, index, None)) and found.title.endswith("?")
    )
    mark, count = asked.most_common(1)[0] if asked else ("", 0)
    return mark if count >= BULLETED_QUESTIONS else None


def _bulleted(lines: list[str], index: int, mark: str | None) -> _Found | None:
    """`* How do I use UTF-8?` at the margin, set off by blank lines (a wrapped second line indented
    under it), bulleted with `mark` (any bullet when None): a question whose answer follows."""
    found = _BULLETED.match(lines[index])
    if not found or (mark is not None and found["mark"] != mark) or not _blank(lines, index - 1):
        return None
    title, stop = found["text"].strip(), index + 1
    while not _blank(lines, stop) and _indent(lines[stop]) >= 2 and stop - index < QUESTION_LINES:
        title, stop = f"{title} {lines[stop].strip()}", stop + 1  # wrapped onto the lines under it
    if not _blank(lines, stop) or len(title) >= QUESTION_CHARS:
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


def _dated_title(lines: list[str], index: int) -> _Found | None:
    """A first line over a few `Key: value` lines and a blank one ("Snappy framing format description",
    then "Last revised: 2013-10-25"): the document's title, its lines of facts part of its text."""
    stop = index + 1
    while stop < len(lines) and _FACT.match(lines[stop]) and stop - index <= 3:
        stop += 1
    title = lines[index].strip() if index < len(lines) else ""
    if stop == index + 1 or not _blank(lines, stop) or not title or len(title) >= 80:
        return None
    return None if title.endswith(_NOT_A_TITLE_END) else _Found(index, index + 1, index, title, "dated")


def _first_text(lines: list[str], start: int = 0) -> int:
    """The index of the first non-blank line from `start` on (`len(lines)` when there is none), without
    copying the rest of the file."""
    return next((index for index in range(start, len(lines)) if lines[index].strip()), len(lines))


def _next_text(lines: list[str], index: int) -> str | None:
    """The first non-blank line from `index` on."""
    at = _first_text(lines, index)
    return lines[at] if at < len(lines) else None


def _is_centred(line: str) -> bool:
    indent, width = _indent(line), len(line.strip())
    return indent >= 6 and width < 80 and 20 <= indent + width / 2 <= 50


def _body(lines: list[str]) -> str:
    """The lines as Markdown, block by block (a block is a run of lines between blank ones): laid out by
    hand (indented 4+, set in columns, or short lines after a line ending in ":", as "for example:"
    introduces a command) fenced as code, line for line; the rest prose, which Markdown reflows."""
    text = [index for index, line in enumerate(lines) if line.strip()]
    if not text:
        return ""
    lines = lines[text[0] : text[-1] + 1]
    base = min(_indent(line) for line in lines if line.strip())
    lines = [line[base:] for line in lines]
    if (label := _HANGING_LABEL.match(lines[0])) and len(lines) > 1:
        # `A:  Nothing. They ...` over lines indented to its text (xz's FAQ): that indent is the answer's
        # margin, so its later paragraphs are prose and only what is indented beyond it is code.
        margin = label.end()
        lines = [line[min(margin, _indent(line)) :] if number else line for number, line in enumerate(lines)]
    out: list[str] = []
    introduced = False  # the block before ends with a colon: what follows is its example
    for block in map(_typewriter_bullets, _blocks(lines)):
        if out:
            out.append("")
        out += _code_block(block) if _laid_out(block, introduced) else _prose(block)
        introduced = block[-1].endswith(":")
    return "\n".join(out).strip("\n")


def _typewriter_bullets(block: list[str]) -> list[str]:
    """The block with its `  o Name` items as `  - Name`, when two or more of them share an indent."""
    found = [_TYPEWRITER_BULLET.match(line) for line in block]
    indents = [match["indent"] for match in found if match]
    if not indents or max(indents.count(indent) for indent in indents) < 2:
        return block
    return [
        f"{match['indent']}-{match['gap']}{line[match.end() :]}" if match else line
        for line, match in zip(block, found, strict=True)
    ]


def _blocks(lines: list[str]) -> list[list[str]]:
    """The runs of non-blank lines."""
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _laid_out(block: list[str], introduced: bool) -> bool:
    """Whether a block's line breaks are its meaning: indented as code, set in columns (a table, a list
    of files and what each is), or an example of short lines that the text before introduced."""
    least = min(_indent(line) for line in block)
    if least >= _CODE_INDENT:
        return True
    if len(block) >= 3 and _ADORNMENT.match(block[0].strip()) and block[-1].strip() == block[0].strip():
        return True  # a box drawn with a rule above and below (a notice framed in `*`)
    bullets = any(_BULLET.match(line.strip()) for line in block)  # a list, its items' lines hanging
    if introduced and not bullets and any(_indent(line) > least for line in block):
        return True  # an example after "add this:" whose lines are indented by their own logic (code)
    columns = sum(bool(_COLUMNS.search(line)) for line in block)
    hanging = sum(_indent(line) >= least + _CODE_INDENT for line in block)
    if columns and (columns + hanging) * 2 > len(block):  # not one stray gap in a paragraph
        return True
    if all(_BULLET.match(line.strip()) for line in block):
        return False
    return introduced and all(len(line.strip()) < _SHORT_LINE for line in block)


def _prose(block: list[str]) -> list[str]:
    """A paragraph or a list: lines stripped (Markdown reflows them), list items kept at their depth
    below the block's first one, and lines indented under a line ending with ":" kept as code."""
    items = [_indent(line) for line in block if _BULLET.match(line.strip())]
    outer = min(items, default=0)
    out: list[str] = []
    number = 0
    while number < len(block):
        line = block[number].strip()
        if bullet := _BULLET.match(line):
            mark, words = line[: bullet.end() - 1], line[bullet.end() - 1 :]
            out.append(" " * max(0, _indent(block[number]) - outer) + mark + markdown_escaped(words))
        elif number and block[number - 1].endswith(":") and _indent(block[number]) >= _CODE_INDENT:
            stop = number
            while stop < len(block) and _indent(block[stop]) >= _CODE_INDENT:
                stop += 1
            out += ["", *_code_block(block[number:stop]), ""]
            number = stop
            continue
        else:  # plain text: `\;`, `*`, a backtick or `<` is a character, not Markdown
            following = block[number + 1] if number + 1 < len(block) else ""
            apart = _own_line(line) or bool(_ADDRESS.fullmatch(following.strip()))
            out.append(markdown_escaped(line) + ("\\" if apart and _runs_on(following) else ""))
        number += 1
    return out


def _runs_on(following: str) -> bool:
    """Whether the line after is more of the paragraph, so a line break before it is one: a list item
    or code starts a line of its own, and a break at a paragraph's end would show as a backslash."""
    text = following.strip()
    return bool(text) and not _BULLET.match(text) and _indent(following) < _CODE_INDENT


def _own_line(line: str) -> bool:
    """A line that keeps its own line in a paragraph: an address alone, or a label (`Project page:`)."""
    return bool(_ADDRESS.fullmatch(line)) or (line.endswith(":") and len(line) < _SHORT_LINE // 2)


def _code_block(block: list[str]) -> list[str]:
    """Lines laid out by hand: a list when every line is a list item, else a fenced code block."""
    inner = min(_indent(line) for line in block if line.strip())
    block = [line[inner:] for line in block]
    if all(_BULLET.match(line) for line in block if line.strip()):
        return block
    fence = fence_for("\n".join(block))
    return [fence, *block, fence]
