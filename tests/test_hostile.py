"""Hostile input (issue 7): whatever the user types, whatever a pack holds, whatever the environment does,
leadercli answers or refuses in one clean line, never fools the terminal and never loses a file.

`CATALOGUE` lists every item of the issue with the test that covers it: here (a bare name), or beside the
module it concerns (`test_FILE.py::name`); `test_catalogue_points_at_real_tests` keeps the pointers honest.
The property-based half (any text to the matcher, any YAML-shaped data to the loader) is test_properties.py.
"""

from __future__ import annotations

import errno
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from leadercli.errors import DataError, LeadercliError
from leadercli.packs.loader import load_pack
from leadercli.packs.sections import FAQ
from leadercli.store import compiled as cache
from leadercli.store import files
from tests.conftest import REPO, interrupted_after_first, run, run_json

PackMaker = Callable[..., Path]

CATALOGUE: list[tuple[str, str]] = [
    # Input from the command line
    ("empty question", "test_questions_with_nothing_to_match_exit_1_cleanly"),
    ("whitespace-only question", "test_questions_with_nothing_to_match_exit_1_cleanly"),
    ("punctuation-only question", "test_questions_with_nothing_to_match_exit_1_cleanly"),
    ("stop-words-only question", "test_questions_with_nothing_to_match_exit_1_cleanly"),
    ("1 MB question, truncated and said so", "test_a_1_mb_question_is_truncated_said_and_quick"),
    ("1 MB line in chat", "test_a_1_mb_chat_line_is_truncated_and_said"),
    ("emoji and right-to-left text", "test_emoji_and_right_to_left_text"),
    (
        "NUL and control characters in the question",
        "test_control_characters_in_the_question_are_echoed_escaped",
    ),
    ("invalid UTF-8 in argv (surrogateescape)", "test_invalid_utf8_in_argv_is_answered_and_echoed_escaped"),
    ("invalid UTF-8 on chat's stdin", "test_invalid_utf8_on_chat_stdin"),
    ("options in odd places: ask -- --json", "test_double_dash_makes_the_question_literal"),
    ("usage errors are one line, exit 2", "test_usage_errors_are_one_line_exit_2"),
    ("unknown command suggests the near one", "test_cli.py::test_unknown_command_suggests_the_near_one"),
    ("unknown command, real process", "test_cli.py::test_real_process_with_root_options_and_typos"),
    (
        "unknown command holding escape sequences",
        "test_control_characters_in_the_question_are_echoed_escaped",
    ),
    # Input from pack files
    ("YAML syntax error with file:line:column", "test_yaml_syntax_errors_name_file_line_and_column"),
    ("YAML forbidden character with file:line:column", "test_yaml_syntax_errors_name_file_line_and_column"),
    ("pack file not UTF-8", "test_unusable_pack_files_are_one_line_exit_2"),
    ("empty pack file", "test_unusable_pack_files_are_one_line_exit_2"),
    ("faq.yaml is a directory", "test_unusable_pack_files_are_one_line_exit_2"),
    ("missing pack directory / faq.yaml", "test_unusable_pack_files_are_one_line_exit_2"),
    ("unreadable pack file (permissions, real)", "test_unreadable_pack_file_for_real"),
    ("unreadable pack file (simulated: tests run as root)", "test_unreadable_pack_file_simulated"),
    ("200 MB file refused before parsing", "test_an_oversized_pack_is_refused_before_parsing"),
    ("size limit configurable and checked", "test_the_size_limit_setting_is_checked"),
    ("size limit (module level)", "test_safeyaml.py::test_size_limit_refuses_before_parsing"),
    ("billion laughs (nested lists)", "test_safeyaml.py::test_billion_laughs_is_refused_quickly"),
    ("billion laughs of long texts", "test_aliases_repeating_long_texts_are_refused_quickly"),
    ("!!python/object and other tags refused", "test_safeyaml.py::test_tags_are_refused_not_constructed"),
    ("!!python/object never constructed", "test_python_tags_are_never_constructed"),
    ("wrong types (answer: [1, 2])", "test_pack.py::test_broken_faq_names_file_line_entry_and_field"),
    ("wrong types through the CLI", "test_cli.py::test_broken_pack_is_one_line_exit_2"),
    ("duplicate keys", "test_safeyaml.py::test_duplicate_keys_are_refused"),
    ("duplicate ids", "test_pack.py::test_broken_faq_names_file_line_entry_and_field"),
    ("duplicate ids across files", "test_pack.py::test_duplicate_id_across_files"),
    ("ids with spaces or slashes", "test_pack.py::test_broken_faq_names_file_line_entry_and_field"),
    # Content that attacks the terminal
    ("Rich markup, ANSI/OSC, bidi, C1 in pack text", "test_hostile_pack_text_is_neutralised_in_every_view"),
    ("the same in JSON output", "test_hostile_pack_text_is_escaped_in_json"),
    ("the same in chat", "test_hostile_pack_text_is_neutralised_in_chat"),
    ("the same in error messages", "test_error_messages_quoting_the_pack_are_neutralised"),
    (
        "Markdown/HTML export escapes",
        "test_export.py::test_markdown_escapes_everything_a_renderer_would_act_on",
    ),
    # Environment
    ("HOME unset", "test_home_unset"),
    ("HOME unusable (read-only, simulated)", "test_home_unusable_runs_without_a_cache"),
    ("HOME read-only (real)", "test_home_read_only_for_real"),
    ("cache directory unwritable", "test_cache.py::test_unwritable_cache_directory_means_no_cache"),
    ("cache directory full (ENOSPC)", "test_a_full_disk_means_no_cache_not_an_error"),
    ("corrupt cache file", "test_cache.py::test_damaged_cache_is_rebuilt_silently"),
    ("two processes building the cache", "test_cache.py::test_concurrent_builds_leave_a_valid_cache"),
    ("TERM=dumb, NO_COLOR", "test_dumb_and_colourless_terminals"),
    ("COLUMNS=20 (and 0)", "test_narrow_terminals_stay_readable"),
    ("closed stdout (| head -1)", "test_a_closed_stdout_is_quiet_and_exits_1"),
    ("closed stdout, browsing commands", "test_browse.py::test_a_pipe_closed_early_leaves_quietly"),
    (
        "head reads the first lines",
        "test_browse.py::test_head_reads_the_first_lines_and_leadercli_exits_quietly",
    ),
    ("SIGINT during chat", "test_chat.py::test_ctrl_c_leaves_with_exit_130_and_no_traceback"),
    ("SIGINT during a long cache build", "test_sigint_during_a_long_cache_build"),
    # Nothing half-written, nothing overwritten without --force
    ("cache write interrupted", "test_an_interrupted_cache_write_keeps_the_old_cache"),
    ("cache write interrupted, through the CLI", "test_an_interrupted_cache_write_exits_130"),
    ("export/cadence --ics -o interrupted or disk full", "test_an_interrupted_file_write_keeps_the_old_file"),
    ("export -o needs --force", "test_browse.py::test_export_html_to_a_file_is_atomic_and_needs_force"),
    (
        "cadence --ics -o needs --force",
        "test_browse.py::test_cadence_ics_to_a_file_refuses_to_overwrite_without_force",
    ),
    ("extract interrupted while writing", "test_packs_cli.py::test_an_interrupted_write_leaves_the_old_pack"),
    (
        "extract interrupted while committing",
        "test_packs_cli.py::test_an_interrupted_commit_leaves_the_old_pack",
    ),
    ("extract needs --force", "test_packs_cli.py::test_extract_refuses_to_overwrite_without_force"),
    ("init interrupted", "test_an_interrupted_init_leaves_nothing"),
    ("init refuses a non-empty directory", "test_packs_cli.py::test_init_refuses_a_non_empty_directory"),
    ("write_atomic itself", "test_write_atomic_refuses_existing_files_and_cleans_up"),
    # Exit codes
    ("exit codes 0, 1, 2, 130 documented and tested", "test_exit_codes_are_documented_in_the_readme"),
    ("exit code 70 (internal error)", "test_an_internal_error_is_one_line_exit_70"),
    ("LEADERCLI_DEBUG=1 shows the traceback", "test_leadercli_debug_shows_the_traceback"),
    # Properties
    ("arbitrary text to the matcher", "test_properties.py::test_decide_and_rank_take_any_text"),
    (
        "arbitrary YAML-shaped data to the loader",
        "test_properties.py::test_the_loader_takes_any_yaml_shaped_data",
    ),
]

