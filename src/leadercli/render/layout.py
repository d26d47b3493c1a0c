"""Fitting text to the terminal: wrap at words, never truncate, never break an id.

A table is drawn only when each of its columns can hold the longest word it will show and the
terminal is wide enough to read one; otherwise the same rows are shown as stacked records (a bold
name, its text indented under it). Ids and paths are copied whole, so they never wrap: one longer
than the line is printed as it is, and the terminal wraps it without a break a copy would pick up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, NamedTuple

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from leadercli.render import ACCENT, Renderer, text

NARROW = 60
"""Below this many columns a framed table squeezes its prose to a few words a line: records stack."""

MIN_COLUMN = 12
"""The narrowest a column of prose may become (unless its widest cell is narrower)."""

GAP = 2
"""Spaces between the columns of an unframed listing."""


class Column(NamedTuple):
    """One column: `ratio` shares the spare width among wrapping columns; a column without one is as
    wide as its widest cell and never wraps (periods, scores, ids)."""

    header: str
    cells: Sequence[Text]
    ratio: int | None = 1
    style: str = ""
    justify: Literal["left", "right"] = "left"
    minimum: int = MIN_COLUMN


def longest_word(value: str) -> int:
    return max((len(word) for word in value.split()), default=0)


def widths(
    available: int, columns: Sequence[Column], chrome: int, *, expand: bool = True
) -> list[int] | None:
    """The width of each column, or None when one cannot hold its longest word.

    `chrome` is what borders and padding take. A wrapping column gets its ratio's share, but never
    less than its longest word (nor its `minimum`, unless its widest cell is narrower) and, without
    `expand`, never more than its widest cell."""
    widest = [max([len(column.header), *(cell.cell_len for cell in column.cells)]) for column in columns]
    least = [
        width
        if column.ratio is None
        else min(width, max([column.minimum, *(longest_word(cell.plain) for cell in column.cells)]))
        for width, column in zip(widest, columns, strict=True)
    ]
    least = [max(size, longest_word(column.header)) for size, column in zip(least, columns, strict=True)]
    flexible = [index for index, column in enumerate(columns) if column.ratio is not None]
    budget = available - chrome - sum(widest[index] for index in range(len(columns)) if index not in flexible)
    if sum(least[index] for index in flexible) > budget:
        return None
    sizes = [0 if index in flexible else widest[index] for index in range(len(columns))]
    pinned: dict[int, int] = {}
    while rest := [index for index in flexible if index not in pinned]:
        free = budget - sum(pinned.values())
        total = sum(columns[index].ratio or 0 for index in rest)
        share = {index: free * (columns[index].ratio or 0) / total for index in rest}
        low = {index: least[index] for index in rest if share[index] < least[index]}
        high = {} if expand else {index: widest[index] for index in rest if share[index] > widest[index]}
        if low or high:
            pinned |= low or high
            continue
        given = {index: int(share[index]) for index in rest}
        given[rest[-1]] += free - sum(given.values())
        pinned |= given
    for index, size in pinned.items():
        sizes[index] = size
    return sizes


def framed_table(title: str, columns: Sequence[Column], width: int) -> Table | None:
    """The framed table a section view draws on a terminal, or None when it would not read well."""
    if width < NARROW:
        return None
    chrome = 3 * len(columns) + 1  # a border before each column and after the last, a space each side
    sizes = widths(width, columns, chrome)
    if sizes is None:
        return None
    table = Table(
        title=text(title),
        title_justify="left",
        box=box.ROUNDED,
        border_style=ACCENT,
        show_lines=True,
        width=sum(sizes) + chrome,
    )
    for column, size in zip(columns, sizes, strict=True):
        table.add_column(
            column.header,
            width=size,
            style=column.style,
            justify=column.justify,
            no_wrap=column.ratio is None,
            overflow="fold",  # a word wider than the whole terminal is folded, never cut
        )
    for row in zip(*(column.cells for column in columns), strict=True):
        table.add_row(*row)
    return table


def stacked(out: Renderer, rows: Sequence[tuple[Text, RenderableType]]) -> None:
    """Records one under another: a bold name, its text indented under it, a blank line after each."""
    for name, body in rows:
        out.print(name, Padding(body, (0, 0, 1, 2), expand=False))


def id_line(value: str, indent: int = 0, label: str = "") -> RenderableType:
    """An id (or a path) on a line of its own that never wraps: a copy picks it up whole.

    In a Group, because Console.print joins bare Text objects into one that wraps."""
    line = Text(" " * indent, no_wrap=True, overflow="ignore")
    if label:
        line.append(label, "dim")
    return Group(line.append_text(text(value, "dim")))


def listing(
    out: Renderer, rows: Sequence[tuple[Text, str]], *, indent: int = 2, lead: Sequence[str] = ()
) -> None:
    """Headings with their ids: side by side when the ids fit beside readable headings, else each id on
    a line of its own under its heading. `lead` puts a short right-aligned figure (a score) first."""
    figures = [Column("", [Text(figure) for figure in lead], None, ACCENT, "right")] if lead else []
    headings = Column("", [heading for heading, _ in rows], 1, minimum=24)
    ids = Column("", [Text(identifier) for _, identifier in rows], None)
    columns = [*figures, headings, ids]
    sizes = widths(out.measure - indent, columns, GAP * (len(columns) - 1), expand=False)
    if sizes is not None:
        grid = _grid(columns, sizes)
        for index, (heading, identifier) in enumerate(rows):
            grid.add_row(*([Text(lead[index])] if lead else []), heading, text(identifier, "dim"))
        out.print(Padding(grid, (0, 0, 0, indent)))
        return
    hang = max(len(figure) for figure in lead) + GAP if lead else 0
    for index, (heading, identifier) in enumerate(rows):
        if lead:
            grid = _grid([figures[0], headings], [hang - GAP, out.measure - indent - hang])
            grid.add_row(Text(lead[index]), heading)
            out.print(Padding(grid, (0, 0, 0, indent)))
        else:
            out.print(Padding(heading, (0, 0, 0, indent)))
        out.print(id_line(identifier, indent + hang))


def _grid(columns: Sequence[Column], sizes: Sequence[int]) -> Table:
    grid = Table.grid(padding=(0, GAP, 0, 0))
    for column, size in zip(columns, sizes, strict=True):
        grid.add_column(
            width=size,
            justify=column.justify,
            style=column.style,
            no_wrap=column.ratio is None,
            overflow="fold",
        )
    return grid
