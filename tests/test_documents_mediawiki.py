"""MediaWiki markup (leadercli.packs.documents.mediawiki): BIP 173 (blind22) was read as plain text, five of
its headings lost, `===Abstract===` shown with its signs, footnotes inline and tables run into one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadercli.packs.documents.load import load_documents
from leadercli.packs.documents.mediawiki import inline, to_markdown
from leadercli.packs.sections import FAQ

PAGE = """\
<pre>
  BIP: 1
  Title: A &lt;test&gt; page
</pre>

==Introduction==

===Abstract===

A '''bold''' claim<ref>'''Why?''' Because
it is.</ref> and an ''aside''<ref name="x">Named.</ref>, again<ref name="x"/>.
* one
** nested with <tt>code</tt>
# first
;Term : its meaning

{| class="wikitable"
|+ Caption
|-
! !!A!!B
|-
!1
|style="color:red"| x||y
|}

 preformatted line
 another

== Rationale ==
<references />
<!-- a comment
over lines -->
== See also ==
[[Other page|the other page]], [https://example.org a site], [[Category:Hidden]] {{Template|x}} __NOTOC__
"""


def test_a_page_reads_as_markdown_each_line_keeping_its_file_line() -> None:
    lines, origin = to_markdown(PAGE)
    assert len(lines) == len(origin)
    shown = dict(zip(lines, origin, strict=True))
    assert shown["## Introduction"] == 6 and shown["### Abstract"] == 8
    assert (
        shown[r"A **bold** claim\[1\] and an *aside*\[2\], again\[2\]."] == 10
    )  # a footnote joins its lines
    assert shown["- one"] == 12 and shown["  - nested with `code`"] == 13 and shown["1. first"] == 14
    assert "**Term** its meaning" in shown
    assert lines[:4] == ["```", "  BIP: 1", "  Title: A <test> page", "```"]
    caption = lines.index("**Caption**")
    assert lines[caption : caption + 5] == [
        "**Caption**",
        "",
        "|  | A | B |",
        "| --- | --- | --- |",
        "| 1 | x | y |",
    ]
    start = lines.index("preformatted line")
    assert lines[start - 1 : start + 3] == ["```", "preformatted line", "another", "```"]
    notes = lines.index("1. **Why?** Because it is.")
    assert lines[notes + 1] == "2. Named." and origin[notes] == shown["## Rationale"] + 1
    assert "a comment" not in "\n".join(lines)
    assert lines[-2] == "the other page, [a site](https://example.org),"


def test_records_are_the_sections_at_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "page.mediawiki"
    path.write_text(PAGE, encoding="utf-8")
    entries = {entry.question: entry for entry in load_documents(path).of(FAQ)}
    assert [(entry.line, title) for title, entry in entries.items()][1:] == [
        (8, "Abstract"),
        (29, "Rationale"),
        (33, "See also"),
    ]
    assert entries["Rationale"].answer.startswith("1. **Why?** Because it is.\n2. Named.")


@pytest.mark.parametrize(
    ("wiki", "markdown"),
    [
        ("'''''both'''''", "***both***"),
        ("10<sup>9</sup> and H<sub>2</sub>O", "10^9 and H2O"),
        ("<code>a|b</code> <nowiki>''not italic''</nowiki>", "`a|b` ''not italic''"),
        ("[[Page]] [[:Category:Shown]] [[File:x.png|thumb]]", "Page Category:Shown "),
        ("a * b_c [x] &amp; <br/> end", r"a \* b_c \[x\] \& <br> end"),
        ("''unclosed", "''unclosed"),
    ],
)
def test_inline_markup(wiki: str, markdown: str) -> None:
    assert inline(wiki) == markdown


@pytest.mark.parametrize(
    "text",
    ["<pre>never closed\n== Not a heading ==", "{|\n|- \n|}\n", "{| broken", "<ref>open", "=\n==\n= x", ""],
)
def test_bad_markup_gives_lines_without_raising(text: str) -> None:
    lines, origin = to_markdown(text)
    assert len(lines) == len(origin) and all(line >= 1 for line in origin)


def test_an_image_tag_is_its_description_or_nothing() -> None:
    # LIP 1 (blind24) showed `<img src="lip-0001/process.png"></img>` as text.
    assert inline('<img src="process.png"></img> and <img alt="The flow" src="flow.png"/>') == (
        " and ![The flow](flow.png)"
    )


def test_a_pre_header_s_title_is_the_page_s_title(tmp_path: Path) -> None:
    path = tmp_path / "lip-0001.mediawiki"
    path.write_text(
        "<pre>\n  LIP: 1\n  Title: LIP Purpose &amp; Guidelines\n</pre>\n\n==Abstract==\n\nText.\n"
    )
    pack = load_documents(path)
    assert pack.title == "LIP Purpose & Guidelines"
    assert [entry.question for entry in pack.of(FAQ)] == ["About LIP Purpose & Guidelines", "Abstract"]


def test_an_indented_table_end_closes_the_table(tmp_path: Path) -> None:
    path = tmp_path / "t.wiki"
    path.write_text(
        "== A ==\n{|\n| a || b\n|-\n| c || d\n  |}\n\n== Install ==\nRun it twice.\n", encoding="utf-8"
    )
    assert [entry.question for entry in load_documents(path).of(FAQ)] == ["A", "Install"]


@pytest.mark.parametrize(("line", "heading"), [("== A ==", "## A"), ("=== B ==", "## =B"), ("==C=", "# =C")])
def test_a_heading_s_level_is_the_fewer_of_its_signs(line: str, heading: str) -> None:
    assert to_markdown(line)[0][0] == heading


def test_words_after_a_pre_block_and_a_note_defined_after_its_first_use() -> None:
    page = "== Build ==\n<pre>make all</pre> then run make check.\n\n"
    page += "Once.<ref name=x/> Twice.<ref name=x>Noted.</ref>\n"
    lines, _ = to_markdown(page + "<references/>\n")
    assert lines[:5] == ["## Build", "```", "make all", "```", "then run make check."]
    assert "1. Noted." in lines
