"""What every document parser produces: the document's headings, each with its own text, in order.

A parser (Markdown, reStructuredText, plain text) only finds headings and cuts the text between them;
turning an outline into records (which headings are records, their context paths, their ids) is
`leadercli.packs.documents.records`, the same for every format.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import NamedTuple

from leadercli.matching.text import stop_words
from leadercli.packs.sections import markdown_escaped

INTRODUCTION = "Introduction"
"""The title of a document's text before its first heading when no sentence of it says what it is about."""


class Heading(NamedTuple):
    """One heading of a document and the text it owns (up to the next heading of any level)."""

    title: (
        str  # the heading's text, inline markup removed ("How do I install `uv`?" -> "How do I install uv?")
    )
    level: int  # deeper is higher: Markdown's 1-6, rst's nesting depth, plain text's order of adornments
    line: int  # 1-based line of the heading's text in the file (not of an underline or overline)
    body: str  # its own text before the next heading, as Markdown (code fenced, lists kept)
    anchor: str = ""  # the id its attribute list names (`## Title { #id }`), which the page's links use


class Skipped(NamedTuple):
    """A part of the document that is not a record, said with its line and why (never dropped silently)."""

    line: int
    text: str
    reason: str  # "front matter", "table of contents", "empty section", ...


class Outline(NamedTuple):
    """A parsed document."""

    title: str  # from front matter, or the document's own title heading; "" when it has none
    source: str  # from front matter (a URL or a citation); "" when it has none
    headings: tuple[Heading, ...]
    skipped: tuple[Skipped, ...] = ()
    # The text before the first heading (a README's "fzf is a fuzzy finder ..."), title from
    # `introduction_title`; None when there is none, or only logos and badges (then it is skipped).
    introduction: Heading | None = None


# "fzf is a ...", "The Requests library is an ...": the first sentence names what the document is about.
_DEFINES = re.compile(
    r"(?:the\s+)?(?P<subject>[^\W_][\w.+#-]*(?:\s+[^\W_][\w.+#-]*){0,2})\s+(?:is|are)\s+(?:an?|the|one)\s",
    re.IGNORECASE,
)


def introduction_title(first_sentence: str, title: str) -> str:
    """ "About <subject>" when the text's first sentence defines it ("fzf is a ..."), else about the
    document's title, else INTRODUCTION: the title readers ask ("what is fzf") then matches it."""
    found = _DEFINES.match(" ".join(first_sentence.split()))
    subject = found.group("subject") if found else ""
    # "If you are ...", "This page is ...", "All you need is ...": a stop word is no project's name.
    if subject and not any(word.casefold() in stop_words() for word in subject.split()):
        return f"About {subject}"
    return f"About {title}" if title else INTRODUCTION


def renumbered(outline: Outline, origin: list[int]) -> Outline:
    """An outline read from generated Markdown, its lines those of the file: `origin[n - 1]` is the file
    line that Markdown line `n` came from (a notebook's JSON, a wiki page whose tables and footnotes
    take more or fewer lines than they had)."""

    def at(line: int) -> int:
        return origin[min(len(origin), max(1, line)) - 1] if origin else line

    introduction = outline.introduction
    return outline._replace(
        headings=tuple(heading._replace(line=at(heading.line)) for heading in outline.headings),
        skipped=tuple(skipped._replace(line=at(skipped.line)) for skipped in outline.skipped),
        introduction=introduction._replace(line=at(introduction.line)) if introduction else None,
    )


def apart(outline: Outline) -> Outline:
    """Sections that share a file line (a minified HTML page, a notebook saved as one line of JSON: every
    heading on line 1) put a line apart, each after the one before it, so none takes another's place."""
    previous = outline.introduction.line if outline.introduction is not None else 0
    headings: list[Heading] = []
    for heading in outline.headings:
        previous = max(heading.line, previous + 1)
        headings.append(heading if heading.line == previous else heading._replace(line=previous))
    return outline._replace(headings=tuple(headings))


STACK_SEPARATOR = " / "


def stacked(headings: tuple[Heading, ...]) -> tuple[Heading, ...]:
    """Headings of one level on consecutive lines, with no text between them, over one body (an API's
    aliases: `### execaSync(...)` over `### $.sync(...)` over `### $.s(...)`) are one heading at the
    first one's line, titled by all their names: a reader sees the names stacked over the text they
    share, and each name is asked by. A heading with a blank line below it is a heading of its own."""
    merged: list[Heading] = []
    previous = 0  # the line of the heading read last
    for heading in headings:
        last = merged[-1] if merged else None
        if last and not last.body and last.level == heading.level and heading.line == previous + 1:
            title = f"{last.title}{STACK_SEPARATOR}{heading.title}"
            merged[-1] = heading._replace(title=title, line=last.line, anchor=last.anchor or heading.anchor)
        else:
            merged.append(heading)
        previous = heading.line
    return tuple(merged) if len(merged) < len(headings) else headings


