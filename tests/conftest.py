"""Shared fixtures: small packs written to temporary directories, and a CLI runner with a pinned terminal."""

from __future__ import annotations

import atexit
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pexpect
import pytest
from typer.testing import CliRunner, Result

from leadercli.cli import app

# The suite never writes into the user's own cache directory: one temporary cache for the whole session
# (a test that needs its own sets LEADERCLI_CACHE_DIR with monkeypatch), removed when the session ends.
_SESSION_CACHE = tempfile.mkdtemp(prefix="leadercli-tests-cache-")
os.environ.setdefault("LEADERCLI_CACHE_DIR", _SESSION_CACHE)
atexit.register(shutil.rmtree, _SESSION_CACHE, True)

REPO = Path(__file__).resolve().parent.parent
SHIPPED = REPO / "data"

EVAL_JSON_KEYS = (
    "cases",
    "top1_accuracy",
    "in_scope_accuracy",
    "oos_recall",
    "oos_precision",
    "false_rejections",
    "questions_per_second",
    "threshold",
    "margin",
)
"""The public `eval --json` fields named by the issue (more may be added, none removed)."""

MINI_FAQ = """\
title: Mini pack
source: A test article
entries:
  - id: pricing
    question: How much does the service cost?
    answer: It costs ten dollars a month.
    alternates: [what is the price, monthly fee]
    tags: [price]
  - id: refunds
    question: Can I get a refund?
    answer: Refunds are given within thirty days.
    alternates: [money back, return policy]
"""


def interrupted_after_first(
    real: Callable[..., Any], error: BaseException
) -> tuple[Callable[..., None], list[str]]:
    """`real`, except that every call after the first raises `error`: a write interrupted half-way.

    The list collects, for each call that went through, the name of its last Path argument (the file
    written or placed)."""
    done: list[str] = []

    def wrapper(*args: Any) -> None:
        if done:
            raise error
        real(*args)
        done.append(next(arg.name for arg in reversed(args) if isinstance(arg, Path)))

    return wrapper, done


def write_pack(directory: Path, faq: str | None = MINI_FAQ, playbook: str | None = None) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    if faq is not None:
        (directory / "faq.yaml").write_text(textwrap.dedent(faq), encoding="utf-8")
    if playbook is not None:
        (directory / "playbook.yaml").write_text(textwrap.dedent(playbook), encoding="utf-8")
    return directory


@pytest.fixture
def make_pack(tmp_path: Path) -> Callable[..., Path]:
    counter = iter(range(1_000_000))

    def make(faq: str | None = MINI_FAQ, playbook: str | None = None) -> Path:
        return write_pack(tmp_path / f"pack{next(counter)}", faq, playbook)

    return make


@pytest.fixture(autouse=True)
def _isolated_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No test sees the developer's own pack or cache settings."""
    monkeypatch.delenv("LEADERCLI_PACK", raising=False)
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    monkeypatch.setenv("LEADERCLI_CACHE_DIR", str(tmp_path / "cache"))


def terminal(
    *args: str, env: dict[str, str], rows: int = 24, columns: int = 80, timeout: int = 60
) -> pexpect.spawn:
    """`python -m leadercli ARGS` on a pseudo-terminal of rows x columns, run from the repository."""
    return pexpect.spawn(
        sys.executable,
        ["-m", "leadercli", *args],
        env=env,
        cwd=str(REPO),
        encoding="utf-8",
        timeout=timeout,
        dimensions=(rows, columns),
    )


def run(*args: str, env: dict[str, str] | None = None, width: int = 80, input: str | None = None) -> Result:
    """Invoke the CLI in-process as a pipe would see it: pinned width, no colour."""
    runner = CliRunner()
    environment = {"NO_COLOR": "1", "COLUMNS": str(width), **(env or {})}
    return runner.invoke(app, list(args), env=environment, input=input)


def run_json(*args: str, env: dict[str, str] | None = None) -> Any:
    result = run(*args, "--json", env=env)
    assert result.stderr == "", result.stderr
    return json.loads(result.stdout)


# --- hostile input: one clean error line, nothing acting on the terminal ----------------------------

ONE_LINE = re.compile(r"leadercli: error: [^\n]+\n")
SGR = re.compile(r"\x1b\[[0-9;]*m")
TERMINAL = {"FORCE_COLOR": "1", "NO_COLOR": ""}
RAW_ATTACKS = ("\x1b]", "\x1b[2J", "\x07", "\x00", "\x9b", "\u202e", "\u202c")


def one_error_line(result: Result | subprocess.CompletedProcess[str]) -> str:
    """The single `leadercli: error:` line a failure prints, checking there is nothing else."""
    stderr = result.stderr
    assert ONE_LINE.fullmatch(stderr), repr(stderr)
    assert "Traceback" not in stderr
    return stderr.strip()


def assert_neutralised(output: str) -> None:
    """Only SGR styling escapes (Rich's own) reach the terminal; nothing a pack or user wrote acts on it."""
    for attack in RAW_ATTACKS:
        assert attack not in output, repr(attack)
    assert not re.search(r"\x1b(?!\[[0-9;]*m)", output), repr(output)


def process(
    *args: str | bytes, env: dict[str, str] | None = None, **options: Any
) -> subprocess.CompletedProcess[str]:
    """leadercli as a real process (through `main()`), its streams decoded leniently for the asserts."""
    completed: subprocess.CompletedProcess[bytes] = subprocess.run(
        [sys.executable, "-m", "leadercli", *args],
        capture_output=True,
        check=False,
        cwd=REPO,
        env={**os.environ, "COLUMNS": "80", **(env or {})},
        timeout=120,
        **options,
    )
    return subprocess.CompletedProcess(
        completed.args,
        completed.returncode,
        completed.stdout.decode("utf-8", "backslashreplace"),
        completed.stderr.decode("utf-8", "backslashreplace"),
    )


@pytest.fixture(scope="module")
def _shipped_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("shipped-cache")


@pytest.fixture
def shipped_cache(_shipped_cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One cache of the shipped pack for the tests that only read it: compiled once, not once per test."""
    monkeypatch.setenv("LEADERCLI_CACHE_DIR", str(_shipped_cache_dir))


def fail_fsync(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    def fsync(descriptor: int) -> None:
        raise error

    monkeypatch.setattr(os, "fsync", fsync)


def leftovers(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir()) if directory.exists() else []
