"""Writing files so that nothing is ever half-written and nothing existing is lost by accident."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from pathlib import Path

from leadercli.errors import LeadercliError

TEMPORARY_SUFFIX = ".tmp"
"""The temporary file of a write is `.NAME.XXXXXXXX.tmp` beside the target: a kill -9 mid-write can leave
one behind, which is why the cache sweeps its own (store/compiled.py)."""


def write_atomic(path: Path, data: str | bytes | Sequence[bytes], *, overwrite: bool = False) -> None:
    """Write to a temporary file beside `path`, then rename it into place.

    An interrupted write leaves the old file (or none), never a truncated one; without `overwrite`,
    an existing file is refused rather than replaced. `data` may be a list of byte chunks, written one
    after the other (a large cache file is never joined into one copy in memory).
    """
    if path.exists() and not overwrite:
        raise LeadercliError(f"{path} already exists (use --force to replace it)")
    if path.is_dir():
        raise LeadercliError(f"{path} is a directory")
    # surrogateescape: a name from an undecodable path (PEP 383) is written back as the bytes it came from.
    chunks = [data.encode("utf-8", "surrogateescape")] if isinstance(data, str) else data
    chunks = [chunks] if isinstance(chunks, bytes) else chunks
    directory = path.parent if str(path.parent) else Path()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=TEMPORARY_SUFFIX, dir=directory)
    except OSError as error:
        raise LeadercliError(f"cannot write {path}: {error.strerror or error}") from None
    try:
        with os.fdopen(handle, "wb") as stream:
            for chunk in chunks:
                stream.write(chunk)
            stream.flush()
            os.fsync(stream.fileno())
        Path(temporary).replace(path)
    except BaseException as error:
        with contextlib.suppress(OSError):
            Path(temporary).unlink()
        if isinstance(error, OSError):
            raise LeadercliError(f"cannot write {path}: {error.strerror or error}") from None
        raise


def write_pack(directory: Path, files: Mapping[str, str | None], *, overwrite: bool = False) -> None:
    """Write a pack's files so that the directory holds either the old pack or the new one, never a mix.

    The new files are written and fsynced in a temporary directory beside `directory` first (so a
    failure while writing touches nothing). A new directory is then renamed into place in one step.
    Into an existing directory, each file is renamed over the old one after a hard-link backup of the
    old one is kept; if anything fails or is interrupted (Ctrl-C included) the backups are renamed
    back. Only a crash of the machine or a SIGKILL between those renames (microseconds) could leave a
    mix, and even then the old files survive in the `.NAME.leadercli-*/.backup` directory beside it.
    `None` as content removes that file (a pack without a playbook must not keep an old one).
    """
    existing = [name for name in files if (directory / name).exists()]
    if existing and not overwrite:
        names = " and ".join(existing)
        raise LeadercliError(f"{directory} already holds a pack ({names}); use --force to replace it")
    if directory.exists() and not directory.is_dir():
        raise LeadercliError(f"{directory} exists and is not a directory")
    parent = directory.parent if str(directory.parent) else Path()
    try:
        parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{directory.name}.leadercli-", dir=parent))
    except OSError as error:
        raise LeadercliError(f"cannot write {directory}: {error.strerror or error}") from None
    try:
        for name, content in files.items():
            if content is not None:
                _write_synced(staging / name, content)
        if not directory.exists():
            staging.rename(directory)
            return
        _swap_files(directory, staging, files)
    except OSError as error:
        raise LeadercliError(f"cannot write {directory}: {error.strerror or error}") from None
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _write_synced(path: Path, content: str) -> None:
    with path.open("w", encoding="utf-8", errors="surrogateescape", newline="\n") as stream:
        stream.write(content)
        stream.flush()
        os.fsync(stream.fileno())


def _place(source: Path, target: Path) -> None:
    """One step of the commit (a rename); a separate function so tests can interrupt the commit."""
    source.replace(target)


def _swap_files(directory: Path, staging: Path, files: Mapping[str, str | None]) -> None:
    backup = staging / ".backup"
    backup.mkdir()
    saved: list[str] = []
    for name in files:
        if (directory / name).exists():
            os.link(directory / name, backup / name)
            saved.append(name)
    done: list[str] = []
    try:
        for name, content in files.items():
            done.append(name)  # before the rename: restoring an unreplaced file from its backup is harmless
            if content is not None:
                _place(staging / name, directory / name)
            elif (directory / name).exists():
                (directory / name).unlink()
    except BaseException:
        for name in done:
            if name in saved:
                (backup / name).replace(directory / name)
            else:
                with contextlib.suppress(FileNotFoundError):
                    (directory / name).unlink()
        raise
