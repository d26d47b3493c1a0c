"""leadercli as a process meets a hostile start (leadercli.process): an ASCII locale, closed or full standard
streams, SIGTERM and SIGHUP. Each is a real process: these are properties of the interpreter's streams
and signal handlers, which CliRunner replaces."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import MINI_FAQ, REPO, SHIPPED, leftovers, one_error_line

QUESTION = "why did LeCun leave"
CLOSED = "leadercli: error: cannot write to standard output: it was closed before leadercli started"
FULL = "leadercli: error: cannot write to standard output: No space left on device"


def _leadercli(
    *args: str, env: dict[str, str] | None = None, script: str | None = None, **options: Any
) -> subprocess.CompletedProcess[bytes]:
    command = [sys.executable, "-c", script, *args] if script else [sys.executable, "-m", "leadercli", *args]
    options.setdefault("stdout", subprocess.PIPE)
    options.setdefault("stderr", subprocess.PIPE)
    return subprocess.run(
        command,
        check=False,
        cwd=REPO,
        env={**os.environ, "COLUMNS": "80", **(env or {})},
        timeout=120,
        **options,
    )


def _closing(*descriptors: int) -> Callable[[], None]:
    def close() -> None:  # in the child, before Python starts: as a shell's `>&-` leaves it
        for descriptor in descriptors:
            os.close(descriptor)

    return close


def _stderr(result: subprocess.CompletedProcess[bytes]) -> subprocess.CompletedProcess[str]:
    return subprocess.CompletedProcess(result.args, result.returncode, "", result.stderr.decode())


@pytest.fixture(scope="module")
def warm_cache(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """One compiled shipped pack for the whole module, so each run below is a start-up and an answer."""
    env = {"LEADERCLI_CACHE_DIR": str(tmp_path_factory.mktemp("process-cache"))}
    assert _leadercli("about", env=env).returncode == 0
    return env


# --- item 6: an ASCII locale ----------------------------------------------------------------------------

NON_ASCII = "Méta “日本” — ✓ 🙂"


@pytest.fixture(scope="module")
def unicode_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped pack (every section) with accents, CJK, typographic quotes, a dash and an emoji."""
    directory = tmp_path_factory.mktemp("unicode") / "pack"
    directory.mkdir()
    for name in ("faq.yaml", "playbook.yaml"):
        text = (SHIPPED / name).read_text(encoding="utf-8")
        (directory / name).write_text(text.replace("Meta", NON_ASCII), encoding="utf-8")
    return directory


def _ascii_env(cache: dict[str, str], pack: Path) -> dict[str, str]:
    locale = {name for name in os.environ if name.startswith(("LC_", "LANG")) or name == "PYTHONIOENCODING"}
    kept = {name: value for name, value in os.environ.items() if name not in locale}
    return {**kept, **cache, "LC_ALL": "C", "PYTHONUTF8": "0", "LEADERCLI_PACK": str(pack), "COLUMNS": "300"}


DOCUMENTS = {("export",), ("export", "-f", "html"), ("cadence", "--ics")}
"""Files, not terminal text: always UTF-8 (the HTML says so), whatever the locale."""

EVERY_COMMAND = [
    (),
    ("ask", QUESTION),
    ("ask", "why did LéCun leave Méta", "--top", "2"),  # argv undecodable in ASCII: PEP 383 surrogates
    ("faq",),
    ("playbook",),
    ("playbook", "1"),
    ("risks",),
    ("metrics",),
    ("tools",),
    ("cadence",),
    ("insights",),
    ("show", "why-lecun-is-leaving-meta"),
    ("search", "lecun"),
    ("about",),
    ("validate",),
    *sorted(DOCUMENTS),
    ("help", "ask"),
]


@pytest.mark.parametrize("json_flag", [False, True], ids=["people", "json"])
@pytest.mark.parametrize("args", EVERY_COMMAND, ids=lambda args: " ".join(args) or "overview")
def test_an_ascii_locale_degrades_and_never_crashes(
    args: tuple[str, ...], json_flag: bool, unicode_pack: Path, warm_cache: dict[str, str]
) -> None:
    if json_flag and (not args or args[0] == "help"):
        pytest.skip("no --json here")
    full = (*args, "--json") if json_flag else args
    result = subprocess.run(
        [sys.executable, "-m", "leadercli", *full],
        capture_output=True,
        check=False,
        cwd=REPO,
        env=_ascii_env(warm_cache, unicode_pack),
        timeout=120,
    )
    assert result.returncode in (0, 1), result.stderr  # 1: no confident answer, validate's warnings
    assert result.stderr == b"", result.stderr
    assert result.stdout.strip()
    if json_flag:
        assert result.stdout.isascii()  # \u escapes: the same document for a parser, in any locale
        document = json.loads(result.stdout)
        if args[0] in {"faq", "about", "export", "show"}:
            assert NON_ASCII in json.dumps(document, ensure_ascii=False)
    elif args in DOCUMENTS:
        assert NON_ASCII in result.stdout.decode("utf-8")
    else:
        assert result.stdout.isascii(), result.stdout
        if args and args[0] in {"faq", "show", "about"}:
            assert b'Meta "??" - ? ?' in result.stdout  # the nearest ASCII: accent dropped, quotes, dash


