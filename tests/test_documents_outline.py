"""What every reader shares (leadercli.packs.documents.outline): writing a code fence and reading them."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadercli.packs.documents.load import load_documents
from leadercli.packs.documents.outline import Fences, Heading, fence_for, stacked
from leadercli.packs.sections import FAQ


def _code(lines: list[str]) -> list[bool]:
    fences = Fences()
    return [fences.code(line) for line in lines]


@pytest.mark.parametrize(
    ("lines", "code"),
    [
        (["text", "```py", "x = 1", "```", "text"], [False, True, True, True, False]),
        (["~~~", "```", "still code", "~~~", "after"], [True, True, True, True, False]),
        (["````", "```", "````", "after"], [True, True, True, False]),  # a shorter run does not close
        (["```", "``` not a close", "```", "after"], [True, True, True, False]),  # nor one with words
        (["    ```", "indented, in a container", "    ```", "after"], [True, True, True, False]),
        (["```foo`bar", "not code"], [False, False]),  # backticks in the info: inline code
        (["~~~ a`b", "code", "~~~"], [True, True, True]),  # a tilde fence's info may hold them
        (["```", "never closed", "## not a heading"], [True, True, True]),
    ],
)
def test_fences_follow_commonmark(lines: list[str], code: list[bool]) -> None:
    assert _code(lines) == code


def test_a_written_fence_is_longer_than_any_backtick_run_in_the_code() -> None:
    assert fence_for("plain") == "```"
    assert fence_for("````\nx\n````") == "`````"


def test_content_is_the_code_between_the_fences() -> None:
    fences = Fences()
    lines = ["text", "````md", "```", "code", "````", "after"]
    assert [fences.content(line) for line in lines] == [False, False, True, True, False, False]


def _titles(text: str, tmp_path: Path) -> list[tuple[int, str]]:
    path = tmp_path / "api.md"
    path.write_text(text, encoding="utf-8")
    return [(entry.line, entry.question) for entry in load_documents(path).of(FAQ)]


def test_aliases_stacked_over_one_body_are_one_section_named_by_all(tmp_path: Path) -> None:
    # execa's API reference (blind23): `execaSync` and `$.sync` were lost, the record named `$.s` alone.
    text = "# API\n\n### execaSync(file)\n### $.sync(file)\n### $.s(file)\n\nRuns it synchronously.\n"
    assert _titles(text, tmp_path) == [(3, "execaSync(file) / $.sync(file) / $.s(file)")]


@pytest.mark.parametrize(
    ("text", "records"),
    [
        ("## Install\n\n## Usage\n\nRun it.\n", [(3, "Usage")]),  # a blank line between: two sections
        ("## Install\n### Linux\n\nApt.\n", [(2, "Linux")]),  # a deeper heading below: its part
    ],
)
def test_headings_not_stacked_stay_apart(text: str, records: list[tuple[int, str]], tmp_path: Path) -> None:
    assert _titles(text, tmp_path) == records


def test_stacking_keeps_a_stack_s_own_lines_and_levels() -> None:
    headings = (
        Heading("a", 2, 1, ""),
        Heading("b", 2, 2, "text"),
        Heading("c", 3, 4, ""),
        Heading("d", 2, 5, "more"),
    )
    assert stacked(headings) == (Heading("a / b", 2, 1, "text"), headings[2], headings[3])


def test_an_org_outline_of_items_is_not_stacked(tmp_path: Path) -> None:
    """Stacking is for a Markdown page's aliases: an Org list of headlines is its headlines."""
    path = tmp_path / "t.org"
    path.write_text(
        "* Renew passport\n* Book flights\n* Pack bags\n  Take the blue suitcase.\n", encoding="utf-8"
    )
    assert [entry.question for entry in load_documents(path).of(FAQ)] == ["Pack bags"]
