"""How `ask`, `eval` and the overview look."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, NamedTuple

from rich import box
from rich.console import RenderableType
from rich.padding import Padding
from rich.table import Table
from rich.text import Text

from leadercli.packs.pack import Pack, RecordSource
from leadercli.packs.sections import SECTIONS
from leadercli.render import ACCENT, Renderer, layout, lookup, record_body, shorten, source_label, text

if TYPE_CHECKING:
    from leadercli.answering import Reply
    from leadercli.matching import Decision, Match
    from leadercli.matching.evaluate import Report
    from leadercli.packs.overview import Overview


class Hints(NamedTuple):
    """Where a reader goes next, in the words of the place the answer is shown: the shell or `chat`."""

    show: str = "`leadercli show ID` prints one in full"
    search: str = "`leadercli search WORDS` lists every place"
    lost: str = "Run `leadercli` for an overview of what I know."


SHELL = Hints()
CHAT = Hints(
    "/show ID prints one in full",
    "/search WORDS lists every place",
    "/faq lists every question; /help lists the commands.",
)


def answer(out: Renderer, pack: RecordSource, reply: Reply, top: int, hints: Hints = SHELL) -> None:
    """An answer as `ask` and `chat` show it: the record, a whole section, or no answer and why."""
    decision, places = reply.decision, reply.places
    if reply.overview is not None:
        _overview(out, reply.overview, hints)
        return
    if decision.truncated:
        out.console.print(text("(question shortened for matching: it was very long)", "dim"))
    if decision.answered and decision.best is not None:
        found = lookup(pack, decision.best)
        footer = text(f"{_confidence(decision)} · {source_label(found)}", "dim")
        title = text(found.heading, f"bold {ACCENT}")
        out.print(out.block(title, record_body(found, out.fancy), footer))
        if top > 0 and decision.alternatives:
            out.print()
            _candidates(out, "Next candidates", pack, decision.alternatives[:top])
        elif decision.close:
            _candidates(out, "Also close", pack, decision.close)
        return
    query = decision.query.strip() or "(an empty question)"
    out.print(Text.assemble("No confident answer to ", text(f"“{shorten(query)}”", "bold"), "."))
    suggestions = decision.alternatives[: max(3, top)]
    if suggestions:
        _candidates(out, "Did you mean", pack, suggestions)
    if places:
        out.print(text("The words appear in:", "bold"))
        layout.listing(out, [(text(hit.record.heading), hit.record.id) for hit in places])
        out.print(text(f"{hints.show}; {hints.search}.", "dim"))
    else:
        out.print(text(hints.lost, "dim"))


def _confidence(decision: Decision) -> str:
    """The chance that the answer is right, as users read a confidence: a percentage."""
    if decision.confidence is None:  # a matcher that gives none: its raw score
        return f"score {round(decision.best.score) if decision.best else 0}"
    return f"confidence {round(100 * decision.confidence)}%"


def _overview(out: Renderer, overview: Overview, hints: Hints) -> None:
    """A section asked for whole: each of its records, heading and id, as a list to pick from."""
    out.print(text(overview.title, f"bold {ACCENT}").append(f" · {len(overview.records)}", "dim"))
    layout.listing(out, [(text(item.heading), item.id) for item in overview.records])
    out.print(text(f"{hints.show}.", "dim"))


def whole(out: Renderer, overview: Overview) -> None:
    """`show ID` of a document heading with sub-sections: its overview, as `ask` shows it."""
    _overview(out, overview, SHELL)


def _candidates(out: Renderer, title: str, pack: RecordSource, matches: Sequence[Match]) -> None:
    """Runners-up with their scores and ids: ids are what a reader copies, so they never break."""
    out.print(text(title, "bold"))
    found = [lookup(pack, match) for match in matches]
    scores = [str(round(match.score)) for match in matches]
    layout.listing(out, [(text(item.heading), item.id) for item in found], lead=scores)


def overview(
    out: Renderer, pack: Pack, commands: Sequence[tuple[str, str]], version: str, absent: Sequence[str] = ()
) -> None:
    """Bare `leadercli`: the active pack, what it holds, the commands that work on it, and a question it
    answers to try."""
    counts = pack.counts()
    known = ", ".join(
        f"{count} {SECTIONS[name].label if count == 1 else SECTIONS[name].plural}"
        for name, count in counts.items()
        if count
    )
    out.print(text(f"leadercli {version}", f"bold {ACCENT}"))  # a heading, not a panel: panels are answers
    out.print(text(pack.title, "bold"))
    if pack.source:
        out.print(text(f"Source: {pack.source}", "dim"))
    out.print(text(f"Pack: {pack.directory}", "dim"))
    out.print(text(f"Knows: {known}."))
    table = Table(box=None, show_header=False, pad_edge=False, padding=(0, 2, 0, 0))
    table.add_column(style=f"bold {ACCENT}", no_wrap=True)
    table.add_column(overflow="fold")  # a word wider than the column is folded, never cut
    for name, summary in commands:
        table.add_row(name, summary)
    out.print()
    out.print(Text("Commands", style="bold"))
    out.print(Padding(table, (0, 0, 0, 2), expand=False))
    if absent:
        out.print(text(f"  Not in this pack: {', '.join(absent)}.", "dim"))
    out.print()
    example = pack.example_question()
    tries = [f"leadercli ask {shell_quoted(example)}"] if example else []
    for number, command in enumerate([*tries, "leadercli help COMMAND"]):
        out.print(text(f"{'     ' if number else 'Try: '}{command}", "dim"))


def shell_quoted(value: str) -> str:
    """`value` as one shell word to copy: in double quotes when nothing inside them is special to a shell
    (`$`, `` ` ``, `\\`, `"`, `!`), else as shlex quotes it."""
    if not any(character in value for character in '$`\\"!'):
        return f'"{value}"'
    import shlex

    return shlex.quote(value)


def evaluation(out: Renderer, report: Report, calibrated: bool) -> None:
    kind = "calibrated" if calibrated else "pack settings"
    if report.threshold is None or report.margin is None:
        rule = f"confidence at least {round(100 * (report.min_confidence or 0.0))}%"
    else:
        rule = f"threshold {report.threshold:g} · margin {report.margin:g}"
    out.print(text(f"Evaluation: {report.cases} cases · {rule} ({kind})", "bold"))
    figures = Table(box=box.SIMPLE if out.fancy else None, show_header=False, pad_edge=False)
    figures.add_column(overflow="fold")  # a label wraps; a figure never does
    figures.add_column(justify="right", style=ACCENT, no_wrap=True)
    for label, value in (
        ("top-1 accuracy (ignoring the threshold)", f"{report.top1_accuracy:.1%}"),
        ("in-scope accuracy", f"{report.in_scope_accuracy:.1%}"),
        ("out-of-scope recall", f"{report.oos_recall:.1%}"),
        ("out-of-scope precision", f"{report.oos_precision:.1%}"),
        ("false rejections", str(report.false_rejections)),
        ("throughput", f"{report.questions_per_second:,.0f} questions/s"),
    ):
        figures.add_row(label, value)
    out.print(figures)
    if report.confusions:
        out.print()
        _confusions(out, report)
    out.print()
    out.print(_histogram(out, report))
    if calibrated:
        out.print()
        out.print(text("Paste into the pack's faq.yaml to use these values:", "bold"))
        out.print(
            text(f"settings:\n  threshold: {report.threshold or 0:g}\n  margin: {report.margin or 0:g}")
        )


def _confusions(out: Renderer, report: Report) -> None:
    """Expected and answered ids side by side when both fit unbroken, else one under the other."""
    rows = [
        (expect or "(no answer)", got or "(no answer)", str(count))
        for expect, got, count in report.confusions
    ]
    columns = [
        layout.Column(name, [Text(row[index]) for row in rows], None)
        for index, name in enumerate(("expected", "answered", "cases"))
    ]
    chrome = 8 if out.fancy else 4  # padding between the columns; on a terminal, the frame's edges too
    if layout.widths(out.measure, columns, chrome) is not None:
        confusions = _titled_table(out, "Most frequent confusions")
        confusions.add_column("expected", no_wrap=True)
        confusions.add_column("answered", no_wrap=True)
        confusions.add_column("cases", justify="right")
        for expect, got, count in rows:
            confusions.add_row(text(expect), text(got), count)
        out.print(confusions)
        return
    out.print(text("Most frequent confusions", "bold"))
    for expect, got, count in rows:
        cases = f"{count} case{'' if count == '1' else 's'}: "
        out.print(layout.id_line(expect, 2, f"{cases}expected "))
        out.print(layout.id_line(got, 2 + len(cases), "answered "))


def _titled_table(out: Renderer, title: str) -> Table:
    """A light table under a bold title: a rule under the header on a terminal, no lines when piped."""
    return Table(
        title=title,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE if out.fancy else None,
        pad_edge=False,
    )


def _histogram(out: Renderer, report: Report) -> RenderableType:
    table = _titled_table(out, "Top confidence per case")
    for name, justify in (
        ("confidence", "left"),
        ("correct", "right"),
        ("wrong", "right"),
        ("no answer", "right"),
    ):
        table.add_column(name, justify=justify, overflow="fold")  # type: ignore[arg-type]
    # The bars take what the figures leave (the figures' columns and padding take 41), up to 30
    # characters; on a terminal too narrow for a bar worth reading, the figures stand alone.
    room = min(30, out.measure - 41 - (4 if out.fancy else 0))
    if room >= MIN_BAR:
        table.add_column("", no_wrap=True, width=room)
    rows = report.histogram.items()
    widest = max((sum(counts.values()) for _, counts in rows), default=0) or 1
    for bucket, counts in rows:
        bar = Text()
        for kind, style, mark in (
            ("correct", "green", "█"),
            ("wrong", "red", "▒"),
            ("no_answer", "dim", "░"),
        ):
            bar.append(mark * round(room * counts[kind] / widest), style=style)
        figures = (bucket, str(counts["correct"]), str(counts["wrong"]), str(counts["no_answer"]))
        table.add_row(*figures, *([bar] if room >= MIN_BAR else []))
    return table


MIN_BAR = 8
