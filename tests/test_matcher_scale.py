"""Large packs: the lean layout, its lazily readable state (LAZY_KEYS) and exact lookups at scale."""

from __future__ import annotations

import json
import marshal
import random
from collections.abc import Iterator, Mapping
from typing import Any

import pytest

from leadercli.matching import LAZY_KEYS, LEAN_MIN_DOCUMENTS, Document, Matcher, linear
from leadercli.matching import matcher as matcher_module

SYLLABLES = ("ka", "lo", "mi", "ne", "ru", "sa", "ti", "vo", "ze", "bu", "da", "fe", "gi", "ho")
OPENERS = ("how do i", "what is the", "why does the", "where can i find the")


def generated(count: int, seed: int = 3) -> list[Document]:
    """A synthetic pack like benchmarks/gen_pack.py: question, two alternates and an answer each."""
    rng = random.Random(seed)
    words = sorted({"".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))) for _ in range(3000)})
    docs = []
    for number in range(count):
        topic = rng.sample(words, 4)
        texts = (
            f"{rng.choice(OPENERS)} {' '.join(topic)} {number}?",
            f"{' '.join(topic[:3])} {number}",
            f"tell me about {topic[3]} {topic[0]} {number}",
        )
        answer = " ".join(rng.choice(words) for _ in range(20)) + "."
        tags = ("special offer",) if number == 7 else ()
        docs.append(Document(f"entry-{number:05d}", texts, tags, answer))
    return docs


DOCS = generated(LEAN_MIN_DOCUMENTS + 500)


@pytest.fixture(scope="module")
def lean() -> Matcher:
    return Matcher.build(DOCS)


