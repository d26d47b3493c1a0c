"""Match a question to one record of a knowledge pack, or say honestly that none fits.

Two layers, both built once when the pack loads (and cacheable through `to_state`/`from_state`):

* a retrieval layer (index.py, or lean.py for very large packs): IDF-weighted cosine between the
  query's content words and each phrasing, touching only records that share a word with it.
* a learned layer (linear.py): a linear model over TF-IDF word, word-pair and character features,
  skipped for packs too large to train in seconds, which then fall back to retrieval alone.

Question-time scoring is pure Python plus rapidfuzz (speller.py), so `ask` adds no heavy import.
Query words the pack has never seen (after typo correction) lower the confidence: a question about
Apple's strategy put to a pack about Meta should not be answered. Conversational filler ("my board
keeps asking ...") is not counted as unknown, and a question of several sentences is also scored
sentence by sentence, so context around a question does not drown it. Where each constant's value
came from: docs/accuracy.md.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Any, NamedTuple

from leadercli.matching.confidence import ANSWER_PROBABILITY, Evidence, probability
from leadercli.matching.gc_pause import no_cyclic_gc
from leadercli.matching.index import FullIndex, index_state
from leadercli.matching.lean import LeanIndex, lean_state
from leadercli.matching.linear import LinearModel, empty_model, train_model
from leadercli.matching.state import LAZY_KEYS, STATE_VERSION, check_state
from leadercli.matching.text import (
    english_zipf,
    filler_words,
    is_cjk,
    read_list,
    split_answer_sentences,
    split_question,
    stop_words,
    words,
)
from leadercli.matching.types import Decision, Document, Match, Retriever

__all__ = [
    "DEFAULT_MARGIN",
    "DEFAULT_THRESHOLD",
    "LAZY_KEYS",
    "LEAN_MIN_DOCUMENTS",
    "LEAN_MIN_PHRASINGS",
    "LEARNED_MAX_DOCUMENTS",
    "LEARNED_MAX_PHRASINGS",
    "MAX_QUERY_CHARS",
    "STATE_VERSION",
    "SUGGESTION_FLOOR",
    "Decision",
    "Document",
    "Match",
    "Matcher",
    "Rule",
]

# Answer when the best confidence reaches this and leads the runner-up by DEFAULT_MARGIN: chosen on
# the shipped pack's evaluation set (docs/accuracy.md). CLINC, 100 phrasings an intent, calibrates its own.
DEFAULT_THRESHOLD: float = 20.5
DEFAULT_MARGIN: float = 3.0
# An unanswered question only gets "did you mean" suggestions scoring at least this: below it, the
# best candidate of an off-topic question is mostly noise (docs/accuracy.md). Answered questions keep
# their alternatives.
SUGGESTION_FLOOR: float = 15.0
# Hostile-input guard: 1000 characters is ~150 words, longer than any real question.
MAX_QUERY_CHARS: int = 1000

# The learned layer trains in ~O(phrasings x classes touched); above these sizes it is skipped and
# retrieval alone ranks (CLINC, 15,000 phrasings x 150 classes, trains in ~15 s on 2 cores).
LEARNED_MAX_PHRASINGS = 40_000
LEARNED_MAX_DOCUMENTS = 2_000
# Above these sizes (where the learned layer is skipped anyway) a pack gets the lean layout (lean.py):
# 100,000 entries x 3 phrasings build in ~3 s instead of 45 s.
LEAN_MIN_PHRASINGS = LEARNED_MAX_PHRASINGS
LEAN_MIN_DOCUMENTS = LEARNED_MAX_DOCUMENTS

# Train the learned layer on tags and answer sentences too: readers ask with the article's words.
LEARN_FROM_TAGS = True
LEARN_FROM_ANSWERS = True
# The off-topic background class (data/background_questions.txt): trained beside the records and never
# answered; its score b lowers every record's confidence x (1 - BACKGROUND_PENALTY x b). Only packs with
# at least as many training phrasings as the background and at most BACKGROUND_MAX_PHRASINGS get it
# (docs/accuracy.md, "Background class").
BACKGROUND_MAX_PHRASINGS = 5_000
BACKGROUND_PENALTY = 1.0

# How the confidence is assembled from the two layers (docs/accuracy.md).
LEARNED_WEIGHT = 0.8
RETRIEVAL_WEIGHT = 0.2
# Confidence x (1 - share of unknown content words) ** this.
UNKNOWN_WORD_PENALTY = 1.25
# An unknown word weighs as much as the pack's rarest word, times its rarity in general English: nothing
# for a word as common as zipf ZIPF_COMMON ("the"), all of it from ZIPF_RARE down (once in ten million
# words) and for a word no list holds. "laptop" (4.2) costs 0.7 of a typo-proof foreign name.
ZIPF_COMMON = 7.0
ZIPF_RARE = 3.0
# A number of three digits or more that the pack lacks ("what is 543 times 344", "transfer 200") is a
# value the reader supplies, not a term: no list of phrasings holds every amount, so it costs a quarter
# of a rare word. Shorter numbers keep the full cost: there the number is often the fact asked ("does
# uv support python 2.7", "podman 6"); docs/accuracy.md has the figures.
UNKNOWN_NUMBER_COST = 0.25
UNKNOWN_NUMBER_DIGITS = 3
# A pair of Chinese or Japanese characters the pack lacks (text.cjk_words) is most often two words' halves
# across their boundary ("件在" in "配置文件在哪里"), not a term: it costs a quarter of a rare word.
UNKNOWN_CJK_COST = 0.25
EXACT_MATCH_CONFIDENCE = 100.0
# Below this many phrasings a record (a document's sections have one, their heading), a record's phrasing is
# its name: asked word for word, it comes before a blend that also reaches 100 (a sub-section whose text
# repeats the title). Above it a phrasing is one example of many, as likely another intent's (CLINC150's
# "turn up your volume" is whisper_mode's in train, change_volume's in val), and a tie keeps the id order.
NAMED_BELOW_DENSITY = 10.0
# Below this share (ten phrasings a record and more) the topic's reading of the background class is not
# worth a second pass of the learned layer: the whole question's is used (`Matcher._off_topic`).
TOPIC_SHARE_FLOOR = 0.01


class Scored(NamedTuple):
    """A record's score for a question (0-100) and whether the question is the record's name (one of
    its few phrasings, word for word): at the same score (a blend reaches 100 too) that comes first."""

    score: float
    exact: bool = False


_NONE = Scored(0.0)


def background_questions() -> tuple[str, ...]:
    """Everyday questions written for leadercli, the background class's phrasings (build time only)."""
    return read_list("background_questions.txt")


