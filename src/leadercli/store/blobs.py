"""A file of marshalled blobs, each checked by a CRC and read only when asked for.

Layout: MAGIC, the blobs, then the header (a dict holding the blobs' places), its length and its
CRC-32, so the header is written last, when every offset in it is known. Nothing read from the file is
believed before its checksum passes, and no length is used before it is checked against the file's
size: one flipped bit means a rebuild, never a wrong answer, a crash or a huge allocation. Big
mappings are cut into hash buckets of a few dozen keys, one blob each, and read back through a
LazyMap: a 100,000-entry pack's `ask` reads only the buckets of the few keys it needs. Anything
unreadable raises BlobError, which callers treat as "rebuild".
"""

from __future__ import annotations

import marshal
import os
import stat
import struct
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import IO, Any

Where = tuple[int, int, int]
"""A blob's place: offset, length and CRC-32."""

_TRAILER = struct.Struct("<QI")
"""The header's length and CRC-32, the file's last 12 bytes."""
BUCKET_KEYS = 64
"""Keys per bucket of a lazy map: small enough that a read is tiny, few enough buckets to index cheaply."""


class BlobError(Exception):
    """The file cannot be used (not ours, truncated, corrupt): the caller rebuilds it."""


class BlobWriter:
    """Collects blobs in memory; `finish(header)` returns the whole file's bytes."""

    def __init__(self, magic: bytes) -> None:
        self._chunks = [magic]
        self._position = len(magic)

    def add(self, value: Any) -> Where:
        data = marshal.dumps(value)
        self._chunks.append(data)
        where = (self._position, len(data), zlib.crc32(data))
        self._position += len(data)
        return where

    def add_buckets(self, mapping: Mapping[str, Any]) -> list[Where]:
        """A mapping as hash buckets, one blob each, for a LazyMap to read back."""
        return [self.add(bucket) for bucket in _buckets(mapping)]

    def finish(self, header: dict[str, Any]) -> list[bytes]:
        """The whole file, as the chunks to write one after the other (never joined: a big cache
        would need twice its size in memory)."""
        encoded = marshal.dumps(header)
        return [*self._chunks, encoded, _TRAILER.pack(len(encoded), zlib.crc32(encoded))]


class BlobReader:
    """Reads the header and, on demand, single blobs of one open file."""

    def __init__(self, stream: IO[bytes], magic: bytes) -> None:
        self.stream: IO[bytes] | None = stream
        try:
            self.size = stream.seek(0, os.SEEK_END)
            self.header = _read_header(stream, magic, self.size)
        except BaseException:
            stream.close()  # the reader owns the stream from the start: nothing leaks on a bad file
            raise

    def read(self, where: Where) -> Any:
        if self.stream is None:
            raise BlobError("no file open")
        try:
            offset, length, checksum = where
        except (TypeError, ValueError):
            raise BlobError("a blob's place is corrupt") from None
        if not all(type(value) is int for value in where) or not (
            length >= 0 and 0 <= offset <= self.size - length
        ):
            raise BlobError("a blob lies outside the file")  # checked before anything is allocated
        self.stream.seek(offset)
        data = self.stream.read(length)
        if len(data) != length or zlib.crc32(data) != checksum:
            raise BlobError("a blob is truncated or corrupt")
        try:
            return marshal.loads(data)
        except (EOFError, ValueError, TypeError) as error:
            raise BlobError(f"a blob is corrupt: {error}") from None

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None


def open_regular(path: Path) -> IO[bytes]:
    """`path` opened for reading if it is a regular file; without blocking, so a FIFO left at a cache
    file's path is refused (BlobError) rather than waited on for ever."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise BlobError("not a regular file")
        os.set_blocking(descriptor, True)
        return os.fdopen(descriptor, "rb")
    except BaseException:
        os.close(descriptor)
        raise


def _read_header(stream: IO[bytes], magic: bytes, end: int) -> dict[str, Any]:
    stream.seek(0)
    if stream.read(len(magic)) != magic:
        raise BlobError("not a file of this kind")
    if end < len(magic) + _TRAILER.size:
        raise BlobError("truncated")
    stream.seek(end - _TRAILER.size)
    length, checksum = _TRAILER.unpack(stream.read(_TRAILER.size))
    if length > end - len(magic) - _TRAILER.size:
        raise BlobError("truncated")
    stream.seek(end - _TRAILER.size - length)
    data = stream.read(length)
    if len(data) != length or zlib.crc32(data) != checksum:
        raise BlobError("the header is truncated or corrupt")
    try:
        header = marshal.loads(data)
    except (EOFError, ValueError, TypeError) as error:
        raise BlobError(f"corrupt header: {error}") from None
    if not isinstance(header, dict):
        raise BlobError("corrupt header")
    return header


def bucket_of(key: str, count: int) -> int:
    """A stable bucket number (Python's own hash of a str changes from run to run)."""
    return zlib.crc32(key.encode("utf-8", "surrogatepass")) % count


def _buckets(mapping: Mapping[str, Any]) -> list[dict[str, Any]]:
    count = max(1, len(mapping) // BUCKET_KEYS)
    buckets: list[dict[str, Any]] = [{} for _ in range(count)]
    for key, value in mapping.items():
        buckets[bucket_of(key, count)][key] = value
    return buckets


class LazyMap(Mapping[str, Any]):
    """A dict stored as buckets, read one bucket at a time, only for the keys asked."""

    def __init__(self, read: Callable[[Where], Any], buckets: list[Where]) -> None:
        self._read = read
        self._wheres = buckets
        self._loaded: dict[int, dict[str, Any]] = {}

    def _bucket(self, key: str) -> dict[str, Any]:
        return self._bucket_for(bucket_of(key, len(self._wheres)))

    def __getitem__(self, key: str) -> Any:
        return self._bucket(key)[key]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._bucket(key)

    def __iter__(self) -> Iterator[str]:  # whole-map access: correct, and slow by design
        for number in range(len(self._wheres)):
            yield from self._bucket_for(number)

    def __len__(self) -> int:
        return sum(len(self._bucket_for(number)) for number in range(len(self._wheres)))

    def _bucket_for(self, number: int) -> dict[str, Any]:
        if number not in self._loaded:
            self._loaded[number] = self._read(self._wheres[number])
        return self._loaded[number]
