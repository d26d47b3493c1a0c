"""`leadercli cache info|clear`: the compiled pack cache, for the curious and for clean-ups."""

from __future__ import annotations

import typer

from leadercli.cli.app import JsonOption, app, emit, renderer

cache_app = typer.Typer(help="The compiled pack cache: list or clear it.", no_args_is_help=True)
app.add_typer(cache_app, name="cache")


@cache_app.command("info")
def info(json: JsonOption = False) -> None:
    """Where the cache lives and what it holds."""
    from leadercli import cache

    entries = list(cache.entries())
    if json:
        emit(
            {
                "directory": str(cache.cache_dir()),
                "entries": [
                    {"file": str(e.path), "bytes": e.size, "pack": e.pack_dir, "fresh": e.fresh}
                    for e in entries
                ],
                "total_bytes": sum(e.size for e in entries),
            }
        )
        return
    from leadercli.render import cache as view

    view.info(renderer(), cache.cache_dir(), entries)


@cache_app.command("clear")
def clear(json: JsonOption = False) -> None:
    """Delete every compiled pack; each is rebuilt on its next use."""
    from leadercli import cache

    removed = cache.clear()
    if json:
        emit({"directory": str(cache.cache_dir()), "removed": removed})
    else:
        print(f"Removed {removed} cached pack{'s' if removed != 1 else ''} from {cache.cache_dir()}")
