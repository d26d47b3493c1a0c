"""Perl POD (leadercli.packs.documents.pod): Sqitch's sqitch-authentication.pod (blind22) was read as
plain text, its first record 328 lines long, a verbatim shell session's column header a title, and
`=item`, `C<...>` and `L<text|url>` shown as written."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadercli.packs.documents.load import load_documents
from leadercli.packs.documents.pod import inline, looks_like_pod, to_markdown
from leadercli.packs.sections import FAQ

PAGE = """\
package Foo;
sub x { 1 }

=encoding UTF-8

=head1 Name

foo - does B<things> with I<care>

=head2 Use C<$FOO_HOME>

Set it:

  export FOO_HOME=/opt/foo

  foo --check

Then run it.

=over

=item *

A bullet in its own paragraph.

=item 2. A numbered item

=item PostgreSQL

Uses F<~/.pgpass>.

=back

=begin html

<p>Only for HTML.</p>

=end html

=for comment Not shown either.

=cut

sub y { 2 }
"""


def test_a_page_reads_as_the_markdown_it_stands_for_line_for_line() -> None:
    out = to_markdown(PAGE)
    assert out[:6] == ["", "", "", "", "", "# Name"]
    assert out[7] == "foo - does **things** with *care*"
    assert out[9] == "## Use `$FOO_HOME`"
    assert out[12:18] == ["```", "export FOO_HOME=/opt/foo", "", "foo --check", "```", "Then run it."]
    assert "- A bullet in its own paragraph." in out
    assert "2. A numbered item" in out
    assert "**PostgreSQL**" in out and "Uses *\\~/.pgpass*." in out
    shown = "\n".join(out)
    assert "Only for HTML" not in shown and "Not shown" not in shown
    assert "sub x" not in shown and "sub y" not in shown and "package" not in shown


def test_records_are_the_headings_at_their_lines(tmp_path: Path) -> None:
    path = tmp_path / "foo.pod"
    path.write_text(PAGE, encoding="utf-8")
    entries = load_documents(path).of(FAQ)
    assert [(entry.line, entry.question) for entry in entries] == [(6, "Name"), (10, "Use $FOO_HOME")]
    # The fences stand on the blank lines around the code, so that every line keeps its number.
    assert entries[1].answer.startswith("Set it:\n```\nexport FOO_HOME=/opt/foo\n\nfoo --check\n```\nThen")


@pytest.mark.parametrize(
    ("pod", "markdown"),
    [
        ("C<< $a <=> $b >>", "`$a <=> $b`"),
        ("E<lt>tagE<gt> E<verbar> E<0x41> E<eacute>", r"\<tag\> \| A é"),
        ("L<perlpod>", "perlpod"),
        ('L<perlpod/"Formatting Codes">', "Formatting Codes in perlpod"),
        ("L<the docs|https://example.org/a>", "[the docs](https://example.org/a)"),
        ("L<https://example.org>", "[https://example.org](https://example.org)"),
        ("L<MySQL::Config>", "MySQL::Config"),
        ("X<index entry>Z<>word", "word"),
        ("B<C<bold code>>", "**`bold code`**"),
        ("an unclosed C<code", "an unclosed C\\<code"),
        ("5 * 3 = 15_000 _x_", "5 \\* 3 = 15_000 \\_x\\_"),
    ],
)
def test_formatting_codes(pod: str, markdown: str) -> None:
    assert inline(pod) == markdown


def test_a_verbatim_paragraph_at_the_end_is_closed() -> None:
    assert to_markdown("=head1 A\n\n  code") == ["# A", "```", "code", "```"]


def test_bad_pod_gives_an_outline_without_raising(tmp_path: Path) -> None:
    path = tmp_path / "bad.pod"
    path.write_text("=head1\n\n=over\n\n=item\n\n  \tx\n\n=head9 Deep\n\nB<<< never\n", encoding="utf-8")
    entries = load_documents(path).of(FAQ)
    # The untitled `=head1` holds the code below it, and is named by its place.
    assert [entry.question for entry in entries] == ["bad.pod, line 1", "Deep"]


def test_a_perl_module_named_on_its_own_is_read_for_its_pod(tmp_path: Path) -> None:
    module = tmp_path / "Foo.pm"
    module.write_text(PAGE, encoding="utf-8")
    assert [entry.question for entry in load_documents(module).of(FAQ)] == ["Name", "Use $FOO_HOME"]


@pytest.mark.parametrize("text", ["=head1 alone is not enough\n", "Text.\n=over\n=item x\n", "a = b\n=cut"])
def test_text_that_only_looks_like_pod_stays_text(text: str) -> None:
    assert not looks_like_pod(text)


def test_a_region_for_a_colon_formatter_is_pod_and_a_list_region_lists() -> None:
    # MongoDB's Tutorial.pod (blind24) lost the five classes of its `=for :list` region.
    pod = "=head1 A\n\nIt loads:\n\n=for :list\n* L<MongoDB::Database>\n* C<cursors>\n\n"
    pod += "=begin :list\n\n* Write results\n\n=end :list\n\n=begin :prelude\n\nB<Shown.>\n\n=end :prelude\n"
    out = to_markdown(pod)
    assert out[5:7] == ["- MongoDB::Database", "- `cursors`"]
    assert "- Write results" in out and "**Shown.**" in out


@pytest.mark.parametrize(
    ("code", "shown"),
    [
        ("E<075>", "="),
        ("E<0x41>", "A"),
        ("E<0x110000>", "E\\<0x110000\\>"),
        ("E<" + "9" * 20 + ">", "E\\<" + "9" * 20 + "\\>"),
        ("E<10>", "E\\<10\\>"),
        ("E<nosuch>", "E\\<nosuch\\>"),
    ],
)
def test_an_entity_is_its_character_or_shown_as_written(code: str, shown: str) -> None:
    # The review found E<075>, E<0x110000> and a 20-digit number ended in an internal error, and E<10>
    # a new line that moved every later line.
    assert inline(f"a {code} b") == f"a {shown} b"


def test_an_item_already_bold_is_not_bolded_twice() -> None:
    assert "**--verbose**" in to_markdown(
        "=head1 OPTIONS\n\n=over 4\n\n=item B<--verbose>\n\nMore.\n\n=back\n"
    )
