"""Rich output for people. Two looks from one code path: panels and tables on a terminal, plain text
(no box drawing, no ANSI) when stdout is a pipe, so `grep` and `head` see clean lines.

Pack text and the user's question are untrusted: they are always wrapped in `Text` (never parsed as
markup) and stripped of control characters, so a pack cannot move the cursor, clear the screen or
forge a hyperlink.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich import box
from rich.console import Console, Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from leadercli.pack import CadenceItem, FaqEntry, Pack, Record, Risk, Step

if TYPE_CHECKING:
    from leadercli.evaluate import Report
    from leadercli.matcher import Decision, Match

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
ACCENT = "cyan"
_COUNT_LABELS = {
    "faq": "FAQ entries",
    "playbook": "playbook steps",
    "risks": "risks",
    "tools": "tools",
    "metrics": "metrics",
    "cadence": "review cadences",
}


def clean(text: str) -> str:
    """Text safe to print: control and bidi-override characters become visible escapes."""
    return _CONTROL.sub(
        lambda found: (
            f"\\x{ord(found.group()):02x}" if ord(found.group()) < 0x100 else f"\\u{ord(found.group()):04x}"
        ),
        text,
    )


def text(value: str, style: str = "") -> Text:
    return Text(clean(value), style=style)


def make_console(*, stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, emoji=False, markup=False)


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

    def _block(self, title: Text, body: RenderableType, footer: Text | None = None) -> RenderableType:
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

    # ask -------------------------------------------------------------------------------------------
    def answer(self, pack: Pack, decision: Decision, top: int) -> None:
        if decision.truncated:
            self.console.print(text("(question shortened for matching: it was very long)", "dim"))
        if decision.answered and decision.best is not None:
            found = _lookup(pack, decision.best)
            footer = text(f"confidence {round(decision.best.score)} · {_source(found)}", "dim")
            title = text(found.heading, f"bold {ACCENT}")
            self.print(self._block(title, record_body(found), footer))
            if top > 0 and decision.alternatives:
                self.print(self._candidates("Next candidates", pack, decision.alternatives[:top]))
            return
        query = decision.query.strip() or "(an empty question)"
        self.print(Text.assemble("No confident answer to ", text(f"“{_shorten(query)}”", "bold"), "."))
        suggestions = decision.alternatives[: max(3, top)]
        if suggestions:
            self.print(self._candidates("Did you mean", pack, suggestions))
        self.print(text("Run `leadercli` for an overview of what I know.", "dim"))

    def _candidates(self, title: str, pack: Pack, matches: Sequence[Match]) -> RenderableType:
        table = Table(
            title=title,
            title_justify="left",
            title_style="bold",
            show_header=self.fancy,
            box=box.SIMPLE if self.fancy else None,
            pad_edge=False,
        )
        table.add_column("conf.", justify="right", style=ACCENT, no_wrap=True)
        table.add_column("question", ratio=1)
        table.add_column("id", style="dim", overflow="fold")
        for match in matches:
            found = _lookup(pack, match)
            table.add_row(str(round(match.score)), text(found.heading), text(found.id))
        return table

    # playbook and risks -----------------------------------------------------------------------------
    def steps(self, pack: Pack, steps: Iterable[Step]) -> None:
        self.print(text(pack.title, "bold").append(" · playbook", "dim"))
        self.print()
        for step in steps:
            self.print(self._step(step))

    def _step(self, step: Step) -> RenderableType:
        title = Text.assemble((f"{step.number}. ", f"bold {ACCENT}"), text(step.title, "bold"))
        body = Group(text(step.do), Text.assemble(("Why: ", "italic dim"), text(step.why, "italic")))
        return Group(title, Padding(body, (0, 0, 1, 3), expand=False))

    def risks(self, pack: Pack) -> None:
        if not self.fancy:
            for risk in pack.risks:
                self.print(text(risk.name, "bold"), Padding(record_body(risk), (0, 0, 1, 2), expand=False))
            return
        table = Table(
            title=text(f"{pack.title} · risks"),
            title_justify="left",
            box=box.ROUNDED,
            border_style=ACCENT,
            show_lines=True,
            expand=True,
        )
        table.add_column("Risk", style="bold", ratio=2)
        table.add_column("What could go wrong", ratio=4)
        table.add_column("Mitigation", ratio=4)
        for risk in pack.risks:
            table.add_row(text(risk.name), text(risk.risk), text(risk.mitigation))
        self.print(table)

    # overview -------------------------------------------------------------------------------------
    def overview(self, pack: Pack, commands: Sequence[tuple[str, str]], version: str) -> None:
        counts = pack.counts()
        known = ", ".join(f"{count} {_COUNT_LABELS[name]}" for name, count in counts.items() if count)
        lines: list[RenderableType] = [text(pack.title, "bold")]
        if pack.source:
            lines.append(text(f"Source: {pack.source}", "dim"))
        lines.append(text(f"Knows: {known}."))
        self.print(self._block(text(f"leadercli {version}", f"bold {ACCENT}"), Group(*lines)))
        table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
        table.add_column(style=f"bold {ACCENT}", no_wrap=True)
        table.add_column()
        for name, summary in commands:
            table.add_row(name, summary)
        self.print()
        self.print(Text("Commands", style="bold"))
        self.print(Padding(table, (0, 0, 0, 2), expand=False))
        self.print()
        self.print(Text('Try: leadercli ask "why did LeCun leave"   ·   leadercli --help', style="dim"))

    # eval ------------------------------------------------------------------------------------------
    def report(self, report: Report, *, calibrated: bool) -> None:
        kind = "calibrated" if calibrated else "pack settings"
        self.print(
            text(
                f"Evaluation: {report.cases} cases · threshold {report.threshold:g} · margin "
                f"{report.margin:g} ({kind})",
                "bold",
            )
        )
        figures = Table(box=box.SIMPLE if self.fancy else None, show_header=False, pad_edge=False)
        figures.add_column(no_wrap=True)
        figures.add_column(justify="right", style=ACCENT)
        for label, value in (
            ("top-1 accuracy (ignoring the threshold)", f"{report.top1_accuracy:.1%}"),
            ("in-scope accuracy", f"{report.in_scope_accuracy:.1%}"),
            ("out-of-scope recall", f"{report.oos_recall:.1%}"),
            ("out-of-scope precision", f"{report.oos_precision:.1%}"),
            ("false rejections", str(report.false_rejections)),
            ("throughput", f"{report.questions_per_second:,.0f} questions/s"),
        ):
            figures.add_row(label, value)
        self.print(figures)
        if report.confusions:
            confusions = Table(
                title="Most frequent confusions",
                title_justify="left",
                title_style="bold",
                box=box.SIMPLE if self.fancy else None,
                pad_edge=False,
            )
            confusions.add_column("expected", overflow="fold")
            confusions.add_column("answered", overflow="fold")
            confusions.add_column("cases", justify="right")
            for expect, got, count in report.confusions:
                confusions.add_row(text(expect or "(no answer)"), text(got or "(no answer)"), str(count))
            self.print()
            self.print(confusions)
        self.print()
        self.print(self._histogram(report))
        if calibrated:
            self.print()
            self.print(text("Paste into the pack's faq.yaml to use these values:", "bold"))
            self.print(text(f"settings:\n  threshold: {report.threshold:g}\n  margin: {report.margin:g}"))

    def _histogram(self, report: Report) -> RenderableType:
        table = Table(
            title="Top confidence per case",
            title_justify="left",
            title_style="bold",
            box=box.SIMPLE if self.fancy else None,
            pad_edge=False,
        )
        for name, justify in (
            ("confidence", "left"),
            ("correct", "right"),
            ("wrong", "right"),
            ("no answer", "right"),
        ):
            table.add_column(name, justify=justify, no_wrap=True)  # type: ignore[arg-type]
        table.add_column("", ratio=1)
        rows = report.histogram.items()
        widest = max((sum(counts.values()) for _, counts in rows), default=0) or 1
        for bucket, counts in rows:
            bar = Text()
            for kind, style, mark in (
                ("correct", "green", "█"),
                ("wrong", "red", "▒"),
                ("no_answer", "dim", "░"),
            ):
                bar.append(mark * round(30 * counts[kind] / widest), style=style)
            table.add_row(bucket, str(counts["correct"]), str(counts["wrong"]), str(counts["no_answer"]), bar)
        return table


def record_body(record: Record) -> RenderableType:
    """A record's answer with its parts labelled: a step's why, a risk's mitigation."""
    if isinstance(record, Step):
        return Group(text(record.do), Text.assemble(("Why: ", "bold"), text(record.why)))
    if isinstance(record, Risk):
        return Group(text(record.risk), Text.assemble(("Mitigation: ", "bold"), text(record.mitigation)))
    if isinstance(record, CadenceItem):
        return Text.assemble((f"{record.period.capitalize()}: ", "bold"), text(record.what))
    return text(record.answer)


def _source(record: Record) -> str:
    if isinstance(record, FaqEntry) and record.source:
        return f"source: {record.source}"
    return f"section: {record.section}"


def _lookup(pack: Pack, match: Match) -> Record:
    found = pack.find(match.id)
    if found is None:
        raise LookupError(f"matcher returned unknown id {match.id!r}")
    return found


def _shorten(value: str, limit: int = 200) -> str:
    return value if len(value) <= limit else value[: limit - 1] + "…"
