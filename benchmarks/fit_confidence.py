"""Fits the confidence model (leadercli.matching.confidence) on dev questions and writes its weights.

    python benchmarks/fit_confidence.py            # fit on dev, write data/confidence.txt, report
    python benchmarks/fit_confidence.py --report   # only report calibration with the current weights

Dev questions only: the shipped pack's development set (tests/eval/questions.yaml) and the dev split of
the document corpus (tests/eval/docs). Held-out questions (tests/eval/holdout.yaml, the documents'
holdout split, tests/eval/article_blind.yaml) are only measured. A case's label is whether the
matcher's best candidate is the right record; off- and near-topic questions have no right record.
The fit is an L2-regularised logistic regression by Newton's method, in pure Python, then an isotonic
map from its output to the share right, fitted on cross-fitted outputs (each question set predicted by
a model fitted on the other sets), so the map learns how the model errs on questions it has not seen.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import NamedTuple

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from docs_accuracy import SPLITS, document_cases  # noqa: E402
from leadercli.matching import Matcher  # noqa: E402
from leadercli.matching.confidence import ANSWER_PROBABILITY, FEATURES, Evidence, features, probability  # noqa: E402
from leadercli.packs import bridge  # noqa: E402
from leadercli.packs.loader import load_pack  # noqa: E402

OUT = ROOT / "src" / "leadercli" / "matching" / "data" / "confidence.txt"
EVAL = ROOT / "tests" / "eval"
SHIPPED = ROOT / "data"
L2 = 1.0  # ridge on the weights (not the bias): a few hundred cases, seven features
BINS = 10


class Sample(NamedTuple):
    evidence: Evidence
    right: bool  # the best candidate is the right record
    answerable: bool


def samples(matcher: Matcher, cases: Iterable[tuple[str, str | None]]) -> list[Sample]:
    """(question, right record id or None) -> what the model sees and whether the best one is right."""
    found: list[Sample] = []
    for question, expect in cases:
        ranked, evidence = matcher.evidence(question)
        if evidence is not None:
            found.append(Sample(evidence, expect is not None and ranked[0].id == expect, expect is not None))
    return found


def shipped_cases(name: str) -> list[tuple[str, str | None]]:
    rows = yaml.safe_load((EVAL / name).read_text(encoding="utf-8"))
    return [(row["query"], row["expect"]) for row in rows]


def article_blind_near_topic() -> list[tuple[str, str | None]]:
    rows = yaml.safe_load((EVAL / "article_blind.yaml").read_text(encoding="utf-8"))
    return [(query, None) for query in rows["near_topic"]]


def collect(split: str) -> dict[str, list[Sample]]:
    """Samples per question set of a split: the shipped pack's and each document's."""
    shipped = Matcher.build(bridge.documents(load_pack(SHIPPED)))
    sets: dict[str, list[Sample]] = {}
    if split == "dev":
        sets["shipped pack, questions.yaml"] = samples(shipped, shipped_cases("questions.yaml"))
    else:
        sets["shipped pack, holdout.yaml"] = samples(shipped, shipped_cases("holdout.yaml"))
        sets["shipped pack, article_blind.yaml near-topic"] = samples(shipped, article_blind_near_topic())
    for slug in SPLITS[split]:
        pack, cases = document_cases(slug)
        matcher = Matcher.build(bridge.documents(pack))
        sets[f"document {slug}"] = samples(matcher, [(case.query, case.expect) for case in cases])
    return sets


def fit(data: Sequence[Sample]) -> list[float]:
    """Logistic regression by Newton's method (a 7x7 system per step), L2 on all but the bias."""
    rows = [features(sample.evidence) for sample in data]
    labels = [1.0 if sample.right else 0.0 for sample in data]
    size = len(FEATURES)
    weights = [0.0] * size
    for _ in range(50):
        gradient = [L2 * weights[i] if i else 0.0 for i in range(size)]
        hessian = [[L2 if i == j and i else 0.0 for j in range(size)] for i in range(size)]
        for row, label in zip(rows, labels, strict=True):
            z = sum(w * x for w, x in zip(weights, row, strict=True))
            p = 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))
            for i in range(size):
                gradient[i] += (p - label) * row[i]
                for j in range(size):
                    hessian[i][j] += p * (1.0 - p) * row[i] * row[j]
        step = _solve(hessian, gradient)
        weights = [w - s for w, s in zip(weights, step, strict=True)]
        if max(abs(s) for s in step) < 1e-9:
            break
    return weights


def _raw(weights: Sequence[float], evidence: Evidence) -> float:
    z = sum(w * x for w, x in zip(weights, features(evidence), strict=True))
    return 1.0 / (1.0 + math.exp(-max(-60.0, min(60.0, z))))


