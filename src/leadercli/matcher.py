"""Match a question to one record of a knowledge pack, or say honestly that none fits.

Two layers, both built once when the pack loads (and cacheable through `to_state`/`from_state`):

* a retrieval layer over sparse postings (word -> phrasings): IDF-weighted cosine between the query's
  content words and each phrasing, plus each record's whole vocabulary. It scales to very large packs
  because a query only touches records that share a word with it.
* a learned layer: a multiclass linear model (averaged passive-aggressive training, pure Python) over
  TF-IDF word, word-pair and character 4-gram features. A learned layer is what lifts accuracy on
  unseen paraphrases (CLINC150 val: 85% -> 92% top-1, see docs/accuracy.md); it is skipped for packs
  too large to train in seconds, which then fall back to retrieval alone.

Question-time scoring is pure Python plus rapidfuzz (word-level typo correction), so `ask` adds no
heavy import. Query words the pack has never seen (after typo correction) lower the confidence: a
question about Apple's strategy put to a pack about Meta should not be answered.
"""

from __future__ import annotations

import itertools
import math
import random
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA, Indel

__all__ = [
    "DEFAULT_MARGIN",
    "DEFAULT_THRESHOLD",
    "MAX_QUERY_CHARS",
    "Decision",
    "Document",
    "Match",
    "Matcher",
    "normalize",
    "similarity",
]

# ---------------------------------------------------------------------------------------------------
# Public data types


@dataclass(frozen=True, slots=True)
class Document:
    """One answerable record, as the pack hands it to the matcher."""

    id: str
    section: str
    texts: tuple[str, ...]
    tags: tuple[str, ...] = ()
    answer: str = ""


@dataclass(frozen=True, slots=True)
class Match:
    """A candidate record and its confidence (0-100)."""

    id: str
    score: float


@dataclass(frozen=True, slots=True)
class Decision:
    """Whether to answer, with what, and the runners-up (or suggestions when not answering)."""

    query: str
    answered: bool
    best: Match | None
    alternatives: tuple[Match, ...]
    truncated: bool = False


# ---------------------------------------------------------------------------------------------------
# Tunable constants (each says where its value came from)

# Answer when the best confidence reaches this and leads the runner-up by DEFAULT_MARGIN. Chosen for a
# small pack (5-10 phrasings a record) on the shipped pack's evaluation set: 25/3 answers 86% of the
# answerable questions rightly and leaves 94% of off-topic and 56% of near-topic ones unanswered
# (30/3: 82% / 94% / 64%; docs/accuracy.md). CLINC, with 100 phrasings an intent, calibrates its own.
DEFAULT_THRESHOLD: float = 25.0
DEFAULT_MARGIN: float = 3.0

# Hostile-input guard: 1000 characters is ~150 words, longer than any real question.
MAX_QUERY_CHARS: int = 1000

# Format version of `to_state`; bump when the layout changes so stale caches are rebuilt.
STATE_VERSION = 1

# The learned layer trains in ~O(phrasings x classes touched); above these sizes it is skipped and
# retrieval alone ranks (CLINC, 15,000 phrasings x 150 classes, trains in ~15 s on 2 cores).
LEARNED_MAX_PHRASINGS = 40_000
LEARNED_MAX_DOCUMENTS = 2_000

# Training schedule, measured on CLINC val: 5 epochs reach 91.8% top-1 (3 epochs: 91.5%, 10: 91.8%).
EPOCHS = 5
# Epochs after the first score only each sample's hardest competitors (found on full passes):
# 4x faster training for no measured loss on CLINC val.
HARD_NEGATIVES = 10
FULL_PASS_EPOCHS = frozenset({0, 2})
# Passive-aggressive (PA-I) aggressiveness and the margin a correct class must win by.
PA_AGGRESSIVENESS = 1.0
PA_MARGIN = 1.0
TRAINING_SEED = 20190902  # arXiv date of the CLINC paper: any fixed seed keeps builds reproducible
# Weights smaller than this are dropped after training: they never change a ranking (CLINC val).
WEIGHT_EPSILON = 1e-4