ONE_LINE = re.compile(r"leadercli: error: [^\n]+\n")
SGR = re.compile(r"\x1b\[[0-9;]*m")
TERMINAL = {"FORCE_COLOR": "1", "NO_COLOR": ""}
RAW_ATTACKS = ("\x1b]", "\x1b[2J", "\x07", "\x00", "\x9b", "\u202e", "\u202c")


def test_catalogue_points_at_real_tests() -> None:
    here = Path(__file__)
    for item, pointer in CATALOGUE:
        path, _, name = pointer.rpartition("::")
        source = (here.parent / path if path else here).read_text(encoding="utf-8")
        assert re.search(rf"^def {re.escape(name)}\(", source, re.M), f"{item}: {pointer} does not exist"


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


# --- input from the command line -----------------------------------------------------------------------


@pytest.mark.parametrize("question", ["", "   \t ", "?!... ;-)", "what is the", "the of and to"])
def test_questions_with_nothing_to_match_exit_1_cleanly(make_pack: PackMaker, question: str) -> None:
    pack = str(make_pack())
    result = run("ask", question, "--pack", pack)
    assert result.exit_code == 1
    assert result.stderr == ""
    assert result.stdout.startswith("No confident answer to “")
    document = run_json("ask", question, "--pack", pack)
    assert document["answered"] is False and document["match"] is None and document["query"] == question


