"""Full-text search over every record of a pack: typo-tolerant at the word level, ranked, with spans.

`ask` finds the one answer to a question; `search` finds every place a word occurs, so a reader can see
what the pack holds on a topic. Both read text through the one engine: `matching.text` says what a word
and a stop word are, `matching.speller` how far a typo may go. Candidates come from postings compiled
with the pack (word -> the records holding it, with the best field), so a 100,000-entry pack costs a
question about what the shipped pack does; only the records shown are read. Pure: no Typer, no Rich.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from leadercli.matching.speller import close_words, inflections, other_spellings, within_budget
from leadercli.matching.text import WORD, camel_parts, cjk_pairs, cjk_words, fold, stop_words
from leadercli.packs.documents.outline import INLINE_CODE, Fences
from leadercli.packs.sections import Record, is_markdown, section_of

# How much a match counts by where it is: the record's own title first, then its tags and phrasings.
FIELD_WEIGHTS = {"heading": 1.0, "tags": 0.9, "alternates": 0.8, "body": 0.7}
_KINDS = tuple(FIELD_WEIGHTS)  # a posting's field kind is its index here, best first
_KIND_BITS = 2
SNIPPET_CHARS = 160
_SNIPPET_ORDER = {"body": 0, "alternates": 1, "tags": 2, "heading": 3}
PREFIX_MIN_LENGTH = 3
"""A term this long also finds the words it begins ("ethic" finds "ethical")."""
PREFIXED = 0.9
"""How well a word the term begins matches ("ethic" / "ethical")."""
INFLECTED = PREFIXED
"""How well another form of a term matches ("installing" finds "install"): as well as a prefix does."""
MAX_TERMS = 32
"""Distinct words a search looks for, the first ones of the query: a pasted page (ask's places, a 1 MB
chat line) must cost a search, not minutes of typo matching over thousands of words."""
COMPOUND = re.compile(r"(?<![^\W_])[^\W_]++(?:[_./:-][^\W_]++)+")
"""Words joined by `_ . / : -` with no space: an identifier, a file or a flag (`GITHUB_ENV`, `uv.lock`,
`code-server`). Searched for as one term, so that `GITHUB_ENV` finds the places that say GITHUB_ENV, not
every place that says "github" or "env"; its words are searched for when the pack never writes it.
Matched from a word's start, never backtracking into a word: a 300,000-letter hash costs one pass
(it cost minutes)."""


def tokens(text: str) -> list[re.Match[str]]:
    """The searchable words of a text, as written: each word, each compound of words (COMPOUND), each
    part of a CamelCase identifier (`camel_parts`) and each pair of Chinese or Japanese characters
    (`cjk_pairs`) as well."""
    return [*WORD.finditer(text), *COMPOUND.finditer(text), *camel_parts(text), *cjk_pairs(text)]


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
        if not others:
            return self.heading
        markdown = others[0].name in section_of(self.record).markdown and is_markdown(others[0].text)
        return window(others[0], markdown=markdown)


@dataclass(frozen=True, slots=True)
class Results:
    query: str
    terms: tuple[str, ...]
    hits: tuple[Hit, ...]
    total: int = 0  # every matching record, before `limit`


def terms(query: str, known: Callable[[str], bool] = lambda term: True) -> tuple[str, ...]:
    """The distinct words searched for, in order, MAX_TERMS at most; stop words only when there is
    nothing else. A compound (COMPOUND) is one term when `known` says the pack has it, else its words
    are, but for its numbers: the "6", "2" and "0" of a version "6.2.0" the pack never writes are in every
    other place, and "4.3" is not in "14.3"."""
    words: list[str] = []
    for chunk in query.split():
        whole = COMPOUND.fullmatch(chunk.strip(".,;:!?()[]{}\"'`"))
        if whole and known(fold(whole.group())):
            words.append(fold(whole.group()))
        else:
            found = [fold(word) for word in WORD.findall(chunk) if not (whole and word.isdecimal())]
            words += [part for word in found for part in cjk_words(word)]  # Chinese: its pairs
    words = list(dict.fromkeys(words))
    stop = stop_words()
    content = [word for word in words if word not in stop]
    return tuple((content or words)[:MAX_TERMS])


def fields(record: Record) -> list[Field]:
    """Every text of a record, named as in its JSON: heading, body fields, alternates, tags."""
    section = section_of(record)
    found = [Field(section.heading, "heading", record.heading)]
    found += [Field(name, "body", value) for name in section.body if (value := getattr(record, name))]
    found += [Field("alternates", "alternates", value) for value in record.alternates]
    found += [Field("tags", "tags", value) for value in record.tags]
    return found


def word_match(term: str, word: str) -> float:
    """How well one pack word matches one searched term: 1 exact, 0.9 prefix or another form, less per
    typo, 0 none.

    Typos follow the speller's budget, the same `ask` corrects with (`matching.speller`)."""
    if word == term:
        return 1.0
    if len(term) >= PREFIX_MIN_LENGTH and word.startswith(term):
        return PREFIXED
    if term.isalpha() and word in inflections(term):
        return INFLECTED
    edits = within_budget(term, word)
    return _typo_quality(edits) if edits else 0.0


