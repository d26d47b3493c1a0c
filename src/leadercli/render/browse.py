"""How the playbook, risks and the other browsing commands look."""

from __future__ import annotations

from collections.abc import Iterable

from rich import box
from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from leadercli.pack import Pack, Step
from leadercli.render import ACCENT, Renderer, record_body, text


def steps(out: Renderer, pack: Pack, chosen: Iterable[Step]) -> None:
    out.print(text(pack.title, "bold").append(" · playbook", "dim"))
    out.print()
    for step in chosen:
        out.print(_step(step))


def _step(step: Step) -> RenderableType:
    title = Text.assemble((f"{step.number}. ", f"bold {ACCENT}"), text(step.title, "bold"))
    body = Group(text(step.do), Text.assemble(("Why: ", "italic dim"), text(step.why, "italic")))
    return Group(title, Padding(body, (0, 0, 1, 3), expand=False))


def risks(out: Renderer, pack: Pack) -> None:
    if not out.fancy:
        for risk in pack.risks:
            out.print(text(risk.name, "bold"), Padding(record_body(risk), (0, 0, 1, 2), expand=False))
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
    out.print(table)
