"""TEMPORARY shim while the matcher is split into this package (replaced by the real package)."""

from leadercli.matcher import *  # noqa: F403
from leadercli.matcher import (  # noqa: F401
    DEFAULT_MARGIN,
    DEFAULT_THRESHOLD,
    LAZY_KEYS,
    MAX_QUERY_CHARS,
    SUGGESTION_FLOOR,
    Decision,
    Document,
    Match,
    Matcher,
    normalize,
)