def _extra_phrasings(docs: Sequence[Document]) -> list[tuple[int, list[str]]]:
    """Tags and answer sentences as extra training phrasings: readers ask with the article's words.

    A sentence found in several records' answers (boilerplate) is evidence for none of them: skipped.
    """
    sentences = [
        [tuple(words(sentence)) for sentence in split_answer_sentences(doc.answer)]
        if LEARN_FROM_ANSWERS
        else []
        for doc in docs
    ]
    owners = Counter(sentence for found in sentences for sentence in set(found))
    extra: list[tuple[int, list[str]]] = []
    for index, doc in enumerate(docs):
        if LEARN_FROM_TAGS and doc.tags:
            extra.append((index, [word for tag in doc.tags for word in words(tag)]))
        extra.extend((index, list(found)) for found in sentences[index] if found and owners[found] == 1)
    return extra


def _unknown_cost(word: str, density: float) -> float:
    """The share of the rarest pack word's weight that a word the pack lacks costs (see ZIPF_COMMON).

    The discount for a common word shrinks with the phrasings a record has (`density`): a document's
    one heading cannot hold a reader's everyday words, but a dozen hand-written alternates that all
    miss "salary" say the pack does not answer about salaries (the shipped pack's near-topic gate).
    """
    if word.isdecimal() and len(word) >= UNKNOWN_NUMBER_DIGITS:
        return UNKNOWN_NUMBER_COST
    if is_cjk(word):
        return UNKNOWN_CJK_COST
    zipf = english_zipf(word)
    if zipf is None:
        return 1.0
    common = 1.0 - min(1.0, max(0.0, (ZIPF_COMMON - zipf) / (ZIPF_COMMON - ZIPF_RARE)))
    return 1.0 - common / max(1.0, density) ** 2