def test_a_1_mb_question_is_truncated_said_and_quick(make_pack: PackMaker) -> None:
    """In-process: Linux caps one argv word at 128 KiB, so 1 MB comes from `chat` or a library, not argv."""
    pack = str(make_pack())
    question = "what is the price " + "blah " * 200_000
    assert run("ask", "warm the cache", "--pack", pack).exit_code == 1
    started = time.perf_counter()
    result = run("ask", question, "--pack", pack)
    # The issue asks for under a second; 5 s keeps a loaded CI machine from failing a correct build.
    assert time.perf_counter() - started < 5
    assert result.exit_code in (0, 1) and result.stderr == ""
    assert "question shortened for matching" in result.stdout
    assert len(result.stdout) < 2_000  # the echo is shortened too: the screen is not flooded
    document = run_json("ask", question, "--pack", pack)
    assert document["truncated"] is True and document["query"] == question


def test_a_1_mb_chat_line_is_truncated_and_said(make_pack: PackMaker) -> None:
    from typer.testing import CliRunner

    from leadercli.cli import app

    line = "what is the price " + "x" * 1_000_000
    result = CliRunner().invoke(
        app, ["chat", "--pack", str(make_pack())], input=line + "\n", env={"NO_COLOR": "1", "COLUMNS": "80"}
    )
    assert result.exit_code == 0, result.output
    assert "question shortened for matching" in result.stdout


def test_emoji_and_right_to_left_text(make_pack: PackMaker) -> None:
    pack = str(
        make_pack(
            "entries:\n"
            "  - {id: price-ar, question: 'ما هو سعر الخدمة؟', answer: 'عشرة دولارات 🚀'}\n"
            "  - {id: launch, question: 'When is the 🚀 launch?', answer: Soon.}\n"
        )
    )
    answered = run("ask", "ما هو سعر الخدمة؟", "--pack", pack)
    assert answered.exit_code == 0, answered.output
    assert "عشرة دولارات 🚀" in answered.stdout  # right-to-left letters are text, printed as they are
    assert run_json("ask", "when is the 🚀 launch", "--pack", pack)["match"]["id"] == "launch"
    refused = run("ask", "🚀🚀🚀 👩‍👩‍👧", "--pack", pack)
    assert refused.exit_code == 1 and refused.stderr == ""
    assert "“🚀🚀🚀 👩‍👩‍👧”" in refused.stdout  # emoji (with zero-width joiners) echoed intact


HOSTILE_QUESTION = (
    "zq \x00 \x01 \x1b[2J \x1b]8;;file:///etc/passwd\x07here\x1b]8;;\x07 \u202eexe.txt \x9b31m [red]x"
)


@pytest.mark.parametrize("env", [{}, TERMINAL], ids=["piped", "terminal"])
def test_control_characters_in_the_question_are_echoed_escaped(
    make_pack: PackMaker, env: dict[str, str]
) -> None:
    pack = str(make_pack())
    result = run("ask", HOSTILE_QUESTION, "--pack", pack, env=env, width=200)
    assert result.exit_code == 1 and result.stderr == ""
    assert_neutralised(result.stdout)
    shown = SGR.sub("", result.stdout)
    for escaped in (
        "\\x00",
        "\\x01",
        "\\x1b[2J",
        "\\x1b]8;;file:///etc/passwd\\x07",
        "\\u202e",
        "\\x9b",
        "[red]x",
    ):
        assert escaped in shown, escaped
    document = run_json("ask", HOSTILE_QUESTION, "--pack", pack)
    assert document["query"] == HOSTILE_QUESTION  # JSON keeps the exact text, escaped as JSON escapes it
    raw = run("ask", HOSTILE_QUESTION, "--pack", pack, "--json").stdout
    assert_neutralised(raw)
    for command in ("show", "\x1b[2J"):  # an unknown id, and an unknown command, quoted in the error line
        error = run(command, HOSTILE_QUESTION, "--pack", pack) if command == "show" else run(command)
        assert error.exit_code == 2
        assert_neutralised(one_error_line(error))


