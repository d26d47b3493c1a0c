"""Check a pack without using it: every problem becomes a finding that names its file and line.

Errors stop a pack from working (it does not load, or two records share a phrasing so `ask` can never
tell them apart); warnings are things `ask` or the author would trip over (unknown fields, phrasings a
reader could not tell apart, alternates `ask` would answer with another record). Exit code: 0 clean,
1 warnings only, 2 errors (`Report.exit_code`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rapidfuzz import fuzz  # validate is the only command that imports this module

from leadercli.errors import DataError
from leadercli.matching.speller import is_english
from leadercli.packs.findings import Finding
from leadercli.packs.loader import load_pack
from leadercli.packs.pack import Pack
from leadercli.packs.sections import CONTEXT_SEPARATOR, Record

if TYPE_CHECKING:
    from leadercli.matching import Matcher, Rule

NEAR_DUPLICATE = 90
"""Similarity (`near_duplicate_score`, 0-100) from which two phrasings of different records are reported.

On the shipped pack, 90 separates "physical world understanding ai" / "Invest in Physical World
Understanding" (91: a reader could mean either) from pairs that merely share a name and a verb, such as
"why did yann lecun quit meta" / "What was Yann LeCun's role at Meta?" (80). 100 (identical after
normalisation) is an error: no matcher can tell the two records apart.
"""
POSTING_CAP = 2_000
"""A word found in more phrasings than this does not, alone, make two phrasings candidates (big packs)."""
MAX_COMPARISONS = 2_000_000
"""Near-duplicate comparisons before the check stops (~2 s); the report says when it stopped."""
MAX_RANKED = 5_000
"""Alternates ranked with the matcher before the check stops; the report says when it stopped."""

Progress = Callable[[str, float], None]
"""Told which stage the check is at and how far along it is (0 to 1): the CLI draws a bar on a terminal.
Ranking the alternates is most of the time (seconds on the shipped pack, five times as long held out)."""
RANKING_FROM = 0.1
"""The share of the bar before ranking starts: loading and the near-duplicate check are quick."""


@dataclass(frozen=True, slots=True)
class Report:
    directory: Path
    findings: tuple[Finding, ...]
    records: int = 0
    phrasings: int = 0
    comparisons: int = 0
    ranked: int = 0
    notes: tuple[str, ...] = field(default=())

    @property
    def errors(self) -> int:
        return sum(1 for finding in self.findings if finding.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(1 for finding in self.findings if finding.severity == "warning")

    @property
    def exit_code(self) -> int:
        return 2 if self.errors else 1 if self.warnings else 0


@dataclass(frozen=True, slots=True)
class _Phrasing:
    record: int
    text: str
    normal: str
    file: str
    line: int
    context: str = ""  # the normalised headings above a heading path ("" for an alternate)
    own: str = ""  # a heading path's own heading, every word kept ("before" is a stop word, and a title)


def validate(directory: Path, *, held_out: bool = False, progress: Progress | None = None) -> Report:
    """Load the pack (schema, ids, empty fields) and, when it loads, look for what loading allows."""
    tell = progress or _silent
    tell("reading the pack", 0.0)
    try:
        pack = load_pack(directory)
    except DataError as error:
        if error.path is None or error.path.is_dir() or not error.path.exists():
            raise  # not a pack at all (no directory, no faq.yaml): a usage error, not a finding
        return Report(directory, (_load_finding(error),))
    findings = list(pack.findings)
    records = list(pack.records())
    phrasings = _phrasings(pack, records)
    tell("looking for near-duplicates", RANKING_FROM / 2)
    near, comparisons, notes = _near_duplicates(records, phrasings)
    routed, ranked, more_notes = _misrouted(pack, records, phrasings, held_out=held_out, tell=tell)
    tell("done", 1.0)
    shape = [*_long_answers(records), *_without_alternates(records, len(phrasings))]
    everything = sorted(
        [*findings, *near, *routed, *shape], key=lambda item: (item.file, item.line, item.code)
    )
    return Report(
        directory,
        tuple(everything),
        records=len(records),
        phrasings=len(phrasings),
        comparisons=comparisons,
        ranked=ranked,
        notes=(*notes, *more_notes),
    )


def _load_finding(error: DataError) -> Finding:
    context = ", ".join(
        part
        for part in (
            f"entry {error.entry}" if error.entry else "",
            f"field '{error.field}'" if error.field else "",
        )
        if part
    )
    return Finding(
        "error",
        error.code,
        str(error.path),
        error.line or 1,  # a problem with the whole file (empty, too large) is reported at its first line
        f"{context}: {error.problem}" if context else error.problem,
        ids=error.ids,
    )


SCREEN_LINES = 40
SCREEN_CHARS = 3_000
"""An answer longer than this does not fit a screen: often two sections merged into one."""


_PADDING = re.compile(r"[ \t]{2,}")


def _long_answers(records: list[Record]) -> list[Finding]:
    """Answers whose prose is longer than a screen. Code blocks are left out of the count, and a
    table's alignment padding: a section with a long example or a wide table is one section, not
    several merged."""
    from leadercli.packs.documents.outline import Fences

    findings = []
    for record in records:
        fences = Fences()
        prose = "\n".join(line for line in record.answer.split("\n") if not fences.code(line)).strip()
        lines, size = prose.count("\n") + 1, len(_PADDING.sub(" ", prose))
        if lines > SCREEN_LINES or size > SCREEN_CHARS:
            findings.append(
                Finding(
                    "warning",
                    "long-answer",
                    record.path,
                    record.line,
                    f"the answer of '{record.id}' is {lines:,} lines ({size:,} characters) of text "
                    "(code left out), longer than a screen: are several sections merged into it?",
                    ids=(record.id,),
                )
            )
    return findings


def _without_alternates(records: list[Record], phrasings: int) -> list[Finding]:
    """Where alternates pay: in a pack with fewer than two phrasings a record, each record ask knows
    only by its heading."""
    if phrasings >= 2 * len(records):
        return []
    return [
        Finding(
            "warning",
            "no-alternates",
            record.path,
            record.line,
            f"'{record.id}' has no alternates: ask knows it only as \"{record.heading}\"; add the ways "
            "people ask it",
            ids=(record.id,),
        )
        for record in records
        if not record.alternates
        and record.path.endswith((".yaml", ".yml"))  # a document has nowhere to write them
    ]


def _phrasings(pack: Pack, records: list[Record]) -> list[_Phrasing]:
    """Every record's heading and alternates with the line each is written on."""
    from leadercli.matching import normalize
    from leadercli.matching.text import words

    found = []
    for index, record in enumerate(records):
        texts = (_heading_path(record), *record.alternates)  # one heading under two parents: two questions
        places = pack.phrasing_lines.get(record.id, ())
        context = " ".join(normalize(getattr(record, "context", "")))
        own = " ".join(words(record.heading))
        for position, text in enumerate(texts):
            line = places[position] if position < len(places) else record.line
            normal = " ".join(normalize(text))
            found.append(
                _Phrasing(index, text, normal, record.path, line, *((context, own) if position == 0 else ()))
            )
    return found