class Rule(NamedTuple):
    """When `Matcher.decide` answers, as a pack's settings say it (None: not set).

    A `min_confidence` (0-1), or neither `threshold` nor `margin`, means the confidence decides;
    otherwise the raw score does, the defaults standing in for the one not given."""

    threshold: float | None = None
    margin: float | None = None
    min_confidence: float | None = None

    def settled(self) -> Rule:
        """The same rule with its defaults filled in: a bar on the confidence and nothing else, or a
        threshold and a margin and no bar."""
        if self.min_confidence is not None or (self.threshold is None and self.margin is None):
            return Rule(
                min_confidence=ANSWER_PROBABILITY if self.min_confidence is None else self.min_confidence
            )
        return Rule(
            DEFAULT_THRESHOLD if self.threshold is None else self.threshold,
            DEFAULT_MARGIN if self.margin is None else self.margin,
        )


class _Query(NamedTuple):
    """A query after normalisation and typo correction, with what the scorers need from it."""

    words: list[str]  # every word, typo-corrected where possible (the learned layer's input)
    content: list[str]  # known content words, deduplicated, in order (the retrieval layer's input)
    unknown_share: float  # share of content words the pack has never seen, even after correction
    small_talk: bool = False  # nothing but filler ("yes", "thanks"), read as content for want of any


