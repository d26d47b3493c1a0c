"""Man pages' roff (leadercli.packs.documents.roff): what `man` shows, as Markdown, section by section."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadercli.packs.documents.load import load_documents
from leadercli.packs.documents.roff import looks_like_roff, parse_roff
from leadercli.packs.sections import FAQ

PAGE = r""".\" a comment
.TH "WIDGET" "1" "May 2026" "widget 2.0"
.SH NAME
widget \- make \fBwidgets\fR fast
.SH "SYNOPSIS"
\fBwidget\fR [\fB\-v\fR] \fIFILE\fR\|\.\|\.\|\.
.SH DESCRIPTION
.B widget
builds widgets from each
.I FILE
(see
.BR gizmo (1)).
.PP
A second paragraph with a \(em dash and a literal \e backslash.
.SH OPTIONS
.TP
\fB\-v\fR, \fB\-\-verbose\fR
Say more.
.IP
Say it twice for even more.
.TP
.B \-q
Say less.
.SS "Exit status"
.IP \(bu 2
0 on success;
.IP \(bu 2
1 on failure.
.SH EXAMPLES
Build two:
.IP "" 4
.nf
$ widget a\.w b\.w
  done \fB2\fR
.fi
.IP "" 0
.PP
That is all.
.SH BUGS
"""


def test_sections_are_the_pages_titles_at_their_lines() -> None:
    outline = parse_roff(PAGE)
    assert outline.title == "WIDGET(1)"
    assert [(heading.title, heading.level, heading.line) for heading in outline.headings] == [
        ("NAME", 1, 3), ("SYNOPSIS", 1, 5), ("DESCRIPTION", 1, 7), ("OPTIONS", 1, 15),
        ("Exit status", 2, 24), ("EXAMPLES", 1, 29),
    ]  # fmt: skip
    assert [(skipped.line, skipped.reason) for skipped in outline.skipped] == [(39, "empty section")]


def test_fonts_escapes_items_and_code_read_as_markdown() -> None:
    name, synopsis, description, options, status, examples = (h.body for h in parse_roff(PAGE).headings)
    assert name == "widget - make **widgets** fast"
    assert synopsis == r"**widget** \[**-v**\] *FILE*..."
    assert description == (
        "**widget**\nbuilds widgets from each\n*FILE*\n(see\n**gizmo**(1)).\n\n"
        "A second paragraph with a \u2014 dash and a literal \\\\ backslash."
    )
    assert options == (
        "- **-v**, **--verbose**\n\n  Say more.\n\n  Say it twice for even more.\n\n- **-q**\n\n  Say less."
    )
    assert status == "- 0 on success;\n\n- 1 on failure."
    assert examples == "Build two:\n\n```\n$ widget a.w b.w\n  done 2\n```\n\nThat is all."


def test_a_man_page_is_known_by_its_ending_or_its_layout(tmp_path: Path) -> None:
    """age's man page (blind9) was one record of raw roff; a folder holding only it held "no documents"."""
    (tmp_path / "widget.1").write_text(PAGE, encoding="utf-8")
    (tmp_path / "notes").write_text(PAGE, encoding="utf-8")  # no ending: read by its `.TH`
    entries = load_documents(tmp_path).of(FAQ)
    assert [entry.question for entry in entries[:2]] == ["NAME", "SYNOPSIS"]
    by_layout = load_documents(tmp_path / "notes").of(FAQ)
    assert by_layout[0].answer == "widget - make **widgets** fast"
    assert looks_like_roff(PAGE) and not looks_like_roff("# Title\n\n.TH is mentioned in text\n")


@pytest.mark.parametrize(
    "text",
    [
        "",
        ".TH\n",
        ".SH\n",
        ".nf\nnever closed \\fB\n",
        "\\f",
        "\\(",
        ".TP\n",
        '.IP\n.IP "" 0\n',
        "\\" * 10_000,
        ".SH A\n" + "\\fB" * 5_000 + "x\n",
        ".SH A\n.B\n.BR\n.UR\n",
    ],
)
def test_bad_input_gives_an_outline_without_raising(text: str) -> None:
    outline = parse_roff(text)
    for heading in outline.headings:
        assert isinstance(heading.body, str)
