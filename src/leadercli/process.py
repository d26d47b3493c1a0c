"""What leadercli assumes of its process, made true: signals, the standard streams and their encoding.

Started from cron, systemd, a GUI launcher or a dying terminal, leadercli may get a closed descriptor,
stdout on a full disk, an ASCII locale, or SIGTERM/SIGHUP instead of Ctrl-C. Each ends in a documented
exit code (74 for output that cannot be written, 128+n for a signal), never in a traceback, a crash on
its own "·" or a temporary file left behind.
"""

from __future__ import annotations

import codecs
import contextlib
import errno
import io
import os
import signal
import sys
from collections.abc import Iterator
from typing import Any

from leadercli.errors import OutputError, Terminated

TERMINATING = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))
"""Signals that end leadercli the way Ctrl-C does: the temporary being written removed, exit 128+n."""

FALLBACK = "leadercli-ascii"
"""The encode error handler for a stream that cannot take Unicode (an ASCII or Latin-1 locale)."""

_NEAREST = str.maketrans(
    {
        "\u00b7": "-", "\u2022": "*", "\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
        "\u2013": "-", "\u2014": "-", "\u2026": "...", "\u00a0": " ", "\u2192": "->", "\u00d7": "x",
        "\u2588": "#", "\u2592": "+", "\u2591": ".", "\u2500": "-", "\u2502": "|",
    }
)  # fmt: skip
"""leadercli's own non-ASCII characters (and the commonest in packs) as the nearest ASCII."""


def prepare() -> None:
    """For the command line's entry point only: it changes process-wide state, which a library must not."""
    _fill_closed_descriptors()
    sys.stdin = sys.stdin or open(0, encoding=None, errors="surrogateescape", closefd=False)  # noqa: SIM115
    sys.stdout = _guarded(sys.stdout, 1, quiet=False)
    sys.stderr = _guarded(sys.stderr, 2, quiet=True)
    for number in TERMINATING:
        if signal.getsignal(number) == signal.SIG_DFL:  # SIG_IGN stays: `nohup leadercli ...` means it
            signal.signal(number, _terminate)


def configure_encoding(stdin: Any, stdout: Any, stderr: Any) -> None:
    """Undecodable bytes (PEP 383 surrogates) are read back as such; what an output's encoding cannot
    take becomes the nearest ASCII (an ASCII locale), or an escape on a UTF-8 stream, never a crash."""
    codecs.register_error(FALLBACK, _nearest_ascii)
    _reconfigure(stdin, "surrogateescape", only_if_strict=True)
    for output in (stdout, stderr):
        if not takes_unicode(output):
            _reconfigure(output, FALLBACK, only_if_strict=False)
        elif output is stdout:
            _reconfigure(output, "backslashreplace", only_if_strict=True)


def _reconfigure(stream: Any, errors: str, *, only_if_strict: bool) -> None:
    reconfigure = getattr(stream, "reconfigure", None)
    if reconfigure is None or (only_if_strict and getattr(stream, "errors", None) != "strict"):
        return
    with contextlib.suppress(ValueError, OSError):
        reconfigure(errors=errors)


def takes_unicode(stream: Any) -> bool:
    """Whether `stream` encodes every character (UTF-8 or UTF-16/32), so nothing needs replacing."""
    try:
        name = codecs.lookup(getattr(stream, "encoding", None) or "utf-8").name
    except LookupError:
        return False
    return name.startswith("utf")


def ascii_json(document: str) -> str:
    """JSON text with every non-ASCII character as a \\u escape (surrogate pairs above U+FFFF): the same
    document for a parser, and bytes any locale can carry. Outside strings JSON is ASCII already."""
    if document.isascii():
        return document
    import re

    return re.sub(r"[^\x00-\x7f]", lambda found: _json_escape(ord(found.group())), document)


