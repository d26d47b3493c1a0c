"""Commands that answer: `ask` and `eval`."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, Optional

import typer

from leadercli import payloads
from leadercli.cli.app import JsonOption, PackOption, PlainOption, app, compiled, respond
from leadercli.cli.typer_internals import PATH, Bounded, UsageError
from leadercli.errors import EXIT_NO_ANSWER, LeadercliError

MAX_STDIN_QUESTION = 1 << 20
"""Bytes `ask` reads from standard input at most: a question, not a file (longer ones are refused)."""


@app.command(
    epilog="""
        leadercli ask "why did LeCun leave"
        leadercli ask "what could go wrong with open source" --top 3
    """
)
def ask(
    ctx: typer.Context,
    words: Annotated[
        Optional[list[str]],  # noqa: UP045
        typer.Argument(
            metavar="QUESTION...",
            help="Your question, in your own words; quotes are optional. "
            "`-`, or nothing when input is piped: read it from standard input.",
            show_default=False,
        ),
    ] = None,
    top: Annotated[
        int,
        typer.Option(
            "--top",
            "-n",
            metavar="N",
            click_type=Bounded(0, 50),
            help="Also list the next N candidates (up to 50).",
        ),
    ] = 0,
    json: JsonOption = False,
    plain: PlainOption = False,
    pack: PackOption = None,
) -> None:
    """Answer a question from the pack, or say honestly that it cannot.

    Prints the answer with the matched question, its confidence (the estimated chance that it is
    right) and the source section.
    When no answer is confident enough it suggests close questions and exits 1.
    """
    from leadercli.answering import answer

    question = _question(ctx, words or [])
    loaded = compiled(ctx, pack)
    reply = answer(loaded, question, alternatives=max(3, top), every=top > 0)
    respond(json, lambda: payloads.ask(loaded, reply), "answers.answer", loaded, reply, top)
    if not reply.answered:
        raise typer.Exit(EXIT_NO_ANSWER)


def _question(ctx: typer.Context, words: list[str]) -> str:
    """The words given, as typed (`ask why did lecun leave`, as howdoi takes them); from standard input
    for `-`, or for no words when input is piped (`echo ... | leadercli ask`)."""
    if words and words != ["-"]:
        return " ".join(words)
    if not words and (sys.stdin is None or sys.stdin.isatty()):  # None: started with stdin closed
        raise UsageError("Missing argument 'QUESTION...': type it after `ask`, or pipe it in.", ctx)
    return _read_question(sys.stdin)


def _read_question(stream: Any) -> str:
    """One question from a stream: at most MAX_STDIN_QUESTION bytes, undecodable bytes kept as PEP 383
    escapes (shown as `\\xff`, as in argv), lines and runs of spaces joined into one line."""
    raw = getattr(stream, "buffer", stream)
    try:
        data = raw.read(MAX_STDIN_QUESTION + 1) if raw is not None else b""
    except OSError as error:
        why = error.strerror or error
        raise LeadercliError(f"cannot read the question from standard input: {why}") from None
    if isinstance(data, str):  # a text stream without a buffer (an embedding application's)
        data = data.encode("utf-8", "surrogateescape")
    if len(data) > MAX_STDIN_QUESTION:
        size = f"{MAX_STDIN_QUESTION >> 20} MiB"
        raise LeadercliError(f"standard input holds more than {size}: ask reads one question, not a file")
    question = " ".join(data.decode("utf-8-sig", "surrogateescape").split())
    if not question:
        raise LeadercliError("no question: standard input is empty (pipe one in, or type it after `ask`)")
    return question


@app.command(
    "eval",
    epilog="""
        leadercli eval tests/eval/questions.yaml
        leadercli eval cases.yaml --calibrate --errors failures.jsonl
    """,
)
def evaluate_cases(
    ctx: typer.Context,
    cases: Annotated[
        Path,
        typer.Argument(
            metavar="CASES",
            click_type=PATH,
            help="Labelled questions: YAML or JSON Lines of {query, expect}.",
        ),
    ],
    errors: Annotated[
        Optional[Path],  # noqa: UP045
        typer.Option(
            "--errors", metavar="FILE", click_type=PATH, help="Write every failed case (JSON Lines) to FILE."
        ),
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="Replace the --errors FILE if it exists.")] = False,
    calibrate: Annotated[
        bool, typer.Option("--calibrate", help="Find the threshold and margin that fit these cases best.")
    ] = False,
    json: JsonOption = False,
    plain: PlainOption = False,
    pack: PackOption = None,
) -> None:
    """Measure answer accuracy on labelled questions.

    CASES is YAML or JSON Lines of {query, expect}, where expect is a record id, or null for a
    question the pack must not answer.
    """
    from leadercli.matching import evaluate
    from leadercli.packs.bridge import effective
    from leadercli.packs.cases import load_cases
    from leadercli.store.files import refuse_existing, write_atomic

    if errors is not None:
        refuse_existing(errors, overwrite=force)  # before the work, not after it
    loaded = compiled(ctx, pack)
    labelled = load_cases(cases, {record.id for record in loaded.pack().records()})
    index = loaded.matcher()
    rule = effective(loaded.settings)
    if calibrate:
        threshold, margin = evaluate.calibrate(index, labelled)
        rule = rule._replace(threshold=threshold, margin=margin, min_confidence=None)
    report = evaluate.evaluate(
        index, labelled, threshold=rule.threshold, margin=rule.margin, min_confidence=rule.min_confidence
    )
    if errors is not None:
        lines = "".join(payloads.dumps_line(payloads.failure(item)) + "\n" for item in report.failures)
        write_atomic(errors, lines, overwrite=force)
    respond(json, lambda: payloads.evaluation(report), "answers.evaluation", report, calibrate)
