"""Read YAML written by somebody else: plain data only, with line numbers, and hard limits.

PyYAML's `safe_load` forgets where each value came from, expands aliases without bound and silently keeps
the last of two duplicate keys. Packs are untrusted files that users must be able to fix from one error
line, so we compose the node graph ourselves (C parser when available) and convert it with a budget.
"""

from __future__ import annotations

import math
import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, Union

from leadercli.errors import DataError

if TYPE_CHECKING:
    import yaml

DEFAULT_MAX_BYTES = 100 * 1024 * 1024
"""A 100,000-entry pack is ~50 MB of YAML; twice that is refused before parsing (LEADERCLI_MAX_PACK_MB)."""
MAX_DEPTH = 100
"""Mappings and lists nested deeper than this are refused: a pack needs four levels, and Python's own
recursion limit (about 1,000 frames) must never be what stops a hostile file."""

DEFAULT_MAX_ENTRIES = 200_000
"""Twice the biggest pack leadercli is measured on. The size limit alone does not bound memory: a
compact entry is ~40 bytes of YAML but ~4 KB once composed and indexed, so 1,000,000 of them in 45 MB
would take minutes and gigabytes. Counted before anything is composed (LEADERCLI_MAX_ENTRIES)."""

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
}
_TEXT_TAGS = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary"}
_STR_TAG = "tag:yaml.org,2002:str"
_MAP_TAG = "tag:yaml.org,2002:map"
_SEQ_TAG = "tag:yaml.org,2002:seq"

Scalar = str | int | float | bool | None
Value = Union[Scalar, "YamlMap", "YamlList"]


class YamlMap(dict[str, Value]):
    """A mapping that remembers the line of itself and of each key (1-based)."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.key_lines: dict[str, int] = {}
        self.key_columns: dict[str, int] = {}

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)

    def column_of(self, key: str) -> int | None:
        return self.key_columns.get(key)


class YamlList(list[Value]):
    """A sequence that remembers the line of itself and of each item (1-based)."""

    def __init__(self, line: int) -> None:
        super().__init__()
        self.line = line
        self.item_lines: list[int] = []


def max_bytes_from_env() -> int:
    raw = os.environ.get("LEADERCLI_MAX_PACK_MB", "").strip()
    if not raw:
        return DEFAULT_MAX_BYTES
    try:
        megabytes = float(raw)
    except ValueError:
        megabytes = math.nan
    if not math.isfinite(megabytes) or megabytes <= 0:
        raise DataError(f"LEADERCLI_MAX_PACK_MB must be a number of megabytes above 0, not {raw!r}")
    return int(megabytes * 1024 * 1024)


def max_entries_from_env() -> int:
    raw = os.environ.get("LEADERCLI_MAX_ENTRIES", "").strip()
    if not raw:
        return DEFAULT_MAX_ENTRIES
    if not raw.isdecimal() or int(raw) <= 0:
        raise DataError(f"LEADERCLI_MAX_ENTRIES must be a whole number above 0, not {raw!r}")
    return int(raw)


def read_text(
    path: Path, *, max_bytes: int | None = None, expected: str = "text", legacy: bool = False
) -> str:
    """The file's text, refusing what is not a readable text file within the size limit; a NUL byte
    means a binary file (an image, an archive), refused as such rather than as "not UTF-8" somewhere
    in it. `expected` names what the file should have been, for that message.

    Text is UTF-8, or UTF-16 or UTF-32 behind a byte order mark (what Windows' editors and PowerShell
    write). With `legacy` (a document, not a pack file), text that is not UTF-8 but mostly ASCII is
    read as Windows-1252, the superset of Latin-1 that most older Western text is written in; text that
    is mostly other bytes (another script's legacy encoding) is refused as before, not guessed at."""
    limit = max_bytes_from_env() if max_bytes is None else max_bytes
    try:
        if path.is_dir():
            raise DataError("is a directory, not a file", path=path)
        # Opened without blocking and checked as opened: a FIFO would hang, and a device (`/dev/zero`)
        # reports size 0 and never ends; only a regular file is read, and never past the limit.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(descriptor, "rb") as stream:
            status = os.fstat(stream.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise DataError("is not a regular file (a device, pipe or socket)", path=path)
            data = stream.read(limit + 1) if status.st_size <= limit else b""
        size = max(status.st_size, len(data))
        if size > limit:
            raise DataError(
                f"file is {size / 1048576:.1f} MB, over the {limit / 1048576:g} MB limit "
                "(raise it with LEADERCLI_MAX_PACK_MB)",
                path=path,
            )
    except FileNotFoundError:
        problem = "a symbolic link to a file that is not there" if path.is_symlink() else "no such file"
        raise DataError(problem, path=path) from None
    except PermissionError:
        raise DataError("permission denied", path=path) from None
    except OSError as error:
        raise DataError(f"cannot read: {error.strerror or error}", path=path) from None
    return _decoded(data, path, expected, legacy)


_BYTE_ORDER_MARKS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"), (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"), (b"\xfe\xff", "utf-16-be", "UTF-16"),
)  # fmt: skip
_HIGH_RUN = re.compile(rb"[\x80-\xff]+")
LEGACY_RUN = 1.5
"""Text that is not UTF-8 is read as Windows-1252 when its bytes above ASCII come one at a time, as
they do in Western text (an accented letter, a curly quote: "caf\xe9"), at most this many in a row on
average; Greek, Cyrillic or Japanese in its own legacy encoding writes whole words of them, and
Windows-1252 would show those as nonsense."""


