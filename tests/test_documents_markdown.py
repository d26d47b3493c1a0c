"""The Markdown reader (leadercli.packs.documents.markdown): what a page shows that is not its text."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadercli.packs.documents.load import load_documents
from leadercli.packs.documents.markdown import parse_markdown
from leadercli.packs.sections import FAQ

FOOTERS = [
    "<hr>\n\n[**Previous**: 🔍 Differences with Bash and zx](bash.md)\\\n"
    "[**Top**: Table of contents](../readme.md#docs)\n",
    "---\n\n[← Back](index.md) | [Next →](install.md)\n",
    "[Next: Installing](install.md)\n",
]


@pytest.mark.parametrize("footer", FOOTERS)
def test_a_sites_previous_and_next_footer_is_not_the_last_sections_text(tmp_path: Path, footer: str) -> None:
    # execa's API reference (blind23): "differences between execa and zx" was answered by its last option.
    page = tmp_path / "api.md"
    page.write_text(f"# API\n\n## objectMode\n\nAllow any type.\n\n{footer}", encoding="utf-8")
    (entry,) = load_documents(page).of(FAQ)
    assert entry.answer == "Allow any type."
    assert [skipped.reason for skipped in parse_markdown(page.read_text(encoding="utf-8")).skipped] == [
        "page navigation"
    ]


@pytest.mark.parametrize(
    "ending",
    [
        "See [the next section](next.md) for more.\n",  # words around the link: text
        "[Next.js](https://nextjs.org)\n\nMore text after it.\n",  # not the page's last paragraph
        "- [Previous release](old.md)\n",  # a list, not a footer
    ],
)
def test_links_that_are_text_stay(tmp_path: Path, ending: str) -> None:
    page = tmp_path / "api.md"
    page.write_text(f"# API\n\n## objectMode\n\nAllow any type.\n\n{ending}", encoding="utf-8")
    (entry,) = load_documents(page).of(FAQ)
    assert entry.answer.endswith(ending.strip())
