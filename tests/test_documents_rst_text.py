"""The reStructuredText and plain-text parsers against real documents with hand-counted sections.

Recall is measured the way the record builder will use an outline: a record is a heading with a
non-empty body, and every listed section (and nothing else) must come out as one, at its exact line.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from leadercli.packs.documents.outline import Heading, Outline
from leadercli.packs.documents.rst import parse_rst
from leadercli.packs.documents.text import parse_text
from leadercli.packs.sections import is_markdown

DOCS = Path(__file__).parent / "fixtures" / "docs"
Parser = Callable[[str], Outline]
CASES = [("syncthing-faq-usage", "usage.rst", parse_rst), ("zlib-faq", "FAQ", parse_text)]


def _load(slug: str, name: str, parse: Parser) -> tuple[dict[str, Any], Outline]:
    source: dict[str, Any] = yaml.safe_load((DOCS / slug / "SOURCE.yaml").read_text(encoding="utf-8"))
    return source, parse((DOCS / slug / name).read_text(encoding="utf-8"))


def _records(outline: Outline) -> list[Heading]:
    return [heading for heading in outline.headings if heading.body.strip()]


@pytest.mark.parametrize(("slug", "name", "parse"), CASES)
def test_every_listed_section_is_found_at_its_line_and_nothing_else(
    slug: str, name: str, parse: Parser
) -> None:
    source, outline = _load(slug, name, parse)
    listed = {section["line"] for section in source["sections"]}
    found = [heading.line for heading in _records(outline)]
    assert len(found) == len(set(found)) == source["expected_records"]
    assert set(found) == listed


@pytest.mark.parametrize(("slug", "name", "parse"), CASES)
def test_no_body_holds_the_next_heading(slug: str, name: str, parse: Parser) -> None:
    _, outline = _load(slug, name, parse)
    for heading, following in zip(outline.headings, outline.headings[1:], strict=False):
        assert following.title not in heading.body


def test_titles_and_levels_of_the_real_documents() -> None:
    _, usage = _load("syncthing-faq-usage", "usage.rst", parse_rst)
    assert usage.title == "Usage"
    assert usage.headings[0] == Heading("Usage", 1, 1, "")
    assert {heading.level for heading in usage.headings[1:]} == {2}
    stfolder = next(heading for heading in usage.headings if heading.line == 22)
    assert stfolder.title == "I really hate the .stfolder directory, can I remove it?"
    assert usage.headings[1].body == "See also: conflict-handling"
    _, faq = _load("zlib-faq", "FAQ", parse_text)
    assert faq.title == "Frequently Asked Questions about zlib"
    assert [heading.level for heading in faq.headings] == [1] + [2] * 38
    wrapped = next(heading for heading in faq.headings if heading.line == 155)
    assert wrapped.title.endswith('marked". So what exactly do I need to do to meet that requirement?')


RST_BODY = """\
Page
====

Install with ``pip``:

.. code-block:: console
   :emphasize-lines: 1
   :caption: shell

   $ pip install thing

See :ref:`the setup guide <setup>` and :ref:`troubleshooting`; press :kbd:`Ctrl+C`;
read :doc:`/faq` and :py:func:`~pkg.mod.run`.

- first item
- second item with ``code``

#. one
#. two

term
   its definition

.. note:: Back up first.

.. seealso:: :ref:`other`

.. versionadded:: 2.1
   The ``--fast`` flag.

.. _a-label:

.. a comment that must not show

Literal::

    x = 1
"""


def test_rst_body_is_markdown_that_keeps_the_text() -> None:
    outline = parse_rst(RST_BODY)
    (page,) = outline.headings
    body = page.body
    assert "```console\n$ pip install thing\n```" in body
    assert "See the setup guide and troubleshooting; press `Ctrl+C`;" in body
    assert "read /faq and `run`." in body
    assert "- first item\n- second item with `code`" in body
    assert "1. one\n2. two" in body
    assert "- **term**: its definition" in body
    assert "Note: Back up first." in body
    assert "See also: other" in body
    assert "New in version 2.1: The `--fast` flag." in body
    assert "Literal:\n\n```\nx = 1\n```" in body
    assert "a-label" not in body
    assert "comment" not in body


def test_rst_parse_is_quiet_and_leaves_docutils_as_it_found_it(capfd: pytest.CaptureFixture[str]) -> None:
    from docutils.parsers.rst import directives, roles  # type: ignore[import-untyped, unused-ignore]

    parse_rst("T\n=\n\n:unknown:`x` `broken <\n\n.. nosuch:: arg\n\n   text\n\n.. include:: /etc/passwd\n")
    assert capfd.readouterr() == ("", "")
    assert "ref" not in roles._roles
    assert "seealso" not in directives._directives


def test_importing_the_parsers_does_not_import_docutils() -> None:
    code = "import sys, leadercli.packs.documents.rst as r, leadercli.packs.documents.text as t\n"
    code += "print('docutils' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


RST_NESTED = """\
=========
 The Guide
