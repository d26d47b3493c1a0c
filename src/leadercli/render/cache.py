"""How `cache info` looks."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from rich import box
from rich.table import Table

from leadercli.render import ACCENT, Renderer, text
from leadercli.store.housekeeping import Entry, Temporary

_STATE = {True: "fresh", False: "stale (rebuilt on next use)", None: "unreadable (rebuilt on next use)"}


def info(
    out: Renderer, directory: Path, entries: Sequence[Entry], temporaries: Sequence[Temporary] = ()
) -> None:
    total = sum(entry.size for entry in entries)
    out.print(text(f"Cache directory: {directory}", "bold"))
    packs = sum(1 for entry in entries if entry.kind == "pack" and not entry.problem)
    odd = sum(1 for entry in entries if entry.problem)
    searches = len(entries) - packs - odd
    summary = f"{packs} compiled pack{'s' if packs != 1 else ''}"
    if searches:
        summary += f" and {searches} search file{'s' if searches != 1 else ''}"
    if odd:
        summary += f" ({odd} other entr{'ies' if odd != 1 else 'y'} with a cache file's name)"
    out.print(text(f"{summary}, {total / 1024:,.0f} KiB"))
    stale = sum(1 for item in temporaries if item.stale)
    if temporaries:
        out.print(
            text(
                f"{len(temporaries)} temporary file{'s' if len(temporaries) != 1 else ''} of a cache write"
                + (
                    f", {stale} left by an interrupted one (removed by `cache clear` and the next compile)"
                    if stale
                    else ""
                )
            )
        )
    if not entries and not temporaries:
        return
    table = Table(box=box.SIMPLE if out.fancy else None, pad_edge=False)
    table.add_column("pack", overflow="fold", style=ACCENT)
    table.add_column("file")
    table.add_column("KiB", justify="right")
    table.add_column("state")
    for entry in entries:
        name, size = text(entry.pack_dir or entry.path.name), f"{entry.size / 1024:,.0f}"
        state = entry.problem or _STATE[entry.fresh]
        table.add_row(name, entry.kind, size, state)
    for item in temporaries:
        state = "stale: left by an interrupted write" if item.stale else "being written"
        table.add_row(text(item.path.name), "temporary", f"{item.size / 1024:,.0f}", state)
    out.print(table)
