"""`leadercli chat --json`: a question a line in, its `ask --json` document a line out (JSON Lines).

For a script with many questions, or one that asks as it goes (a coprocess): the pack is opened and
its matcher built once, not once a question. Every line is a question (no slash commands: the other
commands have their own --json); each answer is written and flushed as soon as it is known. The end
of the input ends it, with status 0 whether or not each question was answered (see `answered`).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from leadercli.errors import EXIT_INTERRUPTED, EXIT_OK, LeadercliError

if TYPE_CHECKING:
    from leadercli.store.compiled import CompiledPack

MAX_LINE = 1 << 20
"""Characters read of one line at most, as `ask -` reads at most 1 MiB: a question, not a file."""


def run(compiled: CompiledPack) -> int:
    """The read-answer loop without a prompt or a terminal library; returns the exit code."""
    from leadercli import payloads
    from leadercli.answering import answer
    from leadercli.cli.app import emit_text

    try:
        compiled.matcher()  # built (or read) before the first line, as in chat
        number = 0
        while line := read_line(number := number + 1):
            question = line.strip()
            if question:
                emit_text(payloads.dumps_line(payloads.ask(compiled, answer(compiled, question))) + "\n")
                sys.stdout.flush()
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    return EXIT_OK


def read_line(number: int) -> str:
    """Line `number` of standard input, "" at its end. A closed stdin, or one that cannot be read (EIO:
    the terminal went away), is the end of input. A line is read only up to MAX_LINE
    characters, as `ask -` reads a question: a longer one (`< /dev/zero`, a binary file) is refused
    rather than read into memory without end."""
    if sys.stdin is None:
        return ""
    try:
        line = sys.stdin.readline(MAX_LINE + 1)
    except OSError:
        return ""
    if len(line) > MAX_LINE and not line.endswith("\n"):
        raise LeadercliError(
            f"standard input, line {number}: more than {MAX_LINE >> 20} MiB without a line "
            "break (chat reads one question a line, not a file)"
        )
    return line
