"""Rich output for people: the shared pieces (safe text, the console, the two looks).

Two looks from one code path: panels and tables on a terminal, plain text (no box drawing, no ANSI)
when stdout is a pipe, so `grep` and `head` see clean lines. One module per group of commands
(`answers`, `browse`, ...) builds on these.

Pack text and the user's question are untrusted: they are always wrapped in `Text` (never parsed as
markup) and stripped of control characters, so a pack cannot move the cursor, clear the screen or
forge a hyperlink.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.text import Text

from leadercli.pack import CadenceItem, FaqEntry, Record, RecordSource, Risk, Step

if TYPE_CHECKING:
    from leadercli.matching import Match

# C0 and C1 controls (but tab and newline), bidi controls, and surrogates: an undecodable byte of argv
# or stdin arrives as a lone surrogate (PEP 383) that a strict UTF-8 stdout cannot even encode.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
ACCENT = "cyan"
COUNT_LABELS = {
    "faq": "FAQ entries",
    "playbook": "playbook steps",
    "risks": "risks",
    "tools": "tools",
    "metrics": "metrics",
    "cadence": "review cadences",
}


def clean(text: str) -> str:
    """Text safe to print: control and bidi-override characters become visible escapes, and an
    undecodable byte (a surrogate from surrogateescape) the `\\xNN` escape of that byte."""
    return _CONTROL.sub(_escape, text)


def _escape(found: re.Match[str]) -> str:
    code = ord(found.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def text(value: str, style: str = "") -> Text:
    return Text(clean(value), style=style)


MIN_WIDTH = 20
"""Narrower than this (`COLUMNS=0` in some CI, `COLUMNS=1`) Rich prints nothing, or a letter a line."""


def make_console(*, stderr: bool = False) -> Console:
    console = Console(stderr=stderr, highlight=False, emoji=False, markup=False)
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
            self.console.print(*renderables)
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


def record_body(record: Record) -> RenderableType:
    """A record's answer with its parts labelled: a step's why, a risk's mitigation."""
    if isinstance(record, Step):
        return Group(text(record.do), Text.assemble(("Why: ", "bold"), text(record.why)))
    if isinstance(record, Risk):
        return Group(text(record.risk), Text.assemble(("Mitigation: ", "bold"), text(record.mitigation)))
    if isinstance(record, CadenceItem):
        return Text.assemble((f"{record.period.capitalize()}: ", "bold"), text(record.what))
    return text(record.answer)


def source_label(record: Record) -> str:
    if isinstance(record, FaqEntry) and record.source:
        return f"source: {record.source}"
    return f"section: {record.section}"


def lookup(pack: RecordSource, match: Match) -> Record:
    found = pack.find(match.id)
    if found is None:
        raise LookupError(f"matcher returned unknown id {match.id!r}")
    return found


def shorten(value: str, limit: int = 200) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
