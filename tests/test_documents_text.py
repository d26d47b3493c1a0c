"""Plain text read as its reader reads it (leadercli.packs.documents.text): a mailing-list-era FAQ whose
questions are bullets (tmux's, blind16), its boxed notice, its code after "add this:", and prose that
Markdown must show as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadercli.packs.documents.load import load_documents
from leadercli.packs.documents.text import parse_text
from leadercli.packs.sections import FAQ as FAQ_SECTION

FAQ = """\
tmux frequently asked questions

****************************************
* PLEASE NOTE: check TERM first!       *
*                                      *
****************************************

* How is tmux different from GNU screen?

Some of the main differences:

- tmux uses a client-server model.

- screen has wider platform support.

* tmux freezes my terminal when I attach to a session. I even have to kill -9
  the shell it was started from to recover!

Turn off set-titles.

* How do I make ctrl and shift arrow keys work in emacs?

Add the following to init.el to do this:

(defadvice terminal-init-screen
  ;; The advice is named `tmux', and is run before `terminal-init-screen' runs.
  (before tmux activate))

* How can I blank the tmux window?

Use bind x set lock-command '/usr/bin/vlock' \\; lock-client \\; and "echo \\(test\\)".
"""


def test_bulleted_questions_are_sections_and_the_first_line_titles_the_document() -> None:
    outline = parse_text(FAQ)
    assert outline.title == "tmux frequently asked questions"
    assert [(heading.title, heading.level, heading.line) for heading in outline.headings] == [
        ("tmux frequently asked questions", 1, 1),
        ("How is tmux different from GNU screen?", 2, 8),
        (
            "tmux freezes my terminal when I attach to a session. I even have to kill -9 the shell it "
            "was started from to recover!",
            2,
            16,
        ),
        ("How do I make ctrl and shift arrow keys work in emacs?", 2, 21),
        ("How can I blank the tmux window?", 2, 29),
    ]  # the answer's own `-` list set apart by blank lines is no question


def test_a_boxed_notice_and_indented_code_after_a_colon_keep_their_lines() -> None:
    title, different, _, emacs, _ = parse_text(FAQ).headings
    assert "```\n****************************************\n* PLEASE NOTE" in title.body
    assert emacs.body.endswith(
        "```\n(defadvice terminal-init-screen\n  ;; The advice is named `tmux', and is run before "
        "`terminal-init-screen' runs.\n  (before tmux activate))\n```"
    )
    assert "- tmux uses a client-server model." in different.body


def test_prose_is_escaped_so_markdown_shows_it_as_written() -> None:
    body = parse_text(FAQ).headings[-1].body
    assert "'/usr/bin/vlock' \\\\; lock-client \\\\;" in body  # `\\;` stays a backslash and a semicolon
    assert '"echo \\\\(test\\\\)"' in body  # and `\\(` a backslash and a parenthesis


def test_two_bulleted_questions_are_a_list_not_sections() -> None:
    text = "Guide\n=====\n\nNotes:\n\n* Is it fast?\n\n* Is it small?\n\nBoth, mostly.\n"
    assert [heading.title for heading in parse_text(text).headings] == ["Guide"]


def test_a_news_files_releases_are_its_sections() -> None:
    """flex's NEWS (blind17): releases on `* ` lines, their changes under `**` and `***`, were 3 records
    (two Title Case `**` categories among them) for 39 releases."""
    text = (
        "flex NEWS\n\n* Noteworthy changes in release 2.6.4 (2017-05-06) [stable]\n\n"
        "** User Visible Changes\n\n*** A new option.\n\n* version 2.6.3 released 2016-12-30\n\n"
        "*** Fixes across\n    two lines.\n\n* more portability fixes\n\n"
        "* version 2.6.2 released 2016-10-24\n\n** Flex Internals\n\n*** Cleanups.\n"
    )
    outline = parse_text(text)
    assert outline.title == "flex NEWS"
    assert [(heading.title, heading.line) for heading in outline.headings] == [
        ("flex NEWS", 1),
        ("Noteworthy changes in release 2.6.4 (2017-05-06) [stable]", 3),
        ("version 2.6.3 released 2016-12-30", 9),
        ("version 2.6.2 released 2016-10-24", 16),
    ]  # a `* ` change that names no release is part of the one above
    assert outline.headings[1].body == "User Visible Changes:\n\n- A new option."
    assert outline.headings[2].body == "- Fixes across\ntwo lines.\n\n- more portability fixes"


@pytest.mark.parametrize(
    ("name", "text", "records"),
    [
        (
            "NOTES.txt",
            "# Tool\n\nIntro.\n\n## Install\n\nRun `pip install tool`.\n",
            [("Tool", "Intro."), ("Install", "Run `pip install tool`.")],
        ),
        ("index.rst.txt", "Guide\n=====\n\nRead ``this``.\n", [("Guide", "Read `this`.")]),
        (  # a script's comments are no headings: level 1 only, as a CMakeLists.txt's are
            "CMakeLists.txt",
            "# Project settings\n\ncmake_minimum_required(VERSION 3.10)\n\n"
            "# Sources\n\nadd_executable(app main.c)\n",
            [
                ("# Project settings", "cmake_minimum_required(VERSION 3.10)"),
                ("# Sources", "add_executable(app main.c)"),
            ],
        ),
        ("intro.md.txt", "# Intro\n\nSee [docs](x.md).\n", [("Intro", "See [docs](x.md).")]),
        (  # Django keeps its docs as .txt: an underlined title and directives, roles or targets
            "quickstart.txt",
            "Quick start\n===========\n\n.. highlight:: python\n\nAdd :setting:`INSTALLED_APPS`, see "
            ":ref:`models`.\n\n.. setting:: COMMENTS_APP\n\nApps\n----\n\nRun ``migrate``.\n",
            [("Quick start", "Add INSTALLED_APPS, see models."), ("Apps", "Run `migrate`.")],
        ),
        (  # an underlined title and a stray role are not enough: plain text
            "NOTES.txt",
            "Notes\n=====\n\nUse the :ref:`x` role, said once.\n",
            [("Notes", r"Use the :ref:\`x\` role, said once.")],  # backticks escaped: text, not code
        ),
        (
            "plain.txt",
            "Notes\n\n# a shell comment, once\nrm -rf build\n",
            [("Notes", "\\# a shell comment, once\nrm -rf build")],
        ),
    ],
)
def test_a_text_file_written_in_markdown_or_published_by_sphinx_is_read_as_such(
    tmp_path: Path, name: str, text: str, records: list[tuple[str, str]]
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert [(entry.question, entry.answer) for entry in load_documents(path).of(FAQ_SECTION)] == records


def test_a_file_named_only_by_a_double_ending_is_read(tmp_path: Path) -> None:
    path = tmp_path / ".md.txt"  # the review found an internal error
    path.write_text("# Sample\n\nSome text.\n", encoding="utf-8")
    assert len(load_documents(path).of(FAQ_SECTION)) == 1  # plain text: no inner ending to go by


def test_a_q_and_a_faq_keeps_its_answers_paragraphs_as_prose_and_long_questions_whole() -> None:
    """xz's FAQ (blind30): answers indented under `A:  ` showed every paragraph after the first as code,
    and a question wrapped over three lines was part of the answer above it."""
    text = (
        "XZ Utils FAQ\n============\n\nQ:  What does XZ mean?\n\nA:  Nothing. Two letters\n"
        "    from the suffix.\n\n    A second paragraph.\n\n        xz -9 file\n\n\n"
        'Q:  I need to use a script that runs "xz -9". On a\n'
        "    system with little RAM, xz cannot allocate memory. Can I make the\n    script work as it is?\n\n"
        "A:  Set a limit.\n\n\nQ:  Is it free?\n\nA:  Yes.\n"
    )
    outline = parse_text(text)
    assert [heading.title for heading in outline.headings][1:] == [
        "What does XZ mean?",
        'I need to use a script that runs "xz -9". On a system with little RAM, xz cannot allocate memory. '
        "Can I make the script work as it is?",
        "Is it free?",
    ]
    assert (
        outline.headings[1].body
        == "A:  Nothing. Two letters\nfrom the suffix.\n\nA second paragraph.\n\n```\nxz -9 file\n```"
    )


README = """\

