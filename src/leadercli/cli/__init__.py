"""The command line: parse, call the core, hand the result to a renderer. Nothing else lives here.

`app` holds what every command shares; each module registers one group of commands on it.
"""

from leadercli.cli import answers, browse, cache, packs
from leadercli.cli.app import app, main

__all__ = ["answers", "app", "browse", "cache", "main", "packs"]
