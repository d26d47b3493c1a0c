"""The Typer application and what every command shares: error handling, options, loading, output.

Heavy modules (Rich, the matcher, YAML) are imported inside the functions that need them, so
`leadercli ask --json` never loads a terminal library and `--help` never loads a pack.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional

import typer
from typer import _click as click  # Typer 0.26+ vendors Click; its errors are these classes (see the pin)
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from leadercli import __version__
from leadercli.errors import EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, LeadercliError

if TYPE_CHECKING:
    from collections.abc import Callable

    from leadercli.cache import CompiledPack
    from leadercli.pack import Pack
    from leadercli.render import Renderer


COMMAND_ORDER = (
    "ask", "playbook", "risks", "faq", "show", "search", "metrics", "cadence", "tools", "insights",
    "export", "chat", "about", "init", "validate", "extract", "eval", "cache",
)  # fmt: skip


class _LeadercliGroup(TyperGroup):
    """Turns every failure into one line on stderr with a documented exit code, in tests as in real use."""

    def resolve_command(self, ctx: click.Context, args: list[str]) -> Any:
        name = args[0] if args else ""
        if name and not name.startswith("-") and self.get_command(ctx, name) is None:
            close = difflib.get_close_matches(name, self.list_commands(ctx), n=1, cutoff=0.5)
            hint = f" Did you mean '{close[0]}'?" if close else ""
            raise UsageError(f"No such command '{name}'.{hint}", ctx)
        return super().resolve_command(ctx, args)

    def list_commands(self, ctx: click.Context) -> list[str]:
        """Commands in the order a newcomer needs them, not the order the modules register them."""
        rank = {name: position for position, name in enumerate(COMMAND_ORDER)}
        return sorted(super().list_commands(ctx), key=lambda name: rank.get(name, len(rank)))

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        _tolerate_undecodable_bytes()
        code = _run(
            lambda: super(_LeadercliGroup, self).main(
                args,
                prog_name or "leadercli",
                complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
        )
        if standalone_mode:
            sys.exit(code)
        return code


def _run(invoke: Any) -> int:  # noqa: PLR0911 (one return per documented failure kind)
    try:
        result = invoke()
    except LeadercliError as error:
        return _fail(str(error), error.exit_code)
    except NoArgsIsHelpError as error:  # a group run bare: its help is the answer (Rich already printed it)
        sys.stderr.write(error.format_message())
        return EXIT_USAGE
    except UsageError as error:
        command = error.ctx.command_path if error.ctx else "leadercli"
        return _fail(f"{error.format_message()} (see '{command} --help')", EXIT_USAGE)
    except click.ClickException as error:
        return _fail(error.format_message(), error.exit_code)
    except typer.Abort:
        return _fail("interrupted", EXIT_INTERRUPTED)
    except Exception as error:  # a bug: say so in one line, keep the traceback for LEADERCLI_DEBUG=1
        if os.environ.get("LEADERCLI_DEBUG"):
            raise
        return _fail(f"internal error: {type(error).__name__}: {error} (please report it)", EXIT_INTERNAL)
    return result if isinstance(result, int) else 0


def _fail(message: str, code: int) -> int:
    sys.stderr.write(f"leadercli: error: {_one_safe_line(message)}\n")
    return code


def _one_safe_line(message: str) -> str:
    """Messages quote pack text and argv: a duplicate key may hold an escape sequence, an id a bidi mark."""
    line = " ".join(message.split())
    if line.isprintable():
        return line
    from leadercli.render import clean  # Rich: only for the rare message with something to neutralise

    return clean(line)


def _tolerate_undecodable_bytes() -> None:
    """Python hands argv's undecodable bytes over as lone surrogates (PEP 383); a strict UTF-8 stream then
    fails on them. stdin decodes them the same way (a chat line like its argv); stdout escapes what the
    renderers did not already (`\\udcff`) rather than crash."""
    for stream, errors in ((sys.stdin, "surrogateescape"), (sys.stdout, "backslashreplace")):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None and getattr(stream, "errors", None) == "strict":
            with contextlib.suppress(ValueError, OSError):
                reconfigure(errors=errors)


app = typer.Typer(
    cls=_LeadercliGroup,
    name="leadercli",
    help="Answers leaders' questions about a curated article: its FAQ, playbook, risks and more.",
    context_settings={"help_option_names": ["-h", "--help"]},
    pretty_exceptions_enable=False,
    invoke_without_command=True,
    rich_markup_mode="rich",
)

PackOption = Annotated[
    Optional[Path],  # noqa: UP045 (Typer needs Optional at runtime on Python 3.10)
    typer.Option(
        "--pack",
        envvar="LEADERCLI_PACK",
        metavar="DIR",
        show_envvar=True,
        help="Use the pack in DIR (faq.yaml, optional playbook.yaml) instead of the shipped one.",
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print exactly one JSON document and nothing else.")]


def _version(value: bool) -> None:
    if value:
        print(f"leadercli {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    ctx: typer.Context,
    pack: PackOption = None,
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")
    ] = False,
) -> None:
    """Answers leaders' questions about a curated article: its FAQ, playbook, risks and more."""
    ctx.obj = pack
    if ctx.invoked_subcommand is None:
        from leadercli.render import answers as view

        view.overview(renderer(), load(ctx, None), _commands(ctx), __version__)


