"""JSDoc's inline tags in a Markdown tutorial page (a JavaScript project's docs, Shaka Player's FAQ), read
as the words the built page shows: `{@link shaka.Player|the player}` is "the player"."""

from __future__ import annotations

import re

from leadercli.packs.documents.outline import INLINE_CODE

__all__ = ["jsdoc_links"]

# JSDoc's inline links in a tutorial page: `{@link shaka.Player|the player}`, `{@link Foo#bar}`, `{@tutorial
# faq}`; the label may open on the next line.
_JSDOC_LINK = re.compile(
    r"\{@(?:link|linkcode|linkplain|tutorial)[ \t]+(?P<target>[^\s|{}]+)"
    r"(?:[ \t]*\|\s*|\s+)?(?P<label>[^{}]*?)\s*\}"
)


def jsdoc_links(prose: str) -> str:
    """Text that is not fenced code (`outline.in_prose`) with JSDoc's `{@link target|label}` as the label
    its page shows (the target when it has none); in inline code, as written. Read from a section's
    text, not the page's lines: a label on the next line joins the link's."""
    code = [span.span() for span in INLINE_CODE.finditer(prose)]

    def shown(found: re.Match[str]) -> str:
        if any(start <= found.start() < end for start, end in code):
            return found.group()
        return " ".join(found["label"].split()) or found["target"]

    return _JSDOC_LINK.sub(shown, prose)
