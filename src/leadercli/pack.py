"""A knowledge pack: `faq.yaml` (+ optional `playbook.yaml`) loaded and validated into typed records.

Everything downstream (matcher, renderers) trusts these records, so every check lives here and every
failure is a DataError that names the file, line, entry and field.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, Union

from leadercli import safeyaml
from leadercli.errors import DataError

if TYPE_CHECKING:
    from leadercli.matching import Document

FAQ_FILE = "faq.yaml"
PLAYBOOK_FILE = "playbook.yaml"
PACK_ENV = "LEADERCLI_PACK"
ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")


# Records are NamedTuples rather than dataclasses: a frozen dataclass costs ~1 ms to create at import
# (it exec()s its generated methods), a NamedTuple a tenth of that, and `ask` starts in ~0.1 s.
# Every record has `id`, `alternates`, `tags`, `path`, `line`, a constant `section`, and two views:
# `heading` (its question or title, what `ask` shows as the matched question) and `answer` (prose).
# `section` is always the last field: the cache stores a record as its plain tuple and relies on it.


class FaqEntry(NamedTuple):
    id: str
    question: str
    text: str
    source: str = ""
    alternates: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    path: str = ""
    line: int = 0
    section: str = "faq"

    @property
    def heading(self) -> str:
        return self.question

    @property
    def answer(self) -> str:
        return self.text


class Step(NamedTuple):
    id: str
    number: int
    title: str
    do: str
    why: str
    alternates: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    path: str = ""
    line: int = 0
    section: str = "playbook"

    @property
    def heading(self) -> str:
        return self.title

    @property
    def answer(self) -> str:
        return f"{self.do} Why: {self.why}"


class Risk(NamedTuple):
    id: str
    name: str
    risk: str
    mitigation: str
    alternates: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    path: str = ""
    line: int = 0
    section: str = "risks"

    @property
    def heading(self) -> str:
        return self.name

    @property
    def answer(self) -> str:
        return f"{self.risk} Mitigation: {self.mitigation}"


class Tool(NamedTuple):
    id: str
    name: str
    description: str
    alternates: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    path: str = ""
    line: int = 0
    section: str = "tools"

    @property
    def heading(self) -> str:
        return self.name

    @property
    def answer(self) -> str:
        return self.description


class Metric(NamedTuple):
    id: str
    name: str
    measures: str
    alternates: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    path: str = ""
    line: int = 0
    section: str = "metrics"

    @property
    def heading(self) -> str:
        return self.name

    @property
    def answer(self) -> str:
        return self.measures


class CadenceItem(NamedTuple):
    id: str
    period: str
    name: str
    what: str
    alternates: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    path: str = ""
    line: int = 0
    section: str = "cadence"

    @property
    def heading(self) -> str:
        return self.name

    @property
    def answer(self) -> str:
        return self.what


Record = Union[FaqEntry, Step, Risk, Tool, Metric, CadenceItem]  # noqa: UP007 (a runtime alias on 3.10)
RECORD_KINDS: dict[str, type[Record]] = {
    kind._field_defaults["section"]: kind for kind in (FaqEntry, Step, Risk, Tool, Metric, CadenceItem)
}


def location(record: Record) -> str:
    """Where a record is defined, as `file:line`."""
    return f"{record.path}:{record.line}"


class RecordSource(Protocol):
    """Anything that finds records by id: a loaded Pack, or a compiled pack reading one record at a time."""

    def find(self, record_id: str) -> Record | None: ...


class Settings(NamedTuple):
    """Matcher settings a pack may override (`settings:` in faq.yaml); None means the default."""

    threshold: float | None = None
    margin: float | None = None

    def effective(self) -> tuple[float, float]:
        """The threshold and margin `ask` uses: the pack's own where set, the matcher's defaults else."""
        from leadercli.matching import DEFAULT_MARGIN, DEFAULT_THRESHOLD

        return (
            DEFAULT_THRESHOLD if self.threshold is None else self.threshold,
            DEFAULT_MARGIN if self.margin is None else self.margin,
        )


@dataclass(frozen=True, slots=True)
class Pack:
    directory: Path
    title: str
    source: str
    settings: Settings
    faq: tuple[FaqEntry, ...]
    steps: tuple[Step, ...] = ()
    risks: tuple[Risk, ...] = ()
    tools: tuple[Tool, ...] = ()
    metrics: tuple[Metric, ...] = ()
    cadence: tuple[CadenceItem, ...] = ()
    has_playbook: bool = False
    warnings: tuple[str, ...] = field(default=(), compare=False)
    _by_id: dict[str, Record] = field(default_factory=dict, compare=False, repr=False)

    @property
    def reference(self) -> str:
        return self.source

    def records(self) -> Iterator[Record]:
        """Every answerable record: the FAQ, then the playbook sections in the article's order."""
        yield from self.faq
        yield from self.steps
        yield from self.risks
        yield from self.tools
        yield from self.metrics
        yield from self.cadence

    def find(self, record_id: str) -> Record | None:
        if not self._by_id:
            self._by_id.update((record.id, record) for record in self.records())
        return self._by_id.get(record_id)

    def tagged(self, tag: str) -> tuple[FaqEntry, ...]:
        return tuple(entry for entry in self.faq if tag in entry.tags)

    def counts(self) -> dict[str, int]:
        return {
            "faq": len(self.faq),
            "playbook": len(self.steps),
            "risks": len(self.risks),
            "tools": len(self.tools),
            "metrics": len(self.metrics),
            "cadence": len(self.cadence),
        }

    def documents(self) -> list[Document]:
        """The records as the matcher sees them: heading and alternates to match, answer as weak evidence."""
        from leadercli.matching import Document

        return [
            Document(
                id=record.id,
                section=record.section,
                texts=(record.heading, *record.alternates),
                tags=record.tags,
                answer=record.answer,
            )
            for record in self.records()
        ]


