"""Load a pack directory (`faq.yaml` + optional `playbook.yaml`) into typed, validated records.

Everything downstream (matcher, renderers) trusts these records, so every check lives here and every
failure is a DataError that names the file, line, entry and field. What is only odd (an unknown field)
becomes a structured warning on the Pack, with its place, for `validate` and the CLI to report.
"""

from __future__ import annotations

import difflib
import os
import re
import textwrap
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from leadercli.errors import DataError
from leadercli.matching.text import fold
from leadercli.packs import safeyaml
from leadercli.packs.findings import Finding
from leadercli.packs.pack import Pack, Settings, is_documents, refuse_link_loop
from leadercli.packs.sections import FAQ, FAQ_FILE, PLAYBOOK_FILE, SECTIONS, Record, Section, location

ID_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
_LIST_FIELDS = ("alternates", "tags")
_SETTINGS = ("threshold", "margin", "min_confidence")
_TOP_LEVEL = {
    FAQ_FILE: {"title", "source", "settings"},
    PLAYBOOK_FILE: {"title", "reference"},
}


def load_pack(directory: Path) -> Pack:
    """A pack directory (faq.yaml, optional playbook.yaml), or documents: one file, or a folder of them."""
    if is_documents(directory):
        from leadercli.packs.documents.load import load_documents

        return load_documents(directory)
    if not directory.is_dir():
        refuse_link_loop(directory)
        if directory.exists() and not directory.is_file():
            raise DataError("is not a directory or a regular file (a device, pipe or socket)", path=directory)
        problem = "no such directory or document" if not directory.exists() else "not a directory or document"
        raise DataError(f"{problem} (a pack is a directory with {FAQ_FILE}, or documents)", path=directory)
    if not os.path.lexists(directory / FAQ_FILE):
        raise DataError(f"no {FAQ_FILE} in this pack directory", path=directory)
    reader = _Reader()
    documents: dict[str, safeyaml.YamlMap] = {}
    sections: dict[str, tuple[Record, ...]] = {}
    for section in SECTIONS.values():
        path = directory / section.file
        if section.file not in documents:
            if section is not FAQ and not os.path.lexists(path):
                continue
            documents[section.file] = reader.document(path, required=(FAQ.key,) if section is FAQ else ())
        reader.path = path
        sections[section.name] = tuple(reader.records(documents[section.file], section))
    faq_doc, playbook_doc = documents[FAQ_FILE], documents.get(PLAYBOOK_FILE)
    reader.path = directory / FAQ_FILE
    title = reader.optional_text(faq_doc, "title")
    source = reader.optional_text(faq_doc, "source")
    settings = reader.settings(faq_doc)
    if playbook_doc is not None:
        reader.path = directory / PLAYBOOK_FILE
        title = title or reader.optional_text(playbook_doc, "title")
        source = source or reader.optional_text(playbook_doc, "reference")
    return Pack(
        directory=directory,
        title=title or directory.name,
        source=source,
        settings=settings,
        sections=sections,
        has_playbook=playbook_doc is not None,
        findings=tuple(reader.findings),
        phrasing_lines=reader.phrasing_lines,
    )


class _Layout(NamedTuple):
    """What every record of one list shares, worked out once per list rather than once per record."""

    known: set[str]
    path: str


