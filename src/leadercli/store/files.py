"""Writing files so that nothing is ever half-written and nothing existing is lost by accident.

What a user writes to share (an export, a calendar, a pack) gets the permissions of any file they
create: the kernel applies their umask (0644 and 0755 under umask 022). Only leadercli's own cache is
private (0600 in a 0700 directory), since it records which packs a user reads.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import stat
from collections.abc import Mapping, Sequence
from pathlib import Path

from leadercli.errors import LeadercliError
from leadercli.process import signals_held, terminable

SHARED_FILE = 0o666
SHARED_DIRECTORY = 0o777
"""Modes asked of the kernel for what a user shares; the umask takes away what they keep to themselves."""
PRIVATE_FILE = 0o600
PRIVATE_DIRECTORY = 0o700
_ATTEMPTS = 100
TEMPORARY_SUFFIX = ".tmp"
"""Every temporary ends so (`.NAME.XXXX.tmp`): what housekeeping recognises as one left behind."""


def refuse_existing(path: Path, *, overwrite: bool = False, cache: bool = False) -> None:
    """Refuse to replace what is at `path` without `overwrite`, and a directory always; called before the
    work when the work is long (`eval`). A link counts as there even when what it points to is not: the
    rename would replace the link. A device, FIFO or socket is refused too, but at a `cache` file's own
    path, where it can only be debris, and is replaced."""
    try:
        found: int | None = path.stat().st_mode
    except OSError:
        found = None  # nothing there (or a dangling link): the rename makes the file
    # What --force cannot replace is said first: "use --force" would only lead to this refusal.
    if found is not None and stat.S_ISDIR(found):
        raise LeadercliError(f"{path} is a directory")
    if found is not None and not stat.S_ISREG(found) and not cache:
        # The rename would put a file where a device or FIFO was (as root, /dev/null itself): refused.
        raise LeadercliError(f"{path} is not a regular file (a device, FIFO or socket): write to a file")
    if os.path.lexists(path) and not overwrite:
        if found is None:
            raise LeadercliError(
                f"{path} already exists as a symbolic link (use --force to replace the link)"
            )
        raise LeadercliError(f"{path} already exists (use --force to replace it)")


def write_atomic(
    path: Path, data: str | bytes | Sequence[bytes], *, overwrite: bool = False, private: bool = False
) -> None:
    """Write to a temporary file beside `path`, then rename it into place.

    An interrupted write leaves the old file (or none), never a truncated one; without `overwrite`,
    an existing file is refused rather than replaced. A new file gets the user's umask (0644 under
    022) and a replaced one keeps its mode; `private` (the cache) makes it 0600 whatever the umask.
    `data` may be a list of byte chunks, written one after the other (a large cache file is never
    joined into one copy in memory).
    """
    refuse_existing(path, overwrite=overwrite, cache=private)
    # surrogateescape: a name from an undecodable path (PEP 383) is written back as the bytes it came from.
    chunks = [data.encode("utf-8", "surrogateescape")] if isinstance(data, str) else data
    chunks = [chunks] if isinstance(chunks, bytes) else chunks
    directory = path.parent if str(path.parent) else Path()
    temporary: Path | None = None
    with terminable():  # SIGTERM and SIGHUP, like Ctrl-C, end in the cleanup below
        try:
            if not directory.is_dir():
                mode = PRIVATE_DIRECTORY if private else SHARED_DIRECTORY
                directory.mkdir(mode, parents=True, exist_ok=True)
            kept = None if private else _mode_of(path)
            with signals_held():  # no interruption between creating the temporary and knowing its name
                handle, temporary = _create(
                    directory, f".{path.name}.", TEMPORARY_SUFFIX, PRIVATE_FILE if private else SHARED_FILE
                )
            if kept is not None and hasattr(os, "fchmod"):
                os.fchmod(handle, kept)
            with os.fdopen(handle, "wb") as stream:
                for chunk in chunks:
                    stream.write(chunk)
                stream.flush()
                os.fsync(stream.fileno())
            temporary.replace(path)
        except BaseException as error:
            if temporary is not None:
                with signals_held(), contextlib.suppress(OSError):
                    temporary.unlink()
            if isinstance(error, OSError):
                raise LeadercliError(f"cannot write {path}: {error.strerror or error}") from None
            raise


def _mode_of(path: Path) -> int | None:
    """The permission bits of the file `path` replaces (kept, as an editor keeps them), or None."""
    try:
        return stat.S_IMODE(path.stat().st_mode) & 0o777
    except OSError:
        return None


def _create(directory: Path, prefix: str, suffix: str, mode: int) -> tuple[int, Path]:
    """A new file with a unique name, opened for writing with `mode` (less the umask).

    tempfile.mkstemp would do, except that it always makes 0600: a shared document would stay private.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(_ATTEMPTS):
        candidate = directory / f"{prefix}{os.urandom(6).hex()}{suffix}"
        try:
            return os.open(candidate, flags, mode), candidate
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name in {directory}")


def _make_directory(parent: Path, prefix: str) -> Path:
    """A new, uniquely named directory with the user's umask (tempfile.mkdtemp would make it 0700)."""
    for _ in range(_ATTEMPTS):
        candidate = parent / f"{prefix}{os.urandom(6).hex()}"
        try:
            candidate.mkdir(SHARED_DIRECTORY)
        except FileExistsError:
            continue
        return candidate
    raise FileExistsError(f"no free temporary name in {parent}")


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
    existing = [name for name in files if os.path.lexists(directory / name)]
    if existing and not overwrite:
        names = " and ".join(existing)
        raise LeadercliError(f"{directory} already holds a pack ({names}); use --force to replace it")
    if os.path.lexists(directory) and not directory.is_dir():
        raise LeadercliError(f"{directory} exists and is not a directory")
    parent = directory.parent if str(directory.parent) else Path()
    staging: Path | None = None
    with terminable():  # SIGTERM and SIGHUP, like Ctrl-C, end in the cleanup below
        try:
            parent.mkdir(parents=True, exist_ok=True)
            with signals_held():  # no interruption between creating the staging directory and knowing it
                staging = _make_directory(parent, f".{directory.name}.leadercli-")
            for name, content in files.items():
                if content is not None:
                    _write_synced(staging / name, content)
                    kept = _mode_of(directory / name)
                    if kept is not None:  # a replaced file keeps its mode, as in write_atomic
                        (staging / name).chmod(kept)
            if not directory.exists():
                staging.rename(directory)
                return
            _swap_files(directory, staging, files)
        except OSError as error:
            raise LeadercliError(f"cannot write {directory}: {error.strerror or error}") from None
        finally:
            if staging is not None and staging.exists():
                with signals_held():
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
