"""search: every record and field, typo-tolerant at the word level, ranked, with spans to highlight."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from leadercli.packs.loader import load_pack
from leadercli.packs.pack import Pack
from leadercli.packs.sections import PLAYBOOK, RISKS
from leadercli.search import FieldMatch, fields, search, terms, window, word_match
from tests.conftest import SHIPPED

PackMaker = Callable[..., Path]


@pytest.fixture(scope="module")
def shipped() -> Pack:
    return load_pack(SHIPPED)


def test_terms_drop_stop_words_unless_nothing_else_is_left() -> None:
    assert terms("What is the Talent retention, talent?") == ("talent", "retention")
    assert terms("the") == ("the",)
    assert terms("  ,;  ") == ()


@pytest.mark.parametrize(
    ("term", "word", "matches"),
    [
        ("talent", "talent", True),
        ("ethic", "ethical", True),  # a prefix
        ("retension", "retention", True),  # one substitution
        ("ethcial", "ethical", True),  # two letters swapped count as one typo
        ("lecunn", "lecun", True),
        ("meta", "beta", False),  # a typo in a four-letter word would match too much
        ("roi", "rio", False),  # short words must match exactly or as a prefix
        ("talent", "latent", False),
    ],
)
def test_word_match_tolerates_one_typo_in_words_of_five_letters_or_more(
    term: str, word: str, matches: bool
) -> None:
    assert (word_match(term, word) > 0) is matches


def test_exact_beats_prefix_beats_typo() -> None:
    assert word_match("talent", "talent") > word_match("talent", "talents") > word_match("talnet", "talent")


def test_every_record_field_is_searchable(shipped: Pack) -> None:
    step = shipped.of(PLAYBOOK)[0]
    names = [field.name for field in fields(step)]
    assert names[:3] == ["title", "do", "why"]
    assert names.count("alternates") == len(step.alternates)
    assert names.count("tags") == len(step.tags)
    risk = shipped.of(RISKS)[0]
    assert {"name", "risk", "mitigation"} <= {field.name for field in fields(risk)}


def test_typo_finds_the_metric_first_with_the_right_spans(shipped: Pack) -> None:
    results = search(shipped, "talent retension")
    assert results.terms == ("talent", "retension")
    best = results.hits[0]
    assert best.record.id == "metric-talent-retention-rate"
    heading = best.heading
    assert [heading.text[start:end] for start, end in heading.spans] == ["Talent", "Retention"]
    assert "Retention" in best.matched or "retention" in best.matched
    scores = [hit.score for hit in results.hits]
    assert scores == sorted(scores, reverse=True)
    assert all(1 <= score <= 100 for score in scores)


def test_search_reaches_every_section(shipped: Pack) -> None:
    sections = {
        "lecun": "faq",
        "monoculture": "risks",
        "portfolio": "tools",
        "quarterly": "cadence",
        "compliance": "metrics",
        "pioneers": "playbook",
    }
    for query, section in sections.items():
        assert search(shipped, query).hits[0].record.section == section, query


def test_snippet_prefers_the_answer_and_its_spans_point_at_matched_words(shipped: Pack) -> None:
    hit = next(hit for hit in search(shipped, "persistent memory").hits if hit.record.section == "faq")
    snippet = hit.snippet
    assert snippet.name == "answer"
    found = [snippet.text[start:end].casefold() for start, end in snippet.spans]
    assert set(found) <= {"persistent", "memory"} and found


def test_window_cuts_long_text_around_the_first_match_and_shifts_spans() -> None:
    text = " ".join(f"word{i}" for i in range(100)) + " needle " + " ".join(f"tail{i}" for i in range(50))
    start = text.index("needle")
    cut = window(FieldMatch("answer", text, ((start, start + 6),), 1.0), width=60)
    assert cut.text.startswith("…") and cut.text.endswith("…")
    assert len(cut.text) <= 62
    (span,) = cut.spans
    assert cut.text[span[0] : span[1]] == "needle"


def test_no_hits_and_empty_query(shipped: Pack) -> None:
    assert search(shipped, "xyzzy plugh").hits == ()
    assert search(shipped, "").hits == ()


def test_ranking_is_deterministic_in_pack_order_on_ties(make_pack: PackMaker) -> None:
    pack = load_pack(
        make_pack(
            "entries:\n"
            "  - {id: b, question: Budget one, answer: x}\n"
            "  - {id: a, question: Budget two, answer: x}\n"
        )
    )
    assert [hit.record.id for hit in search(pack, "budget").hits] == ["b", "a"]
    assert [hit.record.id for hit in search(pack, "budget", limit=1).hits] == ["b"]
