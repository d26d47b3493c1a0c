"""Commands that show what the pack holds: the playbook, the risks, ..."""

from __future__ import annotations

import enum
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from leadercli import payloads
from leadercli.cli.app import (
    JsonOption,
    PackOption,
    PlainOption,
    app,
    compiled,
    emit,
    emit_text,
    load,
    pack_dir,
    renderer,
    require,
    respond,
)
from leadercli.cli.typer_internals import PATH, Bounded, UsageError
from leadercli.errors import EXIT_NO_ANSWER, LeadercliError
from leadercli.packs.overview import Overview, overview_named
from leadercli.packs.pack import Pack
from leadercli.packs.sections import CADENCE, FAQ, INSIGHT_TAG, PLAYBOOK, SECTIONS, Record

if TYPE_CHECKING:
    from collections.abc import Callable

    from leadercli.render import Renderer
    from leadercli.store.compiled import CompiledPack


def _completion_pack(ctx: typer.Context) -> Pack | None:
    """The pack the command line being completed points at (from its compiled cache, so Tab stays quick
    on a large pack); None when it cannot be read."""
    from leadercli.store.compiled import open_pack

    try:
        return open_pack(pack_dir(ctx)).pack()
    except (LeadercliError, OSError, ValueError, UsageError):  # an empty --pack: nothing to offer
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
        (str(step.number), step.title)
        for step in loaded.of(PLAYBOOK)
        if str(step.number).startswith(incomplete)
    ]


PagerOption = Annotated[
    bool, typer.Option("--pager", help="On a terminal, page the output (through $PAGER or less).")
]


# --- what the browsing commands and chat's slash commands share: the same checks, the same messages ---


def _respond(
    json: bool, payload: Callable[[], object], view: str, *args: Any, out: Renderer | None, pager: bool
) -> None:
    """`respond`, through a pager when asked (and only on a terminal: `paged` decides)."""
    if json or not pager:
        respond(json, payload, view, *args, out=out)
        return
    from leadercli.render.browse import paged

    out = out or renderer()
    with paged(out, True):
        respond(json, payload, view, *args, out=out)


def show_playbook(
    pack: Pack, step: int | None, *, json: bool = False, out: Renderer | None = None, pager: bool = False
) -> None:
    steps = require(pack, PLAYBOOK)
    if step is not None and not 1 <= step <= len(steps):
        raise LeadercliError(f"no step {step}: the playbook has steps 1 to {len(steps)}")
    chosen = steps if step is None else (steps[step - 1],)

    def payload() -> object:
        return payloads.section(pack, PLAYBOOK.key, steps) if step is None else payloads.record(chosen[0])

    _respond(json, payload, "browse.playbook", pack, chosen, out=out, pager=pager)


def show_section(
    pack: Pack, name: str, *, json: bool = False, out: Renderer | None = None, pager: bool = False
) -> None:
    """A section shown whole (risks, metrics, tools, cadence), or the research findings ("insights")."""
    if name == "insights":
        items: tuple[Record, ...] = pack.tagged(INSIGHT_TAG)
        if not items:
            raise LeadercliError(
                f"the pack in {pack.directory} has no research findings (FAQ entries tagged {INSIGHT_TAG})"
            )
    else:
        items = require(pack, SECTIONS[name])
    _respond(
        json, lambda: payloads.section(pack, name, items), f"browse.{name}", pack, items, out=out, pager=pager
    )


def show_faq(pack: Pack, *, json: bool = False, out: Renderer | None = None, pager: bool = False) -> None:
    if json:
        emit(payloads.faq(pack))
        return
    from leadercli.export import tag_groups
    from leadercli.render import browse as view

    out = out or renderer()
    with view.paged(out, pager):
        view.faq(out, pack, tag_groups(pack.of(FAQ)))


def _show_overview(pack: Pack, whole: Overview, *, json: bool, out: Renderer | None, pager: bool) -> None:
    """A whole section by the id `ask` gave it: a section of the pack as its own command prints it
    (`show risks` is `risks`), a document heading with sub-sections as `ask` lists it."""
    if whole.name == PLAYBOOK.name:
        show_playbook(pack, None, json=json, out=out, pager=pager)
    elif whole.name in SECTIONS:
        show_section(pack, whole.name, json=json, out=out, pager=pager)
    else:
        _respond(json, lambda: payloads.overview(whole), "answers.whole", whole, out=out, pager=pager)