=========

Intro text.

Install
-------

How to install.

On Linux
~~~~~~~~

Use the package.

On macOS
~~~~~~~~

Use brew.

Configure
---------

Edit the file.
"""


def test_rst_overlined_title_and_nested_sections() -> None:
    outline = parse_rst(RST_NESTED)
    assert outline.title == "The Guide"
    got = [(heading.title, heading.level, heading.line) for heading in outline.headings]
    assert got == [
        ("The Guide", 1, 2), ("Install", 2, 7), ("On Linux", 3, 12), ("On macOS", 3, 17),
        ("Configure", 2, 22),
    ]  # fmt: skip
    assert outline.headings[0].body == "Intro text."
    assert outline.headings[1].body == "How to install."


def test_rst_without_a_single_top_section_has_no_title() -> None:
    outline = parse_rst("Intro before any heading.\n\nOne\n===\n\nA.\n\nTwo\n===\n\nB.\n")
    assert outline.title == ""
    assert [(heading.title, heading.line) for heading in outline.headings] == [("One", 3), ("Two", 8)]
    assert outline.skipped == ()
    assert outline.introduction == Heading("Introduction", 0, 1, "Intro before any heading.")
    defined = parse_rst("Requests is an elegant HTTP library.\n\nOne\n===\n\nA.\n")
    assert defined.introduction is not None and defined.introduction.title == "About Requests"


TXT_GUIDE = """\
Backup Tool User Guide
======================

This guide explains the tool.

Getting started
===============

1. Download the installer

   Get it from the website.

2. Run it

   Double-click the file, then:

       backup --init

Daily use
=========

Run the backup every day:

- open the app
- press Start

Troubleshooting

If it fails, read the log.
"""


def test_txt_guide_with_banners_and_numbered_steps() -> None:
    outline = parse_text(TXT_GUIDE)
    got = [(heading.title, heading.level, heading.line) for heading in outline.headings]
    assert got == [
        ("Backup Tool User Guide", 1, 1),
        ("Getting started", 1, 6),
        ("1. Download the installer", 2, 9),
        ("2. Run it", 2, 13),
        ("Daily use", 1, 19),
        ("Troubleshooting", 2, 27),
    ]
    assert outline.title == ""  # two banners of the same style: no single title
    steps = outline.headings[3]
    assert steps.body == "Double-click the file, then:\n\n```\nbackup --init\n```"
    assert outline.headings[4].body == "Run the backup every day:\n\n- open the app\n- press Start"


GNU_README = """\
README for Gizmo
================

The contents of this file are:

  Building Gizmo
  Testing Gizmo
  File manifest


Building Gizmo
--------------

Build it in another directory, for example:

cd /build/gizmo
/source/gizmo/configure

Testing Gizmo
-------------

To run some tests only, give their numbers, for example:

  RunTest 2 7 11

The tests always run in numerical order, whatever the order of the arguments,
and   a gap in prose is a typo, not a table.

File manifest
-------------

(A) Source files for the library are found in
    the src directory:

  src/gizmo.c     the library
  src/gizmo.h  its header, which
                  every program includes

The types are, as follows:

    1   white space
   16   alphanumeric