def _alike(first: _Phrasing, second: _Phrasing) -> float:
    """`near_duplicate_score` of two phrasings; two headings under the same headings are compared by
    their own words, which the shared path would otherwise make alike ("Writing good CL descriptions >
    Good" and "> Generated CL descriptions")."""
    if first.context and first.context == second.context:
        return near_duplicate_score(first.own, second.own, NEAR_DUPLICATE)
    return near_duplicate_score(first.normal, second.normal, NEAR_DUPLICATE)


def near_duplicate_score(a: str, b: str, cutoff: float = 0.0) -> float:
    """How alike two normalised phrasings are (0-100, word order ignored, symmetric); 0 under `cutoff`.

    Alike letter by letter is not enough: phrasings whose different words are numbers ("Prometheus 2.0
    migration guide" / "3.0") or common English words on both sides ("[report] exclude" / "include"; the
    speller's rule: such a word is never a typo of another) name different things, and score 0.
    """
    score = float(fuzz.token_sort_ratio(a, b, score_cutoff=cutoff))
    if not score:
        return 0.0
    first, second = set(a.split()), set(b.split())
    only_first, only_second = first - second, second - first
    if any(word.isdecimal() for word in only_first | only_second):
        return 0.0
    if only_first and only_second and all(map(is_english, only_first | only_second)):
        return 0.0
    return score


