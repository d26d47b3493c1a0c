"""The documented exit codes, the internal-error line and LEADERCLI_DEBUG."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import REPO, one_error_line, run

PackMaker = Callable[..., Path]


def test_exit_codes_are_documented_in_the_readme(make_pack: PackMaker) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for code in ("0", "1", "2", "70", "74", "130"):
        assert re.search(rf"^\| {code} \| \S", readme, re.M), code
    assert "closed pipe" in readme
    assert re.search(r"^\| 143, 129 \| terminated by SIGTERM or SIGHUP", readme, re.M)
    pack = str(make_pack())
    assert run("ask", "what is the price", "--pack", pack).exit_code == 0
    assert run("ask", "what is the weather", "--pack", pack).exit_code == 1
    assert run("ask", "--pack", pack).exit_code == 2  # 130: the interruption tests above


def test_an_internal_error_is_one_line_exit_70(monkeypatch: pytest.MonkeyPatch) -> None:
    from leadercli import payloads

    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(payloads, "about", broken)
    result = run("about", "--json")
    assert result.exit_code == 70
    assert one_error_line(result) == "leadercli: error: internal error: RuntimeError: boom (please report it)"


def test_leadercli_debug_shows_the_traceback() -> None:
    script = (
        "import sys, leadercli.payloads as payloads\n"
        "def broken(*args, **kwargs): raise RuntimeError('boom')\n"
        "payloads.about = broken\n"
        "sys.argv = ['leadercli', 'about', '--json']\n"
        "from leadercli.cli import main\n"
        "main()\n"
    )
    for debug, shown in (("1", True), ("", False)):
        result = subprocess.run(
            [sys.executable, "-c", script],
            capture_output=True,
            text=True,
            check=False,
            cwd=REPO,
            env={**os.environ, "LEADERCLI_DEBUG": debug},
            timeout=120,
        )
        assert ("Traceback (most recent call last)" in result.stderr) is shown, result.stderr
        assert "RuntimeError: boom" in result.stderr
        assert result.returncode == (1 if shown else 70)  # an uncaught exception: Python's own 1
