"""The Typer application and what every command shares: options, choosing and loading the pack, output.

Heavy modules (Rich, the matcher, YAML) are imported inside the functions that need them, so
`leadercli ask --json` never loads a terminal library and `--help` never loads a pack.
"""

from __future__ import annotations

import enum
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional

import typer
from typer.core import TyperGroup

from leadercli import __version__
from leadercli.cli.typer_internals import (
    SUMMARY_LIMIT,
    LeadercliGroup,
    LeadercliTyper,
    UsageError,
    click,
    get_current_context,
    keep_only_the_invoked_command,
)
from leadercli.errors import LeadercliError

if TYPE_CHECKING:
    from collections.abc import Callable

    from leadercli.packs.pack import Pack
    from leadercli.packs.sections import R, Section
    from leadercli.render import Renderer
    from leadercli.store.compiled import CompiledPack


app = LeadercliTyper(
    cls=LeadercliGroup,
    name="leadercli",
    help="Answers leaders' questions about a curated article: its FAQ, playbook, risks and more.",
    epilog="""
        leadercli ask "why did LeCun leave"
        leadercli --pack docs/ faq
    """,
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    invoke_without_command=True,
    rich_markup_mode=None,  # Click's plain help: see leadercli.cli.typer_internals
)

PackOption = Annotated[
    Optional[str],  # noqa: UP045 (Typer needs Optional at runtime on Python 3.10); a str: Path("") is "."
    typer.Option(
        "--pack",
        envvar="LEADERCLI_PACK",
        metavar="PATH",
        show_envvar=True,
        help="Use another pack: a directory with faq.yaml (and playbook.yaml), or documents (a Markdown, "
        "reStructuredText, AsciiDoc, Org, RDoc, POD, MediaWiki, Jupyter notebook, HTML, man page or text "
        "file, or a folder of them).",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print exactly one JSON document and nothing else.")]
PlainOption = Annotated[
    bool,
    typer.Option(
        "--plain",
        help="Plain text on a terminal too, as when piped: no panels, tables or padding, to copy from.",
    ),
]


class Color(str, enum.Enum):
    """`--color`: as git and ls have it; stronger than NO_COLOR and FORCE_COLOR, which `auto` follows."""

    auto = "auto"
    always = "always"
    never = "never"


_COLOR_KEY = "leadercli.color"


def _version(value: bool) -> None:
    if value:
        print(f"leadercli {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    pack: PackOption = None,
    color: Annotated[
        Color,
        typer.Option(
            "--color",
            case_sensitive=False,
            help="When to colour: auto follows the terminal, NO_COLOR and FORCE_COLOR; always colours "
            "piped output too (with the terminal look); never does not colour.",
        ),
    ] = Color.auto,
    plain: PlainOption = False,
    version: Annotated[
        bool,
        typer.Option("--version", "-V", callback=_version, is_eager=True, help="Show the version and exit."),
    ] = False,
) -> None:
    """Answers leaders' questions about a curated article: its FAQ, playbook, risks and more."""
    ctx.meta[_COLOR_KEY] = color.value
    if ctx.invoked_subcommand is None:
        from leadercli.render import answers as view

        loaded = load(ctx, None)
        missing, every = absent_sections(loaded), _commands(ctx)
        commands = [(name, summary) for name, summary in every if name not in missing]
        absent = [name for name, _ in every if name in missing]
        view.overview(renderer(), loaded, commands, __version__, absent=absent)


def absent_sections(pack: Pack) -> set[str]:
    """The browsing commands this pack has nothing for (`risks` on a document): the overview leaves them
    out rather than offer a command that exits 2."""
    from leadercli.packs.sections import FAQ, INSIGHT_TAG, SECTIONS

    counts = pack.counts()
    absent = {name for name, section in SECTIONS.items() if section is not FAQ and not counts[name]}
    return absent | (set() if pack.tagged(INSIGHT_TAG) else {"insights"})


def _commands(ctx: typer.Context) -> list[tuple[str, str]]:
    """Every command with the first line of its help, in the order they were registered."""
    group = ctx.command
    assert isinstance(group, TyperGroup)
    listed = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is not None and not command.hidden:
            listed.append((name, command.get_short_help_str(limit=SUMMARY_LIMIT)))
    return listed


@app.command(
    "help",
    epilog="""
        leadercli help
        leadercli help cache clear
    """,
)
def help_command(
    ctx: typer.Context,
    command: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            metavar="COMMAND...", help="The command to explain (`ask`, `cache clear`).", show_default=False
        ),
    ] = None,
) -> None:
    """Explain leadercli or one command, as --help does.

    `leadercli help` is `leadercli --help`; `leadercli help ask` is `leadercli ask --help`.
    """
    node: click.Context = ctx.find_root()
    for name in command or []:
        group = node.command
        if not isinstance(group, TyperGroup):
            raise UsageError(f"'{node.command_path}' has no sub-command '{name}'.", node)
        found, chosen, _ = group.resolve_command(node, [name])  # an unknown name: "Did you mean ...?"
        assert chosen is not None and found is not None
        node = chosen.make_context(found, [], parent=node, resilient_parsing=True)
    click.echo(node.get_help(), color=node.color)  # as --help prints it


