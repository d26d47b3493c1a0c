"""Properties (issue 7): any text to the matcher, any YAML-shaped data to the pack loader.

The only outcomes allowed are a result or the project's documented error type (`DataError`, a
`LeadercliError`, for the loader; none at all for the matcher, which answers or declines). Example counts
stay modest so the suite stays fast; the named hostile cases live in the test module of
their concern (docs/security.md lists them).
"""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadercli import payloads
from leadercli.answering import Reply
from leadercli.errors import DataError, LeadercliError
from leadercli.matching import MAX_QUERY_CHARS, Matcher
from leadercli.matching import text as text_module
from leadercli.packs.bridge import documents
from leadercli.packs.loader import load_pack
from leadercli.packs.pack import Pack
from leadercli.safetext import visible as clean
from tests.conftest import SHIPPED

FAST = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# Every code point (surrogates included: argv's undecodable bytes arrive as them), plus the characters
# that matter most, often enough to be drawn: controls, escapes, bidi marks, markup, emoji, RTL, filler.
HOSTILE = st.sampled_from(
    [
        "\x00",
        "\x1b",
        "\x1b[2J",
        "\x07",
        "\x9b",
        "\u202e",
        "\u2066",
        "\udce9",
        "\udcff",
        "[red]",
        "🚀",
        "ما",
        " ",
    ]
)
WORDS = st.sampled_from(["what", "is", "the", "lecun", "meta", "llama", "why", "leave", "ai", "risk", "?"])
QUERIES = st.lists(st.one_of(st.characters(exclude_categories=()), HOSTILE, WORDS), max_size=60).map(
    "".join
) | st.text(min_size=MAX_QUERY_CHARS - 5, max_size=MAX_QUERY_CHARS + 50)


@pytest.fixture(scope="module")
def shipped() -> tuple[Pack, Matcher]:
    pack = load_pack(SHIPPED)
    return pack, Matcher.build(documents(pack))


@FAST
@given(query=QUERIES, limit=st.integers(min_value=0, max_value=20))
def test_decide_and_rank_take_any_text(shipped: tuple[Pack, Matcher], query: str, limit: int) -> None:
    pack, matcher = shipped
    ids = {record.id for record in pack.records()}
    ranked = matcher.rank(query, limit)
    assert len(ranked) <= limit
    assert all(match.id in ids and 0 <= match.score <= 100 for match in ranked)
    assert [match.score for match in ranked] == sorted((match.score for match in ranked), reverse=True)
    decision = matcher.decide(query, alternatives=3)
    assert decision.query == query
    assert decision.truncated == (len(query) > MAX_QUERY_CHARS)
    assert decision.answered == (decision.best is not None)
    for match in (*([decision.best] if decision.best else []), *decision.alternatives):
        assert match.id in ids and 0 <= match.score <= 100
    # What leadercli then prints: valid UTF-8 JSON that reads back as the query, and safe terminal text.
    document = payloads.dumps(payloads.ask(pack, Reply(decision)))
    assert json.loads(document.encode("utf-8"))["query"] == query
    shown = clean(query)
    shown.encode("utf-8")  # no lone surrogate left: a strict stdout can print it
    assert not any(mark in shown for mark in ("\x1b", "\x07", "\x00", "\x9b", "\u202e", "\u2066"))


# --- the loader -----------------------------------------------------------------------------------------

TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=40)  # YAML cannot write lone surrogates
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    TEXT,
    HOSTILE.filter(lambda value: not any(0xD800 <= ord(char) <= 0xDFFF for char in value)),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20,
)
IDS = st.one_of(st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,12}", fullmatch=True), TEXT, VALUES)
FIELDS = ("question", "answer", "source", "alternates", "tags", "title", "do", "why", "name", "risk")


def _record(keys: list[str], values: list[Any], record_id: Any) -> dict[str, Any]:
    record = dict(zip(keys, values, strict=False))
    record["id"] = record_id
    return record


