"""Rich output for people: the shared pieces (safe text, the console, the two looks).

Two looks from one code path: panels (for answers) and tables on a terminal, plain text (no box
drawing, no ANSI, no padding) when stdout is a pipe or `--plain` asks for it, so `grep`, `head` and a
mouse selection see clean lines. Prose stops at a readable measure; `layout` fits tables and ids to
the width. One module per group of commands (`answers`, `browse`, ...) builds on these.

Pack text and the user's question are untrusted: they are always wrapped in `Text` (never parsed as
markup) and stripped of control characters, so a pack cannot move the cursor, clear the screen or
forge a hyperlink.
"""

from __future__ import annotations

import os
import re
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.panel import Panel
from rich.text import Text

from leadercli.packs.documents.outline import Fences
from leadercli.packs.pack import RecordSource
from leadercli.packs.sections import Record, is_markdown, section_of
from leadercli.safetext import visible

if TYPE_CHECKING:
    from leadercli.matching import Match

ACCENT = "cyan"


def text(value: str, style: str = "") -> Text:
    return Text(visible(value), style=style)


MIN_WIDTH = 20
"""Narrower than this (`COLUMNS=0` in some CI, `COLUMNS=1`) Rich prints nothing, or a letter a line."""


def make_console(*, stderr: bool = False, color: str = "auto") -> Console:
    """The console of one stream; `color` is `--color`: "always" is a terminal in colour even when piped
    (as FORCE_COLOR=1, and despite NO_COLOR or TERM=dumb), "never" a terminal without colour."""
    options: dict[str, Any] = {}
    if color == "always":
        dumb = os.environ.get("TERM", "").lower() in ("dumb", "unknown")
        options = {"force_terminal": True, "no_color": False, "color_system": "standard" if dumb else "auto"}
    elif color == "never":
        options = {"no_color": True}
    console = Console(stderr=stderr, highlight=False, emoji=False, markup=False, **options)
    if console.width < MIN_WIDTH:  # noqa: PLR1730 (set only then: else it follows a resized terminal)
        console.width = MIN_WIDTH
    return console


MEASURE = 100
"""Prose wider than this is hard to read (glow, rich-cli and man stop near here); tables may be wider."""

_STYLE_AT_END = re.compile(r"\x1b\[[0-9;]*m\Z")


def without_trailing_blanks(text: str) -> str:
    """Each line without the blanks at its end, also where style codes sit among them (the codes stay).

    Line by line from the end, in linear time: one regular expression for the whole text backtracked
    over a long run of spaces inside a line (a code block's) for minutes."""
    return "\n".join(map(_line_without_trailing_blanks, text.split("\n")))


def _line_without_trailing_blanks(line: str) -> str:
    codes: list[str] = []
    while True:
        line = line.rstrip()
        found = _STYLE_AT_END.search(line)
        if found is None:
            return line + "".join(reversed(codes))
        codes.append(found.group())
        line = line[: found.start()]


class Renderer:
    """Prints leadercli's views on one console; `fancy` (a terminal, unless --plain) decides panels and
    tables. Prose is printed at `measure`; tables may use the whole `width`."""

    def __init__(self, console: Console, *, plain: bool = False) -> None:
        self.console = console
        self.fancy = console.is_terminal and not plain

    @property
    def width(self) -> int:
        return self.console.width

    @property
    def measure(self) -> int:
        """How wide prose runs: the readable measure on a terminal (--plain included); piped, the width
        a script asked for (COLUMNS, 80 by default), so a long line it greps for stays whole."""
        return min(self.console.width, MEASURE) if self.console.is_terminal else self.console.width

    def print(self, *renderables: RenderableType, wide: bool = False) -> None:
        """Print at the measure (`wide`: at the terminal's width). Nothing is cropped: a line that is
        longer (an id that never wraps) is the terminal's to wrap, so a copy of it stays whole."""
        width = self.width if wide else self.measure
        if self.fancy:
            self.console.print(*renderables, width=width, crop=False)
            return
        # Plain output is for pipes and copying: Rich pads wrapped lines to the width, which grep and diff
        # do not want (nor a selection on a terminal, with --plain).
        with self.console.capture() as captured:
            self.console.print(*renderables, width=width, crop=False)  # a document's lines are printed whole
        self.console.file.write(without_trailing_blanks(captured.get()))

    def block(
        self, title: Text, body: RenderableType, footer: Text | None = None, *, boxed: bool = True
    ) -> RenderableType:
        """An answer: a panel on a terminal, with its title and footer in the border when they fit there
        (else on lines of their own inside, wrapped at words); plain lines when piped, with --plain, or
        not `boxed`."""
        if not (self.fancy and boxed):
            parts: list[RenderableType] = [title.copy().append(""), body]
            if footer is not None:
                parts.append(footer)
            return Group(*parts)
        room = self.measure - 6  # the corners, a rule either side and a space either side of the text
        inside: list[RenderableType] = []
        if title.cell_len > room:
            inside.append(title)
        inside.append(body)
        if footer is not None and footer.cell_len > room:
            inside.append(footer)
        return Panel(
            Group(*inside) if len(inside) > 1 else body,
            title=title if title.cell_len <= room else None,
            title_align="left",
            subtitle=footer if footer is not None and footer.cell_len <= room else None,
            subtitle_align="right",
            border_style=ACCENT,
            box=box.ROUNDED,
            padding=(0, 1),
        )


