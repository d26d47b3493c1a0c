"""How the playbook, risks and the other browsing commands look."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from leadercli.export import OTHER_TAG
from leadercli.packs.pack import Pack
from leadercli.packs.sections import FAQ, CadenceItem, FaqEntry, Metric, Record, Risk, Step, Tool
from leadercli.render import ACCENT, Renderer, record_body, shorten, source_label, text

if TYPE_CHECKING:
    from leadercli.search import Results


def playbook(out: Renderer, pack: Pack, chosen: Iterable[Step]) -> None:
    out.print(text(pack.title, "bold").append(" · playbook", "dim"))
    out.print()
    for step in chosen:
        out.print(_step(step))


def _step(step: Step) -> RenderableType:
    title = Text.assemble((f"{step.number}. ", f"bold {ACCENT}"), text(step.title, "bold"))
    body = Group(text(step.do), Text.assemble(("Why: ", "italic dim"), text(step.why, "italic")))
    return Group(title, Padding(body, (0, 0, 1, 3), expand=False))


def risks(out: Renderer, pack: Pack, chosen: Sequence[Risk]) -> None:
    if not out.fancy:
        for risk in chosen:
            out.print(text(risk.name, "bold"), Padding(record_body(risk), (0, 0, 1, 2), expand=False))
        return
    table = _section_table(out, f"{pack.title} · risks")
    table.add_column("Risk", style="bold", ratio=2)
    table.add_column("What could go wrong", ratio=4)
    table.add_column("Mitigation", ratio=4)
    for risk in chosen:
        table.add_row(text(risk.name), text(risk.risk), text(risk.mitigation))
    out.print(table)


MAX_TABLE_WIDTH = 120  # beyond this, lines of prose get too long to read comfortably

# --- faq, show ------------------------------------------------------------------------------------------


def faq(out: Renderer, pack: Pack, groups: Sequence[tuple[str, Sequence[FaqEntry]]]) -> None:
    """Every question with its id, under its topic; one list, without headings, when the tags make none."""
    out.print(text(pack.title, "bold").append(" · FAQ", "dim"))
    topics = len(groups) > 1 or any(tag != OTHER_TAG for tag, _ in groups)
    count = f"{len(pack.of(FAQ))} questions{' by topic' if topics else ''} · "
    out.print(Text.assemble((count, "dim"), ("leadercli show ID", "bold"), (" prints one in full", "dim")))
    widest = max((len(entry.id) for _, entries in groups for entry in entries), default=0)
    # Side by side only when the ids fit beside a readable question; otherwise the id goes underneath.
    side_by_side = out.console.width >= widest + 44
    indent = (0, 0, 0, 2 if topics else 0)  # under its topic's heading
    for tag, entries in groups:
        out.print()
        if topics:
            out.print(Text.assemble(text(tag, f"bold {ACCENT}"), (f" ({len(entries)})", "dim")))
        if side_by_side:
            table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0), expand=True)
            table.add_column(ratio=1)
            table.add_column(style="dim", no_wrap=True)
            for entry in entries:
                table.add_row(text(entry.question), text(entry.id))
            out.print(Padding(table, indent))
        else:
            out.print(
                Padding(_bullets([Group(text(e.question), text(e.id, "dim")) for e in entries]), indent)
            )


def _bullets(items: Sequence[RenderableType]) -> Table:
    """A list whose wrapped lines hang under their text, not under the bullet."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column()
    for item in items:
        grid.add_row("-", item)
    return grid


def show(out: Renderer, record: Record, alternates: Sequence[str] | None = None, misspelt: int = 0) -> None:
    """One record in full: its answer, then everything else the pack says about it. `alternates` are the
    phrasings a reader sees (by default all); `misspelt` counts the deliberate typos left out."""
    details: list[RenderableType] = [record_body(record, out.fancy), Text()]
    details.append(Text.assemble(("id: ", "dim"), text(record.id), ("  ·  section: ", "dim"), record.section))
    if record.tags:
        details.append(Text.assemble(("tags: ", "dim"), text(", ".join(record.tags))))
    shown = record.alternates if alternates is None else alternates
    if shown:
        details.append(Text("Also asked as:", style="dim"))
        details.append(Padding(_bullets([text(phrase) for phrase in shown]), (0, 0, 0, 2)))
    if misspelt:
        typos = "phrasing" if misspelt == 1 else "phrasings"
        details.append(text(f"(and {misspelt} misspelt {typos}, kept for matching)", "dim"))
    title = text(record.heading, f"bold {ACCENT}")
    if isinstance(record, Step):
        title = Text.assemble((f"{record.number}. ", f"bold {ACCENT}"), title)
    out.print(out.block(title, Group(*details), text(source_label(record), "dim")))


# --- metrics, cadence, tools, insights ------------------------------------------------------------------


def _two_columns(out: Renderer, title: str, header: tuple[str, str], rows: Sequence[tuple[str, str]]) -> None:
    if not out.fancy:
        out.print(text(title, "bold"))
        out.print()
        for name, body in rows:
            out.print(text(name, "bold"), Padding(text(body), (0, 0, 1, 2), expand=False))
        return
    table = _section_table(out, title)
    table.add_column(header[0], style="bold", ratio=2)
    table.add_column(header[1], ratio=5)
    for name, body in rows:
        table.add_row(text(name), text(body))
    out.print(table)


