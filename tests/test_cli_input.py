"""Whatever the user types (empty, huge, control characters, invalid UTF-8, odd options): an answer
or one clean line, with the documented exit code."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import (
    SGR,
    TERMINAL,
    assert_neutralised,
    one_error_line,
    process,
    run,
    run_json,
    terminal,
)

PackMaker = Callable[..., Path]


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
    assert result.exit_code == 1 and result.stderr == ""  # "blah" x 200,000 is not a question it knows
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
    assert plain.returncode == 0, plain.stderr  # "price" is enough to answer
    assert plain.stderr == ""
    unanswered = process(b"ask", INVALID.removesuffix(b" price"), b"--pack", pack.encode(), env=env)
    assert unanswered.returncode == 1 and unanswered.stderr == ""
    assert "caf\\xe9 \\xff\\xfe" in unanswered.stdout  # each undecodable byte shown as its escape
    completed = subprocess.run(
        [sys.executable, "-m", "leadercli", "ask", "--json", INVALID, "--pack", pack],
        capture_output=True,
        check=False,
        env={**os.environ, **env},
    )
    assert completed.returncode == 0 and completed.stderr == b""
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
        (("ask",), "no question: standard input is empty"),  # CliRunner's stdin is an empty pipe
        (("ask", "q", "--top", "51"), "Invalid value for '--top'"),
        (("ask", "q", "--top", "-1"), "Invalid value for '--top'"),
        (("ask", "q", "--colour"), "No such option: --colour"),
        (("ask", "q", "--top"), "Option '--top' requires an argument"),
        (("--pack",), "Option '--pack' requires an argument"),
        (("--pack", "", "faq"), "--pack is empty"),  # a script's unset "$DIR": not the shipped pack
        (("faq", "--pack", " "), "--pack is empty"),  # nor the current folder (Path("") is ".")
        (("validate", ""), "Invalid value for 'DIR': is empty"),  # every path, not only --pack
        (("init", " "), "Invalid value for 'DIR': is empty"),
        (("extract", "notes.md", "-o", ""), "Invalid value for '--output' / '-o': is empty"),
        (("export", "-o", ""), "Invalid value for '--output' / '-o': is empty"),
        (("eval", ""), "Invalid value for 'CASES': is empty"),
    ],
)
def test_usage_errors_are_one_line_exit_2(args: tuple[str, ...], expected: str) -> None:
    result = run(*args)
    assert result.exit_code == 2
    assert expected.casefold() in one_error_line(result).casefold()


def test_blank_leadercli_pack_is_unset_and_tab_never_prints_an_error() -> None:
    """An exported LEADERCLI_PACK of spaces is as good as unset (Click already ignores an empty one);
    completion on an empty `--pack ""` offers nothing, quietly, instead of an error line on Tab."""
    document = run_json("ask", "why did LeCun leave", env={"LEADERCLI_PACK": "   "})
    assert document["answered"] is True
    completion = {
        "COMP_WORDS": "leadercli --pack '' show ",
        "COMP_CWORD": "4",
        "_LEADERCLI_COMPLETE": "complete_bash",
    }
    result = process(env=completion)
    assert result.returncode == 0 and result.stderr == ""


# --- the question as howdoi users type it: unquoted words, or piped in ---------------------------------


def test_unquoted_words_are_the_question() -> None:
    document = run_json("ask", "why", "did", "LeCun", "leave")
    assert document["query"] == "why did LeCun leave"
    assert document["match"]["id"] == "why-lecun-is-leaving-meta"
    result = run("ask", "why", "did", "LeCun", "leave", "--top", "2")  # options may follow the words
    assert result.exit_code == 0, result.output
    assert "Next candidates" in result.stdout
    quoted = run_json("ask", "why did   LeCun leave")  # one quoted argument stays exactly as typed
    assert quoted["query"] == "why did   LeCun leave"


@pytest.mark.parametrize("args", [(), ("-",)], ids=["no-argument", "dash"])
def test_a_piped_question_is_read_from_stdin(args: tuple[str, ...]) -> None:
    result = run("ask", *args, input="why did LeCun leave\n")
    assert result.exit_code == 0, result.output
    assert "Why is Yann LeCun leaving Meta?" in result.stdout
    document = json.loads(run("ask", *args, "--json", input="  why did\n\tLeCun leave \r\n").stdout)
    assert document["query"] == "why did LeCun leave"  # lines and runs of blanks become one line
    assert document["match"]["id"] == "why-lecun-is-leaving-meta"


@pytest.mark.parametrize("piped", ["", " \n\t\n"], ids=["empty", "blank"])
def test_an_empty_stdin_is_one_line_exit_2(piped: str) -> None:
    for args in (("ask",), ("ask", "-"), ("ask", "--json")):
        result = run(*args, input=piped)
        assert result.exit_code == 2 and result.stdout == ""
        assert one_error_line(result) == (
            "leadercli: error: no question: standard input is empty (pipe one in, or type it after `ask`)"
        )


def test_stdin_with_invalid_utf8_is_answered_and_echoed_escaped(make_pack: PackMaker) -> None:
    pack = str(make_pack())
    answered = process("ask", "--pack", pack, input=b"caf\xe9 \xff\xfe price\n", env={"NO_COLOR": "1"})
    assert answered.returncode == 0, answered.stderr
    assert "ten dollars a month" in answered.stdout and answered.stderr == ""
    unanswered = process("ask", "-", "--pack", pack, input=b"\xef\xbb\xbfcaf\xe9 \xff\xfe\n")  # BOM first
    assert unanswered.returncode == 1 and unanswered.stderr == ""
    assert "“caf\\xe9 \\xff\\xfe”" in unanswered.stdout
    completed = subprocess.run(
        [sys.executable, "-m", "leadercli", "ask", "--json", "--pack", pack],
        input=INVALID,
        capture_output=True,
        check=False,
    )
    assert completed.returncode == 0 and completed.stderr == b""
    document = json.loads(completed.stdout.decode("utf-8"))
    assert document["query"].encode("utf-8", "surrogateescape") == INVALID  # the exact bytes, as from argv


def test_stdin_is_read_up_to_1_mib(make_pack: PackMaker) -> None:
    from leadercli.cli.answers import MAX_STDIN_QUESTION

    pack = str(make_pack())
    fits = process("ask", "--pack", pack, input=b"what is the price " + b"x" * (MAX_STDIN_QUESTION - 18))
    assert fits.returncode == 0, fits.stderr
    assert "question shortened for matching" in fits.stdout
    flood = process("ask", "--pack", pack, input=b"what is the price " * (MAX_STDIN_QUESTION // 4))
    assert flood.returncode == 2 and flood.stdout == ""
    assert "standard input holds more than 1 MiB" in one_error_line(flood)


def test_no_question_on_a_terminal_is_the_usage_error() -> None:
    """Nothing to read: on a terminal, `ask` alone does not sit waiting for input."""
    import pexpect

    child = terminal("ask", env={**os.environ, "NO_COLOR": "1", "COLUMNS": "80"}, timeout=30)
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 2
    assert "leadercli: error: Missing argument 'QUESTION...'" in (child.before or "")
    assert "Traceback" not in (child.before or "")
