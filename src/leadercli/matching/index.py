"""The full retrieval index: IDF-weighted cosine with a record's best phrasing, its vocabulary and answer.

Sparse postings (word -> phrasings) mean a question only touches the records that share a word with
it. Packs too large for this layout get lean.py instead; both answer the `Retriever` questions.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from leadercli.matching.speller import Speller, length_buckets
from leadercli.matching.text import normalize, stop_words
from leadercli.matching.types import Document

__all__ = ["BAG_SHARE", "PHRASE_SHARE", "TAG_WEIGHT", "FullIndex", "idf", "index_state"]

# Shares of the retrieval score: best phrasing, whole-record vocabulary, answer text (weak evidence
# only: 0.3 changed nothing measurable).
PHRASE_SHARE = 0.55
BAG_SHARE = 0.30
ANSWER_TEXT_WEIGHT = 0.15
TAG_WEIGHT = 0.5  # tags count half as much as a phrasing's own words
# The body as first-class evidence: Okapi BM25 over each record's answer text, divided by what the
# query's words could score at most, so it reads 0-1 like the other shares. It reaches records whose
# heading shares no word with the question (a command named only in the text). It is divided by the
# record's number of phrasings: a record with hand-written alternates has better evidence, and keeps
# what it had (the shipped pack's gate). Measured on the dev documents (docs/accuracy.md, "Documents").
BODY_SHARE = 3.0
BM25_K1 = 1.2
BM25_B = 0.75
TF_LIMIT = 255  # a word's count in one body is stored in 8 bits


def idf(count: int, df: int) -> float:
    """The retrieval IDF of a word found in `df` of `count` records (or phrasings)."""
    return math.log(1.0 + count / df)


def _bag_norm(bag: dict[str, float], idf_of: dict[str, float]) -> float:
    """Norm of a bag under the same IDF weighting the cosine uses."""
    return math.sqrt(sum(idf_of[word] ** 2 * weight * weight for word, weight in bag.items()))


def _cosine(
    content: list[str], idf_of: dict[str, float], bag: dict[str, float], query_norm: float, norm: float
) -> float:
    """IDF-weighted cosine between the query's words and a weighted bag of words."""
    if not bag or not norm:
        return 0.0
    shared = sum(idf_of.get(word, 0.0) ** 2 * bag[word] for word in content if word in bag)
    return shared / (query_norm * norm)


def index_state(docs: Sequence[Document], phrasings: list[tuple[int, list[str]]]) -> dict[str, Any]:
    """Vocabulary, document frequencies, postings and per-record word lists, as flat int lists."""
    fields: list[tuple[set[str], set[str], set[str]]] = []
    for doc in docs:
        texts = {word for text in doc.texts for word in normalize(text)}
        tags = {word for tag in doc.tags for word in normalize(tag)} - texts
        fields.append((texts, tags, set(normalize(doc.answer))))
    frequency: Counter[str] = Counter()
    for texts, tags, answer in fields:
        frequency.update(texts | tags | answer)
    words = sorted(frequency)
    index = {word: position for position, word in enumerate(words)}
    postings: list[list[int]] = [[] for _ in words]
    exact: dict[str, set[int]] = defaultdict(set)  # a phrasing shared by records maps to all of them
    stop = stop_words()
    for number, (owner, phrasing) in enumerate(phrasings):
        for word in sorted({word for word in phrasing if word not in stop}):
            postings[index[word]].append(number)
        if key := " ".join(phrasing):
            exact[key].add(owner)
    kept = sorted(exact)
    idf_of = {word: idf(len(docs), df) for word, df in frequency.items()}
    phrasing_norm = [0.0] * len(phrasings)
    for word, found in zip(words, postings, strict=True):
        for number in found:
            phrasing_norm[number] += idf_of[word] ** 2
    bags = [dict.fromkeys(tags, TAG_WEIGHT) | dict.fromkeys(texts, 1.0) for texts, tags, _ in fields]
    body_postings: list[list[int]] = [[] for _ in words]
    body_length: list[int] = []
    for number, doc in enumerate(docs):
        counts = Counter(normalize(doc.answer))
        body_length.append(sum(counts.values()))
        for word, count in sorted(counts.items()):
            body_postings[index[word]].append(number << 8 | min(TF_LIMIT, count))
    return {
        "words": " ".join(words),
        "df": [frequency[word] for word in words],
        "postings": postings,
        "phrasing_doc": [owner for owner, _ in phrasings],
        "phrasing_norm": [round(math.sqrt(norm), 6) or 1.0 for norm in phrasing_norm],
        "bag_norm": [round(_bag_norm(bag, idf_of), 6) for bag in bags],
        "answer_norm": [round(_bag_norm(dict.fromkeys(answer, 1.0), idf_of), 6) for _, _, answer in fields],
        "bag_texts": [sorted(index[word] for word in texts) for texts, _, _ in fields],
        "bag_tags": [sorted(index[word] for word in tags) for _, tags, _ in fields],
        "answers": [sorted(index[word] for word in answer) for _, _, answer in fields],
        "body_postings": body_postings,
        "body_length": body_length,
        "exact": "\n".join(kept),
        "exact_doc": [sorted(exact[key]) for key in kept],
    }


