"""The confidence is a probability, decides for packs without settings, and documents' bodies count.

The figures it reaches on real documents are gated in tests/test_eval_gate.py; these tests pin the
behaviour: what moves the probability, which rule decides, what a pack's settings change.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from leadercli.matching import Document, Matcher
from leadercli.matching.confidence import (
    ANSWER_PROBABILITY,
    FEATURES,
    Evidence,
    calibrated,
    coefficients,
    logistic,
    probability,
)
from leadercli.matching.text import english_zipf
from leadercli.packs.loader import load_pack
from leadercli.packs.pack import Settings
from leadercli.packs.sections import FAQ
from tests.conftest import run

GUIDE = """\
# Team handbook

## Learning budget

Every engineer gets a yearly stipend of 1,000 euros for books, courses and conferences. Ask your
manager before you book anything over 300 euros.

## On-call rotation

The rotation changes every Monday. Use `pagerctl swap` to trade a shift with a colleague, and tell the
channel when you do.

## Glossary

A runbook is a written procedure for one alert: what it means, how to check it, how to fix it.

## Holidays

Book holidays in the HR portal at least two weeks ahead; the team calendar shows who is away.
"""


@pytest.fixture(scope="module")
def guide(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("guide") / "handbook.md"
    path.write_text(GUIDE, encoding="utf-8")
    return path


def _evidence(**changes: float) -> Evidence:
    base = Evidence(score=40.0, gap=20.0, unknown=0.1, missing=0.1, unphrased=0.3, density=1.0)
    return base._replace(**changes)


def test_the_model_has_one_weight_per_feature_and_gives_probabilities() -> None:
    assert len(coefficients()) == len(FEATURES)
    for evidence in (_evidence(), _evidence(score=0.0, gap=0.0, unknown=1.0), _evidence(score=100.0)):
        assert 0.0 < probability(evidence) < 1.0


def test_the_isotonic_map_never_reorders_and_never_claims_certainty() -> None:
    grid = [step / 1000 for step in range(1001)]
    mapped = [calibrated(raw) for raw in grid]
    assert all(low <= high for low, high in itertools.pairwise(mapped))
    assert mapped[0] > 0.0 and mapped[-1] < 1.0  # Laplace's rule: no block is 0% or 100% sure
    assert calibrated(-5.0) == mapped[0] and calibrated(5.0) == mapped[-1]  # flat beyond its points


def test_the_bar_is_a_probability_the_map_reaches() -> None:
    # The bar is on the calibrated scale (docs/accuracy.md, "The bar"): a map that never reached it
    # would answer nothing, one that started above it would answer everything.
    assert calibrated(0.0) < ANSWER_PROBABILITY < calibrated(1.0)
    evidence = _evidence()
    assert probability(evidence) == calibrated(logistic(evidence))


@pytest.mark.parametrize(
    ("worse", "better"),
    [
        ({"score": 15.0}, {"score": 60.0}),
        ({"gap": 1.0}, {"gap": 30.0}),
        ({"unknown": 0.6}, {"unknown": 0.0}),
        ({"missing": 0.8}, {"missing": 0.0}),
    ],
)
def test_stronger_evidence_means_a_higher_probability(
    worse: dict[str, float], better: dict[str, float]
) -> None:
    assert probability(_evidence(**worse)) < probability(_evidence(**better))


def test_english_frequencies_are_looked_up_without_parsing_the_table() -> None:
    assert english_zipf("the") == pytest.approx(7.7)
    common, rare = english_zipf("laptop"), english_zipf("valuation")
    assert common is not None and rare is not None and common > rare
    assert english_zipf("syncthing") is None  # no dictionary word: costs in full
    for hostile in ("", "# how", "the\nof", "a b"):
        assert english_zipf(hostile) is None


def test_a_word_named_only_in_a_sections_body_reaches_it(guide: Path) -> None:
    pack = load_pack(guide)
    from leadercli.packs.bridge import documents

    matcher = Matcher.build(documents(pack))
    ranked = matcher.rank("stipend", 1)
    assert ranked and ranked[0].id == "learning-budget"
    assert matcher.rank("pagerctl swap", 1)[0].id == "on-call-rotation"
    decision = matcher.decide("how do i trade a shift")
    assert decision.answered and decision.best is not None and decision.best.id == "on-call-rotation"


def test_what_is_a_term_defined_in_a_body_is_answered(guide: Path) -> None:
    result = run("--pack", str(guide), "ask", "what is a runbook", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["match"]["id"] == "glossary"


def test_everyday_words_a_document_lacks_cost_less_than_rare_ones(guide: Path) -> None:
    from leadercli.packs.bridge import documents

    matcher = Matcher.build(documents(load_pack(guide)))
    everyday = matcher.evidence("book holidays from my laptop")[1]
    foreign = matcher.evidence("book holidays via kubernetes")[1]
    assert everyday is not None and foreign is not None
    assert everyday.unknown < foreign.unknown


def test_ask_json_gives_the_confidence_beside_the_score(guide: Path) -> None:
    result = run("--pack", str(guide), "ask", "how many euros is the yearly stipend", "--json")
    match = json.loads(result.stdout)["match"]
    assert 0.0 < match["confidence"] <= 1.0 and 0 < match["score"] <= 100
    shown = run("--pack", str(guide), "ask", "how many euros is the yearly stipend")
    assert f"confidence {round(100 * match['confidence'])}%" in shown.stdout


def test_without_settings_the_confidence_decides_and_settings_override_it() -> None:
    matcher = Matcher.build(
        [
            Document("budget", ("Learning budget",), answer="A yearly stipend for books and courses."),
            Document("holidays", ("Holidays",), answer="Book holidays in the HR portal."),
        ]
    )
    question = "yearly stipend for books"
    by_default = matcher.decide(question)
    assert by_default.confidence is not None
    assert by_default.answered == (by_default.confidence >= ANSWER_PROBABILITY)
    assert not matcher.decide(question, min_confidence=0.999).answered
    assert matcher.decide(question, min_confidence=0.0).answered
    assert not matcher.decide(question, threshold=100.0).answered  # the raw rule, as before
    assert not matcher.decide(question, threshold=0.0, min_confidence=0.999).answered  # min_confidence wins


def test_a_pack_sets_min_confidence_in_percent(tmp_path: Path) -> None:
    (tmp_path / "faq.yaml").write_text(
        "title: T\nsettings:\n  min_confidence: 75\nentries:\n"
        "  - {id: a, question: What is a?, answer: A is the first letter.}\n",
        encoding="utf-8",
    )
    assert load_pack(tmp_path).settings == Settings(min_confidence=75.0)
    from leadercli.packs.bridge import effective

    assert effective(load_pack(tmp_path).settings).min_confidence == pytest.approx(0.75)
    (tmp_path / "faq.yaml").write_text(
        "title: T\nsettings:\n  min_confidence: 150\nentries:\n  - {id: a, question: Q?, answer: A.}\n",
        encoding="utf-8",
    )
    result = run("--pack", str(tmp_path), "ask", "what is a")
    assert result.exit_code == 2
    assert "settings.min_confidence" in result.stderr and "0 to 100" in result.stderr


def test_the_shipped_pack_keeps_its_hand_tuned_rule() -> None:
    from leadercli.packs.pack import shipped_pack_dir

    pack = load_pack(shipped_pack_dir())
    assert pack.settings.threshold == 20.5 and pack.settings.margin == 3.0
    assert len(pack.of(FAQ)) > 0


def test_a_fraction_where_a_percent_is_meant_is_a_warning(tmp_path: Path) -> None:
    (tmp_path / "faq.yaml").write_text(
        "title: T\nsettings:\n  min_confidence: 0.6\nentries:\n  - {id: a, question: Q?, answer: A.}\n",
        encoding="utf-8",
    )
    result = run("validate", str(tmp_path))
    assert result.exit_code == 1
    assert "faq.yaml:3" in result.stdout and "did you mean 60?" in result.stdout
    assert "setting-scale" in result.stdout
