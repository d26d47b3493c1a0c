"""Labelled questions for `leadercli eval`: YAML (a list, or a mapping with `cases:`) or JSON Lines."""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path

from leadercli.errors import DataError
from leadercli.matching.evaluate import Case
from leadercli.packs import safeyaml

_JSON_LINES_SUFFIXES = {".jsonl", ".ndjson"}


def load_cases(path: Path, known_ids: Collection[str]) -> list[Case]:
    """Every case in the file; each needs `query` (text) and `expect` (an id of the pack, or null)."""
    text = safeyaml.read_text(path)
    located = _json_lines(path, text) if path.suffix.lower() in _JSON_LINES_SUFFIXES else _yaml(path, text)
    if not located:
        raise DataError("no cases in this file", path=path)
    for index, (case, line) in enumerate(located, start=1):
        if case.expect is not None and case.expect not in known_ids:
            raise DataError(
                f"the pack has no record {case.expect!r}",
                path=path,
                line=line,
                entry=f"#{index}",
                field="expect",
            )
    return [case for case, _ in located]


def _json_lines(path: Path, text: str) -> list[tuple[Case, int]]:
    cases: list[tuple[Case, int]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise DataError(
                f"invalid JSON: {error.msg}", path=path, line=number, column=error.colno
            ) from None
        except RecursionError:
            raise DataError("invalid JSON: nested too deeply", path=path, line=number) from None
        except ValueError:  # an integer of more than 4,300 digits
            raise DataError("invalid JSON: a number too long to read", path=path, line=number) from None
        cases.append((_case(item, path, number, len(cases) + 1), number))
    return cases


def _yaml(path: Path, text: str) -> list[tuple[Case, int]]:
    document = safeyaml.parse(text, path)
    if isinstance(document, safeyaml.YamlMap) and "cases" in document:
        document = document["cases"]
    if not isinstance(document, safeyaml.YamlList):
        raise DataError("must be a list of {query, expect} cases (or a mapping with 'cases:')", path=path)
    return [
        (_case(item, path, line, index), line)
        for index, (item, line) in enumerate(zip(document, document.item_lines, strict=True), start=1)
    ]


def _case(item: object, path: Path, line: int, index: int) -> Case:
    if not isinstance(item, dict):
        raise DataError(
            "a case must be a mapping with 'query' and 'expect'", path=path, line=line, entry=f"#{index}"
        )
    query, expect = item.get("query"), item.get("expect", ...)
    if not isinstance(query, str):
        raise DataError("must be text", path=path, line=line, entry=f"#{index}", field="query")
    if expect is ...:
        raise DataError(
            "is missing (an id, or null for 'must not answer')",
            path=path,
            line=line,
            entry=f"#{index}",
            field="expect",
        )
    if expect is not None and not isinstance(expect, str):
        raise DataError(
            "must be a record id or null", path=path, line=line, entry=f"#{index}", field="expect"
        )
    return Case(query=query, expect=expect)
