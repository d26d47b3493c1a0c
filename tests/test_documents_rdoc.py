"""RDoc (leadercli.packs.documents.rdoc): a Ruby gem's README.rdoc read through Markdown, line for line."""

from __future__ import annotations

from pathlib import Path

from leadercli.packs.documents.load import load_documents
from leadercli.packs.documents.rdoc import to_markdown
from leadercli.packs.sections import FAQ

README = """\
= widget/{core,cli}

home :: https://widget.example/
[bugs] https://widget.example/issues

== DESCRIPTION:

Widget makes *bold* widgets with +widget_make+, <tt>--fast</tt> and _care_.
See {the guide}[https://widget.example/guide] or Guide[https://widget.example/g].

  require "widget"
  Widget.make

:include: LICENSE

* one
* two
  continued
"""


def test_lines_keep_their_numbers_and_read_as_markdown() -> None:
    lines = README.split("\n")
    out = to_markdown(lines)
    assert len(out) == len(lines)
    assert out[0] == "# widget/{core,cli}"
    assert out[2:4] == ["- **home** https://widget.example/", "- **bugs** https://widget.example/issues"]
    assert out[5] == "## DESCRIPTION:"
    assert out[7] == "Widget makes **bold** widgets with `widget_make`, `--fast` and *care*."
    assert out[8] == "See [the guide](https://widget.example/guide) or [Guide](https://widget.example/g)."
    assert out[10:12] == ['    require "widget"', "    Widget.make"]  # verbatim: an indented code block
    assert out[13] == ""  # a directive for the generator
    assert out[17] == "  continued"  # a list item's next line, not code


def test_a_readme_rdoc_is_read_by_its_ending(tmp_path: Path) -> None:
    """minitest's README.rdoc (blind12) was plain text: 8 records for 28 sections, `== FAQ` shown raw."""
    (tmp_path / "README.rdoc").write_text(README, encoding="utf-8")
    entries = load_documents(tmp_path).of(FAQ)
    assert [entry.question for entry in entries] == ["widget/{core,cli}", "DESCRIPTION:"]
    assert "```" not in entries[1].answer and 'require "widget"' in entries[1].answer