def show_record(
    pack: Pack,
    record_id: str,
    *,
    json: bool = False,
    out: Renderer | None = None,
    lister: str = "`leadercli faq`",
    pager: bool = False,
) -> None:
    """One record by its id, in any case (`show WHY-LECUN-IS-LEAVING-META`); an unknown id is an error
    that names the closest ids, or `lister`, the command that lists them."""
    found = pack.find(record_id) or _find_folded(pack, record_id)
    if found is None and (whole := overview_named(record_id, pack.sections)) is not None:
        _show_overview(pack, whole, json=json, out=out, pager=pager)  # the id `ask` gave a whole section
        return
    if found is None:
        close = [f"'{other}'" for other in _close_ids(pack, record_id)]
        listed = f"{', '.join(close[:-1])} or {close[-1]}" if len(close) > 1 else "".join(close)
        hint = f" Did you mean {listed}?" if close else f" {lister} lists the ids."
        raise LeadercliError(f"no entry with id '{record_id}'.{hint}")
    if json:  # every alternate: JSON is the pack's data, typos included
        emit(payloads.record(found))
        return
    from leadercli.packs.misspellings import readable_alternates
    from leadercli.render import browse as view

    shown = out or renderer()
    with view.paged(shown, pager):
        view.show(shown, found, *readable_alternates(pack, found))


def _find_folded(pack: Pack, record_id: str) -> Record | None:
    wanted = record_id.casefold()
    return next((record for record in pack.records() if record.id.casefold() == wanted), None)


SUGGESTED_IDS = 3
MIN_ID_PART = 3  # a shorter part of an id ("ai") is in too many ids to suggest any


def _close_ids(pack: Pack, record_id: str) -> list[str]:
    """The ids most like `record_id` (a typo, another case, a part of it), best first."""
    import difflib

    ids = {record.id.casefold(): record.id for record in pack.records()}
    wanted = record_id.casefold()
    close = difflib.get_close_matches(wanted, list(ids), n=SUGGESTED_IDS, cutoff=0.6)
    if len(wanted) >= MIN_ID_PART:
        close += [folded for folded in ids if wanted in folded and folded not in close]
    return [ids[folded] for folded in close[:SUGGESTED_IDS]]


def show_search(
    compiled: CompiledPack,
    words: str,
    *,
    limit: int | None,
    json: bool = False,
    out: Renderer | None = None,
    pager: bool = False,
) -> bool:
    """Every place the words occur; False when there is none."""
    from leadercli.search import search as find

    results = find(compiled.search_index(), compiled.find, words, limit=limit)
    _respond(json, lambda: payloads.search(results), "browse.search", results, out=out, pager=pager)
    return bool(results.hits)


# --- the commands ---------------------------------------------------------------------------------------


@app.command(
    epilog="""
        leadercli playbook
        leadercli playbook 3
    """
)
def playbook(
    ctx: typer.Context,
    step: Annotated[
        Optional[int],  # noqa: UP045
        typer.Argument(
            metavar="STEP", help="Show only this step (1-based).", autocompletion=complete_step_numbers
        ),
    ] = None,
    pager: PagerOption = False,
    json: JsonOption = False,
    plain: PlainOption = False,
    pack: PackOption = None,
) -> None:
    """The playbook: every step with its why, or only step N."""
    show_playbook(load(ctx, pack), step, json=json, pager=pager)


def _section_command(name: str, summary: str, *examples: str) -> None:
    """One command for a section that is only listed (`risks`, `metrics`, `tools`, `insights`): the same
    options and the same hand-off for each, so they cannot drift apart."""

    def command(
        ctx: typer.Context,
        pager: PagerOption = False,
        json: JsonOption = False,
        plain: PlainOption = False,
        pack: PackOption = None,
    ) -> None:
        show_section(load(ctx, pack), name, json=json, pager=pager)

    command.__doc__ = summary
    command.__name__ = name
    app.command(name, epilog="\n".join(examples))(command)


_section_command(
    "risks",
    "The risks: what could go wrong, and the mitigation.",
    "leadercli risks",
    "leadercli risks --plain",
)


