"""extract: the shipped article and a Markdown article become packs with exactly the article's records."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from leadercli.packs.extract import extract, pack_files
from leadercli.packs.loader import load_pack
from leadercli.packs.sections import FAQ
from tests.conftest import REPO, run

ARTICLE = REPO.parent / "shared" / "source" / "article.txt"
MARKDOWN = Path(__file__).parent / "fixtures" / "markdown_article.md"


@pytest.fixture(scope="module")
def article_text() -> str:
    if not ARTICLE.is_file():
        pytest.skip(f"the source article is not checked out beside the repository ({ARTICLE})")
    return ARTICLE.read_text(encoding="utf-8")


def article_questions(text: str) -> list[str]:
    """The article's own FAQ questions, read independently of extract: lines ending in '?' after 'FAQ'."""
    section = text.split("\nFAQ\n", 1)[1].split("\nConclusion", 1)[0]
    return [line.strip() for line in section.splitlines() if line.strip().endswith("?")]


def test_article_faq_questions_equal_the_articles_verbatim(article_text: str) -> None:
    result = extract(article_text)
    questions = [entry["question"] for entry in result.sections["faq"]]
    assert questions == article_questions(article_text)
    assert len(questions) == 6
    # Verbatim: the article's text has lost its apostrophes, and extract does not invent them.
    assert "What is the focus of Yann LeCuns new AI startup?" in questions
    assert all(entry["answer"] and entry["source"] == "FAQ" for entry in result.sections["faq"])
    assert result.sections["faq"][0]["answer"].startswith("Yann LeCun is leaving Meta to launch")


def test_article_playbook_risks_metrics_cadence_and_reference(article_text: str) -> None:
    result = extract(article_text)
    assert result.counts == {"faq": 6, "playbook": 7, "risks": 4, "tools": 3, "metrics": 4, "cadence": 3}
    steps = result.sections["playbook"]
    assert steps[0]["title"] == "Cultivate Diverse AI Philosophies"
    assert steps[6]["title"] == "Invest in Physical World Understanding"
    assert all(step["do"] and step["why"] and step["do"] != step["why"] for step in steps)
    risks = result.sections["risks"]
    assert [risk["name"] for risk in risks] == [
        "Brain Drain from Big Tech",
        "Commercialization vs. Safety",
        "Open-Source Risks",
        "Technological Monoculture",
    ]
    assert all(risk["mitigation"] and "Mitigation" not in risk["risk"] for risk in risks)
    assert risks[0]["mitigation"].startswith("Create internal incubators")
    metrics = {metric["name"]: metric["measures"] for metric in result.sections["metrics"]}
    assert list(metrics) == [
        "Research Diversity Index",
        "Talent Retention Rate (AI)",
        "Ethical Compliance Score",
        "External Collaboration and Partnership ROI",
    ]
    assert metrics["Ethical Compliance Score"] == "Adherence to AI ethics guidelines."
    assert [item["period"] for item in result.sections["cadence"]] == ["monthly", "quarterly", "annual"]
    assert result.sections["cadence"][1]["name"] == "Quarterly strategic alignment meetings"
    assert (
        result.source
        == "Yann LeCun leaves Meta to launch new AI startup after company cuts 600 AI jobs, news"
    )
    assert result.title.startswith("Yann LeCun Leaves Meta")


def test_article_reports_the_lines_it_could_not_place(article_text: str) -> None:
    result = extract(article_text)
    unplaced = {(item.section, item.text.split()[0]) for item in result.unplaced}
    assert unplaced == {("playbook", "LeCuns"), ("playbook", "Here"), ("risks", "The")}
    assert all(item.line > 0 and item.reason for item in result.unplaced)
    assert result.skipped_lines > 0  # the article's prose outside the sections extract reads


def test_ids_are_unique_slugs_and_alternates_are_empty(article_text: str) -> None:
    result = extract(article_text)
    ids = [item["id"] for items in result.sections.values() for item in items]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", item_id) for item_id in ids)
    assert result.sections["faq"][0]["id"] == "why-is-yann-lecun-leaving-meta"
    assert all(item["alternates"] == [] for items in result.sections.values() for item in items)


def test_duplicate_titles_get_numbered_ids() -> None:
    text = "Title\nFAQ\nWhat is it?\nA thing.\nWhat is it?\nStill a thing.\nWhat is it?\nAgain.\n"
    ids = [entry["id"] for entry in extract(text).sections["faq"]]
    assert ids == ["what-is-it", "what-is-it-2", "what-is-it-3"]


def test_written_yaml_loads_back_as_the_same_pack(article_text: str, tmp_path: Path) -> None:
    result = extract(article_text)
    for name, content in pack_files(result, "article.txt", "0").items():
        assert content is not None
        assert content.startswith("# leadercli knowledge pack extracted from article.txt")
        (tmp_path / name).write_text(content, encoding="utf-8")
    pack = load_pack(tmp_path)
    assert pack.counts() == result.counts
    assert [entry.question for entry in pack.of(FAQ)] == article_questions(article_text)
    assert pack.source == result.source and not pack.findings


