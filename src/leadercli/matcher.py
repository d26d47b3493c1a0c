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
question about Apple's strategy put to a pack about Meta should not be answered. Conversational filler
("my board keeps asking ...") is not counted as unknown, and a question of several sentences is also
scored sentence by sentence, so context around a question does not drown it.
"""

from __future__ import annotations

import bisect
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
    "SUGGESTION_FLOOR",
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
    """Whether to answer, with what, and the runners-up (or suggestions when not answering).

    Suggestions of an unanswered decision all score at least SUGGESTION_FLOOR (there may be none).
    """

    query: str
    answered: bool
    best: Match | None
    alternatives: tuple[Match, ...]
    truncated: bool = False


# ---------------------------------------------------------------------------------------------------
# Tunable constants (each says where its value came from)

# Answer when the best confidence reaches this and leads the runner-up by DEFAULT_MARGIN. Chosen for a
# small pack on the shipped pack's evaluation set: 27/3 answers 93.7% of the answerable questions
# rightly and leaves 93.8% of off-topic and 52.8% of near-topic ones unanswered (24/3: 94.9% / 93.8% /
# 44.4%; 32/3: 92.6% / 96.9% / 55.6%; docs/accuracy.md). CLINC, 100 phrasings an intent, calibrates
# its own.
DEFAULT_THRESHOLD: float = 27.0
DEFAULT_MARGIN: float = 3.0

# An unanswered question only gets "did you mean" suggestions scoring at least this. From the
# histogram of the shipped pack's evaluation set (defaults 27/3): of the 8 answerable questions left
# unanswered, 7 have their right record at 17 or more (one at 10); of the 30 off-topic questions left
# unanswered, 26 have a best candidate under 15 (noise such as a metric at 14 for "what is the capital
# of France"). 10 would show noise for 7 of them, 15 for 4. Answered questions keep their alternatives.
SUGGESTION_FLOOR: float = 15.0

# Hostile-input guard: 1000 characters is ~150 words, longer than any real question.
MAX_QUERY_CHARS: int = 1000

# Format version of `to_state`; bump when the layout changes so stale caches are rebuilt. Version 4 is
# the compact layout (flat int lists, joined strings, pruned integer weights).
STATE_VERSION = 4

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
# Learned weights under this are dropped after training and the rest stored as integers of
# 10**-STATE_DIGITS, so the cached state is small and quick to load. Shipped pack: 65k -> 49k weights,
# the same answers on the evaluation set; CLINC val 90.4% / 55% -> 90.4% / 54% (0.02: 41k weights,
# one shipped-pack question lost; docs/accuracy.md).
WEIGHT_EPSILON = 0.01
STATE_DIGITS = 3

# Character n-gram length of the learned features; 4 beat 3, 5 and 4+5 on CLINC val (docs/accuracy.md).
CHAR_NGRAM = 4

# How the confidence is assembled from the two layers. 0.8/0.2 gave the best top-1 on the shipped
# pack (93.7% vs 93.1% learned alone) at a 0.5-point cost on CLINC val (docs/accuracy.md).
LEARNED_WEIGHT = 0.8
RETRIEVAL_WEIGHT = 0.2
ANSWER_TEXT_WEIGHT = 0.15  # answer/body text is weak evidence only (0.3 changed nothing measurable)
TAG_WEIGHT = 0.5  # tags count half as much as a phrasing's own words
# Confidence x (1 - share of unknown content words) ** this. 1 lifted CLINC val oos recall 49% -> 66%
# and shipped-pack off-topic rejection 69% -> 94%. Once filler words stopped counting as unknown, 1.25
# rejects more off-topic questions on the shipped pack at the same answer rate; 1.5 and 2 cost CLINC val
# oos recall (55% -> 45% -> 35%) for no gain (docs/accuracy.md).
UNKNOWN_WORD_PENALTY = 1.25
EXACT_MATCH_CONFIDENCE = 100.0
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

# Conversational filler and meta words: how people wrap a question ("my board keeps asking me ... what
# does the article say about ..."), not what it is about. They never count toward the unknown share
# (unknown ones sank the confidence of long, chatty questions: shipped pack, conversational questions
# answered 13/26 -> 16/26); known ones stay evidence for both layers, because in other packs they carry
# the intent (CLINC's "repeat", "greeting", "thank_you": dropping them cost 1.2 points of top-1).
_FILLER_LIST = """
    article author text piece post blog report say said says tell telling told explain explained
    describe summarise summarize sum mention mentioned mentioning wonder wondering wondered curious
    question ask asked asking know knowing think thinking thought understand want wanted wants need
    needed needs like really actually exactly basically bit little lot quite maybe perhaps thanks
    thank hey hi hello okay ok sure kind sort thing something anything stuff way whether worry
    worried keep keeping kept look looking point someone anyone somebody anybody board team boss
    manager colleague coworker org department lately recently currently right now today anyway
    even still already again yes go goes going gone went get getting make making let lets one two
    bunch couple sense mean means idea help heard hear read reading saw see seen seeing recommend
    recommended recommendation suggest suggested suggestion advice advise important frequently often
    roughly soon else completely im ive id youre isnt dont doesnt didnt cant wont whats
