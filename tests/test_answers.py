"""A first set of questions a reader would type, and the record that must answer each (or none).

The broader, blind accuracy gate is tests/test_eval_gate.py over tests/eval/questions.yaml.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leadercli.matching import DEFAULT_MARGIN, DEFAULT_THRESHOLD, Matcher
from leadercli.packs.bridge import documents
from leadercli.packs.loader import load_pack
from tests.conftest import SHIPPED

PACK = load_pack(SHIPPED)
MATCHER = Matcher.build(documents(PACK))

CASES = [
    # paraphrases
    ("why did LeCun leave", "why-lecun-is-leaving-meta"),
    ("what is lecun going to build at his new company", "lecun-startup-focus"),
    ("what does LeCun think about LLMs", "lecun-on-large-language-models"),
    ("how much money did meta put into scale", "scale-investment"),
    ("who did LeCun share the Turing Award with", "turing-award"),
    ("how many people did meta lay off", "meta-ai-job-cuts"),
    # typos and fragments
    ("metas ai stratgy", "meta-ai-strategy-shift"),
    ("what is metas lama", "what-is-llama"),
    ("yan lecunn backround", "lecun-background"),
    # answers outside the FAQ section
    ("how do we mitigate losing top researchers to startups", "risk-brain-drain"),
    ("what happens at the quarterly meeting", "cadence-quarterly"),
    ("how do I measure research diversity", "metric-research-diversity-index"),
]

UNANSWERABLE = [
    "what is the capital of France",
    "how do I bake sourdough bread",
    "",
    "?!?",
]


@pytest.mark.parametrize(("question", "expected"), CASES)
def test_answers_the_right_record(question: str, expected: str) -> None:
    decision = MATCHER.decide(question, threshold=DEFAULT_THRESHOLD, margin=DEFAULT_MARGIN)
    assert decision.answered, (question, MATCHER.rank(question, 3))
    assert decision.best is not None and decision.best.id == expected


@pytest.mark.parametrize("question", UNANSWERABLE)
def test_declines_what_the_article_cannot_answer(question: str) -> None:
    decision = MATCHER.decide(question, threshold=DEFAULT_THRESHOLD, margin=DEFAULT_MARGIN)
    assert not decision.answered, (question, decision.best)


def test_no_answer_says_where_the_words_occur() -> None:
    """Not silence: when no answer is confident, the best two places the words occur, as `search` finds."""
    from tests.conftest import run

    result = run("ask", "what is apple's ai strategy")
    assert result.exit_code == 1
    assert "The words appear in:" in result.stdout and "meta-ai-strategy-shift" in result.stdout
    document = json.loads(run("ask", "what is apple's ai strategy", "--json").stdout)
    assert [place["id"] for place in document["places"]][:1] == ["meta-ai-strategy-shift"]
    assert len(document["places"]) == 2
    answered = json.loads(run("ask", "why did LeCun leave", "--json").stdout)
    assert answered["places"] == []  # only when there is no answer


def _guide(folder: Path, text: str) -> Path:
    """A one-file document pack."""
    guide = folder / "guide.md"
    guide.write_text(text, encoding="utf-8")
    return guide


def test_an_everyday_word_is_not_taken_for_a_pack_word_one_letter_away(tmp_path: Path) -> None:
    """'bread' is not a typo of 'read': a baking question points at no place in a guide about reading."""
    from tests.conftest import run

    guide = _guide(
        tmp_path,
        "# Guide\n\n## Reading files\n\nUse `read` to load a file into memory.\n\n"
        "## Writing files\n\nUse `write` to save a file to disk.\n",
    )
    document = json.loads(run("--pack", str(guide), "ask", "how do i bake sourdough bread", "--json").stdout)
    assert document["answered"] is False
    assert document["places"] == []
    assert json.loads(run("--pack", str(guide), "search", "bread", "--json").stdout)["results"] == []


DOCS = Path(__file__).parent / "fixtures" / "docs"


@pytest.mark.parametrize(
    ("document", "title", "expected"),
    [
        # "Sticky navigation tabs" repeats the title in its text and reaches 100 too: it was a tie, declined.
        ("mkdocs-material-navigation/setting-up-navigation.md", "Navigation tabs", "navigation-tabs"),
        ("mkdocs-material-navigation/setting-up-navigation.md", "navigation tabs", "navigation-tabs"),
        # A title of nothing but stop words had no words to score at all.
        ("nvm-readme/README.md", "About", "about"),
        ("anythingllm-readme/README.md", "why?", "why"),
    ],
)
def test_a_sections_title_asked_word_for_word_answers_that_section(
    document: str, title: str, expected: str
) -> None:
    from tests.conftest import run_json

    answer = run_json("--pack", str(DOCS / document), "ask", title)
    assert answer["answered"] is True and answer["match"]["id"] == expected


def test_a_title_two_records_share_is_a_tie_and_declined(tmp_path: Path) -> None:
    """Word for word the title of both: which one is meant, nothing says."""
    from tests.conftest import run

    guide = _guide(
        tmp_path,
        "# Guide\n\n## Linux\n\n### Setup\n\nRun the installer.\n\n"
        "## macOS\n\n### Setup\n\nOpen the image.\n",
    )
    answer = json.loads(run("--pack", str(guide), "ask", "setup", "--json").stdout)
    assert answer["answered"] is False
    assert {match["score"] for match in answer["alternatives"]} == {100}


def test_top_n_lists_n_candidates_even_below_the_suggestion_floor() -> None:
    """Unasked, weak candidates are noise and stay hidden; asked for with `--top N`, N are listed."""
    from tests.conftest import run

    plain = json.loads(run("ask", "what is apple's ai strategy", "--json").stdout)
    asked = json.loads(run("ask", "what is apple's ai strategy", "--json", "--top", "5").stdout)
    assert plain["answered"] is False and plain["alternatives"] == []
    assert len(asked["alternatives"]) == 5
    assert asked["alternatives"][0]["id"] == "meta-ai-strategy-shift"


def test_a_runner_up_nearly_as_good_is_shown_beside_the_answer() -> None:
    """Coverage's configuration page has "[run] omit" and "[report] omit": `ask omit` answers one and
    names the other, rather than hiding a record that fits nearly as well."""
    from tests.conftest import run

    page = str(DOCS / "coverage-config" / "config.rst")
    result = run("--pack", page, "ask", "omit")
    assert result.exit_code == 0, result.output
    answered = json.loads(run("--pack", page, "ask", "omit", "--json").stdout)["match"]["id"]
    twin = {"run-omit": "report-omit", "report-omit": "run-omit"}[answered]
    assert "Also close" in result.stdout and twin in result.stdout.split("Also close", 1)[1]
    # a clear answer shows none
    assert "Also close" not in run("ask", "why did LeCun leave").stdout


def test_close_runners_up_are_those_within_a_share_of_the_answers_score() -> None:
    from leadercli.matching.types import CLOSE_SHARE, Decision, Match

    best, near, far = Match("a", 80.0), Match("b", 80.0 * CLOSE_SHARE), Match("c", 80.0 * CLOSE_SHARE - 1)
    assert Decision("q", True, best, (near, far)).close == (near,)
    assert Decision("q", False, None, (best, near)).close == ()  # suggestions are not runners-up


@pytest.mark.parametrize(
    ("document", "question", "expected"),
    [
        # Both sections' text says "navigation tabs" and both blends reach the cap: the heading decides.
        ("mkdocs-material-navigation/setting-up-navigation.md", "what is navigation tabs", "navigation-tabs"),
        ("coverage-config/config.rst", "what is [xml]", "xml"),
        ("coverage-config/config.rst", "what does [report] exclude_also do", "report-exclude-also"),
        ("typescript-eslint-configs/Shared_Configurations.mdx", "what is stylistic", "stylistic"),
    ],
)
def test_blends_tied_at_the_top_go_to_the_heading_that_fits_the_question(
    document: str, question: str, expected: str
) -> None:
    from tests.conftest import run_json

    answer = run_json("--pack", str(DOCS / document), "ask", question)
    assert answer["answered"] is True and answer["match"]["id"] == expected
    assert answer["match"]["score"] == answer["alternatives"][0]["score"]


def test_blends_tied_at_the_top_whose_headings_fit_alike_are_a_tie() -> None:
    """ "only" is a stop word: "stylistic-type-checked" and "stylistic-type-checked-only" name the same."""
    from tests.conftest import run_json

    document = DOCS / "typescript-eslint-configs/Shared_Configurations.mdx"
    answer = run_json("--pack", str(document), "ask", "what is stylistic-type-checked")
    assert answer["answered"] is False
    assert [match["score"] for match in answer["alternatives"][:2]] == [100, 100]