class Matcher:
    """Ranks a pack's records for a question; see the module docstring for how."""

    def __init__(self, state: dict[str, Any]) -> None:
        """Use `build` or `from_state`; the state is the compact, JSON-native snapshot both go through.

        The retriever is chosen here, once: a lean (large-pack) state reads its LAZY_KEYS maps token
        by token while answering and has no learned layer.
        """
        self._state = state
        self._index: Retriever
        self._model: LinearModel | None = None
        self._background: int | None = None  # the background class's number, when there is one
        self._index = LeanIndex(state) if state.get("lean") else FullIndex(state)
        # What an exact phrasing scores in this pack: whether it names its record depends on the pack alone.
        self._exact = Scored(EXACT_MATCH_CONFIDENCE, exact=self._index.density < NAMED_BELOW_DENSITY)
        if state.get("lean"):
            return
        records = len(state["ids"])
        model = LinearModel(state, records + state["background"])
        if model:
            self._model = model
            self._background = records if state["background"] else None

    # -- construction --------------------------------------------------------------------------------

    @classmethod
    def build(cls, documents: Sequence[Document]) -> Matcher:
        """Normalise every phrasing once and build the index (and the learned layer when affordable).

        Packs of more than LEAN_MIN_DOCUMENTS records or LEAN_MIN_PHRASINGS phrasings get the lean
        layout: one pass over the phrasings, no learned layer, no answer text.
        """
        docs = sorted(documents, key=lambda doc: doc.id)  # file order must never matter
        ids = [doc.id for doc in docs]
        if len(set(ids)) != len(ids):
            raise ValueError("document ids must be unique")
        if len(docs) > LEAN_MIN_DOCUMENTS or sum(len(doc.texts) for doc in docs) > LEAN_MIN_PHRASINGS:
            with no_cyclic_gc():
                return cls(lean_state(docs))
        phrasings = [(index, words(text)) for index, doc in enumerate(docs) for text in doc.texts]
        state: dict[str, Any] = {"version": STATE_VERSION, "lean": False, "ids": ids}
        state |= index_state(docs, phrasings)
        training = phrasings + _extra_phrasings(docs)
        questions = background_questions()
        background = len(questions) <= len(training) <= BACKGROUND_MAX_PHRASINGS
        if background:
            training += [(len(docs), words(text)) for text in questions]
        classes = len(docs) + background
        learnable = 2 <= classes <= LEARNED_MAX_DOCUMENTS and len(training) <= LEARNED_MAX_PHRASINGS
        state |= train_model(training, classes) if learnable else empty_model()
        state["background"] = int(background and bool(state["features"]))
        state |= {key: {} for key in LAZY_KEYS}
        return cls(state)

    def to_state(self) -> dict[str, Any]:
        """A JSON-serialisable snapshot; `from_state` turns it back into an identical matcher.

        The values under LAZY_KEYS are `dict[str, plain value]` that the matcher only ever reads with
        `.get(key)` and `in` (never iterated, never `len`), so a cache may store each key's value on its
        own and hand `from_state` any Mapping that reads them on demand.
        """
        return self._state

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Matcher:
        """Rebuild from `to_state` without re-training; a stale or damaged state raises ValueError.

        The LAZY_KEYS values may be any Mapping (a lazy one included); they are not read here.
        """
        check_state(state)
        try:
            return cls(state)
        except (AttributeError, IndexError, KeyError, TypeError, ValueError) as error:
            raise ValueError(f"damaged matcher state: {error}") from error

    # -- questions -----------------------------------------------------------------------------------

    def rank(self, query: str, limit: int = 5) -> list[Match]:
        """The `limit` best records, best first; at equal scores an exact phrasing first, then by id,
        never by file order."""
        return self._rank(query, limit)[0] if limit > 0 else []

    def standing(self, query: str) -> tuple[list[Match], float]:
        """The two best records and the best's lead, as `decide` reads them (calibration needs both)."""
        ranked, _, _, lead = self._rank(query, 2)
        return ranked, lead

    def _rank(self, query: str, limit: int) -> tuple[list[Match], _Query, int | None, float]:
        """The best matches, the whole question as parsed, the best record's number and its lead.

        The lead is the best's score over the runner-up's. A blend's score is capped at 100, so an exact
        phrasing can meet one there: where it names its record (NAMED_BELOW_DENSITY) it comes first and
        leads without limit (asking a section's title answers that section). Two exact phrasings are a
        tie (0). Equal blends in a document go by how well their headings fit the question (`_by_heading`);
        elsewhere they are a tie in id order: in the order of their uncapped blend or of their learned
        score, CLINC150 val's 10 ties were right 4 times, in id order 6."""
        text = query[:MAX_QUERY_CHARS]
        scores, parsed = self._score_sentences(text)
        # Records are numbered in id order (`build` sorts them), so the number breaks ties by id.
        ranked = sorted(scores.items(), key=lambda item: (-item[1].score, not item[1].exact, item[0]))
        if not ranked:
            return [], parsed, None, 0.0
        best, runner_up = ranked[0][1], ranked[1][1] if len(ranked) > 1 else _NONE
        if best.score != runner_up.score:
            lead = best.score - runner_up.score
        elif best.exact:  # a record's name leads a blend at the same score without limit; two are a tie
            lead = 0.0 if runner_up.exact else math.inf
        elif self._exact.exact:  # blends at one score, in a document: the heading naming more leads
            ranked, lead = self._by_heading(ranked, parsed.content)
        else:
            lead = 0.0
        matches = [Match(self._index.id_of(doc), round(score.score, 4)) for doc, score in ranked[:limit]]
        return matches, parsed, ranked[0][0], lead

    def _by_heading(
        self, ranked: list[tuple[int, Scored]], content: list[str]
    ) -> tuple[list[tuple[int, Scored]], float]:
        """Blends tied at the best score (most often both at the cap: pip's "Constraints Files" and
        "Build Constraints", whose text says "constraints file" too), ordered by how well their headings
        fit the question (`Index.named_share`); the lead is the first difference, on the score's scale."""
        top = ranked[0][1].score
        tied = [item for item in ranked if item[1].score == top]
        fits = {doc: self._index.named_share(doc, content) for doc, _ in tied}
        tied.sort(key=lambda item: (-fits[item[0]][0], -fits[item[0]][1]))  # stable: id order at equal fits
        first, second = fits[tied[0][0]], fits[tied[1][0]]
        lead = first[0] - second[0] or first[1] - second[1]
        return tied + ranked[len(tied) :], 100.0 * lead

    def evidence(self, query: str) -> tuple[list[Match], Evidence | None]:
        """The two best matches and what the confidence model reads about the best (None: no match)."""
        ranked, parsed, best, _ = self._rank(query, 2)
        if best is None:
            return ranked, None
        return ranked, self._evidence(ranked, parsed, best)

    def _evidence(self, ranked: list[Match], parsed: _Query, best: int) -> Evidence:
        runner_up = ranked[1].score if len(ranked) > 1 else 0.0
        anywhere, phrased = self._index.coverage(best, parsed.content)
        return Evidence(
            ranked[0].score,
            ranked[0].score - runner_up,
            parsed.unknown_share,
            1.0 - anywhere,
            1.0 - phrased,
            self._index.density,
        )

    def decide(
        self,
        query: str,
        *,
        threshold: float | None = None,
        margin: float | None = None,
        min_confidence: float | None = None,
        alternatives: int = 3,
        floor: float = SUGGESTION_FLOOR,
    ) -> Decision:
        """Answer when the best is probably right: its confidence (confidence.py, 0-1) reaches
        `min_confidence` (ANSWER_PROBABILITY when unset) and it leads the runner-up; else suggest.

        Without `min_confidence`, a `threshold` or `margin` on the raw score decides instead: answer when
        the best clears the threshold and leads the runner-up by the margin (the defaults for the one
        not given), as packs tuned before confidence became a probability do.

        An unanswered question's suggestions are the `alternatives` best scoring at least `floor`
        (SUGGESTION_FLOOR: below it a candidate is mostly noise, unless the caller asked for N of them).
        """
        truncated = len(query) > MAX_QUERY_CHARS
        wanted = max(0, alternatives)
        ranked, parsed, best_doc, lead = self._rank(query, max(1, wanted) + 1)  # the runner-up: the lead
        if best_doc is None:
            return Decision(query, False, None, (), truncated)
        best = ranked[0]
        evidence = self._evidence(ranked, parsed, best_doc)
        chance = probability(evidence)
        rule = Rule(threshold, margin, min_confidence).settled()
        if rule.min_confidence is not None:
            answered = chance >= rule.min_confidence and lead > 0.0
        else:
            assert rule.threshold is not None and rule.margin is not None  # settled: both are set
            answered = best.score >= rule.threshold and lead >= rule.margin
        # Small talk ("yes", "thanks") is answered only by a record that is phrased so (a "greeting"
        # intent), never by one whose answer happens to say "yes".
        answered = answered and not (parsed.small_talk and evidence.unphrased >= 1.0)
        if answered:
            return Decision(query, True, best, tuple(ranked[1 : 1 + wanted]), truncated, chance)
        suggestions = tuple(match for match in ranked[:wanted] if match.score >= floor)
        return Decision(query, False, None, suggestions, truncated, chance)

    # -- scoring -------------------------------------------------------------------------------------

    def _score_sentences(self, text: str) -> tuple[dict[int, Scored], _Query]:
        """Score the whole question and, when it has several sentences, each one; best per record."""
        scores, query = self._score(text)
        sentences = split_question(text)
        if len(sentences) > 1:
            for sentence in sentences:
                for doc, score in self._score(sentence)[0].items():
                    if score > scores.get(doc, _NONE):
                        scores[doc] = score
        return scores, query

    def _score(self, text: str) -> tuple[dict[int, Scored], _Query]:
        """Score (0-100) for every record that shares any evidence with the query; an exact phrasing
        scores 100, a heading of nothing but stop words ("About", "Why?") included."""
        query = self._parse(text)
        exact = self._index.exact(" ".join(query.words))
        if not query.content and query.unknown_share == 0.0:
            return dict.fromkeys(exact or (), self._exact), query
        retrieval = self._index.retrieve(query.content) if query.content else {}
        learned = self._model.scores(query.words) if self._model is not None else {}
        keep = (1.0 - query.unknown_share) ** UNKNOWN_WORD_PENALTY
        if self._background is not None:
            keep *= max(0.0, 1.0 - BACKGROUND_PENALTY * self._off_topic(query.words, learned))
        scores: dict[int, Scored] = {}
        for doc in retrieval.keys() | learned.keys():
            if self._model is None:
                blended = retrieval.get(doc, 0.0)
            else:
                blended = LEARNED_WEIGHT * learned.get(doc, 0.0) + RETRIEVAL_WEIGHT * retrieval.get(doc, 0.0)
            if (score := 100.0 * min(1.0, max(0.0, blended)) * keep) > 0.0:
                scores[doc] = Scored(score)
        for doc in exact or ():  # a phrasing of several records: all of them, and the tie declines
            scores[doc] = self._exact
        return scores, query

    def _off_topic(self, words: list[str], learned: dict[int, float]) -> float:
        """The background class's score (taken out of `learned`), in a document read from the
        question's topic alone.

        The class was trained on whole questions, so "what is" in "what is fzf" reads as off-topic
        (twenty everyday "what is ..." questions), and a document whose headings are statements
        would answer no "what is" at all; its topic words ("fzf") say whether the subject is one
        nobody asked the pack about. Hand-written alternates do hold the pack's own "what is ..."
        questions, so there the whole question is read, as the shipped pack's near-topic gate
        needs: the topic's share is divided by the square of the phrasings per record, like the
        discount for everyday words. A question of nothing but stop words ("who are you") is read
        whole."""
        assert self._background is not None and self._model is not None
        whole = learned.pop(self._background, 0.0)
        share = 1.0 / max(1.0, self._index.density) ** 2
        stop = stop_words()
        topic = [word for word in words if word not in stop]
        if not topic or share < TOPIC_SHARE_FLOOR:
            return whole
        return share * self._model.score_of(topic, self._background) + (1.0 - share) * whole

    def _parse(self, text: str, filler_is_content: bool = False) -> _Query:
        """Normalise, correct typos word by word, and measure how much of the query is unknown.

        The unknown share is IDF-weighted: an unseen word counts as much as the rarest pack word, so a
        question whose one specific word is foreign ("Apple's AI strategy") loses most of its confidence.
        Filler words are left out of the share (known ones still count as retrieval evidence); a
        question made of nothing but filler ("hello", "thank you") is parsed again with it as content.
        """
        index = self._index
        stop, filler_list = stop_words(), filler_words()
        found: list[str] = []
        content: list[str] = []
        known_weight = unknown_weight = 0.0
        saw_filler = False
        for word in words(text):
            if word in stop:
                found.append(word)
                continue
            filler = word in filler_list and not filler_is_content
            saw_filler = saw_filler or filler
            if not filler:
                fixed = index.speller.correct(word)
            elif index.idf(word) is not None:
                fixed = word  # known filler is evidence as it is, never corrected
            else:
                fixed = None
            idf = None if fixed is None else index.idf(fixed)
            if fixed is None or idf is None:
                unknown_weight += 0.0 if filler else index.rarest * _unknown_cost(word, index.density)
                found.append(word)
                continue
            known_weight += 0.0 if filler else idf
            found.append(fixed)
            if fixed not in content:
                content.append(fixed)
        total = known_weight + unknown_weight
        if not total and saw_filler:
            return self._parse(text, filler_is_content=True)
        return _Query(found, content, unknown_weight / total if total else 0.0, filler_is_content)
