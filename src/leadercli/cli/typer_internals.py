"""Everything that reaches into Typer's and Click's private parts, in one place.

Typer 0.26+ vendors Click as `typer._click`: its exception classes are what a failed parse raises, so
catching them means importing from there (pyproject pins Typer below 0.28, which imports pydantic on
every run). Startup trims `app.registered_commands`, which Typer documents nowhere. On the way out (a
Typer that starts fast again, or one that renames these), this module is the only one to change.

Help is Click's plain text, on a terminal as in a pipe (no Rich: no boxes to copy, nothing padded to
the width, and no terminal library to import for `--help`): paragraphs rewrapped at the readable
measure, placeholders in capitals, a definition list stacked on a narrow terminal, and each command's
examples (its epilog) last, never rewrapped.
"""

from __future__ import annotations

import contextlib
import difflib
import os
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import typer
from typer import _click as click
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer._click.formatting import wrap_text
from typer._click.globals import get_current_context
from typer._click.types import ParamType
from typer.core import TyperArgument, TyperCommand, TyperGroup
from typer.models import CommandFunctionType

from leadercli.errors import (
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    LeadercliError,
    OutputError,
    Terminated,
)
from leadercli.process import configure_encoding

__all__ = [
    "Bounded",
    "LeadercliCommand",
    "LeadercliGroup",
    "LeadercliTyper",
    "UsageError",
    "click",
    "get_current_context",
    "keep_only_the_invoked_command",
]

COMMAND_ORDER = (
    "ask", "playbook", "risks", "faq", "show", "search", "metrics", "cadence", "tools", "insights",
    "export", "chat", "about", "init", "validate", "extract", "eval", "cache", "help",
)  # fmt: skip


HELP_MEASURE = 100
"""Help lines stop here on a wide terminal, as prose does (leadercli.render.MEASURE)."""

SUMMARY_LIMIT = 200
"""A command's summary (its help's first sentence) is shown whole up to this length."""

NARROW_HELP = 60
"""Narrower than this, an option's help goes under the option rather than in a thin column beside it."""


def _help_styled() -> bool:
    """Bold headings only on a terminal that shows them (click.echo strips them from a pipe anyway)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM", "") != "dumb"


class HelpFormatter(click.HelpFormatter):
    """Click's help layout, narrower on a narrow terminal and stacked when a column would be thin."""

    def __init__(self, width: int, *, styled: bool = False) -> None:
        super().__init__(width=width)
        self.styled = styled

    def write_heading(self, heading: str) -> None:
        shown = f"\x1b[1m{heading}:\x1b[0m" if self.styled else f"{heading}:"
        self.write(f"{'':>{self.current_indent}}{shown}\n")

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30, col_spacing: int = 2) -> None:
        if self.width - self.current_indent >= NARROW_HELP:
            super().write_dl(rows, col_max, col_spacing)
            return
        indent = " " * (self.current_indent + 4)
        for term, description in rows:
            self.write(f"{'':>{self.current_indent}}{term}\n")
            if description:
                wrapped = wrap_text(description, self.width, initial_indent=indent, subsequent_indent=indent)
                self.write(f"{wrapped}\n")


class LeadercliContext(click.Context):
    """Makes leadercli's help formatter: the terminal's width up to the measure (or the width a caller
    pins, as scripts/gen_commands_doc.py does)."""

    def make_formatter(self) -> click.HelpFormatter:
        width = self.terminal_width or min(shutil.get_terminal_size().columns, HELP_MEASURE) - 2
        return HelpFormatter(max(width, 18), styled=_help_styled())


def _format_epilog(formatter: click.HelpFormatter, epilog: str | None) -> None:
    """The epilog is the command's examples: command lines as written, copied whole, so never
    rewrapped (a long one runs past the edge, for the terminal to wrap)."""
    if not epilog:
        return
    with formatter.section("Examples"):
        for line in epilog.strip().splitlines():
            formatter.write(f"{'':>{formatter.current_indent}}{line.strip()}\n")


def _usage_pieces(command: click.Command, ctx: click.Context) -> list[str]:
    """`[OPTIONS] QUESTION`, `[STEP]`, `TERMS...`: Typer writes a required argument as `{QUESTION}`."""
    pieces = [command.options_metavar] if command.options_metavar else []
    for param in command.get_params(ctx):
        if isinstance(param, TyperArgument):
            name = param.make_metavar(ctx)
            pieces.append(name if param.required or name.startswith("[") else f"[{name}]")
        else:
            pieces.extend(param.get_usage_pieces(ctx))
    return pieces


class LeadercliCommand(TyperCommand):
    """A command whose help is leadercli's: see the module's docstring."""

    context_class = LeadercliContext

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return _usage_pieces(self, ctx)

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _format_epilog(formatter, self.epilog)


class LeadercliTyper(typer.Typer):
    """typer.Typer whose commands are LeadercliCommands, so `@app.command(epilog=...)` is all it takes."""

    def command(
        self, name: str | None = None, *, cls: type[TyperCommand] | None = None, **options: Any
    ) -> Callable[[CommandFunctionType], CommandFunctionType]:
        return super().command(name, cls=cls or LeadercliCommand, **options)


class Bounded(ParamType):
    """A whole number within bounds. Click's IntRange shows `<int range> [0<=x<=50]` in help; this
    leaves the bounds to the option's own words and says them in words when a value is out of them."""

    name = "integer"

    def __init__(self, low: int, high: int | None = None) -> None:
        self.low, self.high = low, high

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        try:
            number = int(value)
        except (TypeError, ValueError):
            self.fail(f"{value!r} is not a whole number.", param, ctx)
        if number < self.low or (self.high is not None and number > self.high):
            bounds = f"{self.low} or more" if self.high is None else f"from {self.low} to {self.high}"
            self.fail(f"{number} is not {bounds}.", param, ctx)
        return number


