from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from leadercli.errors import DataError
from leadercli.packs.bridge import documents
from leadercli.packs.loader import load_pack, slugify
from leadercli.packs.pack import resolve_pack_dir, shipped_pack_dir
from leadercli.packs.sections import CADENCE, FAQ, PLAYBOOK, RISKS, FaqEntry, Risk, Step
from tests.conftest import SHIPPED

PackMaker = Callable[..., Path]


def test_shipped_pack_is_complete() -> None:
    pack = load_pack(SHIPPED)
    assert pack.findings == ()
    counts = pack.counts()
    assert 20 <= counts["faq"] <= 30
    assert counts == counts | {"playbook": 7, "risks": 4, "tools": 3, "metrics": 4, "cadence": 3}
    article_questions = {
        "Why is Yann LeCun leaving Meta?",
        "What is the focus of Yann LeCun's new AI startup?",
        "How is Meta's AI strategy changing?",
        "What is Yann LeCun's stance on large language models like ChatGPT?",
        "What is LeCun's background in AI?",
        "What is Meta's Llama?",
    }
    assert article_questions <= {entry.question for entry in pack.of(FAQ)}
    for entry in pack.of(FAQ):
        assert len(entry.alternates) >= 4, entry.id
        assert entry.tags and entry.source, entry.id
    assert len(pack.tagged("insight")) == 3
    assert "600 AI jobs" in pack.source


def test_shipped_pack_keeps_the_articles_figures_and_fixes_apostrophes() -> None:
    pack = load_pack(SHIPPED)
    text = " ".join(record.answer for record in pack.records())
    for fact in (
        "approximately 600 AI jobs",
        "14.3 billion dollar",
        "2019 Turing Award",
        "Alexandr Wang",
        "Yoshua Bengio",
        "Geoffrey Hinton",
        "2013",
        "AT&T Bell Labs",
        "New York University",
    ):
        assert fact in text, fact
    for lost in ("Metas ", "LeCuns ", "AIs "):
        assert lost not in text


def test_every_id_is_unique_across_sections() -> None:
    pack = load_pack(SHIPPED)
    ids = [record.id for record in pack.records()]
    assert len(ids) == len(set(ids))


def test_playbook_records_are_typed_and_numbered() -> None:
    pack = load_pack(SHIPPED)
    assert [step.number for step in pack.of(PLAYBOOK)] == list(range(1, 8))
    assert all(isinstance(step, Step) for step in pack.of(PLAYBOOK))
    assert all(isinstance(risk, Risk) and risk.mitigation for risk in pack.of(RISKS))
    assert {item.period for item in pack.of(CADENCE)} == {"monthly", "quarterly", "annual"}


def test_documents_carry_heading_then_alternates(make_pack: PackMaker) -> None:
    pack = load_pack(make_pack())
    first = documents(pack)[0]
    assert first.id == "pricing"
    assert first.texts == ("How much does the service cost?", "what is the price", "monthly fee")


def test_faq_only_pack_has_no_playbook(make_pack: PackMaker) -> None:
    pack = load_pack(make_pack())
    assert not pack.has_playbook
    assert pack.of(PLAYBOOK) == () and pack.title == "Mini pack"
    assert isinstance(pack.of(FAQ)[0], FaqEntry)


def test_folded_whitespace_is_collapsed(make_pack: PackMaker) -> None:
    pack = load_pack(
        make_pack("entries:\n  - id: a\n    question: Q?\n    answer: >\n      one\n      two\n")
    )
    assert pack.of(FAQ)[0].answer == "one two"