def record_body(record: Record, fancy: bool = False) -> RenderableType:
    """A record's answer with its parts labelled: a step's why, a risk's mitigation, a cadence's period.

    A document's section is Markdown: on a terminal it is drawn as Markdown (lists, code highlighted),
    piped it is the Markdown itself, line for line. The headings above it come first, dim."""
    section = section_of(record)
    parts: list[RenderableType] = []
    context = getattr(record, "context", "")
    if context:
        parts.append(text(context, "dim"))
    for name in section.body:
        if name == section.lead:
            continue
        label = section.labels.get(name)
        value: str = getattr(record, name)
        if name in section.markdown and is_markdown(value):
            parts.append(_markdown(value, fancy))
            continue
        parts.append(Text.assemble((f"{label}: ", "bold"), text(value)) if label else text(value))
    if section.lead:
        lead = (f"{getattr(record, section.lead).capitalize()}: ", "bold")
        parts[0] = Text.assemble(lead, parts[0]) if isinstance(parts[0], Text) else parts[0]
    return parts[0] if len(parts) == 1 else Group(*parts)


# A link to a place in the same page (`[-a](#all)`, `[.render([options])](#render)`): drawn as its
# words, "(#all)" says nothing here.
_IN_PAGE_LINK = re.compile(r"(?<!!)\[((?:[^\[\]\n]|\[[^\[\]\n]*\])+)\]\(#[^)\s]*\)")
# A link whose words are its address (`<https://x.org>`, `[https://x.org](https://x.org)`): the address
# once, where Rich would draw "https://x.org (https://x.org)".
_SELF_LINK = re.compile(r"<((?:https?|ftp)://[^\s<>]+|mailto:[^\s<>]+)>|\[([^\]\n]+)\]\(\2\)")
# An inline image: drawn as its alt text after Rich's picture mark, as Rich draws one, but as text:
# Rich (15.0) drops the words that wrap after an image in a paragraph ("Git int" and no "egration").
_IMAGE = re.compile(r"!\[([^\]\n]*)\]\([^)\n]*\)")


def _markdown(value: str, fancy: bool) -> RenderableType:
    if not fancy:  # as written: a reader piping it gets the document's own lines
        return Text(visible(value), no_wrap=True, overflow="ignore")
    from leadercli.render.markdown import AnswerMarkdown  # ~15 ms (markdown-it, Pygments): only here

    fences = Fences()
    lines = [line if fences.code(line) else _as_text(line) for line in value.split("\n")]
    # links as text, never OSC 8
    return _NoBlankFirstLine(AnswerMarkdown(visible("\n".join(lines)), hyperlinks=False))


def _as_text(line: str) -> str:
    """A line of an answer's Markdown with in-page links and images as the words Rich would draw."""
    line = _IN_PAGE_LINK.sub(r"\1", line)
    if "](" in line or "<" in line:
        line = _SELF_LINK.sub(lambda found: found[1] or found[2], line)
    if "![" not in line:
        return line
    return _IMAGE.sub(lambda found: f"\U0001f306 {found[1]}" if found[1].strip() else "", line)


class _NoBlankFirstLine:
    """A renderable without the blank line Rich's Markdown puts before a list that opens an answer (it
    counts the list's last paragraph as the element before it): a panel starts with the answer's text."""

    def __init__(self, inner: RenderableType) -> None:
        self.inner = inner

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        started = False
        for segment in console.render(self.inner, options):
            if not started and segment.text == "\n":
                continue
            started = True
            yield segment


def source_label(record: Record) -> str:
    """Where an answer comes from, said one way for every record: an FAQ entry's own source (the
    article's section, or a document's `file > heading`), else the pack section, as `--json` says it."""
    return f"source: {getattr(record, 'source', '') or record.section}"


def lookup(pack: RecordSource, match: Match) -> Record:
    found = pack.find(match.id)
    if found is None:
        raise LookupError(f"matcher returned unknown id {match.id!r}")
    return found


def shorten(value: str, limit: int = 200) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
