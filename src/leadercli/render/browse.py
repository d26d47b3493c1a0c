"""How the playbook, risks and the other browsing commands look."""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
import sys
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from leadercli.export import OTHER_TAG
from leadercli.packs.pack import Pack
from leadercli.packs.sections import FAQ, CadenceItem, FaqEntry, Metric, Record, Risk, Step, Tool
from leadercli.render import ACCENT, Renderer, layout, record_body, shorten, source_label, text

if TYPE_CHECKING:
    from leadercli.search import Results


def playbook(out: Renderer, pack: Pack, chosen: Iterable[Step]) -> None:
    out.print(text(pack.title, "bold").append(" · playbook", "dim"))
    out.print()
    for step in chosen:
        out.print(_step(step))


def _step(step: Step) -> RenderableType:
    number = f"{step.number}. "
    title = Table.grid()  # a title that wraps hangs under itself, not under its number
    title.add_column(no_wrap=True, style=f"bold {ACCENT}")
    title.add_column(overflow="fold")  # a word wider than the column is folded, never cut
    title.add_row(number, text(step.title, "bold"))
    body = Group(text(step.do), Text.assemble(("Why: ", "italic dim"), text(step.why, "italic")))
    return Group(title, Padding(body, (0, 0, 1, len(number)), expand=False))


MAX_TABLE_WIDTH = 120
"""Tables may be wider than prose (each column is narrower than the whole), but not without end."""


def risks(out: Renderer, pack: Pack, chosen: Sequence[Risk]) -> None:
    title = f"{pack.title} · risks"
    columns = (
        layout.Column("Risk", [text(risk.name) for risk in chosen], 2, "bold"),
        layout.Column("What could go wrong", [text(risk.risk) for risk in chosen], 4),
        layout.Column("Mitigation", [text(risk.mitigation) for risk in chosen], 4),
    )
    rows = [(text(risk.name, "bold"), record_body(risk)) for risk in chosen]
    _table_or_records(out, title, columns, rows)


def _table_or_records(
    out: Renderer, title: str, columns: Sequence[layout.Column], rows: Sequence[tuple[Text, RenderableType]]
) -> None:
    """A framed table on a terminal wide enough for it; else (piped, --plain, narrow) the same records
    stacked under the same title line."""
    table = layout.framed_table(title, columns, min(out.width, MAX_TABLE_WIDTH)) if out.fancy else None
    if table is not None:
        out.print(table, wide=True)
        return
    out.print(text(title, "bold"))
    out.print()
    layout.stacked(out, rows)


# --- faq, show ------------------------------------------------------------------------------------------


def faq(out: Renderer, pack: Pack, groups: Sequence[tuple[str, Sequence[FaqEntry]]]) -> None:
    """Every question with its id, under its topic; one list, without headings, when the tags make none."""
    out.print(text(pack.title, "bold").append(" · FAQ", "dim"))
    topics = len(groups) > 1 or any(tag != OTHER_TAG for tag, _ in groups)
    total = len(pack.of(FAQ))
    count = f"{total} question{'' if total == 1 else 's'}{' by topic' if topics else ''} · "
    out.print(Text.assemble((count, "dim"), ("leadercli show ID", "bold"), (" prints one in full", "dim")))
    widest = max((len(entry.id) for _, entries in groups for entry in entries), default=0)
    label = _telling_apart([entry for _, entries in groups for entry in entries])
    # Side by side only when the ids fit beside a readable question; otherwise the id goes underneath.
    side_by_side = out.measure >= widest + 44
    indent = (0, 0, 0, 2 if topics else 0)  # under its topic's heading
    for tag, entries in groups:
        out.print()
        if topics:
            out.print(Text.assemble(text(tag, f"bold {ACCENT}"), (f" ({len(entries)})", "dim")))
        if side_by_side:
            table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0), expand=True)
            table.add_column(ratio=1, overflow="fold")
            table.add_column(style="dim", no_wrap=True)
            for entry in entries:
                table.add_row(text(label(entry)), text(entry.id))
            out.print(Padding(table, indent))
            continue
        for entry in entries:
            out.print(Padding(_bullets([text(label(entry))]), indent))
            out.print(layout.id_line(entry.id, indent[3] + 2))


def _telling_apart(entries: Sequence[FaqEntry]) -> Callable[[FaqEntry], str]:
    """How each question is listed: as it is, or, when two read the same ("Unix or macOS" under two
    parents), with the headings above it, so the list tells them apart."""
    seen = Counter(entry.question.casefold() for entry in entries)

    def label(entry: FaqEntry) -> str:
        if seen[entry.question.casefold()] > 1 and entry.context:
            return f"{entry.question} ({entry.context})"
        return entry.question

    return label