class KeyOnly(Mapping[str, Any]):
    """A lazy cache's view of one LAZY_KEYS map: records each key read, refuses iteration and len()."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data
        self.read: list[str] = []

    def __getitem__(self, key: str) -> Any:
        self.read.append(key)
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        raise AssertionError("a LAZY_KEYS map was iterated")

    def __len__(self) -> int:
        raise AssertionError("len() of a LAZY_KEYS map was taken")


def test_lean_layout_kicks_in_above_the_threshold(lean: Matcher, monkeypatch: pytest.MonkeyPatch) -> None:
    state = lean.to_state()
    assert state["lean"] is True
    assert all(state[key] for key in LAZY_KEYS)
    # No per-phrasing or per-record array is left outside the lazy maps.
    eager = {key: value for key, value in state.items() if key not in LAZY_KEYS}
    assert all(not isinstance(value, list | dict | str) for value in eager.values())
    monkeypatch.setattr(matcher_module, "LEAN_MIN_DOCUMENTS", len(DOCS))
    small = Matcher.build(DOCS).to_state()
    assert small["lean"] is False
    assert all(small[key] == {} for key in LAZY_KEYS)


def test_exact_questions_and_alternates_find_their_entry(lean: Matcher) -> None:
    rng = random.Random(5)
    for doc in rng.sample(DOCS, 200):
        decision = lean.decide(rng.choice(doc.texts))
        assert decision.answered and decision.best is not None
        assert decision.best.id == doc.id
        assert decision.best.score == 100.0


def test_lean_pack_still_ranks_paraphrases_typos_and_tags(lean: Matcher) -> None:
    doc = DOCS[42]
    question = doc.texts[0].rstrip("?").split()
    topic = [word for word in question if word not in {"how", "do", "i", "what", "is", "the", "why"}]
    shuffled = " ".join(reversed(topic[:4]))  # words of the record in another order, no number
    assert lean.rank(shuffled, limit=1)[0].id == doc.id
    assert lean.rank("special offer", limit=1)[0].id == DOCS[7].id
    # A typo of a long enough word is corrected against the lazily read vocabulary.
    long_word = max(topic[:4], key=len)
    assert len(long_word) >= 7  # long enough for a swapped pair of letters to be corrected
    typo = long_word[:2] + long_word[3] + long_word[2] + long_word[4:]
    assert lean.rank(f"{typo} {topic[4]}", limit=1)[0].id == doc.id
    assert not lean.decide("completely unrelated zyxwv question").answered


def test_lazy_maps_are_only_read_by_key(lean: Matcher) -> None:
    state = lean.to_state()
    views = {key: KeyOnly(state[key]) for key in LAZY_KEYS}
    restored = Matcher.from_state({**state, **views})
    queries = [DOCS[3].texts[1], "tell me about " + DOCS[9].texts[1], "kalomin misspeled zzzz", "find"]
    for query in queries:
        assert restored.rank(query, limit=4) == lean.rank(query, limit=4)
    assert views["exact_map"].read and views["terms"].read and views["id_map"].read
    assert views["spell"].read  # the misspelt words needed the vocabulary of a few lengths, no more
    assert len(set(views["terms"].read)) < 50  # the query words and their few other forms, not a scan


@pytest.mark.parametrize("codec", [json, marshal])
def test_lean_state_round_trip(lean: Matcher, codec: Any) -> None:
    restored = Matcher.from_state(codec.loads(codec.dumps(lean.to_state())))
    for query in (DOCS[0].texts[0], DOCS[100].texts[2], "where can i find the", "nothing like it"):
        assert restored.rank(query, limit=5) == lean.rank(query, limit=5)
        assert restored.decide(query) == lean.decide(query)


def test_damaged_lean_state_is_rejected(lean: Matcher) -> None:
    for key, value in (("count", "x"), ("shift", None), ("terms", [1, 2]), ("exact_map", 3)):
        with pytest.raises(ValueError, match="damaged"):
            Matcher.from_state({**lean.to_state(), key: value})


def test_build_order_never_matters() -> None:
    docs = DOCS[: LEAN_MIN_DOCUMENTS + 10]
    forward, backward = Matcher.build(docs), Matcher.build(list(reversed(docs)))
    assert forward.to_state() == backward.to_state()


def test_wide_feature_rows_only_narrow_which_classes_compete(monkeypatch: pytest.MonkeyPatch) -> None:
    """A pack of more sections than MINING_ROW_LIMIT finds each sample's rivals from its narrow feature
    rows, then scores those exactly: the learned layer still tells its own records apart, and the build
    stays deterministic. Forced here on a small pack by lowering the limit."""
    docs = generated(120, seed=5)
    exact = Matcher.build(docs).to_state()
    monkeypatch.setattr(linear, "MINING_ROW_LIMIT", 8)
    mined = Matcher.build(docs)
    assert mined.to_state()["weights"] != exact["weights"]  # the wide rows were in play
    assert mined.to_state() == Matcher.build(list(reversed(docs))).to_state()
    right = sum(mined.rank(doc.texts[1], 1)[0].id == doc.id for doc in docs)
    assert right == len(docs)


def test_a_wide_row_counts_exactly_for_the_classes_that_compete(monkeypatch: pytest.MonkeyPatch) -> None:
    """Class 2 leads on the narrow row; the wide row (every class) is added to it and the label only."""
    monkeypatch.setattr(linear, "MINING_ROW_LIMIT", 2)
    monkeypatch.setattr(linear, "MINING_POOL", 1)
    narrow = {1: 0.5, 2: 0.9}
    wide = {0: 0.1, 1: 0.1, 2: 0.3, 3: 5.0}
    rivals: list[list[int]] = [[]]
    rival, loss = linear._full_pass(
        [narrow, wide], sample=[(0, 1.0), (1, 1.0)], label=0, classes=4, rivals=rivals, index=0
    )
    # class 3 scores 5.0 on the wide row alone, but no narrow row named it: it does not compete
    assert rival == 2 and loss == pytest.approx(linear.PA_MARGIN - (0.1 - 1.2))
    assert 3 not in rivals[0][:1]
