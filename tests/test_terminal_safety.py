"""Pack text and questions never act on the terminal: every view, JSON, chat and error messages
neutralise control, escape and bidi characters."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest

from leadercli.packs.loader import load_pack
from leadercli.packs.sections import FAQ
from tests.conftest import (
    SGR,
    TERMINAL,
    assert_neutralised,
    one_error_line,
    run,
)

PackMaker = Callable[..., Path]


ATTACK = (
    "[red]RED[/red] [link=file:///etc/passwd]x[/link] \x1b]8;;file:///etc/passwd\x07click\x1b]8;;\x07 "
    "\x1b[2J\x1b[31m \u202egnp.exe\u202c \x9b31m \x00nul \x07bell"
)


def _field(label: str) -> str:
    return json.dumps(f"{label} {ATTACK}")  # a JSON string is a YAML double-quoted scalar: escapes included


HOSTILE_FAQ = f"""\
title: {_field("Title")}
source: {_field("Source")}
entries:
  - id: hostile
    question: {_field("How much does the hostile service cost?")}
    answer: {_field("Answer")}
    source: {_field("src")}
    alternates: [{_field("what is the price")}]
    tags: [insight, {_field("tag")}]
  - id: refunds
    question: Can I get a refund?
    answer: Refunds are given within thirty days.
"""
HOSTILE_PLAYBOOK = f"""\
steps:
  - {{id: s1, title: {_field("Step")}, do: {_field("Do")}, why: {_field("Why")}}}
risks:
  - {{id: r1, name: {_field("Risk")}, risk: {_field("R")}, mitigation: {_field("M")}}}
tools:
  - {{id: t1, name: {_field("Tool")}, description: {_field("D")}}}
metrics:
  - {{id: m1, name: {_field("Metric")}, measures: {_field("Me")}}}
cadence:
  - {{id: c1, period: monthly, name: {_field("Cadence")}, what: {_field("W")}}}
"""
VIEWS = [
    ("ask", "how much does the hostile service cost"),
    ("ask", "hostile price", "--top", "2"),
    ("ask", "zzz qqq"),
    ("playbook",),
    ("playbook", "1"),
    ("risks",),
    ("faq",),
    ("show", "hostile"),
    ("show", "s1"),
    ("search", "hostile"),
    ("metrics",),
    ("cadence",),
    ("tools",),
    ("insights",),
    ("about",),
    ("validate",),
    ("export",),
    (),
]


def expected_exit(args: tuple[str, ...]) -> int:
    """0 for every view, but 1 for the question nothing answers and for `validate` (the pack has warnings)."""
    return 1 if args in {("ask", "zzz qqq"), ("validate",)} else 0


@pytest.fixture
def hostile(make_pack: PackMaker) -> Path:
    directory = make_pack(HOSTILE_FAQ, HOSTILE_PLAYBOOK)
    assert (
        "\x1b]8;;file:///etc/passwd\x07" in load_pack(directory).of(FAQ)[0].answer
    )  # the attack is really there
    return directory


@pytest.mark.parametrize("env", [{}, TERMINAL], ids=["piped", "terminal"])
@pytest.mark.parametrize("args", VIEWS, ids=lambda args: " ".join(args) or "overview")
def test_hostile_pack_text_is_neutralised_in_every_view(
    hostile: Path, args: tuple[str, ...], env: dict[str, str]
) -> None:
    result = run("--pack", str(hostile), *args, env=env, width=200)
    assert result.exit_code == expected_exit(args), result.output
    assert result.stderr == ""
    assert_neutralised(result.stdout)
    if args[:1] == ("export",):
        return  # Markdown, not Rich: it escapes markup its own way (tests/test_export.py)
    if env:
        assert SGR.search(result.stdout), "the terminal (Rich) path did not run"
    if args == ("ask", "zzz qqq"):
        return  # unanswered: no pack text shown
    shown = re.sub(r"[\s│╭╮╰╯─]+", "", SGR.sub("", result.stdout))  # words may wrap, boxes may cut lines
    assert "[red]RED[/red]" in shown  # markup printed literally, never applied
    assert "[link=file:///etc/passwd]x[/link]" in shown
    assert "\\x1b]8;;file:///etc/passwd\\x07click" in shown  # the escape is shown, not obeyed
    assert "\\u202egnp.exe\\u202c" in shown


@pytest.mark.parametrize(
    "args",
    [args for args in VIEWS if args and args[0] not in ("export", "validate")] + [("export",)],
    ids=" ".join,
)
def test_hostile_pack_text_is_escaped_in_json(hostile: Path, args: tuple[str, ...]) -> None:
    result = run("--pack", str(hostile), *args, "--json")
    assert result.exit_code == expected_exit(args), result.output
    assert_neutralised(result.stdout)  # C0 and C1 controls and bidi marks all written as \\uXXXX
    json.loads(result.stdout)
    if args[:2] == ("show", "hostile"):
        assert json.loads(result.stdout)["answer"] == f"Answer {ATTACK}"  # the same text, read back


def test_hostile_pack_text_is_neutralised_in_chat(hostile: Path) -> None:
    from typer.testing import CliRunner

    from leadercli.cli import app

    lines = "how much does the hostile service cost\n/risks\n/show hostile\n/show \x1b[2J\n/search hostile\n"
    result = CliRunner().invoke(
        app, ["chat", "--pack", str(hostile)], input=lines, env={**TERMINAL, "COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert_neutralised(result.stdout)
    assert "no entry with id '\\x1b[2J'" in result.stdout


def test_error_messages_quoting_the_pack_are_neutralised(make_pack: PackMaker) -> None:
    key = json.dumps("k\x1b]8;;file:///etc/passwd\x07\u202e")
    directory = make_pack(f"entries:\n  - {{id: a, question: Q, answer: A}}\n{key}: 1\n{key}: 2\n")
    result = run("ask", "q", "--pack", str(directory))
    assert result.exit_code == 2
    line = one_error_line(result)
    assert_neutralised(line)
    assert "duplicate key 'k\\x1b]8;;file:///etc/passwd\\x07\\u202e'" in line
