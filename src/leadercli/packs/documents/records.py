"""Outlines into records: every heading with text of its own becomes a FAQ entry, whatever its phrasing.

A question heading is the entry's question; a statement heading ("Holiday coverage", an error message)
is its title, asked the same way. The headings above it are its context ("Installation > Linux"),
shown with the answer and matched as words. Headings without text of their own (a title over its
sub-sections, a table of contents) are not records, and are said so with their line.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from leadercli.packs.documents.outline import Heading, Outline, Skipped
from leadercli.packs.loader import ID_PATTERN, slugify
from leadercli.packs.sections import CONTEXT_SEPARATOR, FaqEntry


class Document(NamedTuple):
    """One parsed file: its name in the pack (relative to the folder given), its path, its outline."""

    name: str
    path: str
    outline: Outline


class Found(NamedTuple):
    """What the documents hold: the records, and every heading that did not become one (with why)."""

    entries: tuple[FaqEntry, ...]
    skipped: tuple[tuple[str, Skipped], ...]  # (document name, what was skipped)


def entries(documents: Sequence[Document]) -> Found:
    taken: set[str] = set()
    found: list[FaqEntry] = []
    skipped: list[tuple[str, Skipped]] = []
    for document in documents:
        outline = document.outline
        reasons = {item.line: item for item in outline.skipped}
        skipped += [(document.name, item) for item in outline.skipped]
        above: list[Heading] = []
        for heading in outline.headings:
            while above and above[-1].level >= heading.level:
                above.pop()
            context = [item.title for item in above if not _is_document_title(item, outline)]
            if len(documents) > 1:  # in a folder, the document itself is where a section is
                context.insert(0, outline.title or document.name)
            above.append(heading)
            if not heading.body:
                if heading.line not in reasons:
                    skipped.append((document.name, Skipped(heading.line, heading.title, _why_empty(heading))))
                continue
            title = heading.title or f"{document.name}, line {heading.line}"
            record_id = _unique_id(title, document.name, context, taken)
            found.append(
                FaqEntry(
                    id=record_id,
                    question=title,
                    answer=heading.body,
                    source=f"{document.name} > {title}",
                    context=CONTEXT_SEPARATOR.join(context),
                    path=document.path,
                    line=heading.line,
                )
            )
    return Found(tuple(found), tuple(skipped))


def _is_document_title(heading: Heading, outline: Outline) -> bool:
    """The one level-1 heading that names the whole document says nothing about where a section is."""
    return heading.level == 1 and heading.title == outline.title


def _why_empty(heading: Heading) -> str:
    return "empty section" if heading.title else "empty heading"


def _unique_id(title: str, document: str, context: list[str], taken: set[str]) -> str:
    """A slug of the heading; where two headings read alike (`Next steps` in five guides), of the
    document and context too, then numbered: never a duplicate-id error."""
    stem = document.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    candidates = [slugify(title), slugify(f"{stem} {title}"), slugify(" ".join([stem, *context, title]))]
    for candidate in candidates:
        if candidate and candidate not in taken and ID_PATTERN.fullmatch(candidate):
            taken.add(candidate)
            return candidate
    base = next((candidate for candidate in candidates if candidate), "section")[:54]
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    taken.add(f"{base}-{number}")
    return f"{base}-{number}"