INVALID = b"caf\xe9 \xff\xfe price"


@pytest.mark.parametrize("encoding", ["strict", "default"])
def test_invalid_utf8_in_argv_is_answered_and_echoed_escaped(make_pack: PackMaker, encoding: str) -> None:
    """PYTHONIOENCODING=utf-8 acts as a UTF-8 locale (en_US.UTF-8) does: a strict stdout."""
    env = {"PYTHONIOENCODING": "utf-8"} if encoding == "strict" else {}
    pack = str(make_pack())
    plain = process(b"ask", INVALID, b"--pack", pack.encode(), env=env)
    assert plain.returncode in (0, 1), plain.stderr
    assert plain.stderr == ""
    if plain.returncode == 1:
        assert "caf\\xe9 \\xff\\xfe price" in plain.stdout  # each undecodable byte shown as its escape
    completed = subprocess.run(
        [sys.executable, "-m", "leadercli", "ask", "--json", INVALID, "--pack", pack],
        capture_output=True,
        check=False,
        env={**os.environ, **env},
    )
    assert completed.returncode in (0, 1) and completed.stderr == b""
    document = json.loads(completed.stdout.decode("utf-8"))  # valid UTF-8 JSON ...
    assert document["query"].encode("utf-8", "surrogateescape") == INVALID  # ... that keeps the exact bytes
    missing = process(b"show", b"\xff\x1b[2J", b"--pack", pack.encode(), env=env)
    assert missing.returncode == 2
    assert "'\\xff\\x1b[2J'" in one_error_line(missing)


def test_invalid_utf8_on_chat_stdin(make_pack: PackMaker) -> None:
    piped = process(
        "chat",
        "--pack",
        str(make_pack()),
        input=b"caf\xe9 \xff\nwhat is the price\n",
        env={"PYTHONIOENCODING": "utf-8", "NO_COLOR": "1"},
    )
    assert piped.returncode == 0, piped.stderr
    assert piped.stderr == ""
    assert "caf\\xe9 \\xff" in piped.stdout and "ten dollars a month" in piped.stdout


def test_double_dash_makes_the_question_literal(make_pack: PackMaker) -> None:
    pack = str(make_pack())
    in_process = run("ask", "--pack", pack, "--", "--json")
    real = process("ask", "--pack", pack, "--", "--json")
    for result in (in_process, real):
        assert result.stdout.startswith("No confident answer to “--json”.")  # plain text, not JSON
        assert result.stderr == ""
    assert in_process.exit_code == 1 and real.returncode == 1
    document = json.loads(run("ask", "--json", "--pack", pack, "--", "--top").stdout)
    assert document["query"] == "--top"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("ask",), "Missing argument 'QUESTION'"),
        (("ask", "q", "--top", "51"), "Invalid value for '--top'"),
        (("ask", "q", "--top", "-1"), "Invalid value for '--top'"),
        (("ask", "q", "--colour"), "No such option: --colour"),
        (("ask", "q", "extra words"), "unexpected extra argument"),
        (("--pack",), "Option '--pack' requires an argument"),
    ],
)
def test_usage_errors_are_one_line_exit_2(args: tuple[str, ...], expected: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert expected.casefold() in one_error_line(result).casefold()


# --- input from pack files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("faq", "where", "problem"),
    [
        ("entries:\n  - id: a\n    question: [Q\n", "faq.yaml:4:1: invalid YAML", "expected ',' or ']'"),
        (
            "entries:\n  - id: a\n   question: Q\n",
            "faq.yaml:3:4: invalid YAML",
            "did not find expected '-' indicator",
        ),
        ("title: x\n\tentries: []\n", "faq.yaml:2:1: invalid YAML", "tab"),
        ("title: ok\nsource: bad \x1b[2J here\n", "faq.yaml:2:13: invalid YAML", "U+001B is not allowed"),
    ],
)
def test_yaml_syntax_errors_name_file_line_and_column(
    make_pack: PackMaker, faq: str, where: str, problem: str
) -> None:
    result = run("ask", "q", "--pack", str(make_pack(faq)))
    assert result.exit_code == 2
    line = one_error_line(result)
    assert where in line and problem in line
    assert_neutralised(line)


