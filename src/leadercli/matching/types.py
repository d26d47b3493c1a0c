"""What the matcher takes and gives, and what it asks of a retrieval index.

NamedTuples: a tenth of a frozen dataclass's creation cost, and `ask` starts in ~0.1 s.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol

__all__ = ["Decision", "Document", "Match", "Retriever"]


class Document(NamedTuple):
    """One answerable record, as the pack hands it to the matcher."""

    id: str
    texts: tuple[str, ...]
    tags: tuple[str, ...] = ()
    answer: str = ""


class Match(NamedTuple):
    """A candidate record and its confidence (0-100)."""

    id: str
    score: float


# A runner-up scoring at least this share of the answer's score fits the question nearly as well.
CLOSE_SHARE = 0.85


class Decision(NamedTuple):
    """Whether to answer, with what, and the runners-up (or suggestions when not answering).

    Suggestions of an unanswered decision all score at least SUGGESTION_FLOOR (there may be none).
    """

    query: str
    answered: bool
    best: Match | None
    alternatives: tuple[Match, ...]
    truncated: bool = False
    confidence: float | None = None  # the probability that `best` (or the best candidate) is right

    @property
    def close(self) -> tuple[Match, ...]:
        """The runners-up of an answer that fit nearly as well (CLOSE_SHARE of its score), shown beside
        it: "omit" in coverage's configuration page is both "[run] omit" and "[report] omit"."""
        if not self.answered or self.best is None:
            return ()
        return tuple(match for match in self.alternatives if match.score >= CLOSE_SHARE * self.best.score)


class _Corrector(Protocol):
    def correct(self, word: str) -> str | None: ...


class Retriever(Protocol):
    """The retrieval layer as the matcher uses it: index.FullIndex or lean.LeanIndex, chosen at load.

    Records are numbered in id order; `rarest` is the IDF of a word found in a single record or
    phrasing, which an unknown query word weighs.
    """

    rarest: float
    density: float  # phrasings per record

    def coverage(self, doc: int, content: list[str]) -> tuple[float, float]:
        """IDF-weighted shares of the content words that record `doc` holds anywhere, and in its
        phrasings or tags (1: all)."""

    def named_share(self, doc: int, content: list[str]) -> tuple[float, float]:
        """How well record `doc`'s phrasings fit the content words: the share of the words they hold,
        then the share of their own words the content holds (IDF-weighted, 1: all)."""

    @property
    def speller(self) -> _Corrector: ...

    def idf(self, word: str) -> float | None:
        """The IDF of a pack word, None for a word the pack has never seen."""

    def exact(self, key: str) -> list[int] | None:
        """The records with a phrasing whose normalised words, space-joined, are `key`."""

    def id_of(self, doc: int) -> str:
        """The id of a record number."""

    def retrieve(self, content: list[str]) -> dict[int, float]:
        """A 0-1 score for every record sharing a word with the (non-empty) content words."""
