"""`leadercli cache info|clear`: the compiled pack cache, for the curious and for clean-ups."""

from __future__ import annotations

from leadercli import payloads
from leadercli.cli.app import JsonOption, PlainOption, app, emit, respond
from leadercli.cli.typer_internals import LeadercliGroup, LeadercliTyper

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
    from leadercli.store import compiled as cache

    entries = list(cache.entries())
    directory = cache.cache_dir()
    respond(json, lambda: payloads.cache_info(str(directory), entries), "cache.info", directory, entries)


@cache_app.command(
    "clear",
    epilog="""
        leadercli cache clear
        leadercli cache clear --json
    """,
)
def clear(json: JsonOption = False) -> None:
    """Delete every compiled pack; each is rebuilt on its next use."""
    from leadercli.store import compiled as cache

    removed = cache.clear()
    if json:
        emit(payloads.cache_cleared(str(cache.cache_dir()), removed))
    else:
        print(f"Removed {removed} cached pack{'s' if removed != 1 else ''} from {cache.cache_dir()}")
