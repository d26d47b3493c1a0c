"""The compiled pack cache: parse the YAML and build the matcher once, then answer from a file that
loads in milliseconds.

One cache file per pack directory, in the user cache directory (`LEADERCLI_CACHE_DIR` overrides). It
is keyed by the pack files' identity: size, mtime and ctime (the kernel sets ctime on every change,
so an edit cannot keep it), backed by a content hash when those differ, so a stale pack is never
served. Identity and hash are taken before the pack is read and again after the build: a pack edited
while it compiles is answered from but not cached, so the cache always describes the bytes compiled.
A file holds a small header, the matcher state, and every record stored separately so that `ask` on
a 100,000-entry pack reads only the few records it shows. Files are written atomically; anything
unreadable (corrupt, truncated, another version, not a regular file) is rebuilt silently, and a cache
directory that cannot be written means running without a cache, never an error.
"""

from __future__ import annotations

import contextlib
import marshal
import os
import sys
import zlib
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from leadercli import __version__
from leadercli.errors import LeadercliError
from leadercli.packs.pack import Pack, Settings, is_documents
from leadercli.packs.sections import FAQ_FILE, PLAYBOOK_FILE, SECTIONS, Record
from leadercli.store.blobs import BlobError, BlobReader, BlobWriter, LazyMap, Where, open_regular

if TYPE_CHECKING:
    from leadercli.matching import Matcher
    from leadercli.search import SearchIndex

CACHE_ENV = "LEADERCLI_CACHE_DIR"
FORMAT = 14  # raised whenever a reader reads a document differently: its cached records are stale
"""Bump when the cache's layout or what a pack's records are made of changes.

History (14: Jupyter notebooks, POD and MediaWiki pages are read as what they show, alias headings stacked
over one body are one section, a repeated part's own sub-sections are sections, a page's Previous / Next
footer is left out, a `.txt` in Markdown is Markdown, a folder's installed dependencies are not read, and
Chinese and Japanese text is read as pairs of characters; 13: the readers of the third day, mdoc and the
rest; 12: AsciiDoc is read as Markdown, a FAQ entry carries the ids a document's attribute lists give it
(`## Title { #id }`), Markdown reads MkDocs' admonitions, content tabs and footnotes, reference labels
over two lines and inline marker comments, and a reStructuredText document's answers escape its words for
Markdown, keep Sphinx code tabs as code, show a `:ref:` as the title of its section and end a bare
`versionadded` with a full stop; 11: an HTML page is read by its headings, no longer as text; 10: words
that end in "s" but are not plurals, "news" and "windows" among them, are no longer stemmed; 9: a
document's text before its first heading is its introduction, raw HTML in it is read as text, HTML
headings are headings, a section carries the reference links it uses, and a document pack's source is its
name; 8: the search file lists compounds, search.COMPOUND, and documents lose a table-of-contents marker,
a folder title's own context and front matter without text; 7: the header carries a CRC-32; 6: repeated
sub-headings of a document fold into the section above)."""
MAGIC = b"leadercli-cache\n"
SUFFIX = ".pack-cache"
SEARCH_SUFFIX = ".search-cache"
"""The search index of a pack, in a file of its own beside its cache: built on the first `search`, so
that compiling a pack for `ask` never pays for it (100,000 entries: ~7 s)."""
SEARCH_MAGIC = b"leadercli-search\n"
RACY_NS = 2_000_000_000
"""A pack file changed less than this before the build ended may change again within the same clock
tick of its timestamps (1 ns to 2 s, by file system): its cache entry is then checked by content hash."""

Progress = Callable[[str, float], None]
"""Told what the build is doing and how far along it is (0 to 1), to draw a progress bar."""


class CacheMiss(BlobError):
    """The cache file cannot be used (absent, stale, corrupt, another version): rebuild."""


UNUSABLE = (BlobError, ValueError, LookupError, TypeError, AttributeError, EOFError)
"""What reading a cache file may raise: every read is inside a handler that rebuilds from the pack."""
_warned: list[str] = []