@app.command(
    epilog="""
        leadercli faq --pager
        leadercli --pack FAQ.md faq
    """
)
def faq(
    ctx: typer.Context,
    pager: PagerOption = False,
    json: JsonOption = False,
    plain: PlainOption = False,
    pack: PackOption = None,
) -> None:
    """Every FAQ question with its id, grouped by topic.

    Topics are the pack's tags: the tag most questions carry gathers them, then the next, while a tag
    still gathers two; the rest are "other". Without shared tags it is one list. `--json` also lists
    every tag with all the entries that carry it.
    """
    show_faq(load(ctx, pack), json=json, pager=pager)


@app.command(
    epilog="""
        leadercli show why-lecun-is-leaving-meta
        leadercli show risk-brain-drain --plain
    """
)
def show(
    ctx: typer.Context,
    record_id: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help="A record id, as `faq` and `search` list them (Tab completes), or the id `ask` gave a "
            "whole section.",
            autocompletion=complete_record_ids,
        ),
    ],
    pager: PagerOption = False,
    json: JsonOption = False,
    plain: PlainOption = False,
    pack: PackOption = None,
) -> None:
    """One entry in full: answer, source, tags and other phrasings.

    A section's name (`show risks`) prints the section, as its own command does; the id `ask` gives a
    document heading with sub-sections lists them.
    """
    show_record(load(ctx, pack), record_id, json=json, pager=pager)


_section_command(
    "metrics", "The key metrics and what each one measures.", "leadercli metrics", "leadercli metrics --json"
)


@app.command(
    epilog="""
        leadercli cadence
        leadercli cadence --ics -o cadence.ics --start 2026-01-05
    """
)
def cadence(
    ctx: typer.Context,
    ics: Annotated[
        bool, typer.Option("--ics", help="Print an iCalendar file of recurring events instead.")
    ] = False,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output", "-o", metavar="FILE", click_type=PATH, help="With --ics: write the calendar to FILE."
        ),
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
    pager: PagerOption = False,
    json: JsonOption = False,
    plain: PlainOption = False,
    pack: PackOption = None,
) -> None:
    """The review cadence: monthly, quarterly, annual; or as a calendar.

    With --ics the cadence becomes recurring events (monthly, every three months, yearly) that a
    calendar app imports; a period leadercli does not know becomes a single event.
    """
    if not ics and (output is not None or start is not None):
        raise LeadercliError("--output and --start only apply with --ics")
    _refuse_early(output, force)
    loaded = load(ctx, pack)
    if not ics:
        show_section(loaded, "cadence", json=json, pager=pager)
        return
    from datetime import date, datetime, timezone

    from leadercli import ics as calendar

    items = require(loaded, CADENCE)
    first = calendar.parse_start(start) if start is not None else calendar.next_month(date.today())
    document = calendar.calendar(loaded.title, items, start=first, stamp=datetime.now(timezone.utc))
    recurring = sum(1 for item in items if calendar.rrule(item.period))
    _deliver(document, "ics", output, force=force, json=json, events=len(items), recurring=recurring)
    if output is not None and not json:
        from leadercli.safetext import visible

        summary = f"{len(items)} events ({recurring} recurring) from {first.isoformat()}"
        print(f"Wrote {visible(str(output))}: {summary}.")


_section_command(
    "tools",
    "The conceptual tools stack: what each kind of tool is for.",
    "leadercli tools",
    "leadercli tools --json",
)


_section_command(
    "insights",
    "The research findings behind the article, with their source.",
    "leadercli insights",
    "leadercli insights --plain",
)


@app.command(
    epilog="""
        leadercli search talent retension
        leadercli search open source -n 3
    """
)
def search(
    ctx: typer.Context,
    terms: Annotated[
        list[str], typer.Argument(metavar="TERMS...", help="Words to look for; typos are fine.")
    ],
    limit: Annotated[
        Optional[int],  # noqa: UP045
        typer.Option(
            "--limit", "-n", metavar="N", click_type=Bounded(1), help="Show only the best N places."
        ),
    ] = None,
    pager: PagerOption = False,
    json: JsonOption = False,
    plain: PlainOption = False,
    pack: PackOption = None,
) -> None:
    """Every place in the pack where the words occur, best first.

    Looks through every section (FAQ, research findings, playbook, risks, metrics, cadence, tools)
    and every field, tolerating a typo or two per word. An identifier (`GITHUB_ENV`, `uv.lock`) is
    looked for as written when the pack has it. Exits 1 when nothing matches.
    """
    if not show_search(compiled(ctx, pack), " ".join(terms), limit=limit, json=json, pager=pager):
        raise typer.Exit(EXIT_NO_ANSWER)


