"""Text as the matcher sees it: normalised, stemmed words, stop and filler words, sentences.

Every layer reads a phrasing through `words` (or `words_of_many` for a whole pack at once), so the
build and the question agree on what a word is. The word lists live in data/*.txt, read on first use.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

__all__ = [
    "WORD",
    "camel_parts",
    "cjk_pairs",
    "cjk_words",
    "english_zipf",
    "filler_words",
    "fold",
    "is_cjk",
    "normalize",
    "read_list",
    "split_answer_sentences",
    "split_question",
    "stop_words",
    "words",
    "words_of_many",
]

_DATA = Path(__file__).parent / "data"


@functools.cache
def read_list(name: str) -> tuple[str, ...]:
    """The items of data/`name`, one a line, in order; blank lines and `#` comment lines skipped."""
    text = (_DATA / name).read_text(encoding="utf-8")
    return tuple(item for line in text.splitlines() if (item := line.strip()) and not item.startswith("#"))


@functools.cache
def stop_words() -> frozenset[str]:
    """General English stop words: never content, though the learned layer keeps them as features."""
    return frozenset(read_list("stop_words.txt"))


@functools.cache
def filler_words() -> frozenset[str]:
    """How people wrap a question ("my board keeps asking ..."): never counted as unknown words."""
    return frozenset(read_list("filler_words.txt"))


@functools.cache
def _english_frequency() -> str:
    return "\n" + (_DATA / "english_frequency.txt").read_text(encoding="utf-8")


def english_zipf(word: str) -> float | None:
    """How common a word is in general English (data/english_frequency.txt: zipf, 0-8), None for a
    word it does not list. Asked only of words a pack has never seen, so the table is searched as
    text (tens of microseconds a word) rather than parsed into a dict (tens of milliseconds)."""
    if not word or not word.isalnum():
        return None
    text = _english_frequency()
    start = text.find(f"\n{word} ")
    if start < 0:
        return None
    end = text.find("\n", start + 1)
    return float(text[start + len(word) + 2 : end if end > 0 else None])


@functools.cache
def _kept_whole() -> frozenset[str]:
    """Words never stemmed: not content (the stop and filler lists), or not plurals ("news", "windows")."""
    return stop_words() | filler_words() | frozenset(read_list("not_plurals.txt"))


# ---------------------------------------------------------------------------------------------------
# Words

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_POSSESSIVE = re.compile(r"(?<=\w)'s\b|(?<=\w)s'(?!\w)")
# Contractions are split into their words ("I'm" -> "i m", "isn't" -> "is not"), so they fall into the
# stop list instead of becoming unknown words like "im" or "isnt".
_IRREGULAR_NEGATIONS = re.compile(r"\b(?:(ca)n|(wo)n|(sha)n)'t\b")
_NEGATION = re.compile(r"(?<=\w)n't\b")
_CONTRACTION = re.compile(r"(?<=\w)'(m|re|ve|ll|d)\b")
_SEPARATORS = re.compile(r"[\W_]+")
WORD = re.compile(r"[^\W_]+")
"""A word as it stands in raw text (letters and digits; punctuation and `_` separate): what search
highlights, and what `words` normalises."""
# An identifier written in CamelCase ("CortexIngesterHasNotShippedBlocks", "getUserName"): its parts are
# words too. Three parts or more: "LeCun", "GitHub", "iPhone" and "macOS" are names, not phrases.
# Letters only, each part two letters or more: a hash or a key ("wst5qhBgk2") is no identifier.
_CAMEL = re.compile(r"(?<![^\W_])[A-Za-z]+[a-z][A-Z][A-Za-z]*(?![^\W_])")
_CAMEL_PART = re.compile(r"[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]{2,}")
CAMEL_MIN_PARTS = 3
# Chinese and Japanese write words without spaces between them: a run of their characters is read as its
# overlapping pairs of characters ("配置文件" -> 配置, 置文, 文件), the usual way to index such text without
# a dictionary (Lucene's CJK analyser). So is Korean: it writes spaces, but its particles cling to its
# words ("문장을"), and Lucene's analyser reads Hangul as pairs too.
_CJK = "\u3005\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7a3\uf900-\ufaff"


class _Cjk:
    """The patterns for Chinese and Japanese text (a plain class: a NamedTuple costs ~1 ms at import)."""

    __slots__ = ("answer_end", "pair", "question_end", "run")

    def __init__(self) -> None:
        self.run = re.compile(f"[{_CJK}]+")  # a run of Chinese or Japanese characters
        self.pair = re.compile(f"[{_CJK}]{{2}}")  # two of them
        # What ends a sentence, the full-width marks too, with no space after them.
        self.question_end = re.compile(r"[.!?;]+(?:\s+|$)|[\u3002\uff01\uff1f\uff1b]+")
        self.answer_end = re.compile(r"(?<=[.!?])\s+|(?<=[\u3002\uff01\uff1f])")


@functools.cache
def _cjk() -> _Cjk:
    """The patterns for Chinese and Japanese, compiled on first use: their character ranges cost ~2 ms
    each to compile, which an English question never needs (`ask` starts in ~0.1 s)."""
    return _Cjk()


# In lowercased ASCII, every character but a letter, a digit or a newline separates words.
_ASCII_SEPARATORS = {code: " " for code in range(128) if not chr(code).isalnum() and chr(code) != "\n"}


@functools.lru_cache(maxsize=1 << 16)  # a pack's build normalises the same few thousand words over and over
def stem(word: str) -> str:
    """Fold plurals and possessive-like endings ("metas" -> "meta"); light, so meaning is kept."""
    if len(word) <= 3 or not word.isalpha() or word in _kept_whole():
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith(("ss", "us", "is")):
        return word
    if word.endswith("s"):
        return word[:-1]
    return word


def _expand_negation(found: re.Match[str]) -> str:
    """ "can't" -> "can not", "won't" -> "will not", "shan't" -> "shall not"."""
    root = found.group(1) or found.group(2) or found.group(3)
    return {"ca": "can", "wo": "will", "sha": "shall"}[root] + " not"


def _is_plain(text: str) -> bool:
    """ASCII without apostrophes: NFKC and casefold are `lower` there, and no substitution applies."""
    return text.isascii() and "'" not in text and "`" not in text


def _plain_words(separated: str) -> list[str]:
    """The words of lowercased plain text whose separators are spaces (only a word ending in "s" can
    change in `stem`). The one fast path: `words` and `words_of_many` both end here."""
    return [stem(word) if word[-1] == "s" else word for word in separated.split()]


def fold(text: str) -> str:
    """Text as `ask` and `search` compare it: casefolded, accents off ("Código" -> "codigo"), so a reader
    who types without them finds what the document writes with them."""
    folded = text.casefold()
    if folded.isascii():
        return folded
    bare = "".join(char for char in unicodedata.normalize("NFKD", folded) if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", bare)


def _unicode_words(text: str) -> list[str]:
    """The full normalisation: NFKC, casefold, accents, apostrophes, contractions, possessives, separators."""
    folded = fold(unicodedata.normalize("NFKC", text)).translate(_APOSTROPHES)
    folded = _IRREGULAR_NEGATIONS.sub(_expand_negation, folded)
    folded = _CONTRACTION.sub(r" \1", _NEGATION.sub(" not", folded))
    folded = _POSSESSIVE.sub("", folded).replace("'", "")
    found = [stem(word) for word in _SEPARATORS.split(folded) if word]
    if folded.isascii() or _cjk().run.search(folded) is None:
        return found
    return [
        part if is_cjk(part) else stem(part) for word in found for part in cjk_words(word, characters=True)
    ]


def is_cjk(word: str) -> bool:
    """Whether a word is Chinese or Japanese characters only (a pair or a lone one, as `cjk_words` makes)."""
    return not word.isascii() and _cjk().run.fullmatch(word) is not None


def cjk_words(word: str, *, characters: bool = False) -> list[str]:
    """A word as the engine reads it: its runs of Chinese or Japanese characters as their overlapping
    pairs (a lone character as itself), the letters around them as words ("pip安装" -> pip, 安装); with
    `characters`, each character of a pair as well, after them (the matcher: "默任值", a wrong but
    similar character for 默认值, still meets 默 and 值; search looks for the pairs alone)."""
    if word.isascii():
        return [word]
    found: list[str] = []
    singles: list[str] = []
    position = 0
    for run in _cjk().run.finditer(word):
        if run.start() > position:
            found.append(word[position : run.start()])
        run_text = run.group()
        found += [run_text[at : at + 2] for at in range(len(run_text) - 1)] or [run_text]
        singles += list(run_text) if characters and len(run_text) > 1 else []
        position = run.end()
    if position < len(word):
        found.append(word[position:])
    return found + list(dict.fromkeys(singles))


def cjk_pairs(text: str) -> list[re.Match[str]]:
    """The pairs `cjk_words` reads, as matches of `text` (so search can mark them), and each lone
    Chinese or Japanese character."""
    found: list[re.Match[str]] = []
    if text.isascii():
        return found
    cjk = _cjk()
    for run in cjk.run.finditer(text):
        pairs = [cjk.pair.match(text, at) for at in range(run.start(), run.end() - 1)]
        found += [pair for pair in pairs if pair is not None] or [run]
    return found


def camel_parts(text: str) -> list[re.Match[str]]:
    """The words inside CamelCase identifiers of CAMEL_MIN_PARTS parts or more, as matches of `text`
    (so search can mark them): "Ingester" in "CortexIngesterHasNotShippedBlocks". Search finds them;
    `ask` does not read them as words (docs/accuracy.md: on the dev documents it answered one question
    fewer and declined one near-topic question fewer, where no heading is such an identifier)."""
    found: list[re.Match[str]] = []
    for identifier in _CAMEL.finditer(text):
        parts = list(_CAMEL_PART.finditer(text, identifier.start(), identifier.end()))
        whole = sum(part.end() - part.start() for part in parts) == identifier.end() - identifier.start()
        if len(parts) >= CAMEL_MIN_PARTS and whole:
            found += parts
    return found


def words(text: str) -> list[str]:
    """Every word of `text`, normalised and stemmed, stop words kept (the learned layer uses them)."""
    if _is_plain(text):  # most phrasings of a large pack
        return _plain_words(text.lower().translate(_ASCII_SEPARATORS))
    return _unicode_words(text)


def words_of_many(texts: list[str]) -> list[list[str]]:
    """`words` of each text; plain texts (most of a large pack) are lowercased in one go."""
    joined = "\n".join(texts)
    if not _is_plain(joined) or joined.count("\n") != len(texts) - 1:
        return [words(text) for text in texts]
    return [_plain_words(line) for line in joined.lower().translate(_ASCII_SEPARATORS).split("\n")]


def normalize(text: str) -> list[str]:
    """The content words the matcher sees: NFKC, casefolded, no punctuation, no stop words, stemmed."""
    stop = stop_words()
    return [word for word in words(text) if word not in stop]


# ---------------------------------------------------------------------------------------------------
# Sentences

# A question is split at sentence ends and semicolons, punctuation dropped: each part is scored alone.
# Chinese and Japanese ones (the ideographic full stop, the full-width ! ? ;) need no space after them
# (`_cjk`, for text that is not ASCII).
_QUESTION_SENTENCES = re.compile(r"[.!?;]+(?:\s+|$)")
# An answer is split after a sentence end only, punctuation kept: each sentence is a training phrasing.
# The two differ on purpose; making them one would retrain the learned layer (docs/accuracy.md).
_ANSWER_SENTENCES = re.compile(r"(?<=[.!?])\s+")


def split_question(text: str) -> list[str]:
    """The sentences of a question, blank ones dropped."""
    ends = _QUESTION_SENTENCES if text.isascii() else _cjk().question_end
    return [sentence for sentence in ends.split(text) if sentence.strip()]


def split_answer_sentences(text: str) -> list[str]:
    """The sentences of an answer text, blank ones dropped."""
    ends = _ANSWER_SENTENCES if text.isascii() else _cjk().answer_end
    return [sentence for sentence in ends.split(text) if sentence.strip()]