class _Reader:
    """Walks the YAML of one pack, building records and collecting warnings; raises on the first error."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.seen_ids: dict[str, Record] = {}
        self.phrasing_lines: dict[str, tuple[int, ...]] = {}
        self.path = Path()
        self.known: set[str] = set()

    def document(self, path: Path, required: tuple[str, ...]) -> safeyaml.YamlMap:
        self.path = path
        value = safeyaml.load(path)
        if not isinstance(value, safeyaml.YamlMap):
            raise DataError(f"the top level must be a mapping, not {_kind(value)}", path=path, line=1)
        known = _TOP_LEVEL[path.name] | {
            section.key for section in SECTIONS.values() if section.file == path.name
        }
        for key in required:
            if key not in value:
                hint = _misspelt(value, key, known)
                raise DataError(f"missing top-level key '{key}'{hint}", path=path, line=value.line)
        self._warn_unknown(value, known, None)
        return value

    def records(self, doc: safeyaml.YamlMap, section: Section[Any]) -> Iterator[Record]:
        items = doc.get(section.key)
        if items is None:
            return
        if not isinstance(items, safeyaml.YamlList):
            raise DataError(
                f"must be a list, not {_kind(items)}",
                path=self.path,
                line=doc.line_of(section.key),
                field=section.key,
            )
        if section.id_required and not items:
            raise DataError(
                "has no entries", path=self.path, line=doc.line_of(section.key), field=section.key
            )
        layout = _Layout(known={"id", *section.fields, *_LIST_FIELDS}, path=str(self.path))
        for index, (item, line) in enumerate(zip(items, items.item_lines, strict=True), start=1):
            yield self._record(item, line, index, section, layout)

    def _record(
        self, item: safeyaml.Value, line: int, index: int, section: Section[Any], layout: _Layout
    ) -> Record:
        label = f"#{index} in '{section.key}'"
        if not isinstance(item, safeyaml.YamlMap):
            raise DataError(f"must be a mapping, not {_kind(item)}", path=self.path, line=line, entry=label)
        self.known = layout.known  # a missing field's error names an unknown key spelt like it
        record_id = self._id(item, label, section)
        try:
            values = self._values(item, f"'{record_id}'", section)
        except DataError as error:
            error.ids = (record_id,)
            raise
        if section.numbered:
            values["number"] = index
        if len(item) > len(layout.known) or not layout.known.issuperset(item):
            self._warn_unknown(item, layout.known, record_id)
        record: Record = section.kind(id=record_id, path=layout.path, line=line, **values)
        if record_id in self.seen_ids:
            first = self.seen_ids[record_id]
            duplicate = DataError(
                f"duplicate id (first defined at {location(first)})",
                path=self.path,
                line=line,
                entry=f"'{record_id}'",
                field="id",
                code="duplicate-id",
            )
            duplicate.ids = (record_id,)
            raise duplicate
        self.seen_ids[record_id] = record
        alternates = item.get("alternates")
        extra = alternates.item_lines if isinstance(alternates, safeyaml.YamlList) else []
        self.phrasing_lines[record_id] = (item.line_of(section.heading), *extra)
        return record

    def _values(self, item: safeyaml.YamlMap, label: str, section: Section[Any]) -> dict[str, Any]:
        values: dict[str, Any] = {
            name: self._text(
                item, name, label, required=name not in section.optional, markdown=name in section.markdown
            )
            for name in section.fields
        }
        for name in _LIST_FIELDS:
            values[name] = self._text_list(item, name, label)
        return values

    def _id(self, item: safeyaml.YamlMap, label: str, section: Section[Any]) -> str:
        if "id" not in item and not section.id_required:
            heading = item.get(section.fields[0])
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

    def _text(
        self, item: safeyaml.YamlMap, name: str, label: str, *, required: bool, markdown: bool = False
    ) -> str:
        if name not in item or item[name] is None:
            if required:
                hint = _misspelt(item, name, self.known) if name not in item else ""
                raise DataError(f"is missing{hint}", path=self.path, line=item.line, entry=label, field=name)
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
        text = markdown_text(value) if markdown else " ".join(value.split())
        if required and not text:
            raise DataError("is empty", path=self.path, line=item.line_of(name), entry=label, field=name)
        return text

    def _text_list(self, item: safeyaml.YamlMap, name: str, label: str) -> tuple[str, ...]:
        value = item.get(name)
        if value is None:
            return ()
        if not isinstance(value, safeyaml.YamlList):
            raise DataError(
                f"must be a list of text, not {_kind(value)}",
                path=self.path,
                line=item.line_of(name),
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
        for name in _SETTINGS:
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
        chance = numbers.get("min_confidence")
        if chance is not None and 0 < chance < 1:  # a fraction where a percent is meant (JSON uses 0-1)
            self.findings.append(
                Finding(
                    "warning",
                    "setting-scale",
                    str(self.path),
                    value.line_of("min_confidence"),
                    f"settings: min_confidence is a percent: {chance:g} means {chance:g}%; "
                    f"did you mean {chance * 100:g}?",
                    column=value.column_of("min_confidence"),
                )
            )
        self._warn_unknown(value, set(_SETTINGS), None, owner="settings")
        return Settings(**numbers)

    def optional_text(self, doc: safeyaml.YamlMap, name: str) -> str:
        return self._text(doc, name, "top level", required=False)

    def _warn_unknown(
        self, mapping: safeyaml.YamlMap, known: set[str], record_id: str | None, owner: str = ""
    ) -> None:
        for key in mapping:
            if key not in known:
                where = f"entry '{record_id}': " if record_id else f"{owner}: " if owner else ""
                meant = _meant(key, [name for name in known if name not in mapping]) or _meant(key, known)
                hint = f"; did you mean '{meant}'?" if meant else ""
                self.findings.append(
                    Finding(
                        "warning",
                        "unknown-field",
                        str(self.path),
                        mapping.line_of(key),
                        f"{where}unknown field '{key}' (ignored{hint})",
                        ids=(record_id,) if record_id else (),
                        column=mapping.column_of(key),
                    )
                )


def _meant(key: str, names: Iterable[str]) -> str | None:
    """The field a misspelt key most likely means (`anwser` -> `answer`), if one is close enough."""
    spelt = {name.casefold(): name for name in sorted(names)}
    close = difflib.get_close_matches(key.casefold(), list(spelt), n=1, cutoff=0.6)
    return spelt[close[0]] if close else None


def _misspelt(mapping: safeyaml.YamlMap, name: str, known: set[str]) -> str:
    """For a missing field: " (line 6 has 'anwser': did you mean 'answer'?)" when an unknown key of the
    same mapping looks like it, else ""."""
    for key in mapping:
        if key not in known and _meant(key, known) == name:
            return f" (line {mapping.line_of(key)} has '{key}': did you mean '{name}'?)"
    return ""


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


def markdown_text(value: str) -> str:
    """A Markdown field as written, its line breaks kept: dedented, trailing spaces and blank edges off.
    (YAML's folded `>` style already makes prose one line; a literal `|` block keeps code and lists.)"""
    lines = textwrap.dedent(value.replace("\r\n", "\n")).split("\n")
    return re.sub(r"\n{3,}", "\n\n", "\n".join(line.rstrip() for line in lines)).strip()


def slugify(text: str) -> str:
    """A stable id from a title: lowercase words joined by hyphens, at most 60 characters; an accented
    letter is its letter ("Código de Conducta" -> `codigo-de-conducta`, not `c-digo-...`), as the
    matcher's `fold` reads it; a typographic apostrophe (U+2019) is one too, as in "d'usage" -> `dusage`."""
    words = fold(text).replace("'", "").replace("\u2019", "")
    return "-".join(re.findall(r"[a-z0-9]+", words))[:60].strip("-")
