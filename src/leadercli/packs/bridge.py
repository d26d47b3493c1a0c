"""The one place a pack becomes what the matching engine reads: records become Documents, settings the
threshold and margin `ask` uses. The engine knows nothing of packs."""

from __future__ import annotations

from leadercli.matching import Document, Rule
from leadercli.packs.pack import Pack, Settings


def documents(pack: Pack) -> list[Document]:
    """The records as the matcher sees them: heading and alternates to match, tags and a document
    section's context (the headings above it) as lesser evidence, the answer as weak evidence."""
    return [
        Document(
            id=record.id,
            texts=(record.heading, *record.alternates),
            tags=(*record.tags, context) if (context := getattr(record, "context", "")) else record.tags,
            answer=record.answer,
        )
        for record in pack.records()
    ]


def effective(settings: Settings) -> Rule:
    """When `ask` answers: the pack's own settings where set (`min_confidence` in percent becomes a
    probability); with none, the matcher decides by its confidence (the probability of being right)."""
    chance = None if settings.min_confidence is None else settings.min_confidence / 100.0
    return Rule(settings.threshold, settings.margin, chance)