def _commands(ctx: typer.Context) -> list[tuple[str, str]]:
    """Every command with the first line of its help, in the order they were registered."""
    group = ctx.command
    assert isinstance(group, TyperGroup)
    listed = []
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        if command is not None and not command.hidden:
            listed.append((name, command.get_short_help_str(limit=80)))
    return listed


def compiled(ctx: typer.Context, option: Path | None) -> CompiledPack:
    """The chosen pack (`--pack`, LEADERCLI_PACK, or the shipped one), compiled once per invocation."""
    from leadercli.cache import open_pack
    from leadercli.pack import resolve_pack_dir

    root = ctx.find_root()
    chosen = option if option is not None else root.obj if isinstance(root.obj, Path) else None
    directory = resolve_pack_dir(chosen)
    opened = root.meta.setdefault("leadercli.compiled", {})
    if directory not in opened:
        with _BuildProgress() as progress:
            opened[directory] = open_pack(directory, progress=progress)
    found: CompiledPack = opened[directory]
    return found


def load(ctx: typer.Context, option: Path | None) -> Pack:
    """Every record of the chosen pack, typed (from the cache when it is fresh)."""
    return compiled(ctx, option).pack()


class _BuildProgress:
    """A progress bar on stderr while a pack compiles, only on a terminal (and Rich only then)."""

    def __init__(self) -> None:
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
                console=make_console(stderr=True),
                transient=True,
            )
            self._bar.start()
            self._task = self._bar.add_task(stage, total=1.0)
        self._bar.update(
            self._task, description=f"Compiling the pack (first use): {stage}", completed=fraction
        )

    def __exit__(self, *exc_info: object) -> None:
        if self._bar is not None:
            self._bar.stop()


def require(pack: Pack, items: tuple[Any, ...], what: str) -> tuple[Any, ...]:
    if not items:
        source = "playbook.yaml" if not pack.has_playbook else "its playbook.yaml"
        raise LeadercliError(f"the pack in {pack.directory} has no {what} ({source} is missing or empty)")
    return items


def emit(document: object) -> None:
    from leadercli.views import dumps

    sys.stdout.write(dumps(document) + "\n")


def renderer() -> Renderer:
    from leadercli.render import Renderer, make_console

    return Renderer(make_console())


def main() -> NoReturn:
    """Console-script entry point."""
    _keep_only_the_invoked_command(sys.argv[1:])
    try:
        app()
    except BrokenPipeError:
        # The reader went away (`leadercli playbook | head -3`): leave quietly, without a flush error at exit.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(0)
    sys.exit(0)  # pragma: no cover - app() always exits


_ROOT_OPTIONS_WITH_VALUE = {"--pack"}


def _keep_only_the_invoked_command(argv: list[str]) -> None:
    """Startup: Typer turns every registered command into a Click command on each run (~2 ms each).

    When argv names a command exactly, only that one is needed, so the others are dropped before
    Typer builds anything. Anything else (no command, a typo to suggest a fix for, the root help,
    shell completion) keeps them all.
    """
    if any(name.startswith("_LEADERCLI_COMPLETE") for name in os.environ):
        return
    words = iter(argv)
    for word in words:
        if word in _ROOT_OPTIONS_WITH_VALUE:
            next(words, None)
        elif word == "--" or not word.startswith("-"):
            break
    else:
        return
    name = word
    commands = [info for info in app.registered_commands if _command_name(info) == name]
    groups = [info for info in app.registered_groups if info.name == name]
    if commands or groups:
        app.registered_commands, app.registered_groups = commands, groups


def _command_name(info: Any) -> str:
    return str(info.name or info.callback.__name__.replace("_", "-"))
