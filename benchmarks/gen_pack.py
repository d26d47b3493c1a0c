"""Write a synthetic pack of N FAQ entries, deterministically (the same N gives the same bytes).

Each entry has a question, two alternates and a 40-word answer, drawn from a made-up vocabulary so
that questions are distinct but share words the way a real FAQ does. Used by benchmarks/scale.sh.

    python benchmarks/gen_pack.py N DIR
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

SYLLABLES = [
    "ka",
    "lo",
    "mi",
    "ne",
    "ru",
    "sa",
    "ti",
    "vo",
    "ze",
    "bu",
    "da",
    "fe",
    "gi",
    "ho",
    "ju",
    "ky",
    "la",
    "mo",
    "ni",
    "pe",
]
OPENERS = ("how do i", "what is the", "why does the", "where can i find the", "when should we review the")


def vocabulary(rng: random.Random, size: int) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4))))
    return sorted(words)


def entries(count: int, seed: int = 7) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    words = vocabulary(rng, 20_000)
    result = []
    for number in range(count):
        topic = rng.sample(words, 4)
        question = f"{rng.choice(OPENERS)} {' '.join(topic)} {number}?"
        alternates = [f"{' '.join(topic[:3])} {number}", f"tell me about {topic[3]} {topic[0]} {number}"]
        answer = " ".join(rng.choice(words) for _ in range(40)) + "."
        result.append(
            {"id": f"entry-{number}", "question": question, "alternates": alternates, "answer": answer}
        )
    return result


def write(count: int, directory: Path) -> Path:
    """YAML written line by line (every string JSON-quoted, which YAML reads as a double-quoted scalar)."""
    directory.mkdir(parents=True, exist_ok=True)
    lines = [f"title: Synthetic pack of {count:,} entries", "entries:"]
    for entry in entries(count):
        lines.append(f"  - id: {entry['id']}")
        lines.append(f"    question: {json.dumps(entry['question'])}")
        lines.append("    alternates:")
        lines.extend(f"      - {json.dumps(text)}" for text in entry["alternates"])
        lines.append(f"    answer: {json.dumps(entry['answer'])}")
    path = directory / "faq.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int)
    parser.add_argument("directory", type=Path)
    arguments = parser.parse_args()
    path = write(arguments.count, arguments.directory)
    print(f"wrote {path} ({path.stat().st_size / 1e6:.1f} MB, {arguments.count:,} entries)")


if __name__ == "__main__":
    main()
