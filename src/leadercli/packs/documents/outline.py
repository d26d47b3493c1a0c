"""What every document parser produces: the document's headings, each with its own text, in order.

A parser (Markdown, reStructuredText, plain text) only finds headings and cuts the text between them;
turning an outline into records (which headings are records, their context paths, their ids) is
`leadercli.packs.documents.records`, the same for every format.
"""

from __future__ import annotations

from typing import NamedTuple


class Heading(NamedTuple):
    """One heading of a document and the text it owns (up to the next heading of any level)."""

    title: (
        str  # the heading's text, inline markup removed ("How do I install `uv`?" -> "How do I install uv?")
    )
    level: int  # deeper is higher: Markdown's 1-6, rst's nesting depth, plain text's order of adornments
    line: int  # 1-based line of the heading's text in the file (not of an underline or overline)
    body: str  # its own text before the next heading, as Markdown (code fenced, lists kept)


class Skipped(NamedTuple):
    """A part of the document that is not a record, said with its line and why (never dropped silently)."""

    line: int
    text: str
    reason: str  # "front matter", "table of contents", "empty section", ...


class Outline(NamedTuple):
    """A parsed document."""

    title: str  # from front matter, or the document's own title heading; "" when it has none
    source: str  # from front matter (a URL or a citation); "" when it has none
    headings: tuple[Heading, ...]
    skipped: tuple[Skipped, ...] = ()
