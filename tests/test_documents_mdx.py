"""MDX pages (leadercli.packs.documents.mdx): imports, exports and JSX comments go; tab labels show."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from leadercli.packs.documents.mdx import looks_like_mdx, to_markdown
from leadercli.packs.loader import load_pack
from leadercli.packs.sections import FAQ

PAGE = """\
---
title: Installation
---

import Tabs from '@theme/Tabs';
import {
  Foo,
} from '../components';
export const meta = {
  author: 'x',
};

{/* editors: keep this short */}
Widget runs on every platform.

## Install

<Tabs>
  <TabItem value="mac" label="macOS" default>

```js
import x from 'y';
```

  </TabItem>
</Tabs>
"""


def test_module_lines_go_and_tab_labels_show_line_for_line() -> None:
    lines = PAGE.split("\n")
    out = to_markdown(lines)
    assert len(out) == len(lines)
    assert out[4:11] == [""] * 7  # the imports and the export
    assert out[12] == ""  # the comment
    assert out[18].strip() == "**macOS**"
    assert "import x from 'y';" in out  # code is code


def test_a_folder_reads_its_mdx_pages(tmp_path: Path) -> None:
    (tmp_path / "install.mdx").write_text(PAGE, encoding="utf-8")
    entries = {entry.id: entry for entry in load_pack(tmp_path).of(FAQ)}
    assert entries["install"].answer.startswith("**macOS**")
    assert "Widget runs on every platform." in entries["about-installation"].answer
    assert not any("import Tabs" in entry.answer for entry in entries.values())


def test_a_longer_fence_holds_a_shorter_one_and_what_looks_like_an_import() -> None:
    """Was: any line starting with three backticks closed a block, so a ```` fence that shows a ``` one
    ended early and the `import` line after it was blanked as if it were the page's own."""
    lines = ["````md", "```js", "import x from 'y';", "```", "````", "import Tabs from '@theme/Tabs';"]
    assert to_markdown(lines) == [*lines[:5], ""]


@pytest.mark.parametrize(
    ("page", "mdx"),
    [
        (
            "# Install\n\nimport Tabs from '@theme/Tabs';\n\n<Tabs>\n<TabItem label=\"Linux\">\n\nRun it.\n",
            True,
        ),
        ("# Install\n\n```js\nimport Tabs from '@theme/Tabs';\n```\n\n<Tabs>\n", False),  # code
        ("# Install\n\nimport this from 'that';\n\nNo component here.\n", False),
    ],
)
def test_a_md_page_that_imports_and_uses_components_is_mdx(page: str, mdx: bool) -> None:
    """Hydra's Docusaurus tutorial (blind34): a `.md` page, which Docusaurus reads as MDX, showed its
    imports as prose and lost its tabs' labels."""
    assert looks_like_mdx(page) is mdx


def test_prose_that_starts_with_import_is_prose_and_a_line_of_spaces_costs_one_pass() -> None:
    lines = [
        "import Tabs from '@theme/Tabs';",
        "",
        "Before you sign you must",
        "import the key, otherwise",
        "it fails.",
    ]
    assert to_markdown(lines) == ["", "", *lines[2:]]
    started = time.perf_counter()
    assert not looks_like_mdx("<Tabs>\n\nimport" + " " * 100_000 + "x\n")
    assert time.perf_counter() - started < 1.0