BROKEN = [
    ("entries: []\n", "field 'entries': has no entries"),
    ("title: x\n", "missing top-level key 'entries'"),
    ("- a\n- b\n", "top level must be a mapping"),
    ("entries:\n  - id: a\n    answer: yes it is\n", "faq.yaml:2: entry 'a', field 'question': is missing"),
    (
        "entries:\n  - id: a\n    question: Q\n    answer: [1, 2]\n",
        "faq.yaml:4: entry 'a', field 'answer': must be text, not a list",
    ),
    ("entries:\n  - id: a\n    question: Q\n    answer: '   '\n", "field 'answer': is empty"),
    ("entries:\n  - question: Q\n    answer: A\n", "entry #1 in 'entries', field 'id': is missing"),
    ("entries:\n  - id: a b\n    question: Q\n    answer: A\n", "no spaces or slashes"),
    ("entries:\n  - id: a/b\n    question: Q\n    answer: A\n", "no spaces or slashes"),
    (
        "entries:\n  - id: a\n    question: Q\n    answer: A\n  - id: a\n    question: R\n    answer: B\n",
        "faq.yaml:5: entry 'a', field 'id': duplicate id (first defined at",
    ),
    (
        "entries:\n  - id: a\n    question: Q\n    answer: A\n    alternates: [x, 3]\n",
        "field 'alternates': items must be non-empty text, found a number (3)",
    ),
    ("entries:\n  - id: a\n    question: Q\n    answer: A\n    tags: solo\n", "field 'tags': must be a list"),
    ("entries: {a: 1}\n", "field 'entries': must be a list, not a mapping"),
    ("entries:\n  - just text\n", "entry #1 in 'entries': must be a mapping, not text"),
    (
        "settings: {threshold: 140}\nentries:\n  - {id: a, question: Q, answer: A}\n",
        "field 'settings.threshold': must be a number from 0 to 100",
    ),
]


@pytest.mark.parametrize(("faq", "expected"), BROKEN)
def test_broken_faq_names_file_line_entry_and_field(make_pack: PackMaker, faq: str, expected: str) -> None:
    with pytest.raises(DataError) as caught:
        load_pack(make_pack(faq))
    assert expected in str(caught.value)
    assert "faq.yaml" in str(caught.value)


def test_duplicate_id_across_files(make_pack: PackMaker) -> None:
    directory = make_pack(playbook="risks:\n  - {id: pricing, name: N, risk: R, mitigation: M}\n")
    with pytest.raises(DataError, match=r"playbook\.yaml:2: entry 'pricing', field 'id': duplicate id"):
        load_pack(directory)


def test_playbook_ids_default_to_slugs(make_pack: PackMaker) -> None:
    pack = load_pack(make_pack(playbook="steps:\n  - {title: Plan Ahead Now, do: D, why: W}\n"))
    assert pack.of(PLAYBOOK)[0].id == "plan-ahead-now"


def test_unknown_fields_warn_with_location(make_pack: PackMaker) -> None:
    pack = load_pack(make_pack("entries:\n  - {id: a, question: Q, answer: A, colour: red}\n"))
    assert len(pack.findings) == 1
    (found,) = pack.findings
    assert (found.severity, found.code, found.line, found.ids) == ("warning", "unknown-field", 2, ("a",))
    assert found.column == 37  # `colour` in `  - {id: a, question: Q, answer: A, colour: red}`
    assert found.file.endswith("faq.yaml")
    assert found.message == "entry 'a': unknown field 'colour' (ignored)"


def test_settings_are_read(make_pack: PackMaker) -> None:
    pack = load_pack(
        make_pack("settings: {threshold: 55, margin: 3}\nentries:\n  - {id: a, question: Q, answer: A}\n")
    )
    assert (pack.settings.threshold, pack.settings.margin) == (55.0, 3.0)


def test_missing_pack_directory_and_file(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such directory"):
        load_pack(tmp_path / "nowhere")
    with pytest.raises(DataError, match=r"no faq\.yaml"):
        load_pack(tmp_path)


def test_pack_resolution_order(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert resolve_pack_dir(None) == shipped_pack_dir()
    monkeypatch.setenv("LEADERCLI_PACK", str(tmp_path))
    assert resolve_pack_dir(None) == tmp_path
    assert resolve_pack_dir(Path("other")) == Path("other")


def test_slugify() -> None:
    assert (
        slugify("Define Your AI Ethics & Openness Stance Clearly!")
        == "define-your-ai-ethics-openness-stance-clearly"
    )
    assert slugify("Meta's plan") == "metas-plan"
    assert slugify("Syst\u00e8me de Design de l\u2019\u00c9tat") == "systeme-de-design-de-letat"