class ExportFormat(str, enum.Enum):
    markdown = "markdown"
    md = "md"  # what the file is called (.md), so what people type
    html = "html"
    json = "json"


@app.command(
    epilog="""
        leadercli export -f html -o lecun.html
        leadercli export > lecun.md
    """
)
def export(
    ctx: typer.Context,
    kind: Annotated[
        Optional[ExportFormat],  # noqa: UP045
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="Document format (md is markdown). Default: markdown (json with --json).",
        ),
    ] = None,
    output: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            click_type=PATH,
            help="Write to FILE (atomically) instead of stdout.",
        ),
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

    _refuse_early(output, force)
    loaded = load(ctx, pack)
    chosen = kind.value if kind is not None else "json" if json else "markdown"
    chosen = "markdown" if chosen == "md" else chosen  # one name in what is printed and in --json
    if chosen == "markdown":
        document = documents.to_markdown(loaded)
    elif chosen == "html":
        document = documents.to_html(loaded)
    else:
        document = payloads.dumps(payloads.export(loaded)) + "\n"
        if json and output is None:  # the pack itself is the one JSON document asked for
            emit_text(document)
            return
    if pager and output is None and not json and sys.stdout.isatty() and sys.stdin.isatty():
        from leadercli.render.browse import page_text

        page_text(document)
        return
    _deliver(document, chosen, output, force=force, json=json)
    if output is not None and not json:
        from leadercli.safetext import visible

        print(f"Wrote {visible(str(output))} ({chosen}, {_size(len(document.encode('utf-8')))}).")


def _refuse_early(output: Path | None, force: bool) -> None:
    """A FILE that will be refused is refused before the pack is compiled (seconds for a big one), not
    after; write_atomic checks again when it writes."""
    if output is not None:
        from leadercli.store.files import refuse_existing

        refuse_existing(output, overwrite=force)


def _deliver(document: str, kind: str, output: Path | None, *, force: bool, json: bool, **extra: int) -> None:
    """A generated file to FILE (atomically, refusing to replace one without --force) or to stdout."""
    if output is not None:
        from leadercli.store.files import write_atomic

        write_atomic(output, document, overwrite=force)
        if json:
            emit(payloads.written(str(output), kind, len(document.encode("utf-8")), **extra))
    elif json:
        emit(payloads.content(kind, document))
    else:  # as bytes: iCalendar's CRLF line ends must survive a text stream's newline translation
        sys.stdout.flush()
        sys.stdout.buffer.write(document.encode("utf-8"))
        sys.stdout.buffer.flush()


def _size(octets: int) -> str:
    return f"{octets} bytes" if octets < 1000 else f"{octets / 1000:.1f} kB"


@app.command(
    epilog="""
        leadercli chat
        leadercli --pack docs/ chat --plain
    """
)
def chat(
    ctx: typer.Context,
    json: Annotated[
        bool,
        typer.Option(
            "--json", help="JSON Lines: each line read is a question, each line written its `ask --json`."
        ),
    ] = False,
    plain: PlainOption = False,
    pack: PackOption = None,
) -> None:
    """Ask several questions in a row; /help lists what else chat does.

    Answers look as in `ask`. Line editing and history come from readline; /help (or help) lists
    the commands; Ctrl-D, /quit or quit leaves. Ctrl-C clears a half-typed line; on an empty line
    it leaves with exit code 130. With --json, for scripts: every line read is a question, and
    each answer is one line of JSON (JSON Lines, in the shape of `ask --json`).
    """
    if json:
        from leadercli.cli.chat_json import run
    else:
        from leadercli.cli.chat import run
    code = run(compiled(ctx, pack))
    if code:
        raise typer.Exit(code)
