"""A folder read in the order its own contents give (MkDocs' nav, a book's SUMMARY.md, Sphinx's toctree)."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from leadercli.packs.documents.load import read
from leadercli.packs.documents.order import contents_order, mkdocs_order, sphinx_order, summary_order
from leadercli.packs.loader import load_pack
from leadercli.packs.sections import FAQ
from leadercli.store.compiled import open_pack
from tests.conftest import run_json

FIXTURES = Path(__file__).parent / "fixtures" / "docs"

BOOK = [
    ("src/SUMMARY.md", "# Summary\n\n[Intro](./intro.md)\n\n- [Usage](usage/usage.md)\n"
     "    - [Options](./usage/options.md#flags)\n- [Site](https://example.com/)\n\n---\n\n"
     "- [Contributing](contributing.md)\n"),
    ("src/contributing.md", "# Contributing\n"),
    ("src/intro.md", "# Intro\n"),
    ("src/usage/options.md", "# Options\n"),
    ("src/usage/usage.md", "# Usage\n"),
]  # fmt: skip


def _ordered(pages: list[tuple[str, str]], mkdocs: str | None = None) -> list[str]:
    return [pages[index][0] for index in contents_order(pages, mkdocs)]


def test_a_book_is_read_in_its_summary_order() -> None:
    assert summary_order(BOOK) == [
        "src/SUMMARY.md", "src/intro.md", "src/usage/usage.md", "src/usage/options.md", "src/contributing.md",
    ]  # fmt: skip


def test_a_summary_md_of_prose_is_a_page_not_a_contents() -> None:
    summary = "# Summary\n\nThe results, in short: see [the table](b.md).\n"
    pages = [("SUMMARY.md", summary), ("b.md", "# B\n")]
    assert summary_order(pages) == []
    assert _ordered(pages) == ["SUMMARY.md", "b.md"]


def test_pages_a_contents_does_not_list_keep_their_places() -> None:
    pages = [
        ("README.md", "# Readme\n"),
        ("b.md", "# B\n"),
        ("index.rst", "Home\n====\n\n.. toctree::\n   :maxdepth: 2\n\n   c\n   b\n"),
        ("c.md", "# C\n"),
        ("notes.md", "# Notes\n"),
    ]
    # The listed pages (index, c, b) take the three places they held (2nd, 3rd, 4th), in the toctree's order.
    assert _ordered(pages) == ["README.md", "index.rst", "c.md", "b.md", "notes.md"]


def test_sphinx_toctrees_are_followed_depth_first_in_both_spellings() -> None:
    pages = [
        ("docs/api.rst", "API\n===\n"),
        ("docs/guide/index.md",
         "# Guide\n\n```{toctree}\n:maxdepth: 1\n\nstart\nAdvanced use <advanced>\n```\n"),
        ("docs/guide/advanced.md", "# Advanced\n"),
        ("docs/guide/start.md", "# Start\n"),
        ("docs/index.rst", "Home\n====\n\n.. toctree::\n\n   self\n   guide/index\n   https://example.com\n"
         "   /api\n   missing\n\nAfter the tree.\n"),
        ("docs/news/b.rst", "B\n=\n"),
        ("docs/news/a.rst", "A\n=\n"),
        ("docs/news.rst", "News\n====\n\n.. toctree::\n   :glob:\n\n   news/*\n"),
    ]  # fmt: skip
    pages[4] = (pages[4][0], pages[4][1].replace("   /api\n", "   /api\n   news\n"))
    assert sphinx_order(pages) == [
        "docs/index.rst", "docs/guide/index.md", "docs/guide/start.md", "docs/guide/advanced.md",
        "docs/api.rst", "docs/news.rst", "docs/news/a.rst", "docs/news/b.rst",
    ]  # fmt: skip


def test_a_toctree_that_lists_its_own_page_ends() -> None:
    home = "Home\n====\n\n.. toctree::\n\n   other\n"
    pages = [("index.rst", home), ("other.rst", ".. toctree::\n\n   index\n")]
    assert sphinx_order(pages) == ["index.rst", "other.rst"]


MKDOCS = """\
site_name: Demo
docs_dir: site
markdown_extensions:
  - pymdownx.emoji:
      emoji_index: !!python/name:material.extensions.emoji.twemoji
extra:
  token: !ENV [TOKEN, ""]