class FullIndex:
    """A small or mid-sized pack's index, loaded whole from the state.

    Only what is cheap to derive is derived here (IDF, name -> index maps); per-record bags are built
    on first use, so loading a cached matcher costs a few milliseconds (docs/accuracy.md).
    """

    def __init__(self, state: dict[str, Any]) -> None:
        self._ids: list[str] = state["ids"]
        words: list[str] = state["words"].split(" ") if state["words"] else []
        count = len(self._ids)
        self._idf: dict[str, float] = dict(zip(words, [idf(count, df) for df in state["df"]], strict=True))
        self._postings: dict[str, list[int]] = {
            word: found for word, found in zip(words, state["postings"], strict=True) if found
        }
        self._phrasing_doc: list[int] = state["phrasing_doc"]
        self._phrasing_norm: list[float] = state["phrasing_norm"]
        self._words = words
        self._bag_words: list[list[int]] = state["bag_texts"]
        self._tag_words: list[list[int]] = state["bag_tags"]
        self._answer_words: list[list[int]] = state["answers"]
        self._bag_norm: list[float] = state["bag_norm"]
        self._answer_norm: list[float] = state["answer_norm"]
        self._bag_cache: dict[int, tuple[dict[str, float], dict[str, float]]] = {}
        self._body_postings: dict[str, list[int]] = {
            word: found for word, found in zip(words, state["body_postings"], strict=True) if found
        }
        self._body_length: list[int] = state["body_length"]
        self._body_average = sum(self._body_length) / max(1, len(self._body_length)) or 1.0
        self._body_share: list[float] | None = None  # per record, built on first use
        exact = state["exact"].split("\n") if state["exact"] else []
        self._exact: Mapping[str, list[int]] = dict(zip(exact, state["exact_doc"], strict=True))
        self._frequency = dict(zip(words, state["df"], strict=True))
        self._buckets: dict[int, list[str]] | None = None
        self.speller = Speller(self._frequency.get, self._words_of_length)
        self.rarest = idf(count, 1)
        self.density = len(self._phrasing_doc) / max(1, count)

    def _words_of_length(self, length: int) -> list[str]:
        if self._buckets is None:
            self._buckets = length_buckets(self._frequency)
        return self._buckets.get(length, [])

    def idf(self, word: str) -> float | None:
        return self._idf.get(word)

    def exact(self, key: str) -> list[int] | None:
        return self._exact.get(key)

    def id_of(self, doc: int) -> str:
        return self._ids[doc]

    def _bags_of(self, doc: int) -> tuple[dict[str, float], dict[str, float]]:
        """A record's weighted vocabulary and answer words, built on first use (most are never asked)."""
        found = self._bag_cache.get(doc)
        if found is None:
            words = self._words
            bag = dict.fromkeys((words[w] for w in self._tag_words[doc]), TAG_WEIGHT)
            bag |= dict.fromkeys((words[w] for w in self._bag_words[doc]), 1.0)
            found = bag, dict.fromkeys((words[w] for w in self._answer_words[doc]), 1.0)
            self._bag_cache[doc] = found
        return found

    def retrieve(self, content: list[str]) -> dict[int, float]:
        """IDF-weighted cosine against each phrasing (best one), the record's vocabulary and answer."""
        idf_of = self._idf
        query_norm = math.sqrt(sum(idf_of.get(word, 0.0) ** 2 for word in content)) or 1.0
        overlap: dict[int, float] = defaultdict(float)
        for word in content:
            weight = idf_of.get(word, 0.0) ** 2
            for phrasing in self._postings.get(word, ()):
                overlap[phrasing] += weight
        best: dict[int, float] = defaultdict(float)
        for phrasing, shared in overlap.items():
            doc = self._phrasing_doc[phrasing]
            best[doc] = max(best[doc], shared / (query_norm * self._phrasing_norm[phrasing]))
        body = self._body(content) if BODY_SHARE else {}
        if self._body_share is None:
            phrasings = Counter(self._phrasing_doc)
            self._body_share = [BODY_SHARE / max(1, phrasings[doc]) ** 2 for doc in range(len(self._ids))]
        body_share = self._body_share
        result: dict[int, float] = {}
        for doc in best.keys() | body.keys():
            bag_words, answer_words = self._bags_of(doc)
            bag = _cosine(content, idf_of, bag_words, query_norm, self._bag_norm[doc])
            answer = _cosine(content, idf_of, answer_words, query_norm, self._answer_norm[doc])
            result[doc] = (
                PHRASE_SHARE * best.get(doc, 0.0)
                + BAG_SHARE * bag
                + ANSWER_TEXT_WEIGHT * answer
                + body_share[doc] * body.get(doc, 0.0)
            )
        return result

    def coverage(self, doc: int, content: list[str]) -> tuple[float, float]:
        """IDF-weighted shares of the content words found in the record anywhere (phrasings, tags or
        body), and in its phrasings or tags alone."""
        bag, answer = self._bags_of(doc)
        weights = [(self._idf.get(word, 0.0), word in bag, word in answer) for word in content]
        total = sum(weight for weight, _, _ in weights)
        if not total:
            return 1.0, 1.0
        anywhere = sum(weight for weight, phrased, body in weights if phrased or body)
        return anywhere / total, sum(weight for weight, phrased, _ in weights if phrased) / total

    def named_share(self, doc: int, content: list[str]) -> tuple[float, float]:
        """How well the record's name fits the question: the IDF-weighted share of the question's content
        words its phrasings hold (a tag's word at its weight), then the share of its phrasings' own words
        the question holds (asked "navigation tabs", "Navigation tabs" fits better than "Sticky
        navigation tabs")."""
        idf_of = self._idf
        bag = self._bags_of(doc)[0]
        asked = sum(idf_of.get(word, 0.0) for word in content)
        held = sum(idf_of.get(word, 0.0) * bag.get(word, 0.0) for word in content)
        named = [word for word, weight in bag.items() if weight == 1.0]
        own = sum(idf_of.get(word, 0.0) for word in named)
        said = sum(idf_of.get(word, 0.0) for word in named if word in content)
        return (held / asked if asked else 0.0), (said / own if own else 0.0)

    def _body(self, content: list[str]) -> dict[int, float]:
        """BM25 of each body holding a query word, over the most the query's words could score (0-1)."""
        scores: dict[int, float] = defaultdict(float)
        most = 0.0
        lengths, average = self._body_length, self._body_average
        for word in content:
            weight = self._idf.get(word, 0.0)
            most += weight
            for posting in self._body_postings.get(word, ()):
                doc, count = posting >> 8, posting & TF_LIMIT
                saturation = count + BM25_K1 * (1.0 - BM25_B + BM25_B * lengths[doc] / average)
                scores[doc] += weight * count / saturation
        # Each word's term is below weight x 1 (count / (count + k1 x ...) < 1), so `most` bounds the sum.
        return {doc: score / most for doc, score in scores.items()} if most else {}
