"""A FAQ whose questions are labelled paragraphs (`**Q:**` over `**A:**`), read one record a question."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadercli.packs.documents.load import load_documents
from leadercli.packs.documents.markdown import parse_markdown
from leadercli.packs.documents.questions import QUESTIONS_MIN, question_items, question_paragraphs
from leadercli.packs.sections import FAQ

FAQ_PAGE = (
    "# Frequently Asked Questions\n\n"
    "**Q:** Does it support IE11?\n\n**A:** No, not beyond v3.1.\n\n<hr>\n\n"
    "**Q:** I am getting `HTTP_ERROR` or error code\n1002.\n\n**A:** The browser rejected it.\n\n"
    "More on CORS.\n\n<hr>\n\n"
    "__Q: Why does it take so long to switch to HD?__\n\n**A:** The estimate starts low.\n"
)


def test_each_labelled_question_is_a_record_holding_its_answer(tmp_path: Path) -> None:
    page = tmp_path / "faq.md"
    page.write_text(FAQ_PAGE, encoding="utf-8")
    records = [(entry.question, entry.answer) for entry in load_documents(page).of(FAQ)]
    assert records == [
        ("Does it support IE11?", "**A:** No, not beyond v3.1."),
        ("I am getting HTTP_ERROR or error code 1002.", "**A:** The browser rejected it.\n\nMore on CORS."),
        ("Why does it take so long to switch to HD?", "**A:** The estimate starts low."),
    ]


def test_questions_keep_their_lines_and_sit_a_level_under_the_heading_above() -> None:
    outline = parse_markdown(FAQ_PAGE)
    assert [(heading.title, heading.level, heading.line) for heading in outline.headings] == [
        ("Frequently Asked Questions", 1, 1),
        ("Does it support IE11?", 2, 3),
        ("I am getting HTTP_ERROR or error code 1002.", 2, 9),  # wrapped onto line 10, read whole
        ("Why does it take so long to switch to HD?", 2, 18),
    ]


def test_an_answer_on_the_line_after_its_question_stays_the_answer() -> None:
    lines = ["**Q:** One?", "A: Yes.", "", "**Q:** Two?", "A: No.", "", "**Q:** Three?", "A: Maybe."]
    expected = ["# One?", "A: Yes.", "", "# Two?", "A: No.", "", "# Three?", "A: Maybe."]
    assert question_paragraphs(lines) == expected


@pytest.mark.parametrize(
    "lines",
    [
        ["**Q:** One?", "", "**Q:** Two?"],  # fewer than QUESTIONS_MIN: emphasis in a README's prose
        ["```md", "**Q:** One?", "", "**Q:** Two?", "", "**Q:** Three?", "```"],  # a page showing the syntax
        ["Text", "**Q:** One?", "Text", "**Q:** Two?", "Text", "**Q:** Three?"],  # inside paragraphs
    ],
)
def test_labels_that_do_not_shape_the_page_are_left_as_written(lines: list[str]) -> None:
    assert QUESTIONS_MIN == 3
    assert question_paragraphs(lines) == lines


ITEMS_PAGE = (
    "# FAQ\n\n## General\n\n1. What is RapidJSON?\n\n   A C++ library for JSON.\n\n"
    "2. Is RapidJSON small? What are its dependencies? \n\n   Yes.\n\n   ```cpp\n   #include <x>\n   ```\n\n"
    "10. How is it tested?\n\n   By a unit test suite.\n\n## JSON\n\n- **What is JSON?**\n\n  A format.\n"
)


def test_list_items_that_ask_over_an_indented_answer_are_records() -> None:
    """RapidJSON's FAQ (blind30): 51 numbered questions were nine group records."""
    outline = parse_markdown(ITEMS_PAGE)
    assert [(heading.title, heading.level, heading.line, heading.body) for heading in outline.headings] == [
        ("FAQ", 1, 1, ""),
        ("General", 2, 3, ""),
        ("What is RapidJSON?", 3, 5, "A C++ library for JSON."),
        ("Is RapidJSON small? What are its dependencies?", 3, 9, "Yes.\n\n```cpp\n#include <x>\n```"),
        ("How is it tested?", 3, 17, "By a unit test suite."),  # "10. " over an answer indented 3
        ("JSON", 2, 21, ""),
        ("What is JSON?", 3, 23, "A format."),
    ]


def test_a_checklist_of_questions_without_answers_stays_a_list() -> None:
    lines = ["## Before you file", "", "1. Is it running?", "2. Is the port open?", "3. Did you restart it?"]
    assert question_items(lines) == lines


def test_questions_ending_in_spaces_are_asked_all_the_same() -> None:
    """The quick sieve before the pattern read `1. Why? ` (a trailing space, as RapidJSON's item 5 has)
    as no question, so a page whose every question ended so stayed one record a group."""
    lines = ["1. One? ", "", "   Yes.", "", "2. Two?  ", "", "   No.", "", "3. Three? ", "", "   Maybe."]
    expected = ["# One?", "", "Yes.", "", "# Two?", "", "No.", "", "# Three?", "", "Maybe."]
    assert question_items(lines) == expected


def test_bold_lines_standing_for_titles_are_sections_in_a_page_without_sub_headings(tmp_path: Path) -> None:
    """st_pipeline's README (blind35): `**Installation**` and 14 more bold lines were one 212-line record;
    cookiecutter-uv's `**project_slug**` over its meaning is a term, and a page with `##` headings keeps
    its bold lines as labels."""
    readme = "# Tool\n\nA tool.\n\n" + "".join(
        f"**{name}**\n\nAbout {name}.\n\n" for name in ("Installation", "Usage", "License")
    )
    page = tmp_path / "README.md"
    page.write_text(readme, encoding="utf-8")
    assert [entry.question for entry in load_documents(page).of(FAQ)] == [
        "Tool",
        "Installation",
        "Usage",
        "License",
    ]
    for text in (
        readme.replace("Usage", "usage_name")
        .replace("License", "license_key")
        .replace("Installation", "project_slug"),
        readme + "## Sub-heading\n\nMore.\n",
    ):
        page.write_text(text, encoding="utf-8")
        assert "Usage" not in [entry.question for entry in load_documents(page).of(FAQ)]
