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

    try:
        compiled.matcher()  # built (or read) before the first line, as in chat
        while line := sys.stdin.readline():
            question = line.strip()
            if question:
                sys.stdout.write(
                    payloads.dumps_line(payloads.ask(compiled, answer(compiled, question))) + "\n"
                )
                sys.stdout.flush()
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    return EXIT_OK
