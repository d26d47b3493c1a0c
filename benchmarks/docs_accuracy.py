"""How often `ask` answers right on real documents nobody tuned, beside a plain BM25's top-1.

Packs are the documents themselves (`--pack FILE` or a folder: no edits, no alternates); questions were
written blind from each document (tests/eval/docs/<slug>.yaml, each answerable one naming the section
by file and line). Documents are split, not questions: tune on `dev`, report `holdout` as it falls.

    python benchmarks/docs_accuracy.py [--split dev|holdout|all]
"""

from __future__ import annotations

import argparse
import bisect
import math
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any, NamedTuple

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from leadercli.matching import Matcher  # noqa: E402
from leadercli.matching.text import cjk_words  # noqa: E402
from leadercli.packs.bridge import documents, effective  # noqa: E402
from leadercli.packs.loader import load_pack  # noqa: E402
from leadercli.packs.pack import Pack  # noqa: E402
from leadercli.packs.sections import FAQ  # noqa: E402

DOCS = ROOT / "tests" / "fixtures" / "docs"
QUESTIONS = ROOT / "tests" / "eval" / "docs"
SPLITS: dict[str, tuple[str, ...]] = yaml.safe_load((QUESTIONS / "splits.yaml").read_text(encoding="utf-8"))
_WORD = re.compile(r"[^\W_]+")


class BM25:
    """Okapi BM25 (k1 1.2, b 0.75) over each section's heading and text: the plain baseline."""

    def __init__(self, texts: list[str]) -> None:
        self.docs = [Counter(_words(text)) for text in texts]
        self.lengths = [sum(doc.values()) for doc in self.docs]
        self.average = sum(self.lengths) / max(1, len(self.lengths))
        frequency: Counter[str] = Counter(word for doc in self.docs for word in doc)
        count = len(self.docs)
        self.idf = {w: math.log(1 + (count - df + 0.5) / (df + 0.5)) for w, df in frequency.items()}

    def top(self, query: str) -> int:
        words = _words(query)
        best, best_score = -1, 0.0
        for number, doc in enumerate(self.docs):
            norm = 1.2 * (0.25 + 0.75 * self.lengths[number] / self.average)
            score = sum(self.idf.get(w, 0.0) * doc[w] * 2.2 / (doc[w] + norm) for w in words if w in doc)
            if score > best_score:
                best, best_score = number, score
        return best


def _words(text: str) -> list[str]:
    """Casefolded words; Chinese and Japanese as pairs of characters (a standard BM25 for them does so)."""
    return [part for word in _WORD.findall(text) for part in cjk_words(word.casefold())]


def containing(
    lines: list[tuple[str, int]], where: dict[tuple[str, int], str], expect: dict[str, Any]
) -> str:
    """The record holding the expected line: the last one starting at or before it in the same file (a
    question written about a "Symptom" sub-heading is answered by the problem it is part of)."""
    key = (expect["file"], expect["line"])
    found = bisect.bisect_right(lines, key) - 1
    if all(file != key[0] for file, _ in lines):
        # The file makes no record at all (markupsafe's license.rst, blind20): the question is missed by
        # every measure, never an error that stops the split from being measured.
        return f"<no record in {key[0]}>"
    if found < 0 or lines[found][0] != key[0]:
        raise ValueError(f"no record holds {key}")
    return where[lines[found]]


class DocumentCase(NamedTuple):
    query: str
    kind: str  # answerable, off-topic, near-topic
    expect: str | None  # the id of the record that answers it


def document_cases(slug: str) -> tuple[Pack, list[DocumentCase]]:
    """A document of the corpus as a pack (the file itself, or its folder) and its labelled questions."""
    meta = yaml.safe_load((DOCS / slug / "SOURCE.yaml").read_text(encoding="utf-8"))
    target = DOCS / slug / Path(meta["paths"][0]).name if len(meta["paths"]) == 1 else DOCS / slug
    pack = load_pack(target)
    where = {(Path(e.path).relative_to(DOCS / slug).as_posix(), e.line): e.id for e in pack.of(FAQ)}
    lines = sorted(where)
    rows = yaml.safe_load((QUESTIONS / f"{slug}.yaml").read_text(encoding="utf-8"))["cases"]
    cases = [
        DocumentCase(
            row["query"], row["kind"], containing(lines, where, row["expect"]) if row["expect"] else None
        )
        for row in rows
    ]
    return pack, cases


def measure(slug: str) -> dict[str, Any]:
    pack, cases = document_cases(slug)
    entries = pack.of(FAQ)
    matcher = Matcher.build(documents(pack))
    rule = effective(pack.settings)
    baseline = BM25([f"{e.context} {e.question} {e.answer}" for e in entries])
    tally: Counter[str] = Counter()

    def answer(query: str) -> str | None:
        """The id `ask` answers with, under the pack's own rule (None: no answer)."""
        decision = matcher.decide(
            query, threshold=rule.threshold, margin=rule.margin, min_confidence=rule.min_confidence
        )
        return decision.best.id if decision.answered and decision.best else None

    for case in cases:
        got = answer(case.query)
        tally[f"{case.kind} cases"] += 1
        if case.kind == "answerable":
            tally["answerable right"] += got == case.expect
            ranked = matcher.rank(case.query, 1)
            tally["ranked first"] += bool(ranked) and ranked[0].id == case.expect
            tally["bm25 right"] += entries[baseline.top(case.query)].id == case.expect
        else:
            tally[f"{case.kind} declined"] += got is None
    # A section's own title, asked word for word, answers that section (a title two sections share can
    # name neither: it is left out).
    titles = Counter(entry.question.casefold() for entry in entries)
    for entry in entries:
        if titles[entry.question.casefold()] == 1:
            tally["title cases"] += 1
            tally["title answered"] += answer(entry.question) == entry.id
    return {"slug": slug, **tally}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=[*SPLITS, "all"], default="dev")
    arguments = parser.parse_args()
    slugs = (
        [slug for split in SPLITS.values() for slug in split]
        if arguments.split == "all"
        else SPLITS[arguments.split]
    )
    rows = [measure(slug) for slug in slugs]
    columns = (
        "document",
        "answerable right",
        "ranked first",
        "BM25 top-1",
        "off-topic declined",
        "near-topic declined",
        "title asked, its section",
    )
    print("| " + " | ".join(columns) + " |\n" + "|---" * len(columns) + "|")
    total: Counter[str] = Counter()
    for row in rows:
        total.update({key: value for key, value in row.items() if key != "slug"})
        print(_row(row["slug"], row))
    print(_row(f"**{arguments.split}**", total))


def _row(name: str, tally: Any) -> str:
    def share(part: str, whole: str) -> str:
        return f"{tally[part] / tally[whole]:.0%} ({tally[part]}/{tally[whole]})" if tally[whole] else "-"

    cells = [
        share("answerable right", "answerable cases"),
        share("ranked first", "answerable cases"),
        share("bm25 right", "answerable cases"),
        share("off-topic declined", "off-topic cases"),
        share("near-topic declined", "near-topic cases"),
        share("title answered", "title cases"),
    ]
    return f"| {name} | " + " | ".join(cells) + " |"


if __name__ == "__main__":
    main()