def shipped_pack_dir() -> Path:
    """The pack inside the installed package; in a source checkout, the repository's own `data/`."""
    here = Path(__file__).resolve().parent
    packaged = here / "data"
    if (packaged / FAQ_FILE).is_file():
        return packaged
    return here.parent.parent / "data"


def resolve_pack_dir(option: Path | None) -> Path:
    """`--pack` wins over LEADERCLI_PACK, which wins over the shipped pack."""
    if option is not None:
        return option
    from_env = os.environ.get(PACK_ENV, "").strip()
    return Path(from_env) if from_env else shipped_pack_dir()


def load_pack(directory: Path) -> Pack:
    if not directory.is_dir():
        problem = "no such directory" if not directory.exists() else "not a directory"
        raise DataError(f"{problem} (a pack is a directory with {FAQ_FILE})", path=directory)
    faq_path = directory / FAQ_FILE
    if not faq_path.exists():
        raise DataError(f"no {FAQ_FILE} in this pack directory", path=directory)
    reader = _Reader()
    faq_doc = reader.document(faq_path, required=("entries",))
    faq = tuple(reader.records(faq_doc, "entries", FAQ_SPEC))
    playbook_path = directory / PLAYBOOK_FILE
    sections: dict[str, tuple[Record, ...]] = {}
    playbook_doc: safeyaml.YamlMap | None = None
    if playbook_path.exists():
        playbook_doc = reader.document(playbook_path, required=())
        for spec in PLAYBOOK_SPECS:
            sections[spec.key] = tuple(reader.records(playbook_doc, spec.key, spec))
    title = reader.optional_text(faq_doc, "title")
    if not title and playbook_doc is not None:
        title = reader.optional_text(playbook_doc, "title")
    source = reader.optional_text(faq_doc, "source")
    if not source and playbook_doc is not None:
        source = reader.optional_text(playbook_doc, "reference")
    return Pack(
        directory=directory,
        title=title or directory.name,
        source=source,
        settings=reader.settings(faq_doc),
        faq=_typed(faq, FaqEntry),
        steps=_typed(sections.get("steps", ()), Step),
        risks=_typed(sections.get("risks", ()), Risk),
        tools=_typed(sections.get("tools", ()), Tool),
        metrics=_typed(sections.get("metrics", ()), Metric),
        cadence=_typed(sections.get("cadence", ()), CadenceItem),
        has_playbook=playbook_doc is not None,
        warnings=tuple(reader.warnings),
    )


