"""Rendered output, character for character, at a pinned width: what a reader sees must not drift unseen.

Each case is a command line and the file under tests/golden/ holding its expected output, piped (plain
text) or on a terminal (panels and tables, SGR styling removed). After a deliberate change of the look,
regenerate with `LEADERCLI_UPDATE_GOLDEN=1 python -m pytest tests/test_golden.py` and review the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import SGR, TERMINAL, run

GOLDEN = Path(__file__).parent / "golden"
CASES: dict[str, tuple[tuple[str, ...], bool]] = {
    "ask-piped": (("ask", "why did LeCun leave"), False),
    "ask-terminal": (("ask", "why did LeCun leave"), True),
    "ask-unanswered-terminal": (("ask", "what is apple's ai strategy"), True),
    "risks-terminal": (("risks",), True),
    "playbook-3-piped": (("playbook", "3"), False),
    "show-terminal": (("show", "risk-brain-drain"), True),
    "cadence-piped": (("cadence",), False),
}


@pytest.mark.parametrize("name", list(CASES))
def test_rendered_output_matches_the_golden_file(name: str) -> None:
    args, terminal = CASES[name]
    result = run(*args, env=TERMINAL if terminal else None, width=80)
    shown = SGR.sub("", result.stdout)
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("LEADERCLI_UPDATE_GOLDEN"):
        path.write_text(shown, encoding="utf-8")
    assert shown == path.read_text(encoding="utf-8"), f"{name}: output differs from {path}"