# Character n-gram length of the learned features; 4 beat 3, 5 and 4+5 on CLINC val (docs/accuracy.md).
CHAR_NGRAM = 4

# How the confidence is assembled from the two layers. 0.8/0.2 gave the best top-1 on the shipped
# pack (93.7% vs 93.1% learned alone) at a 0.5-point cost on CLINC val (docs/accuracy.md).
LEARNED_WEIGHT = 0.8
RETRIEVAL_WEIGHT = 0.2
ANSWER_TEXT_WEIGHT = 0.15  # answer/body text is weak evidence only (0.3 changed nothing measurable)
TAG_WEIGHT = 0.5  # tags count half as much as a phrasing's own words
# Confidence x (1 - share of unknown content words) ** this. 1 lifts CLINC val oos recall 49% -> 66%
# and shipped-pack off-topic rejection 69% -> 94%; 2 over-rejects answerable questions.
UNKNOWN_WORD_PENALTY = 1.0
EXACT_MATCH_CONFIDENCE = 100.0
# Weigh unknown words like the rarest pack word when measuring the unknown share (instead of counting
# words): near-topic rejection on the shipped pack 56% -> 64% at threshold 30, CLINC val unchanged.
UNKNOWN_BY_IDF = True
# Train the learned layer on tags and answer sentences too: readers ask with the article's words.
# Shipped pack top-1 90.9% -> 93.1% (learned layer alone); no effect on CLINC (no answers there).
LEARN_FROM_TAGS = True
LEARN_FROM_ANSWERS = True

# Typo correction: how many edits (OSA: insert, delete, substitute, transpose) a word of a given length
# may be away from a pack word. Short words are left alone ("apple" must not become "apply").
TYPO_MIN_LENGTH = 5
TYPO_TWO_EDITS_LENGTH = 10
# Below this length a typo may only drop or add a letter ("stratgy"), not swap one ("apple"/"apply").
TYPO_SUBSTITUTION_LENGTH = 7

