"""Writes src/leadercli/matching/data/english_frequency.txt: how common each English word is.

    /path/to/venv-with-wordfreq/bin/python scripts/gen_english_frequency.py

The matcher weighs a question word the pack has never seen by how informative it is in general English
("laptop" costs little, "valuation" more, a word no dictionary holds the most). The table is derived
from wordfreq 3.1.1's "small" English list (https://github.com/rspeer/wordfreq; its data are CC BY-SA
4.0, so the derived file is too, and says so in its header). Words are put through leadercli's own
normalisation (casefold, possessives, plural stems), keeping the most frequent spelling of each stem.
wordfreq is needed only to run this script; leadercli reads the file it writes.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "src"))

from leadercli.matching.text import words  # noqa: E402

OUT = REPO / "src" / "leadercli" / "matching" / "data" / "english_frequency.txt"
HEADER = """\
# How common English words are: "word zipf", where zipf is log10 of the word's frequency per billion
# words (7 for "the", 3 for a word met once in a million words). Words absent are rarer than ~3.
# Derived from wordfreq 3.1.1 (Robyn Speer; https://github.com/rspeer/wordfreq), "small" English list.
# Licence of this file: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/), as wordfreq's
# data. Words are in leadercli's normal form (casefolded, stemmed). Written by
# scripts/gen_english_frequency.py; do not edit by hand.
"""


def main() -> None:
    import wordfreq  # type: ignore[import-not-found]  # only here, never at run time

    best: dict[str, float] = {}
    for word in wordfreq.top_n_list("en", 100_000, wordlist="small"):
        normal = words(word)
        if len(normal) != 1 or not normal[0].isalpha():
            continue
        zipf = wordfreq.zipf_frequency(word, "en", wordlist="small")
        if zipf > best.get(normal[0], 0.0):
            best[normal[0]] = zipf
    lines = [
        f"{word} {zipf:.1f}" for word, zipf in sorted(best.items(), key=lambda item: (-item[1], item[0]))
    ]
    OUT.write_text(HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines)} words -> {OUT.relative_to(REPO)}")


if __name__ == "__main__":
    main()