def _longest_backticks(code: str) -> int:
    """The longest run of backticks in `code`, which its fence or code span must outnumber."""
    return max((len(run) for run in re.findall(r"`+", code)), default=0)


def fence_for(code: str) -> str:
    """A code fence longer than any run of backticks in `code` (at least three), so that the code,
    however it was written, is shown as it is and never ends its own block."""
    return "`" * max(3, _longest_backticks(code) + 1)


def code_span(code: str) -> str:
    """Inline code that shows `code` as written: backticks one more than its longest run, and a space
    inside them when it starts or ends with one (CommonMark's rule)."""
    ticks = "`" * (_longest_backticks(code) + 1)
    pad = " " if code.startswith("`") or code.endswith("`") else ""
    return f"{ticks}{pad}{code}{pad}{ticks}"


def plain_words(text: str, markdown: bool) -> str:
    """A run of a markup's plain text as a reader writes it out: escaped where the output is Markdown
    (an answer's body), as it is where it is not (a heading, a term)."""
    return markdown_escaped(text) if markdown else text


_FENCE = re.compile(r"[ \t]*(?P<run>`{3,}|~{3,})(?P<info>.*)")
LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]")
"""A line that opens a Markdown list item (`- `, `* `, `3. `), at any indent."""
INLINE_CODE = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.DOTALL)
"""An inline code span, CommonMark's way: a run of backticks closed by a run as long (group 2 its
text), for the passes that must leave code as written (extensions, line breaks, search snippets)."""


class Fences:
    """Which lines of Markdown are fenced code, read line by line, for the passes that rewrite a page's
    lines before markdown-it reads it (MkDocs containers, footnotes, MDX): a page that documents a
    syntax shows it as code. CommonMark's rules: a fence is three or more backticks or tildes (at any
    indentation here: a container's body is indented), a backtick fence's info has no backtick
    (```` ```foo`bar ```` is inline code), and it closes on a run of the same character, at least as
    long, with nothing after it."""

    __slots__ = ("_open",)

    def __init__(self) -> None:
        self._open: tuple[str, int] | None = None

    @property
    def inside(self) -> bool:
        """Whether the lines read so far left a fenced block open."""
        return self._open is not None

    def code(self, line: str) -> bool:
        """Whether `line` belongs to a fenced block (its opening and closing lines included)."""
        found = _FENCE.match(line)
        if self._open is None:
            if found is None or (found["run"][0] == "`" and "`" in found["info"]):
                return False
            self._open = (found["run"][0], len(found["run"]))
        elif found and found["run"][0] == self._open[0] and len(found["run"]) >= self._open[1]:
            self._open = None if not found["info"].strip() else self._open
        return True

    def content(self, line: str) -> bool:
        """Whether `line` is code inside a fenced block: neither text nor one of the block's fences."""
        was_open = self._open is not None
        return self.code(line) and was_open and self._open is not None


def leading_spaces(line: str) -> int:
    """The spaces a line opens with (a tab counts as text: the passes expand tabs first where it matters)."""
    return len(line) - len(line.lstrip(" "))


def outside(spans: re.Pattern[str], text: str, transform: Callable[[str], str]) -> str:
    """`text` with `transform` applied between what `spans` match (inline code, a passthrough), those
    kept as written: a page that shows a syntax in code shows it as typed."""
    parts: list[str] = []
    position = 0
    for span in [*spans.finditer(text), None]:
        start = span.start() if span else len(text)
        parts += [transform(text[position:start]), span.group() if span else ""]
        position = span.end() if span else len(text)
    return "".join(parts)


def in_prose(text: str, transform: Callable[[str], str]) -> str:
    """`text` with `transform` applied to each run of lines outside fenced code, the code as written:
    a page that shows an HTML comment or a JSDoc tag in code shows it."""
    fences = Fences()
    parts: list[str] = []
    prose: list[str] = []
    for line in [*text.split("\n"), None]:
        if line is None or fences.code(line):
            parts += [transform("\n".join(prose))] if prose else []
            parts += [line] if line is not None else []
            prose = []
        else:
            prose.append(line)
    return "\n".join(parts)