# A general-purpose English stop list, minus words that carry meaning in a question ("no", "not").
_STOP_LIST = """
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing don down during each few for from further get
    got had has have having he her here hers herself him himself his how i if in into is it its itself
    just let me might more most must my myself of off on once only or other our ours ourselves out over
    own please same shall she should so some such than that the their theirs them themselves then there
    these they this those through to too under until up us very was we were what when where which while
    who whom whose why will with would you your yours yourself yourselves s t ll re ve d m
"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_LIST.split())

# ---------------------------------------------------------------------------------------------------
# Normalisation

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_POSSESSIVE = re.compile(r"(?<=\w)'s\b|(?<=\w)s'(?!\w)")
# Contractions are split into their words ("I'm" -> "i m", "isn't" -> "is not"), so they fall into the
# stop list instead of becoming unknown words like "im" or "isnt".
_IRREGULAR_NEGATIONS = re.compile(r"\b(?:(ca)n|(wo)n|(sha)n)'t\b")
_NEGATION = re.compile(r"(?<=\w)n't\b")
_CONTRACTION = re.compile(r"(?<=\w)'(m|re|ve|ll|d)\b")
_SEPARATORS = re.compile(r"[\W_]+")


def _stem(word: str) -> str:
    """Fold plurals and possessive-like endings ("metas" -> "meta"); light, so meaning is kept."""
    if len(word) <= 3 or not word.isalpha() or word in STOP_WORDS:
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("s"):
        return word[:-1]
    return word


def _expand_negation(found: re.Match[str]) -> str:
    """ "can't" -> "can not", "won't" -> "will not", "shan't" -> "shall not"."""
    stem = found.group(1) or found.group(2) or found.group(3)
    return {"ca": "can", "wo": "will", "sha": "shall"}[stem] + " not"


def _words(text: str) -> list[str]:
    """Every word of `text`, normalised and stemmed, stop words kept (the learned layer uses them)."""
    folded = unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES)
    folded = _IRREGULAR_NEGATIONS.sub(_expand_negation, folded)
    folded = _CONTRACTION.sub(r" \1", _NEGATION.sub(" not", folded))
    folded = _POSSESSIVE.sub("", folded).replace("'", "")
    return [_stem(word) for word in _SEPARATORS.split(folded) if word]


def normalize(text: str) -> list[str]:
    """The content words the matcher sees: NFKC, casefolded, no punctuation, no stop words, stemmed."""
    return [word for word in _words(text) if word not in STOP_WORDS]


def similarity(a: str, b: str) -> float:
    """How alike two phrasings are (0-100) after normalisation, for near-duplicate checks."""
    return float(fuzz.token_sort_ratio(" ".join(normalize(a)), " ".join(normalize(b))))


# ---------------------------------------------------------------------------------------------------
# Typo correction


def _max_edits(length: int) -> int:
    """Edits allowed for a word of this length: 0 below TYPO_MIN_LENGTH, 2 from TYPO_TWO_EDITS_LENGTH."""
    if length < TYPO_MIN_LENGTH:
        return 0
    return 2 if length >= TYPO_TWO_EDITS_LENGTH else 1


def _edit_distance(length: int) -> Any:
    """The distance for a word of this length: short words may only gain or lose a letter (Indel)."""
    return OSA.distance if length >= TYPO_SUBSTITUTION_LENGTH else Indel.distance


class _Speller:
    """Maps an unknown query word to the closest pack word within a length-dependent edit budget."""

    def __init__(self, frequency: dict[str, int]) -> None:
        self._known = frequency
        by_length: dict[int, list[str]] = defaultdict(list)
        # Most frequent first, then alphabetical: rapidfuzz keeps the first of equally close words.
        for word in sorted(frequency, key=lambda w: (-frequency[w], w)):
            by_length[len(word)].append(word)
        self._by_length = dict(by_length)
        self._cache: dict[str, str | None] = {}

    def correct(self, word: str) -> str | None:
        """The word itself when known, its correction, or None when nothing is close enough."""
        if word in self._known:
            return word
        if word in self._cache:
            return self._cache[word]
        fixed = self._closest(word)
        if len(self._cache) < 10_000:  # bounded: a long-running process must not grow without limit
            self._cache[word] = fixed
        return fixed

    def _closest(self, word: str) -> str | None:
        edits = _max_edits(len(word))
        if edits == 0 or not word.isalpha():
            return None
        best: tuple[int, int, str] | None = None
        scorer = _edit_distance(len(word))
        for length in range(len(word) - edits, len(word) + edits + 1):
            choices = self._by_length.get(length)
            if not choices:
                continue
            found = process.extractOne(word, choices, scorer=scorer, score_cutoff=edits)
            if found is None:
                continue
            candidate = (int(found[1]), -self._known[found[0]], found[0])
            if best is None or candidate < best:
                best = candidate
        return None if best is None else best[2]


# ---------------------------------------------------------------------------------------------------
# Feature extraction for the learned layer


def _features(words: Sequence[str]) -> Counter[str]:
    """Sparse features of one phrasing: content words, stop words, word pairs, character 4-grams.

    Stop words and pairs over all words matter for intent ("who are you" vs "what are you"): on
    CLINC val they lift top-1 from 85.2% to 91.5%.
    """
    found: Counter[str] = Counter()
    for word in words:
        if word in STOP_WORDS:
            found["s " + word] += 1
        else:
            found["w " + word] += 1
            padded = f"<{word}>"
            for start in range(len(padded) - CHAR_NGRAM + 1):
                found["c " + padded[start : start + CHAR_NGRAM]] += 1
    for first, second in itertools.pairwise(words):
        found[f"b {first} {second}"] += 1
    return found


def _weigh(counts: Counter[str], idf: dict[str, float]) -> list[tuple[str, float]]:
    """Sublinear TF x IDF, L2-normalised, over the features the model knows."""
    weighted = [(name, (1.0 + math.log(count)) * idf[name]) for name, count in counts.items() if name in idf]
    norm = math.sqrt(sum(value * value for _, value in weighted)) or 1.0
    return [(name, value / norm) for name, value in weighted]


# ---------------------------------------------------------------------------------------------------
# Training (build time only)


def _train(
    samples: list[list[tuple[int, float]]], labels: list[int], classes: int, features: int
) -> list[dict[int, float]]:
    """Averaged multiclass passive-aggressive training; returns one {class: weight} row per feature.

    Feature-major rows keep scoring sparse: a sample only visits the classes its features touch.
    """
    weights: list[dict[int, float]] = [{} for _ in range(features)]
    totals: list[dict[int, float]] = [{} for _ in range(features)]  # sum of step * update, for averaging
    rivals: list[list[int]] = [[] for _ in samples]
    order = list(range(len(samples)))
    rng = random.Random(TRAINING_SEED)
    step = 1
    for epoch in range(EPOCHS):
        rng.shuffle(order)
        full = epoch in FULL_PASS_EPOCHS
        for index in order:
            sample, label = samples[index], labels[index]
            if full:
                rival, loss = _full_pass(
                    weights, sample=sample, label=label, classes=classes, rivals=rivals, index=index
                )
            else:
                rival, loss = _restricted_pass(weights, sample, label, rivals[index])
            if loss > 0.0:
                tau = min(PA_AGGRESSIVENESS, loss / 2.0)  # |x| = 1 and two rows move: ||delta||^2 = 2
                _update(weights, totals=totals, sample=sample, label=label, rival=rival, tau=tau, step=step)
            step += 1
    return [
        {
            c: round(w - totals[f][c] / step, 6)
            for c, w in row.items()
            if abs(w - totals[f][c] / step) > WEIGHT_EPSILON
        }
        for f, row in enumerate(weights)
    ]


def _full_pass(
    weights: list[dict[int, float]],
    *,
    sample: list[tuple[int, float]],
    label: int,
    classes: int,
    rivals: list[list[int]],
    index: int,
) -> tuple[int, float]:
    """Score every class; remember the hardest rivals for the cheaper restricted passes."""
    scores = [0.0] * classes
    for feature, value in sample:
        for cls, weight in weights[feature].items():
            scores[cls] += weight * value
    own = scores[label]
    scores[label] = -math.inf
    ranked = sorted(range(classes), key=scores.__getitem__, reverse=True)[:HARD_NEGATIVES]
    rivals[index] = ranked
    rival = ranked[0]
    return rival, PA_MARGIN - (own - scores[rival])


def _restricted_pass(
    weights: list[dict[int, float]], sample: list[tuple[int, float]], label: int, rivals: list[int]
) -> tuple[int, float]:
    """Score the label and its remembered rivals only."""
    own = sum(value * weights[feature].get(label, 0.0) for feature, value in sample)
    best, best_score = -1, -math.inf
    for cls in rivals:
        score = sum(value * weights[feature].get(cls, 0.0) for feature, value in sample)
        if score > best_score:
            best, best_score = cls, score
    return best, PA_MARGIN - (own - best_score)


def _update(
    weights: list[dict[int, float]],
    *,
    totals: list[dict[int, float]],
    sample: list[tuple[int, float]],
    label: int,
    rival: int,
    tau: float,
    step: int,
) -> None:
    """Move the label's row toward the sample and the rival's away (plus the averaging bookkeeping)."""
    for feature, value in sample:
        delta = tau * value
        row, total = weights[feature], totals[feature]
        row[label] = row.get(label, 0.0) + delta
        row[rival] = row.get(rival, 0.0) - delta
        total[label] = total.get(label, 0.0) + step * delta
        total[rival] = total.get(rival, 0.0) - step * delta


# ---------------------------------------------------------------------------------------------------
# The matcher


@dataclass(frozen=True, slots=True)
class _Query:
    """A query after normalisation and typo correction, with what the scorers need from it."""

    words: list[str]  # every word, typo-corrected where possible (the learned layer's input)
    content: list[str]  # known content words, deduplicated, in order (the retrieval layer's input)
    unknown_share: float  # share of content words the pack has never seen, even after correction


class Matcher:
    """Ranks a pack's records for a question; see the module docstring for how."""

    def __init__(self, state: dict[str, Any]) -> None:
        """Use `build` or `from_state`; the state is the JSON-native snapshot both produce."""
        self._state = state
        self._ids: list[str] = state["ids"]
        self._idf: dict[str, float] = state["idf"]
        self._postings: dict[str, list[int]] = state["postings"]
        self._phrasing_doc: list[int] = state["phrasing_doc"]
        self._phrasing_norm: list[float] = state["phrasing_norm"]
        self._bags: list[dict[str, float]] = state["bags"]
        self._bag_norm: list[float] = state["bag_norm"]
        self._answers: list[dict[str, float]] = state["answers"]
        self._answer_norm: list[float] = state["answer_norm"]
        self._exact: dict[str, int] = state["exact"]
        self._model: dict[str, list[Any]] = state["model"]
        self._speller = _Speller(state["frequency"])
        self._rarest = math.log(1.0 + len(self._ids))  # the IDF of a word seen in a single record

    # -- construction --------------------------------------------------------------------------------

    @classmethod
    def build(cls, documents: Sequence[Document]) -> Matcher:
        """Normalise every phrasing once and build the index (and the learned layer when affordable)."""
        docs = sorted(documents, key=lambda doc: doc.id)  # file order must never matter
        ids = [doc.id for doc in docs]
        if len(set(ids)) != len(ids):
            raise ValueError("document ids must be unique")
        phrasings = [(index, _words(text)) for index, doc in enumerate(docs) for text in doc.texts]
        state: dict[str, Any] = {"version": STATE_VERSION, "ids": ids}
        state |= _retrieval_state(docs, phrasings)
        state["model"] = _learned_state(phrasings + _extra_phrasings(docs), len(docs))
        return cls(state)

    def to_state(self) -> dict[str, Any]:
        """A JSON-serialisable snapshot; `from_state` turns it back into an identical matcher."""
        return self._state

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Matcher:
        """Rebuild from `to_state` without re-training (only the speller's length buckets are rebuilt)."""
        if state.get("version") != STATE_VERSION:
            raise ValueError(f"matcher state version {state.get('version')!r}, expected {STATE_VERSION}")
        return cls(state)

    # -- questions -----------------------------------------------------------------------------------

    def rank(self, query: str, limit: int = 5) -> list[Match]:
        """The `limit` best records, best first; ties broken by id, never by file order."""
        if limit <= 0:
            return []
        scored = self._score(query[:MAX_QUERY_CHARS])
        ranked = sorted(scored.items(), key=lambda item: (-item[1], self._ids[item[0]]))
        return [Match(self._ids[doc], round(score, 4)) for doc, score in ranked[:limit]]

    def decide(
        self,
        query: str,
        *,
        threshold: float = DEFAULT_THRESHOLD,
        margin: float = DEFAULT_MARGIN,
        alternatives: int = 3,
    ) -> Decision:
        """Answer when the best clears `threshold` and leads the runner-up by `margin`; else suggest."""
        truncated = len(query) > MAX_QUERY_CHARS
        wanted = max(0, alternatives)
        ranked = self.rank(query, limit=max(1, wanted) + 1)  # the runner-up is needed for the margin
        if not ranked:
            return Decision(query, False, None, (), truncated)
        best = ranked[0]
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        if best.score >= threshold and best.score - runner_up >= margin:
            return Decision(query, True, best, tuple(ranked[1 : 1 + wanted]), truncated)
        return Decision(query, False, None, tuple(ranked[:wanted]), truncated)

    # -- scoring -------------------------------------------------------------------------------------

    def _score(self, text: str) -> dict[int, float]:
        """Confidence (0-100) for every record that shares any evidence with the query."""
        query = self._parse(text)
        if not query.content and query.unknown_share == 0.0:
            return {}
        exact = self._exact.get(" ".join(query.words))
        retrieval = self._retrieve(query.content)
        learned = self._learned(query.words)
        keep = (1.0 - query.unknown_share) ** UNKNOWN_WORD_PENALTY
        scores: dict[int, float] = {}
        for doc in retrieval.keys() | learned.keys():
            blended = LEARNED_WEIGHT * learned.get(doc, 0.0) + RETRIEVAL_WEIGHT * retrieval.get(doc, 0.0)
            if not learned and not self._model:
                blended = retrieval.get(doc, 0.0)
            scores[doc] = 100.0 * min(1.0, max(0.0, blended)) * keep
        if exact is not None:
            scores[exact] = EXACT_MATCH_CONFIDENCE
        return {doc: score for doc, score in scores.items() if score > 0.0}

    def _parse(self, text: str) -> _Query:
        """Normalise, correct typos word by word, and measure how much of the query is unknown.

        The unknown share is IDF-weighted: an unseen word counts as much as the rarest pack word, so a
        question whose one specific word is foreign ("Apple's AI strategy") loses most of its confidence.
        """
        words: list[str] = []
        content: list[str] = []
        known_weight = unknown_weight = 0.0
        for word in _words(text):
            if word in STOP_WORDS:
                words.append(word)
                continue
            fixed = self._speller.correct(word)
            if fixed is None:
                unknown_weight += self._rarest if UNKNOWN_BY_IDF else 1.0
                words.append(word)
                continue
            known_weight += self._idf[fixed] if UNKNOWN_BY_IDF else 1.0
            words.append(fixed)
            if fixed not in content:
                content.append(fixed)
        total = known_weight + unknown_weight
        return _Query(words, content, unknown_weight / total if total else 0.0)

    def _retrieve(self, content: list[str]) -> dict[int, float]:
        """IDF-weighted cosine against each phrasing (best one), the record's vocabulary and answer."""
        if not content:
            return {}
        idf = self._idf
        query_norm = math.sqrt(sum(idf.get(word, 0.0) ** 2 for word in content)) or 1.0
        overlap: dict[int, float] = defaultdict(float)
        for word in content:
            weight = idf.get(word, 0.0) ** 2
            for phrasing in self._postings.get(word, ()):
                overlap[phrasing] += weight
        best: dict[int, float] = defaultdict(float)
        for phrasing, shared in overlap.items():
            doc = self._phrasing_doc[phrasing]
            best[doc] = max(best[doc], shared / (query_norm * self._phrasing_norm[phrasing]))
        result: dict[int, float] = {}
        for doc, phrase_score in best.items():
            bag = _cosine(content, idf, self._bags[doc], query_norm, self._bag_norm[doc])
            answer = _cosine(content, idf, self._answers[doc], query_norm, self._answer_norm[doc])
            result[doc] = PHRASE_SHARE * phrase_score + BAG_SHARE * bag + ANSWER_TEXT_WEIGHT * answer
        return result

    def _learned(self, words: list[str]) -> dict[int, float]:
        """The linear model's score per class (roughly 0 for a stranger, 1 for a training phrasing)."""
        if not self._model:
            return {}
        counts = _features(words)
        weighted = [
            (entry, (1.0 + math.log(count)) * entry[0])
            for name, count in counts.items()
            if (entry := self._model.get(name)) is not None
        ]
        norm = math.sqrt(sum(value * value for _, value in weighted)) or 1.0
        scores: dict[int, float] = defaultdict(float)
        for entry, value in weighted:
            scale = value / norm
            for cls, weight in zip(entry[1], entry[2], strict=True):
                scores[cls] += weight * scale
        return {cls: score for cls, score in scores.items() if score > 0.0}


