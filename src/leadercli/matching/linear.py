"""The learned layer: a multiclass linear model over TF-IDF features, trained in pure Python.

It is what lifts accuracy on unseen paraphrases (CLINC150 val top-1 85% -> 92%, docs/accuracy.md).
Training (averaged passive-aggressive, build time only) and scoring share `features` and `weigh`, so
a question is weighted exactly as the phrasings were.
"""

from __future__ import annotations

import bisect
import heapq
import itertools
import math
from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from typing import Any, TypeVar

from leadercli.matching.state import weight_char, weight_point, weight_values
from leadercli.matching.text import stop_words

__all__ = ["LinearModel", "empty_model", "features", "train_model", "weigh"]

_Key = TypeVar("_Key", bound=Hashable)

# Character n-gram length of the features; 4 beat 3, 5 and 4+5 on CLINC val (docs/accuracy.md).
CHAR_NGRAM = 4


def features(words: Sequence[str]) -> Counter[str]:
    """Sparse features of one phrasing: content words, stop words, word pairs, character 4-grams.

    Stop words and pairs over all words matter for intent ("who are you" vs "what are you"): on
    CLINC val they lift top-1 from 85.2% to 91.5%.
    """
    stop = stop_words()
    found: Counter[str] = Counter()
    for word in words:
        if word in stop:
            found["s " + word] += 1
        else:
            found["w " + word] += 1
            padded = f"<{word}>"
            for start in range(len(padded) - CHAR_NGRAM + 1):
                found["c " + padded[start : start + CHAR_NGRAM]] += 1
    for first, second in itertools.pairwise(words):
        found[f"b {first} {second}"] += 1
    return found


def weigh(counts: Iterable[tuple[_Key, int, int]], samples: int) -> list[tuple[_Key, float]]:
    """The one TF-IDF weighting: sublinear TF x smoothed IDF, L2-normalised.

    `counts` holds (feature, count in this phrasing, phrasings of the `samples` holding it).
    """
    total = 1.0 + samples
    weighted = [
        (key, (1.0 + math.log(count)) * (math.log(total / (1.0 + df)) + 1.0)) for key, count, df in counts
    ]
    norm = math.sqrt(sum(value * value for _, value in weighted)) or 1.0
    return [(key, value / norm) for key, value in weighted]


# ---------------------------------------------------------------------------------------------------
# Training (build time only)

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
# Averaged weights under this are dropped after training (docs/accuracy.md, "Compact state").
WEIGHT_EPSILON = 0.01
# A full pass finds a sample's rivals from the feature rows of at most this many classes; a wider row (a
# character 4-gram of common words, in a pack of hundreds of sections) is added only to the best
# MINING_POOL classes found so. The scores of those are exact, so only which classes compete is
# approximate, and only in packs of more classes than this: every pack measured here (the shipped
# pack, CLINC150's 151 intents, each document) trains exactly as before. The 27 documents of
# tests/fixtures/docs as one folder (772 sections) train in 17 s instead of 35 s.
MINING_ROW_LIMIT = 160
MINING_POOL = 30


def empty_model() -> dict[str, Any]:
    """The learned fields of a state without a learned layer."""
    return {"features": "", "feature_df": [], "samples": 0, "counts": [], "classes": "", "weights": ""}