def cache_dir() -> Path:
    """LEADERCLI_CACHE_DIR, else the user's cache folder. On Linux and the BSDs that is the XDG rule
    ($XDG_CACHE_HOME, else ~/.cache), read here exactly as platformdirs reads it: importing platformdirs
    costs ~4 ms of a run's ~80. Elsewhere (macOS, Windows, Android) platformdirs knows the conventions."""
    override = os.environ.get(CACHE_ENV, "").strip()
    if override:
        return Path(override)
    if os.name == "posix" and sys.platform != "darwin" and not hasattr(sys, "getandroidapilevel"):
        base = os.environ.get("XDG_CACHE_HOME", "")
        return (Path(base) if base.strip() else Path("~/.cache").expanduser()) / "leadercli"
    import platformdirs

    return Path(platformdirs.user_cache_dir("leadercli", appauthor=False))


def cache_file(pack_dir: Path) -> Path:
    """The cache file of one pack directory, named by a checksum of its absolute path.

    zlib rather than hashlib keeps ~4 ms of imports off every run; a collision is harmless, because
    the header names the directory it was built from and a mismatch is a miss.
    """
    raw = str(pack_dir.resolve()).encode("utf-8", "surrogateescape")
    return cache_dir() / f"{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}{SUFFIX}"


class CompiledPack:
    """A pack as the commands use it: metadata at once, the matcher and records only when asked."""

    def __init__(
        self,
        directory: Path,
        header: dict[str, Any],
        blobs: BlobReader | None = None,
        pack: Pack | None = None,
        matcher: Matcher | None = None,
        *,
        cached: bool = True,
    ) -> None:
        self.directory = directory
        self.header = header
        self._blobs = blobs
        self._pack = pack
        self._matcher = matcher
        self._records: Mapping[str, tuple[Any, ...]] | None = None
        self._search: BlobReader | None = None
        self.cached = cached  # written to (or read from) the cache directory, so a search file may be too

    @property
    def settings(self) -> Settings:
        return Settings(*self.header["settings"])

    def matcher(self) -> Matcher:
        if self._matcher is None:
            from leadercli.matching import Matcher

            try:
                state = self._read(self.header["matcher"])
                for key, buckets in self.header["lazy"].items():
                    state[key] = LazyMap(self._read, buckets)
                self._matcher = Matcher.from_state(state)
            except UNUSABLE:
                self._rebuild()
        assert self._matcher is not None
        return self._matcher

    def find(self, record_id: str) -> Record | None:
        """One record, read from the cache file on its own (or from the loaded pack)."""
        if self._pack is not None:
            return self._pack.find(record_id)
        try:
            if self._records is None:
                self._records = LazyMap(self._read, self.header["records"])
            stored = self._records.get(record_id)
            return None if stored is None else _record(stored)
        except UNUSABLE:
            return self._rebuild().find(record_id)

    def pack(self) -> Pack:
        """Every record, typed: what the browsing commands need."""
        if self._pack is None:
            meta = self.header
            try:
                stored = LazyMap(self._read, meta["records"])
                records = [_record(stored[record_id]) for record_id in self._read(meta["order"])]
            except UNUSABLE:
                return self._rebuild()
            sections: dict[str, list[Record]] = {name: [] for name in SECTIONS}
            for item in records:
                sections[item.section].append(item)
            self._pack = Pack(
                directory=self.directory,
                title=meta["title"],
                source=meta["source"],
                settings=self.settings,
                sections={name: tuple(items) for name, items in sections.items()},
                has_playbook=meta["has_playbook"],
            )
        return self._pack

    def search_index(self) -> SearchIndex:
        """The pack's search postings: from its search file when that matches this pack, else built
        now from every record (and written for next time, when this pack is cached at all)."""
        from leadercli.search import SearchIndex, index_state

        stored = self.stored_search_index()
        if stored is not None:
            return stored
        state = index_state(self.pack().records())
        if self.cached:
            with _unwritable(search_file(self.directory)):  # no search file is slower, never an error
                self._write_search_file(state)
        return SearchIndex(state["vocabulary"], state["postings"], state["ids"])

    def _write_search_file(self, state: dict[str, Any]) -> None:
        from leadercli.store.files import write_atomic

        blobs = BlobWriter(SEARCH_MAGIC)
        header = {
            "pack": self._identity(),
            "directory": str(self.directory.resolve()),
            "vocabulary": blobs.add(state["vocabulary"]),
            "ids": blobs.add(state["ids"]),
            "postings": blobs.add_buckets(state["postings"]),
        }
        write_atomic(search_file(self.directory), blobs.finish(header), overwrite=True, private=True)

    def stored_search_index(self) -> SearchIndex | None:
        """The search postings from the search file, when it exists and matches this pack."""
        from leadercli.search import SearchIndex

        with contextlib.suppress(OSError, *UNUSABLE):
            reader = BlobReader(open_regular(search_file(self.directory)), SEARCH_MAGIC)
            if reader.header.get("pack") != self._identity():
                reader.close()
                return None
            self._search = reader  # postings are read bucket by bucket, until close()
            where = reader.header
            postings = _Rebuilt(LazyMap(reader.read, where["postings"]), self._search_postings)
            return SearchIndex(reader.read(where["vocabulary"]), postings, reader.read(where["ids"]))
        return None

    def _search_postings(self) -> Mapping[str, Any]:
        """A bucket of the search file failed its checksum mid-search: the postings, built now (and
        the damaged file removed, so the next search writes it again)."""
        from leadercli.search import index_state

        with contextlib.suppress(OSError):
            search_file(self.directory).unlink()
        postings: Mapping[str, Any] = index_state(self.pack().records())["postings"]
        return postings

    def _identity(self) -> list[Any]:
        """What a search file must have been built from: this cache's version and pack files."""
        return [self.header.get("key"), self.header.get("files")]

    def _read(self, where: Where) -> Any:
        if self._blobs is None:
            raise CacheMiss("no cache file open")
        return self._blobs.read(where)

    def _rebuild(self) -> Pack:
        """A blob failed its checksum after the header was read: build from the YAML after all."""
        self.close()
        fresh = _build(self.directory, cache_file(self.directory), None)
        self.header, self._pack, self._matcher, self._records = (
            fresh.header,
            fresh._pack,
            fresh._matcher,
            None,
        )
        assert self._pack is not None
        return self._pack

    def close(self) -> None:
        for reader in (self._blobs, self._search):
            if reader is not None:
                reader.close()
        self._blobs = self._search = None


