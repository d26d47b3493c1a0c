"""CLINC150 benchmark: each intent becomes one FAQ entry whose alternates are its training queries.

Threshold and margin are calibrated on val with the paper's oos-threshold rule (out-of-scope counted as
a 151st class), then val is scored with them. The test split is held back and never read here.

    python benchmarks/clinc.py [--data PATH] [--write docs/accuracy.md]
                               [--export-pack DIR] [--export-cases FILE]
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from leadercli.matching import matcher  # noqa: E402  (path set just above, so the benchmark runs from a checkout)
from leadercli.matching.evaluate import Case, calibrate, evaluate  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "bench" / "clinc" / "clinc150_train_val.json"
OUT_OF_SCOPE = "oos"
BEGIN = "<!-- clinc:begin (written by benchmarks/clinc.py) -->"
END = "<!-- clinc:end -->"


@dataclass(frozen=True)
class Row:
    """One line of the results table."""

    method: str
    in_scope: float
    oos_recall: float
    top1: float
    per_second: float
    build_seconds: float
    threshold: float
    margin: float


def load(path: Path) -> tuple[list[matcher.Document], list[Case]]:
    """The CLINC pack (one document per intent, training queries as phrasings) and the val cases."""
    data = json.loads(path.read_text(encoding="utf-8"))
    phrasings: dict[str, list[str]] = {}
    for query, intent in data["train"]:
        phrasings.setdefault(intent, []).append(query)
    documents = [
        matcher.Document(id=intent, texts=tuple(queries)) for intent, queries in sorted(phrasings.items())
    ]
    cases = [
        Case(query, None if intent == OUT_OF_SCOPE else intent)
        for query, intent in [*data["val"], *data["oos_val"]]
    ]
    return documents, cases


@contextmanager
def retrieval_only() -> Iterator[None]:
    """Build without the learned layer, to show what it adds."""
    saved = matcher.LEARNED_MAX_PHRASINGS
    matcher.LEARNED_MAX_PHRASINGS = 0
    try:
        yield
    finally:
        matcher.LEARNED_MAX_PHRASINGS = saved


def measure(method: str, documents: Sequence[matcher.Document], cases: Sequence[Case]) -> Row:
    """Build, calibrate on val, evaluate on val."""
    started = time.perf_counter()
    index = matcher.Matcher.build(documents)
    build_seconds = time.perf_counter() - started
    threshold, margin = calibrate(index, cases)
    report = evaluate(index, cases, threshold=threshold, margin=margin)
    return Row(
        method,
        report.in_scope_accuracy,
        report.oos_recall,
        report.top1_accuracy,
        report.questions_per_second,
        build_seconds,
        threshold,
        margin,
    )


def table(rows: Sequence[Row], command: str) -> str:
    """The Markdown section written between the markers of docs/accuracy.md."""
    lines = [
        BEGIN,
        "| method | in-scope accuracy | oos recall | top-1 (no threshold) | questions/s | build s "
        "| threshold / margin |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r.method} | {r.in_scope:.1%} | {r.oos_recall:.1%} | {r.top1:.1%} | {r.per_second:,.0f} "
        f"| {r.build_seconds:.1f} | {r.threshold:g} / {r.margin:g} |"
        for r in rows
    ]
    lines += [
        "",
        f"Command: `{command}`  ",
        f"Date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC  ",
        f"Machine: {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs ({platform.processor() or platform.machine()})",
        END,
    ]
    return "\n".join(lines)


def write(path: Path, section: str) -> None:
    """Replace the benchmark section of `path` (or create the file with just that section)."""
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if BEGIN in text and END in text:
        before, rest = text.split(BEGIN, 1)
        after = rest.split(END, 1)[1]
        text = before + section + after
    else:
        text = f"# Accuracy\n\n## CLINC150 (val)\n\n{section}\n"
    path.write_text(text, encoding="utf-8")


def export_pack(directory: Path, documents: Sequence[matcher.Document]) -> None:
    """A real pack directory, so `leadercli eval` can run on CLINC."""
    directory.mkdir(parents=True, exist_ok=True)
    entries = [
        {
            "id": doc.id.replace("_", "-"),
            "question": doc.texts[0],
            # The same answer for every intent: the matcher ignores sentences shared by several records,
            # so `leadercli eval` on this pack sees exactly what the benchmark measures.
            "answer": "An intent of the CLINC150 data set.",
            "alternates": list(doc.texts[1:]),
        }
        for doc in documents
    ]
    pack = {
        "title": "CLINC150 intents (train split)",
        "source": "CLINC150, Larson et al. 2019",
        "entries": entries,
    }
    (directory / "faq.yaml").write_text(
        yaml.safe_dump(pack, sort_keys=False, allow_unicode=True), encoding="utf-8"
    )


def export_cases(path: Path, cases: Sequence[Case]) -> None:
    """Val cases as JSON Lines {query, expect}; ids spelled as in the exported pack."""
    with path.open("w", encoding="utf-8") as out:
        for case in cases:
            expect = case.expect.replace("_", "-") if case.expect else None
            out.write(json.dumps({"query": case.query, "expect": expect}, ensure_ascii=False) + "\n")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="clinc150_train_val.json")
    parser.add_argument("--write", type=Path, help="Markdown file whose CLINC section to (re)write")
    parser.add_argument("--export-pack", type=Path, help="write the CLINC pack (faq.yaml) to this directory")
    parser.add_argument("--export-cases", type=Path, help="write val cases as JSON Lines to this file")
    parser.add_argument("--skip-retrieval-only", action="store_true", help="measure the full matcher only")
    args = parser.parse_args(argv)
    documents, cases = load(args.data)
    if args.export_pack:
        export_pack(args.export_pack, documents)
    if args.export_cases:
        export_cases(args.export_cases, cases)
    rows = [measure("leadercli matcher (learned layer + retrieval)", documents, cases)]
    if not args.skip_retrieval_only:
        with retrieval_only():
            rows.append(measure("retrieval layer alone (IDF cosine, typo correction)", documents, cases))
    command = "python benchmarks/clinc.py " + " ".join(sys.argv[1:] if argv is None else argv)
    section = table(rows, command.strip())
    print(section)
    if args.write:
        write(args.write, section)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
