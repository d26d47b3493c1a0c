"""What loading and validating a pack found: each problem with its place, its kind and the records it
concerns, as data (the CLI words it, `validate --json` prints it, nothing parses it back)."""

from __future__ import annotations

from typing import NamedTuple


class Finding(NamedTuple):
    """One problem: where it is, how bad, what it is, and the records (and other places) involved.

    A NamedTuple: a pack loads its warnings on every compile, and a dataclass costs ~1 ms to create."""

    severity: str  # "error" or "warning"
    code: str  # "unknown-field", "duplicate-id", "near-duplicate", ... (docs/json.md lists them)
    file: str
    line: int
    message: str
    ids: tuple[str, ...] = ()
    similarity: int | None = None
    related: tuple[tuple[str, int], ...] = ()  # the other places involved, as (file, line)
    column: int | None = None

    @property
    def location(self) -> str:
        return f"{self.file}:{self.line}"
