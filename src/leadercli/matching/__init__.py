"""Match a question to one record of a knowledge pack, or say honestly that none fits.

The public face of the matching package: what the rest of leadercli uses. It imports nothing else
from leadercli and nothing heavy (rapidfuzz only when a word needs typo correction), because `ask`
loads it on every run. How the matcher works: matcher.py and docs/accuracy.md.
"""

from __future__ import annotations

from leadercli.matching.matcher import (
    DEFAULT_MARGIN,
    DEFAULT_THRESHOLD,
    LAZY_KEYS,
    LEAN_MIN_DOCUMENTS,
    LEAN_MIN_PHRASINGS,
    MAX_QUERY_CHARS,
    STATE_VERSION,
    SUGGESTION_FLOOR,
    Decision,
    Document,
    Match,
    Matcher,
    Rule,
)
from leadercli.matching.text import normalize

__all__ = [
    "DEFAULT_MARGIN",
    "DEFAULT_THRESHOLD",
    "LAZY_KEYS",
    "LEAN_MIN_DOCUMENTS",
    "LEAN_MIN_PHRASINGS",
    "MAX_QUERY_CHARS",
    "STATE_VERSION",
    "SUGGESTION_FLOOR",
    "Decision",
    "Document",
    "Match",
    "Matcher",
    "Rule",
    "normalize",
]
