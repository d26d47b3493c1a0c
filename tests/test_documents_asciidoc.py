"""AsciiDoc documents (leadercli.packs.documents.asciidoc): read as Markdown, line for line."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from leadercli.packs.documents.asciidoc import parse_asciidoc, to_markdown
from tests.conftest import run_json

README = """\
= My Tool
Jane Doe <jane@example.org>
:toc:
:version: 2.1

// a note to editors
My Tool is a small program that converts files (version {version}).

== Installation

Install it with pip:

[source,shell]
----
pip install mytool
----

=== From source

Clone the repository and run `make`. See <<usage,the usage>>.

[[usage]]
== Usage

Run *mytool FILE* to convert a file; press kbd:[Ctrl+C] to stop. +
Read https://example.org/docs[the manual].

NOTE: The output goes to stdout.

.Options
|===
|Option |Meaning

|-v |verbose
|-q |quiet
|===

* one
** nested
. first

[WARNING]
====
Never run it as root.
====

____
Simple is better.
____

////
hidden
////

== FAQ

Why slow?:: Large files take time.
"""


def test_headings_code_notes_tables_and_links_become_markdown_line_for_line() -> None:
    markdown = to_markdown(README)
    assert len(markdown.split("\n")) == len(README.split("\n"))
    lines = markdown.split("\n")
    assert lines[0] == "# My Tool" and lines[1:4] == ["", "", ""]
    assert "My Tool is a small program that converts files (version 2.1)." in lines
    assert "```shell\npip install mytool\n```" in markdown
    assert "### From source" in lines and "## Usage" in lines
    assert "Clone the repository and run `make`. See the usage." in lines
    assert "Run **mytool FILE** to convert a file; press `Ctrl+C` to stop." in lines
    assert "Read [the manual](https://example.org/docs)." in lines
    assert "**Note:** The output goes to stdout." in lines
    assert "**Options**" in lines
    assert "| Option | Meaning |\n| --- | --- |\n| -v | verbose |\n| -q | quiet |" in markdown
    items = [line for line in lines if line.lstrip()[:2] in ("- ", "1.")]
    assert items == ["- one", "  - nested", "1. first"]
    assert "**Warning:**\nNever run it as root." in markdown
    assert "> Simple is better." in lines
    assert "hidden" not in markdown and "a note to editors" not in markdown and ":toc:" not in markdown
    assert "**Why slow?**: Large files take time." in lines


def test_the_outline_keeps_the_files_lines() -> None:
    outline = parse_asciidoc(README)
    lines = README.split("\n")
    assert [h.title for h in outline.headings] == ["My Tool", "Installation", "From source", "Usage", "FAQ"]
    for heading in outline.headings:
        assert heading.title in lines[heading.line - 1]


@pytest.mark.parametrize(
    "text",
    [
        "----\nunclosed listing\n== not a heading",
        "====\n----\ninner unclosed\n====\nafter",
        "|===\n|a|b\n",
        "= T\n",
    ],
)
def test_unclosed_blocks_keep_the_line_count(text: str) -> None:
    assert len(to_markdown(text).split("\n")) == len(text.split("\n"))


def test_a_table_whose_later_rows_hold_more_cells_keeps_the_line_count_and_its_cells() -> None:
    # Its first line has one cell, so the table has one column: seven rows from two lines.
    text = "|===\n|a\n|b|c|d|e|f|g\n|==="
    markdown = to_markdown(text)
    assert len(markdown.split("\n")) == len(text.split("\n"))
    assert all(cell in markdown for cell in "abcdefg")


def test_blocks_nested_thousands_deep_are_read() -> None:
    # Each delimiter opens a block inside the one before (none closes): a recursion error before.
    text = "\n".join(["====" + "=" * depth for depth in range(1200)] + ["the words inside"])
    markdown = to_markdown(text)
    assert len(markdown.split("\n")) == len(text.split("\n"))
    assert markdown.endswith("the words inside")


@pytest.mark.parametrize(
    "line",
    [
        "== a" + " " * 200_000 + "b",  # a title's closing `=` looked for after every blank
        "`+a " * 100_000,  # passthroughs never closed
        "<<a" * 100_000,  # cross references never closed
        "footnote:[" * 100_000,
        "kbd:[" * 100_000,
    ],
)
def test_inline_markup_never_closed_is_read_in_linear_time(line: str) -> None:
    started = time.perf_counter()
    to_markdown("text\n\n" + line)
    assert time.perf_counter() - started < 2


def test_a_title_may_close_with_equals_signs() -> None:
    assert to_markdown("== Usage ==\n=== a == b\n== C++=") == "## Usage\n### a == b\n## C++="


def test_an_adoc_readme_answers(tmp_path: Path) -> None:
    readme = tmp_path / "README.adoc"
    readme.write_text(README, encoding="utf-8")
    reply = run_json("--pack", str(readme), "ask", "how do i install it with pip")
    assert reply["match"]["question"] == "Installation"
    assert "pip install mytool" in reply["match"]["answer"]
    assert run_json("--pack", str(tmp_path), "ask", "what does -q do")["match"]["question"] == "Usage"


@pytest.mark.parametrize("token", ["http:", "link:a", "image:a", "xref:a"])
def test_a_line_of_one_repeated_macro_is_one_pass(token: str) -> None:
    started = time.perf_counter()
    to_markdown(token * 200_000)
    assert time.perf_counter() - started < 5


def test_code_holding_a_fence_is_kept_as_written() -> None:
    assert to_markdown("----\n```\nx\n```\n----") == "````\n```\nx\n```\n````"


def test_a_glossary_of_terms_over_their_definitions_is_a_section_a_term() -> None:
    """Spring Batch's glossary (blind31): 19 `Term::` entries, each over its indented definition, were one
    record and ran each term into its definition; a "`curved`" quote showed its backticks."""
    terms = "".join(f'Term {n}::\n  Meaning {n} goes\n  on over "`lines`".\n\n' for n in range(1, 7))
    outline = parse_asciidoc(f"= Glossary\n\n[glossary]\n== Batch Glossary\n\n{terms}")
    assert [(heading.title, heading.level, heading.line) for heading in outline.headings][1:4] == [
        ("Batch Glossary", 2, 4),
        ("Term 1", 3, 6),
        ("Term 2", 3, 10),
    ]
    assert outline.headings[2].body == "Meaning 1 goes\non over \u201clines\u201d."


def test_a_term_with_its_definition_on_its_line_stays_a_bold_label() -> None:
    assert (
        to_markdown("CPU:: the processor\nRAM::\n  the memory")
        == "**CPU**: the processor\n**RAM**\n: the memory"
    )
    # a term over a blank line keeps its bold; one over a list leaves no `: ` on the line after the list
    assert to_markdown("GPU::\n\nThe card.") == "**GPU**\n\nThe card."
    assert to_markdown("Step::\n- one\n- two\nExtra line.") == "**Step**\n- one\n- two\nExtra line."


def test_curved_quotes_but_not_in_a_passthrough() -> None:
    assert to_markdown('Say "`quoted`" or +"`typed`"+.') == 'Say \u201cquoted\u201d or `"`typed`"`.'
