"""The browsing commands end to end: faq, show, metrics, cadence, tools, insights, search, export.

Each command is run as a pipe sees it (plain, no ANSI, no box drawing) at 60, 80 and 160 columns,
with --json (exactly one document), and on a forced terminal where it draws tables.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import icalendar
import pytest

from leadercli.cli.browse import complete_record_ids, complete_step_numbers
from tests.conftest import REPO, run, run_json, terminal

PackMaker = Callable[..., Path]
ANSI = re.compile(r"\x1b\[")
BOX = re.compile(r"[─│╭╮╰╯┌┐└┘├┤┬┴┼━┃]")
TERMINAL = {"FORCE_COLOR": "1", "NO_COLOR": ""}
COMMANDS = [
    ("faq",),
    ("show", "turing-award"),
    ("metrics",),
    ("cadence",),
    ("tools",),
    ("insights",),
    ("search", "talent", "retension"),
]


@pytest.fixture(scope="module")
def shared_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(autouse=True)
def _compile_the_shipped_pack_once(monkeypatch: pytest.MonkeyPatch, shared_cache: Path) -> None:
    """These tests read the shipped pack, never change it: one compiled cache serves them all."""
    monkeypatch.setenv("LEADERCLI_CACHE_DIR", str(shared_cache))


def plain_lines(output: str) -> list[str]:
    return output.splitlines()


@pytest.mark.parametrize("width", [60, 80, 160])
@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: args[0])
def test_piped_output_is_plain_and_fits_the_width(args: tuple[str, ...], width: int) -> None:
    result = run(*args, width=width)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert not ANSI.search(result.stdout) and not BOX.search(result.stdout)
    lines = plain_lines(result.stdout)
    assert lines and all(len(line) <= width for line in lines), max(lines, key=len)
    assert all(line == line.rstrip() for line in lines)  # no padding for grep and diff to trip on


@pytest.mark.parametrize("width", [60, 80, 160])
@pytest.mark.parametrize("command", ["metrics", "cadence", "tools", "risks"])
def test_tables_on_a_terminal_are_closed_boxes_within_the_width(command: str, width: int) -> None:
    result = run(command, env=TERMINAL, width=width)
    assert result.exit_code == 0
    lines = [ANSI.sub("", line) for line in re.sub(r"\x1b\[[0-9;]*m", "", result.stdout).splitlines()]
    table = [line for line in lines if line[:1] in "╭│├╰"]
    assert table[0].startswith("╭") and table[-1].startswith("╰")
    lengths = {len(line.rstrip()) for line in table}
    assert len(lengths) == 1 and lengths.pop() <= width  # every row as wide as the frame: nothing broken
    assert all(line.rstrip().endswith(("╮", "│", "┤", "╯")) for line in table)


def test_wide_terminals_keep_prose_tables_readable() -> None:
    result = run("cadence", env=TERMINAL, width=200)
    frame = next(line for line in re.sub(r"\x1b\[[0-9;]*m", "", result.stdout).splitlines() if "╭" in line)
    assert len(frame.rstrip()) == 120


def test_faq_lists_every_question_with_its_id_grouped_by_tag() -> None:
    result = run("faq", width=80)
    assert result.exit_code == 0
    document = run_json("faq")
    assert document["count"] == 24
    ids = [entry["id"] for group in document["groups"] for entry in group["entries"]]
    assert len(ids) == len(set(ids)) == 24
    for group in document["groups"]:
        assert re.search(rf"^{re.escape(group['tag'])} \({len(group['entries'])}\)$", result.stdout, re.M)
        for entry in group["entries"]:
            assert entry["id"] in result.stdout
            assert set(entry) >= {"id", "section", "question", "answer", "tags"}
    assert document["tags"]["insight"] == [
        "insight-talent-departures-signal-shifts",
        "insight-philosophy-disagreements-cause-exits",
        "insight-startups-advance-ai",
    ]


def test_faq_header_names_the_command_without_markup() -> None:
    header = run("faq").stdout.splitlines()[1]
    assert header == "24 questions by topic · leadercli show ID prints one in full"
    shown = re.sub(r"\x1b\[[0-9;]*m", "", run("faq", env=TERMINAL).stdout).splitlines()[1]
    assert shown.rstrip() == header  # no backticks on a terminal either: the command is in bold


def test_faq_without_topics_is_one_list(make_pack: PackMaker) -> None:
    pack = make_pack(
        "entries:\n"
        "  - {id: a, question: First question?, answer: x, tags: [solo]}\n"
        "  - {id: b, question: Second question?, answer: x}\n"
    )
    lines = run("faq", "--pack", str(pack)).stdout.splitlines()
    assert lines[1:] == [
        "2 questions · leadercli show ID prints one in full",
        "",
        "First question?" + " " * 64 + "a",
        "Second question?" + " " * 63 + "b",
    ]
    assert [group["tag"] for group in run_json("faq", "--pack", str(pack))["groups"]] == ["other"]


def test_faq_puts_ids_beside_questions_when_there_is_room() -> None:
    wide = run("faq", width=160).stdout
    assert re.search(r"Why is Yann LeCun leaving Meta\? +why-lecun-is-leaving-meta$", wide, re.M)
    narrow = run("faq", width=60).stdout
    assert re.search(r"- Why is Yann LeCun leaving Meta\?\n +why-lecun-is-leaving-meta$", narrow, re.M)


def test_show_prints_an_entry_in_full() -> None:
    result = run("show", "turing-award")
    assert result.exit_code == 0
    for part in ("What award has Yann LeCun won?", "Also asked as:", "tags: ", "id: turing-award"):
        assert part in result.stdout
    assert "source: Why This Matters Now" in result.stdout
    document = run_json("show", "turing-award")
    assert document["id"] == "turing-award" and document["section"] == "faq"
    step = run_json("show", "empower-pioneers")
    assert step["number"] == 3 and step["section"] == "playbook"
    assert "3. Empower AI Pioneers" in run("show", "empower-pioneers").stdout


def test_show_unknown_id_is_exit_2_with_a_suggestion() -> None:
    result = run("show", "turing-awrd")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        "leadercli: error: no entry with id 'turing-awrd'. Did you mean 'turing-award'?"
    )
    assert "leadercli faq" in run("show", "zzz").stderr


@pytest.mark.parametrize("typed", ["WHY-LECUN-IS-LEAVING-META", "Why-LeCun-Is-Leaving-Meta"])
def test_show_finds_an_id_in_any_case(typed: str) -> None:
    result = run("show", typed)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Why is Yann LeCun leaving Meta?")
    assert run_json("show", typed)["id"] == "why-lecun-is-leaving-meta"


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [
        ("TURING-AWRD", "Did you mean 'turing-award'?"),
        ("lecun-leaving-meta", "Did you mean 'why-lecun-is-leaving-meta' or 'lecun-role-at-meta'?"),
        (
            "LeCun",
            "Did you mean 'why-lecun-is-leaving-meta', 'lecun-startup-focus' or "
            "'lecun-on-large-language-models'?",
        ),
    ],
)
def test_show_unknown_id_suggests_the_closest_ids(typed: str, suggested: str) -> None:
    result = run("show", typed)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == f"leadercli: error: no entry with id '{typed}'. {suggested}\n"


def test_show_leaves_the_deliberate_typos_out_of_also_asked_as() -> None:
    result = run("show", "risk-brain-drain")
    assert result.exit_code == 0
    assert "brain drian" not in result.stdout
    for readable in ("brain drain risk", "how do we mitigate brain drain", "internal incubators to keep"):
        assert readable in result.stdout
    assert "(and 1 misspelt phrasing, kept for matching)" in result.stdout
    assert "brain drian from big tech" in run_json("show", "risk-brain-drain")["alternates"]  # JSON: all
    assert run_json("ask", "brain drian from big tech")["match"]["id"] == "risk-brain-drain"
    clean = run("show", "lecun-role-at-meta").stdout
    assert "Lecunn role at metas" not in clean and "(and 1 misspelt phrasing" in clean


@pytest.mark.parametrize(
    ("command", "key", "count"), [("metrics", "metrics", 4), ("tools", "tools", 3), ("cadence", "cadence", 3)]
)
def test_section_commands_json(command: str, key: str, count: int) -> None:
    document = run_json(command)
    assert document["reference"]
    assert len(document[key]) == count
    assert all(item["section"] == key for item in document[key])


def test_metrics_cadence_tools_show_what_each_covers() -> None:
    metrics = run("metrics").stdout
    assert "Talent Retention Rate (AI)" in metrics and "retention of key AI scientists" in metrics
    cadence = run("cadence").stdout
    for period in ("Monthly · ", "Quarterly · ", "Annual · "):
        assert period in cadence
    assert "Ethical AI Governance Frameworks" in run("tools").stdout


def test_insights_are_the_faq_entries_tagged_insight() -> None:
    document = run_json("insights")
    assert [item["id"] for item in document["insights"]] == [
        "insight-talent-departures-signal-shifts",
        "insight-philosophy-disagreements-cause-exits",
        "insight-startups-advance-ai",
    ]
    assert all(item["section"] == "faq" for item in document["insights"])
    assert "What do high-profile departures signal" in run("insights").stdout
    assert "╭" in run("insights", env=TERMINAL, width=100).stdout


def test_missing_sections_are_exit_2(make_pack: PackMaker) -> None:
    pack = str(make_pack())
    for command, what in (
        ("metrics", "metrics"),
        ("tools", "tools"),
        ("cadence", "review cadence"),
        ("insights", "research findings"),
    ):
        result = run(command, "--pack", pack)
        assert result.exit_code == 2, command
        assert f"has no {what}" in result.stderr


def test_search_ranks_highlights_and_names_the_section() -> None:
    result = run("search", "talent", "retension")
    assert result.exit_code == 0
    # 8: with ask's typo budget (one edit below ten letters) "retension" no longer finds "tension"
    assert result.stdout.splitlines()[0].startswith("8 places for “talent retension”")
    assert "1. Talent Retention Rate (AI)" in result.stdout
    assert "metrics · metric-talent-retention-rate · score " in result.stdout
    coloured = run("search", "talent", "retension", env=TERMINAL).stdout
    assert "\x1b[1;4;33mRetention" in coloured  # the matched word is highlighted on a terminal
    document = run_json("search", "talent", "retension")
    assert document["count"] == len(document["results"]) == 8
    best = document["results"][0]
    assert best["id"] == "metric-talent-retention-rate" and best["section"] == "metrics"
    assert [best["question"][s:e] for s, e in best["question_spans"]] == ["Talent", "Retention"]
    assert all(best["snippet"][s:e].casefold() in {"talent", "retention"} for s, e in best["spans"])
    assert "insight" in run("search", "innovation").stdout  # research findings are named as such


def test_search_limit_and_no_hits() -> None:
    limited = run_json("search", "lecun", "--limit", "2")
    assert len(limited["results"]) == limited["count"] == 2 and limited["total"] > 2
    assert f"{limited['total']} places for “lecun” (best 2 shown)" in run("search", "lecun", "-n", "2").stdout
    result = run("search", "xyzzy")
    assert result.exit_code == 1
    assert "Nothing in the pack matches “xyzzy”" in result.stdout
    none = run("search", "xyzzy", "--json")
    assert none.exit_code == 1
    assert json.loads(none.stdout) == {
        "query": "xyzzy",
        "terms": ["xyzzy"],
        "count": 0,
        "total": 0,
        "results": [],
    }


def test_cadence_ics_to_stdout_parses(tmp_path: Path) -> None:
    result = run("cadence", "--ics", "--start", "2030-02-01")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n")
    found: list[Any] = list(icalendar.Calendar.from_ical(result.stdout).walk("VEVENT"))
    assert [event.decoded("DTSTART") for event in found] == [date(2030, 2, 1)] * 3
    assert {str(event["RRULE"].to_ical(), "ascii") for event in found} == {
        "FREQ=MONTHLY",
        "FREQ=MONTHLY;INTERVAL=3",
        "FREQ=YEARLY",
    }


def test_cadence_ics_default_start_is_next_month() -> None:
    (first, *_) = icalendar.Calendar.from_ical(run("cadence", "--ics").stdout).walk("VEVENT")
    start = first.decoded("DTSTART")
    assert start.day == 1 and start > date.today()


def test_cadence_ics_to_a_file_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "cadence.ics"
    result = run("cadence", "--ics", "-o", str(target), "--start", "2030-02-01")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"Wrote {target}: 3 events (3 recurring) from 2030-02-01."
    assert len(list(icalendar.Calendar.from_ical(target.read_text()).walk("VEVENT"))) == 3
    again = run("cadence", "--ics", "-o", str(target))
    assert again.exit_code == 2 and "already exists (use --force" in again.stderr
    report = run("cadence", "--ics", "-o", str(target), "--force", "--json")
    assert report.exit_code == 0
    assert json.loads(report.stdout) | {"bytes": 0} == {
        "path": str(target),
        "format": "ics",
        "bytes": 0,
        "events": 3,
        "recurring": 3,
    }
    assert sorted(path.name for path in tmp_path.iterdir()) == ["cadence.ics"]  # no temporary file left


def test_cadence_options_need_ics() -> None:
    result = run("cadence", "--start", "2030-01-01")
    assert result.exit_code == 2 and "only apply with --ics" in result.stderr
    bad = run("cadence", "--ics", "--start", "someday")
    assert bad.exit_code == 2 and "--start 'someday' is not a date" in bad.stderr


def test_cadence_ics_json_without_file_is_one_document() -> None:
    document = run_json("cadence", "--ics")
    assert document["format"] == "ics" and document["content"].startswith("BEGIN:VCALENDAR")


def test_export_markdown_to_stdout_by_default() -> None:
    result = run("export")
    assert result.exit_code == 0
    assert result.stdout.startswith("# Yann LeCun Leaves Meta")
    assert "## Playbook" in result.stdout and "| Risk | What could go wrong | Mitigation |" in result.stdout


def test_export_json_is_the_whole_pack() -> None:
    document = run_json("export")
    assert run_json("export", "--format", "json") == document
    assert json.loads(run("export", "--format", "json").stdout) == document
    assert document["title"].startswith("Yann LeCun Leaves Meta")
    assert {name: len(items) for name, items in document["sections"].items()} == {
        "faq": 24,
        "playbook": 7,
        "risks": 4,
        "tools": 3,
        "metrics": 4,
        "cadence": 3,
    }
    assert document["counts"]["faq"] == 24


@pytest.mark.parametrize("command", [("export",), ("cadence", "--ics")], ids=["export", "cadence"])
def test_a_file_without_force_is_refused_before_the_pack_is_compiled(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    """Was: `export -o FILE` compiled the pack first (seconds for a big one) and only then said FILE
    already exists; now the refusal comes first: here before the (missing) pack is even looked at."""
    target = tmp_path / "kept.txt"
    target.write_text("keep me")
    result = run(*command, "-o", str(target), "--pack", str(tmp_path / "nowhere"))
    assert result.exit_code == 2 and "kept.txt already exists (use --force" in result.stderr
    assert target.read_text() == "keep me"


def test_export_html_to_a_file_is_atomic_and_needs_force(tmp_path: Path) -> None:
    target = tmp_path / "pack.html"
    result = run("export", "-f", "html", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"Wrote {target} (html, ")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    target.write_text("keep me")
    refused = run("export", "-f", "html", "-o", str(target))
    assert refused.exit_code == 2 and "already exists (use --force" in refused.stderr
    assert target.read_text() == "keep me"
    report = json.loads(run("export", "-f", "markdown", "-o", str(target), "--force", "--json").stdout)
    assert report["format"] == "markdown" and report["bytes"] == len(target.read_bytes())
    assert sorted(path.name for path in tmp_path.iterdir()) == ["pack.html"]


def test_export_markdown_json_wraps_the_document() -> None:
    document = run_json("export", "--format", "markdown")
    assert document["format"] == "markdown" and document["content"].startswith("# ")


def test_export_md_is_markdown_by_its_file_name() -> None:
    assert run("export", "-f", "md").stdout == run("export", "-f", "markdown").stdout
    assert run("export", "--format", "MD").stdout.startswith("# Yann LeCun Leaves Meta")
    assert run_json("export", "-f", "md") == run_json("export", "-f", "markdown")  # named markdown in JSON


def test_export_bad_format_is_a_usage_error() -> None:
    result = run("export", "--format", "pdf")
    assert result.exit_code == 2 and "pdf" in result.stderr


LISTINGS = [
    ("playbook",),
    ("playbook", "2"),
    ("risks",),
    ("show", "turing-award"),
    ("metrics",),
    ("cadence",),
    ("tools",),
    ("insights",),
    ("search", "talent"),
    ("faq",),
    ("export",),
]


@pytest.mark.parametrize("args", LISTINGS, ids=" ".join)
def test_pager_is_ignored_when_piped(args: tuple[str, ...], shipped_cache: None) -> None:
    paged = run(*args, "--pager", env={"PAGER": "sed s/^/PAGED:/"})
    assert paged.exit_code == 0 and paged.stdout == run(*args).stdout and "PAGED:" not in paged.stdout


def test_pager_never_reads_a_pipe_even_in_the_terminal_look(shipped_cache: None) -> None:
    """stdin a terminal, stdout a pipe, `--color always` drawing the terminal look: no pager."""
    import pexpect

    assert run("about").exit_code == 0
    command = f"{sys.executable} -m leadercli risks --pager --color always | cat"
    environment = {**os.environ, "TERM": "xterm", "PAGER": "sed s/^/PAGED:/"}
    child = pexpect.spawn("/bin/sh", ["-c", command], env=environment, cwd=str(REPO), encoding="utf-8")
    child.expect(pexpect.EOF)
    assert "╭" in (child.before or "") and "PAGED:" not in (child.before or "")


PAGED_ON_A_TERMINAL = [
    ("playbook",),
    ("risks",),
    ("show", "turing-award"),
    ("cadence",),
    ("insights",),
    ("search", "talent"),
]
"""One of each way of drawing (faq and export: tests/test_chat.py); metrics and tools draw as cadence does."""


@pytest.mark.parametrize("args", PAGED_ON_A_TERMINAL, ids=" ".join)
def test_pager_pages_every_listing_on_a_terminal(args: tuple[str, ...], shipped_cache: None) -> None:
    """In a pseudo-terminal, with a `sed` for a pager that marks each line it is given."""
    import pexpect

    assert run("about").exit_code == 0  # compiled beforehand: no progress bar in what the terminal shows
    environment = {**os.environ, "NO_COLOR": "1", "TERM": "xterm", "PAGER": "sed s/^/PAGED:/"}
    child = terminal(*args, "--pager", env=environment, rows=40, columns=100)
    child.expect(pexpect.EOF)
    child.close()
    lines = [line for line in re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", child.before).split("\r\n") if line]
    assert child.exitstatus == 0, lines
    assert len(lines) > 3 and all(line.startswith("PAGED:") for line in lines), lines[:5]


def test_json_is_exactly_one_document_for_every_new_command() -> None:
    for args in (*COMMANDS, ("export",), ("cadence", "--ics")):
        result = run(*args, "--json")
        assert result.exit_code == 0, args
        json.loads(result.stdout)  # one document: trailing text would make this fail
        assert result.stdout.count("\n{") == 0 and result.stdout.endswith("}\n")


def test_overview_lists_every_new_command_with_a_short_line() -> None:
    overview = run(width=100).stdout
    for command in ("faq", "show", "metrics", "cadence", "tools", "insights", "search", "export", "chat"):
        assert re.search(rf"^  {command} +\S", overview, re.M), command


# --- completion -----------------------------------------------------------------------------------------


class _Ctx:
    """Just enough of a Click context for the completion callbacks: params and a parent."""

    def __init__(self, params: dict[str, object], parent: _Ctx | None = None) -> None:
        self.params = params
        self.parent = parent


def test_completion_callbacks_offer_ids_and_step_numbers(make_pack: PackMaker) -> None:
    ctx = _Ctx({})
    ids = complete_record_ids(ctx, "turing")  # type: ignore[arg-type]
    assert ids == [("turing-award", "What award has Yann LeCun won?")]
    everything = complete_record_ids(ctx, "")  # type: ignore[arg-type]
    assert len(everything) == 24 + 7 + 4 + 3 + 4 + 3
    # No id starts with "talent": the ids that contain it are offered instead.
    inside = [value for value, _ in complete_record_ids(ctx, "talent")]  # type: ignore[arg-type]
    assert "metric-talent-retention-rate" in inside and all("talent" in value for value in inside)
    assert [value for value, _ in complete_record_ids(ctx, "risk-b")] == ["risk-brain-drain"]  # type: ignore[arg-type]
    steps = complete_step_numbers(ctx, "")  # type: ignore[arg-type]
    assert [value for value, _ in steps] == [str(number) for number in range(1, 8)]
    assert steps[2] == ("3", "Empower AI Pioneers and Visionaries")
    other = _Ctx({}, parent=_Ctx({"pack": make_pack()}))
    assert [v for v, _ in complete_record_ids(other, "")] == ["pricing", "refunds"]  # type: ignore[arg-type]
    assert complete_step_numbers(other, "") == []  # type: ignore[arg-type]
    broken = _Ctx({"pack": Path("/nonexistent/pack")})
    assert complete_record_ids(broken, "") == []  # type: ignore[arg-type]


def _complete(words: str, env: dict[str, str] | None = None) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-m", "leadercli"],
        env={
            **os.environ,
            "_LEADERCLI_COMPLETE": "complete_bash",
            "COMP_WORDS": words,
            "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
            **(env or {}),
        },
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    assert result.returncode == 0 and result.stderr == "", result.stderr
    return result.stdout.split()


def test_shell_completion_protocol_completes_ids_and_steps(make_pack: PackMaker) -> None:
    assert _complete("leadercli show turing") == ["turing-award"]
    assert _complete("leadercli playbook ") == [str(number) for number in range(1, 8)]
    assert "export" in _complete("leadercli ex")
    assert _complete("leadercli show pri", env={"LEADERCLI_PACK": str(make_pack())}) == ["pricing"]


def test_install_completion_is_offered() -> None:
    assert "--install-completion" in run("--help").stdout


# --- pipes closed early ---------------------------------------------------------------------------------


@pytest.mark.parametrize("args", [("playbook",), ("export",), ("faq",), ("risks", "--json")])
def test_a_pipe_closed_early_leaves_quietly(args: tuple[str, ...]) -> None:
    """`leadercli playbook | head -3`: the reader leaves first; no BrokenPipeError, no traceback."""
    reader, writer = os.pipe()
    os.close(reader)  # the reader is gone before leadercli writes a byte: every write hits EPIPE
    try:
        result = subprocess.run(
            [sys.executable, "-m", "leadercli", *args],
            stdout=writer,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            cwd=REPO,
            env={**os.environ, "COLUMNS": "80"},
        )
    finally:
        os.close(writer)
    assert result.stderr == ""
    assert result.returncode == 1  # nothing could be written: Click's convention for EPIPE; never 70 or 120


def test_head_reads_the_first_lines_and_leadercli_exits_quietly() -> None:
    producer = subprocess.Popen(
        [sys.executable, "-m", "leadercli", "export"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=REPO,
    )
    assert producer.stdout is not None and producer.stderr is not None
    first = producer.stdout.readline()
    producer.stdout.close()
    producer.wait(timeout=60)
    assert first.startswith(b"# ")
    assert b"BrokenPipeError" not in producer.stderr.read()