Contents:
\tREQUIREMENTS
\tINSTALLATION
\tKNOWN ISSUES
\t\tpyldns
\t\texamples

Project page:
http://www.example.org/ldns/
On that page you can subscribe.

* Development
ldns is developed on Linux and FreeBSD, and regularly tested to compile on
other systems.

REQUIREMENTS
- OpenSSL
- GNU make

INSTALLATION
1. Unpack the tarball
2. make install

* Developers
The team currently consists of:
  o Willem Toorop
  o Wouter Wijngaards

KNOWN ISSUES

A list of the known issues is at the project page.

* pyldns
Compiling pyldns produces many warnings. Those are harmless.

Your Support
NLnet Labs offers all of its software products as open source, most of them
published under a BSD license.

LICENSE

BSD.
"""


def test_a_bsd_readme_has_capitals_and_starred_titles_right_over_their_text() -> None:
    """ldns' README (blind32): capitals titles over their text and `* ` titles were no headings, so the
    introduction held six sections; its contents list lost only the lines that were titles."""
    outline = parse_text(README)
    assert [(heading.title, heading.level, heading.line) for heading in outline.headings] == [
        ("Development", 2, 13),
        ("REQUIREMENTS", 1, 17),
        ("INSTALLATION", 1, 21),
        ("Developers", 2, 25),
        ("KNOWN ISSUES", 1, 30),
        ("pyldns", 2, 34),
        ("Your Support", 1, 37),
        ("LICENSE", 1, 41),
    ]
    assert outline.introduction is not None and outline.introduction.line == 2  # where its text begins
    assert (
        outline.introduction.body
        == "Project page:\\\nhttp://www.example.org/ldns/\\\nOn that page you can subscribe."
    )
    assert [(skipped.line, skipped.reason) for skipped in outline.skipped] == [(2, "table of contents")]
    assert outline.headings[3].body == "The team currently consists of:\n- Willem Toorop\n- Wouter Wijngaards"


@pytest.mark.parametrize(
    "text",
    [
        "Intro.\n\n* one item\n* two items\n\n* three\n* four\n\n* five\nText.\n",  # a list, not titles
        "Intro.\n\nNOTE\nThis one capitals line is no proof of a style.\n\nMore.\n",
    ],
)
def test_bullets_and_a_lone_capitals_line_over_text_stay_text(text: str) -> None:
    assert [heading.title for heading in parse_text(text).headings] == []


@pytest.mark.parametrize(
    ("text", "body"),
    [
        # a label over code: no line break (it would show as a backslash)
        ("INSTALL\n\nRun it in your shell, for example:\n    make install\n\nUSAGE\n\nRun it.\n",
         "Run it in your shell, for example:\n\n```\nmake install\n```"),
        # "o" opening a wrapped line of Portuguese is a word, not a bullet
        ("INSTALL\n\nExecute o comando e depois\no instalador pede a senha.\n\nUSAGE\n\nRun it.\n",
         "Execute o comando e depois\no instalador pede a senha."),
    ],
)  # fmt: skip
def test_plain_text_keeps_labels_over_code_and_a_lone_o_as_written(text: str, body: str) -> None:
    assert parse_text(text).headings[0].body == body


def test_starred_items_of_a_wrapped_list_are_not_titles() -> None:
    text = "Known bugs:\n\n" + "".join(
        f"* The parser fails on very long line {n}\nand then it crashes.\n\n" for n in range(3)
    )
    assert [heading.title for heading in parse_text(text).headings] == []


RFC = """\


