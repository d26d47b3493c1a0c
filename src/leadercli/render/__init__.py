"""Rich output for people: the shared pieces (safe text, the console, the two looks).

Two looks from one code path: panels and tables on a terminal, plain text (no box drawing, no ANSI)
when stdout is a pipe, so `grep` and `head` see clean lines. One module per group of commands
(`answers`, `browse`, ...) builds on these.

Pack text and the user's question are untrusted: they are always wrapped in `Text` (never parsed as
markup) and stripped of control characters, so a pack cannot move the cursor, clear the screen or
forge a hyperlink.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.text import Text

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


class Renderer:
    """Prints leadercli's views on one console; `fancy` (a terminal) decides panels and boxes."""

    def __init__(self, console: Console) -> None:
        self.console = console
        self.fancy = console.is_terminal

    def print(self, *renderables: RenderableType) -> None:
        if self.fancy:
            self.console.print(*renderables)
            return
        # Plain output is for pipes: Rich pads wrapped lines to the width, which grep and diff do not want.
        with self.console.capture() as captured:
            self.console.print(*renderables, crop=False)  # a document's own lines are printed whole
        lines = captured.get().split("\n")
        self.console.file.write("\n".join(line.rstrip() for line in lines))

    def block(self, title: Text, body: RenderableType, footer: Text | None = None) -> RenderableType:
        if self.fancy:
            return Panel(
                body,
                title=title,
                title_align="left",
                subtitle=footer,
                subtitle_align="right",
                border_style=ACCENT,
                box=box.ROUNDED,
                padding=(0, 1),
            )
        parts: list[RenderableType] = [title.copy().append(""), body]
        if footer is not None:
            parts.append(footer)
        return Group(*parts)


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


def _markdown(value: str, fancy: bool) -> RenderableType:
    if not fancy:  # as written: a reader piping it gets the document's own lines
        return Text(visible(value), no_wrap=True, overflow="ignore")
    from rich.markdown import Markdown  # ~15 ms (markdown-it, Pygments): only for a document's answer

    return Markdown(visible(value), hyperlinks=False)  # links shown as text (url), never OSC 8


def source_label(record: Record) -> str:
    source = getattr(record, "source", "")
    return f"source: {source}" if source else f"section: {record.section}"


def lookup(pack: RecordSource, match: Match) -> Record:
    found = pack.find(match.id)
    if found is None:
        raise LookupError(f"matcher returned unknown id {match.id!r}")
    return found


def shorten(value: str, limit: int = 200) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
