"""One pause of the cyclic garbage collector, for builds that allocate millions of containers."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["no_cyclic_gc"]


@contextlib.contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """Pause the cyclic collector (restored as it was on exit).

    A build allocates millions of small containers, none cyclic and none freed as garbage, so the
    collector's passes over an ever larger heap are pure cost: about a fifth of a 100,000-entry build
    (7.1 s -> 4.5 s for the lean index alone).
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