def _section_table(out: Renderer, title: str) -> Table:
    """The framed table every section view draws on a terminal, no wider than reads well."""
    return Table(
        title=text(title),
        title_justify="left",
        box=box.ROUNDED,
        border_style=ACCENT,
        show_lines=True,
        expand=True,
        width=min(out.console.width, MAX_TABLE_WIDTH),
    )


def metrics(out: Renderer, pack: Pack, chosen: Sequence[Metric]) -> None:
    rows = [(metric.name, metric.measures) for metric in chosen]
    _two_columns(out, f"{pack.title} · key metrics", ("Metric", "What it measures"), rows)


def tools(out: Renderer, pack: Pack, chosen: Sequence[Tool]) -> None:
    rows = [(tool.name, tool.description) for tool in chosen]
    _two_columns(out, f"{pack.title} · tools", ("Tool", "What it is for"), rows)


def cadence(out: Renderer, pack: Pack, chosen: Sequence[CadenceItem]) -> None:
    title = f"{pack.title} · review cadence"
    if not out.fancy:
        out.print(text(title, "bold"))
        out.print()
        for item in chosen:
            heading = Text.assemble(text(item.period.capitalize(), "bold"), " · ", text(item.name))
            out.print(heading, Padding(text(item.what), (0, 0, 1, 2), expand=False))
        return
    table = _section_table(out, title)
    table.add_column("When", style=f"bold {ACCENT}", no_wrap=True)
    table.add_column("Meeting", style="bold", ratio=2)
    table.add_column("What it covers", ratio=4)
    for item in chosen:
        table.add_row(text(item.period.capitalize()), text(item.name), text(item.what))
    out.print(table)


def insights(out: Renderer, pack: Pack, entries: Sequence[FaqEntry]) -> None:
    out.print(text(pack.title, "bold").append(" · insights", "dim"))
    for entry in entries:
        out.print()
        footer = text(source_label(entry), "dim") if out.fancy else None
        out.print(out.block(text(entry.question, f"bold {ACCENT}"), record_body(entry, out.fancy), footer))


# --- search ---------------------------------------------------------------------------------------------

HIGHLIGHT = "bold underline yellow"


def highlighted(value: str, spans: Sequence[tuple[int, int]], style: str = "") -> Text:
    """Pack text with the matched words styled; spans index the raw text, so cleaned text is left plain."""
    shown = text(value, style)
    if shown.plain == value:
        for start, end in spans:
            shown.stylize(HIGHLIGHT, start, end)
    return shown


def search(out: Renderer, results: Results) -> None:
    if not results.hits:
        query = results.query.strip() or "(nothing)"
        out.print(Text.assemble("Nothing in the pack matches ", text(f"“{shorten(query)}”", "bold"), "."))
        out.print(text("Try fewer or other words, or `leadercli faq` for every question.", "dim"))
        return
    total = max(results.total, len(results.hits))
    places = "place" if total == 1 else "places"
    shown = f" (best {len(results.hits)} shown)" if total > len(results.hits) else " (best first)"
    out.print(
        Text.assemble(
            (f"{total} {places} for ", "bold"), text(f"“{shorten(results.query)}”", "bold"), (shown, "dim")
        )
    )
    for rank, hit in enumerate(results.hits, start=1):
        number = f"{rank}. "
        heading = hit.heading
        out.print()
        out.print(Text.assemble((number, f"bold {ACCENT}"), highlighted(heading.text, heading.spans, "bold")))
        where = hit.record.section
        if isinstance(hit.record, FaqEntry) and "insight" in hit.record.tags:
            where += " · insight"
        detail: list[RenderableType] = [text(f"{where} · {hit.record.id} · score {hit.score}", "dim")]
        snippet = hit.snippet
        if snippet is not heading and snippet.name != heading.name:
            detail.append(
                Text.assemble((f"{snippet.name}: ", "dim"), highlighted(snippet.text, snippet.spans))
            )
        out.print(Padding(Group(*detail), (0, 0, 0, len(number))))


# --- paging ---------------------------------------------------------------------------------------------


@contextmanager
def paged(out: Renderer, enabled: bool) -> Iterator[None]:
    """Send what is printed inside through a pager, only when asked and only on a terminal (a real one:
    `--color always` or FORCE_COLOR draw the terminal look into a pipe, which no pager should read)."""
    if not (enabled and out.fancy and sys.stdin.isatty() and out.console.file.isatty()):
        yield
        return
    with out.console.capture() as captured:
        yield
    page_text(captured.get())


def page_text(document: str) -> None:
    """`$PAGER` (or `less`) on the text; the pager's own exit, like `q` before the end, is not an error."""
    command = shlex.split(os.environ.get("PAGER", "")) or (["less"] if shutil.which("less") else [])
    if not command:
        sys.stdout.write(document)
        return
    env = dict(os.environ)
    env.setdefault("LESS", "-FRX")  # colours through, quit if it fits on one screen, leave it on screen
    try:
        pager = subprocess.Popen(command, stdin=subprocess.PIPE, env=env)
    except OSError:
        sys.stdout.write(document)
        return
    assert pager.stdin is not None
    with contextlib.suppress(OSError):
        pager.stdin.write(document.encode("utf-8", "replace"))
        pager.stdin.close()
    while True:
        try:
            pager.wait()
        except KeyboardInterrupt:  # the pager handles Ctrl-C itself; wait for it to give the terminal back
            continue
        return
