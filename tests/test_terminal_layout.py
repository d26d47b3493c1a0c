"""How output fits a real terminal (pexpect, a pty) at 40, 80 and 200 columns, and how it reads piped.

Prose stops at a readable measure; text wraps at words and is never cut; an id is never broken; panels
are for answers, and `--plain` drops them; help is plain text with examples; footers say `source:`.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pexpect
import pytest

from tests.conftest import run, run_json, terminal

_ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
BOX = set("╭╮╰╯│─├┤┬┴┼")


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cache")


def raw_terminal(columns: int, *args: str, cache: Path, **env: str) -> str:
    """Everything a terminal of this width receives from `leadercli ARGS` (NO_COLOR unless env unsets it)."""
    environment = {**os.environ, "TERM": "xterm", "NO_COLOR": "1", "LEADERCLI_CACHE_DIR": str(cache), **env}
    for name in ("FORCE_COLOR", "COLUMNS", "LINES"):
        environment.pop(name, None)
    if not environment["NO_COLOR"]:
        del environment["NO_COLOR"]
    child = terminal(*args, env=environment, rows=50, columns=columns)
    child.expect(pexpect.EOF)
    child.close()
    return (child.before or "").replace("\r", "")


def on_terminal(columns: int, *args: str, cache: Path, **env: str) -> list[str]:
    """The lines a terminal of this width shows for `leadercli ARGS`, without styles or trailing blanks."""
    shown = _ESCAPES.sub("", raw_terminal(columns, *args, cache=cache, **env))
    return [line.rstrip() for line in shown.split("\n") if "Compiling the pack" not in line]


def _words(lines: list[str]) -> set[str]:
    return {word for line in lines for word in re.findall(r"[\w'.,-]+", line)}


@pytest.mark.parametrize("columns", [40, 80, 200])
def test_text_wraps_at_words_and_is_never_cut(columns: int, cache: Path) -> None:
    for command in ("risks", "metrics", "tools", "cadence", "insights", "playbook"):
        lines = on_terminal(columns, command, cache=cache)
        shown = "\n".join(lines)
        assert "…" not in shown, (command, shown)
        assert not any(line.rstrip().endswith(("─", "┤")) and line[-2:-1].isalpha() for line in lines)
    words = _words(on_terminal(columns, "risks", cache=cache))
    for word in ("Commercialization", "superintelligence", "organizations.", "policymakers"):
        assert word in words, (columns, word)


def test_tables_on_a_wide_terminal_stacked_records_on_a_narrow_one(cache: Path) -> None:
    narrow = on_terminal(40, "risks", cache=cache)
    assert not BOX & set("".join(narrow))  # stacked records: a name, its text under it
    assert narrow[narrow.index("Commercialization vs. Safety") + 1].startswith("  The intense race")
    assert "Shift in AI's Direction · risks" in narrow
    wide = on_terminal(80, "risks", cache=cache)
    assert "│ Commercialization │" in "\n".join(wide)  # the Risk column holds its longest word


def test_prose_stops_at_a_readable_measure_tables_may_be_wider(cache: Path) -> None:
    for args in (
        ("ask", "why did LeCun leave"),
        ("playbook",),
        ("insights",),
        ("faq",),
        ("show", "lecun-role-at-meta"),
    ):
        lines = on_terminal(200, *args, cache=cache)
        assert max(len(line) for line in lines) <= 100, args
    table = on_terminal(200, "risks", cache=cache)
    assert 100 < max(len(line) for line in table) <= 120


def test_panel_titles_and_footers_are_wrapped_not_cut(cache: Path) -> None:
    insights = on_terminal(80, "insights", cache=cache)
    joined = " ".join(line.strip("│ ") for line in insights)
    assert "source: What the Research Really Says: Strategic Shifts and Philosophical Divides" in joined
    assert not any(re.search(r"[A-Za-z]─╯$", line) for line in insights)
    answer = on_terminal(40, "ask", "will meta work with lecun's startup", cache=cache)
    assert answer[0] == "╭" + "─" * 38 + "╮"  # too long for the border: the title wraps inside
    assert answer[1].startswith("│ Will Meta work with LeCun's new") and answer[2].startswith("│ startup?")


def _ids_shown(args: tuple[str, ...]) -> list[str]:
    """The ids a view lists, as its --json names them."""
    document = run_json(*args)
    if "groups" in document:
        return [entry["id"] for group in document["groups"] for entry in group["entries"]]
    if "results" in document:
        return [hit["id"] for hit in document["results"]]
    listed = [*document["alternatives"][:3], *document["places"]]
    if document["match"] and document["match"].get("kind") == "overview":
        listed += document["match"]["records"]
    return [item["id"] for item in listed]


@pytest.mark.parametrize("columns", [40, 80, 200])
def test_ids_are_never_broken(columns: int, cache: Path) -> None:
    for args in (
        ("ask", "partnership"),  # "Did you mean" and "The words appear in"
        ("ask", "what is apple's ai strategy"),
        ("ask", "what are the risks"),  # a whole section
        ("faq",),
        ("search", "talent"),
    ):
        shown = "\n".join(on_terminal(columns, *args, cache=cache))
        ids = _ids_shown(args)
        assert ids, args
        for identifier in ids:
            assert identifier in shown, (columns, args, identifier)


def test_show_unboxes_a_record_whose_id_does_not_fit_in_a_panel(cache: Path) -> None:
    lines = on_terminal(40, "show", "insight-philosophy-disagreements-cause-exits", cache=cache)
    assert "id: insight-philosophy-disagreements-cause-exits" in lines
    assert not BOX & set("".join(lines))
    boxed = on_terminal(80, "show", "insight-philosophy-disagreements-cause-exits", cache=cache)
    assert boxed[0].startswith("╭─ Can disagreements")


def test_plain_drops_panels_and_tables_on_a_terminal(cache: Path) -> None:
    for args in (
        ("--plain", "ask", "why did LeCun leave"),
        ("risks", "--plain"),
        ("show", "risk-brain-drain", "--plain"),
    ):
        lines = on_terminal(80, *args, cache=cache)
        assert not BOX & set("".join(lines)), args
        assert lines == [line.rstrip() for line in lines]
    answer = on_terminal(80, "ask", "why did LeCun leave", "--plain", cache=cache)
    assert answer[0] == "Why is Yann LeCun leaving Meta?"
    assert answer[1].startswith("Yann LeCun is leaving Meta to launch")


def test_plain_in_chat(cache: Path) -> None:
    environment = {**os.environ, "TERM": "xterm", "NO_COLOR": "1", "LEADERCLI_CACHE_DIR": str(cache)}
    environment.pop("FORCE_COLOR", None)
    child = terminal("chat", "--plain", env=environment, rows=40)
    child.expect_exact("leadercli> ")
    child.sendline("why did LeCun leave")
    child.expect_exact("leadercli> ")
    answer = _ESCAPES.sub("", child.before or "")
    assert "Why is Yann LeCun leaving Meta?" in answer and "source: FAQ" in answer
    assert not BOX & set(answer)
    child.sendeof()
    child.expect(pexpect.EOF)


@pytest.mark.parametrize("columns", [40, 80, 200])
def test_help_on_a_terminal_is_plain_and_fits(columns: int, cache: Path) -> None:
    for args in (("--help",), ("export", "-h"), ("ask", "-h")):
        lines = on_terminal(columns, *args, cache=cache)
        assert not BOX & set("".join(lines)), args
        examples = lines.index("Examples:")
        assert max(len(line) for line in lines[:examples]) <= min(columns, 100) - 2, args
        assert lines[examples + 1].startswith("  leadercli ")


def test_footers_say_source_for_every_record() -> None:
    faq = run("ask", "why did LeCun leave").stdout.splitlines()
    risk = run("ask", "what should we do about brain drain").stdout.splitlines()
    assert faq[-1].endswith("· source: FAQ")
    assert risk[-1].endswith("· source: risks")
    assert "section:" not in faq[-1] + risk[-1]


def test_piped_risks_has_a_title_line_as_the_other_sections() -> None:
    for command in ("risks", "metrics", "tools", "cadence", "playbook", "insights", "faq"):
        first = run(command).stdout.splitlines()[0]
        assert first.startswith("Yann LeCun Leaves Meta: A Philosophical Shift"), command


def test_help_headings_are_bold_only_where_a_terminal_shows_them(cache: Path) -> None:
    assert "\x1b[1mExamples:\x1b[0m" in raw_terminal(80, "ask", "-h", cache=cache, NO_COLOR="")
    for quiet in ({"NO_COLOR": "1"}, {"NO_COLOR": "", "TERM": "dumb"}):
        shown = raw_terminal(80, "ask", "-h", cache=cache, **quiet)
        assert "Examples:" in shown and "\x1b" not in shown, quiet
    assert "\x1b" not in run("ask", "-h", env={"NO_COLOR": ""}).stdout  # piped: never


def test_a_link_to_a_place_in_the_page_shows_its_words_only(cache: Path, tmp_path: Path) -> None:
    """docker ps' options table (blind8) read "-a (#all), --all (#all)" on a terminal: an in-page
    target means nothing there. A link elsewhere keeps its address; code keeps its text."""
    page = tmp_path / "ps.md"
    page.write_text(
        "# ps\n\n## Options\n\nUse [`-a`](#all) or see [the guide](https://x.org/g).\n\n"
        "```\n[code](#kept)\n```\n",
        encoding="utf-8",
    )
    shown = "\n".join(on_terminal(80, "--pack", str(page), "show", "options", cache=cache))
    assert "Use -a or see the guide (https://x.org/g)." in shown
    assert "(#all)" not in shown and "[code](#kept)" in shown
