"""One table of unsafe code points, neutralised in every output: terminal, JSON, Markdown, HTML, ICS."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from rich.console import Console

from leadercli import export, ics, payloads
from leadercli.packs import safeyaml
from leadercli.packs.extract import Extraction, pack_files
from leadercli.packs.pack import Pack, Settings
from leadercli.packs.sections import FAQ, SECTIONS, CadenceItem, FaqEntry
from leadercli.render import Renderer
from leadercli.render import browse as view
from leadercli.safetext import UNSAFE_RANGES, strip, visible
from tests.conftest import SGR

ZERO_WIDTH = (0x200B, 0x200C, 0x200D, 0xFEFF)
"""Invisible inside a word: two texts that look the same are not (they were once left out of the table)."""
CODE_POINTS = sorted(
    {code for low, high in UNSAFE_RANGES for code in range(low, high + 1) if not 0xD800 < code < 0xDFFF}
    | set(ZERO_WIDTH)
)
"""Every code point of the table (of the 2,048 surrogates, the first and the last), and the zero-width
characters whether or not the table still holds them."""


def _pack(bad: str) -> Pack:
    entry = FaqEntry(f"id{ord(bad):x}", f"Question {bad}?", f"Answer {bad} here.", source=f"src {bad}")
    meeting = CadenceItem("monthly", "monthly", f"Review {bad}", f"What {bad} covers")
    return Pack(
        directory=Path("p"),
        title=f"Title {bad}",
        source=f"Source {bad}",
        settings=Settings(),
        sections={"faq": (entry,), "cadence": (meeting,)},
    )


def _terminal(pack: Pack) -> str:
    """Panels as on a terminal, without Rich's own SGR styling (the one escape that may appear)."""
    stream = io.StringIO()
    out = Renderer(Console(file=stream, force_terminal=True, width=100, highlight=False, markup=False))
    for record in pack.records():
        view.show(out, record)
    return SGR.sub("", stream.getvalue())


def _json(pack: Pack) -> str:
    text = payloads.dumps(payloads.export(pack))
    assert json.loads(text)["title"] == pack.title  # escaped, not dropped: it reads back the same
    return text


def _ics(pack: Pack) -> str:
    items = [item for item in pack.records() if isinstance(item, CadenceItem)]
    return ics.calendar(
        pack.title, items, start=date(2026, 1, 5), stamp=datetime(2026, 1, 1, tzinfo=timezone.utc)
    )


def _extracted_yaml(pack: Pack) -> str:
    """The faq.yaml `extract` writes for this pack's text; it must read back as exactly that text."""
    (entry,) = pack.of(FAQ)
    faq = [{"id": entry.id, "question": entry.question, "answer": entry.answer, "alternates": []}]
    sections = {name: faq if name == "faq" else [] for name in SECTIONS}
    result = Extraction(pack.title, pack.source, "", sections, unplaced=(), notes=(), skipped_lines=0)
    text = pack_files(result, f"article {pack.title}.md", "0")["faq.yaml"]
    assert text is not None
    document = safeyaml.parse(text, Path("faq.yaml"))
    bad = pack.title[-1]
    kept = "\ufffd" if 0xD800 <= ord(bad) <= 0xDFFF else bad  # no UTF-8 file holds one, nor can YAML
    assert isinstance(document, dict) and document["title"] == pack.title.replace(bad, kept)
    question, answer = entry.question.replace(bad, kept), entry.answer.replace(bad, kept)
    assert document["entries"] == [{**faq[0], "question": question, "answer": answer}]
    return text


FORMATS: dict[str, Callable[[Pack], str]] = {
    "terminal": _terminal,
    "json": _json,
    "markdown": export.to_markdown,
    "html": export.to_html,
    "ics": _ics,
    "extract-yaml": _extracted_yaml,
}


@pytest.mark.parametrize("code", CODE_POINTS, ids=lambda code: f"U+{code:04X}")
@pytest.mark.parametrize("name", list(FORMATS))
def test_every_unsafe_code_point_is_neutralised_in_every_format(name: str, code: int) -> None:
    bad = chr(code)
    shown = FORMATS[name](_pack(bad))
    if bad in "\r" and name == "ics":  # iCalendar lines end in CRLF: a carriage return of the text is not
        shown = shown.replace("\r\n", "\n")
    assert bad not in shown, f"{name} let U+{code:04X} through"


def test_the_arabic_letter_mark_is_in_the_table() -> None:
    """U+061C once passed through the Markdown and HTML export while the other formats neutralised it."""
    assert visible("a\u061cb") == "a\\u061cb"
    assert strip("a\u061cb") == "ab"
    assert "\u061c" not in export.to_markdown(_pack("\u061c")) + export.to_html(_pack("\u061c"))


@pytest.mark.parametrize("code", ZERO_WIDTH, ids=lambda code: f"U+{code:04X}")
def test_zero_width_characters_are_in_the_table(code: int) -> None:
    assert visible(f"a{chr(code)}b") == f"a\\u{code:04x}b"
    assert strip(f"a{chr(code)}b") == "ab"


def test_a_joiner_inside_an_emoji_sequence_is_text_and_anywhere_else_is_neutralised() -> None:
    family, flag = "\U0001f469\u200d\U0001f469\u200d\U0001f467", "\U0001f3f3\ufe0f\u200d\U0001f308"
    assert visible(family + flag) == family + flag and strip(family) == family
    assert visible("pa\u200dypal \U0001f469\u200da a\u200d\U0001f469") == (
        "pa\\u200dypal \U0001f469\\u200da a\\u200d\U0001f469"
    )
    assert payloads.dumps_line({"text": family}) == '{"text": "\U0001f469\\u200d\U0001f469\\u200d\U0001f467"}'


def test_tab_and_newline_are_text_not_threats() -> None:
    assert visible("a\tb\nc") == "a\tb\nc"
    assert strip("a\tb\nc") == "a\tb\nc"
