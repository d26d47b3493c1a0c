"""The one place a pack becomes what the matching engine reads: records become Documents, settings the
threshold and margin `ask` uses. The engine knows nothing of packs."""

from __future__ import annotations

from leadercli.matching import DEFAULT_MARGIN, DEFAULT_THRESHOLD, Document
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


def effective(settings: Settings) -> tuple[float, float]:
    """The threshold and margin `ask` uses: the pack's own where set, the matcher's defaults else."""
    return (
        DEFAULT_THRESHOLD if settings.threshold is None else settings.threshold,
        DEFAULT_MARGIN if settings.margin is None else settings.margin,
    )