def test_markdown_article() -> None:
    result = extract(MARKDOWN.read_text(encoding="utf-8"))
    assert result.title == "Four-Day Week: What We Learned From a Year of Fridays Off"
    assert [entry["question"] for entry in result.sections["faq"]] == [
        "Did productivity drop?",
        "Which day do people take off?",
        "What happens to salaries?",  # a bold line
    ]
    assert result.sections["faq"][0]["answer"].endswith("rose 8% by the end of the year.")  # markup removed
    assert "pilot charter guaranteed" in result.sections["faq"][2]["answer"]  # link text kept, URL dropped
    steps = result.sections["playbook"]
    assert [step["title"] for step in steps] == [
        "Run a Time-Boxed Pilot",
        "Measure Before You Start",
        "Cut Meetings First",  # a bullet with a bold title
    ]
    assert steps[1]["why"] == "Without a baseline, nobody can tell whether the change worked."
    risks = {risk["name"]: risk for risk in result.sections["risks"]}
    assert risks["Customer Coverage"]["mitigation"] == "Stagger days off within support teams."
    assert risks["Hidden Overtime"]["risk"] == "People may quietly work the fifth day anyway."
    metrics = {metric["name"]: metric["measures"] for metric in result.sections["metrics"]}
    assert metrics == {
        "Output per Team": "Tickets closed and features shipped per team per week.",
        "Burnout Score": "Self-reported exhaustion in a monthly survey.",
    }
    assert [(item["period"], item["name"]) for item in result.sections["cadence"]] == [
        ("weekly", "Weekly check-in"),
        ("quarterly", "Quarterly results review"),
    ]
    assert result.source.startswith("Four-Day Week Pilot Report")
    assert [item.line for item in result.unplaced] == [25]


def test_no_sections_means_nothing_found() -> None:
    result = extract("Just a Title\nSome prose without any section extract knows.\n")
    assert result.counts == dict.fromkeys(result.counts, 0)
    assert not result.has_playbook and result.skipped_lines == 1


def test_a_question_without_an_answer_is_reported() -> None:
    result = extract("T\nFAQ\nWhat is it?\nA thing.\nAnd this?\n")
    assert [entry["question"] for entry in result.sections["faq"]] == ["What is it?"]
    assert [(item.line, item.reason) for item in result.unplaced] == [(5, "a question without an answer")]


def test_written_yaml_escapes_unsafe_characters_and_keeps_the_header_comment_whole(tmp_path: Path) -> None:
    article = tmp_path / "odd\nentries: x\u202e.md"
    article.write_text(
        "Title\n\nFAQ\n\nWhat is \u202eit\u200b?\nIt is a \ufefftest, really.\n", encoding="utf-8"
    )
    result = run("extract", str(article), "-o", str(tmp_path / "pack"))
    assert result.exit_code == 0, result.output
    written = (tmp_path / "pack" / "faq.yaml").read_text(encoding="utf-8")
    assert not any(bad in written for bad in "\u202e\u200b\ufeff"), written
    assert '"What is \\u202eit\\u200b?"' in written
    comments = [line for line in written.splitlines() if line.startswith("#")]
    assert len(comments) == 2 and "odd\\nentries: x\\u202e.md" in comments[0]
    (entry,) = load_pack(tmp_path / "pack").of(FAQ)
    assert entry.question == "What is \u202eit\u200b?" and entry.answer == "It is a \ufefftest, really."


def test_a_documents_paragraphs_come_back_from_the_written_pack_as_they_were(tmp_path: Path) -> None:
    """The blank line between two paragraphs of an answer is one blank line in faq.yaml: the spacing
    between entries is never added inside a `|` block."""
    document = tmp_path / "notes.md"
    document.write_text("## Q\n\nfirst para\n\nsecond para\n\n## R\n\none\n", encoding="utf-8")
    assert run("extract", str(document), "-o", str(tmp_path / "pack")).exit_code == 0
    written = {entry.id: entry.answer for entry in load_pack(tmp_path / "pack").of(FAQ)}
    assert written == {entry.id: entry.answer for entry in load_pack(document).of(FAQ)}
    assert written["q"] == "first para\n\nsecond para"


def test_a_documents_summary_says_how_its_numbers_add_up(tmp_path: Path) -> None:
    """15 headings, 14 records, 3 not records did not add up: an introduction is a record without a
    heading, front matter a not-record that is no heading."""
    document = tmp_path / "guide.md"
    document.write_text(
        "---\ntitle: Guide\n---\n\nThe guide is a test.\n\n## Empty\n\n## One\n\nText.\n\n## Two\n\nText.\n",
        encoding="utf-8",
    )
    result = run("extract", str(document), "-o", str(tmp_path / "pack"))
    said = " ".join(result.output.split())
    assert (
        "guide.md: 3 headings = 2 records + 1 not records; 1 more record: the text before the first heading; "
        "1 of the not records is no heading (front matter, text before the first)"
    ) in said, said
