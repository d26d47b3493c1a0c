"""The lean large-pack layout: built in one pass, read token by token, so size barely costs a question.

Retrieval is the IDF-weighted cosine with each record's best phrasing, phrasings being the documents
(document frequency = phrasings holding the word); a record's tags are one more phrasing, counted at
TAG_WEIGHT. Every per-token map sits under LAZY_KEYS, so a cache can hand them over as lazy Mappings.
Answer text, whole-record bags and the learned layer are left out: they do not pay at this size and
would make the build and the state several times bigger (docs/accuracy.md, "Large packs").
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from leadercli.matching.index import BAG_SHARE, PHRASE_SHARE, TAG_WEIGHT, idf
from leadercli.matching.speller import Speller, length_buckets
from leadercli.matching.state import NORM_BITS, NORM_MASK, SCALE, STATE_VERSION, pack_posting
from leadercli.matching.text import normalize, stop_words, words_of_many
from leadercli.matching.types import Document

__all__ = ["LeanIndex", "lean_state"]

# A word with more postings than this (a very common word) only adds to the phrasings that the query's
# rarer words already found, so a question costs milliseconds at any pack size.
LEAN_COMMON_POSTINGS = 2_000
_MEMO_LIMIT = 4096  # postings remembered: a long-running process must not grow without limit


def lean_state(docs: Sequence[Document]) -> dict[str, Any]:
    """The whole lean state in one pass over the phrasings (100,000 entries: ~3 s and ~30 MB).

    Each phrasing is numbered `record << shift | position` (tags at the last position) and a posting
    is that number and the phrasing's norm packed in one int (state.pack_posting), so nothing per
    phrasing or per record is ever loaded whole.
    """
    widest = max((len(doc.texts) for doc in docs), default=0) + 1  # + 1: the tags' phrasing
    shift = max(1, (widest - 1).bit_length())
    tag_position = (1 << shift) - 1
    exact: dict[str, list[int]] = {}
    postings: defaultdict[str, list[int]] = defaultdict(list)  # word -> phrasings, in order
    numbers: list[int] = []  # the `record << shift | position` number of each phrasing
    contents: list[set[str]] = []
    stop = stop_words()
    phrasings = words_of_many([text for doc in docs for text in doc.texts])
    keys = iter([" ".join(words) for words in phrasings])
    sets = iter([set(words) - stop for words in phrasings])
    for record, doc in enumerate(docs):
        base = record << shift
        for position in range(len(doc.texts)):
            if key := next(keys):
                owners = exact.get(key)
                if owners is None:
                    exact[key] = [record]
                elif owners[-1] != record:
                    owners.append(record)
            content = next(sets)
            phrasing = len(contents)
            for word in content:
                postings[word].append(phrasing)
            contents.append(content)
            numbers.append(base | position)
        if doc.tags:
            content = {word for tag in doc.tags for word in normalize(tag)}
            phrasing = len(contents)
            for word in content:
                postings[word].append(phrasing)
            contents.append(content)
            numbers.append(base | tag_position)
    total = len(contents)
    weight = {word: idf(total, len(found)) ** 2 for word, found in postings.items()}
    get = weight.__getitem__
    packed = [
        pack_posting(number, math.sqrt(sum(map(get, content))))
        for number, content in zip(numbers, contents, strict=True)
    ]
    packed_of = packed.__getitem__
    spell = length_buckets({word: len(found) for word, found in postings.items()})
    return {
        "version": STATE_VERSION,
        "lean": True,
        "count": total,
        "shift": shift,
        "terms": {word: list(map(packed_of, found)) for word, found in postings.items()},
        "exact_map": exact,
        "id_map": {str(number): doc.id for number, doc in enumerate(docs)},
        "spell": {str(length): "\n".join(words) for length, words in spell.items()},
    }


class LeanIndex:
    """A large pack's index: everything keyed by token stays in the (possibly lazy) LAZY_KEYS maps."""

    def __init__(self, state: dict[str, Any]) -> None:
        self._count: int = state["count"]
        self._shift: int = state["shift"]
        self._terms: Mapping[str, list[int]] = state["terms"]
        self._exact: Mapping[str, list[int]] = state["exact_map"]
        self._ids: Mapping[str, str] = state["id_map"]
        self._spell: Mapping[str, str] = state["spell"]
        self._term_memo: dict[str, list[int] | None] = {}
        self.speller = Speller(self._document_frequency, self._words_of_length)
        self.rarest = idf(self._count, 1)
        self.density = 1.0  # unknown without reading every record; a large pack is rarely hand-written

    def coverage(self, doc: int, content: list[str]) -> tuple[float, float]:
        """Not measured in the lean layout (it would read every posting of every word): all held."""
        return 1.0, 1.0

    def named_share(self, doc: int, content: list[str]) -> tuple[float, float]:
        """Not measured in the lean layout either: every record fits alike, so tied blends stay tied."""
        return 1.0, 1.0

    def _words_of_length(self, length: int) -> list[str]:
        joined = self._spell.get(str(length))
        return joined.split("\n") if joined else []

    def _term(self, word: str) -> list[int] | None:
        """The postings of one word, read once per process."""
        if word in self._term_memo:
            return self._term_memo[word]
        found = self._terms.get(word)
        if len(self._term_memo) >= _MEMO_LIMIT:
            self._term_memo.clear()
        self._term_memo[word] = found
        return found

    def _document_frequency(self, word: str) -> int | None:
        term = self._term(word)
        return len(term) if term else None

    def idf(self, word: str) -> float | None:
        df = self._document_frequency(word)
        return None if df is None else idf(self._count, df)

    def exact(self, key: str) -> list[int] | None:
        return self._exact.get(key)

    def id_of(self, doc: int) -> str:
        found = self._ids.get(str(doc))
        if found is None:
            raise ValueError(f"damaged matcher state: no id for record {doc}")
        return found

    def retrieve(self, content: list[str]) -> dict[int, float]:
        """IDF-weighted cosine with each record's best phrasing, from postings that carry the norms.

        Words are visited rarest first. A common word (more than LEAN_COMMON_POSTINGS postings) brings
        no new candidates once a rarer word has found some: it is only looked up, by bisection, in the
        phrasings already found (only phrasings that share nothing but common words with the question
        are left out).
        """
        weighted: list[tuple[float, list[int]]] = []
        for word in content:
            term = self._term(word)
            if term:
                weighted.append((idf(self._count, len(term)) ** 2, term))
        query_norm = math.sqrt(sum(weight for weight, _ in weighted)) or 1.0
        weighted.sort(key=lambda item: (-item[0], len(item[1])))
        overlap: dict[int, float] = {}
        for weight, postings in weighted:
            if len(postings) > LEAN_COMMON_POSTINGS and overlap:
                for posting in list(overlap):
                    position = bisect.bisect_left(postings, posting)
                    if position < len(postings) and postings[position] == posting:
                        overlap[posting] += weight
                continue
            for posting in postings:
                overlap[posting] = overlap.get(posting, 0.0) + weight
        shift, tags = self._shift + NORM_BITS, (1 << self._shift) - 1
        share = (PHRASE_SHARE + BAG_SHARE) / (query_norm * SCALE)
        best: dict[int, float] = {}
        for posting, shared in overlap.items():
            score = share * shared / (posting & NORM_MASK)
            if (posting >> NORM_BITS) & tags == tags:
                score *= TAG_WEIGHT
            doc = posting >> shift
            if score > best.get(doc, 0.0):
                best[doc] = score
        return best
