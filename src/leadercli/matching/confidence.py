"""Confidence as a probability: how likely the best candidate is the right answer, 0-1.

A raw score (0-100) means different things in different packs: 20 is a sure answer in a document with
no alternates and a weak one in a pack with a dozen alternates a record. A logistic model over what
the matcher knows of the best candidate (its score, its lead, the share of the question the pack has
never seen, the share of the question's words the record itself lacks, and how many phrasings the
pack has a record) maps it to the probability of being right. Its coefficients are data
(data/confidence.txt), fitted on the dev questions only by benchmarks/fit_confidence.py; its
isotonic map (`calibrated`) then corrects the logistic curve's shape. Its calibration on held-out
questions is in docs/accuracy.md.
"""

from __future__ import annotations

import bisect
import functools
import math
from typing import NamedTuple

from leadercli.matching.text import read_list

__all__ = [
    "ANSWER_PROBABILITY",
    "FEATURES",
    "Evidence",
    "calibrated",
    "coefficients",
    "features",
    "logistic",
    "probability",
]

ANSWER_PROBABILITY = 0.42
"""Answer when the best candidate is at least this likely right (a pack's settings may say otherwise).
Chosen on the dev documents (docs/accuracy.md, "The bar"): 83% answered right and 79% of near-topic
questions declined; 0.36 answered two more right and declined 71%. A wrong answer costs a reader more
than a decline, which still names the places where the words appear."""


class Evidence(NamedTuple):
    """What the model reads about a question's best candidate."""

    score: float  # its confidence score, 0-100
    gap: float  # its lead over the runner-up, 0-100
    unknown: float  # IDF-weighted share of the question's content words the pack has never seen
    missing: float  # IDF-weighted share of the known content words that the record itself lacks
    unphrased: float  # the same, of the words its phrasings and tags lack (its body left out)
    density: float  # phrasings per record in the pack (1 for a document, ~12 for the shipped pack)


FEATURES: tuple[str, ...] = (
    "bias",
    "score",
    "gap",
    "unknown",
    "missing",
    "alternates",
    "score_x_alternates",
    "gap_x_alternates",
    "unknown_x_alternates",
    "missing_x_alternates",
    "unphrased",
)


def features(evidence: Evidence) -> list[float]:
    """The model's inputs, in FEATURES order (the fitter and the matcher share this)."""
    alternates = math.log(max(1.0, evidence.density))
    score = evidence.score / 100.0
    gap, unknown, missing = evidence.gap / 100.0, evidence.unknown, evidence.missing
    return [
        1.0,
        score,
        gap,
        unknown,
        missing,
        alternates,
        score * alternates,
        gap * alternates,
        unknown * alternates,
        missing * alternates,
        evidence.unphrased,
    ]


@functools.cache
def _fitted() -> tuple[tuple[float, ...], tuple[tuple[float, float], ...]]:
    """data/confidence.txt: a "name weight" line per feature, then "map raw calibrated" points."""
    weights: dict[str, float] = {}
    points: list[tuple[float, float]] = []
    for line in read_list("confidence.txt"):
        name, *values = line.split()
        if name == "map":
            points.append((float(values[0]), float(values[1])))
        else:
            weights[name] = float(values[0])
    return tuple(weights[name] for name in FEATURES), tuple(sorted(points))


def coefficients() -> tuple[float, ...]:
    """The fitted weights, one per feature."""
    return _fitted()[0]


def calibrated(raw: float) -> float:
    """The logistic model's output through the isotonic map fitted on held-out predictions.

    The logistic shape alone is too flat: dev documents it rated 0.2-0.3 were right 7% of the time.
    The map is piecewise linear between its points and flat beyond them, and never decreases, so an
    ordering of candidates by confidence (and so each bar's trade-off) is the logistic model's own."""
    points = _fitted()[1]
    if not points:
        return raw
    at = bisect.bisect_left(points, (raw, -1.0))
    if at == 0:
        return points[0][1]
    if at == len(points):
        return points[-1][1]
    (x0, y0), (x1, y1) = points[at - 1], points[at]
    return y0 + (y1 - y0) * (raw - x0) / (x1 - x0) if x1 > x0 else y1


def logistic(evidence: Evidence) -> float:
    """The logistic model's own estimate, before the isotonic map (what the map is fitted on)."""
    z = sum(w * x for w, x in zip(coefficients(), features(evidence), strict=True))
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


def probability(evidence: Evidence) -> float:
    """The estimated probability that the best candidate is the right answer."""
    return calibrated(logistic(evidence))