def _bullets(items: Sequence[RenderableType]) -> Table:
    """A list whose wrapped lines hang under their text, not under the bullet."""
    grid = Table.grid(padding=(0, 1, 0, 0))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")  # a word wider than the column is folded, never cut
    for item in items:
        grid.add_row("-", item)
    return grid


def show(out: Renderer, record: Record, alternates: Sequence[str] | None = None, misspelt: int = 0) -> None:
    """One record in full: its answer, then everything else the pack says about it. `alternates` are the
    phrasings a reader sees (by default all); `misspelt` counts the deliberate typos left out.

    In a panel when its id fits on a line inside one; else unboxed, so the id is never broken."""
    inside = out.measure - 4  # a border and a space either side
    boxed = len(f"id: {record.id}") <= inside
    details: list[RenderableType] = [record_body(record, out.fancy), Text()]
    where = f"  ·  section: {record.section}"
    if len(f"id: {record.id}{where}") <= (inside if boxed else out.measure):
        details.append(Text.assemble(("id: ", "dim"), text(record.id), (where, "dim")))
    else:
        details += [layout.id_line(record.id, label="id: "), text(f"section: {record.section}", "dim")]
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
    out.print(out.block(title, Group(*details), text(source_label(record), "dim"), boxed=boxed))


# --- metrics, cadence, tools, insights ------------------------------------------------------------------


def _two_columns(out: Renderer, title: str, header: tuple[str, str], rows: Sequence[tuple[str, str]]) -> None:
    columns = (
        layout.Column(header[0], [text(name) for name, _ in rows], 2, "bold"),
        layout.Column(header[1], [text(body) for _, body in rows], 5),
    )
    _table_or_records(out, title, columns, [(text(name, "bold"), text(body)) for name, body in rows])


def metrics(out: Renderer, pack: Pack, chosen: Sequence[Metric]) -> None:
    rows = [(metric.name, metric.measures) for metric in chosen]
    _two_columns(out, f"{pack.title} · key metrics", ("Metric", "What it measures"), rows)


def tools(out: Renderer, pack: Pack, chosen: Sequence[Tool]) -> None:
    rows = [(tool.name, tool.description) for tool in chosen]
    _two_columns(out, f"{pack.title} · tools", ("Tool", "What it is for"), rows)


def cadence(out: Renderer, pack: Pack, chosen: Sequence[CadenceItem]) -> None:
    columns = (
        layout.Column("When", [text(item.period.capitalize()) for item in chosen], None, f"bold {ACCENT}"),
        layout.Column("Meeting", [text(item.name) for item in chosen], 2, "bold"),
        layout.Column("What it covers", [text(item.what) for item in chosen], 4),
    )
    rows = [
        (Text.assemble(text(item.period.capitalize(), "bold"), " · ", text(item.name)), text(item.what))
        for item in chosen
    ]
    _table_or_records(out, f"{pack.title} · review cadence", columns, rows)


def insights(out: Renderer, pack: Pack, entries: Sequence[FaqEntry]) -> None:
    out.print(text(pack.title, "bold").append(" · insights", "dim"))
    for entry in entries:
        out.print()
        footer = text(source_label(entry), "dim")
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
        title = Table.grid()  # a heading that wraps hangs under itself, not under its number
        title.add_column(no_wrap=True, style=f"bold {ACCENT}")
        title.add_column(overflow="fold")  # a word wider than the column is folded, never cut
        title.add_row(number, highlighted(heading.text, heading.spans, "bold"))
        out.print(title)
        where = hit.record.section
        if isinstance(hit.record, FaqEntry) and "insight" in hit.record.tags:
            where += " · insight"
        indent = len(number)
        if indent + len(f"{where} · {hit.record.id} · score {hit.score}") <= out.measure:
            out.print(text(f"{' ' * indent}{where} · {hit.record.id} · score {hit.score}", "dim"))
        else:  # the id on a line of its own, never broken
            out.print(text(f"{' ' * indent}{where} · score {hit.score}", "dim"))
            out.print(layout.id_line(hit.record.id, indent))
        snippet = hit.snippet
        if snippet is not heading and snippet.name != heading.name:
            found = Text.assemble((f"{snippet.name}: ", "dim"), highlighted(snippet.text, snippet.spans))
            out.print(Padding(found, (0, 0, 0, indent)))


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
