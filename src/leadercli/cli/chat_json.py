"""`leadercli chat --json`: a question a line in, its `ask --json` document a line out (JSON Lines).

For a script with many questions, or one that asks as it goes (a coprocess): the pack is opened and
its matcher built once, not once a question. Every line is a question (no slash commands: the other
commands have their own --json); each answer is written and flushed as soon as it is known. The end
of the input ends it, with status 0 whether or not each question was answered (see `answered`).
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

from leadercli.errors import EXIT_INTERRUPTED, EXIT_OK

if TYPE_CHECKING:
    from leadercli.store.compiled import CompiledPack


def run(compiled: CompiledPack) -> int:
    """The read-answer loop without a prompt or a terminal library; returns the exit code."""
    from leadercli import payloads
    from leadercli.answering import answer
    from leadercli.cli.app import emit_text

    try:
        compiled.matcher()  # built (or read) before the first line, as in chat
        while line := _read_line():
            question = line.strip()
            if question:
                emit_text(payloads.dumps_line(payloads.ask(compiled, answer(compiled, question))) + "\n")
                sys.stdout.flush()
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    return EXIT_OK


def _read_line() -> str:
    """A closed stdin, or one that cannot be read (EIO: the terminal went away), is the end of input."""
    if sys.stdin is None:
        return ""
    try:
        return sys.stdin.readline()
    except OSError:
        return ""
