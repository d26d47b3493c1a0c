"""Commands that show what the pack holds: the playbook, the risks, ..."""

from __future__ import annotations

from typing import Annotated, Optional

import typer

from leadercli.cli.app import (
    JsonOption,
    PackOption,
    app,
    emit,
    load,
    renderer,
    require,
)
from leadercli.errors import LeadercliError


@app.command()
def playbook(
    ctx: typer.Context,
    step: Annotated[Optional[int], typer.Argument(help="Show only this step (1-based).")] = None,  # noqa: UP045
    json: JsonOption = False,
    pack: PackOption = None,
) -> None:
    """The playbook: every step with its why, or only step N."""
    loaded = load(ctx, pack)
    steps = require(loaded, loaded.steps, "playbook steps")
    if step is not None and not 1 <= step <= len(steps):
        raise LeadercliError(f"no step {step}: the playbook has steps 1 to {len(steps)}")
    chosen = steps if step is None else (steps[step - 1],)
    if json:
        from leadercli import views

        emit(views.playbook(loaded) if step is None else views.record(chosen[0]))
    else:
        from leadercli.render import browse as view

        view.steps(renderer(), loaded, chosen)


@app.command()
def risks(ctx: typer.Context, json: JsonOption = False, pack: PackOption = None) -> None:
    """The risks: what could go wrong, and the mitigation."""
    loaded = load(ctx, pack)
    require(loaded, loaded.risks, "risks")
    if json:
        from leadercli import views

        emit(views.risks(loaded))
    else:
        from leadercli.render import browse as view

        view.risks(renderer(), loaded)
