"""One flipped bit anywhere in a cache file's header means a rebuild: never a wrong answer, never a
crash, never a huge allocation or a long wait (the header carries a CRC-32, every read is bounded by
the file's size and happens inside the path that falls back to a rebuild)."""

from __future__ import annotations

import io
import resource
import struct
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadercli.store import compiled as cache
from leadercli.store.blobs import BlobError, BlobReader, BlobWriter
from tests.conftest import run_json

PackMaker = Callable[..., Path]
TRAILER = struct.Struct("<QI")
SECONDS = 5.0
PEAK_BYTES = 64 * 1024 * 1024
"""What one case may cost at most: a rebuild of a two-entry pack takes milliseconds and a few MB."""


def header_span(data: bytes) -> range:
    """The offsets of the header and its trailer (length and CRC), the file's last bytes."""
    length, _ = TRAILER.unpack(data[-TRAILER.size :])
    return range(len(data) - TRAILER.size - length, len(data))


def flip(data: bytes, offset: int, bit: int) -> bytes:
    return data[:offset] + bytes([data[offset] ^ (1 << bit)]) + data[offset + 1 :]


def answers_right(directory: Path) -> None:
    """Every kind of read the commands make: the header's own fields, the matcher, one record, all."""
    about = run_json("about", "--pack", str(directory))
    assert (about["title"], about["source"]) == ("Mini pack", "A test article")
    match = run_json("ask", "what is the price", "--pack", str(directory))["match"]
    assert (match["id"], match["answer"]) == ("pricing", "It costs ten dollars a month.")
    assert run_json("show", "refunds", "--pack", str(directory))["id"] == "refunds"
    assert run_json("faq", "--pack", str(directory))["count"] == 2


def bounded(check: Callable[[], Any]) -> None:
    """`check()` within the time bound, and without raising the process's peak memory by more than
    PEAK_BYTES (the peak resident size only grows, so a huge allocation shows however brief)."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    started = time.monotonic()
    check()
    assert time.monotonic() - started < SECONDS
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before < PEAK_BYTES


@pytest.fixture
def good(make_pack: PackMaker) -> tuple[Path, bytes]:
    """A pack and the bytes of its intact cache file."""
    directory = make_pack()
    cache.open_pack(directory).close()
    return directory, cache.cache_file(directory).read_bytes()


@settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(where=st.data())
def test_any_flipped_header_bit_is_rebuilt(good: tuple[Path, bytes], where: st.DataObject) -> None:
    directory, data = good
    offset = where.draw(st.sampled_from(header_span(data)), label="offset")
    bit = where.draw(st.integers(0, 7), label="bit")
    cache.cache_file(directory).write_bytes(flip(data, offset, bit))
    bounded(lambda: answers_right(directory))


@pytest.fixture
def both(make_pack: PackMaker) -> tuple[Path, dict[Path, bytes]]:
    """A pack, and the intact bytes of its cache and search files."""
    directory = make_pack()
    run_json("search", "price", "--pack", str(directory))
    files = [cache.cache_file(directory), cache.search_file(directory)]
    return directory, {path: path.read_bytes() for path in files}


@settings(
    max_examples=40, deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(where=st.data())
def test_any_flipped_bit_of_either_file_is_rebuilt(
    both: tuple[Path, dict[Path, bytes]], where: st.DataObject
) -> None:
    """Anywhere in the compiled pack or its search file, blobs read long after opening included (a
    search's postings): every command answers right."""
    directory, files = both
    damaged = where.draw(st.sampled_from(sorted(files)), label="file")
    offset = where.draw(st.integers(0, len(files[damaged]) - 1), label="offset")
    bit = where.draw(st.integers(0, 7), label="bit")
    for path, intact in files.items():
        path.write_bytes(flip(intact, offset, bit) if path == damaged else intact)
    bounded(lambda: answers_right(directory))
    assert run_json("search", "price", "--pack", str(directory))["results"][0]["id"] == "pricing"


def test_every_header_byte_flipped_is_rebuilt(good: tuple[Path, bytes]) -> None:
    """Every byte of the header and trailer, one bit each (a different bit from byte to byte): the
    pack still opens right, straight from the library."""
    directory, data = good
    for offset in header_span(data):
        cache.cache_file(directory).write_bytes(flip(data, offset, offset % 8))
        bounded(lambda: opens_right(directory))


def opens_right(directory: Path) -> None:
    compiled = cache.open_pack(directory)
    try:
        assert compiled.pack().title == "Mini pack" and compiled.settings
        found = compiled.find("pricing")
        assert found is not None and compiled.header["source"] == "A test article"
        assert compiled.matcher().rank("what is the price", 1)[0].id == "pricing"
    finally:
        compiled.close()


def test_a_blob_place_outside_the_file_is_refused_before_reading() -> None:
    """A header (believed, say, from an older format) naming a huge blob: refused, nothing allocated."""
    writer = BlobWriter(b"magic\n")
    where = writer.add({"key": "value"})
    reader = BlobReader(io.BytesIO(b"".join(writer.finish({"blob": where}))), b"magic\n")
    assert reader.read(where) == {"key": "value"}
    for bad in [
        (where[0], 1 << 40, where[2]),
        (-1, where[1], where[2]),
        (where[0], -1, 0),
        ("x", 1, 2),
        (1,),
    ]:
        with pytest.raises(BlobError):
            reader.read(bad)  # type: ignore[arg-type]


def test_an_old_format_trailer_is_a_miss(good: tuple[Path, bytes]) -> None:
    """The previous layout ended with the header length alone: such a file fails the CRC and is rebuilt."""
    directory, data = good
    length, _ = TRAILER.unpack(data[-TRAILER.size :])
    cache.cache_file(directory).write_bytes(data[: -TRAILER.size] + struct.pack("<Q", length))
    bounded(lambda: answers_right(directory))
