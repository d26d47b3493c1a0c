"""Vim help files (leadercli.packs.documents.vimhelp): `=` rules and titles, `~` column headings, examples."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from leadercli.packs.documents.text import parse_text
from leadercli.packs.documents.vimhelp import looks_like_vim_help, parse_vimhelp
from tests.conftest import run_json

HELP = """\
*frob.txt*        Frobnicate your buffers.

                    Frob

==============================================================================
CONTENTS                                                      *frob-contents*

  Introduction ............. |frob-introduction|
  Commands ................. |frob-commands|

==============================================================================
INTRODUCTION                                              *frob-introduction*

Frob is a plugin that frobnicates. See |frob-commands|.

==============================================================================
COMMANDS                                                      *frob-commands*

Turning it on:~

:FrobEnable             Turn frob on for all buffers, even the ones you
                        opened before.

                                                                *frob-config*
Put this in your vimrc: >
    let g:frob = 1
<
That is all.

 vim:tw=78:ts=8:ft=help:norl:
"""


def test_sections_column_headings_entries_and_examples() -> None:
    assert looks_like_vim_help(HELP) and not looks_like_vim_help("README\n======\n\nText.\n")
    outline = parse_vimhelp(HELP)
    found = [(h.title, h.level, h.line) for h in outline.headings]
    assert found == [("INTRODUCTION", 1, 12), ("COMMANDS", 1, 17)]
    assert [(s.line, s.reason) for s in outline.skipped] == [(6, "table of contents")]
    introduction, commands = (h.body for h in outline.headings)
    assert introduction == "Frob is a plugin that frobnicates. See frob-commands."
    assert commands.split("\n\n") == [
        "**Turning it on:**",
        "`:FrobEnable` Turn frob on for all buffers, even the ones you opened before.",
        "Put this in your vimrc:",
        "```\nlet g:frob = 1\n```",
        "That is all.",
    ]
    assert outline.introduction is not None and outline.introduction.title == "About frob"
    assert "vim:tw" not in commands and "*frob-config*" not in commands


def test_the_plain_text_reader_misread_it() -> None:
    """What this reader is for: read as plain text, the sections were not found."""
    assert "COMMANDS" not in [h.title for h in parse_text(HELP).headings]


@pytest.mark.parametrize(
    "body",
    [
        "vi: " * 100_000,  # a modeline's start, again and again
        "=" * 40 + "\nTitle\n" + "." * 400_000,  # a dot leader that never reaches its |tag|
        "a" + " " * 400_000 + "b",  # a column heading's `~` looked for after every space
        "x >\n<y\n" * 50_000,  # examples each closed by a `<` with words after it
        "x >\n" + "\n" * 400_000 + " code\n<",  # an example after 400,000 blank lines
    ],
)
def test_pathological_help_files_are_read_in_linear_time(body: str) -> None:
    started = time.perf_counter()
    parse_vimhelp("*a.txt*\n" + body)
    assert time.perf_counter() - started < 2


def test_a_help_file_answers(tmp_path: Path) -> None:
    document = tmp_path / "frob.txt"
    document.write_text(HELP, encoding="utf-8")
    reply = run_json("--pack", str(document), "ask", "how do i turn frob on")
    assert reply["match"]["question"] == "COMMANDS"


def test_a_line_of_text_never_becomes_markup() -> None:
    body = parse_vimhelp("*x.txt*\n\n" + "=" * 40 + "\nUSAGE\n\n# not a heading\n> quoted\n").headings[0].body
    assert body.startswith("\\# not a heading")
