"""What every reader shares (leadercli.packs.documents.outline): writing a code fence and reading them."""

from __future__ import annotations

import pytest

from leadercli.packs.documents.outline import Fences, fence_for


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