class _Layout(NamedTuple):
    """What every record of one list shares, worked out once per list rather than once per record."""

    renamed: dict[str, str]
    known: set[str]
    path: str


class _Spec(NamedTuple):
    """How one list of records is written in YAML: its key, its record type and its text fields."""

    key: str
    kind: type[Record]
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    renamed: tuple[tuple[str, str], ...] = ()  # (yaml field, dataclass field) where they differ
    id_required: bool = False


FAQ_SPEC = _Spec(
    "entries", FaqEntry, ("question", "answer"), ("source",), (("answer", "text"),), id_required=True
)
PLAYBOOK_SPECS = (
    _Spec("steps", Step, ("title", "do", "why")),
    _Spec("risks", Risk, ("name", "risk", "mitigation")),
    _Spec("tools", Tool, ("name", "description")),
    _Spec("metrics", Metric, ("name", "measures")),
    _Spec("cadence", CadenceItem, ("period", "name", "what")),
)
_LIST_FIELDS = ("alternates", "tags")
_TOP_LEVEL = {
    FAQ_FILE: {"title", "source", "settings", "entries"},
    PLAYBOOK_FILE: {"title", "reference", *(spec.key for spec in PLAYBOOK_SPECS)},
}


def _typed(records: Sequence[Record], kind: type[Any]) -> tuple[Any, ...]:
    assert all(isinstance(record, kind) for record in records)
    return tuple(records)