# Shares of the retrieval score: best phrasing, whole-record vocabulary (answer text is separate above).
PHRASE_SHARE = 0.55
BAG_SHARE = 0.30


def _cosine(
    content: list[str], idf: dict[str, float], bag: dict[str, float], query_norm: float, norm: float
) -> float:
    """IDF-weighted cosine between the query's words and a weighted bag of words."""
    if not bag or not norm:
        return 0.0
    shared = sum(idf.get(word, 0.0) ** 2 * bag[word] for word in content if word in bag)
    return shared / (query_norm * norm)


def _retrieval_state(docs: Sequence[Document], phrasings: list[tuple[int, list[str]]]) -> dict[str, Any]:
    """Postings, IDF and per-record bags: everything the retrieval layer needs, JSON-native."""
    fields: list[tuple[set[str], dict[str, float], set[str]]] = []
    for doc in docs:
        texts = {word for text in doc.texts for word in normalize(text)}
        tags = {word for tag in doc.tags for word in normalize(tag)}
        bag = dict.fromkeys(texts, 1.0) | dict.fromkeys(tags - texts, TAG_WEIGHT)
        fields.append((texts | tags, bag, set(normalize(doc.answer))))
    frequency: Counter[str] = Counter()
    for known, _, answer in fields:
        frequency.update(known | answer)
    count = len(docs)
    idf = {word: math.log(1.0 + count / df) for word, df in frequency.items()}
    postings: dict[str, list[int]] = defaultdict(list)
    phrasing_norm: list[float] = []
    exact: dict[str, int] = {}
    ambiguous: set[str] = set()
    for index, (owner, words) in enumerate(phrasings):
        content = sorted({word for word in words if word not in STOP_WORDS})
        for word in content:
            postings[word].append(index)
        phrasing_norm.append(math.sqrt(sum(idf[word] ** 2 for word in content)) or 1.0)
        key = " ".join(words)
        if exact.get(key, owner) != owner:
            ambiguous.add(key)
        exact[key] = owner
    bags = [bag for _, bag, _ in fields]
    answers = [dict.fromkeys(answer, 1.0) for _, _, answer in fields]
    return {
        "frequency": dict(frequency),
        "idf": idf,
        "postings": dict(postings),
        "phrasing_doc": [owner for owner, _ in phrasings],
        "phrasing_norm": phrasing_norm,
        "bags": bags,
        "bag_norm": [_bag_norm(bag, idf) for bag in bags],
        "answers": answers,
        "answer_norm": [_bag_norm(bag, idf) for bag in answers],
        "exact": {key: doc for key, doc in exact.items() if key not in ambiguous and key},
    }


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _extra_phrasings(docs: Sequence[Document]) -> list[tuple[int, list[str]]]:
    """Tags and answer sentences as extra training phrasings: readers ask with the article's words.

    A sentence found in several records' answers (boilerplate) is evidence for none of them: skipped.
    """
    sentences = [
        [tuple(_words(sentence)) for sentence in _SENTENCE_END.split(doc.answer) if sentence.strip()]
        if LEARN_FROM_ANSWERS
        else []
        for doc in docs
    ]
    owners = Counter(sentence for found in sentences for sentence in set(found))
    extra: list[tuple[int, list[str]]] = []
    for index, doc in enumerate(docs):
        if LEARN_FROM_TAGS and doc.tags:
            extra.append((index, [word for tag in doc.tags for word in _words(tag)]))
        extra.extend((index, list(words)) for words in sentences[index] if words and owners[words] == 1)
    return extra