def _typo_quality(edits: int) -> float:
    return 0.8 - 0.1 * (edits - 1)


class SearchIndex:
    """The pack's words, sorted, and for each the records holding it with the best field it is in.

    A posting is `record number << 2 | field kind` (kinds best first), records numbered in pack order.
    `postings` may be a lazy mapping read bucket by bucket from the cache; `ids` names the numbers.
    """

    def __init__(self, vocabulary: str, postings: Mapping[str, list[int]], ids: Sequence[str]) -> None:
        self.vocabulary = vocabulary.split("\n") if vocabulary else []  # sorted, for prefixes by bisection
        self.postings = postings
        self.ids = ids

    @classmethod
    def build(cls, records: Iterable[Record]) -> SearchIndex:
        state = index_state(records)
        return cls(state["vocabulary"], state["postings"], state["ids"])

    def matches(self, term: str) -> dict[str, float]:
        """Every pack word the term matches, with how well (word_match), found without a scan of the pack."""
        found: dict[str, float] = {}
        vocabulary = self.vocabulary
        for position in range(bisect.bisect_left(vocabulary, term), len(vocabulary)):
            word = vocabulary[position]
            if word == term:
                found[word] = 1.0
            elif len(term) >= PREFIX_MIN_LENGTH and word.startswith(term):
                found[word] = PREFIXED
            else:
                break
        for word, edits in close_words(term, self.vocabulary):
            found.setdefault(word, _typo_quality(edits))
        for word in other_spellings(term):  # "centre" finds "center", beyond a typo's budget too
            if word in self.postings:
                found.setdefault(word, _typo_quality(1))
        for word in inflections(term) if term.isalpha() else ():  # "installing" finds "install", as in ask
            if word in self.postings:
                found.setdefault(word, INFLECTED)
        return found


def index_state(records: Iterable[Record]) -> dict[str, Any]:
    """What the cache stores for search: the sorted vocabulary (one string), postings and record ids."""
    postings: dict[str, list[int]] = defaultdict(list)
    ids: list[str] = []
    for number, record in enumerate(records):
        ids.append(record.id)
        best: dict[str, int] = {}
        for field in fields(record):
            kind = _KINDS.index(field.kind)
            for found in tokens(field.text):
                word = fold(found.group())
                if kind < best.get(word, len(_KINDS)):
                    best[word] = kind
        for word, kind in best.items():
            postings[word].append(number << _KIND_BITS | kind)
    return {"vocabulary": "\n".join(sorted(postings)), "postings": dict(postings), "ids": ids}


def search(
    index: SearchIndex, find: Callable[[str], Record | None], query: str, limit: int | None = None
) -> Results:
    """Every record where at least one term occurs, best first (ties in the pack's own order).

    Scores come from the postings alone; only the records shown are read (`find`), for their spans."""
    wanted = terms(query, lambda compound: compound in index.postings)
    best: dict[int, list[float]] = {}
    for position, term in enumerate(wanted):
        for word, quality in index.matches(term).items():
            for posting in index.postings.get(word, ()):
                number, kind = posting >> _KIND_BITS, posting & ((1 << _KIND_BITS) - 1)
                per_term = best.setdefault(number, [0.0] * len(wanted))
                per_term[position] = max(per_term[position], quality * FIELD_WEIGHTS[_KINDS[kind]])
    ranked = sorted(best, key=lambda number: (-_coverage(best[number]), number))
    shown = ranked[:limit] if limit is not None else ranked
    hits = []
    for number in shown:
        record = find(index.ids[number])
        hit = None if record is None else _score(record, wanted)
        if hit is not None:
            hits.append(hit)
    return Results(query=query, terms=wanted, hits=tuple(hits), total=len(ranked))


def _coverage(per_term: Sequence[float]) -> int:
    """0 to 100: how well and how completely the terms matched (each term at its best field)."""
    return max(1, round(100 * sum(per_term) / len(per_term)))