"""
FILLER_WORDS: frozenset[str] = frozenset(_FILLER_LIST.split())
_NOT_CONTENT: frozenset[str] = STOP_WORDS | FILLER_WORDS

# A long question is also scored sentence by sentence, each record keeping its best score: the
# question is usually one sentence and the rest is context ("Our investors keep comparing us to Meta.
# Where is Meta taking its AI efforts?"). Shipped pack: top-1 95.4% -> 96.6%, answerable 93.7% ->
# 95.4% at 25/3 (unknown penalty 1); splitting at commas too did no better.
_SENTENCES = re.compile(r"[.!?;]+(?:\s+|$)")

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
    if len(word) <= 3 or not word.isalpha() or word in _NOT_CONTENT:
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
        self._buckets: dict[int, list[str]] | None = None  # built on the first unknown word only
        self._cache: dict[str, str | None] = {}

    @property
    def _by_length(self) -> dict[int, list[str]]:
        if self._buckets is None:
            by_length: dict[int, list[str]] = defaultdict(list)
            # Most frequent first, then alphabetical: rapidfuzz keeps the first of equally close words.
            for word in sorted(self._known, key=lambda w: (-self._known[w], w)):
                by_length[len(word)].append(word)
            self._buckets = dict(by_length)
        return self._buckets

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
    averaged = [{c: w - totals[f][c] / step for c, w in row.items()} for f, row in enumerate(weights)]
    return [{c: w for c, w in row.items() if abs(w) >= WEIGHT_EPSILON} for row in averaged]


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
        """Use `build` or `from_state`; the state is the compact, JSON-native snapshot both go through.

        Only what is cheap to derive is derived here (IDF, bag norms, name -> index maps), so loading a
        cached matcher costs a few milliseconds (docs/accuracy.md).
        """
        self._state = state
        self._ids: list[str] = state["ids"]
        words: list[str] = state["words"].split(" ") if state["words"] else []
        count = len(self._ids)
        idf_list = [math.log(1.0 + count / df) for df in state["df"]]
        self._idf: dict[str, float] = dict(zip(words, idf_list, strict=True))
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
        exact = state["exact"].split("\n") if state["exact"] else []
        self._exact: dict[str, list[int]] = dict(zip(exact, state["exact_doc"], strict=True))
        # Sorted feature names, searched by bisection: cheaper to load than a dict of thousands of keys.
        self._features: list[str] = state["features"].split("\n") if state["features"] else []
        self._feature_df: list[int] = state["feature_df"]
        self._samples: int = state["samples"]
        self._offsets = [0, *itertools.accumulate(state["counts"])]
        self._classes: str = state["classes"]
        self._weights: str = state["weights"]
        self._scale = 10.0**-STATE_DIGITS
        self._rows: dict[int, tuple[list[int], list[float]]] = {}  # decoded on first use
        self._speller = _Speller(dict(zip(words, state["df"], strict=True)))
        self._rarest = math.log(1.0 + count)  # the IDF of a word seen in a single record

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
        state |= _learned_state(phrasings + _extra_phrasings(docs), len(docs))
        return cls(state)

    def to_state(self) -> dict[str, Any]:
        """A JSON-serialisable snapshot; `from_state` turns it back into an identical matcher."""
        return self._state

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Matcher:
        """Rebuild from `to_state` without re-training; a stale or damaged state raises ValueError."""
        if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
            found = state.get("version") if isinstance(state, dict) else type(state).__name__
            raise ValueError(f"matcher state version {found!r}, expected {STATE_VERSION}")
        for key, kind in _STATE_FIELDS.items():
            if not isinstance(state.get(key), kind):
                raise ValueError(f"damaged matcher state: {key!r} is not a {kind.__name__}")
        try:
            return cls(state)
        except (AttributeError, IndexError, KeyError, TypeError, ValueError) as error:
            raise ValueError(f"damaged matcher state: {error}") from error

    # -- questions -----------------------------------------------------------------------------------

    def rank(self, query: str, limit: int = 5) -> list[Match]:
        """The `limit` best records, best first; ties broken by id, never by file order."""
        if limit <= 0:
            return []
        scored = self._score_sentences(query[:MAX_QUERY_CHARS])
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
        suggestions = tuple(match for match in ranked[:wanted] if match.score >= SUGGESTION_FLOOR)
        return Decision(query, False, None, suggestions, truncated)

    # -- scoring -------------------------------------------------------------------------------------

    def _score_sentences(self, text: str) -> dict[int, float]:
        """Score the whole question and, when it has several sentences, each one; best per record."""
        scores = self._score(text)
        sentences = [sentence for sentence in _SENTENCES.split(text) if sentence.strip()]
        if len(sentences) > 1:
            for sentence in sentences:
                for doc, score in self._score(sentence).items():
                    if score > scores.get(doc, 0.0):
                        scores[doc] = score
        return scores

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
            if not learned and not self._features:
                blended = retrieval.get(doc, 0.0)
            scores[doc] = 100.0 * min(1.0, max(0.0, blended)) * keep
        for doc in exact or ():  # a phrasing of several records: all of them, and the margin declines
            scores[doc] = EXACT_MATCH_CONFIDENCE
        return {doc: score for doc, score in scores.items() if score > 0.0}

    def _parse(self, text: str, filler_is_content: bool = False) -> _Query:
        """Normalise, correct typos word by word, and measure how much of the query is unknown.

        The unknown share is IDF-weighted: an unseen word counts as much as the rarest pack word, so a
        question whose one specific word is foreign ("Apple's AI strategy") loses most of its confidence.
        Filler words are left out of the share (known ones still count as retrieval evidence); a
        question made of nothing but filler ("hello", "thank you") is parsed again with it as content.
        """
        words: list[str] = []
        content: list[str] = []
        known_weight = unknown_weight = 0.0
        saw_filler = False
        for word in _words(text):
            if word in STOP_WORDS:
                words.append(word)
                continue
            filler = word in FILLER_WORDS and not filler_is_content
            saw_filler = saw_filler or filler
            fixed = (
                word if filler and word in self._idf else (None if filler else self._speller.correct(word))
            )
            if fixed is None:
                unknown_weight += 0.0 if filler else self._rarest
                words.append(word)
                continue
            known_weight += 0.0 if filler else self._idf[fixed]
            words.append(fixed)
            if fixed not in content:
                content.append(fixed)
        total = known_weight + unknown_weight
        if not total and saw_filler:
            return self._parse(text, filler_is_content=True)
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
            bag_words, answer_words = self._bags_of(doc)
            bag = _cosine(content, idf, bag_words, query_norm, self._bag_norm[doc])
            answer = _cosine(content, idf, answer_words, query_norm, self._answer_norm[doc])
            result[doc] = PHRASE_SHARE * phrase_score + BAG_SHARE * bag + ANSWER_TEXT_WEIGHT * answer
        return result

    def _feature(self, name: str) -> int:
        """The position of a learned feature, or -1 when the model does not know it."""
        position = bisect.bisect_left(self._features, name)
        return position if position < len(self._features) and self._features[position] == name else -1

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

    def _row(self, feature: int) -> tuple[list[int], list[float]]:
        """A feature's classes and weights, decoded from the state's strings on first use."""
        row = self._rows.get(feature)
        if row is None:
            start, end = self._offsets[feature], self._offsets[feature + 1]
            scale = self._scale
            row = (
                [ord(cls) for cls in self._classes[start:end]],
                [(ord(weight) - _WEIGHT_ZERO) * scale for weight in self._weights[start:end]],
            )
            self._rows[feature] = row
        return row

    def _learned(self, words: list[str]) -> dict[int, float]:
        """The linear model's score per class (roughly 0 for a stranger, 1 for a training phrasing)."""
        if not self._features:
            return {}
        counts = _features(words)
        total = 1.0 + self._samples
        weighted = [
            (feature, (1.0 + math.log(count)) * (math.log(total / (1.0 + self._feature_df[feature])) + 1.0))
            for name, count in counts.items()
            if (feature := self._feature(name)) >= 0
        ]
        norm = math.sqrt(sum(value * value for _, value in weighted)) or 1.0
        scores = [0.0] * len(self._ids)
        for feature, value in weighted:
            scale = value / norm
            classes, weights = self._row(feature)
            for cls, weight in zip(classes, weights, strict=True):
                scores[cls] += weight * scale
        return {cls: score for cls, score in enumerate(scores) if score > 0.0}


