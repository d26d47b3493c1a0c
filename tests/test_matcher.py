"""Behaviour of the matcher: normalisation, typo tolerance, weighting, ties, decisions, state."""

from __future__ import annotations

import json
import marshal
from typing import Any

import pytest

from leadercli.matching import (
    DEFAULT_MARGIN,
    DEFAULT_THRESHOLD,
    MAX_QUERY_CHARS,
    SUGGESTION_FLOOR,
    Decision,
    Document,
    Matcher,
    normalize,
)
from leadercli.matching.speller import Speller, max_edits, within_budget
from leadercli.packs.validate import near_duplicate_score

DOCS = (
    Document("why-leaving", ("Why is Yann LeCun leaving Meta?", "reason lecun quit meta"), ("departure",)),
    Document("strategy", ("How is Meta's AI strategy changing?", "meta ai strategy shift")),
    Document("llama", ("What is Llama?", "meta's open large language model llama")),
    Document("turing", ("Who won the Turing Award in 2019?", "turing award winners")),
    Document(
        "risk-brain-drain",
        ("Brain drain from big tech", "losing researchers to startups"),
        answer="Top researchers leave for startups. Mitigation: internal incubators.",
    ),
    Document("cadence-monthly", ("Monthly research review", "what to review every month")),
)


@pytest.fixture(scope="module")
def index() -> Matcher:
    return Matcher.build(DOCS)


def top(index: Matcher, query: str) -> str:
    ranked = index.rank(query, limit=1)
    assert ranked, f"no candidate for {query!r}"
    return ranked[0].id


def test_normalize_folds_case_unicode_punctuation_possessives_and_plurals() -> None:
    assert normalize("Meta's AI Strategies!") == ["meta", "ai", "strategy"]
    assert normalize("metas") == ["meta"]
    # full-width letters (NFKC) and a typographic apostrophe
    assert normalize("\uff2d\uff25\uff34\uff21\u2019s") == ["meta"]
    assert normalize("What is the strategy of it?") == ["strategy"]


def test_words_ending_in_s_that_are_not_plurals_keep_their_s() -> None:
    """The system "Windows" is not a "window" on screen, nor "news" the word "new" (data/not_plurals.txt)."""
    assert normalize("Windows windows window") == ["windows", "windows", "window"]
    assert normalize("news new") == ["news", "new"]
    assert normalize("an alias and its aliases, a series") == ["alias", "aliase", "series"]


def test_similarity_is_symmetric_and_scaled() -> None:
    """validate's near-duplicate score, on phrasings normalised as validate normalises them."""

    def similarity(a: str, b: str) -> float:
        return near_duplicate_score(" ".join(normalize(a)), " ".join(normalize(b)))

    pairs = [
        ("Meta's AI strategy", "meta ai strategies"),
        ("turing award", "brain drain"),
        ("physical world understanding ai", "Invest in Physical World Understanding"),
        ("why did yann lecun quit meta", "What was Yann LeCun's role at Meta?"),
        ("monthly research review", "what to review every month"),
        ("", "llama"),
    ]
    for a, b in pairs:
        assert similarity(a, b) == similarity(b, a), (a, b)
        assert 0.0 <= similarity(a, b) <= 100.0
    assert similarity("Meta's AI strategy", "meta ai strategies") == 100.0
    assert 0.0 <= similarity("turing award", "brain drain") < 50.0


def test_paraphrase_and_section_records_are_found(index: Matcher) -> None:
    assert top(index, "why did lecun quit meta") == "why-leaving"
    assert top(index, "risk of losing researchers to startups") == "risk-brain-drain"
    assert top(index, "what should we review every month") == "cadence-monthly"


def test_word_level_typos_are_corrected(index: Matcher) -> None:
    assert top(index, "metas ai stratgy") == "strategy"
    assert top(index, "turing awardd winners") == "turing"


def test_short_words_are_not_typo_corrected() -> None:
    """'apple' is one substitution from 'apply' but must stay an unknown word."""
    index = Matcher.build([Document("apply", ("how to apply for the program",)), *DOCS[:2]])
    assert index.decide("apple").answered is False


def test_a_common_english_word_is_a_word_not_a_typo() -> None:
    """'bread' is one letter from 'read' but is a word of its own; 'patch' may still find 'patches'
    (stemmed 'patche') and 'fundamentally' 'fundamental': they differ only in their endings."""
    vocabulary = ("read", "patche", "fundamental", "strategy")
    speller = Speller(dict.fromkeys(vocabulary, 1).get, lambda n: [w for w in vocabulary if len(w) == n])
    assert speller.correct("bread") is None
    assert speller.correct("patch") == "patche"
    assert speller.correct("fundamentally") == "fundamental"
    assert speller.correct("stratgy") == "strategy"  # not an English word: a typo, corrected as before
    assert within_budget("bread", "read") is None
    assert within_budget("patch", "patche") == 1


