"""Commands that show what the pack holds: the playbook, the risks, ..."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from leadercli.cli.app import (
    JsonOption,
    PackOption,
    app,
    compiled,
    emit,
    load,
    renderer,
    require,
)
from leadercli.errors import EXIT_NO_ANSWER, LeadercliError

if TYPE_CHECKING:
    from leadercli.pack import Pack


def _completion_pack(ctx: typer.Context) -> Pack | None:
    """The pack the command line being completed points at (from its compiled cache, so Tab stays quick
    on a large pack); None when it cannot be read."""
    from leadercli.cache import open_pack
    from leadercli.pack import resolve_pack_dir

    chosen: Path | None = None
    node: typer.Context | None = ctx
    while node is not None and chosen is None:  # the command's own --pack wins over the top-level one
        value = node.params.get("pack")
        chosen = value if isinstance(value, Path) else None
        node = node.parent  # type: ignore[assignment]
    try:
        return open_pack(resolve_pack_dir(chosen)).pack()
    except (LeadercliError, OSError, ValueError):
        return None


def complete_record_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Record ids for `show ID`, with each record's heading as the help the shell may show."""
    loaded = _completion_pack(ctx)
    if loaded is None:
        return []
    records = [(record.id, record.heading) for record in loaded.records()]
    wanted = incomplete.casefold()
    starting = [item for item in records if item[0].casefold().startswith(wanted)]
    return starting or [item for item in records if wanted in item[0].casefold()]


def complete_step_numbers(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """Step numbers for `playbook N`, with each step's title."""
    loaded = _completion_pack(ctx)
    if loaded is None:
        return []
    return [
        (str(step.number), step.title) for step in loaded.steps if str(step.number).startswith(incomplete)
    ]


PagerOption = Annotated[
    bool, typer.Option("--pager", help="On a terminal, page the output (through $PAGER or less).")
]


@app.command()
def playbook(
    ctx: typer.Context,
    step: Annotated[
        Optional[int],  # noqa: UP045
        typer.Argument(help="Show only this step (1-based).", autocompletion=complete_step_numbers),
    ] = None,
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


@app.command()
def faq(
    ctx: typer.Context, pager: PagerOption = False, json: JsonOption = False, pack: PackOption = None
) -> None:
    """Every FAQ question with its id, grouped by topic.

    Each entry appears once, under the tag it shares with the most other entries; `--json` also
    lists every tag with all the entries that carry it.
    """
    loaded = load(ctx, pack)
    if json:
        from leadercli import views

        emit(views.faq(loaded))
        return
    from leadercli.export import tag_groups
    from leadercli.render import browse as view

    out = renderer()
    with view.paged(out, pager):
        view.faq(out, loaded, tag_groups(loaded.faq))


@app.command()
def show(
    ctx: typer.Context,
    record_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A record id, as `faq` and `search` list them (Tab completes).",
            autocompletion=complete_record_ids,
        ),
    ],
    json: JsonOption = False,
    pack: PackOption = None,
) -> None:
    """One entry in full: answer, source, tags and other phrasings."""
    loaded = load(ctx, pack)
    found = loaded.find(record_id)
    if found is None:
        import difflib

        ids = [record.id for record in loaded.records()]
        close = difflib.get_close_matches(record_id, ids, n=1, cutoff=0.6)
        hint = f" Did you mean '{close[0]}'?" if close else " `leadercli faq` lists the ids."
        raise LeadercliError(f"no entry with id '{record_id}'.{hint}")
    if json:
        from leadercli import views

        emit(views.record(found))
    else:
        from leadercli.render import browse as view

        view.show(renderer(), found)


@app.command()
def metrics(ctx: typer.Context, json: JsonOption = False, pack: PackOption = None) -> None:
    """The key metrics and what each one measures."""
    _list_section(ctx, pack, "metrics", json=json)


