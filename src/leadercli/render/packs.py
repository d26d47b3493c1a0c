"""How `about`, `init`, `validate` and `extract` look."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from leadercli.packs.pack import Pack
from leadercli.packs.sections import SECTIONS
from leadercli.render import ACCENT, Renderer, layout, shorten, text

if TYPE_CHECKING:
    from leadercli.packs.extract import Extraction
    from leadercli.packs.findings import Finding
    from leadercli.packs.validate import Report

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow"}


def about(out: Renderer, pack: Pack, shipped: bool) -> None:
    """The pack's facts under its title (a heading, not a panel: panels are for answers). A path too
    long to sit beside its label goes under it, whole."""
    rows = [
        ("Pack", text(f"{pack.directory}{' (shipped)' if shipped else ''}")),
        ("Source", text(pack.source or "(none given)")),
    ]
    for name, count in pack.counts().items():
        label = SECTIONS[name].plural
        rows.append((label[:1].upper() + label[1:], Text(str(count), style=ACCENT if count else "dim")))
    out.print(text(pack.title, f"bold {ACCENT}"))
    labels = max(len(label) for label, _ in rows) + 2
    if labels + max(layout.longest_word(value.plain) for _, value in rows) <= out.measure:
        facts = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
        facts.add_column(style="bold", no_wrap=True)
        facts.add_column(overflow="fold")  # a word wider than the column is folded, never cut
        for label, value in rows:
            facts.add_row(label, value)
        out.print(facts)
        return
    for label, value in rows:
        out.print(Text(label, style="bold"))
        out.print(layout.id_line(value.plain, 2) if label == "Pack" else Padding(value, (0, 0, 0, 2)))


def initialised(out: Renderer, directory: str, files: list[str]) -> None:
    out.print(Text.assemble("Created an example pack in ", text(directory, "bold"), f": {', '.join(files)}."))
    out.print(text(f"Next: edit it, check it with `leadercli validate {directory}`,", "dim"))
    out.print(text(f'and try it with `leadercli --pack {directory} ask "how many remote days"`.', "dim"))


def validation(out: Renderer, report: Report) -> None:
    for finding in report.findings:
        out.print(_finding(finding))
    for note in report.notes:
        out.print(text(f"note: {note}", "dim"))
    if report.findings or report.notes:
        out.print()
    errors, warnings = report.errors, report.warnings
    summary = (
        f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"
        if report.findings
        else "no problems found"
    )
    style = "bold red" if errors else "yellow" if warnings else "bold green"
    checked = (
        f" ({_count(report.records, 'record')}, {_count(report.phrasings, 'phrasing')},"
        f" {_count(report.ranked, 'alternate')} ranked)"
        if report.records
        else ""
    )
    out.print(Text.assemble(text(f"{report.directory}: "), (summary, style), text(checked, "dim")))


def _finding(finding: Finding) -> Text:
    return Text.assemble(
        text(f"{finding.location}: "),
        (finding.severity, _SEVERITY_STYLE[finding.severity]),
        ": ",
        text(finding.message),
        text(f" [{finding.code}]", "dim"),
    )


def extraction(out: Renderer, result: Extraction, article: str, directory: str, files: list[str]) -> None:
    out.print(Text.assemble("Extracted from ", text(article, "bold")))
    if result.files:
        _documents(out, result)
    else:
        _article(out, result)
    out.print()
    written = ", ".join(f"{directory}/{name}" for name in files)
    out.print(Text.assemble("Wrote ", text(written, "bold"), "."))
    hint = f"Next: add alternates (the ways people ask), then `leadercli validate {directory}`."
    out.print(text(hint, "dim"))


def _documents(out: Renderer, result: Extraction) -> None:
    """Per file: headings seen, records written, and each heading that is not a record, with its line."""
    table = Table(box=box.SIMPLE if out.fancy else None, pad_edge=False)
    table.add_column("document", overflow="fold")
    table.add_column("headings", justify="right")
    table.add_column("records", justify="right", style=ACCENT)
    table.add_column("not records", justify="right")
    for summary in result.files:
        skipped = str(len(summary.skipped)) if summary.skipped else ""
        table.add_row(text(summary.name), str(summary.headings), str(summary.records), skipped)
    out.print(table)
    for summary in result.files:
        if summary.how:
            out.print(text(f"{summary.name}: {summary.how}", "dim"))
    lines = [
        Text.assemble(
            text(f"  {summary.name}:{item.line}: ", "dim"),
            text(shorten(item.text, 80)),
            text(f" - {item.reason}", "dim"),
        )
        for summary in result.files
        for item in summary.skipped
    ]
    if lines:
        out.print(Group(Text("Not records:", style="bold"), *lines))


def _article(out: Renderer, result: Extraction) -> None:
    table = Table(box=box.SIMPLE if out.fancy else None, pad_edge=False)
    table.add_column("section", no_wrap=True)
    table.add_column("found", justify="right", style=ACCENT)
    table.add_column("not placed", justify="right")
    unplaced: dict[str, int] = {}
    for item in result.unplaced:
        unplaced[item.section] = unplaced.get(item.section, 0) + 1
    for name, count in result.counts.items():
        missing = unplaced.get(name, 0)
        table.add_row(SECTIONS[name].plural, str(count), str(missing) if missing else "")
    table.add_row("reference", "1" if result.source else "0", "")
    out.print(table)
    parts: list[RenderableType] = []
    if result.unplaced:
        parts.append(Text("Lines not placed (edit the article or add them by hand):", style="bold"))
        for item in result.unplaced:
            parts.append(
                Text.assemble(
                    text(f"  line {item.line} ({item.section}): ", "dim"),
                    text(shorten(item.text, 90)),
                    text(f" - {item.reason}", "dim"),
                )
            )
    for note in result.notes:
        parts.append(text(f"note: {note}", "dim"))
    parts.append(
        text(
            f"({result.skipped_lines} lines outside the FAQ, playbook, risks, tools, metrics and cadence)",
            "dim",
        )
    )
    out.print(Group(*parts))


def _count(number: int, noun: str) -> str:
    """ "1 record", "2 records": a count with its noun, singular for one."""
    return f"{number} {noun}{'' if number == 1 else 's'}"
