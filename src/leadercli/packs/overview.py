"""Questions about a whole section ("what are the risks", "show me the playbook") and, in a document,
about a heading that only has sub-sections ("installation"): answered with the section's overview, the
list of its records, as the command of the same name prints it.

A question is about a section when every content word it has is the section's own name (its label,
plural, title or YAML key) or a word that asks for a whole ("show", "list", "track"... data file), and
at least one is the section's own: "what are the risks of open source AI" is a question about one risk.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from leadercli.packs import wordlists
from leadercli.packs.sections import CONTEXT_SEPARATOR, FAQ, SECTIONS, Record


class Overview(NamedTuple):
    """A section asked for whole: its name (as commands and JSON call it), its title and its records."""

    name: str
    title: str
    records: tuple[Record, ...]


@functools.cache
def _asking_words() -> frozenset[str]:
    from leadercli.matching.text import normalize

    return frozenset(word for line in wordlists.words("overview_words.txt") for word in normalize(line))


@functools.cache
def _section_words() -> dict[str, frozenset[str]]:
    from leadercli.matching.text import normalize

    return {
        name: frozenset(
            normalize(" ".join((name, section.key, section.label, section.plural, section.title)))
        )
        for name, section in SECTIONS.items()
        if section is not FAQ  # "what is the FAQ" asks for one entry's worth of nothing: leave it to ask
    }


def section_asked(question: str, counts: dict[str, int]) -> str | None:
    """The section a question asks for whole, among those the pack has records in; else None."""
    from leadercli.matching.text import normalize

    words = set(normalize(question))
    if not words:
        return None
    asking = _asking_words()
    found = [
        (len(words & own), name)
        for name, own in _section_words().items()
        if counts.get(name) and words & own and words <= own | asking
    ]
    found.sort(reverse=True)
    if not found or (len(found) > 1 and found[0][0] == found[1][0]):
        return None
    return found[0][1]


def heading_asked(question: str, entries: Sequence[Record]) -> Overview | None:
    """In a document: a heading without text of its own, whose sections are asked for whole."""
    from leadercli.matching.text import normalize

    words = set(normalize(question))
    if not words:
        return None
    asking = _asking_words()
    below = _below(entries)
    headings = {entry.heading for entry in entries}
    matches = []
    for path, records in below.items():
        title = path.rsplit(CONTEXT_SEPARATOR, 1)[-1]
        label = _numbers().title.match(title)  # "2. Framing" is asked as "framing" (or "section 2 framing")
        own = set(normalize(title[label.end("number") :] if label else title))
        numbered = set(normalize(title[: label.end("number")])) if label else set()
        if title not in headings and own and own <= words and words <= own | numbered | asking:
            matches.append((path.count(CONTEXT_SEPARATOR), path, records))
    if len(matches) != 1:
        return None
    _, path, records = matches[0]
    return Overview(path, path.rsplit(CONTEXT_SEPARATOR, 1)[-1], tuple(records))


def _below(entries: Sequence[Record]) -> dict[str, list[Record]]:
    """Each heading path of a document's context ("Installation > Linux") with the records under it."""
    below: dict[str, list[Record]] = {}
    for entry in entries:
        context = getattr(entry, "context", "")
        parts = context.split(CONTEXT_SEPARATOR) if context else []
        for depth in range(1, len(parts) + 1):
            below.setdefault(CONTEXT_SEPARATOR.join(parts[:depth]), []).append(entry)
    return below


class _Numbers:
    """The patterns of a section's number (a plain class, compiled on first use: `ask` starts in ~0.1 s)."""

    __slots__ = ("in_question", "title")

    def __init__(self) -> None:
        # A section's number before its title: "4.3 Auditing", "2. Framing", "Chapter 3: Errors", "A.1 Terms".
        self.title = re.compile(
            r"(?:(?:section|chapter|part|appendix|§)[ \t]*)?(?P<number>\d+(?:\.\d+)*|[A-Z](?:\.\d+)+)"
            r"[.):]?[ \t]+\S",
            re.IGNORECASE,
        )
        self.in_question = re.compile(r"(?<![\w.])(?:\d+(?:\.\d+)*|[A-Z](?:\.\d+)+)(?![\w]|\.\d)")


@functools.cache
def _numbers() -> _Numbers:
    return _Numbers()


def heading_numbered(question: str, entries: Sequence[Record]) -> Record | Overview | None:
    """In a document that numbers its sections, the one a question asks for by its number alone
    ("section 4.3", "what does 2.1 say", "§ 3"): its record, or the overview of a numbered heading that
    only has sub-sections. The words split "4.3" into two numbers every version shares, so the matcher
    cannot tell 4.3 from 3.4; None when the question says more than a number (the matcher weighs that)."""
    from leadercli.matching.text import normalize

    patterns = _numbers()
    numbers = patterns.in_question.findall(question)
    if len(numbers) != 1:
        return None
    rest = set(normalize(patterns.in_question.sub(" ", question.replace("§", " "))))
    if not rest <= _asking_words():
        return None
    wanted = numbers[0].casefold()
    found: list[Record | Overview] = [entry for entry in entries if _section_number(entry.heading) == wanted]
    headings = {entry.heading for entry in entries}
    for path, records in _below(entries).items():
        title = path.rsplit(CONTEXT_SEPARATOR, 1)[-1]
        if title not in headings and _section_number(title) == wanted:
            found.append(Overview(path, title, tuple(records)))
    return found[0] if len(found) == 1 else None


def _section_number(title: str) -> str:
    found = _numbers().title.match(title)
    return found["number"].casefold() if found else ""


def overview_named(name: str, sections: Mapping[str, tuple[Record, ...]]) -> Overview | None:
    """The overview whose id (`ask`'s `match.id` for it) is `name`, in any case: a section of the pack
    ("risks"), or a document heading with sub-sections ("Installation > Linux"); else None."""
    wanted = name.strip().casefold()
    if not wanted:
        return None
    for key, records in sections.items():
        if key.casefold() == wanted and records and SECTIONS[key] is not FAQ:
            return Overview(key, SECTIONS[key].title, records)
    below: list[Record] = []
    path = ""
    depth = len(wanted.split(CONTEXT_SEPARATOR))
    for entry in sections.get(FAQ.name, ()):
        parts = str(getattr(entry, "context", "")).split(CONTEXT_SEPARATOR)
        if CONTEXT_SEPARATOR.join(parts[:depth]).casefold() == wanted and len(parts) >= depth:
            below.append(entry)
            path = path or CONTEXT_SEPARATOR.join(parts[:depth])  # as written
    if not below:
        return None
    return Overview(path, path.rsplit(CONTEXT_SEPARATOR, 1)[-1], tuple(below))
