"""`leadercli cache info|clear`: the compiled pack cache, for the curious and for clean-ups."""

from __future__ import annotations

import sys

import typer

from leadercli import payloads
from leadercli.cli.app import JsonOption, PlainOption, app, emit, respond
from leadercli.cli.typer_internals import LeadercliGroup, LeadercliTyper
from leadercli.errors import EXIT_NO_ANSWER

cache_app = LeadercliTyper(
    cls=LeadercliGroup,
    help="The compiled pack cache: list or clear it.",
    epilog="""
        leadercli cache info
        leadercli cache clear
    """,
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(cache_app, name="cache")


@cache_app.command(
    "info",
    epilog="""
        leadercli cache info
        leadercli cache info --json
    """,
)
def info(json: JsonOption = False, plain: PlainOption = False) -> None:
    """Where the cache lives and what it holds."""
    from leadercli.store import housekeeping as cache
    from leadercli.store.compiled import cache_dir

    entries, temporaries = list(cache.entries()), cache.temporaries()
    directory = cache_dir()
    respond(
        json,
        lambda: payloads.cache_info(str(directory), entries, temporaries),
        "cache.info",
        directory,
        entries,
        temporaries,
    )


@cache_app.command(
    "clear",
    epilog="""
        leadercli cache clear
        leadercli cache clear --json
    """,
)
def clear(json: JsonOption = False) -> None:
    """Delete every compiled pack; each is rebuilt on its next use.

    Temporary files left by an interrupted write (older than a minute) go too. An entry that cannot be
    removed (a directory of that name, a read-only cache directory) is named on stderr and the
    exit code is 1.
    """
    from leadercli.safetext import visible
    from leadercli.store import housekeeping as cache
    from leadercli.store.compiled import cache_dir

    cleared = cache.clear()
    if json:
        emit(payloads.cache_cleared(str(cache_dir()), cleared))
    else:
        removed = cleared.removed
        print(f"Removed {removed} cached pack{'s' if removed != 1 else ''} from {visible(str(cache_dir()))}")
        if leftovers := cleared.temporaries:
            print(f"Removed {leftovers} leftover temporary file{'s' if leftovers != 1 else ''}")
    for path, problem in cleared.problems:
        print(f"leadercli: {visible(str(path))}: {problem}", file=sys.stderr)
    if cleared.problems:
        raise typer.Exit(EXIT_NO_ANSWER)