def train_model(phrasings: list[tuple[int, list[str]]], classes: int) -> dict[str, Any]:
    """Train on (class, words) phrasings and return the learned fields of a state.

    Feature names as one newline-joined string, their document frequencies (the IDF is recomputed),
    how many weights each feature has, and the weights as two strings of code points, one character
    per weight: its class and its value (state.weight_char). Strings load as one object where a list
    of ints loads as ~50,000 (~1 ms each list on the shipped pack).
    """
    model = empty_model()
    counts = [features(words) for _, words in phrasings]
    frequency: Counter[str] = Counter()
    for found in counts:
        frequency.update(found.keys())
    total = len(counts)
    names = sorted(frequency)
    index = {name: position for position, name in enumerate(names)}
    samples: list[list[tuple[int, float]]] = []
    for found in counts:
        weighted = weigh([(name, count, frequency[name]) for name, count in found.items()], total)
        samples.append([(index[name], value) for name, value in weighted])
    rows = _train(samples, [doc for doc, _ in phrasings], classes, len(names))
    kept: list[str] = []
    class_points: list[str] = []
    weight_points: list[str] = []
    for name, row in zip(names, rows, strict=True):
        quantised = sorted((cls, weight_point(weight)) for cls, weight in row.items())
        quantised = [(cls, units) for cls, units in quantised if units]
        if not quantised:
            continue  # a feature with no weight left after pruning never changes a score
        kept.append(name)
        model["feature_df"].append(frequency[name])
        model["counts"].append(len(quantised))
        class_points.extend(chr(cls) for cls, _ in quantised)
        weight_points.extend(weight_char(units) for _, units in quantised)
    model["features"] = "\n".join(kept)
    model["classes"] = "".join(class_points)
    model["weights"] = "".join(weight_points)
    model["samples"] = total
    return model


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
    import random  # training only: `ask` on a cached pack never pays for it

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
    """Score every class; remember the hardest rivals for the cheaper restricted passes.

    Sparse: only the classes the sample's features touch get a score; every other class scores 0 and
    ranks, among equals, by number, so the first few of those stand in for all of them. The ranking is
    the one a dense sort of every class gives (highest score first, ties by class number), at a cost
    that grows with what the sample touches, not with the number of classes (a 2,000-section document);
    rows wider than MINING_ROW_LIMIT count only for the classes the others found.
    """
    scores: dict[int, float] = {}
    wide: list[tuple[dict[int, float], float]] = []
    for feature, value in sample:
        row = weights[feature]
        if len(row) > MINING_ROW_LIMIT:
            wide.append((row, value))
            continue
        for cls, weight in row.items():
            scores[cls] = scores.get(cls, 0.0) + weight * value
    if wide:
        pool = {*heapq.nlargest(MINING_POOL, scores, key=scores.__getitem__), label}
        scores = {
            cls: scores.get(cls, 0.0) + sum(value * row.get(cls, 0.0) for row, value in wide) for cls in pool
        }
    own = scores.pop(label, 0.0)
    untouched = itertools.islice(
        (cls for cls in range(classes) if cls != label and cls not in scores), HARD_NEGATIVES
    )
    candidates = [(-score, cls) for cls, score in scores.items()] + [(0.0, cls) for cls in untouched]
    ranked = [cls for _, cls in heapq.nsmallest(HARD_NEGATIVES, candidates)]
    rivals[index] = ranked
    rival = ranked[0]
    return rival, PA_MARGIN - (own - scores.get(rival, 0.0))


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
# Scoring (question time)


class LinearModel:
    """The trained layer read from a state; feature rows are decoded on first use (most never are)."""

    def __init__(self, state: dict[str, Any], classes: int) -> None:
        # Sorted feature names, searched by bisection: cheaper to load than a dict of thousands of keys.
        self._features: list[str] = state["features"].split("\n") if state["features"] else []
        self._feature_df: list[int] = state["feature_df"]
        self._samples: int = state["samples"]
        self._offsets = [0, *itertools.accumulate(state["counts"])]
        self._classes: str = state["classes"]
        self._weights: str = state["weights"]
        self._count = classes
        self._rows: dict[int, tuple[list[int], list[float]]] = {}

    def __bool__(self) -> bool:
        """False for a state without a learned layer."""
        return bool(self._features)

    def _feature(self, name: str) -> int:
        """The position of a feature, or -1 when the model does not know it."""
        position = bisect.bisect_left(self._features, name)
        return position if position < len(self._features) and self._features[position] == name else -1

    def _row(self, feature: int) -> tuple[list[int], list[float]]:
        """A feature's classes and weights, decoded from the state's strings on first use."""
        row = self._rows.get(feature)
        if row is None:
            start, end = self._offsets[feature], self._offsets[feature + 1]
            row = [ord(cls) for cls in self._classes[start:end]], weight_values(self._weights[start:end])
            self._rows[feature] = row
        return row

    def scores(self, words: list[str]) -> dict[int, float]:
        """The score per class (roughly 0 for a stranger, 1 for a training phrasing), positive only."""
        scores = [0.0] * self._count
        for feature, scale in self._weighed(words):
            classes, weights = self._row(feature)
            for cls, weight in zip(classes, weights, strict=True):
                scores[cls] += weight * scale
        return {cls: score for cls, score in enumerate(scores) if score > 0.0}

    def score_of(self, words: list[str], wanted: int) -> float:
        """One class's score, as `scores` would give it (0 when not positive), without the others'."""
        score = 0.0
        for feature, scale in self._weighed(words):
            classes, weights = self._row(feature)
            score += (
                sum(weight for cls, weight in zip(classes, weights, strict=True) if cls == wanted) * scale
            )
        return max(0.0, score)

    def _weighed(self, words: list[str]) -> list[tuple[int, float]]:
        """The known features of the words, each with its TF-IDF weight."""
        if not self._features:
            return []
        known = [
            (feature, count, self._feature_df[feature])
            for name, count in features(words).items()
            if (feature := self._feature(name)) >= 0
        ]
        return weigh(known, self._samples)
