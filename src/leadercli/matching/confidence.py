"""Confidence as a probability: how likely the best candidate is the right answer, 0-1.

A raw score (0-100) means different things in different packs: 20 is a sure answer in a document with
no alternates and a weak one in a pack with a dozen alternates a record. A logistic model over what
the matcher knows of the best candidate (its score, its lead, the share of the question the pack has
never seen, the share of the question's words the record itself lacks, and how many phrasings the
pack has a record) maps it to the probability of being right. Its coefficients are data
(data/confidence.txt), fitted on the dev questions only by benchmarks/fit_confidence.py; its
calibration on held-out questions is in docs/accuracy.md.
"""

from __future__ import annotations

import functools
import math
from typing import NamedTuple

from leadercli.matching.text import read_list

__all__ = ["ANSWER_PROBABILITY", "FEATURES", "Evidence", "features", "probability"]

ANSWER_PROBABILITY = 0.4
"""Answer when the best candidate is at least this likely right (a pack's settings may say otherwise).
Chosen on the dev documents (docs/accuracy.md): 0.5 declines 88% of near-topic questions and answers
80% right; 0.4 declines 73% and answers 83% right, the balance the accuracy targets ask for."""


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
def coefficients() -> tuple[float, ...]:
    """The fitted weights, one per feature, from data/confidence.txt ("name weight" lines)."""
    weights = dict(line.split() for line in read_list("confidence.txt"))
    return tuple(float(weights[name]) for name in FEATURES)


def probability(evidence: Evidence) -> float:
    """The estimated probability that the best candidate is the right answer."""
    z = sum(w * x for w, x in zip(coefficients(), features(evidence), strict=True))
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))