class _Rebuilt(Mapping[str, Any]):
    """A map read lazily from a file, that switches to one built in memory if the file turns out
    damaged half-way through its use: reads made after the cache was opened must not fail either."""

    def __init__(self, stored: Mapping[str, Any], rebuild: Callable[[], Mapping[str, Any]]) -> None:
        self._stored = stored
        self._rebuild = rebuild
        self._whole: Mapping[str, Any] | None = None

    def _use(self) -> Mapping[str, Any]:
        if self._whole is None:
            self._whole = self._rebuild()
        return self._whole

    def __getitem__(self, key: str) -> Any:
        if self._whole is None:
            try:
                return self._stored[key]
            except KeyError:
                raise
            except UNUSABLE:
                pass
        return self._use()[key]

    def __contains__(self, key: object) -> bool:
        if self._whole is None:
            try:
                return key in self._stored
            except UNUSABLE:
                pass
        return key in self._use()

    def __iter__(self) -> Iterator[str]:
        return iter(self._whole if self._whole is not None else self._read_all())

    def __len__(self) -> int:
        return len(self._whole if self._whole is not None else self._read_all())

    def _read_all(self) -> dict[str, Any]:
        try:
            return dict(self._stored)
        except UNUSABLE:
            return dict(self._use())


def search_file(pack_dir: Path) -> Path:
    """The search index file of one pack directory, beside its cache file."""
    return cache_file(pack_dir).with_suffix(SEARCH_SUFFIX)


def open_pack(pack_dir: Path, *, progress: Progress | None = None, use_cache: bool = True) -> CompiledPack:
    """The pack in `pack_dir`, from its cache when fresh, else built (and cached when possible)."""
    target = cache_file(pack_dir) if use_cache else None
    if target is not None:
        with contextlib.suppress(OSError, *UNUSABLE):
            return _open_cached(target, pack_dir, _pack_files(pack_dir))
    return _build(pack_dir, target, progress)


