"""Full-text search over every record of a pack: typo-tolerant at the word level, ranked, with spans.

`ask` finds the one answer to a question; `search` finds every place a word occurs, so a reader can see
what the pack holds on a topic. Pure: no Typer, no Rich; the renderer highlights the returned spans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz.distance import OSA

from leadercli.packs.pack import Pack
from leadercli.packs.sections import Record, section_of

_WORD = re.compile(r"\w+")  # "LeCun's" is "LeCun" and "s": the name is what a reader searches for
# Words too common to say anything on their own; dropped unless the query has nothing else.
_STOP = "a an and are as at be by can do does for from how i in is it of on or our so that the this to"
_MORE_STOP = "we what when where which who why will with you your"
STOP_WORDS = frozenset(_STOP.split() + _MORE_STOP.split())
# How much a match counts by where it is: the record's own title first, then its tags and phrasings.
FIELD_WEIGHTS = {"heading": 1.0, "tags": 0.9, "alternates": 0.8, "body": 0.7}
SNIPPET_CHARS = 160
_SNIPPET_ORDER = {"body": 0, "alternates": 1, "tags": 2, "heading": 3}


@dataclass(frozen=True, slots=True)
class Field:
    """One searchable text of a record: `name` as in the record's JSON (`question`, `do`, `tags`...)."""

    name: str
    kind: str  # "heading", "body", "alternates" or "tags": decides the weight
    text: str


@dataclass(frozen=True, slots=True)
class FieldMatch:
    """A field where at least one term matched, with the [start, end) character spans of the words."""

    name: str
    text: str
    spans: tuple[tuple[int, int], ...]
    quality: float  # 0 to 1: the best weighted match in this field


@dataclass(frozen=True, slots=True)
class Hit:
    record: Record
    score: int  # 0 to 100: how well and how completely the terms matched
    fields: tuple[FieldMatch, ...]  # best first
    matched: tuple[str, ...]  # the pack's words that matched, as written (shows what a typo found)

    @property
    def heading(self) -> FieldMatch:
        """The record's heading with its own spans (empty when the terms matched elsewhere)."""
        name = fields(self.record)[0].name
        found = next((field for field in self.fields if field.name == name), None)
        return found or FieldMatch(name, self.record.heading, (), 0.0)

    @property
    def snippet(self) -> FieldMatch:
        """The best match outside the heading, cut to a window around it; the heading if nothing else."""
        kinds = {field.name: field.kind for field in fields(self.record)}
        others = [field for field in self.fields if kinds.get(field.name) != "heading"]
        # The answer explains a hit better than a phrasing or a tag, whatever their weights.
        others.sort(key=lambda field: (_SNIPPET_ORDER[kinds.get(field.name, "body")], -len(field.spans)))
        return window(others[0]) if others else self.heading


@dataclass(frozen=True, slots=True)
class Results:
    query: str
    terms: tuple[str, ...]
    hits: tuple[Hit, ...]
    total: int = 0  # every matching record, before `limit`


def terms(query: str) -> tuple[str, ...]:
    """The distinct words searched for, in order; stop words only when there is nothing else."""
    words = list(dict.fromkeys(word.casefold() for word in _WORD.findall(query)))
    content = [word for word in words if word not in STOP_WORDS]
    return tuple(content or words)


def fields(record: Record) -> list[Field]:
    """Every text of a record, named as in its JSON: heading, body fields, alternates, tags."""
    section = section_of(record)
    found = [Field(section.heading, "heading", record.heading)]
    found += [Field(name, "body", value) for name in section.body if (value := getattr(record, name))]
    found += [Field("alternates", "alternates", value) for value in record.alternates]
    found += [Field("tags", "tags", value) for value in record.tags]
    return found


def word_match(term: str, word: str) -> float:
    """How well one pack word matches one searched term: 1 exact, 0.9 prefix, less per typo, 0 none."""
    if word == term:
        return 1.0
    if len(term) >= 3 and word.startswith(term):
        return 0.9
    if len(term) < 5 or abs(len(term) - len(word)) > 2:  # short words: exact or prefix only
        return 0.0
    allowed = 1 if len(term) < 8 else 2  # a swap of two letters counts as one typo
    distance = OSA.distance(term, word, score_cutoff=allowed)
    return 0.8 - 0.1 * (distance - 1) if distance <= allowed else 0.0


def search(pack: Pack, query: str, limit: int | None = None) -> Results:
    """Every record where at least one term occurs, best first (ties in the pack's own order)."""
    wanted = terms(query)
    hits: list[tuple[float, int, Hit]] = []
    if wanted:
        for order, record in enumerate(pack.records()):
            hit = _score(record, wanted)
            if hit is not None:
                hits.append((-hit.score, order, hit))
    hits.sort(key=lambda item: (item[0], item[1]))
    ranked = tuple(hit for _, _, hit in hits)
    shown = ranked[:limit] if limit is not None else ranked
    return Results(query=query, terms=wanted, hits=shown, total=len(ranked))


def _score(record: Record, wanted: tuple[str, ...]) -> Hit | None:
    best_per_term = dict.fromkeys(wanted, 0.0)
    matches: list[FieldMatch] = []
    matched_words: dict[str, str] = {}  # casefolded -> as written
    for field in fields(record):
        weight = FIELD_WEIGHTS[field.kind]
        spans: list[tuple[int, int]] = []
        quality = 0.0
        for found in _WORD.finditer(field.text):
            word = found.group().casefold()
            best = max(word_match(term, word) for term in wanted)
            if not best:
                continue
            spans.append(found.span())
            matched_words.setdefault(word, found.group())
            quality = max(quality, best * weight)
            for term in wanted:
                best_per_term[term] = max(best_per_term[term], word_match(term, word) * weight)
        if spans:
            matches.append(FieldMatch(field.name, field.text, tuple(spans), quality))
    if not matches:
        return None
    coverage = sum(best_per_term.values()) / len(wanted)
    # Stable sort: among equally good fields the record's own order (heading, body, alternates, tags).
    matches.sort(key=lambda match: -match.quality)
    return Hit(record, max(1, round(100 * coverage)), tuple(matches), tuple(matched_words.values()))


def window(match: FieldMatch, width: int = SNIPPET_CHARS) -> FieldMatch:
    """The part of a long field around its first match, cut at word boundaries, spans shifted to fit."""
    text = match.text
    if len(text) <= width or not match.spans:
        return match
    first = match.spans[0][0]
    start = max(0, first - width // 4)
    if start:
        space = text.find(" ", start, first)
        start = space + 1 if space != -1 else start
    end = min(len(text), start + width)
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > match.spans[0][1] else end
    prefix = "…" if start else ""
    suffix = "…" if end < len(text) else ""
    shift = len(prefix) - start
    spans = tuple((s + shift, e + shift) for s, e in match.spans if s >= start and e <= end)
    return FieldMatch(match.name, prefix + text[start:end] + suffix, spans, match.quality)
