"""`leadercli chat` end to end in a real pseudo-terminal (pexpect): prompt, answers, commands, leaving.

Also `--pager`, which only acts on a terminal: the pager here is a `sed` that marks every line.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

from tests.conftest import one_error_line, run, terminal

PROMPT = "leadercli> "
_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def seen(child: pexpect.spawn) -> str:
    """What the terminal showed before the last match, without styles and carriage returns."""
    return _ESCAPES.sub("", child.before or "").replace("\r", "")


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


def spawn(*args: str, cache: Path, **env: str) -> pexpect.spawn:
    environment = {
        **os.environ,
        "NO_COLOR": "1",
        "COLUMNS": "80",
        "LINES": "40",
        "TERM": "xterm",
        "LEADERCLI_CACHE_DIR": str(cache),
        **env,
    }
    environment.pop("FORCE_COLOR", None)
    return terminal(*args, env=environment, rows=40)


@pytest.fixture
def chat(shared_cache: Path) -> Iterator[pexpect.spawn]:
    child = spawn("chat", cache=shared_cache)
    child.expect_exact(PROMPT)
    yield child
    if child.isalive():
        child.terminate(force=True)


def test_a_question_is_answered_as_ask_answers_it(chat: pexpect.spawn) -> None:
    chat.sendline("why did LeCun leave")
    chat.expect_exact(PROMPT)
    answer = seen(chat)
    assert "Why is Yann LeCun leaving Meta?" in answer
    assert "confidence" in answer and "source: FAQ" in answer
    assert "╭" in answer  # a terminal: drawn as a panel, like `ask`
    chat.sendline("what is the capital of France")
    chat.expect_exact(PROMPT)
    assert "No confident answer" in seen(chat)


def test_slash_commands(chat: pexpect.spawn) -> None:
    chat.sendline("/playbook")
    chat.expect_exact(PROMPT)
    assert "1. Cultivate Diverse AI Philosophies" in seen(chat)
    assert "7. Invest in Physical World Understanding" in seen(chat)
    chat.sendline("/playbook 3")
    chat.expect_exact(PROMPT)
    assert "3. Empower AI Pioneers" in seen(chat) and "1. Cultivate" not in seen(chat)
    chat.sendline("/help")
    chat.expect_exact(PROMPT)
    for command in ("/playbook", "/risks", "/metrics", "/help", "/quit"):
        assert command in seen(chat)
    chat.sendline("/risks")
    chat.expect_exact(PROMPT)
    assert "Brain Drain" in seen(chat) and "Mitigation" in seen(chat)  # a table: names wrap
    chat.sendline("/playbook 99")
    chat.expect_exact(PROMPT)
    assert "no step 99" in seen(chat)
    chat.sendline("/nonsense")
    chat.expect_exact(PROMPT)
    assert "unknown command /nonsense" in seen(chat)
    chat.sendline("/quit")
    chat.expect(pexpect.EOF)
    chat.close()
    assert chat.exitstatus == 0


def test_ctrl_d_leaves_with_exit_0(chat: pexpect.spawn) -> None:
    chat.sendeof()
    chat.expect(pexpect.EOF)
    chat.close()
    assert chat.exitstatus == 0
    assert "Traceback" not in seen(chat)


def test_ctrl_c_leaves_with_exit_130_and_no_traceback(chat: pexpect.spawn) -> None:
    chat.sendline("/faq")
    chat.expect_exact(PROMPT)
    chat.sendintr()
    chat.expect(pexpect.EOF)
    output = seen(chat)
    chat.close()
    assert chat.exitstatus == 130
    assert "Traceback" not in output and "KeyboardInterrupt" not in output


def test_history_is_kept_between_sessions(shared_cache: Path, tmp_path: Path) -> None:
    cache = tmp_path / "history-cache"
    first = spawn("chat", cache=cache)
    first.expect_exact(PROMPT)
    first.sendline("what is llama")
    first.expect_exact(PROMPT)
    first.sendeof()
    first.expect(pexpect.EOF)
    first.close()
    assert "what is llama" in (cache / "chat_history").read_text()
    second = spawn("chat", cache=cache)
    second.expect_exact(PROMPT)
    second.send("\x1b[A")  # arrow up: the last question comes back from the history
    second.send("\r")
    second.expect_exact(PROMPT)
    assert "What is Meta's Llama?" in seen(second)
    second.sendeof()
    second.expect(pexpect.EOF)


def test_piped_chat_answers_each_line_without_prompts() -> None:
    result = run("chat")
    assert result.exit_code == 0 and result.stdout == ""
    runner_result = run_chat_input("why did LeCun leave\n/metrics\n")
    assert "Why is Yann LeCun leaving Meta?" in runner_result
    assert "Research Diversity Index" in runner_result
    assert PROMPT not in runner_result


def test_piped_chat_refuses_an_endless_line() -> None:
    """`leadercli chat < /dev/zero` read one line without end into memory; now one line and exit 2."""
    from leadercli.cli.chat_json import MAX_LINE

    result = run("chat", input="why did LeCun leave\n" + "\0" * (MAX_LINE + 1))
    assert result.exit_code == 2
    assert "Why is Yann LeCun leaving Meta?" in result.stdout  # the questions before it are answered
    assert one_error_line(result).startswith("leadercli: error: standard input, line 2: more than 1 MiB")


def run_chat_input(text: str) -> str:
    from typer.testing import CliRunner

    from leadercli.cli import app

    result = CliRunner().invoke(app, ["chat"], input=text, env={"NO_COLOR": "1", "COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_pager_only_when_asked_and_on_a_terminal(shared_cache: Path) -> None:
    marker = "sed s/^/PAGED:/"
    paged = spawn("faq", "--pager", cache=shared_cache, PAGER=marker)
    paged.expect(pexpect.EOF)
    paged.close()
    assert paged.exitstatus == 0
    assert "PAGED:lecun (7)" in seen(paged)
    plain = spawn("faq", cache=shared_cache, PAGER=marker)
    plain.expect(pexpect.EOF)
    assert "PAGED:" not in seen(plain) and "lecun (7)" in seen(plain)
    exported = spawn("export", "--pager", cache=shared_cache, PAGER=marker)
    exported.expect(pexpect.EOF)
    assert "PAGED:# Yann LeCun Leaves Meta" in seen(exported)


# --- terminal manners: bare quit/help, Ctrl-C on a half-typed line, hints in chat's own words ----------


@pytest.mark.parametrize("word", ["quit", "exit", "q", "QUIT", "Exit"])
def test_bare_quit_words_leave(chat: pexpect.spawn, word: str) -> None:
    chat.sendline(word)
    chat.expect(pexpect.EOF)
    output = seen(chat)
    chat.close()
    assert chat.exitstatus == 0
    assert "confidence" not in output and "No confident answer" not in output


@pytest.mark.parametrize("word", ["help", "?", "HELP"])
def test_bare_help_words_list_the_commands(chat: pexpect.spawn, word: str) -> None:
    chat.sendline(word)
    chat.expect_exact(PROMPT)
    shown = seen(chat)
    assert "/playbook" in shown and "/quit" in shown and "quit, exit, q" in shown
    assert "confidence" not in shown and "No confident answer" not in shown


def test_ctrl_c_clears_a_half_typed_line_then_leaves_on_an_empty_one(chat: pexpect.spawn) -> None:
    chat.send("why did LeCun")
    chat.expect_exact("why did LeCun")  # echoed: readline holds it
    chat.sendintr()
    chat.expect_exact(PROMPT)  # a fresh prompt, still in the chat
    assert chat.isalive()
    chat.sendline("what is llama")  # answered alone: the cleared words are gone
    chat.expect_exact(PROMPT)
    answer = seen(chat)
    assert "What is Meta's Llama?" in answer and "why did LeCun what is llama" not in answer
    chat.sendintr()  # on an empty line: leave
    chat.expect(pexpect.EOF)
    output = seen(chat)
    chat.close()
    assert chat.exitstatus == 130
    assert "Traceback" not in output and "KeyboardInterrupt" not in output


def test_no_answer_inside_the_chat_points_to_chat_commands(chat: pexpect.spawn) -> None:
    chat.sendline("xyzzy plugh")
    chat.expect_exact(PROMPT)
    lost = seen(chat)
    assert "No confident answer" in lost
    assert "/faq" in lost and "/help" in lost and "Run `leadercli`" not in lost
    chat.sendline("what is apple's ai strategy")
    chat.expect_exact(PROMPT)
    near = seen(chat)
    assert "The words appear in:" in near
    assert "/show ID prints one in full" in near and "/search WORDS" in near
    assert "leadercli show" not in near and "leadercli search" not in near


def test_piped_chat_commands_in_chat_words() -> None:
    output = run_chat_input("what are the risks\n/show nope\nquit\nwhy did LeCun leave\n")
    assert "/show ID prints one in full." in output  # a section asked for whole
    assert "no entry with id 'nope'. /faq lists the ids." in output
    assert "Why is Yann LeCun leaving Meta?" not in output  # nothing after `quit` is read


def test_chat_help_offers_only_what_the_pack_has(tmp_path: Path) -> None:
    guide = tmp_path / "guide.md"
    guide.write_text("# Guide\n\n## Install\n\nRun `make install`.\n", encoding="utf-8")
    result = run("--pack", str(guide), "chat", input="/help\n")
    assert result.exit_code == 0, result.output
    assert "/faq" in result.stdout and "/search" in result.stdout
    for absent in ("/playbook", "/risks", "/metrics", "/cadence", "/tools", "/insights"):
        assert absent not in result.stdout
    assert "/playbook" in run_chat_input("/help\n")  # the shipped pack has them all