"""


def test_txt_readme_keeps_the_lines_laid_out_by_hand() -> None:
    """pcre2's README (blind6): an example after "for example:" is no title and keeps its lines, a file
    list set in columns stays in columns (a hanging line too), a table indented 3 or 4 stays one
    table, a sentence wrapped under a hanging indent reads as one, and the contents list is skipped."""
    outline = parse_text(GNU_README)
    assert [heading.title for heading in outline.headings] == [
        "README for Gizmo", "Building Gizmo", "Testing Gizmo", "File manifest",
    ]  # fmt: skip
    intro, building, testing, manifest = (heading.body for heading in outline.headings)
    assert intro == "The contents of this file are:"
    assert ("table of contents", 6) in [(skipped.reason, skipped.line) for skipped in outline.skipped]
    assert "```\ncd /build/gizmo\n/source/gizmo/configure\n```" in building
    assert "```\nRunTest 2 7 11\n```" in testing
    assert testing.endswith("arguments,\nand   a gap in prose is a typo, not a table.")  # not fenced
    assert "found in\nthe src directory:" in manifest
    columns = "src/gizmo.c     the library\nsrc/gizmo.h  its header, which\n                every program"
    assert columns in manifest
    assert "```\n 1   white space\n16   alphanumeric\n```" in manifest


def test_txt_short_numbered_list_is_not_headings() -> None:
    outline = parse_text("SETUP\n\nDo this:\n\n1. one\n2. two\n\n    indented 1. not a heading\n")
    assert [heading.title for heading in outline.headings] == ["SETUP"]
    assert outline.title == "SETUP"
    assert "1. one\n2. two" in outline.headings[0].body


BAD_INPUTS = [
    "",
    "\n\n   \n",
    "Title\n=====\n\nSub\n---\n",
    "x" * 10_000,
    ("A" * 10_000) + "\n" + ("=" * 10_000) + "\n\nbody\n",
    bytes(range(256)).decode("latin-1") * 40,
    "\x00\x01\ufffd\x0c\x0b\r\r\n" * 500,
    "Title\n=====\n\nText::\n\n",
    "Title\n=====\n\n.. code-block:: python\n",
    "Title\n=====\n\n``never closed and `never either <\n\n.. _dangling:\n",
    "- a\n  - b\n" * 300,
    "Inconsistent\n------------\n\nA\n===\n\nB\n---\n\nC\n~~~\n\nD\n===\n",
]


@pytest.mark.parametrize("parse", [parse_rst, parse_text])
@pytest.mark.parametrize("text", BAD_INPUTS)
def test_bad_input_gives_an_outline_without_raising(parse: Parser, text: str) -> None:
    outline = parse(text)
    assert isinstance(outline, Outline)
    assert outline.source == ""
    for heading in outline.headings:
        assert heading.level >= 1
        assert heading.line >= 1


def test_only_headings_give_headings_with_empty_bodies() -> None:
    for parse in (parse_rst, parse_text):
        outline = parse("Title\n=====\n\nSub\n---\n")
        got = [(heading.title, heading.level, heading.line, heading.body) for heading in outline.headings]
        assert got == [("Title", 1, 1, ""), ("Sub", 2, 4, "")]


def test_rst_title_docutils_cannot_place_is_kept_and_listed_as_skipped() -> None:
    outline = parse_rst("Top\n===\n\nText.\n\n   Quoted\n   ------\n\n   more\n\nNext\n====\n\nB.\n")
    assert [(heading.title, heading.line) for heading in outline.headings] == [("Top", 1), ("Next", 11)]
    assert "> **Quoted**" in outline.headings[0].body
    assert [(skip.line, skip.text) for skip in outline.skipped] == [(6, "Quoted")]


def test_rst_falls_back_to_the_text_heuristics_when_docutils_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    from leadercli.packs.documents import rst

    def broken(text: str) -> Any:
        raise RecursionError("too deep")

    monkeypatch.setattr(rst, "_doctree", broken)
    outline = parse_rst("Title\n=====\n\nBody.\n")
    assert outline.headings == (Heading("Title", 1, 1, "Body."),)


def test_a_malformed_rst_table_keeps_its_text() -> None:
    """docutils refuses the table ("Malformed table"); its text stays in the answer, as a code block."""
    table = "+-------+--------+\n| alpha | beta   |\n+-------+--+\n| zebra | quokka |\n+-------+--------+\n"
    outline = parse_rst(f"Title\n=====\n\nIntro text.\n\n{table}")
    (section,) = outline.headings
    assert "Intro text." in section.body and "| zebra | quokka |" in section.body
    assert "```" in section.body


def _body(rst: str) -> str:
    (section, *_) = parse_rst(rst).headings
    return section.body


def test_rst_text_is_escaped_for_markdown_and_reads_as_written() -> None:
    from markdown_it import MarkdownIt

    body = _body("T\n=\n\nthe *args and 2*3*4 values, a_b_c, \\`x\\` and [y](z) <b> &amp; _u_\n")
    assert body == r"the \*args and 2\*3\*4 values, a_b_c, \`x\` and \[y\](z) \<b\> \&amp; \_u\_"
    assert is_markdown(body)  # one line, but drawn as Markdown (not shown with its backslashes)
    shown = MarkdownIt("commonmark").render(body)
    assert shown == "<p>the *args and 2*3*4 values, a_b_c, `x` and [y](z) &lt;b&gt; &amp;amp; _u_</p>\n"
    assert _body("T\n=\n\nsee *this* and ``a*b``\n") == "see *this* and `a*b`"


RST_TABS = """\
Sample
======