def test_british_and_american_spellings_are_one_word() -> None:
    """A document says "license" and "colour"; a reader types "licence" and "color". Both are common
    English words, so the typo policy alone would keep them apart."""
    vocabulary = ("license", "colour", "customize", "catalog", "cancelled", "doctor", "filled", "tour")
    speller = Speller(dict.fromkeys(vocabulary, 1).get, lambda n: [w for w in vocabulary if len(w) == n])
    assert speller.correct("licence") == "license"
    assert speller.correct("color") == "colour"
    assert speller.correct("customise") == "customize"
    assert speller.correct("catalogue") == "catalog"  # two letters apart: beyond a typo's budget
    assert speller.correct("canceled") == "cancelled"
    assert speller.correct("bread") is None  # a rule's non-word ("doctour") is never a pack word
    assert speller.correct("filed") is None  # two words, not two spellings: "filled" / "filed"
    assert speller.correct("tor") is None and speller.correct("scoured") is None
    assert within_budget("licence", "license") == 1  # search finds it too
    index = Matcher.build([Document("license", ("Which license is it under?",)), *DOCS[:2]])
    assert top(index, "what licence is it under") == "license"


def test_rare_words_weigh_more_than_common_ones() -> None:
    docs = [
        Document("a", ("meta ai research",)),
        Document("b", ("meta ai budget",)),
        Document("c", ("meta ai superintelligence",)),
    ]
    index = Matcher.build(docs)
    assert top(index, "meta ai superintelligence plans") == "c"


def test_ties_are_broken_by_id_not_document_order() -> None:
    twins = [
        Document("zeta", ("shared words here",)),
        Document("alpha", ("shared words here",)),
    ]
    forward = Matcher.build(twins).rank("shared words here", limit=2)
    backward = Matcher.build(list(reversed(twins))).rank("shared words here", limit=2)
    assert forward == backward
    assert [match.id for match in forward] == ["alpha", "zeta"]
    assert forward[0].score == forward[1].score


def test_ranking_is_independent_of_document_order(index: Matcher) -> None:
    reordered = Matcher.build(list(reversed(DOCS)))
    for query in ("lecun meta", "award", "open model", "startups"):
        assert reordered.rank(query, limit=6) == index.rank(query, limit=6)


def test_exact_question_scores_100(index: Matcher) -> None:
    best = index.rank("What is Llama?", limit=1)[0]
    assert (best.id, best.score) == ("llama", 100.0)


def test_a_phrasing_of_several_records_suggests_them_all() -> None:
    """Verbatim a phrasing of two records: both at full confidence, so the margin declines to pick."""
    index = Matcher.build(
        [
            Document("pricing", ("How much does it cost?", "what is the price")),
            Document("refunds", ("Can I get a refund?", "what is the price")),
            Document("llama", ("What is Llama?",)),
        ]
    )
    decision = index.decide("What is the price?")
    assert not decision.answered
    assert [(m.id, m.score) for m in decision.alternatives[:2]] == [("pricing", 100.0), ("refunds", 100.0)]


def test_decide_answers_a_confident_match(index: Matcher) -> None:
    decision = index.decide("Why is Yann LeCun leaving Meta?")
    assert decision.answered and decision.best is not None
    assert decision.best.id == "why-leaving"
    assert decision.best.score >= DEFAULT_THRESHOLD
    assert all(alt.id != "why-leaving" for alt in decision.alternatives)


def test_decide_threshold_and_margin(index: Matcher) -> None:
    query = "lecun meta"
    ranked = index.rank(query, limit=2)
    best, second = ranked[0].score, ranked[1].score
    assert index.decide(query, threshold=best, margin=0).answered
    assert not index.decide(query, threshold=best + 0.01, margin=0).answered
    assert index.decide(query, threshold=0, margin=best - second).answered
    refused = index.decide(query, threshold=0, margin=best - second + 0.01)
    assert not refused.answered and refused.best is None
    expected = [m.id for m in index.rank(query, limit=3) if m.score >= SUGGESTION_FLOOR]
    assert [alt.id for alt in refused.alternatives] == expected


def test_margin_is_checked_even_without_alternatives(index: Matcher) -> None:
    query = "lecun meta"
    ranked = index.rank(query, limit=2)
    lead = ranked[0].score - ranked[1].score
    assert not index.decide(query, threshold=0, margin=lead + 0.01, alternatives=0).answered
    decision = index.decide(query, threshold=0, margin=lead, alternatives=0)
    assert decision.answered and decision.alternatives == ()


