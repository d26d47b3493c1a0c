"""`-h` for every command: plain text (no boxes, nothing padded), paragraphs wrapped evenly, placeholders
in capitals, and one or two examples at the end that use the command's real options."""

from __future__ import annotations

import itertools
import re
import shlex
from collections.abc import Iterator

import pytest
import typer

from leadercli.cli import app
from tests.conftest import run

BOX = set("╭╮╰╯│─├┤┬┴┼")


def _commands() -> Iterator[tuple[str, ...]]:
    group = typer.main.get_command(app)
    yield ()
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        yield (name,)
        for sub in getattr(command, "commands", {}):
            yield (name, sub)


COMMANDS = list(_commands())


def _help(path: tuple[str, ...], width: int = 80) -> str:
    result = run(*path, "--help", width=width)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(path) or "leadercli")
def test_help_is_plain_text_that_ends_with_examples(path: tuple[str, ...]) -> None:
    shown = _help(path)
    assert not BOX & set(shown), "box drawing in piped help"
    lines = shown.splitlines()
    assert all(line == line.rstrip() for line in lines), "lines padded with spaces"
    assert max(len(line) for line in lines) <= 78
    examples = lines[lines.index("Examples:") + 1 :]
    assert 1 <= len(examples) <= 2 and all(line.startswith("  leadercli ") for line in examples), examples
    for example in examples:
        _assert_runs(shlex.split(example)[1:])


def _assert_runs(words: list[str]) -> None:
    """Every option an example uses is one its command (or the root) takes."""
    group = typer.main.get_command(app)
    root_options = {opt for param in group.params for opt in param.opts}
    command, known = group, set(root_options)
    for word in words:
        if word == ">":
            break
        children = getattr(command, "commands", {})
        if not word.startswith("-") and word in children:
            command = children[word]
            known |= {opt for param in command.params for opt in param.opts}
        elif word.startswith("-"):
            assert word in known | {"-h", "--help"}, f"{word} is not an option of {command.name}"
    assert command is not group, f"{words} names no command"


@pytest.mark.parametrize("path", COMMANDS, ids=lambda path: " ".join(path) or "leadercli")
def test_placeholders_are_capitals(path: tuple[str, ...]) -> None:
    shown = _help(path)
    usage = shown.split("\n\n")[0]
    sections = {block.split(":", 1)[0]: block for block in shown.split("\n\n")}
    for line in sections.get("Arguments", "").splitlines()[1:]:
        if line.startswith("  ") and not line.startswith("   "):
            assert re.fullmatch(r"[A-Z]+(\.\.\.)?", line.split()[0]), (
                line
            )  # QUESTION, not {QUESTION} or cases
    assert not re.search(r"<(str|int|text|path|integer|float)", shown)  # a type name is no placeholder
    assert "x<=" not in shown and "x>=" not in shown
    assert re.fullmatch(
        r"Usage: leadercli[ a-z]* \[OPTIONS\]( [A-Z.\[\]]+)*( COMMAND \[ARGS\]\.\.\.)?", usage
    )


@pytest.mark.parametrize("width", [40, 80, 120])
@pytest.mark.parametrize("path", [("export",), ("ask",), ("validate",), ("extract",), ("search",)])
def test_paragraphs_are_wrapped_evenly(path: tuple[str, ...], width: int) -> None:
    """No line ends early when the next word would have fitted on it (a docstring's own line breaks)."""
    shown = "\n".join(line.rstrip() for line in _help(path, width).splitlines())
    limit = min(width, 100) - 2
    description = shown.split("\n\n")[1:]
    for paragraph in description:
        if paragraph.startswith(("Arguments:", "Options:", "Examples:", "Commands:")):
            break
        lines = paragraph.splitlines()
        for line, following in itertools.pairwise(lines):
            assert len(line) + 1 + len(following.split()[0]) > limit, (line, following)


def test_help_is_no_wider_than_the_readable_measure() -> None:
    shown = _help(("ask",), 200)
    assert max(len(line) for line in shown.splitlines()) <= 98


def test_a_narrow_terminal_stacks_option_help_under_the_option() -> None:
    lines = _help(("ask",), 40).splitlines()
    top = lines.index("  -n, --top N")
    assert lines[top + 1].startswith("      Also list the next N candidates")
    assert max(len(line) for line in lines if not line.startswith("  leadercli ")) <= 38


def test_top_out_of_bounds_is_said_in_words() -> None:
    result = run("ask", "q", "--top", "51")
    assert result.exit_code == 2
    assert "51 is not from 0 to 50" in result.stderr
    assert "is not a whole number" in run("ask", "q", "--top", "many").stderr
    assert "0 is not 1 or more" in run("search", "talent", "-n", "0").stderr