In each syntax:

.. tabs::

    .. code-tab:: ini
        :caption: .coveragerc

        [paths]
        source =
            src/
            c:\\myproj\\src

        ; missing debug-only code:
        def __repr__

    .. code-tab:: toml
        :caption: pyproject.toml

        [tool.coverage.paths]
        source = ["c:\\\\myproj\\\\src"]

    .. tab:: Linux

        Run *it* with the ``-x`` flag.

.. sourcecode:: python

    def __init__(self):  # *args
        pass
"""


def test_sphinx_code_tabs_are_code_blocks_under_their_captions() -> None:
    body = _body(RST_TABS)
    ini = "[paths]\nsource =\n    src/\n    c:\\myproj\\src\n\n; missing debug-only code:\ndef __repr__"
    assert f"**.coveragerc**\n\n```ini\n{ini}\n```" in body
    toml = '[tool.coverage.paths]\nsource = ["c:\\\\myproj\\\\src"]'
    assert f"**pyproject.toml**\n\n```toml\n{toml}\n```" in body
    assert "**Linux**\n\nRun *it* with the `-x` flag." in body
    assert "```python\ndef __init__(self):  # *args\n    pass\n```" in body


def test_rst_ref_to_a_label_in_the_document_shows_the_section_title() -> None:
    rst = """\
Top
===

The :ref:`config_report_exclude_also` setting, :ref:`its docs <config_report_exclude_also>`
and :ref:`elsewhere`.

.. _config_report_exclude_also:

[report] exclude_also
---------------------

Text.
"""
    body = _body(rst)
    assert body == r"The \[report\] exclude_also setting, its docs and elsewhere."


def test_issue_and_pull_request_roles_show_the_number_a_built_page_links() -> None:
    # itsdangerous' CHANGES.rst (blind23) read "Drop support for Python 3.7. 372".
    rst = "Top\n===\n\nDrop Python 3.7. :pr:`372` :issue:`74`, see :gh:`the wiki <wiki>`.\n"
    assert _body(rst) == r"Drop Python 3.7. \#372 \#74, see the wiki."


def test_version_directives_without_text_end_with_a_full_stop() -> None:
    versions = ".. versionadded:: 4.0\n\n.. versionchanged:: 5.1\n\n  Now *faster*.\n\n.. deprecated:: 6.0\n"
    body = _body(f"T\n=\n\n{versions}")
    assert body.split("\n\n") == [
        "New in version 4.0.", "Changed in version 5.1: Now *faster*.", "Deprecated since version 6.0.",
    ]  # fmt: skip


def test_a_bare_url_stays_text_though_its_characters_are_escaped() -> None:
    body = _body("T\n=\n\nsee https://docs.example.org/faq.html#inotify-limits today\n")
    assert body == r"see https://docs.example.org/faq.html\#inotify-limits today"


def test_a_definition_term_that_ends_in_a_colon_gets_no_second_one() -> None:
    """h5py's driver options (blind10) read `**backing_store:**:`."""
    outline = parse_rst("T\n=\n\nbacking_store:\n    Keep it.\n\nplain\n    Also.\n")
    assert outline.headings[0].body == "- **backing_store:** Keep it.\n- **plain**: Also."


SPEC = """\
Widget wire format
Last revised: 2024-01-02

An overview.


1. Preamble

The stream starts with a length.


2. The stream itself

Elements follow:

  00: literal


2.1. Literals

A literal is bytes.


2.1.1 Long literals

Longer.


3. Steps for a client

1. Connect.

2. Send.
"""