def _pack_files(pack_dir: Path) -> list[Path]:
    """The files a pack is made of (its YAML, or its documents); load_pack reports what is missing."""
    if is_documents(pack_dir):
        from leadercli.packs.documents.load import contents_files, document_files

        return [path for path in document_files(pack_dir) if path.is_file()] + contents_files(pack_dir)
    return [pack_dir / name for name in (FAQ_FILE, PLAYBOOK_FILE) if (pack_dir / name).is_file()]


def _identity(path: Path) -> tuple[str, int, int, int]:
    stat = path.stat()
    return (str(path), stat.st_size, stat.st_mtime_ns, stat.st_ctime_ns)


def _identities(pack_dir: Path, sources: list[Path]) -> list[tuple[str, int, int, int]]:
    """The pack's files as the cache records them: each named by its place under the resolved pack
    path, as the cache file is named, so that `--pack docs` and `--pack /home/me/docs` share one cache
    instead of rebuilding each other's (one resolve for the pack, not one a file: this runs on every
    question)."""
    root = pack_dir.resolve()
    return [(str(root / path.relative_to(pack_dir)), *_identity(path)[1:]) for path in sources]


def _digest(path: Path) -> str:
    import hashlib

    digest = hashlib.blake2b(digest_size=16)
    with open_regular(path) as stream:  # a pack file swapped for a FIFO is a miss, never a hang
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _snapshot(pack_dir: Path) -> tuple[list[Path], list[tuple[str, int, int, int]], list[str]]:
    """The pack's files, their identities and their content hashes, as they are now."""
    sources = _pack_files(pack_dir)
    try:
        identities = _identities(pack_dir, sources)
        digests = [_digest(path) for path in sources]
    except (OSError, BlobError):  # gone or unreadable: load_pack says why; never cached (see _compile)
        identities, digests = [(str(path), -1, -1, -1) for path in sources], [""] * len(sources)
    return sources, identities, digests


_HEADER_TYPES = {
    "key": tuple,
    "directory": str,
    "files": list,
    "title": str,
    "source": str,
    "has_playbook": bool,
    "counts": dict,
    "has_context": bool,
    "settings": tuple,
    "matcher": tuple,
    "lazy": dict,
    "records": list,
    "order": tuple,
}
"""The header's fields and their types: checked on opening, so that the commands can trust them."""


def _open_cached(target: Path, pack_dir: Path, sources: list[Path]) -> CompiledPack:
    stream = open_regular(target)  # closed here on a miss, else by CompiledPack.close()
    try:
        blobs = BlobReader(stream, MAGIC)
        header = blobs.header
        if header.get("key") != _version_key():
            raise CacheMiss("written by another version")
        if any(type(header.get(name)) is not kind for name, kind in _HEADER_TYPES.items()):
            raise CacheMiss("a header field is missing or of the wrong type")
        Settings(*header["settings"])  # the one header field the commands unpack
        if header["directory"] != str(pack_dir.resolve()):
            raise CacheMiss("another pack's cache")
        recorded = header["files"]
        current = _identities(pack_dir, sources)
        if [tuple(item[:4]) for item in recorded] != current:
            # Touched but perhaps not changed (a checkout, a copy): same sizes and same content is fresh.
            same_names = [item[0] for item in recorded] == [name for name, *_ in current]
            same_sizes = same_names and all(
                item[1] == now[1] for item, now in zip(recorded, current, strict=True)
            )
            if not same_sizes or [item[4] for item in recorded] != [_digest(path) for path in sources]:
                raise CacheMiss("the pack changed")

    except BaseException:
        stream.close()
        raise
    return CompiledPack(pack_dir, header, blobs=blobs)


def _version_key() -> tuple[Any, ...]:
    """What must match for a cache file to be readable: its format, the matcher state's layout,
    leadercli's and marshal's versions."""
    from leadercli.matching.state import STATE_VERSION

    return (FORMAT, STATE_VERSION, __version__, sys.version_info[:2], marshal.version)


def _build(pack_dir: Path, target: Path | None, progress: Progress | None) -> CompiledPack:
    tell = progress or (lambda stage, fraction: None)
    tell("reading the pack", 0.0)
    before = _snapshot(pack_dir)
    from leadercli.matching.gc_pause import no_cyclic_gc

    with no_cyclic_gc():
        return _compile(pack_dir, target, before, tell)


