"""The one typo policy: which pack word an unknown query word stands for, if any.

A word the pack does not know is looked up in its other inflections first ("leave" finds "leaving"),
then in its other spelling (British or American: "licence" finds "license", "color" finds "colour"),
then corrected within an edit budget that grows with its length, but never into another common English
word. `max_edits` and `within_budget` are the same policy for one pair of words, for callers that
compare words themselves (full-text search).
rapidfuzz is imported only when a word needs correcting.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from leadercli.matching.text import english_zipf, read_list

__all__ = [
    "Speller",
    "close_words",
    "inflections",
    "is_english",
    "length_buckets",
    "max_edits",
    "other_spellings",
    "within_budget",
]

# How many edits (OSA: insert, delete, substitute, transpose) a word of a given length may be away from
# a pack word. Short words are left alone ("apple" must not become "apply").
TYPO_MIN_LENGTH = 5
TYPO_TWO_EDITS_LENGTH = 10
# Below this length a typo may only drop or add a letter ("stratgy"), not swap one ("apple"/"apply").
TYPO_SUBSTITUTION_LENGTH = 7
# Shorter words are not looked up in other inflections ("sing" / "sings", "led" / "lead" stay apart,
# except through the irregular verbs).
INFLECTION_MIN_LENGTH = 4
# A word English uses at least this often (zipf, data/english_frequency.txt: 3.5 is about three times in
# a million words) is a word, not a typo of another such word: "bread" must not be read as a pack's
# "read". It may still find one that differs only in its ending, which the light stemmer leaves
# ("designer" / "designed", "fundamentally" / "fundamental"), and any pack word English does not use
# ("patch" / "patche", the stem of "patches"; "strategy" / a pack's own "stratgey").
# Misspellings ("pasword", "recieve") are not in the table; the few that are sit at its floor of 3.
TYPO_ENGLISH_ZIPF = 3.5
_CACHE_LIMIT = 10_000  # corrections remembered: a long-running process must not grow without limit


@functools.lru_cache(maxsize=4096)  # bounded: a long chat must not grow without limit
def is_english(word: str) -> bool:
    """Whether `word` is a common English word (TYPO_ENGLISH_ZIPF), so never a typo of another one."""
    zipf = english_zipf(word)
    return zipf is not None and zipf >= TYPO_ENGLISH_ZIPF


def _may_become(term: str) -> Callable[[str], bool]:
    """Which words a typo'd `term` may stand for. Two common English words are two words ("bread",
    "read"), unless they differ only in their ending ("designer" / "designed", "fundamentally" /
    "fundamental") or are one word's two spellings ("licence" / "license"); a pack word English does
    not use (a name, a typo of the pack's own) may be any."""
    if not is_english(term):
        return lambda word: True
    return lambda word: (
        _same_but_the_ending(term, word) or not is_english(word) or word in other_spellings(term)
    )


def _same_but_the_ending(first: str, second: str) -> bool:
    """Whether the two words agree up to the last letter of the shorter one."""
    shorter = min(len(first), len(second))
    return first[: shorter - 1] == second[: shorter - 1]


def max_edits(length: int) -> int:
    """Edits allowed for a word of this length: 0 below TYPO_MIN_LENGTH, 2 from TYPO_TWO_EDITS_LENGTH."""
    if length < TYPO_MIN_LENGTH:
        return 0
    return 2 if length >= TYPO_TWO_EDITS_LENGTH else 1


def _edit_distance(length: int) -> Any:
    """The distance for a word of this length: short words may only gain or lose a letter (Indel)."""
    from rapidfuzz.distance import OSA, Indel

    return OSA.distance if length >= TYPO_SUBSTITUTION_LENGTH else Indel.distance


def within_budget(term: str, word: str) -> int | None:
    """The edits that turn `term` into `word` when within `term`'s budget (0 when equal), else None."""
    if term == word:
        return 0
    if word in other_spellings(term):  # "catalogue" / "catalog": one word, whatever the letters
        return 1
    edits = max_edits(len(term))
    if edits == 0 or abs(len(term) - len(word)) > edits:
        return None
    distance = int(_edit_distance(len(term))(term, word, score_cutoff=edits))
    # The English-word policy last: search asks this of every word of every record it shows.
    return distance if distance <= edits and _may_become(term)(word) else None


def close_words(term: str, words: Sequence[str]) -> list[tuple[str, int]]:
    """Every word of `words` within `term`'s edit budget, with the edits it takes (never 0: not `term`)."""
    edits = max_edits(len(term))
    if edits == 0:
        return []
    from rapidfuzz import process

    candidates = [word for word in words if abs(len(word) - len(term)) <= edits and word != term]
    found = process.extract(
        term, candidates, scorer=_edit_distance(len(term)), score_cutoff=edits, limit=None
    )
    allowed = _may_become(term)  # asked of the few words within the budget only: a lookup each
    return [(word, int(distance)) for word, distance, _ in found if allowed(word)]


@functools.cache
def _irregular_verbs() -> tuple[dict[str, str], dict[str, list[str]]]:
    """Past form -> base, and base -> its past forms, from data/irregular_verbs.txt."""
    past_to_base: dict[str, str] = {}
    for line in read_list("irregular_verbs.txt"):
        base, *forms = line.split()
        for past in forms:
            past_to_base[past] = base
    past_forms: dict[str, list[str]] = {}
    for past, base in past_to_base.items():
        past_forms.setdefault(base, []).append(past)
    return past_to_base, past_forms


def inflections(word: str) -> list[str]:
    """Other forms of a (plural-folded) word, for a query word the pack does not know as it is:
    "leave" -> "leaving", "left", "leaved", ...; "cutting" -> "cut"; "invested" -> "invest"."""
    past_to_base, past_forms = _irregular_verbs()
    bases = [word]
    if word.endswith("ing") and len(word) > 5:
        bases += [word[:-3], word[:-3] + "e"]
    elif word.endswith("ed") and len(word) > 4:
        bases += [word[:-2], word[:-1]]
    if len(bases) > 1 and len(bases[1]) > 2 and bases[1][-1] == bases[1][-2]:
        bases.append(bases[1][:-1])  # "cutting" -> "cutt" -> "cut"
    if word in past_to_base:
        bases.append(past_to_base[word])
    forms: list[str] = []
    for base in bases:
        root = base[:-1] if base.endswith("e") else base
        # A verb finds its action noun ("configure" -> "configuration"), not back: "valuation" is not
        # a question about "value" (the shipped pack's near-topic gate).
        forms += [base, root + "ing", base + base[-1] + "ing", root + "ed", root + "ation"]
        forms += past_forms.get(base, [])
    return [form for form in dict.fromkeys(forms) if form != word]


# British and American spellings of one word, as (pattern, replacement) at the word's end, both ways:
# colour/color, customise/customize, analyse/analyze, centre/center, licence/license, catalogue/catalog,
# cancelled/canceled, programme/program. A form is only taken when the pack knows it, so a rule that
# makes a non-word ("doctor" -> "doctour") costs nothing.
_SPELLINGS = (
    # A vowel, then consonants, then the ending: "colour", "favourite", not "tour", "scour" or "pour".
    (r"([aeiou][^aeiou]+)our(s|ed|ing|ite|ites|able|ably|ful|less)?$", r"\1or\2"),
    (r"([aeiou][^aeiou]+)or(s|ed|ing|ite|ites|able|ably|ful|less)?$", r"\1our\2"),
    (r"iour(s)?$", r"ior\1"),  # behaviour, saviour
    (r"ior(s)?$", r"iour\1"),
    # "organise", "customised", not "rise", "prise" or "wise".
    (r"([aeiou][^aeiou]+)is(e|es|ed|ing|ation|ations|er|ers)$", r"\1iz\2"),
    (r"([aeiou][^aeiou]+)iz(e|es|ed|ing|ation|ations|er|ers)$", r"\1is\2"),
    (r"ys(e|es|ed|ing)$", r"yz\1"),
    (r"yz(e|es|ed|ing)$", r"ys\1"),
    (r"([^aeiou])tre(s)?$", r"\1ter\2"),
    (r"([^aeiou])ter(s)?$", r"\1tre\2"),
    (r"ence$", "ense"),
    (r"ense$", "ence"),
    (r"ogue(s)?$", r"og\1"),
    (r"og(s)?$", r"ogue\1"),
    # "travelled", "cancelled", "labelling": after a or e only, so "filled" never meets "filed".
    (r"([ae])ll(ed|ing|er|ers)$", r"\1l\2"),
    (r"([aeiou][^aeiou]+[ae])l(ed|ing|er|ers)$", r"\1ll\2"),
    (r"gramme(s)?$", r"gram\1"),
    (r"gram(s)?$", r"gramme\1"),
)


@functools.cache
def _spelling_rules() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The rules compiled on the first word that needs them: most questions never do."""
    return tuple((re.compile(pattern), replacement) for pattern, replacement in _SPELLINGS)


@functools.lru_cache(maxsize=4096)
def other_spellings(word: str) -> list[str]:
    """The word as the other side of the Atlantic spells it, by every rule that fits (maybe non-words)."""
    if len(word) < INFLECTION_MIN_LENGTH or not word.isalpha():
        return []
    found = (pattern.sub(replacement, word, count=1) for pattern, replacement in _spelling_rules())
    return [form for form in dict.fromkeys(found) if form != word]


class Speller:
    """Maps an unknown query word to the closest pack word within a length-dependent edit budget.

    `frequency` tells a pack word's document frequency (None for a word the pack does not know);
    `bucket(length)` lists the pack's words of one length, most frequent first, then alphabetical.
    Both are only asked on demand, so a large pack's vocabulary is never loaded as a whole.
    """

    def __init__(self, frequency: Callable[[str], int | None], bucket: Callable[[int], list[str]]) -> None:
        self._frequency = frequency
        self._bucket = bucket
        self._buckets: dict[int, list[str]] = {}  # read on the first unknown word of a length only
        self._cache: dict[str, str | None] = {}

    def correct(self, word: str) -> str | None:
        """The word itself when known, its correction, or None when nothing is close enough."""
        if self._frequency(word) is not None:
            return word
        if word in self._cache:
            return self._cache[word]
        fixed = self._inflected(word) or self._spelt_otherwise(word) or self._closest(word)
        if len(self._cache) < _CACHE_LIMIT:
            self._cache[word] = fixed
        return fixed

    def _inflected(self, word: str) -> str | None:
        """The most frequent other inflection of the word that the pack knows, if any."""
        if (len(word) < INFLECTION_MIN_LENGTH and word not in _irregular_verbs()[0]) or not word.isalpha():
            return None
        return self._most_frequent(inflections(word))

    def _spelt_otherwise(self, word: str) -> str | None:
        """The most frequent other spelling of the word (British or American) that the pack knows, as
        it is or inflected ("licence" finds "licensed")."""
        return self._most_frequent(
            [form for spelt in other_spellings(word) for form in (spelt, *inflections(spelt))]
        )

    def _most_frequent(self, forms: list[str]) -> str | None:
        """The form the pack uses most (ties: the first alphabetically), or None when it knows none."""
        known = [(-frequency, form) for form in forms if (frequency := self._frequency(form) or 0)]
        return min(known)[1] if known else None

    def _closest(self, word: str) -> str | None:
        edits = max_edits(len(word))
        if edits == 0 or not word.isalpha():
            return None
        from rapidfuzz import process  # imported on use: only a word that needs correcting pays for it

        best: tuple[int, int, str] | None = None
        scorer = _edit_distance(len(word))
        allowed = _may_become(word)
        for length in range(len(word) - edits, len(word) + edits + 1):
            choices = self._buckets.get(length)
            if choices is None:
                choices = self._buckets[length] = self._bucket(length)
            if not choices:
                continue
            # Every word within the budget (a handful), so one the policy refuses does not hide the next.
            for found, distance, _ in process.extract(
                word, choices, scorer=scorer, score_cutoff=edits, limit=None
            ):
                candidate = (int(distance), -(self._frequency(found) or 0), found)
                if (best is None or candidate < best) and allowed(found):
                    best = candidate
        return None if best is None else best[2]


def length_buckets(frequency: Mapping[str, int]) -> dict[int, list[str]]:
    """Words by length, most frequent first, then alphabetical (rapidfuzz keeps the first of ties)."""
    by_length: dict[int, list[str]] = defaultdict(list)
    for word in sorted(frequency, key=lambda w: (-frequency[w], w)):
        by_length[len(word)].append(word)
    return dict(by_length)
