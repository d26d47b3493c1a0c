"""Documents as packs: per real document, its sections, the records found and the seconds to compile it;
and a 1 MB Markdown file against PyYAML parsing the same records written as a pack.

    python benchmarks/documents.py [--runs 9] [--write docs/performance.md]

Times are medians of paired runs in one process (document, then YAML, then document...), so the ratio
holds on a busy machine where the absolute times do not.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from leadercli.packs.documents.load import load_documents  # noqa: E402
from leadercli.packs.sections import FAQ  # noqa: E402
from leadercli.store.compiled import open_pack  # noqa: E402

DOCS = ROOT / "tests" / "fixtures" / "docs"
WORDS = (
    "install", "configure", "server", "client", "network", "proxy", "cache", "token", "user", "password",
    "reset", "build", "deploy", "upgrade", "backup", "restore", "log", "error", "timeout", "port",
)  # fmt: skip


def seconds(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def corpus_rows() -> list[str]:
    rows = [
        "| document | shape | sections (by hand) | records | recall | compile s |",
        "|---|---|---|---|---|---|",
    ]
    for folder in sorted(path for path in DOCS.iterdir() if (path / "SOURCE.yaml").is_file()):
        meta = yaml.safe_load((folder / "SOURCE.yaml").read_text(encoding="utf-8"))
        target: Path = folder / Path(meta["paths"][0]).name if len(meta["paths"]) == 1 else folder
        # A repeated sub-heading listed `part_of` a section (podman's Symptom / Solution) is in its record.
        expected = {(item["file"], item["line"]) for item in meta["sections"] if "part_of" not in item}
        started = time.perf_counter()
        open_pack(target, use_cache=False).matcher()
        took = time.perf_counter() - started
        records = load_documents(target).of(FAQ)
        found = {(Path(entry.path).relative_to(folder).as_posix(), entry.line) for entry in records}
        recall = len(found & expected) / len(expected)
        cells = (folder.name, meta["format"], len(expected), len(records), f"{recall:.0%}", f"{took:.2f}")
        rows.append("| " + " | ".join(map(str, cells)) + " |")
    return rows


def one_megabyte(work: Path, runs: int) -> list[str]:
    """A 1 MB guide of the shape real ones have: a few thousand distinct words, common ones common."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import gen_pack  # the large-pack benchmark's pseudo-words

    rng = random.Random(7)
    vocabulary = [*WORDS, *gen_pack.vocabulary(rng, 3_000)]
    weights = [1 / (rank + 1) for rank in range(len(vocabulary))]  # Zipf: as in prose
    parts = ["# A large guide\n"]
    number = 0
    while sum(map(len, parts)) < 1_000_000:
        number += 1
        topic = " ".join(rng.sample(WORDS, 3))
        prose = " ".join(rng.choices(vocabulary, weights, k=140))
        parts.append(f"\n## How do I {topic} ({number})?\n\n{prose}.\n\n```sh\nwidget {topic}\n```\n")
    document = work / "guide.md"
    document.write_text("".join(parts), encoding="utf-8")
    entries = load_documents(document).of(FAQ)
    pack = work / "pack"
    pack.mkdir()
    faq = {"entries": [{"id": e.id, "question": e.question, "answer": e.answer} for e in entries]}
    (pack / "faq.yaml").write_text(yaml.safe_dump(faq, width=100, allow_unicode=True), encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    read, parse = [], []
    for _ in range(runs):
        read.append(seconds(lambda: load_documents(document)))
        parse.append(
            seconds(lambda: yaml.load((pack / "faq.yaml").read_text(encoding="utf-8"), Loader=loader))
        )
    compiled_doc = seconds(lambda: open_pack(document, use_cache=False).matcher())
    compiled_yaml = seconds(lambda: open_pack(pack, use_cache=False).matcher())
    ratio = statistics.median(a / b for a, b in zip(read, parse, strict=True))
    size = document.stat().st_size / 1e6
    return [
        "| measurement | value | budget |",
        "|---|---|---|",
        f"| {size:.1f} MB Markdown, {len(entries):,} sections: read, parse and cut into records "
        f"(median of {runs}) | {statistics.median(read):.3f} s | |",
        f"| the same records as faq.yaml, PyYAML C loader, parse only (median of {runs}) | "
        f"{statistics.median(parse):.3f} s | |",
        f"| ratio, pair by pair | {ratio:.2f}x | 2x {'ok' if ratio < 2 else 'OVER'} |",
        f"| first compile of the Markdown file (records, index, learned layer) | {compiled_doc:.1f} s | |",
        f"| first compile of the same records as a YAML pack | {compiled_yaml:.1f} s | |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--write", type=Path, default=None)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="leadercli-docs-") as work:
        rows = [*corpus_rows(), "", *one_megabyte(Path(work), arguments.runs)]
    print("\n".join(rows))
    if arguments.write:
        sys.path.insert(0, str(ROOT / "benchmarks"))
        from perf import write

        command = f"python benchmarks/documents.py --runs {arguments.runs}"
        write(arguments.write, "documents", rows, [command], script="benchmarks/documents.py")


if __name__ == "__main__":
    main()