Network Working Group                                   I. Nadareishvili
Internet-Draft                                           16 October 2021
Expires: 19 April 2022


               Health Check Response Format for HTTP APIs

Abstract

   This document proposes a health check response format.

Table of Contents

   1.  Introduction  . . . . . . . . . . . . . . . . . . . . . .   3
   2.  Conventions . . . . . . . . . . . . . . . . . . . . . . .   3
     2.1.  Words . . . . . . . . . . . . . . . . . . . . . . . .   4

1.  Introduction

   The vast majority of modern APIs use HTTP.



Nadareishvili             Expires 19 April 2022                 [Page 1]
\f
Internet-Draft  Health Check Response Format for HTTP AP    October 2021


   Their health matters.

2.  Conventions

   The key words are to be read as described.

2.1.  Words

   MUST means must.

2.2.  More words

   SHOULD means should.

Nadareishvili             Expires 19 April 2022                 [Page 2]
"""


def test_an_rfcs_pages_header_block_and_dotted_contents_are_not_its_text() -> None:
    """An Internet-Draft (blind35): its header block was an "Introduction" record, its dotted contents
    the parent of every section, and each page's footer and running header showed inside sections."""
    outline = parse_text(RFC)
    assert outline.introduction is None
    assert [(heading.title, heading.level, heading.line) for heading in outline.headings] == [
        ("Health Check Response Format for HTTP APIs", 1, 8),
        ("Abstract", 2, 10),
        ("Table of Contents", 2, 14),
        ("1.  Introduction", 2, 20),
        ("2.  Conventions", 2, 33),
        ("2.1.  Words", 3, 37),
        ("2.2.  More words", 3, 41),
    ]
    bodies = {heading.title: heading.body for heading in outline.headings}
    assert bodies["Table of Contents"] == ""
    assert bodies["1.  Introduction"] == "The vast majority of modern APIs use HTTP.\n\nTheir health matters."
    assert [skipped.reason for skipped in outline.skipped] == [
        "document header", "table of contents", "page footers and headers",
    ]  # fmt: skip
