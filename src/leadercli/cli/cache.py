"""`leadercli cache info|clear`: the compiled pack cache, for the curious and for clean-ups."""

from __future__ import annotations

import typer

from leadercli import payloads
from leadercli.cli.app import JsonOption, app, emit, respond

cache_app = typer.Typer(help="The compiled pack cache: list or clear it.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def info(json: JsonOption = False) -> None:
    """Where the cache lives and what it holds."""
    from leadercli.store import compiled as cache

    entries = list(cache.entries())
    directory = cache.cache_dir()
    respond(json, lambda: payloads.cache_info(str(directory), entries), "cache.info", directory, entries)


@cache_app.command("clear")
def clear(json: JsonOption = False) -> None:
    """Delete every compiled pack; each is rebuilt on its next use."""
    from leadercli.store import compiled as cache

    removed = cache.clear()
    if json:
        emit(payloads.cache_cleared(str(cache.cache_dir()), removed))
    else:
        print(f"Removed {removed} cached pack{'s' if removed != 1 else ''} from {cache.cache_dir()}")
