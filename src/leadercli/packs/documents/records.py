"""Outlines into records: every heading with text of its own becomes a FAQ entry, whatever its phrasing.

A question heading is the entry's question; a statement heading ("Holiday coverage", an error message)
is its title, asked the same way. The headings above it are its context ("Installation > Linux"),
shown with the answer and matched as words. Headings without text of their own (a title over its
sub-sections, a table of contents) are not records, and are said so with their line. The text before
the first heading, when a reader can read it (not only logos and badges), is the document's
introduction: a record of its own, "About fzf", that answers "what is fzf".
"""

from __future__ import annotations

from collections import Counter
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


REPEATED_HEADING = 3
"""A sub-heading whose title recurs this often in one document ("Symptom", "Solution", "Example") names a
part, not a topic: it is folded into the section above it, so an answer brings the symptom and its
solution together and a question is matched against the whole problem."""


class _Unit(NamedTuple):
    """A record in the making: its heading, its context, the text of it and its folded parts, and the
    ids their attribute lists name."""

    heading: Heading
    context: list[str]
    parts: list[str]
    anchors: list[str]


def entries(documents: Sequence[Document]) -> Found:
    taken: set[str] = set()
    found: list[FaqEntry] = []
    skipped: list[tuple[str, Skipped]] = []
    for document in documents:
        units, empty = _units(document, len(documents) > 1)
        skipped += [(document.name, item) for item in (*document.outline.skipped, *empty)]
        for unit in units:
            heading = unit.heading
            title = heading.title or f"{document.name}, line {heading.line}"
            record_id = _unique_id(title, document.name, unit.context, taken)
            found.append(
                FaqEntry(
                    id=record_id,
                    question=title,
                    answer="\n\n".join(unit.parts),
                    source=f"{document.name} > {title}",
                    context=CONTEXT_SEPARATOR.join(unit.context),
                    path=document.path,
                    line=heading.line,
                    anchors=tuple(unit.anchors),
                )
            )
    return Found(tuple(found), tuple(skipped))


def _units(document: Document, in_folder: bool) -> tuple[list[_Unit], list[Skipped]]:
    """Every heading with text becomes a unit, except repeated sub-headings ("Symptom", "Solution"),
    whose text joins the unit of the nearest heading before them at their level or above (as does a
    repeated one below them); headings left without text are said skipped."""
    outline = document.outline
    reasons = {item.line for item in outline.skipped}
    repeated = Counter(heading.title.casefold() for heading in outline.headings if heading.title)
    units: dict[int, _Unit] = {}  # by the line of the heading that owns it
    if (introduction := outline.introduction) is not None:  # above every heading, and over none of them
        units[introduction.line] = _new_unit(introduction, [], outline, document.name, in_folder)
        units[introduction.line].parts.append(introduction.body)
    above: list[tuple[Heading, int | None]] = []  # the headings over this one; a folded one's unit
    hosts: list[tuple[Heading, list[Heading]]] = []  # topics so far, each with the headings above it
    for heading in outline.headings:
        while above and above[-1][0].level >= heading.level:
            above.pop()
        generic = bool(heading.title) and repeated[heading.title.casefold()] >= REPEATED_HEADING
        # A repeated part under a folded one is folded as well; a heading of its own under a folded part
        # (LIP 1's "LIP header preamble" under its topic's "Specification") is a section of its own.
        folded_into = above[-1][1] if above and generic else None
        if folded_into is None and generic:
            host = next((item for item in reversed(hosts) if item[0].level <= heading.level), None)
            if host is not None:
                if host[0].line not in units:
                    units[host[0].line] = _new_unit(host[0], host[1], outline, document.name, in_folder)
                folded_into = host[0].line
        if folded_into is not None:
            if heading.body:
                units[folded_into].parts.append(
                    f"**{heading.title}**\n\n{heading.body}" if heading.title else heading.body
                )
            if heading.anchor:
                units[folded_into].anchors.append(heading.anchor)
            above.append((heading, folded_into))
            continue
        ancestors = [item for item, _ in above]
        if heading.body:
            units[heading.line] = _new_unit(heading, ancestors, outline, document.name, in_folder)
            units[heading.line].parts.append(heading.body)
        if not _is_document_title(heading, outline):
            hosts.append((heading, ancestors))
        above.append((heading, None))
    empty = [
        Skipped(heading.line, heading.title, _why_empty(heading))
        for heading in outline.headings
        if not heading.body and heading.line not in units and heading.line not in reasons
    ]
    return [units[line] for line in sorted(units)], empty


def _new_unit(heading: Heading, above: list[Heading], outline: Outline, name: str, in_folder: bool) -> _Unit:
    """A unit for `heading`, its context the headings above it (the document's own title left out)."""
    context = [item.title for item in above if not _is_document_title(item, outline)]
    if in_folder and not _is_document_title(heading, outline):  # in a folder, the document is where
        context.insert(0, outline.title or name)  # a section is; the title's own record is the document
    return _Unit(heading, context, [], [heading.anchor] if heading.anchor else [])


def _is_document_title(heading: Heading, outline: Outline) -> bool:
    """The one level-1 heading that names the whole document says nothing about where a section is."""
    return heading.level == 1 and heading.title == outline.title


def _why_empty(heading: Heading) -> str:
    return "empty section" if heading.title else "empty heading"


def _unique_id(title: str, document: str, context: list[str], taken: set[str]) -> str:
    """A slug of the heading; where two headings read alike (`Next steps` in five guides), of the
    document and context too, then numbered: never a duplicate-id error."""
    stem = document.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    candidates: list[str] = []
    for words in (title, f"{stem} {title}", " ".join([stem, *context, title])):  # each only if needed
        candidates.append(candidate := slugify(words))
        if candidate and candidate not in taken and ID_PATTERN.fullmatch(candidate):
            taken.add(candidate)
            return candidate
    base = next((candidate for candidate in candidates if candidate), "section")[:54]
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    taken.add(f"{base}-{number}")
    return f"{base}-{number}"
