"""docs/commands.md is generated from every command's --help; this fails when it is out of date."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_commands_doc_is_up_to_date() -> None:
    result = subprocess.run(
        [sys.executable, str(REPO / "scripts" / "gen_commands_doc.py"), "--check"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr + " (run: python scripts/gen_commands_doc.py)"


def test_commands_doc_covers_every_command() -> None:
    document = (REPO / "docs" / "commands.md").read_text(encoding="utf-8")
    for command in ("ask", "playbook", "risks", "faq", "show", "search", "export", "cadence", "chat"):
        assert f"\n## leadercli {command}\n" in document
    assert "╭" not in document and "\x1b" not in document  # plain help, no Rich boxes