def test_chat_in_an_ascii_locale(unicode_pack: Path, warm_cache: dict[str, str]) -> None:
    result = _leadercli(
        "chat", env=_ascii_env(warm_cache, unicode_pack), input=f"{QUESTION}\n/faq\n".encode()
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr == b"" and result.stdout.isascii()
    assert b"Why is Yann LeCun leaving" in result.stdout


def test_chat_json_in_an_ascii_locale(unicode_pack: Path, warm_cache: dict[str, str]) -> None:
    env = _ascii_env(warm_cache, unicode_pack)
    result = _leadercli("chat", "--json", env=env, input="why did LeCun leave Méta\nwhat is this\n".encode())
    assert result.returncode == 0, result.stderr
    assert result.stderr == b"" and result.stdout.isascii()
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == 2 and NON_ASCII in json.dumps(answers[0], ensure_ascii=False)


def test_ascii_json_is_the_same_document() -> None:
    from leadercli.process import ascii_json

    text = json.dumps({"x": "Méta “日本” 🙂 \udce9"}, ensure_ascii=False)
    assert ascii_json(text).isascii()
    assert json.loads(ascii_json(text)) == json.loads(text)


# --- item 9: closed and full standard streams -----------------------------------------------------------

WRITERS = [
    ("ask", QUESTION, "--json"),
    ("ask", QUESTION),
    ("faq",),
    ("export",),
    ("cadence", "--ics"),
    ("--version",),
]


@pytest.mark.parametrize("args", WRITERS, ids=" ".join)
def test_a_closed_stdout_is_exit_74_in_one_line(args: tuple[str, ...], warm_cache: dict[str, str]) -> None:
    """`leadercli faq >&-`: not a crash (70), not a silent success (0)."""
    result = _leadercli(*args, env=warm_cache, preexec_fn=_closing(1), stdout=None)
    assert result.returncode == 74
    assert one_error_line(_stderr(result)) == CLOSED


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
@pytest.mark.parametrize("args", [*WRITERS, ("export", "-f", "html"), ("--help",)], ids=" ".join)
def test_stdout_on_a_full_disk_is_exit_74_in_one_line(
    args: tuple[str, ...], warm_cache: dict[str, str]
) -> None:
    with Path("/dev/full").open("wb") as full:
        result = _leadercli(*args, env=warm_cache, stdout=full)
    assert result.returncode == 74
    assert one_error_line(_stderr(result)) == FULL


@pytest.mark.parametrize(
    ("args", "code"),
    [(("bogus",), 2), (("ask", "--pack", "/nonexistent/pack"), 2), (("ask", "what is the weather"), 1)],
    ids=["usage", "data", "no-answer"],
)
def test_a_closed_stderr_keeps_the_exit_code(
    args: tuple[str, ...], code: int, warm_cache: dict[str, str], tmp_path: Path
) -> None:
    env = {**warm_cache, "LEADERCLI_PACK": str(_mini_pack(tmp_path))}
    result = _leadercli(*args, env=env, preexec_fn=_closing(2), stderr=None)
    assert result.returncode == code


def test_closed_stdout_and_stderr_still_exit_74(warm_cache: dict[str, str]) -> None:
    result = _leadercli("faq", env=warm_cache, preexec_fn=_closing(1, 2), stdout=None, stderr=None)
    assert result.returncode == 74


def test_a_closed_stdin_is_the_end_of_input(warm_cache: dict[str, str]) -> None:
    for json_flag in ((), ("--json",)):
        chat = _leadercli("chat", *json_flag, env=warm_cache, preexec_fn=_closing(0))
        assert chat.returncode == 0 and chat.stderr == b""
    ask = _leadercli("ask", env=warm_cache, preexec_fn=_closing(0))
    assert ask.returncode == 2
    assert one_error_line(_stderr(ask)).startswith("leadercli: error: no question: standard input is empty")


def test_a_stdin_that_cannot_be_read_ends_chat(warm_cache: dict[str, str]) -> None:
    """Reading fails (EBADF here, `0>/dev/null`; EIO when the terminal went away): the end of input."""
    descriptor = os.open(os.devnull, os.O_WRONLY)
    try:
        for json_flag in ((), ("--json",)):
            chat = _leadercli("chat", *json_flag, env=warm_cache, stdin=descriptor)
            assert chat.returncode == 0, chat.stderr
            assert chat.stderr == b""
    finally:
        os.close(descriptor)


def _mini_pack(tmp_path: Path) -> Path:
    directory = tmp_path / "mini"
    directory.mkdir(exist_ok=True)
    (directory / "faq.yaml").write_text(MINI_FAQ, encoding="utf-8")
    return directory


# --- item 7: SIGTERM and SIGHUP -------------------------------------------------------------------------

STALLED = """
import os, sys, time
def stalled(descriptor):  # the bytes are in the temporary file; leadercli waits here for the signal
    time.sleep(60)
os.fsync = stalled
sys.argv[0] = "leadercli"
from leadercli.cli import main
main()
"""


def _stalled(args: tuple[str, ...], env: dict[str, str], **options: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-c", STALLED, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
        env={**os.environ, **env},
        **options,
    )


def _wait_for_temporary(directory: Path, worker: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and worker.poll() is None:
        if directory.exists() and any(name.endswith(".tmp") for name in leftovers(directory)):
            return
        time.sleep(0.02)
    pytest.fail(f"no temporary file appeared in {directory}: {worker.communicate()}")


@pytest.mark.parametrize("number", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_signal_during_an_export_leaves_nothing(
    number: int, warm_cache: dict[str, str], tmp_path: Path
) -> None:
    target = tmp_path / "out" / "pack.html"
    worker = _stalled(("export", "-f", "html", "-o", str(target)), warm_cache)
    _wait_for_temporary(target.parent, worker)
    worker.send_signal(number)
    _, err = worker.communicate(timeout=60)
    assert worker.returncode == 128 + number, err
    name = signal.Signals(number).name
    assert err.decode() == f"leadercli: error: interrupted by {name}\n"
    assert leftovers(target.parent) == []


def test_sigterm_during_a_cache_write_leaves_no_temporary(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    worker = _stalled(("ask", QUESTION), {"LEADERCLI_CACHE_DIR": str(cache)})
    _wait_for_temporary(cache, worker)
    worker.send_signal(signal.SIGTERM)
    _, err = worker.communicate(timeout=60)
    assert worker.returncode == 128 + signal.SIGTERM, err
    assert not [name for name in leftovers(cache) if name.endswith(".tmp")]


def test_an_ignored_sighup_stays_ignored(warm_cache: dict[str, str], tmp_path: Path) -> None:
    """`nohup leadercli export ...`: the hang-up is ignored as asked; SIGTERM still ends it cleanly."""
    target = tmp_path / "pack.md"

    def ignore_hangups() -> None:
        signal.signal(signal.SIGHUP, signal.SIG_IGN)

    worker = _stalled(("export", "-o", str(target)), warm_cache, preexec_fn=ignore_hangups)
    _wait_for_temporary(tmp_path, worker)
    worker.send_signal(signal.SIGHUP)
    time.sleep(0.3)
    assert worker.poll() is None
    worker.send_signal(signal.SIGTERM)
    worker.communicate(timeout=60)
    assert worker.returncode == 128 + signal.SIGTERM
    assert leftovers(tmp_path) == []


LIBRARY = """
import os, signal, sys
from pathlib import Path
from leadercli.errors import Terminated
from leadercli.store.files import write_atomic
os.fsync = lambda descriptor: os.kill(os.getpid(), signal.SIGTERM)
try:
    write_atomic(Path(sys.argv[1]) / "out.txt", "text")
except Terminated as error:
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # the caller's handler is back
    print(error.exit_code, sorted(os.listdir(sys.argv[1])))
"""


def test_write_atomic_removes_its_temporary_on_sigterm_for_a_library_caller(tmp_path: Path) -> None:
    """No main(), no handler installed by the caller: write_atomic still cleans up, then hands SIGTERM on."""
    result = _leadercli(str(tmp_path), script=LIBRARY)
    assert result.stdout.decode().split() == ["143", "[]"], result.stderr