def test_txt_specification_numbers_its_sections() -> None:
    """Snappy's format descriptions (blind10): "2.1. Literals (00)" at the margin, its text at the margin
    too, is a section (it was one 135-line record); a title over "Last revised:" is the title."""
    outline = parse_text(SPEC)
    assert [(heading.title, heading.level, heading.line) for heading in outline.headings] == [
        ("Widget wire format", 1, 1), ("1. Preamble", 2, 7), ("2. The stream itself", 2, 12),
        ("2.1. Literals", 3, 19), ("2.1.1 Long literals", 4, 24), ("3. Steps for a client", 2, 29),
    ]  # fmt: skip
    assert outline.headings[0].body.startswith("Last revised: 2024-01-02\n\nAn overview.")
    assert "1. Connect." in outline.headings[-1].body  # a one-line step ending in "." is no title


def test_txt_without_sub_sections_keeps_numbered_lines_as_text() -> None:
    """Only a document that numbers sub-sections ("2.1.") numbers its sections: elsewhere "1. Preamble"
    set apart is a list item or a question, read as before."""
    outline = parse_text("Guide\n=====\n\nDo this:\n\n1. Install it\n\nThen run it.\n\n2. Run it\n\nDone.\n")
    assert [heading.title for heading in outline.headings] == ["Guide"]


def test_sphinx_descriptions_show_kind_and_signature_over_their_text() -> None:
    """h5py's API page (blind10) showed `.. class:: File(name, ...)` and all under it as the reST it is
    written in: docutils' own `class` directive refused the signature. Sphinx's `class` is the Python
    domain's."""
    outline = parse_rst(
        "API\n===\n\n.. class:: File(name, mode='r', \\\n    **kwds)\n\n    Open a file.\n\n"
        "    :param name: Its name.\n\n    .. method:: close()\n\n        Close it.\n\n"
        ".. py:function:: open_file(path)\n\n    Open by path.\n"
    )
    assert outline.headings[0].body == (
        "*class* `File(name, mode='r', **kwds)`\n\nOpen a file.\n\n- **param name**: Its name.\n\n"
        "*method* `close()`\n\nClose it.\n\n*function* `open_file(path)`\n\nOpen by path."
    )


def test_a_definition_list_that_is_a_sections_body_is_its_sub_sections() -> None:
    """Sphinx's FAQ (blind13) asks its questions as definition terms ("... get section numbers?" over
    the answer): one record held seven questions. A short list inside prose stays a list."""
    outline = parse_rst(
        "FAQ\n===\n\nHow do I...\n-----------\n\n... get numbers?\n   Use an option.\n\n"
        "... add a theme?\n   Use themes.\n\n... write an extension?\n   Read the guide.\n\n"
        "More in the wiki.\n\nOptions\n-------\n\nThe tool reads three settings from its file and"
        " uses defaults for the rest, as the list below says for each of them in turn.\n\n"
        "a\n   one\nb\n   two\nc\n   three\n"
    )
    assert [(heading.title, heading.level, heading.line) for heading in outline.headings] == [
        ("FAQ", 1, 1), ("How do I...", 2, 4), ("... get numbers?", 3, 7), ("... add a theme?", 3, 10),
        ("... write an extension?", 3, 13), ("Options", 2, 18),
    ]  # fmt: skip
    assert outline.headings[4].body == "Read the guide.\n\nMore in the wiki."  # what closes the list
    assert "- **a**: one" in outline.headings[5].body


def test_a_definition_that_is_a_list_stands_below_its_bold_term() -> None:
    """conda's pip advice (blind19): a bold term over an indented list ran into it, bold twice
    ("- ****Use pip only after conda****: - Install ...")."""
    text = "Guide\n=====\n\nWe recommend:\n\n**Use pip only after conda**\n  - Install with conda first.\n"
    text += "  - Then pip.\n"
    (heading,) = parse_rst(text).headings
    assert heading.body == (
        "We recommend:\n\n- **Use pip only after conda**:\n\n  - Install with conda first.\n  - Then pip."
    )


def test_a_one_word_directive_without_text_is_a_marker_and_shows_nothing() -> None:
    """Django's `.. setting:: NAME` over a title is a cross-reference target; autodoc's names stay."""
    rst = (
        "T\n=\n\n.. highlightlang:: html+django\n\nText.\n\n.. setting:: COMMENTS_APP\n\n"
        "COMMENTS_APP\n------------\n\nThe app.\n\n.. autofunction:: escape\n"
    )
    outline = parse_rst(rst)
    assert [(heading.title, heading.body) for heading in outline.headings] == [
        ("T", "Text."),
        ("COMMENTS_APP", "The app.\n\nescape"),
    ]