class PathText(ParamType):
    """A path, refused when empty: Click reads "" as "." (the current folder), so a script's unset
    variable (`leadercli validate "$DIR"`) would check, or write into, the wrong place."""

    name = "path"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Path:
        if isinstance(value, Path):
            return value
        if not str(value).strip():
            self.fail("is empty: name a file or folder.", param, ctx)
        return Path(value)


PATH = PathText()


class LeadercliGroup(TyperGroup):
    """Turns every failure into one line on stderr with a documented exit code, in tests as in real use."""

    context_class = LeadercliContext

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        return [*_usage_pieces(self, ctx), self.subcommand_metavar]

    def format_epilog(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _format_epilog(formatter, self.epilog)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """Each command with its whole summary, wrapped: Click cuts one that is long with `...`."""
        rows = [
            (name, command.get_short_help_str(limit=SUMMARY_LIMIT))
            for name in self.list_commands(ctx)
            if (command := self.get_command(ctx, name)) is not None and not command.hidden
        ]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

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
        configure_encoding(sys.stdin, sys.stdout, sys.stderr)
        words = hoist_root_options(list(sys.argv[1:] if args is None else args))
        code = _run(
            lambda: super(LeadercliGroup, self).main(
                words,
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


def _run(invoke: Any) -> int:
    """The command's exit code, once what it printed has reached stdout (a full disk fails only then)."""
    code = _outcome(invoke)
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except OutputError as error:
        return _fail(str(error), error.exit_code)
    except BrokenPipeError:  # the reader left before the end: Click's quiet 1, as for an earlier write
        return 1
    return code


def _outcome(invoke: Any) -> int:  # noqa: PLR0911 (one return per documented failure kind)
    try:
        result = invoke()
    except (LeadercliError, OutputError) as error:
        return _fail(str(error), error.exit_code)
    except NoArgsIsHelpError as error:  # a group run bare: its help is the answer (Rich already printed it)
        with contextlib.suppress(OSError, ValueError, AttributeError):
            sys.stderr.write(error.format_message())
        return EXIT_USAGE
    except UsageError as error:
        command = error.ctx.command_path if error.ctx else "leadercli"
        return _fail(f"{error.format_message()} (see '{command} --help')", EXIT_USAGE)
    except click.ClickException as error:
        return _fail(error.format_message(), error.exit_code)
    except typer.Abort:
        return _fail("interrupted", EXIT_INTERRUPTED)
    except Terminated as error:  # SIGTERM, SIGHUP: as Ctrl-C, with their own 128 + n
        import signal

        return _fail(f"interrupted by {signal.Signals(error.number).name}", error.exit_code)
    except Exception as error:  # a bug: say so in one line, keep the traceback for LEADERCLI_DEBUG=1
        if os.environ.get("LEADERCLI_DEBUG"):
            raise
        return _fail(f"internal error: {type(error).__name__}: {error} (please report it)", EXIT_INTERNAL)
    return result if isinstance(result, int) else 0


def _fail(message: str, code: int) -> int:
    """The one line on stderr; a closed or broken stderr loses the line, never the exit code."""
    with contextlib.suppress(OSError, ValueError, AttributeError):  # AttributeError: stderr is None
        sys.stderr.write(f"leadercli: error: {_one_safe_line(message)}\n")
        sys.stderr.flush()
    return code


def _one_safe_line(message: str) -> str:
    """Messages quote pack text and argv: a duplicate key may hold an escape sequence, an id a bidi mark."""
    line = " ".join(message.split())
    if line.isprintable():
        return line
    from leadercli.safetext import visible  # only for the rare message with something to neutralise

    return visible(line)


_ROOT_OPTIONS_WITH_VALUE = {"--pack", "--color"}
_NEEDS_EVERY_COMMAND = {"help"}  # `help ask` explains another command
_ROOT_OPTIONS_ANYWHERE = {"--color"}
"""Root options people type after the command too (`leadercli risks --color always`), as they do `--pack`,
which every command takes; these are moved in front of the command before Click parses the line."""


def hoist_root_options(args: list[str]) -> list[str]:
    """The command line with each `--color X` (or `--color=X`) moved to the front, where the root parses it;
    anything after `--` is left as it is, and so is a completion's line."""
    if any(name.startswith("_LEADERCLI_COMPLETE") for name in os.environ):
        return args
    front: list[str] = []
    rest: list[str] = []
    words = iter(args)
    for word in words:
        if word == "--":
            rest += [word, *words]
            break
        if word.split("=", 1)[0] not in _ROOT_OPTIONS_ANYWHERE:
            rest.append(word)
            continue
        front.append(word)
        if "=" not in word:
            value = next(words, None)
            if value is None:  # `leadercli risks --color`: the root says the value is missing
                return [word]
            front.append(value)
    return [*front, *rest]


def keep_only_the_invoked_command(app: typer.Typer, argv: list[str]) -> None:
    """Startup: Typer turns every registered command into a Click command on each run (~2 ms each).

    When argv names a command exactly, only that one is needed, so the others are dropped before
    Typer builds anything. Anything else (no command, a typo to suggest a fix for, the root help,
    `help`, shell completion) keeps them all.
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
    if name in _NEEDS_EVERY_COMMAND:
        return
    commands = [info for info in app.registered_commands if _command_name(info) == name]
    groups = [info for info in app.registered_groups if info.name == name]
    if commands or groups:
        app.registered_commands, app.registered_groups = commands, groups


def _command_name(info: Any) -> str:
    return str(info.name or info.callback.__name__.replace("_", "-"))