def _json_escape(code: int) -> str:
    if code < 0x10000:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def _nearest_ascii(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    return "".join(_one_ascii(char) for char in error.object[error.start : error.end]), error.end


def _one_ascii(char: str) -> str:
    code = ord(char)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte (PEP 383): its escape, as safetext.visible shows it
        return f"\\x{code - 0xDC00:02x}"
    nearest = char.translate(_NEAREST)
    if nearest != char:
        return nearest
    import unicodedata  # only when a character needs it

    bare = unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode("ascii")  # é -> e
    return bare if bare.isprintable() and bare else "?"


# --- signals --------------------------------------------------------------------------------------------


def _terminate(number: int, frame: object) -> None:
    raise Terminated(number)


@contextlib.contextmanager
def terminable() -> Iterator[None]:
    """SIGTERM and SIGHUP raise `Terminated` inside, as Ctrl-C raises KeyboardInterrupt, so a `finally`
    can remove a temporary file; for a library caller too (the command line sets this up at start)."""
    installed = []
    for number in TERMINATING:
        with contextlib.suppress(ValueError):  # ValueError: not the main thread, where only it may
            if signal.getsignal(number) == signal.SIG_DFL:
                signal.signal(number, _terminate)
                installed.append(number)
    try:
        yield
    finally:
        for number in installed:
            signal.signal(number, signal.SIG_DFL)


@contextlib.contextmanager
def signals_held() -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP wait until the end of the block: a temporary file's name is known to
    the code that removes it before an interruption can come. Nothing held where the OS cannot."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = {signal.SIGINT, *TERMINATING}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


# --- standard streams -----------------------------------------------------------------------------------


def _fill_closed_descriptors() -> None:
    """A descriptor 0, 1 or 2 closed at start is opened on /dev/null, so that no file leadercli opens
    later takes its number (a cache file as fd 1 would receive a pager's output)."""
    for descriptor in (0, 1, 2):
        try:
            os.fstat(descriptor)
        except OSError:
            opened = os.open(os.devnull, os.O_RDWR)
            if opened != descriptor:
                os.dup2(opened, descriptor)
                os.close(opened)


def _guarded(stream: Any, descriptor: int, *, quiet: bool) -> Any:
    """The stream, writing through `_Guarded`; a closed one (None) becomes one whose writes fail."""
    if stream is not None:
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    closed = stream is None
    raw = _Guarded(descriptor, "stderr" if quiet else "stdout", closed=closed, quiet=quiet)
    return io.TextIOWrapper(
        io.BufferedWriter(raw),
        encoding=getattr(stream, "encoding", None) or "utf-8",
        errors=getattr(stream, "errors", None) or "strict",
        line_buffering=bool(getattr(stream, "line_buffering", False)) or quiet,
        write_through=quiet,
    )


class _Guarded(io.RawIOBase):
    """A standard stream's descriptor whose write errors are leadercli's to report.

    stdout: a failed write raises OutputError (exit 74, one line), once; a closed pipe (EPIPE) stays
    Click's quiet exit 1. stderr: a failed write is dropped, so an error keeps its own exit code. After
    a failure the stream is a sink, so nothing is reported twice and the exit flush cannot fail.
    """

    def __init__(self, descriptor: int, name: str, *, closed: bool, quiet: bool) -> None:
        super().__init__()
        self._descriptor, self._name, self._closed, self._quiet = descriptor, name, closed, quiet
        self._failed = False

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        if self._closed:
            raise io.UnsupportedOperation(f"{self._name} is closed")
        return self._descriptor

    def isatty(self) -> bool:
        return not self._closed and os.isatty(self._descriptor)

    def write(self, data: Any) -> int | None:
        size = len(memoryview(data))
        if self._failed:
            return size
        try:
            if self._closed:
                raise OSError(errno.EBADF, "it was closed before leadercli started")
            return os.write(self._descriptor, data)
        except BlockingIOError:
            return None  # as io.FileIO says "try again" on a non-blocking descriptor
        except OSError as error:
            self._failed = True
            if self._quiet:
                return size
            if isinstance(error, BrokenPipeError):
                raise  # the reader left (`| head`): Click's quiet exit 1, as documented
            why = "it was closed before leadercli started" if self._closed else error.strerror or error
            raise OutputError(f"cannot write to standard output: {why}") from None