def _score(record: Record, wanted: tuple[str, ...]) -> Hit | None:
    best_per_term = dict.fromkeys(wanted, 0.0)
    matches: list[FieldMatch] = []
    matched_words: dict[str, str] = {}  # casefolded -> as written
    for field in fields(record):
        weight = FIELD_WEIGHTS[field.kind]
        spans: list[tuple[int, int]] = []
        quality = 0.0
        for found in tokens(field.text):
            word = fold(found.group())
            best = max(word_match(term, word) for term in wanted)
            if not best:
                continue
            spans.append(found.span())
            matched_words.setdefault(word, found.group())
            quality = max(quality, best * weight)
            for term in wanted:
                best_per_term[term] = max(best_per_term[term], word_match(term, word) * weight)
        if spans:
            matches.append(FieldMatch(field.name, field.text, _outermost(spans), quality))
    if not matches:
        return None
    # Stable sort: among equally good fields the record's own order (heading, body, alternates, tags).
    matches.sort(key=lambda match: -match.quality)
    return Hit(record, _coverage(list(best_per_term.values())), tuple(matches), tuple(matched_words.values()))


def _outermost(spans: list[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """The spans in order, each one inside another left out (a word of a compound both matched)."""
    kept: list[tuple[int, int]] = []
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if not kept or end > kept[-1][1]:
            kept.append((start, end))
    return tuple(kept)


# What a reader of Markdown does not see: fences, a link's target (its text stays), image and link
# brackets, emphasis and code marks, a heading's hashes, the backslash of an escape, an inline HTML tag
# (`<nobr>` in a runbook's table cell, `<kbd>`).
_MARKUP = re.compile(
    r"(?:`{3,}|~{3,})[\w+-]*|\]\([^)\s]*(?:\s+\"[^\"\n]*\")?\)|!?\[(?=[^\]\n]*\]\()|\*\*|__|`"
    r"|(?<![\w*])\*(?=\S)|(?<=\S)\*(?![\w*])|^[ \t]*#{1,6}[ \t]|\\[!-/:-@\[-`{-~]"
    r"|</?[A-Za-z][\w-]*(?:\s[^<>\n]*)?/?>",
    re.MULTILINE,
)


def _one_line(
    text: str, spans: tuple[tuple[int, int], ...], markdown: bool = False
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """Every run of whitespace as one space, and Markdown's marks out when the text is Markdown (a
    snippet is read, not rendered), the spans moved with their words (a match inside a link's target
    goes with it)."""
    hidden = bytearray(len(text))
    if markdown:
        code = _code_spans(text)
        for found in _MARKUP.finditer(text):
            if code[found.start()] and found.group() != "`":
                continue  # `f(a, **kwds)`: code keeps its characters
            end = found.start() + 1 if found.group().startswith("\\") else found.end()  # `\*`: the `*` stays
            hidden[found.start() : end] = b"\x01" * (end - found.start())
    out: list[str] = []
    moved: list[int] = []  # the new place of each old character (and of the end)
    for char, gone in zip(text, hidden, strict=True):
        moved.append(len(out))
        if gone:
            continue
        if not char.isspace():
            out.append(char)
        elif out and out[-1] != " ":  # no space to open the line, none twice
            out.append(" ")
    moved.append(len(out))
    shown = ((moved[start], moved[end]) for start, end in spans)
    return "".join(out).rstrip(" "), tuple((start, end) for start, end in shown if start < end)


def _code_spans(text: str) -> bytearray:
    """1 for each character inside code: a fenced block's lines (its fences are markup) and an inline
    code span's text (its backticks are)."""
    inside = bytearray(len(text))
    fences = Fences()
    position = 0
    for line in text.split("\n"):
        if fences.content(line):
            inside[position : position + len(line)] = b"\x01" * len(line)
        position += len(line) + 1
    for found in INLINE_CODE.finditer(text):
        inside[found.start(2) : found.end(2)] = b"\x01" * (found.end(2) - found.start(2))
    return inside


def window(match: FieldMatch, width: int = SNIPPET_CHARS, *, markdown: bool = False) -> FieldMatch:
    """The part of a long field around its first match, cut at word boundaries, spans shifted to fit,
    on one line (a document's own line breaks, re-wrapped in a column, would leave one-word lines)."""
    text, spans = _one_line(match.text, match.spans, markdown)
    match = FieldMatch(match.name, text, spans, match.quality)
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