def _near_duplicates(
    records: list[Record], phrasings: list[_Phrasing]
) -> tuple[list[Finding], int, list[str]]:
    """Pairs of phrasings of different records that a reader could not tell apart.

    Only phrasings sharing a content word are compared (matcher-normalised words), so the work grows
    with the overlap between phrasings, not with the square of the pack.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for index, phrasing in enumerate(phrasings):
        for word in set(phrasing.normal.split()):
            postings[word].append(index)
    common = sorted(word for word, items in postings.items() if len(items) > POSTING_CAP)
    notes = []
    if common:
        shown = ", ".join(common[:5]) + (" ..." if len(common) > 5 else "")
        notes.append(
            f"near-duplicates: {len(common)} word(s) found in more than {POSTING_CAP:,} phrasings "
            f"({shown}) were not used alone to pick pairs to compare"
        )
    best: dict[tuple[int, int], tuple[float, int, int, int]] = {}  # record pair -> (score, i, j, count)
    comparisons = 0
    for i, phrasing in enumerate(phrasings):
        candidates: set[int] = set()
        for word in set(phrasing.normal.split()):
            items = postings[word]
            if len(items) <= POSTING_CAP:
                candidates.update(j for j in items if j > i and phrasings[j].record != phrasing.record)
        comparisons += len(candidates)
        for j in sorted(candidates):
            score = _alike(phrasing, phrasings[j])
            if score:
                pair = (phrasing.record, phrasings[j].record)
                previous = best.get(pair)
                count = previous[3] + 1 if previous else 1
                if previous is None or score > previous[0]:
                    best[pair] = (score, i, j, count)
                else:
                    best[pair] = (*previous[:3], count)
        if comparisons > MAX_COMPARISONS:
            notes.append(
                f"near-duplicates: stopped after {comparisons:,} comparisons "
                f"({i + 1:,} of {len(phrasings):,} phrasings checked)"
            )
            break
    findings = [
        _near_finding(records, phrasings, *value)
        for pair, value in best.items()
        if not _nested(records[pair[0]], records[pair[1]])
    ]
    return findings, comparisons, notes


def _heading_path(record: Record) -> str:
    """A record's heading after the headings above it ("Installation > Linux > From source")."""
    context = getattr(record, "context", "")
    return f"{context}{CONTEXT_SEPARATOR}{record.heading}" if context else record.heading


def _nested(first: Record, second: Record) -> bool:
    """Whether one record is a section under the other's heading: a child's phrasing holds its
    parent's heading as context, so the two read alike without being two answers to one question."""

    def under(child: Record, parent: Record) -> bool:
        context, above = getattr(child, "context", ""), _heading_path(parent)
        return bool(context) and (context == above or context.startswith(above + CONTEXT_SEPARATOR))

    return under(first, second) or under(second, first)


def _near_finding(
    records: list[Record], phrasings: list[_Phrasing], score: float, i: int, j: int, count: int
) -> Finding:
    first, second = phrasings[i], phrasings[j]
    a, b = records[first.record].id, records[second.record].id
    more = f" (and {count - 1} more similar pair{'s' if count > 2 else ''})" if count > 1 else ""
    if round(score) >= 100:
        return Finding(
            "error",
            "duplicate-phrasing",
            first.file,
            first.line,
            f"'{a}' and '{b}' share the phrasing \"{first.text}\" / \"{second.text}\" "
            f"(at {second.file}:{second.line}): ask cannot tell them apart{more}",
            ids=(a, b),
            similarity=100,
            related=((second.file, second.line),),
        )
    return Finding(
        "warning",
        "near-duplicate",
        first.file,
        first.line,
        f"'{a}' and '{b}' have near-duplicate phrasings (similarity {round(score)}): \"{first.text}\" / "
        f'"{second.text}" (at {second.file}:{second.line}){more}',
        ids=(a, b),
        similarity=round(score),
        related=((second.file, second.line),),
    )


FOLDS = 5
"""With --held-out, alternates are checked in this many folds, each by a matcher built without it."""


