from __future__ import annotations

from pathlib import Path

import pytest

from leadercli.errors import DataError
from leadercli.matching.evaluate import Case
from leadercli.packs.cases import load_cases

IDS = {"pricing", "refunds"}


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_list_and_mapping_forms(tmp_path: Path) -> None:
    expected = [Case("what is the price", "pricing"), Case("capital of france", None)]
    plain = "- {query: what is the price, expect: pricing}\n- {query: capital of france, expect: null}\n"
    assert load_cases(write(tmp_path, "a.yaml", plain), IDS) == expected
    nested = "cases:\n  - {query: what is the price, expect: pricing, kind: paraphrase}\n"
    assert load_cases(write(tmp_path, "b.yaml", nested), IDS) == expected[:1]


def test_json_lines(tmp_path: Path) -> None:
    text = '{"query": "money back", "expect": "refunds"}\n\n{"query": "hi", "expect": null}\n'
    assert load_cases(write(tmp_path, "c.jsonl", text), IDS) == [
        Case("money back", "refunds"),
        Case("hi", None),
    ]


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "d.jsonl",
            '{"query": "a", "expect": null}\n{"query": \n',
            "d.jsonl:2:11: invalid JSON: Expecting value",
        ),
        ("e.yaml", "- {query: a}\n", "e.yaml:1: entry #1, field 'expect': is missing"),
        ("f.yaml", "- {query: a, expect: nope}\n", "field 'expect': the pack has no record 'nope'"),
        ("g.yaml", "- {query: [a], expect: null}\n", "field 'query': must be text"),
        ("h.yaml", "just: text\n", "must be a list of {query, expect} cases"),
        ("i.yaml", "[]\n", "no cases in this file"),
        ("j.jsonl", '{"query": ' + "[" * 100_000 + "]" * 100_000 + "}\n", "j.jsonl:1: invalid JSON: nested"),
        ("k.jsonl", '{"query": "a", "expect": ' + "9" * 5000 + "}\n", "k.jsonl:1: invalid JSON: a number"),
        ("l.yaml", "- {query: " + "[" * 900 + "]" * 900 + "}\n", "l.yaml:1: nested more than 100 levels"),
        ("m.yaml", "- &x {query: a, expect: *x}\n", "m.yaml:1: a YAML alias refers to a list or mapping"),
    ],
)
def test_bad_case_files_name_file_and_line(tmp_path: Path, name: str, text: str, message: str) -> None:
    with pytest.raises(DataError) as caught:
        load_cases(write(tmp_path, name, text), IDS)
    assert message in str(caught.value)