RECORDS = (
    st.builds(
        _record,
        st.lists(st.sampled_from(FIELDS), max_size=6, unique=True),
        st.lists(st.one_of(TEXT, VALUES, st.lists(TEXT, max_size=3)), min_size=6, max_size=6),
        IDS,
    )
    | VALUES
)
FAQ = st.fixed_dictionaries(
    {"entries": st.one_of(st.lists(RECORDS, max_size=5), VALUES)},
    optional={
        "title": VALUES,
        "source": TEXT,
        "settings": st.one_of(
            st.fixed_dictionaries({}, optional={"threshold": SCALARS, "margin": SCALARS}), VALUES
        ),
    },
)
PLAYBOOK = st.dictionaries(
    st.sampled_from(["steps", "risks", "tools", "metrics", "cadence", "title", "reference"]),
    st.one_of(st.lists(RECORDS, max_size=3), VALUES),
    max_size=4,
)


def _load(faq: str | bytes, playbook: str | None = None) -> None:
    """Load a pack made of these files: a Pack (whose matcher builds) or a DataError, nothing else."""
    with tempfile.TemporaryDirectory() as name:
        directory = Path(name)
        path = directory / "faq.yaml"
        if isinstance(faq, bytes):
            path.write_bytes(faq)
        else:
            path.write_text(faq, encoding="utf-8")
        if playbook is not None:
            (directory / "playbook.yaml").write_text(playbook, encoding="utf-8")
        try:
            pack = load_pack(directory)
        except DataError as error:
            assert isinstance(error, LeadercliError) and str(error).strip()
            return
        records = list(pack.records())
        assert len({record.id for record in records}) == len(records)
        for record in records:
            assert isinstance(record.heading, str) and record.heading.strip()
            assert isinstance(record.answer, str)
        for value in (pack.settings.threshold, pack.settings.margin):
            assert value is None or (math.isfinite(value) and 0 <= value <= 100)
        Matcher.build(documents(pack))


@FAST
@given(faq=FAQ, playbook=st.none() | PLAYBOOK)
def test_the_loader_takes_any_yaml_shaped_data(faq: dict[str, Any], playbook: dict[str, Any] | None) -> None:
    dump = yaml.safe_dump
    _load(dump(faq, allow_unicode=True), None if playbook is None else dump(playbook, allow_unicode=True))


@FAST
@given(document=VALUES)
def test_the_loader_takes_any_yaml_value(document: Any) -> None:
    _load(yaml.safe_dump(document, allow_unicode=True))


YAMLISH = st.sampled_from(["&a ", "*a", "!!python/object:os.system ", "<<: ", "- ", ": ", "\n  ", "{", "["])


@FAST
@given(text=st.lists(st.one_of(st.characters(exclude_categories=["Cs"]), YAMLISH), max_size=80).map("".join))
def test_the_loader_takes_any_text(text: str) -> None:
    _load(text)


@FAST
@given(data=st.binary(max_size=200))
def test_the_loader_takes_any_bytes(data: bytes) -> None:
    _load(b"entries:\n  - {id: a, question: Q, answer: " + data + b"}\n")
    _load(data)


# The fast path of `words` (plain ASCII) must read text exactly as the full Unicode normalisation does,
# and `words_of_many` (a whole pack at once) exactly as `words` one text at a time.
ASCII_TEXT = st.lists(
    st.one_of(st.characters(max_codepoint=127), st.sampled_from(["Metas", "strategies", "class", "is"])),
    max_size=40,
).map("".join)


@FAST
@given(ASCII_TEXT)
def test_plain_fast_path_agrees_with_full_normalisation(text: str) -> None:
    plain = text.replace("'", " ").replace("`", " ")
    assert text_module.words(plain) == text_module._unicode_words(plain)


@FAST
@given(st.lists(ASCII_TEXT | QUERIES, max_size=8))
def test_words_of_many_agrees_with_words(texts: list[str]) -> None:
    assert text_module.words_of_many(texts) == [text_module.words(text) for text in texts]