def _not_utf8(directory: Path) -> None:
    (directory / "faq.yaml").write_bytes(b"title: caf\xe9\nentries: []\n")


def _empty(directory: Path) -> None:
    (directory / "faq.yaml").write_text("")


def _comments_only(directory: Path) -> None:
    (directory / "faq.yaml").write_text("# nothing here yet\n")


def _a_directory(directory: Path) -> None:
    (directory / "faq.yaml").mkdir()


def _no_faq(directory: Path) -> None:
    (directory / "notes.txt").write_text("not a pack")


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (_not_utf8, "faq.yaml:1: not UTF-8 text (byte 10)"),
        (_empty, "faq.yaml: file is empty"),
        (_comments_only, "faq.yaml: file is empty"),
        (_a_directory, "faq.yaml: is a directory, not a file"),
        (_no_faq, "no faq.yaml in this pack directory"),
    ],
)
def test_unusable_pack_files_are_one_line_exit_2(
    tmp_path: Path, damage: Callable[[Path], None], expected: str
) -> None:
    directory = tmp_path / "pack"
    directory.mkdir()
    damage(directory)
    for args in (("ask", "q"), ("playbook",), ("about", "--json")):
        result = run(*args, "--pack", str(directory))
        assert result.exit_code == 2
        assert expected in one_error_line(result)
    missing = run("ask", "q", "--pack", str(tmp_path / "nowhere"))
    assert missing.exit_code == 2 and "nowhere: no such directory" in one_error_line(missing)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files whatever their mode"
)
def test_unreadable_pack_file_for_real(make_pack: PackMaker) -> None:
    directory = make_pack()
    (directory / "faq.yaml").chmod(0)
    try:
        result = run("ask", "q", "--pack", str(directory))
    finally:
        (directory / "faq.yaml").chmod(0o644)
    assert result.exit_code == 2
    assert "faq.yaml: permission denied" in one_error_line(result)


