"""How `chat` greets, lists its commands and reports a mistake without leaving."""

from __future__ import annotations

from collections.abc import Sequence

from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from leadercli.packs.pack import Pack
from leadercli.render import ACCENT, Renderer, text


def greeting(out: Renderer, pack: Pack, *, interactive: bool) -> None:
    if not interactive:
        return
    out.print(Text.assemble(("leadercli chat", f"bold {ACCENT}"), " · ", text(pack.title, "bold")))
    out.print(text("Ask a question in your own words, /help for commands, Ctrl-D to leave.", "dim"))
    out.print()


def help_table(out: Renderer, commands: Sequence[tuple[str, str]]) -> None:
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
    table.add_column(style=f"bold {ACCENT}", no_wrap=True)
    table.add_column(overflow="fold")  # a word wider than the column is folded, never cut
    for name, summary in commands:
        table.add_row(name, summary)
    out.print(Text("Anything else is a question, answered as `leadercli ask` would.", style="dim"))
    out.print(Padding(table, (0, 0, 0, 2), expand=False))


def problem(out: Renderer, message: str) -> None:
    out.print(text(message, "yellow"))
