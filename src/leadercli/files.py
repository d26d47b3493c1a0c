"""Writing files so that nothing is ever half-written and nothing existing is lost by accident."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from leadercli.errors import LeadercliError


def write_atomic(path: Path, data: str | bytes, *, overwrite: bool = False) -> None:
    """Write to a temporary file beside `path`, then rename it into place.

    An interrupted write leaves the old file (or none), never a truncated one; without `overwrite`,
    an existing file is refused rather than replaced.
    """
    if path.exists() and not overwrite:
        raise LeadercliError(f"{path} already exists (use --force to replace it)")
    if path.is_dir():
        raise LeadercliError(f"{path} is a directory")
    # surrogateescape: a name from an undecodable path (PEP 383) is written back as the bytes it came from.
    payload = data.encode("utf-8", "surrogateescape") if isinstance(data, str) else data
    directory = path.parent if str(path.parent) else Path()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    except OSError as error:
        raise LeadercliError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(payload)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        if isinstance(error, OSError):
            raise LeadercliError(f"cannot write {path}: {error.strerror or error}") from None
        raise