def test_off_topic_question_gets_no_answer(index: Matcher) -> None:
    assert not index.decide("how do I bake sourdough bread").answered
    assert not index.decide("recommend running shoes for flat feet").answered


def test_unknown_words_lower_confidence(index: Matcher) -> None:
    """A near-topic question whose specific word the pack has never seen loses confidence."""
    plain = index.rank("what is Meta's AI strategy", limit=1)[0]
    foreign = index.rank("what is Apple's AI strategy", limit=1)[0]
    assert plain.id == foreign.id == "strategy"
    assert foreign.score <= 0.7 * plain.score


@pytest.mark.parametrize("query", ["", "   \t\n", "?!...", "what is the", "and of to"])
def test_empty_queries_are_unanswered_not_errors(index: Matcher, query: str) -> None:
    decision = index.decide(query)
    assert decision == Decision(query, False, None, ())
    assert index.rank(query) == []


def test_huge_queries_are_truncated(index: Matcher) -> None:
    query = "why is lecun leaving meta " + "blah " * 5000
    decision = index.decide(query)
    assert decision.truncated
    assert decision.query == query
    assert not index.decide("why is lecun leaving meta").truncated
    assert len(query) > MAX_QUERY_CHARS


def _plain(value: Any) -> bool:
    """Only dict (with str keys), list, str, int and float: what both JSON and marshal store as is."""
    if isinstance(value, dict):
        return all(isinstance(key, str) and _plain(item) for key, item in value.items())
    if isinstance(value, list):
        return all(_plain(item) for item in value)
    return isinstance(value, str | int | float)


@pytest.mark.parametrize("codec", [json, marshal])
def test_state_round_trip_gives_identical_rankings(index: Matcher, codec: Any) -> None:
    assert _plain(index.to_state())
    restored = Matcher.from_state(codec.loads(codec.dumps(index.to_state())))
    for query in ("lecun meta", "metas ai stratgy", "brain drain", "llama", "bake bread", "why did he quit"):
        assert restored.rank(query, limit=6) == index.rank(query, limit=6)
        assert restored.decide(query) == index.decide(query)


def test_stale_state_is_rejected(index: Matcher) -> None:
    state = dict(index.to_state(), version=-1)
    with pytest.raises(ValueError, match="version"):
        Matcher.from_state(state)


@pytest.mark.parametrize("key", ["words", "features", "weights", "postings"])
def test_damaged_state_is_rejected_with_value_error(index: Matcher, key: str) -> None:
    """A cache must be able to catch one exception type and rebuild."""
    state = dict(index.to_state(), **{key: 42})
    with pytest.raises(ValueError):
        Matcher.from_state(state)


def test_duplicate_ids_are_rejected() -> None:
    with pytest.raises(ValueError, match="unique"):
        Matcher.build([Document("x", ("a question",)), Document("x", ("another one",))])


def test_single_document_pack_works() -> None:
    index = Matcher.build([Document("only", ("what is the only question",))])
    decision = index.decide("the only question")
    assert decision.answered and decision.best is not None and decision.best.id == "only"


def test_scores_stay_in_range(index: Matcher) -> None:
    for query in ("lecun", "What is Llama?", "brain drain startups researchers", "monthly"):
        for match in index.rank(query, limit=6):
            assert 0.0 <= match.score <= 100.0


def test_defaults_are_sane() -> None:
    assert 0.0 < DEFAULT_THRESHOLD < 100.0
    assert 0.0 <= DEFAULT_MARGIN < DEFAULT_THRESHOLD


def test_unanswered_suggestions_stop_at_the_floor(index: Matcher) -> None:
    """'Did you mean' never offers near-zero noise; an answered decision keeps its runners-up."""
    for query in ("what is the capital of France", "lecun meta", "monthly startups", "award"):
        decision = index.decide(query, threshold=100.0)  # force "not answered"
        assert not decision.answered
        ranked = index.rank(query, limit=3)
        assert [m.id for m in decision.alternatives] == [m.id for m in ranked if m.score >= SUGGESTION_FLOOR]
    assert index.decide("what is the capital of France").alternatives == ()
    answered = index.decide("Why is Yann LeCun leaving Meta?")
    assert answered.answered
    assert [m.id for m in answered.alternatives] == [
        m.id for m in index.rank("Why is Yann LeCun leaving Meta?", 4)[1:]
    ]
    assert any(m.score < SUGGESTION_FLOOR for m in answered.alternatives)
    assert 0.0 < SUGGESTION_FLOOR < DEFAULT_THRESHOLD


def test_contractions_become_their_words() -> None:
    assert normalize("I'm sure it isn't Meta's") == ["sure", "not", "meta"]
    assert normalize("we can't and won't go") == ["not", "not", "go"]


