"""Org-mode documents (leadercli.packs.documents.org): read as Markdown, line for line."""

from __future__ import annotations

from pathlib import Path

from leadercli.packs.documents.org import parse_org, to_markdown
from tests.conftest import run_json

README = """\
#+TITLE: Frobber
#+OPTIONS: toc:nil

Frobber is a tool that frobs files.

* Installation
  :PROPERTIES:
  :CUSTOM_ID: install
  :END:
Install it with =pip install frobber= or see [[https://example.org][the site]].

#+BEGIN_SRC shell
pip install frobber
#+END_SRC

** TODO From source                                              :dev:
Run ~make~ and *enjoy* it /slowly/.

* Usage
| Option | Meaning |
|--------+---------|
| -v     | verbose |

- fast :: runs fast
- +offline ::
  Prefer the offline dictionary; needs [[doom-package:dumb-jump]] and [[file:x.org]].
# a comment
#+begin_quote
Simple is better.
#+end_quote
"""


def test_headings_blocks_links_and_tables_become_markdown_line_for_line() -> None:
    lines = README.split("\n")
    out = to_markdown(lines)
    assert len(out) == len(lines)
    markdown = "\n".join(out)
    assert out[5] == "# Installation" and out[15] == "## From source"
    assert "Install it with `pip install frobber` or see [the site](https://example.org)." in out
    assert "```shell\npip install frobber\n```" in markdown
    assert "Run `make` and **enjoy** it *slowly*." in out
    assert "| Option | Meaning |\n| --- | --- |\n| -v     | verbose |" in markdown
    assert "- **fast**: runs fast" in out and "> Simple is better." in out
    assert "- **+offline**" in out
    assert "  Prefer the offline dictionary; needs dumb-jump and [file:x.org](file:x.org)." in out
    for gone in ("#+", ":PROPERTIES:", "CUSTOM_ID", "a comment", ":dev:", "TODO"):
        assert gone not in markdown


def test_the_title_keyword_titles_the_document_and_headings_keep_their_lines() -> None:
    outline = parse_org(README)
    assert outline.title == "Frobber"
    assert [(h.title, h.line) for h in outline.headings] == [
        ("Installation", 6),
        ("From source", 16),
        ("Usage", 19),
    ]
    assert outline.introduction is not None and outline.introduction.title == "About Frobber"


def test_an_unclosed_block_keeps_the_line_count() -> None:
    lines = ["* A", "#+BEGIN_SRC python", "x = 1", "* not a heading"]
    assert to_markdown(lines) == ["# A", "```python", "x = 1", "* not a heading"]


def test_an_org_readme_answers(tmp_path: Path) -> None:
    readme = tmp_path / "README.org"
    readme.write_text(README, encoding="utf-8")
    assert (
        run_json("--pack", str(readme), "ask", "build it from source")["match"]["question"] == "From source"
    )


def test_code_holding_a_fence_is_kept_as_written() -> None:
    lines = ["* A", "#+BEGIN_SRC markdown", "```", "x", "```", "#+END_SRC"]
    assert to_markdown(lines) == ["# A", "````markdown", "```", "x", "```", "````"]
