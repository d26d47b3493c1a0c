"""Whatever the environment does (no HOME, a full disk, a dumb or narrow terminal, a closed pipe,
Ctrl-C during a build): leadercli answers or leaves cleanly."""

from __future__ import annotations

import errno
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from leadercli.store import compiled as cache
from tests.conftest import (
    REPO,
    SGR,
    TERMINAL,
    assert_neutralised,
    fail_fsync,
    leftovers,
    run,
    run_json,
)

PackMaker = Callable[..., Path]


def _without(*names: str) -> dict[str, str]:
    return {name: value for name, value in os.environ.items() if name not in names}


def _process_with_env(env: dict[str, str], pack: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "leadercli", "ask", "--pack", str(pack), "what is the price"],
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
        env=env,
        timeout=120,
    )


def test_home_unset(make_pack: PackMaker, tmp_path: Path) -> None:
    env = _without("HOME", "LEADERCLI_CACHE_DIR", "XDG_CACHE_HOME") | {
        "XDG_CACHE_HOME": str(tmp_path / "xdg")
    }
    result = _process_with_env(env, make_pack())
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and "ten dollars a month" in result.stdout
    assert list((tmp_path / "xdg" / "leadercli").glob("*.pack-cache"))  # the cache went where XDG says


def test_home_unusable_runs_without_a_cache(make_pack: PackMaker, tmp_path: Path) -> None:
    """A HOME where nothing can be created: as root no mode stops a write, so it lies under a regular file."""
    blocker = tmp_path / "blocker"
    blocker.write_text("")
    env = _without("LEADERCLI_CACHE_DIR", "XDG_CACHE_HOME") | {"HOME": str(blocker / "home")}
    result = _process_with_env(env, make_pack())
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and "ten dollars a month" in result.stdout


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root writes whatever the mode")
def test_home_read_only_for_real(make_pack: PackMaker, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    home.chmod(0o500)
    try:
        env = _without("LEADERCLI_CACHE_DIR", "XDG_CACHE_HOME") | {"HOME": str(home)}
        result = _process_with_env(env, make_pack())
    finally:
        home.chmod(0o700)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "" and list(home.iterdir()) == []


def test_a_full_disk_means_no_cache_not_an_error(
    make_pack: PackMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = make_pack()
    fail_fsync(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    result = run("ask", "what is the price", "--pack", str(directory))
    assert result.exit_code == 0 and result.stderr == ""
    assert "ten dollars a month" in result.stdout
    assert leftovers(cache.cache_dir()) == []  # no cache, and no temporary file either


@pytest.mark.parametrize(
    "env",
    [{"TERM": "dumb", "FORCE_COLOR": "1"}, {"NO_COLOR": "1", "FORCE_COLOR": "1"}, {"TERM": "dumb"}],
    ids=["dumb", "no-color", "dumb-piped"],
)
@pytest.mark.usefixtures("shipped_cache")
def test_dumb_and_colourless_terminals(env: dict[str, str]) -> None:
    """TERM=dumb: no escape sequence at all. NO_COLOR: no colour (bold and dim stay, as no-color.org says)."""
    for args in (("ask", "why did LeCun leave"), ("risks",), ("search", "talent")):
        result = run(*args, env=env)
        assert result.exit_code == 0, result.output
        if "NO_COLOR" in env:
            assert_neutralised(result.stdout)
            codes = {code for found in SGR.findall(result.stdout) for code in found[2:-1].split(";")}
            assert codes <= {"", "0", "1", "2", "3", "4", "22", "23", "24"}, codes
        else:
            assert "\x1b" not in result.stdout
    assert "Why is Yann LeCun leaving Meta?" in run("ask", "why did LeCun leave", env=env).stdout


@pytest.mark.parametrize("columns", ["20", "0", "1"])
@pytest.mark.parametrize("env", [{}, TERMINAL], ids=["piped", "terminal"])
@pytest.mark.usefixtures("shipped_cache")
def test_narrow_terminals_stay_readable(columns: str, env: dict[str, str]) -> None:
    """20 columns is the floor: narrower (0 in some CI, 1) is drawn at 20, not blank or a letter a line.
    Only an id runs past it, on a line of its own: it is never broken (the terminal wraps it)."""
    ids = {record["id"] for section in run_json("export")["sections"].values() for record in section}
    for args in (("ask", "why did LeCun leave", "--top", "2"), ("risks",), ("faq",), ("playbook", "1")):
        result = run(*args, env={**env, "COLUMNS": columns})
        assert result.exit_code == 0, result.output
        lines = SGR.sub("", result.stdout).splitlines()
        assert lines and all(len(line) <= 20 or line.strip() in ids for line in lines), lines
        assert "…" not in result.stdout  # wrapped (or folded), never cut
    answer = " ".join(
        SGR.sub("", run("ask", "why did LeCun leave", env={**env, "COLUMNS": columns}).stdout).split()
    )
    assert "startup company" in answer


@pytest.mark.parametrize(
    "args", [("ask", "what is the price"), ("ask", "what is the price", "--json"), ("--version",)]
)
def test_a_closed_stdout_is_quiet_and_exits_1(make_pack: PackMaker, args: tuple[str, ...]) -> None:
    """The reader is gone before a byte is written. Exit 1 (Click's convention for a closed pipe, see the
    README) even though the question was answered; no message, no traceback, no BrokenPipeError."""
    pack = ["--pack", str(make_pack())] if args[0] == "ask" else []
    reader, writer = os.pipe()
    os.close(reader)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "leadercli", *args, *pack],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            cwd=REPO,
            timeout=120,
        )
    finally:
        os.close(writer)
    assert result.stderr == ""
    assert result.returncode == 1


@pytest.fixture(scope="module")
def large_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("large") / "pack"
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks" / "gen_pack.py"), "10000", str(directory)],
        check=True,
        capture_output=True,
    )
    return directory


def _wait_until_reading(pid: int, size: int, process: subprocess.Popen[bytes]) -> None:
    """Until the process has read the pack's YAML (Linux: /proc/PID/io), so the build is surely under way."""
    io_file = Path(f"/proc/{pid}/io")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and process.poll() is None:
        try:
            read = int(re.search(r"^rchar: (\d+)$", io_file.read_text(), re.M).group(1))  # type: ignore[union-attr]
        except (OSError, AttributeError):
            time.sleep(1.5)  # no /proc: well after start-up, well before a 10,000-entry build ends
            return
        if read > size:
            return
        time.sleep(0.01)


def test_sigint_during_a_long_cache_build(large_pack: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "build-cache"
    worker = subprocess.Popen(
        [sys.executable, "-m", "leadercli", "ask", "--pack", str(large_pack), "how do i"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
        env={**os.environ, "LEADERCLI_CACHE_DIR": str(cache_dir)},
    )
    _wait_until_reading(worker.pid, (large_pack / "faq.yaml").stat().st_size, worker)
    assert worker.poll() is None, "the build ended before it could be interrupted"
    worker.send_signal(signal.SIGINT)
    _, err = worker.communicate(timeout=60)
    assert worker.returncode == 130, err
    assert b"Traceback" not in err and b"KeyboardInterrupt" not in err
    assert leftovers(cache_dir) == []  # no cache, no temporary file
    assert leftovers(large_pack) == ["faq.yaml"]  # and nothing beside the pack either
    assert leftovers(tmp_path) == (["build-cache"] if cache_dir.exists() else [])