def _compile(
    pack_dir: Path,
    target: Path | None,
    before: tuple[list[Path], list[tuple[str, int, int, int]], list[str]],
    tell: Progress,
) -> CompiledPack:
    from leadercli.packs.loader import load_pack  # YAML reading: only when the pack is (re)built

    pack = load_pack(pack_dir)
    tell(f"indexing {sum(pack.counts().values()):,} records", 0.4)
    from leadercli.matching import Matcher
    from leadercli.packs.bridge import documents

    matcher = Matcher.build(documents(pack))
    compiled = CompiledPack(pack_dir, {}, pack=pack, matcher=matcher, cached=target is not None)
    _, identities, digests = before
    compiled.header = _header(pack, _racy(identities), digests)
    # What was compiled is what the header says only if nothing changed from before the read to now.
    unchanged = "" not in digests and _snapshot(pack_dir) == before
    if target is not None and unchanged:
        tell("writing the cache", 0.9)
        with _unwritable(target):  # no cache is slower, never an error
            from leadercli.store.housekeeping import sweep

            sweep(target.parent)
            _write(target, compiled.header, matcher, pack)
    compiled.cached = target is not None and unchanged
    tell("done", 1.0)
    return compiled


def _racy(identities: list[tuple[str, int, int, int]]) -> list[tuple[str, int, int, int]]:
    """Identities, with the timestamps of a file changed just now blanked: a second change within the
    same tick of a coarse clock would keep them, so such a file is always checked by its hash instead."""
    import time

    now = time.time_ns()
    return [
        (name, size, -1, -1) if max(mtime, ctime) > now - RACY_NS else (name, size, mtime, ctime)
        for name, size, mtime, ctime in identities
    ]


@contextlib.contextmanager
def _unwritable(target: Path) -> Iterator[None]:
    """A cache file that cannot be written costs speed, never the answer. A full or read-only cache
    directory is silent (a documented way to run without a cache); running out of memory while
    writing is said once, on stderr."""
    try:
        yield
    except (OSError, LeadercliError):
        pass
    except (MemoryError, ValueError, RecursionError) as error:  # marshal says "unmarshallable object"
        if not _warned:
            _warned.append(str(target))
            problem = "out of memory" if not isinstance(error, RecursionError) else "too deeply nested"
            print(
                f"leadercli: warning: not caching the pack ({problem}); answering without the cache",
                file=sys.stderr,
            )


def _header(pack: Pack, identities: list[tuple[str, int, int, int]], digests: list[str]) -> dict[str, Any]:
    return {
        "key": _version_key(),
        "directory": str(pack.directory.resolve()),
        "files": [(*identity, digest) for identity, digest in zip(identities, digests, strict=True)],
        "title": pack.title,
        "source": pack.source,
        "has_playbook": pack.has_playbook,
        "counts": pack.counts(),
        "has_context": any(getattr(record, "context", "") for record in pack.records()),
        "settings": tuple(pack.settings),
    }


def _write(target: Path, header: dict[str, Any], matcher: Matcher, pack: Pack) -> None:
    """Records (by id) and the matcher's big per-token maps (its LAZY_KEYS) are stored as hash buckets,
    so that `ask` reads only the buckets of the records it shows and of the words it is asked; the
    record order is one more blob, read only by commands that list records."""
    from leadercli.matching import LAZY_KEYS
    from leadercli.store.files import write_atomic  # tempfile is slow to import: only when writing

    blobs = BlobWriter(MAGIC)
    records = {item.id: tuple(item) for item in pack.records()}  # the last field names the section
    stored = blobs.add_buckets(records)
    order = blobs.add(list(records))
    state = dict(matcher.to_state())
    lazy = {key: blobs.add_buckets(state.pop(key)) for key in LAZY_KEYS if key in state}
    matcher_state = blobs.add(state)
    data = blobs.finish({**header, "matcher": matcher_state, "lazy": lazy, "records": stored, "order": order})
    write_atomic(target, data, overwrite=True, private=True)


def _record(stored: tuple[Any, ...]) -> Record:
    kind = SECTIONS[stored[-1]].kind
    if len(stored) != len(kind._fields):
        raise CacheMiss("a stored record has the wrong shape")
    record: Record = kind._make(stored)
    return record
