"""Measure a matcher on labelled questions, and calibrate its threshold and margin.

Pure: no Typer, no Rich, no YAML. `leadercli eval` reads the cases and renders the Report; the
benchmarks and CI call these functions directly. Rates are fractions from 0 to 1.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from leadercli.matching.matcher import Match, Matcher, Rule

__all__ = ["HISTOGRAM_BUCKETS", "Case", "Failure", "Report", "calibrate", "evaluate"]

# Confidence buckets of the histogram: 0-10, 10-20, ..., 90-100 (100 falls in the last one).
HISTOGRAM_BUCKETS: tuple[str, ...] = tuple(f"{low}-{low + 10}" for low in range(0, 100, 10))
TOP_CONFUSIONS = 10
# Margins `calibrate` tries: 0 to 30 in steps of 0.5 (confidence points); wider never won on CLINC
# val or the shipped pack.
CALIBRATION_MARGINS: tuple[float, ...] = tuple(step / 2 for step in range(61))


@dataclass(frozen=True)
class Case:
    """One labelled question: `expect` is the record id that answers it, or None for "must not answer"."""

    query: str
    expect: str | None


@dataclass(frozen=True)
class Failure:
    """A case the matcher got wrong: what it answered (None: no answer) and its top confidence."""

    query: str
    expect: str | None
    got: str | None
    score: float


@dataclass
class Report:
    """What `leadercli eval` prints (its `--json` shape is `payloads.evaluation`)."""

    cases: int
    top1_accuracy: float
    in_scope_accuracy: float
    oos_recall: float
    oos_precision: float
    false_rejections: int
    questions_per_second: float
    threshold: float | None  # None: decided by confidence (min_confidence)
    margin: float | None
    confusions: list[tuple[str | None, str | None, int]] = field(default_factory=list)
    histogram: dict[str, dict[str, int]] = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    min_confidence: float | None = None  # the probability rule's bar, when it decided (0-1)


@dataclass(frozen=True)
class _Outcome:
    """One case as the matcher saw it: its top candidate (even if unanswered) and the answer given."""

    case: Case
    top: Match | None
    answered: str | None

    @property
    def score(self) -> float:
        return self.top.score if self.top else 0.0

    @property
    def correct(self) -> bool:
        return self.answered == self.case.expect


def evaluate(
    matcher: Matcher,
    cases: Sequence[Case],
    *,
    threshold: float | None = None,
    margin: float | None = None,
    min_confidence: float | None = None,
) -> Report:
    """Run every case through `decide` with this rule (as `Matcher.decide` reads it) and summarise."""
    started = time.perf_counter()
    rule = Rule(threshold, margin, min_confidence).settled()
    outcomes = [_run(matcher, case, rule) for case in cases]
    elapsed = time.perf_counter() - started
    in_scope = [outcome for outcome in outcomes if outcome.case.expect is not None]
    out_of_scope = [outcome for outcome in outcomes if outcome.case.expect is None]
    rejected = [outcome for outcome in outcomes if outcome.answered is None]
    return Report(
        cases=len(outcomes),
        top1_accuracy=_share(in_scope, lambda o: o.top is not None and o.top.id == o.case.expect),
        in_scope_accuracy=_share(in_scope, lambda o: o.correct),
        oos_recall=_share(out_of_scope, lambda o: o.answered is None),
        # Of the questions left unanswered, the share that should have been; 1.0 when none were.
        oos_precision=_share(rejected, lambda o: o.case.expect is None, empty=1.0),
        false_rejections=sum(1 for outcome in in_scope if outcome.answered is None),
        questions_per_second=len(outcomes) / elapsed if elapsed > 0 else 0.0,
        threshold=rule.threshold,
        margin=rule.margin,
        min_confidence=rule.min_confidence,
        confusions=_confusions(outcomes),
        histogram=_histogram(outcomes),
        failures=[
            Failure(o.case.query, o.case.expect, o.answered, o.score) for o in outcomes if not o.correct
        ],
    )


def calibrate(matcher: Matcher, cases: Sequence[Case]) -> tuple[float, float]:
    """The threshold and margin that maximise accuracy with "no answer" counted as its own class.

    This is the CLINC paper's oos-threshold rule, extended to the margin. Among equally good settings
    the smallest margin wins, and the threshold sits midway between the neighbouring confidences, so it
    is not balanced on one case's exact score.
    """
    scored = [_top_two(matcher, case) for case in cases]
    best = (-1, 0.0, 0.0)  # (correct cases, -margin, threshold) compared as a tuple
    for margin in CALIBRATION_MARGINS:
        correct, threshold = _best_threshold(scored, margin)
        best = max(best, (correct, -margin, threshold), key=lambda item: (item[0], item[1]))
    correct, negative_margin, threshold = best
    return round(threshold, 2), abs(negative_margin)


def _run(matcher: Matcher, case: Case, rule: Rule) -> _Outcome:
    decision = matcher.decide(
        case.query,
        threshold=rule.threshold,
        margin=rule.margin,
        min_confidence=rule.min_confidence,
        alternatives=1,
    )
    if decision.best is not None:
        return _Outcome(case, decision.best, decision.best.id)
    # Suggestions stop at the matcher's floor; top-1 and the histogram need the real best candidate.
    ranked = matcher.rank(case.query, limit=1)
    return _Outcome(case, ranked[0] if ranked else None, None)


def _share(items: Sequence[_Outcome], test: Any, *, empty: float = 0.0) -> float:
    """The fraction of `items` passing `test` (`empty` when there are none)."""
    if not items:
        return empty
    return sum(1 for item in items if test(item)) / len(items)


def _confusions(outcomes: Sequence[_Outcome]) -> list[tuple[str | None, str | None, int]]:
    """The most frequent (expected, answered) pairs among wrong answers; None means "no answer"."""
    counts = Counter((o.case.expect, o.answered) for o in outcomes if not o.correct)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], str(item[0][0]), str(item[0][1])))
    return [(expect, got, count) for (expect, got), count in ordered[:TOP_CONFUSIONS]]


def _histogram(outcomes: Sequence[_Outcome]) -> dict[str, dict[str, int]]:
    """Top confidence per case, in ten buckets, split into correct answers, wrong answers, no answer."""
    histogram = {bucket: {"correct": 0, "wrong": 0, "no_answer": 0} for bucket in HISTOGRAM_BUCKETS}
    for outcome in outcomes:
        bucket = HISTOGRAM_BUCKETS[min(9, max(0, int(outcome.score // 10)))]
        histogram[bucket][_kind(outcome)] += 1
    return histogram


def _kind(outcome: _Outcome) -> str:
    if outcome.answered is None:
        return "no_answer"
    return "correct" if outcome.correct else "wrong"


@dataclass(frozen=True)
class _TopTwo:
    """What calibration needs from one case: is the top candidate right, its score, its lead."""

    expect: str | None
    top_right: bool
    score: float
    lead: float


def _top_two(matcher: Matcher, case: Case) -> _TopTwo:
    ranked, lead = matcher.standing(case.query)
    if not ranked:
        return _TopTwo(case.expect, False, 0.0, 0.0)
    return _TopTwo(case.expect, ranked[0].id == case.expect, ranked[0].score, lead)


def _best_threshold(scored: Sequence[_TopTwo], margin: float) -> tuple[int, float]:
    """For one margin: the most correct cases reachable by a threshold, and that threshold.

    Cases whose lead is below the margin are never answered (right only if out of scope). The rest are
    answered iff score >= threshold: sorted by score, the count is a prefix sum of "right if rejected"
    plus a suffix sum of "right if answered".
    """
    fixed = sum(1 for item in scored if item.lead < margin and item.expect is None)
    open_cases = sorted((item for item in scored if item.lead >= margin), key=lambda item: item.score)
    scores = [item.score for item in open_cases]
    right_if_answered = [1 if item.top_right else 0 for item in open_cases]
    right_if_rejected = [1 if item.expect is None else 0 for item in open_cases]
    suffix = [0] * (len(open_cases) + 1)
    for position in range(len(open_cases) - 1, -1, -1):
        suffix[position] = suffix[position + 1] + right_if_answered[position]
    best_correct, best_threshold = -1, 100.0
    rejected = 0
    for cut in range(len(open_cases) + 1):  # answer open_cases[cut:], reject open_cases[:cut]
        if cut > 0:
            rejected += right_if_rejected[cut - 1]
            if scores[cut - 1] == (scores[cut] if cut < len(scores) else None):
                continue  # a threshold cannot split equal scores
        correct = fixed + rejected + suffix[cut]
        if correct > best_correct:
            best_correct, best_threshold = correct, _cut_threshold(scores, cut)
    return best_correct, best_threshold


def _cut_threshold(scores: Sequence[float], cut: int) -> float:
    """A threshold that answers scores[cut:] and rejects scores[:cut], midway between the two."""
    if not scores:
        return 100.0
    if cut == 0:
        return min(scores[0], max(0.0, scores[0] - 1.0))
    if cut == len(scores):
        return min(100.0, scores[-1] + 0.01) if scores[-1] < 100.0 else 100.01
    return (scores[cut - 1] + scores[cut]) / 2.0