def test_unreadable_pack_file_simulated(make_pack: PackMaker, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root a chmod 000 file stays readable, so the read itself is made to fail as it would."""
    directory = make_pack()
    real = Path.read_bytes

    def denied(path: Path) -> bytes:
        if path.name == "faq.yaml":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", denied)
    result = run("ask", "q", "--pack", str(directory))
    assert result.exit_code == 2
    assert f"{directory / 'faq.yaml'}: permission denied" in one_error_line(result)


def test_an_oversized_pack_is_refused_before_parsing(
    make_pack: PackMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 200 MB case scaled down: the limit is set to 1 MB and the file is just above it."""
    from leadercli.packs import safeyaml

    directory = make_pack()
    faq = directory / "faq.yaml"
    faq.write_text(faq.read_text() + "# " + "x" * (1024 * 1024) + "\n")

    def never(*args: object) -> None:
        raise AssertionError("an oversized file must be refused before it is parsed")

    monkeypatch.setattr(safeyaml, "parse", never)
    result = run("ask", "q", "--pack", str(directory), env={"LEADERCLI_MAX_PACK_MB": "1"})
    assert result.exit_code == 2
    line = one_error_line(result)
    assert "faq.yaml: file is 1.0 MB, over the 1 MB limit (raise it with LEADERCLI_MAX_PACK_MB)" in line
    monkeypatch.undo()
    assert (
        run(
            "ask", "what is the price", "--pack", str(directory), env={"LEADERCLI_MAX_PACK_MB": "2"}
        ).exit_code
        == 0
    )


@pytest.mark.parametrize("value", ["lots", "0", "-5", "nan", "inf", "1e400"])
def test_the_size_limit_setting_is_checked(make_pack: PackMaker, value: str) -> None:
    result = run("ask", "q", "--pack", str(make_pack()), env={"LEADERCLI_MAX_PACK_MB": value})
    assert result.exit_code == 2
    assert "LEADERCLI_MAX_PACK_MB must be a number of megabytes above 0" in one_error_line(result)


def test_aliases_repeating_long_texts_are_refused_quickly(make_pack: PackMaker) -> None:
    """A 100 KB text aliased by 2,000 entries: 190 KB of YAML that would be 200 MB of answers."""
    lines = [f'blob: &a "{"lol " * 25_000}"', "entries:"]
    lines += [f"  - {{id: e{n}, question: q{n}, answer: *a}}" for n in range(2_000)]
    directory = make_pack("\n".join(lines) + "\n")
    started = time.perf_counter()
    with pytest.raises(DataError, match="billion laughs"):
        load_pack(directory)
    # The issue asks for under a second; 5 s keeps a loaded CI machine from failing a correct build.
    assert time.perf_counter() - started < 5
    result = run("ask", "q", "--pack", str(directory))
    assert result.exit_code == 2 and "possible 'billion laughs'" in one_error_line(result)


def test_python_tags_are_never_constructed(make_pack: PackMaker, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    faq = (
        "entries:\n"
        "  - id: a\n"
        "    question: Q\n"
        f"    answer: !!python/object/apply:os.system ['touch {marker}']\n"
    )
    result = run("ask", "q", "--pack", str(make_pack(faq)))
    assert result.exit_code == 2
    assert "faq.yaml:4: YAML tag '!!python/object/apply:os.system' is not allowed" in one_error_line(result)
    assert not marker.exists()


# --- content that attacks the terminal ------------------------------------------------------------------

ATTACK = (
    "[red]RED[/red] [link=file:///etc/passwd]x[/link] \x1b]8;;file:///etc/passwd\x07click\x1b]8;;\x07 "
    "\x1b[2J\x1b[31m \u202egnp.exe\u202c \x9b31m \x00nul \x07bell"
)


def _field(label: str) -> str:
    return json.dumps(f"{label} {ATTACK}")  # a JSON string is a YAML double-quoted scalar: escapes included


HOSTILE_FAQ = f"""\
title: {_field("Title")}
source: {_field("Source")}
entries:
  - id: hostile
    question: {_field("How much does the hostile service cost?")}
    answer: {_field("Answer")}
    source: {_field("src")}
    alternates: [{_field("what is the price")}]
    tags: [insight, {_field("tag")}]
  - id: refunds
    question: Can I get a refund?
    answer: Refunds are given within thirty days.
"""
HOSTILE_PLAYBOOK = f"""\
steps:
  - {{id: s1, title: {_field("Step")}, do: {_field("Do")}, why: {_field("Why")}}}
risks:
  - {{id: r1, name: {_field("Risk")}, risk: {_field("R")}, mitigation: {_field("M")}}}
tools:
  - {{id: t1, name: {_field("Tool")}, description: {_field("D")}}}
metrics:
  - {{id: m1, name: {_field("Metric")}, measures: {_field("Me")}}}
cadence:
  - {{id: c1, period: monthly, name: {_field("Cadence")}, what: {_field("W")}}}
"""
VIEWS = [
    ("ask", "how much does the hostile service cost"),
    ("ask", "hostile price", "--top", "2"),
    ("ask", "zzz qqq"),
    ("playbook",),
    ("playbook", "1"),
    ("risks",),
    ("faq",),
    ("show", "hostile"),
    ("show", "s1"),
    ("search", "hostile"),
    ("metrics",),
    ("cadence",),
    ("tools",),
    ("insights",),
    ("about",),
    ("validate",),
    ("export",),
    (),
]


@pytest.fixture
def hostile(make_pack: PackMaker) -> Path:
    directory = make_pack(HOSTILE_FAQ, HOSTILE_PLAYBOOK)
    assert (
        "\x1b]8;;file:///etc/passwd\x07" in load_pack(directory).of(FAQ)[0].answer
    )  # the attack is really there
    return directory


@pytest.mark.parametrize("env", [{}, TERMINAL], ids=["piped", "terminal"])
@pytest.mark.parametrize("args", VIEWS, ids=lambda args: " ".join(args) or "overview")
def test_hostile_pack_text_is_neutralised_in_every_view(
    hostile: Path, args: tuple[str, ...], env: dict[str, str]
) -> None:
    result = run("--pack", str(hostile), *args, env=env, width=200)
    assert result.exit_code in (0, 1), result.output
    assert result.stderr == ""
    assert_neutralised(result.stdout)
    if args[:1] == ("export",):
        return  # Markdown, not Rich: it escapes markup its own way (tests/test_export.py)
    if env:
        assert SGR.search(result.stdout), "the terminal (Rich) path did not run"
    if args == ("ask", "zzz qqq"):
        return  # unanswered: no pack text shown
    shown = re.sub(r"[\s│╭╮╰╯─]+", "", SGR.sub("", result.stdout))  # words may wrap, boxes may cut lines
    assert "[red]RED[/red]" in shown  # markup printed literally, never applied
    assert "[link=file:///etc/passwd]x[/link]" in shown
    assert "\\x1b]8;;file:///etc/passwd\\x07click" in shown  # the escape is shown, not obeyed
    assert "\\u202egnp.exe\\u202c" in shown


@pytest.mark.parametrize(
    "args",
    [args for args in VIEWS if args and args[0] not in ("export", "validate")] + [("export",)],
    ids=" ".join,
)
def test_hostile_pack_text_is_escaped_in_json(hostile: Path, args: tuple[str, ...]) -> None:
    result = run("--pack", str(hostile), *args, "--json")
    assert result.exit_code in (0, 1), result.output
    assert_neutralised(result.stdout)  # C0 and C1 controls and bidi marks all written as \\uXXXX
    json.loads(result.stdout)
    if args[:2] == ("show", "hostile"):
        assert json.loads(result.stdout)["answer"] == f"Answer {ATTACK}"  # the same text, read back


def test_hostile_pack_text_is_neutralised_in_chat(hostile: Path) -> None:
    from typer.testing import CliRunner

    from leadercli.cli import app

    lines = "how much does the hostile service cost\n/risks\n/show hostile\n/show \x1b[2J\n/search hostile\n"
    result = CliRunner().invoke(
        app, ["chat", "--pack", str(hostile)], input=lines, env={**TERMINAL, "COLUMNS": "200"}
    )
    assert result.exit_code == 0, result.output
    assert_neutralised(result.stdout)
    assert "no entry with id '\\x1b[2J'" in result.stdout


def test_error_messages_quoting_the_pack_are_neutralised(make_pack: PackMaker) -> None:
    key = json.dumps("k\x1b]8;;file:///etc/passwd\x07\u202e")
    directory = make_pack(f"entries:\n  - {{id: a, question: Q, answer: A}}\n{key}: 1\n{key}: 2\n")
    result = run("ask", "q", "--pack", str(directory))
    assert result.exit_code == 2
    line = one_error_line(result)
    assert_neutralised(line)
    assert "duplicate key 'k\\x1b]8;;file:///etc/passwd\\x07\\u202e'" in line


# --- environment ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def _shipped_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("shipped-cache")


@pytest.fixture
def shipped_cache(_shipped_cache_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """One cache of the shipped pack for the tests that only read it: compiled once, not once per test."""
    monkeypatch.setenv("LEADERCLI_CACHE_DIR", str(_shipped_cache_dir))


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


def _fail_fsync(monkeypatch: pytest.MonkeyPatch, error: BaseException) -> None:
    def fsync(descriptor: int) -> None:
        raise error

    monkeypatch.setattr(os, "fsync", fsync)


def _leftovers(directory: Path) -> list[str]:
    return sorted(path.name for path in directory.iterdir()) if directory.exists() else []


def test_a_full_disk_means_no_cache_not_an_error(
    make_pack: PackMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    directory = make_pack()
    _fail_fsync(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    result = run("ask", "what is the price", "--pack", str(directory))
    assert result.exit_code == 0 and result.stderr == ""
    assert "ten dollars a month" in result.stdout
    assert _leftovers(cache.cache_dir()) == []  # no cache, and no temporary file either


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
    """20 columns is the floor: narrower (0 in some CI, 1) is drawn at 20, not blank or a letter a line."""
    for args in (("ask", "why did LeCun leave", "--top", "2"), ("risks",), ("faq",), ("playbook", "1")):
        result = run(*args, env={**env, "COLUMNS": columns})
        assert result.exit_code == 0, result.output
        lines = SGR.sub("", result.stdout).splitlines()
        assert lines and all(len(line) <= 20 for line in lines), lines
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
    assert _leftovers(cache_dir) == []  # no cache, no temporary file
    assert _leftovers(large_pack) == ["faq.yaml"]  # and nothing beside the pack either
    assert _leftovers(tmp_path) == (["build-cache"] if cache_dir.exists() else [])


# --- nothing half-written, nothing overwritten without --force ------------------------------------------


@pytest.mark.parametrize(
    "error",
    [KeyboardInterrupt(), OSError(errno.ENOSPC, "No space left on device")],
    ids=["interrupted", "disk-full"],
)
def test_an_interrupted_cache_write_keeps_the_old_cache(
    make_pack: PackMaker, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    directory = make_pack()
    cache.open_pack(directory).close()
    target = cache.cache_file(directory)
    before = target.read_bytes()
    faq = directory / "faq.yaml"
    faq.write_text(faq.read_text().replace("ten dollars", "eleven dollars"))  # stale: the next open rebuilds
    _fail_fsync(monkeypatch, error)
    if isinstance(error, KeyboardInterrupt):
        with pytest.raises(KeyboardInterrupt):
            cache.open_pack(directory)
    else:
        found = cache.open_pack(directory).find("pricing")
        assert found is not None and "eleven dollars" in found.answer  # answered, just not cached
    assert target.read_bytes() == before
    assert _leftovers(cache.cache_dir()) == [target.name]
    monkeypatch.undo()
    found = cache.open_pack(directory).find("pricing")
    assert found is not None and "eleven dollars" in found.answer  # the old cache was never served stale


def test_an_interrupted_cache_write_exits_130(make_pack: PackMaker, monkeypatch: pytest.MonkeyPatch) -> None:
    _fail_fsync(monkeypatch, KeyboardInterrupt())
    result = run("ask", "what is the price", "--pack", str(make_pack()))
    assert result.exit_code == 130
    assert "Traceback" not in result.output
    assert _leftovers(cache.cache_dir()) == []


@pytest.fixture
def interrupted_replace(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path, BaseException], None]]:
    """Make the final rename onto one path fail, as a Ctrl-C or a full disk at the last moment would."""
    real = os.replace

    def arm(target: Path, error: BaseException) -> None:
        def replace(source: Any, destination: Any, **options: Any) -> None:
            if Path(destination) == target:
                raise error
            real(source, destination, **options)

        monkeypatch.setattr(os, "replace", replace)

    yield arm


@pytest.mark.parametrize(
    "command", [("export", "-f", "html"), ("export", "-f", "json"), ("cadence", "--ics")], ids=" ".join
)
@pytest.mark.parametrize(
    ("error", "code"),
    [(KeyboardInterrupt(), 130), (OSError(errno.ENOSPC, "No space left on device"), 2)],
    ids=["interrupted", "disk-full"],
)
@pytest.mark.usefixtures("shipped_cache")
def test_an_interrupted_file_write_keeps_the_old_file(
    tmp_path: Path,
    interrupted_replace: Callable[[Path, BaseException], None],
    command: tuple[str, ...],
    error: BaseException,
    code: int,
) -> None:
    target = tmp_path / "out" / "document"
    target.parent.mkdir()
    target.write_text("keep me")
    refused = run(*command, "-o", str(target))
    assert refused.exit_code == 2 and "already exists (use --force" in one_error_line(refused)
    interrupted_replace(target, error)
    result = run(*command, "-o", str(target), "--force")
    assert result.exit_code == code
    if code == 2:
        assert "No space left on device" in one_error_line(result)
    assert target.read_text() == "keep me"
    assert _leftovers(target.parent) == ["document"]  # no temporary file beside it


@pytest.mark.parametrize("exists", [False, True], ids=["new", "empty"])
def test_an_interrupted_init_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exists: bool
) -> None:
    target = tmp_path / "new-pack"
    if exists:
        target.mkdir()
    failing, written = interrupted_after_first(files._write_synced, KeyboardInterrupt())
    monkeypatch.setattr(files, "_write_synced", failing)
    result = run("init", str(target))
    assert result.exit_code == 130
    assert written == ["faq.yaml"]
    assert _leftovers(tmp_path) == (["new-pack"] if exists else [])  # no staging directory left
    assert _leftovers(target) == []


def test_write_atomic_refuses_existing_files_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "file.txt"
    files.write_atomic(target, "one")
    with pytest.raises(LeadercliError, match="already exists"):
        files.write_atomic(target, "two")
    with pytest.raises(LeadercliError, match="is a directory"):
        files.write_atomic(tmp_path, "x", overwrite=True)
    _fail_fsync(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(LeadercliError, match=r"cannot write .*file\.txt: No space left on device"):
        files.write_atomic(target, "two", overwrite=True)
    assert target.read_text() == "one" and _leftovers(tmp_path) == ["file.txt"]
    monkeypatch.undo()
    files.write_atomic(target, "caf\udce9", overwrite=True)  # an undecodable name goes back as its bytes
    assert target.read_bytes() == b"caf\xe9"


# --- exit codes ------------------------------------------------------------------------------------------


def test_exit_codes_are_documented_in_the_readme(make_pack: PackMaker) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for code in ("0", "1", "2", "70", "130"):
        assert re.search(rf"^\| {code} \| \S", readme, re.M), code
    assert "closed pipe" in readme
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