@app.command()
def cadence(
    ctx: typer.Context,
    ics: Annotated[
        bool, typer.Option("--ics", help="Print an iCalendar file of recurring events instead.")
    ] = False,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", metavar="FILE", help="With --ics: write the calendar to FILE."),
    ] = None,
    start: Annotated[
        Optional[str],  # noqa: UP045
        typer.Option(
            "--start",
            metavar="WHEN",
            help="With --ics: first date, YYYY-MM-DD (all day) or YYYY-MM-DDTHH:MM (one hour). "
            "Default: the first day of next month.",
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    json: JsonOption = False,
    pack: PackOption = None,
) -> None:
    """The review cadence: monthly, quarterly, annual; or as a calendar.

    With --ics the cadence becomes recurring events (monthly, every three months, yearly) that a
    calendar app imports; a period leadercli does not know becomes a single event.
    """
    if not ics and (output is not None or start is not None):
        raise LeadercliError("--output and --start only apply with --ics")
    loaded = load(ctx, pack)
    items = require(loaded, loaded.cadence, "review cadence")
    if not ics:
        if json:
            from leadercli import views

            emit(views.section(loaded, "cadence", items))
        else:
            from leadercli.render import browse as view

            view.cadence(renderer(), loaded)
        return
    from datetime import date, datetime, timezone

    from leadercli import ics as calendar

    first = calendar.parse_start(start) if start is not None else calendar.next_month(date.today())
    document = calendar.calendar(loaded.title, items, start=first, stamp=datetime.now(timezone.utc))
    recurring = sum(1 for item in items if calendar.rrule(item.period))
    _deliver(document, "ics", output, force=force, json=json, events=len(items), recurring=recurring)
    if output is not None and not json:
        from leadercli.render import clean

        summary = f"{len(items)} events ({recurring} recurring) from {first.isoformat()}"
        print(f"Wrote {clean(str(output))}: {summary}.")


@app.command()
def tools(ctx: typer.Context, json: JsonOption = False, pack: PackOption = None) -> None:
    """The conceptual tools stack: what each kind of tool is for."""
    _list_section(ctx, pack, "tools", json=json)


def _list_section(ctx: typer.Context, option: Path | None, name: str, *, json: bool) -> None:
    """A playbook section shown whole: its records as JSON, or drawn by the renderer of the same name."""
    loaded = load(ctx, option)
    items = require(loaded, getattr(loaded, name), name)
    if json:
        from leadercli import views

        emit(views.section(loaded, name, items))
    else:
        from leadercli.render import browse as view

        getattr(view, name)(renderer(), loaded)


@app.command()
def insights(ctx: typer.Context, json: JsonOption = False, pack: PackOption = None) -> None:
    """The research findings behind the article, with their source."""
    loaded = load(ctx, pack)
    found = loaded.tagged("insight")
    if not found:
        raise LeadercliError(
            f"the pack in {loaded.directory} has no research findings (FAQ entries tagged insight)"
        )
    if json:
        from leadercli import views

        emit(views.section(loaded, "insights", found))
    else:
        from leadercli.render import browse as view

        view.insights(renderer(), loaded, found)


@app.command()
def search(
    ctx: typer.Context,
    terms: Annotated[
        list[str], typer.Argument(metavar="TERMS...", help="Words to look for; typos are fine.")
    ],
    limit: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option("--limit", "-n", min=1, metavar="N", help="Show only the best N places."),
    ] = None,
    json: JsonOption = False,
    pack: PackOption = None,
) -> None:
    """Every place in the pack where the words occur, best first.

    Looks through every section (FAQ, research findings, playbook, risks, metrics, cadence, tools)
    and every field, tolerating a typo or two per word. Exits 1 when nothing matches.
    """
    from leadercli.search import search as find

    loaded = load(ctx, pack)
    results = find(loaded, " ".join(terms), limit=limit)
    if json:
        from leadercli import views

        emit(views.search(results))
    else:
        from leadercli.render import browse as view

        view.search(renderer(), results)
    if not results.hits:
        raise typer.Exit(EXIT_NO_ANSWER)


class ExportFormat(str, enum.Enum):
    markdown = "markdown"
    html = "html"
    json = "json"


@app.command()
def export(
    ctx: typer.Context,
    kind: Annotated[
        Optional[ExportFormat],  # noqa: UP045
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="Document format. Default: markdown (json with --json).",
        ),
    ] = None,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option("--output", "-o", metavar="FILE", help="Write to FILE (atomically) instead of stdout."),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace FILE if it exists.")] = False,
    pager: PagerOption = False,
    json: JsonOption = False,
    pack: PackOption = None,
) -> None:
    """The whole pack as one shareable document: Markdown, HTML or JSON.

    Markdown and HTML have a heading per section, the playbook as a checklist and the risks as a
    table; the HTML page is self-contained (inline CSS, no scripts, nothing fetched). With --json,
    stdout gets one JSON document: the pack itself, the document as a string, or what was written.
    """
    from leadercli import export as documents
    from leadercli import views

    loaded = load(ctx, pack)
    chosen = kind.value if kind is not None else "json" if json else "markdown"
    if chosen == "markdown":
        document = documents.to_markdown(loaded)
    elif chosen == "html":
        document = documents.to_html(loaded)
    else:
        document = views.dumps(views.export(loaded)) + "\n"
    if json and output is None and chosen == "json":
        emit(views.export(loaded))
        return
    if pager and output is None and not json and sys.stdout.isatty() and sys.stdin.isatty():
        from leadercli.render.browse import page_text

        page_text(document)
        return
    _deliver(document, chosen, output, force=force, json=json)
    if output is not None and not json:
        from leadercli.render import clean

        print(f"Wrote {clean(str(output))} ({chosen}, {_size(len(document.encode('utf-8')))}).")


def _deliver(document: str, kind: str, output: Path | None, *, force: bool, json: bool, **extra: int) -> None:
    """A generated file to FILE (atomically, refusing to replace one without --force) or to stdout."""
    from leadercli import views

    if output is not None:
        from leadercli.files import write_atomic

        write_atomic(output, document, overwrite=force)
        if json:
            emit(views.written(str(output), kind, len(document.encode("utf-8")), **extra))
    elif json:
        emit(views.content(kind, document))
    else:  # as bytes: iCalendar's CRLF line ends must survive a text stream's newline translation
        sys.stdout.flush()
        sys.stdout.buffer.write(document.encode("utf-8"))
        sys.stdout.buffer.flush()


def _size(octets: int) -> str:
    return f"{octets} bytes" if octets < 1000 else f"{octets / 1000:.1f} kB"


@app.command()
def chat(ctx: typer.Context, pack: PackOption = None) -> None:
    """Ask several questions in a row, with /playbook, /risks, /help.

    Answers look as in `ask`. Line editing and history come from readline; Ctrl-D or /quit leaves,
    Ctrl-C leaves with exit code 130.
    """
    from leadercli.cli.chat import run

    code = run(compiled(ctx, pack))
    if code:
        raise typer.Exit(code)
