"""The word lists of `packs` (data/*.txt: one item a line, `#` comments), read once, on first use."""

from __future__ import annotations

import functools
from pathlib import Path

_DATA = Path(__file__).parent / "data"


@functools.cache
def words(name: str) -> frozenset[str]:
    """The items of data/`name`, casefolded."""
    text = (_DATA / name).read_text(encoding="utf-8")
    return frozenset(
        item.casefold() for line in text.splitlines() if (item := line.strip()) and not item.startswith("#")
    )
