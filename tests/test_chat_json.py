"""`leadercli chat --json`: JSON Lines, one `ask --json` document a question, for scripts and coprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, one_error_line, run, run_json, terminal

QUESTIONS = ["why did LeCun leave", "what is the weather on mars", "what are the risks"]


def test_each_line_is_answered_as_ask_json_answers_it(shipped_cache: None) -> None:
    result = run("chat", "--json", input="\n".join([QUESTIONS[0], "", "   ", *QUESTIONS[1:]]) + "\n")
    assert (
        result.exit_code == 0 and result.stderr == ""
    )  # an unanswered question is in the data, not the status
    lines = result.stdout.splitlines()
    assert len(lines) == len(QUESTIONS)  # blank lines are skipped, each answer is one line
    assert [json.loads(line) for line in lines] == [run_json("ask", question) for question in QUESTIONS]
    assert [json.loads(line)["answered"] for line in lines] == [True, False, True]


def test_no_input_is_no_output() -> None:
    result = run("chat", "--json", input="")
    assert result.exit_code == 0 and result.stdout == "" and result.stderr == ""


def test_a_coprocess_gets_each_answer_before_the_next_question(shipped_cache: None) -> None:
    """Answers are flushed line by line: a script may write a question and wait for its answer."""
    child = subprocess.Popen(
        [sys.executable, "-m", "leadercli", "chat", "--json"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
        env=os.environ.copy(),
        text=True,
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        for question in QUESTIONS[:2]:
            child.stdin.write(question + "\n")
            child.stdin.flush()
            assert json.loads(child.stdout.readline())["query"] == question
        child.stdin.close()
        assert child.wait(timeout=60) == 0
    finally:
        child.kill()
        child.wait()


def test_chat_json_loads_no_terminal_library(tmp_path: Path) -> None:
    probe = (
        "import json, sys\n"
        "sys.argv = ['leadercli', 'chat', '--json']\n"
        "from leadercli.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.stderr.write('MODULES ' + json.dumps(sorted(sys.modules)))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        input="why did LeCun leave\n",
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "LEADERCLI_CACHE_DIR": str(tmp_path)},
    )
    assert json.loads(result.stdout)["answered"] is True
    loaded = {name.split(".")[0] for name in json.loads(result.stderr.rsplit("MODULES ", 1)[1])}
    assert "rich" not in loaded


def test_ctrl_c_leaves_with_130_on_a_terminal(shipped_cache: None) -> None:
    import pexpect

    assert run("about").exit_code == 0  # compiled beforehand: nothing but JSON on the terminal
    child = terminal("chat", "--json", env=dict(os.environ))
    child.sendline("why did LeCun leave")
    child.expect('"answered": true')
    child.sendintr()
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 130
    assert "Traceback" not in (child.before or "")


def test_an_endless_line_is_refused_not_read_forever(shipped_cache: None) -> None:
    """`chat --json < /dev/zero` read one line without end into memory; now it stops after 1 MiB."""
    with Path("/dev/zero").open("rb") as endless:
        result = subprocess.run(
            [sys.executable, "-m", "leadercli", "chat", "--json"],
            stdin=endless,
            check=False,
            capture_output=True,
            text=True,
            cwd=REPO,
            env=os.environ.copy(),
            timeout=60,
        )
    assert result.returncode == 2 and result.stdout == ""
    assert one_error_line(result) == (
        "leadercli: error: standard input, line 1: more than 1 MiB without a line break "
        "(chat reads one question a line, not a file)"
    )


def test_a_line_over_the_limit_ends_chat_after_the_answers_before_it() -> None:
    from leadercli.cli.chat_json import MAX_LINE

    fits = "why did LeCun leave " + "x" * (MAX_LINE - 21) + "\n"
    result = run("chat", "--json", input=QUESTIONS[0] + "\n" + fits + "y" * (MAX_LINE + 1))
    assert result.exit_code == 2
    assert [json.loads(line)["truncated"] for line in result.stdout.splitlines()] == [False, True]
    assert "standard input, line 3: more than 1 MiB" in one_error_line(result)