def _misrouted(
    pack: Pack, records: list[Record], phrasings: list[_Phrasing], *, held_out: bool, tell: Progress
) -> tuple[list[Finding], int, list[str]]:
    """Alternates that `ask` would answer with another record, or not confidently.

    By default the matcher is built on the whole pack, as `ask` uses it: an alternate then goes astray
    only when another record claims the same words. `held_out` asks the harder question a pack author
    wants answered while writing alternates: would a reader who asks this way, in words the pack does
    not list, still get the right record? The alternates are split into FOLDS groups and each group is
    ranked by a matcher built without it (about FOLDS times slower).
    """
    from leadercli.matching import Matcher
    from leadercli.packs.bridge import documents as matchable
    from leadercli.packs.bridge import effective

    alternates = [p for index, p in enumerate(phrasings) if not _is_heading(phrasings, index)]
    if not alternates:
        return [], 0, []
    rule = effective(pack.settings)
    notes = []
    if len(alternates) > MAX_RANKED:
        notes.append(f"alternates: ranked the first {MAX_RANKED:,} of {len(alternates):,} with the matcher")
        alternates = alternates[:MAX_RANKED]
    documents = matchable(pack)
    folds = [alternates[fold::FOLDS] for fold in range(FOLDS)] if held_out else [alternates]
    findings = []
    done, step = 0, max(1, len(alternates) // 100)
    for number, held in enumerate(folds, start=1):
        stage = f"ranking {len(alternates):,} alternates" + (
            f" held out ({number} of {FOLDS})" if held_out else ""
        )
        tell(stage, _share(done, len(alternates)))
        out = {(records[p.record].id, p.text) for p in held} if held_out else set()
        matcher = Matcher.build(
            [doc._replace(texts=tuple(t for t in doc.texts if (doc.id, t) not in out)) for doc in documents]
        )
        for phrasing in held:
            done += 1
            if done % step == 0:
                tell(stage, _share(done, len(alternates)))
            own = records[phrasing.record].id
            finding = _routing(pack, matcher, phrasing, own, rule, held_out=held_out)
            if finding is not None:
                findings.append(finding)
    findings.sort(key=lambda finding: (finding.file, finding.line))
    return findings, len(alternates), notes


def _silent(stage: str, fraction: float) -> None:
    """No progress to show (a library call, or stderr is not a terminal)."""


def _share(done: int, total: int) -> float:
    return RANKING_FROM + (1 - RANKING_FROM) * done / total


def _routing(
    pack: Pack,
    matcher: Matcher,
    phrasing: _Phrasing,
    own: str,
    rule: Rule,
    *,
    held_out: bool,
) -> Finding | None:
    """The finding for one alternate, if `ask` would answer it wrongly or not at all."""
    unlisted = f" when '{own}' does not list it" if held_out else ""
    ranked = matcher.rank(phrasing.text, 2)
    if not ranked:
        return None
    top = ranked[0]
    if top.id != own:
        return Finding(
            "warning",
            "misrouted-alternate",
            phrasing.file,
            phrasing.line,
            f"alternate \"{phrasing.text}\" of '{own}' is answered with '{top.id}' "
            f"(score {round(top.score)}){unlisted}: ask would answer it wrongly",
            ids=(own, top.id),
            related=_where(pack, top.id),
        )
    decision = matcher.decide(
        phrasing.text, threshold=rule.threshold, margin=rule.margin, min_confidence=rule.min_confidence
    )
    if decision.answered:
        return None
    runner = ranked[1] if len(ranked) > 1 else None
    rival = f", runner-up '{runner.id}' {round(runner.score)}" if runner else ""
    return Finding(
        "warning",
        "unanswered-alternate",
        phrasing.file,
        phrasing.line,
        f"ask would not answer alternate \"{phrasing.text}\" of '{own}' confidently{unlisted} "
        f"(score {round(top.score)}, confidence {_percent(decision.confidence)}{rival}; {_needs(rule)})",
        ids=(own, runner.id) if runner else (own,),
        related=_where(pack, runner.id) if runner else (),
    )


def _percent(chance: float | None) -> str:
    return "-" if chance is None else f"{round(100 * chance)}%"


def _needs(rule: Rule) -> str:
    """What the pack's rule asks of an answer, in the words of its settings."""
    settled = rule.settled()
    if settled.min_confidence is not None:
        return f"needs a confidence of {_percent(settled.min_confidence)}"
    return f"needs a score of {settled.threshold:g} and a lead of {settled.margin:g}"


def _is_heading(phrasings: list[_Phrasing], index: int) -> bool:
    return index == 0 or phrasings[index - 1].record != phrasings[index].record


def _where(pack: Pack, record_id: str) -> tuple[tuple[str, int], ...]:
    found = pack.find(record_id)
    return ((found.path, found.line),) if found is not None else ()