def test_a_peps_header_is_its_title_and_a_field_list_under_it() -> None:
    rst = (
        "PEP: 723\nTitle: Inline script metadata\nAuthor: Ofek Lev\nStatus: Final\n"
        "Post-History: 04-Aug-2023,\n              06-Aug-2023\n\n"
        "Abstract\n========\n\nA format.\n\nRationale\n=========\n\nWhy.\n"
    )
    outline = parse_rst(rst)
    assert outline.title == "PEP 723 \N{EN DASH} Inline script metadata"
    assert outline.introduction is not None and outline.introduction.line == 1
    assert outline.introduction.title == "About PEP 723 \N{EN DASH} Inline script metadata"
    assert "- **Author**: Ofek Lev" in outline.introduction.body
    assert "- **Post-History**: 04-Aug-2023, 06-Aug-2023" in outline.introduction.body
    headings = [(heading.title, heading.line) for heading in outline.headings]
    assert headings == [("Abstract", 8), ("Rationale", 13)]


@pytest.mark.parametrize(
    "opening",
    [
        "Title: Notes\nAuthor: me\n\n",  # two fields: a paragraph, as docutils reads it
        "Author: me\nStatus: Final\nType: Guide\n\n",  # no title
        "Some words first\nTitle: Notes\nAuthor: me\nStatus: Final\n\n",
    ],
)
def test_text_that_is_not_an_rfc_2822_header_stays_text(opening: str) -> None:
    outline = parse_rst(f"{opening}Abstract\n========\n\nA format.\n")
    assert outline.title in ("", "Abstract")
    assert outline.introduction is None or "**" not in outline.introduction.body


def test_a_reference_of_options_is_a_section_an_option_and_an_api_stays_whole() -> None:
    """flake8's option reference (blind33): 37 `.. option::` entries were one record of 874 lines; an API
    page's `.. function::` entries (attrs' one-line "Same as ..." helpers) stay their section's text."""
    options = "".join(
        f".. option:: --{name}=<n>\n\n    Show |Flake8|'s {name}, as a long sentence of text.\n\n"
        for name in ("color", "jobs", "tee")
    )
    outline = parse_rst(f"Options\n=======\n\n.. program:: flake8\n\n{options}")
    assert [(heading.title, heading.level, heading.line) for heading in outline.headings] == [
        ("Options", 1, 1),
        ("--color=<n>", 2, 6),
        ("--jobs=<n>", 2, 10),
        ("--tee=<n>", 2, 14),
    ]
    assert outline.headings[1].body == "Show Flake8's color, as a long sentence of text."
    functions = "".join(f".. function:: {name}\n\n   Same as `attrs.{name}`.\n\n" for name in "abc")
    helpers = parse_rst(f"Helpers\n=======\n\n{functions}")
    assert [heading.title for heading in helpers.headings] == ["Helpers"]
    assert "*function* `a`" in helpers.headings[0].body


def test_an_options_line_is_its_own_directive_not_one_that_contains_its_name() -> None:
    page = (
        "Options\n=======\n\n.. option:: --config=<file>\n\n    Read it.\n\n    .. code-block:: ini\n\n"
        "        x = 1\n\n.. option:: -b\n\n    Benchmark it, at length.\n\n.. option:: -c\n\n    Count it.\n"
    )
    assert [(heading.title, heading.line) for heading in parse_rst(page).headings][1:] == [
        ("--config=<file>", 4), ("-b", 12), ("-c", 16),
    ]  # fmt: skip


def test_a_sphinx_glossary_is_a_section_a_term() -> None:
    """aiohttp's glossary (blind35): `.. glossary::` terms over definitions a blank line below were one
    record, each definition a quote under a plain term."""
    terms = "".join(f"   term{n}\n\n      Meaning {n}, said at length.\n\n" for n in range(3))
    outline = parse_rst(f"Glossary\n========\n\n.. glossary::\n   :sorted:\n\n{terms}")
    assert [(heading.title, heading.line, heading.body) for heading in outline.headings[1:]] == [
        (f"term{n}", 7 + 4 * n, f"Meaning {n}, said at length.") for n in range(3)
    ]