def _decoded(data: bytes, path: Path, expected: str, legacy: bool) -> str:
    for mark, codec, name in _BYTE_ORDER_MARKS:
        if data.startswith(mark):
            try:
                text = data[len(mark) :].decode(codec)
            except UnicodeDecodeError as error:
                raise DataError(f"not {name} text (byte {error.start + len(mark)})", path=path) from None
            if "\x00" in text:
                raise DataError(f"is a binary file, not {expected}", path=path)
            return text
    if b"\x00" in data:
        raise DataError(f"is a binary file, not {expected}", path=path)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        runs = _HIGH_RUN.findall(data) if legacy else []
        if runs and sum(map(len, runs)) <= LEGACY_RUN * len(runs):
            try:
                return data.decode("cp1252")
            except UnicodeDecodeError:  # one of its five unassigned bytes: Latin-1 has them all
                return data.decode("latin-1")
        line = data[: error.start].count(b"\n") + 1
        raise DataError(f"not UTF-8 text (byte {error.start})", path=path, line=line) from None


def load(path: Path, *, max_bytes: int | None = None) -> Value:
    """Parse one YAML document into plain values; every problem becomes a DataError naming file and line."""
    text = read_text(path, max_bytes=max_bytes)
    return parse(text, path)


def parse(text: str, path: Path) -> Value:
    import yaml  # ~20 ms: imported only when a file is really parsed, never on a cached run

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    _count_entries(text, path, loader)
    try:
        node = yaml.compose(text, Loader=loader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        problem = error.problem or error.context or "invalid YAML"
        raise DataError(
            f"invalid YAML: {problem}",
            path=path,
            line=mark.line + 1 if mark else None,
            column=mark.column + 1 if mark else None,
        ) from None
    except yaml.reader.ReaderError as error:  # a character YAML forbids: no mark, only a position
        position = error.position
        character = error.character if isinstance(error.character, int) else ord(error.character)
        raise DataError(
            f"invalid YAML: character U+{character:04X} is not allowed ({error.reason})",
            path=path,
            line=text.count("\n", 0, position) + 1,
            column=position - text.rfind("\n", 0, position),
        ) from None
    except yaml.YAMLError as error:
        raise DataError(f"invalid YAML: {error}", path=path) from None
    except RecursionError:  # the pure-Python composer (no libyaml) recurses once per level
        raise DataError(f"invalid YAML: nested more than {MAX_DEPTH} levels deep", path=path) from None
    if node is None:
        raise DataError("file is empty", path=path)
    # Each node costs 1 and each text its length. Without aliases a document cannot cost more than
    # about twice its size; an alias costs what it repeats, so aliases cannot make the values (and
    # everything built from them) much bigger than the file: no "billion laughs", even of long texts.
    return _Converter(path, budget=2 * len(text) + 10_000).convert(node)


def _shown(text: str) -> str:
    """A value quoted in an error: a long one by its start and its length."""
    return repr(text) if len(text) <= 40 else f"{text[:20]!r}... ({len(text):,} characters)"


def _count_entries(text: str, path: Path, loader: type) -> None:
    """Refuse more mappings (entries) than the limit before composing them. A text too short to hold
    that many (each takes two characters at least, `{}`) is not scanned: no cost for ordinary packs.
    The scan streams the parser's events and keeps none; a syntax error is left to compose to report,
    with its place."""
    import yaml

    limit = max_entries_from_env()
    if len(text) <= 2 * limit:
        return
    count = -1  # the top-level mapping is not an entry
    try:
        for event in yaml.parse(text, Loader=loader):
            if isinstance(event, yaml.MappingStartEvent):
                count += 1
                if count > limit:
                    raise DataError(
                        f"more than {limit:,} entries (raise the limit with LEADERCLI_MAX_ENTRIES)",
                        path=path,
                        line=event.start_mark.line + 1 if event.start_mark else None,
                    )
    except yaml.YAMLError:
        return


class _Converter:
    """Turns composed nodes into values, refusing tags, duplicate keys and alias bombs."""

    def __init__(self, path: Path, budget: int) -> None:
        import yaml

        self.yaml = yaml
        self.path = path
        self.budget = budget
        self.constructor = yaml.constructor.SafeConstructor()
        self.open: set[int] = set()  # the collections being converted: one met again is an alias of itself

    def convert(self, node: yaml.Node) -> Value:
        # The hot path of a 100,000-entry pack: a plain string scalar is its own value.
        if isinstance(node, self.yaml.ScalarNode):
            self.budget -= 1 + len(node.value)
            if self.budget < 0:
                self._too_much(node)
            return node.value if node.tag == _STR_TAG else self._scalar(node)
        self.budget -= 1
        if self.budget < 0:
            self._too_much(node)
        if isinstance(node, self.yaml.MappingNode):
            return self._mapping(node)
        assert isinstance(node, self.yaml.SequenceNode)  # the composer makes only these three kinds
        return self._sequence(node)

    def _too_much(self, node: yaml.Node) -> None:
        raise DataError(
            "YAML aliases expand to too much data (refused: possible 'billion laughs')",
            path=self.path,
            line=node.start_mark.line + 1,
        )

    def _enter(self, node: yaml.Node) -> None:
        """Refuse a collection that contains itself (`x: &x [*x]`) or one nested too deep."""
        line = node.start_mark.line + 1
        if id(node) in self.open:
            raise DataError(
                "a YAML alias refers to a list or mapping that contains it", path=self.path, line=line
            )
        if len(self.open) >= MAX_DEPTH:
            raise DataError(f"nested more than {MAX_DEPTH} levels deep", path=self.path, line=line)
        self.open.add(id(node))

    def _refuse_tag(self, node: yaml.Node) -> None:
        raise DataError(
            f"YAML tag '{node.tag.replace('tag:yaml.org,2002:', '!!')}' is not allowed (plain data only)",
            path=self.path,
            line=node.start_mark.line + 1,
        )

    def _scalar(self, node: yaml.Node) -> Scalar:
        if node.tag in _PLAIN_TAGS:
            try:
                value = self.constructor.construct_object(node, deep=False)
            except (ValueError, KeyError):  # `!!bool maybe`, `!!int abc`, or more than 4,300 digits
                kind = node.tag.replace("tag:yaml.org,2002:", "")
                long = len(node.value) > 4300
                problem = "has more than 4,300 digits" if long else f"is not a valid {kind}"
                raise DataError(
                    f"{_shown(node.value)} {problem} (quote it to make it text)",
                    path=self.path,
                    line=node.start_mark.line + 1,
                ) from None
            assert isinstance(value, (str, int, float, bool)) or value is None
            return value
        if node.tag in _TEXT_TAGS:
            return str(node.value)
        self._refuse_tag(node)
        raise AssertionError  # unreachable: _refuse_tag raises

    def _mapping(self, node: yaml.MappingNode) -> YamlMap:
        if node.tag != _MAP_TAG:
            self._refuse_tag(node)
        self._enter(node)
        result = YamlMap(node.start_mark.line + 1)
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise DataError("YAML merge keys ('<<') are not supported", path=self.path, line=line)
            key = self.convert(key_node)
            if not isinstance(key, (str, int, float, bool)):
                raise DataError("a mapping key must be plain text", path=self.path, line=line)
            name = str(key)
            if name in result:
                raise DataError(
                    f"duplicate key '{name}' (first on line {result.key_lines[name]})",
                    path=self.path,
                    line=line,
                )
            result.key_lines[name] = line
            result.key_columns[name] = key_node.start_mark.column + 1
            result[name] = self.convert(value_node)
        self.open.discard(id(node))
        return result

    def _sequence(self, node: yaml.SequenceNode) -> YamlList:
        if node.tag != _SEQ_TAG:
            self._refuse_tag(node)
        self._enter(node)
        result = YamlList(node.start_mark.line + 1)
        for item in node.value:
            result.item_lines.append(item.start_mark.line + 1)
            result.append(self.convert(item))
        self.open.discard(id(node))
        return result
