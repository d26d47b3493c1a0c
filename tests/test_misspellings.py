"""Which alternates are deliberate misspellings: left out where people read a record, kept for matching."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from leadercli.packs.loader import load_pack
from leadercli.packs.misspellings import is_misspelt, readable_alternates, vocabulary
from tests.conftest import SHIPPED

PackMaker = Callable[..., Path]

PACK = """\
entries:
  - id: turing
    question: Who won the Turing award with Geoffrey Hinton?
    answer: Yann LeCun, with Yoshua Bengio, for deep learning research.
    alternates:
      - turing award winners
      - Tuering award
      - Geoffery Hinton award
      - Hinton and Bengio prize
      - Demis Hassabis award
      - reserch prize for deep learning
      - ai llm roi award
"""


def test_a_slip_of_a_pack_word_is_misspelt_and_a_readable_word_is_not(make_pack: PackMaker) -> None:
    pack = load_pack(make_pack(PACK))
    record = next(pack.records())
    readable, misspelt = readable_alternates(pack, record)
    assert readable == (
        "turing award winners",
        "Hinton and Bengio prize",
        "Demis Hassabis award",  # names the pack never uses, close to nothing it uses: not a slip
        "ai llm roi award",  # short words are never called misspelt
    )
    assert misspelt == 3


def test_the_shipped_packs_typos_are_found_and_its_phrasings_kept() -> None:
    pack = load_pack(SHIPPED)
    known = vocabulary(pack)
    alternates = [phrase for record in pack.records() for phrase in record.alternates]
    misspelt = [phrase for phrase in alternates if is_misspelt(phrase, known)]
    for slip in (
        "brain drian from big tech",
        "montly review",
        "tech monocluture",
        "Zuckerburg commercial push",
    ):
        assert slip in misspelt
    assert len(misspelt) <= len(alternates) // 10  # the pack's typos are a few of its 500 alternates
    for phrase in (
        "what could go wrong when top researchers leave",
        "so why is lecun walking away from meta?",
        "I keep hearing that LeCun quit Facebook, what was the reason behind it?",
        "why did yann leave zuckerberg's meta",
    ):
        assert phrase in alternates and phrase not in misspelt


@pytest.mark.parametrize("phrase", ["", "???", "2024 results", "brain-drain"])
def test_phrases_without_a_slip(phrase: str) -> None:
    assert not is_misspelt(phrase, vocabulary(load_pack(SHIPPED)))


def test_a_record_without_alternates_costs_nothing(make_pack: PackMaker) -> None:
    pack = load_pack(make_pack("entries:\n  - {id: a, question: What is it?, answer: It is.}\n"))
    assert readable_alternates(pack, next(pack.records())) == ((), 0)
