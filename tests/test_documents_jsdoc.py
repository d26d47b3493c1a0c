"""JSDoc's inline links read as the words a built page shows."""

from __future__ import annotations

import pytest

from leadercli.packs.documents.jsdoc import jsdoc_links
from leadercli.packs.documents.outline import in_prose


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        (
            "by setting the\n{@link shaka.extern.DashConfiguration|\n`.manifest.dash.clockSyncUri`} option.",
            "by setting the\n`.manifest.dash.clockSyncUri` option.",
        ),
        ("see {@link Foo#bar}, {@link Foo the foo} and {@tutorial faq}.", "see Foo#bar, the foo and faq."),
        ("not a link: {@link}", "not a link: {@link}"),
        ("as code: `{@link x|y}`", "as code: `{@link x|y}`"),
        ("```js\n/** {@link x|y} */\n```\nand {@link z|w}", "```js\n/** {@link x|y} */\n```\nand w"),
    ],
)
def test_a_link_shows_its_label_or_its_target_and_code_stays(text: str, shown: str) -> None:
    assert in_prose(text, jsdoc_links) == shown
