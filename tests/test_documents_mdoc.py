"""A BSD man page in mdoc macros (leadercli.packs.documents.mdoc): libarchive's bsdcpio.1 (blind18) was
one record of 8,558 characters with most of its words gone, since nearly every word is a macro's."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadercli.packs.documents.load import load_documents
from leadercli.packs.documents.mdoc import looks_like_mdoc, parse_mdoc
from leadercli.packs.sections import FAQ

PAGE = """\
.\\" A comment.
.Dd September 16, 2014
.Dt CPIO 1
.Os
.Sh NAME
.Nm cpio
.Nd copy files to and from archives
.Sh SYNOPSIS
.Nm
.Fl i
.Op Ar options
.Nm
.Fl p
.Ar dest-dir
.Sh OPTIONS
Options apply in
all modes.
.Bl -tag -width indent
.It Fl 0 , Fl Fl null
Read filenames separated by NUL, see
.Xr find 1 .
.It Fl H Ar format
Use
.Dq odc .
.El
.Sh EXIT STATUS
.Ex -std
.Sh EXAMPLES
Copy a tree:
.Bd -literal -offset indent
find src | cpio -pmud dest
.Ed
.Sh STANDARDS
It appeared in
.St -p1003.1-96 .
.Sh SEE ALSO
.Xr tar 1 ,
.Xr libarchive 3
"""


def test_an_mdoc_page_is_told_from_a_man_page() -> None:
    assert looks_like_mdoc(PAGE)
    assert not looks_like_mdoc('.TH AGE 1 "2024"\n.SH NAME\nage\n')


def test_every_section_with_the_words_its_macros_print() -> None:
    outline = parse_mdoc(PAGE)
    assert outline.title == "cpio(1)"
    bodies = {heading.title: heading.body for heading in outline.headings}
    assert [(heading.title, heading.level, heading.line) for heading in outline.headings] == [
        ("Name", 1, 5),
        ("Synopsis", 1, 8),
        ("Options", 1, 15),
        ("Exit Status", 1, 26),
        ("Examples", 1, 28),
        ("Standards", 1, 33),
        ("See Also", 1, 36),
    ]
    assert bodies["Name"] == "**cpio** \u2014 copy files to and from archives"
    assert bodies["Synopsis"] == "**cpio** **-i** [*options*]\n\n**cpio** **-p** *dest-dir*"
    assert bodies["Options"] == (
        "Options apply in all modes.\n\n- **-0**, **--null**\n\n"
        "  Read filenames separated by NUL, see find(1).\n\n- **-H** *format*\n\n  Use \u201codc\u201d."
    )
    assert bodies["Exit Status"] == "The cpio utility exits 0 on success, and >0 if an error occurs."
    assert bodies["Examples"] == "Copy a tree:\n\n```\nfind src | cpio -pmud dest\n```"
    assert bodies["Standards"] == "It appeared in IEEE Std 1003.1-96 (\u201cPOSIX.1\u201d)."
    assert bodies["See Also"] == "tar(1), libarchive(3)"


@pytest.mark.parametrize("name", ["cpio.1", "cpio"])  # a man page's ending, or a file named on its own
def test_a_man_page_file_in_mdoc_is_read_by_the_mdoc_reader(tmp_path: Path, name: str) -> None:
    (tmp_path / name).write_text(PAGE, encoding="utf-8")
    entries = load_documents(tmp_path / name).of(FAQ)
    assert [entry.question for entry in entries][:3] == ["Name", "Synopsis", "Options"]
