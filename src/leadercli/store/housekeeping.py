"""`leadercli cache info|clear`, and the sweep of temporaries a killed writer left behind.

The cache directory is shared with whatever else happens to the machine: another leadercli deleting
files, a user's `mkdir`, a dangling link, a FIFO, a read-only mount. Each such entry is reported and
passed over, never an error. Temporaries (`.NAME.XXXXXXXX.tmp`, see store/files.py) are stale once
older than STALE_AFTER: a writer renames its temporary within moments of creating it (the whole file
is built in memory first), so an older one belongs to a writer that was killed. Age rather than the
writer's pid, because a pid means nothing across containers sharing a cache and is reused.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from leadercli.errors import LeadercliError
from leadercli.store.blobs import BlobReader, open_regular
from leadercli.store.compiled import (
    MAGIC,
    SEARCH_MAGIC,
    SEARCH_SUFFIX,
    SUFFIX,
    UNUSABLE,
    CacheMiss,
    _open_cached,
    _pack_files,
    _version_key,
    cache_dir,
    cache_file,
)
from leadercli.store.files import TEMPORARY_SUFFIX

STALE_AFTER = 60.0
"""Seconds after which a temporary file in the cache directory is taken as left by a killed writer."""


class Entry(NamedTuple):
    """One cache file, as `cache info` lists it."""

    path: Path
    size: int
    pack_dir: str
    fresh: bool | None  # None: unreadable (it will be rebuilt on next use)
    kind: str = "pack"  # "pack": a compiled pack; "search": its search file
    problem: str = ""  # why it cannot be read at all (a directory, a dangling link, ...), when it cannot


class Temporary(NamedTuple):
    """A temporary file of a cache write: being written, or (stale) left behind by a killed writer."""

    path: Path
    size: int
    stale: bool


class Cleared(NamedTuple):
    """What `cache clear` did: files removed, stale temporaries removed, entries it had to leave."""

    removed: int
    temporaries: int
    problems: list[tuple[Path, str]]


def _names(directory: Path) -> list[str]:
    try:
        return sorted(path.name for path in directory.iterdir())
    except OSError:  # absent, not a directory, unreadable: nothing to list
        return []


def _unlisted(directory: Path) -> str:
    """Why `directory` cannot be listed (chmod 000, another user's), or "" when it can be or is not there
    (nothing is cached then): `clear` must not report a cache it could not even look into as cleared."""
    try:
        next(directory.iterdir(), None)
    except (FileNotFoundError, NotADirectoryError):
        return ""
    except OSError as error:
        return f"cannot list: {error.strerror or error}"
    return ""


def _is_cache_name(name: str) -> bool:
    return not name.startswith(".") and name.endswith((SUFFIX, SEARCH_SUFFIX))


def _is_temporary_name(name: str) -> bool:
    """`.NAME.XXXXXXXX.tmp`, where NAME is a cache file's name."""
    inside = name.startswith(".") and name.endswith(TEMPORARY_SUFFIX)
    return inside and (f"{SUFFIX}." in name or f"{SEARCH_SUFFIX}." in name)


def entries() -> Iterator[Entry]:
    """Every compiled pack and search file in the cache directory, each with the pack it belongs to."""
    directory = cache_dir()
    for name in _names(directory):
        if _is_cache_name(name):
            entry = _entry(directory / name)
            if entry is not None:
                yield entry


def _entry(path: Path) -> Entry | None:  # noqa: PLR0911 (one return per kind of entry)
    """One file's entry, or None when it vanished meanwhile (another process cleared the cache)."""
    kind = "search" if path.suffix == SEARCH_SUFFIX else "pack"
    try:
        mode = os.lstat(path).st_mode
        if stat.S_ISDIR(mode):
            return Entry(path, 0, "", None, kind, "a directory, not a cache file")
        if stat.S_ISLNK(mode) and not path.exists():
            return Entry(path, 0, "", None, kind, "a link to nothing")
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):
            return Entry(path, 0, "", None, kind, "not a regular file (a FIFO, socket or device)")
        with open_regular(path) as stream:
            header = BlobReader(stream, SEARCH_MAGIC if kind == "search" else MAGIC).header
    except FileNotFoundError:
        return None
    except OSError as error:
        return Entry(path, 0, "", None, kind, f"cannot read: {error.strerror or error}")
    except UNUSABLE:
        return Entry(path, status.st_size, "", None, kind)
    try:
        version = header["pack"][0] if kind == "search" else header.get("key")
        if version != _version_key():
            raise CacheMiss("written by another version")
        pack_dir = Path(header["directory"])
    except UNUSABLE:
        return Entry(path, status.st_size, "", None, kind)
    fresh = _is_fresh(pack_dir, header["pack"] if kind == "search" else None)
    return Entry(path, status.st_size, str(pack_dir), fresh, kind)


def _is_fresh(pack_dir: Path, search_identity: Any) -> bool:
    """The pack's cache is fresh (and, for a search file, it was built from that very cache)."""
    try:
        compiled = _open_cached(cache_file(pack_dir), pack_dir, _pack_files(pack_dir))
    except (OSError, LeadercliError, *UNUSABLE):  # the pack is gone, or no longer readable as a pack
        return False
    compiled.close()
    return search_identity is None or search_identity == [compiled.header["key"], compiled.header["files"]]


def temporaries(directory: Path | None = None) -> list[Temporary]:
    """The temporary files of cache writes in the cache directory."""
    directory = cache_dir() if directory is None else directory
    found = []
    now = time.time()
    for name in _names(directory):
        if _is_temporary_name(name):
            try:
                status = os.lstat(directory / name)
            except OSError:
                continue
            found.append(Temporary(directory / name, status.st_size, status.st_mtime < now - STALE_AFTER))
    return found


def sweep(directory: Path) -> tuple[int, list[tuple[Path, str]]]:
    """Remove the stale temporaries (done by every compile that writes, and by `cache clear`)."""
    removed, problems = 0, []
    for temporary in temporaries(directory):
        if temporary.stale:
            outcome = _remove(temporary.path)
            removed += outcome is None
            if outcome:
                problems.append((temporary.path, outcome))
    return removed, problems


def _remove(path: Path) -> str | None:
    """None when removed; "" when it was already gone; else why it could not be."""
    try:
        if stat.S_ISDIR(os.lstat(path).st_mode):
            return "a directory, not a cache file: left alone"
        path.unlink()  # a link is removed, never what it points to
    except FileNotFoundError:
        return ""
    except OSError as error:
        return f"cannot remove: {error.strerror or error}"
    return None


def clear() -> Cleared:
    """Delete every cache file and stale temporary; only names this module writes are touched."""
    directory = cache_dir()
    if problem := _unlisted(directory):
        return Cleared(0, 0, [(directory, problem)])
    removed, problems = 0, []
    for name in _names(directory):
        if _is_cache_name(name):
            outcome = _remove(directory / name)
            removed += outcome is None
            if outcome:
                problems.append((directory / name, outcome))
    swept, failed = sweep(directory)
    return Cleared(removed, swept, problems + failed)