nav:
  - Home: index.md
  - Guide:
      - Second: guide/b.md
      - guide/a.md
  - Elsewhere: https://example.com/
"""


def test_mkdocs_nav_orders_the_site_and_its_tags_are_not_constructed() -> None:
    paths = ["README.md", "site/guide/a.md", "site/guide/b.md", "site/index.md"]
    assert mkdocs_order(MKDOCS, paths) == ["site/index.md", "site/guide/b.md", "site/guide/a.md"]


@pytest.mark.parametrize(
    "config",
    [
        "nav: [unclosed",  # not YAML
        "- just\n- a list\n",  # not a mapping
        "site_name: no nav\n",
        "a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
        "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
        "nav: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n",  # 59,049 leaves by aliases: refused, not walked
    ],
)
def test_an_mkdocs_yml_that_gives_no_order_leaves_the_name_order(config: str) -> None:
    pages = [("docs/a.md", "# A\n"), ("docs/b.md", "# B\n")]
    assert mkdocs_order(config, ["docs/a.md", "docs/b.md"]) == []
    assert _ordered(pages, config) == ["docs/a.md", "docs/b.md"]


def test_the_typeshare_book_reads_in_its_own_order_and_faq_lists_it_so() -> None:
    names = [document.name for document in read(FIXTURES / "typeshare-book")]
    assert names == [
        "src/SUMMARY.md", "src/overview.md", "src/installation.md", "src/usage/usage.md",
        "src/usage/annotations.md", "src/usage/configuration.md", "src/usage/target_os.md",
        "src/contributing.md",
    ]  # fmt: skip
    listed = run_json("--pack", str(FIXTURES / "typeshare-book"), "faq")
    ids = [entry["id"] for group in listed["groups"] for entry in group["entries"]]
    assert ids[:3] == ["overview", "installation", "usage"]


def test_a_change_to_mkdocs_yml_is_a_change_to_the_pack(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    for name in ("a", "b"):
        (tmp_path / "docs" / f"{name}.md").write_text(f"# Page {name}\n\nAbout {name}.\n", encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    config.write_text("nav:\n  - b.md\n  - a.md\n", encoding="utf-8")
    first = [entry.id for entry in open_pack(tmp_path).pack().of(FAQ)]
    config.write_text("nav:\n  - a.md\n  - b.md\n", encoding="utf-8")
    os.utime(config, ns=(1, 1))  # the same size; a different time
    second = [entry.id for entry in open_pack(tmp_path).pack().of(FAQ)]
    assert (first, second) == (["page-b", "page-a"], ["page-a", "page-b"])


def test_a_toctree_reads_with_windows_line_endings_without_a_final_newline_and_in_one_pass() -> None:
    pages = [
        ("index.rst", "Home\r\n====\r\n\r\n.. toctree::\r\n\r\n   usage\r\n   install"),
        ("install.rst", "I"),
    ]
    assert sphinx_order([*pages, ("usage.rst", "U")]) == ["index.rst", "usage.rst", "install.rst"]
    started = time.perf_counter()
    assert sphinx_order([("index.md", "```{toctree}\n" * 10_000)]) == ["index.md"]
    assert time.perf_counter() - started < 1.0


def test_an_asciidoc_book_reads_in_its_include_order_its_chapters_preamble_under_the_title(
    tmp_path: Path,
) -> None:
    """MicroProfile Health's spec (blind36): the main file's title had no text (its licence block is an
    included file's) and the book read in name order."""
    (tmp_path / "book.adoc").write_text(
        "= The Book\n\ninclude::license.adoc[]\n\ninclude::b-intro.adoc[]\n\ninclude::a-api.adoc[]\n",
        encoding="utf-8",
    )
    (tmp_path / "license.adoc").write_text("Licensed under Apache 2.0.\n", encoding="utf-8")
    (tmp_path / "b-intro.adoc").write_text("== Introduction\n\nWhat it is.\n", encoding="utf-8")
    (tmp_path / "a-api.adoc").write_text("== API\n\nHow to call it.\n", encoding="utf-8")
    entries = load_pack(tmp_path).of(FAQ)
    assert [(entry.question, entry.answer) for entry in entries] == [
        ("The Book", "Licensed under Apache 2.0."),
        ("Introduction", "What it is."),
        ("API", "How to call it."),
    ]