def pack_dir(ctx: typer.Context, option: str | None = None) -> Path:
    """The one answer to "which pack?": the command's own `--pack`, else the nearest one given before it
    on the command line (the root's included, also while completing), else LEADERCLI_PACK, else the
    shipped pack. An empty `--pack ""` (a script's unset variable) is refused, never read as the
    current folder or the shipped pack."""
    from leadercli.packs.pack import resolve_pack_dir

    value: object = option
    node: click.Context | None = ctx
    while node is not None:
        if value is None:
            value = node.params.get("pack")
        if isinstance(value, (str, Path)):
            if str(value).strip():
                return resolve_pack_dir(Path(value))
            if node.get_parameter_source("pack") is not click.core.ParameterSource.ENVIRONMENT:
                raise UsageError("--pack is empty: name a pack folder or documents, or leave it out.", ctx)
            # LEADERCLI_PACK of spaces: unset, as an empty one is
        value, node = None, node.parent
    return resolve_pack_dir(None)


def compiled(ctx: typer.Context, option: str | None) -> CompiledPack:
    """The chosen pack, compiled once per invocation."""
    from leadercli.store.compiled import open_pack

    directory = pack_dir(ctx, option)
    opened = ctx.find_root().meta.setdefault("leadercli.compiled", {})
    if directory not in opened:
        with ProgressBar("Compiling the pack (first use)") as progress:
            opened[directory] = open_pack(directory, progress=progress)
    found: CompiledPack = opened[directory]
    return found


def load(ctx: typer.Context, option: str | None) -> Pack:
    """Every record of the chosen pack, typed (from the cache when it is fresh)."""
    return compiled(ctx, option).pack()


class ProgressBar:
    """A progress bar on stderr for work that takes seconds (a pack compiling, `validate`), only when
    stderr is a terminal (and Rich only then); `title` says what the work is, each update its stage."""

    def __init__(self, title: str) -> None:
        self._title = title
        self._bar: Any = None
        self._task: Any = None

    def __enter__(self) -> Callable[[str, float], None] | None:
        return self.update if sys.stderr.isatty() else None

    def update(self, stage: str, fraction: float) -> None:
        if self._bar is None:
            from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

            from leadercli.render import make_console

            self._bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TimeElapsedColumn(),
                console=make_console(stderr=True, color=color_choice()),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task(f"{self._title}: {stage}", total=1.0)
        self._bar.update(self._task, description=f"{self._title}: {stage}", completed=fraction)

    def __exit__(self, *exc_info: object) -> None:
        if self._bar is not None:
            self._bar.stop()


def require(pack: Pack, section: Section[R]) -> tuple[R, ...]:
    """The section's records, or a one-line error saying the pack has none."""
    from leadercli.packs.pack import is_documents
    from leadercli.packs.sections import PLAYBOOK_FILE

    items = pack.of(section)
    if not items:
        if is_documents(pack.directory):
            why = "documents give FAQ entries: `leadercli faq` lists them"
        else:
            own = pack.has_playbook or section.file != PLAYBOOK_FILE
            why = f"{'its ' if own else ''}{section.file} is missing or empty"
        raise LeadercliError(f"the pack in {pack.directory} has no {section.plural} ({why})")
    return items


def emit(document: object) -> None:
    from leadercli.payloads import dumps

    emit_text(dumps(document) + "\n")


def emit_text(document: str) -> None:
    """JSON text to stdout; a stdout that cannot take Unicode (an ASCII locale) gets the same document
    with \\u escapes, which any JSON parser reads back as the original text."""
    from leadercli.process import ascii_json, takes_unicode

    sys.stdout.write(document if takes_unicode(sys.stdout) else ascii_json(document))


def respond(
    json: bool, payload: Callable[[], object], view: str, *args: Any, out: Renderer | None = None
) -> None:
    """One result: `payload()` as exactly one JSON document with --json, else drawn for people by the
    renderer function `view` ("browse.risks" is leadercli.render.browse.risks, called with `args`).

    The renderer is named rather than imported so that a --json run never imports Rich.
    """
    if json:
        emit(payload())
        return
    import importlib

    module, _, function = view.partition(".")
    draw = getattr(importlib.import_module(f"leadercli.render.{module}"), function)
    draw(out or renderer(), *args)


def renderer() -> Renderer:
    from leadercli.render import Renderer, make_console

    return Renderer(make_console(color=color_choice()), plain=_plain_asked())


def color_choice() -> str:
    """This run's `--color` (auto outside a command line, as in a test calling a view directly)."""
    ctx = get_current_context(silent=True)
    return (
        str(ctx.find_root().meta.get(_COLOR_KEY, Color.auto.value)) if ctx is not None else Color.auto.value
    )


def _plain_asked() -> bool:
    """`--plain` given to the command or before it (the root's)."""
    node = get_current_context(silent=True)
    while node is not None:
        if node.params.get("plain"):
            return True
        node = node.parent
    return False


def main() -> NoReturn:
    """Console-script entry point."""
    from leadercli.process import prepare

    prepare()  # closed descriptors, stdout write errors, SIGTERM and SIGHUP: see leadercli.process
    keep_only_the_invoked_command(app, sys.argv[1:])
    try:
        app()
    except BrokenPipeError:
        # The reader went away (`leadercli playbook | head -3`): leave quietly, without a flush error at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    sys.exit(0)  # pragma: no cover - app() always exits