class _Reader:
    """Walks the YAML of one pack, building records and collecting warnings; raises on the first error."""

    def __init__(self) -> None:
        self.warnings: list[str] = []
        self.seen_ids: dict[str, Record] = {}
        self.path = Path()

    def document(self, path: Path, required: tuple[str, ...]) -> safeyaml.YamlMap:
        self.path = path
        value = safeyaml.load(path)
        if not isinstance(value, safeyaml.YamlMap):
            raise DataError(f"the top level must be a mapping, not {_kind(value)}", path=path, line=1)
        for key in required:
            if key not in value:
                raise DataError(f"missing top-level key '{key}'", path=path, line=value.line)
        self._warn_unknown(value, _TOP_LEVEL[path.name], None)
        return value

    def records(self, doc: safeyaml.YamlMap, key: str, spec: _Spec) -> Iterator[Record]:
        items = doc.get(key)
        if items is None:
            return
        if not isinstance(items, safeyaml.YamlList):
            raise DataError(
                f"must be a list, not {_kind(items)}", path=self.path, line=doc.line_of(key), field=key
            )
        if spec.id_required and not items:
            raise DataError("has no entries", path=self.path, line=doc.line_of(key), field=key)
        layout = _Layout(
            renamed=dict(spec.renamed),
            known={"id", *spec.required, *spec.optional, *_LIST_FIELDS},
            path=str(self.path),
        )
        for index, (item, line) in enumerate(zip(items, items.item_lines, strict=True), start=1):
            yield self._record(item, line, index, spec, layout)

    def _record(self, item: safeyaml.Value, line: int, index: int, spec: _Spec, layout: _Layout) -> Record:
        label = f"#{index} in '{spec.key}'"
        if not isinstance(item, safeyaml.YamlMap):
            raise DataError(f"must be a mapping, not {_kind(item)}", path=self.path, line=line, entry=label)
        record_id = self._id(item, label, spec)
        label = f"'{record_id}'"
        values: dict[str, Any] = {}
        for name in spec.required:
            values[layout.renamed.get(name, name)] = self._text(item, name, label, required=True)
        for name in spec.optional:
            values[layout.renamed.get(name, name)] = self._text(item, name, label, required=False)
        for name in _LIST_FIELDS:
            values[name] = self._text_list(item, name, label)
        if spec.kind is Step:
            values["number"] = index
        if len(item) > len(layout.known) or not layout.known.issuperset(item):
            self._warn_unknown(item, layout.known, label)
        record = spec.kind(id=record_id, path=layout.path, line=line, **values)
        if record_id in self.seen_ids:
            first = self.seen_ids[record_id]
            raise DataError(
                f"duplicate id (first defined at {location(first)})",
                path=self.path,
                line=line,
                entry=label,
                field="id",
            )
        self.seen_ids[record_id] = record
        return record

    def _id(self, item: safeyaml.YamlMap, label: str, spec: _Spec) -> str:
        if "id" not in item and not spec.id_required:
            heading = item.get(spec.required[0])
            if isinstance(heading, str) and slugify(heading):
                return slugify(heading)
        value = self._text(item, "id", label, required=True)
        if not ID_PATTERN.fullmatch(value):
            raise DataError(
                f"id {value!r} must be letters, digits, '.', '_' or '-' (no spaces or slashes, at most 100)",
                path=self.path,
                line=item.line_of("id"),
                entry=label,
                field="id",
            )
        return value

    def _text(self, item: safeyaml.YamlMap, name: str, label: str, *, required: bool) -> str:
        if name not in item or item[name] is None:
            if required:
                raise DataError("is missing", path=self.path, line=item.line, entry=label, field=name)
            return ""
        value = item[name]
        if not isinstance(value, str):
            raise DataError(
                f"must be text, not {_kind(value)}",
                path=self.path,
                line=item.line_of(name),
                entry=label,
                field=name,
            )
        text = " ".join(value.split())
        if required and not text:
            raise DataError("is empty", path=self.path, line=item.line_of(name), entry=label, field=name)
        return text

    def _text_list(self, item: safeyaml.YamlMap, name: str, label: str) -> tuple[str, ...]:
        value = item.get(name)
        if value is None:
            return ()
        line = item.line_of(name)
        if not isinstance(value, safeyaml.YamlList):
            raise DataError(
                f"must be a list of text, not {_kind(value)}",
                path=self.path,
                line=line,
                entry=label,
                field=name,
            )
        texts = []
        for element, element_line in zip(value, value.item_lines, strict=True):
            if not isinstance(element, str) or not element.strip():
                raise DataError(
                    f"items must be non-empty text, found {_kind(element)}",
                    path=self.path,
                    line=element_line,
                    entry=label,
                    field=name,
                )
            texts.append(" ".join(element.split()))
        return tuple(texts)

    def settings(self, doc: safeyaml.YamlMap) -> Settings:
        value = doc.get("settings")
        if value is None:
            return Settings()
        if not isinstance(value, safeyaml.YamlMap):
            raise DataError(
                f"must be a mapping, not {_kind(value)}",
                path=self.path,
                line=doc.line_of("settings"),
                field="settings",
            )
        numbers: dict[str, float | None] = {}
        for name in ("threshold", "margin"):
            number = value.get(name)
            if number is not None and (
                isinstance(number, bool) or not isinstance(number, (int, float)) or not 0 <= number <= 100
            ):
                raise DataError(
                    f"must be a number from 0 to 100, not {number!r}",
                    path=self.path,
                    line=value.line_of(name),
                    field=f"settings.{name}",
                )
            numbers[name] = None if number is None else float(number)
        self._warn_unknown(value, {"threshold", "margin"}, "settings")
        return Settings(**numbers)

    def optional_text(self, doc: safeyaml.YamlMap, name: str) -> str:
        return self._text(doc, name, "top level", required=False)

    def _warn_unknown(self, mapping: safeyaml.YamlMap, known: set[str], label: str | None) -> None:
        for key in mapping:
            if key not in known:
                where = f"{self.path}:{mapping.line_of(key)}: "
                owner = f"{label}: " if label else ""
                self.warnings.append(f"{where}{owner}unknown field '{key}' (ignored)")


def _kind(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, (int, float)):
        return f"a number ({value})"
    return "text"


def slugify(text: str) -> str:
    """A stable id from a title: lowercase words joined by hyphens, at most 60 characters."""
    words = re.findall(r"[a-z0-9]+", text.casefold().replace("'", ""))
    return "-".join(words)[:60].strip("-")
