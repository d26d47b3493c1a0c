"""evaluate() and calibrate() on a tiny hand-made case list with hand-computed figures."""

from __future__ import annotations

import pytest

from leadercli import payloads
from leadercli.matching import Decision, Match, Matcher
from leadercli.matching.evaluate import HISTOGRAM_BUCKETS, Case, calibrate, evaluate
from tests.conftest import EVAL_JSON_KEYS


class FakeMatcher(Matcher):
    """A matcher with fixed rankings, so expected figures can be computed by hand."""

    def __init__(self, rankings: dict[str, list[Match]]) -> None:
        self._rankings = rankings

    def rank(self, query: str, limit: int = 5) -> list[Match]:
        return self._rankings.get(query, [])[:limit]

    def standing(self, query: str) -> tuple[list[Match], float]:
        ranked = self.rank(query, 2)
        return ranked, ranked[0].score - (ranked[1].score if len(ranked) > 1 else 0.0) if ranked else 0.0

    def decide(
        self,
        query: str,
        *,
        threshold: float | None = None,
        margin: float | None = None,
        min_confidence: float | None = None,
        alternatives: int = 3,
        floor: float = 0.0,
    ) -> Decision:
        threshold, margin = threshold or 0.0, margin or 0.0
        ranked = self.rank(query, alternatives + 1)
        if not ranked:
            return Decision(query, False, None, ())
        lead = ranked[0].score - (ranked[1].score if len(ranked) > 1 else 0.0)
        if ranked[0].score >= threshold and lead >= margin:
            return Decision(query, True, ranked[0], tuple(ranked[1:]))
        return Decision(query, False, None, tuple(ranked[:alternatives]))


RANKINGS = {
    "q1": [Match("a", 90.0), Match("b", 10.0)],  # right, confident
    "q2": [Match("b", 60.0), Match("a", 55.0)],  # right, small lead (5)
    "q3": [Match("a", 40.0), Match("c", 5.0)],  # wrong (expects c)
    "q4": [Match("c", 20.0), Match("a", 1.0)],  # right but low
    "q5": [Match("a", 30.0), Match("b", 29.0)],  # out of scope, lead 1
    "q6": [Match("b", 15.0)],  # out of scope, low
}
CASES = [
    Case("q1", "a"),
    Case("q2", "b"),
    Case("q3", "c"),
    Case("q4", "c"),
    Case("q5", None),
    Case("q6", None),
]


def test_evaluate_hand_computed_figures() -> None:
    report = evaluate(FakeMatcher(RANKINGS), CASES, threshold=25.0, margin=3.0)
    # Answered: q1 (a, right), q2 (b, right, lead 5 >= 3), q3 (a, wrong). Unanswered: q4, q5, q6.
    assert report.cases == 6
    assert report.top1_accuracy == pytest.approx(3 / 4)  # q1, q2, q4 right at rank 1
    assert report.in_scope_accuracy == pytest.approx(2 / 4)
    assert report.oos_recall == pytest.approx(2 / 2)
    assert report.oos_precision == pytest.approx(2 / 3)  # q4 was rejected wrongly
    assert report.false_rejections == 1
    assert report.threshold == 25.0 and report.margin == 3.0
    assert report.questions_per_second > 0
    assert sorted(report.confusions, key=str) == sorted([("c", "a", 1), ("c", None, 1)], key=str)
    assert {(f.query, f.got, f.score) for f in report.failures} == {("q3", "a", 40.0), ("q4", None, 20.0)}


def test_histogram_buckets_by_top_confidence() -> None:
    report = evaluate(FakeMatcher(RANKINGS), CASES, threshold=25.0, margin=3.0)
    assert list(report.histogram) == list(HISTOGRAM_BUCKETS)
    assert report.histogram["90-100"] == {"correct": 1, "wrong": 0, "no_answer": 0}
    assert report.histogram["60-70"] == {"correct": 1, "wrong": 0, "no_answer": 0}
    assert report.histogram["40-50"] == {"correct": 0, "wrong": 1, "no_answer": 0}
    assert report.histogram["30-40"] == {"correct": 0, "wrong": 0, "no_answer": 1}
    assert report.histogram["20-30"] == {"correct": 0, "wrong": 0, "no_answer": 1}
    assert report.histogram["10-20"] == {"correct": 0, "wrong": 0, "no_answer": 1}
    assert sum(sum(counts.values()) for counts in report.histogram.values()) == 6


def test_to_json_has_the_public_shape() -> None:
    data = payloads.evaluation(evaluate(FakeMatcher(RANKINGS), CASES, threshold=25.0, margin=3.0))
    for key in EVAL_JSON_KEYS:
        assert key in data
    assert data["confusions"][0].keys() == {"expect", "got", "count"}


def test_calibrate_maximises_accuracy_with_out_of_scope_as_a_class() -> None:
    threshold, margin = calibrate(FakeMatcher(RANKINGS), CASES)
    report = evaluate(FakeMatcher(RANKINGS), CASES, threshold=threshold, margin=margin)
    correct = report.in_scope_accuracy * 4 + report.oos_recall * 2
    # q3 is wrong whatever happens. Answering q1, q2, q4 needs threshold <= 20 and margin <= 5;
    # rejecting q6 (15) then needs threshold > 15; rejecting q5 (30, lead 1) needs margin > 1.
    # So 5 of 6 at threshold in (15, 20] and margin in (1, 5]: the smallest grid margin above 1 is 1.5
    # and the threshold sits midway between 15 and 20.
    assert correct == pytest.approx(5)
    assert (threshold, margin) == (17.5, 1.5)


def test_calibrate_picks_a_threshold_between_neighbouring_scores() -> None:
    rankings = {"in": [Match("a", 80.0)], "out": [Match("a", 40.0)]}
    threshold, margin = calibrate(FakeMatcher(rankings), [Case("in", "a"), Case("out", None)])
    assert (threshold, margin) == (60.0, 0.0)


def test_empty_case_list() -> None:
    report = evaluate(FakeMatcher({}), [], threshold=50.0, margin=5.0)
    assert report.cases == 0
    assert report.in_scope_accuracy == 0.0
    assert report.oos_precision == 1.0


def test_evaluate_on_a_real_matcher() -> None:
    from leadercli.matching import Document

    index = Matcher.build(
        [
            Document("llama", ("What is Llama?", "meta's large language model")),
            Document("turing", ("Who won the Turing Award?", "turing award winners")),
        ]
    )
    cases = [Case("what is llama", "llama"), Case("turing award", "turing"), Case("sourdough recipe", None)]
    report = evaluate(index, cases, threshold=25.0, margin=3.0)
    assert (report.in_scope_accuracy, report.oos_recall) == (1.0, 1.0)


def test_unanswered_cases_are_measured_on_the_real_best_candidate() -> None:
    """A real matcher drops suggestions under SUGGESTION_FLOOR; top-1 and the histogram must not care."""
    from leadercli.matching import SUGGESTION_FLOOR, Document

    index = Matcher.build(
        [
            Document("leave", ("why is lecun leaving meta",)),
            Document("llama", ("what is llama",)),
        ]
    )
    query = "lecun"
    best = index.rank(query, limit=1)[0]
    assert best.id == "leave"
    assert not index.decide(query, threshold=100.0).answered
    report = evaluate(index, [Case(query, "leave")], threshold=100.0, margin=0.0)
    assert report.top1_accuracy == 1.0
    assert report.in_scope_accuracy == 0.0
    bucket = HISTOGRAM_BUCKETS[min(9, int(best.score // 10))]
    assert report.histogram[bucket]["no_answer"] == 1
    assert SUGGESTION_FLOOR > 0.0
