"""What a question gets, in `ask` and in `chat` alike: a section asked for whole, else the matcher's
decision, and where the words occur when nothing answers confidently."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from leadercli.matching import SUGGESTION_FLOOR, Decision
from leadercli.packs.overview import Overview, heading_asked, heading_numbered, section_asked
from leadercli.packs.sections import SECTIONS, Record

if TYPE_CHECKING:
    from leadercli.search import Hit
    from leadercli.store.compiled import CompiledPack

PLACES = 2
"""Places where the words of an unanswered question occur, shown instead of silence."""
PLACES_BUILD_MAX_RECORDS = 20_000
"""Up to this many records, an unanswered question builds the search postings if they are missing (a
second or so); above, places are shown once `search` has built them."""


class Reply(NamedTuple):
    decision: Decision
    overview: Overview | None = None  # a whole section, asked for as such
    places: tuple[Hit, ...] = ()  # where the words occur, when nothing answers

    @property
    def answered(self) -> bool:
        return self.overview is not None or self.decision.answered


def answer(loaded: CompiledPack, question: str, *, alternatives: int = 3, every: bool = False) -> Reply:
    """The reply to a question: `alternatives` candidates besides, and with `every` (`ask --top N`)
    also those below the suggestion floor, since they were asked for."""
    counts: dict[str, int] = loaded.header.get("counts") or loaded.pack().counts()
    unanswered = Decision(question, False, None, ())
    name = section_asked(question, counts)
    if name is not None:
        records = loaded.pack().sections.get(name, ())
        return Reply(unanswered, Overview(name, SECTIONS[name].title, records))
    numbered: Record | None = None
    if loaded.header.get("has_context", True):  # a document's heading asked whole (reads every record)
        records = tuple(loaded.pack().records())
        found = heading_asked(question, records) or heading_numbered(question, records)
        if isinstance(found, Overview):  # a heading with sub-sections, by its words or its number
            return Reply(unanswered, found)
        numbered = found  # a section by its number
    from leadercli.packs.bridge import effective

    rule = effective(loaded.settings)

    def decide(asked: str) -> Decision:
        return loaded.matcher().decide(
            asked,
            threshold=rule.threshold,
            margin=rule.margin,
            min_confidence=rule.min_confidence,
            alternatives=alternatives,
            floor=0.0 if every else SUGGESTION_FLOOR,
        )

    if numbered is not None:  # asked by its number ("section 4.3"): as if by its title, when that names it
        by_title = decide(numbered.heading)
        if by_title.answered and by_title.best is not None and by_title.best.id == numbered.id:
            return Reply(by_title._replace(query=question))
    decision = decide(question)
    if decision.answered:
        return Reply(decision)
    from leadercli.search import search

    small = sum(counts.values()) <= PLACES_BUILD_MAX_RECORDS
    index = loaded.search_index() if small else loaded.stored_search_index()
    if index is None:
        return Reply(decision)
    return Reply(decision, places=search(index, loaded.find, question, limit=PLACES).hits)
