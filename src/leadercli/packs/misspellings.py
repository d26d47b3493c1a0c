"""Which alternates are deliberate misspellings ("brain drian from big tech"): `ask` matches them, so a
typed question with the same slip is answered, but `show` leaves them out of "Also asked as", where a
reader would take them for mistakes in the pack.

A word of an alternate is misspelt when neither general English nor the pack's own text (headings,
answers, tags and the other fields, never alternates) knows it in any inflection, and it is one edit
(two from eight letters) away from a word of that text. So "Lecunn" is a slip of "LeCun" in a pack
that names him, and "Hinton" in a pack that never does stays readable. The pack format is unchanged:
the spelling decides, nothing is marked.
"""

from __future__ import annotations

from typing import NamedTuple

from leadercli.matching.speller import inflections
from leadercli.matching.text import english_zipf, words
from leadercli.packs.pack import Pack
from leadercli.packs.sections import Record, section_of

MIN_LENGTH = 4  # shorter words are never called misspelt: "ai", "roi", "llm" are too easy to mistake
TWO_EDITS_LENGTH = 8


class Vocabulary(NamedTuple):
    """The pack's own words (normal form), and those of them a misspelling can be a slip of."""

    known: frozenset[str]
    by_length: dict[int, list[str]]


def vocabulary(pack: Pack) -> Vocabulary:
    """Every word of the pack's text other than its alternates."""
    known: set[str] = set()
    for record in pack.records():
        section = section_of(record)
        texts = [record.heading, *record.tags, getattr(record, "context", "")]
        texts += [str(getattr(record, name)) for name in section.body]
        for value in texts:
            known.update(words(value))
    by_length: dict[int, list[str]] = {}
    for word in sorted(known):
        if word.isalpha() and len(word) >= MIN_LENGTH - 1:
            by_length.setdefault(len(word), []).append(word)
    return Vocabulary(frozenset(known), by_length)


def _known(word: str, pack_words: frozenset[str]) -> bool:
    return any(form in pack_words or english_zipf(form) is not None for form in (word, *inflections(word)))


def misspelt_word(word: str, pack: Vocabulary) -> bool:
    """A word no dictionary here knows, close to one the pack uses."""
    if len(word) < MIN_LENGTH or not word.isalpha() or _known(word, pack.known):
        return False
    from rapidfuzz.distance import OSA

    budget = 2 if len(word) >= TWO_EDITS_LENGTH else 1
    for length in range(len(word) - budget, len(word) + budget + 1):
        for candidate in pack.by_length.get(length, ()):
            if OSA.distance(word, candidate, score_cutoff=budget) <= budget:
                return True
    return False


def is_misspelt(phrase: str, pack: Vocabulary) -> bool:
    return any(misspelt_word(word, pack) for word in words(phrase))


def readable_alternates(pack: Pack, record: Record) -> tuple[tuple[str, ...], int]:
    """The record's alternates a reader should see, and how many misspellings were left out."""
    if not record.alternates:
        return (), 0
    known = vocabulary(pack)
    readable = tuple(phrase for phrase in record.alternates if not is_misspelt(phrase, known))
    return readable, len(record.alternates) - len(readable)