def _bag_norm(bag: dict[str, float], idf: dict[str, float]) -> float:
    """Norm of a bag under the same IDF weighting the cosine uses."""
    return math.sqrt(sum(idf[word] ** 2 * weight * weight for word, weight in bag.items()))


def _learned_state(phrasings: list[tuple[int, list[str]]], classes: int) -> dict[str, list[Any]]:
    """Train the linear layer; {feature: [idf, classes, weights]}, or {} when the pack is too big/small."""
    if classes < 2 or classes > LEARNED_MAX_DOCUMENTS or len(phrasings) > LEARNED_MAX_PHRASINGS:
        return {}
    counts = [_features(words) for _, words in phrasings]
    frequency: Counter[str] = Counter()
    for found in counts:
        frequency.update(found.keys())
    total = len(counts)
    idf = {name: math.log((1.0 + total) / (1.0 + df)) + 1.0 for name, df in frequency.items()}
    names = sorted(idf)
    index = {name: position for position, name in enumerate(names)}
    samples = [[(index[name], value) for name, value in _weigh(found, idf)] for found in counts]
    rows = _train(samples, [doc for doc, _ in phrasings], classes, len(names))
    model: dict[str, list[Any]] = {}
    for name, row in zip(names, rows, strict=True):
        ordered = sorted(row.items())
        model[name] = [idf[name], [cls for cls, _ in ordered], [weight for _, weight in ordered]]
    return model