def isotonic_map(sets: dict[str, list[Sample]]) -> list[tuple[float, float]]:
    """Points of the isotonic map: pool-adjacent-violators over cross-fitted (output, right) pairs.

    Each pooled block becomes a point at its mean output, its share right smoothed by Laplace's rule
    ((right + 1) / (cases + 2)) so that no block claims certainty; a running maximum keeps the points
    non-decreasing after smoothing.
    """
    pairs: list[tuple[float, float]] = []
    for held, found in sets.items():
        weights = fit([sample for name, other in sets.items() if name != held for sample in other])
        pairs.extend((_raw(weights, sample.evidence), float(sample.right)) for sample in found)
    blocks: list[list[float]] = []  # [sum of outputs, sum right, cases]
    for raw, right in sorted(pairs):
        blocks.append([raw, right, 1.0])
        while len(blocks) > 1 and blocks[-2][1] / blocks[-2][2] >= blocks[-1][1] / blocks[-1][2]:
            last = blocks.pop()
            blocks[-1] = [a + b for a, b in zip(blocks[-1], last, strict=True)]
    points: list[tuple[float, float]] = []
    for total, right, cases in blocks:
        share = (right + 1.0) / (cases + 2.0)
        points.append((total / cases, max(share, points[-1][1] if points else 0.0)))
    return points


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting."""
    size = len(vector)
    rows = [[*matrix[i], vector[i]] for i in range(size)]
    for column in range(size):
        pivot = max(range(column, size), key=lambda r: abs(rows[r][column]))
        rows[column], rows[pivot] = rows[pivot], rows[column]
        for r in range(size):
            if r != column and rows[column][column]:
                factor = rows[r][column] / rows[column][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[column], strict=True)]
    return [rows[i][size] / rows[i][i] if rows[i][i] else 0.0 for i in range(size)]


def reliability(data: Sequence[Sample]) -> tuple[float, list[tuple[str, int, float, float]]]:
    """Expected calibration error and the table behind it: (bin, cases, mean confidence, accuracy)."""
    bins: list[list[tuple[float, bool]]] = [[] for _ in range(BINS)]
    for sample in data:
        chance = probability(sample.evidence)
        bins[min(BINS - 1, int(chance * BINS))].append((chance, sample.right))
    table, error = [], 0.0
    for number, found in enumerate(bins):
        if not found:
            continue
        mean = sum(chance for chance, _ in found) / len(found)
        accuracy = sum(right for _, right in found) / len(found)
        error += len(found) / len(data) * abs(mean - accuracy)
        table.append((f"{number / BINS:.1f}-{(number + 1) / BINS:.1f}", len(found), mean, accuracy))
    return error, table


def decisions(data: Sequence[Sample]) -> str:
    """Answered right (of answerable) and declined (of the rest), by the default rule (the shipped pack
    decides by its own settings: tests/test_eval_gate.py)."""
    answerable = [s for s in data if s.answerable]
    rest = [s for s in data if not s.answerable]
    right = sum(
        s.right and probability(s.evidence) >= ANSWER_PROBABILITY and s.evidence.gap > 0 for s in answerable
    )
    declined = sum(probability(s.evidence) < ANSWER_PROBABILITY or s.evidence.gap <= 0 for s in rest)
    parts = []
    if answerable:
        parts.append(f"answered right {right / len(answerable):.0%} ({right}/{len(answerable)})")
    if rest:
        parts.append(f"declined {declined / len(rest):.0%} ({declined}/{len(rest)})")
    return ", ".join(parts)


def clinc_samples() -> list[Sample]:
    """CLINC150 val through a matcher built from its train split (benchmarks/clinc.py); ~20 s."""
    import clinc  # benchmarks/clinc.py

    documents, cases = clinc.load(clinc.DEFAULT_DATA)
    return samples(Matcher.build(documents), [(case.query, case.expect) for case in cases])


def report(split: str, clinc: bool = False) -> None:
    sets = collect(split)
    everything = [sample for found in sets.values() for sample in found]
    documents = [sample for name, found in sets.items() if name.startswith("document") for sample in found]
    groups = [*sets.items(), (f"all documents {split}", documents), (f"all {split}", everything)]
    if clinc and split == "dev":
        groups.append(("CLINC150 val (not fitted on)", clinc_samples()))
    for name, found in groups:
        error, _ = reliability(found)
        print(f"{name}: ECE {error:.3f}; {decisions(found)}")
    print("| confidence | cases | mean confidence | share right |\n|---|---|---|---|")
    for name, count, mean, accuracy in reliability(everything)[1]:
        print(f"| {name} | {count} | {mean:.2f} | {accuracy:.2f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--report", action="store_true", help="report only; keep the current weights")
    parser.add_argument("--split", choices=["dev", "holdout"], default=None)
    parser.add_argument("--clinc", action="store_true", help="with dev: CLINC150 val's calibration too")
    arguments = parser.parse_args()
    if not arguments.report:
        sets = collect("dev")
        data = [sample for found in sets.values() for sample in found]
        weights = fit(data)
        lines = [f"{name} {weight:.4f}" for name, weight in zip(FEATURES, weights, strict=True)]
        lines += [f"map {raw:.4f} {share:.4f}" for raw, share in isotonic_map(sets)]
        header = (
            "# The confidence model (leadercli.matching.confidence): a weight per feature, then the\n"
            "# isotonic map's points (map logistic-output calibrated-probability).\n"
            f"# Fitted by benchmarks/fit_confidence.py on {len(data)} dev questions; do not edit by hand.\n"
        )
        OUT.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
        from leadercli.matching import confidence

        confidence._fitted.cache_clear()
        print("\n".join(lines))
    for split in [arguments.split or "dev"]:
        print(f"\n## {split}")
        report(split, arguments.clinc)


if __name__ == "__main__":
    main()