# Weights are stored as code points around this zero; the range stays below the UTF-16 surrogates
# (U+D800), so the strings encode to UTF-8 and JSON as they are. Classes are at most
# LEARNED_MAX_DOCUMENTS (2,000), far below them too.
_WEIGHT_ZERO = 0x6000
_WEIGHT_LIMIT = 0x6000 - 1  # units of 10**-STATE_DIGITS: +-24.575 at 3 digits; real weights stay < 5


def _clamp_units(units: int) -> int:
    return max(-_WEIGHT_LIMIT, min(_WEIGHT_LIMIT, units))


# The top-level fields of a state and their types: `from_state` checks them before trusting a cache.
_STATE_FIELDS: dict[str, type] = {
    "ids": list,
    "words": str,
    "df": list,
    "postings": list,
    "phrasing_doc": list,
    "phrasing_norm": list,
    "bag_norm": list,
    "answer_norm": list,
    "bag_texts": list,
    "bag_tags": list,
    "answers": list,
    "exact": str,
    "exact_doc": list,
    "features": str,
    "feature_df": list,
    "samples": int,
    "counts": list,
    "classes": str,
    "weights": str,
}

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
    for number, (owner, phrasing) in enumerate(phrasings):
        for word in sorted({word for word in phrasing if word not in STOP_WORDS}):
            postings[index[word]].append(number)
        if key := " ".join(phrasing):
            exact[key].add(owner)
    kept = sorted(exact)
    idf = {word: math.log(1.0 + len(docs) / df) for word, df in frequency.items()}
    phrasing_norm = [0.0] * len(phrasings)
    for word, found in zip(words, postings, strict=True):
        for number in found:
            phrasing_norm[number] += idf[word] ** 2
    bags = [dict.fromkeys(tags, TAG_WEIGHT) | dict.fromkeys(texts, 1.0) for texts, tags, _ in fields]
    return {
        "words": " ".join(words),
        "df": [frequency[word] for word in words],
        "postings": postings,
        "phrasing_doc": [owner for owner, _ in phrasings],
        "phrasing_norm": [round(math.sqrt(norm), 6) or 1.0 for norm in phrasing_norm],
        "bag_norm": [round(_bag_norm(bag, idf), 6) for bag in bags],
        "answer_norm": [round(_bag_norm(dict.fromkeys(answer, 1.0), idf), 6) for _, _, answer in fields],
        "bag_texts": [sorted(index[word] for word in texts) for texts, _, _ in fields],
        "bag_tags": [sorted(index[word] for word in tags) for _, tags, _ in fields],
        "answers": [sorted(index[word] for word in answer) for _, _, answer in fields],
        "exact": "\n".join(kept),
        "exact_doc": [sorted(exact[key]) for key in kept],
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


def _learned_state(phrasings: list[tuple[int, list[str]]], classes: int) -> dict[str, Any]:
    """Train the linear layer and store it compactly (empty when the pack is too big or too small).

    Flat so `marshal` and `json` load it in a millisecond or two: feature names as one
    newline-joined string, their document frequencies (the IDF is recomputed), how many weights each
    feature has, and the weights as two strings of code points, one character per weight: its class
    (`chr(class)`) and its value in units of 10**-STATE_DIGITS (`chr(_WEIGHT_ZERO + units)`). Strings
    load as one object where a list of ints loads as ~50,000 (~1 ms each list on the shipped pack).
    """
    model: dict[str, Any] = {
        "features": "",
        "feature_df": [],
        "samples": 0,
        "counts": [],
        "classes": "",
        "weights": "",
    }
    if classes < 2 or classes > LEARNED_MAX_DOCUMENTS or len(phrasings) > LEARNED_MAX_PHRASINGS:
        return model
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
    kept: list[str] = []
    class_points: list[str] = []
    weight_points: list[str] = []
    unit = 10**STATE_DIGITS
    for name, row in zip(names, rows, strict=True):
        quantised = sorted((cls, _clamp_units(round(weight * unit))) for cls, weight in row.items())
        quantised = [(cls, units) for cls, units in quantised if units]
        if not quantised:
            continue  # a feature with no weight left after pruning never changes a score
        kept.append(name)
        model["feature_df"].append(frequency[name])
        model["counts"].append(len(quantised))
        class_points.extend(chr(cls) for cls, _ in quantised)
        weight_points.extend(chr(_WEIGHT_ZERO + units) for _, units in quantised)
    model["features"] = "\n".join(kept)
    model["classes"] = "".join(class_points)
    model["weights"] = "".join(weight_points)
    model["samples"] = total
    return model
