"""A file of marshalled blobs, each checked by a CRC and read only when asked for.

Layout: MAGIC, the blobs, then the header (a dict holding the blobs' places) and its length, so the
header is written last, when every offset in it is known. Big mappings are cut into hash buckets of a
few dozen keys, one blob each, and read back through a LazyMap: a 100,000-entry pack's `ask` reads
only the buckets of the few keys it needs. Anything unreadable raises BlobError, which callers treat
as "rebuild".
"""

from __future__ import annotations

import marshal
import os
import struct
import zlib
from collections.abc import Callable, Iterator, Mapping
from typing import IO, Any

Where = tuple[int, int, int]
"""A blob's place: offset, length and CRC-32."""

_LENGTH = struct.Struct("<Q")
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

    def finish(self, header: dict[str, Any]) -> bytes:
        encoded = marshal.dumps(header)
        return b"".join([*self._chunks, encoded, _LENGTH.pack(len(encoded))])


class BlobReader:
    """Reads the header and, on demand, single blobs of one open file."""

    def __init__(self, stream: IO[bytes], magic: bytes) -> None:
        self.stream: IO[bytes] | None = stream
        try:
            self.header = _read_header(stream, magic)
        except BaseException:
            stream.close()  # the reader owns the stream from the start: nothing leaks on a bad file
            raise

    def read(self, where: Where) -> Any:
        if self.stream is None:
            raise BlobError("no file open")
        offset, length, checksum = where
        self.stream.seek(offset)
        data = self.stream.read(length)
        if len(data) != length or zlib.crc32(data) != checksum:
            raise BlobError("a blob is truncated or corrupt")
        return marshal.loads(data)

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()
            self.stream = None


def _read_header(stream: IO[bytes], magic: bytes) -> dict[str, Any]:
    if stream.read(len(magic)) != magic:
        raise BlobError("not a file of this kind")
    end = stream.seek(0, os.SEEK_END)
    if end < len(magic) + _LENGTH.size:
        raise BlobError("truncated")
    stream.seek(end - _LENGTH.size)
    (length,) = _LENGTH.unpack(stream.read(_LENGTH.size))
    if length > end - len(magic) - _LENGTH.size:
        raise BlobError("truncated")
    stream.seek(end - _LENGTH.size - length)
    data = stream.read(length)
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