def test_conversational_filler_is_not_an_unknown_word(index: Matcher) -> None:
    """Chatty wrapping ('my boss keeps asking ...') must not sink the confidence like a foreign word."""
    plain = index.rank("what is Meta's AI strategy", limit=1)[0]
    chatty = index.rank("my boss keeps asking me what the article says about Meta's AI strategy", limit=1)[0]
    assert chatty.id == plain.id == "strategy"
    assert index.decide("my boss keeps asking me what the article says about Meta's AI strategy").answered


def test_context_sentences_do_not_drown_the_question(index: Matcher) -> None:
    """A long question is scored sentence by sentence too: the context sentence is all unknown words."""
    question = "Why did LeCun quit Meta?"
    chatty = "We run a bakery in Lyon with twelve bakers and a delivery van. " + question
    assert index.decide(chatty).answered
    assert index.rank(chatty, limit=1)[0].id == "why-leaving"


@pytest.mark.parametrize("query", ["hello", "thanks a lot", "hi, how are you today?"])
def test_filler_only_questions_are_unanswered(index: Matcher, query: str) -> None:
    assert not index.decide(query).answered


def test_one_typo_budget_for_the_speller_and_word_by_word_callers() -> None:
    assert [max_edits(length) for length in (4, 5, 9, 10)] == [0, 1, 1, 2]
    assert within_budget("meta", "meta") == 0
    assert within_budget("meta", "beta") is None  # short words: exact only
    assert within_budget("apple", "apply") is None  # 5-6 letters: a letter gained or lost, never swapped
    assert within_budget("stratgy", "strategy") == 1
    assert within_budget("strategy", "stratgey") == 1  # 7+ letters: one OSA edit, a transposition too
    assert within_budget("understnadnig", "understanding") == 2
    assert within_budget("strategy", "tragedy") is None
    vocabulary = ("strategy", "apply", "understanding", "research")
    for term in ("stratgy", "apple", "understnadnig", "reserch", "resaerch", "strategy"):
        speller = Speller(dict.fromkeys(vocabulary, 1).get, lambda n: [w for w in vocabulary if len(w) == n])
        fixed = speller.correct(term)
        assert (fixed is not None) == any(within_budget(term, word) is not None for word in vocabulary), term


def test_one_class_score_is_the_score_among_all() -> None:
    """`score_of` (the background class read by topic) must agree with `scores`, class by class."""
    from leadercli.matching.linear import LinearModel
    from leadercli.matching.text import words

    index = Matcher.build(DOCS)
    state = index.to_state()
    model = LinearModel(state, len(state["ids"]) + state["background"])
    for query in ("why did lecun leave meta", "what is the weather", "llama strategy", "zzz"):
        every = model.scores(words(query))
        for cls in range(len(state["ids"]) + state["background"]):
            assert model.score_of(words(query), cls) == pytest.approx(every.get(cls, 0.0)), (query, cls)


def test_small_talk_is_answered_only_by_a_record_phrased_so() -> None:
    """ "yes" is filler; a record whose answer says "yes" does not answer it, one phrased "hello" does
    answer "hello" (CLINC's greeting intent)."""
    docs = [
        Document(
            "partner", ("Will Meta work with the startup?",), answer="According to LeCun, yes: it will."
        ),
        Document("greeting", ("hello", "hi there")),
        *DOCS[:2],
    ]
    index = Matcher.build(docs)
    assert not index.decide("yes").answered
    decision = index.decide("hello")
    assert decision.answered and decision.best is not None and decision.best.id == "greeting"


def test_a_verb_finds_its_action_noun() -> None:
    """ "configure" finds "configuration" (a README's heading says one, the reader the other), but a
    noun does not find a verb: "valuation" is not a question about "value"."""
    vocabulary = ("configuration", "installation", "value")
    speller = Speller(dict.fromkeys(vocabulary, 1).get, lambda n: [w for w in vocabulary if len(w) == n])
    assert speller.correct("configure") == "configuration"
    assert speller.correct("install") == "installation"
    assert speller.correct("valuation") is None


def test_a_long_number_the_pack_lacks_is_a_value_not_a_term() -> None:
    """ "543" in "what is 543 times 344" costs a quarter of a rare word; "2" in "python 2.7" costs it all."""
    from leadercli.matching.matcher import UNKNOWN_NUMBER_COST, _unknown_cost

    assert _unknown_cost("543", 1.0) == UNKNOWN_NUMBER_COST == _unknown_cost("2026", 20.0)
    assert _unknown_cost("27", 1.0) == 1.0 == _unknown_cost("xyzzyq", 1.0)
