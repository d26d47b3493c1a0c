"""The matcher's state codec: the compact, JSON-native snapshot that `build` makes and a cache stores.

Flat so `marshal` and `json` load it in a millisecond or two: strings and int lists, no objects.
This module owns the layout's version, its field schemas, how learned weights become code points and
how a lean posting packs a phrasing's number with its norm (docs/accuracy.md, "Compact state").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = [
    "LAZY_KEYS",
    "NORM_BITS",
    "NORM_MASK",
    "SCALE",
    "STATE_VERSION",
    "check_state",
    "pack_posting",
    "weight_char",
    "weight_point",
    "weight_values",
]

# Format version of `to_state`; bump when the layout changes so stale caches are rebuilt. Version 4 is
# the compact layout (flat int lists, joined strings, pruned integer weights); 5 adds the lean
# large-pack layout and LAZY_KEYS; 6 the body postings (BM25 over answer text).
STATE_VERSION = 6

# Stored norms and weights are integers of 10**-STATE_DIGITS.
STATE_DIGITS = 3
UNIT: int = 10**STATE_DIGITS
SCALE: float = 10.0**-STATE_DIGITS

# The top-level state keys whose values are `dict[str, plain value]` read only with `.get(key)` and
# `in`, never iterated and never measured with len(), so a cache may store each key's value as its
# own blob and give `from_state` a lazy Mapping. Empty dicts in a small pack's state. In a lean state:
#   terms:     word -> its postings, one int per phrasing holding the word, ascending:
#              (record << shift | position) << 20 | norm (tags at the last position, the norm in
#              units of 10**-STATE_DIGITS); the word's document frequency is the list's length
#   exact_map: normalised phrasing (its words joined by spaces) -> record numbers (int list)
#   id_map:    str(record number) -> record id (records are numbered in id order)
#   spell:     str(word length) -> the pack's words of that length, most frequent first, "\n"-joined
LAZY_KEYS: tuple[str, ...] = ("terms", "exact_map", "id_map", "spell")

# The top-level fields of a full state and their types: `check_state` checks them before a cache is
# trusted.
_STATE_FIELDS: dict[str, type] = {
    "ids": list,
    "words": str,
    "df": list,
    "postings": list,
    "phrasing_doc": list,
    "phrasing_norm": list,
    "bag_norm": list,
    "answer_norm": list,
    "bag_texts": list,
    "bag_tags": list,
    "answers": list,
    "body_postings": list,
    "body_length": list,
    "exact": str,
    "exact_doc": list,
    "features": str,
    "feature_df": list,
    "samples": int,
    "background": int,
    "counts": list,
    "classes": str,
    "weights": str,
}
_LEAN_STATE_FIELDS: dict[str, type] = {"count": int, "shift": int}


def check_state(state: Any) -> None:
    """Raise ValueError unless `state` has this version's fields with their types (lazy maps unread)."""
    if not isinstance(state, dict) or state.get("version") != STATE_VERSION:
        found = state.get("version") if isinstance(state, dict) else type(state).__name__
        raise ValueError(f"matcher state version {found!r}, expected {STATE_VERSION}")
    fields = _LEAN_STATE_FIELDS if state.get("lean") else _STATE_FIELDS
    for key, kind in fields.items():
        if not isinstance(state.get(key), kind):
            raise ValueError(f"damaged matcher state: {key!r} is not a {kind.__name__}")
    for key in LAZY_KEYS:
        if not isinstance(state.get(key), Mapping):
            raise ValueError(f"damaged matcher state: {key!r} is not a mapping")


# ---------------------------------------------------------------------------------------------------
# Learned weights: one code point per weight, in units of 10**-STATE_DIGITS around _WEIGHT_ZERO. The
# range stays below the UTF-16 surrogates (U+D800), so the strings encode to UTF-8 and JSON as they
# are. Classes (`chr(class)`) are at most 2,000 (LEARNED_MAX_DOCUMENTS), far below them too.

_WEIGHT_ZERO = 0x6000
_WEIGHT_LIMIT = 0x6000 - 1  # +-24.575 at 3 digits; real weights stay < 5


def weight_point(weight: float) -> int:
    """A weight in stored units, clamped to what a code point can hold (0: pruned)."""
    return max(-_WEIGHT_LIMIT, min(_WEIGHT_LIMIT, round(weight * UNIT)))


def weight_char(units: int) -> str:
    """The code point that stores `units` (nonzero, from `weight_point`)."""
    return chr(_WEIGHT_ZERO + units)


def weight_values(chars: str) -> list[float]:
    """The weights that stored code points stand for."""
    return [(ord(char) - _WEIGHT_ZERO) * SCALE for char in chars]


# ---------------------------------------------------------------------------------------------------
# Lean postings: a phrasing's number and its norm (units of 10**-STATE_DIGITS) in one int. The
# retriever unpacks them inline (`posting >> NORM_BITS`, `posting & NORM_MASK`): it is the hot loop.

NORM_BITS = 20
NORM_MASK = (1 << NORM_BITS) - 1


def pack_posting(number: int, norm: float) -> int:
    """One int for phrasing `number` (`record << shift | position`) and its norm."""
    return number << NORM_BITS | min(NORM_MASK, round(UNIT * norm))
