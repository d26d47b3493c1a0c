"""End-to-end behaviour of every command through Typer's CliRunner (pinned width, NO_COLOR)."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from leadercli import __version__
from tests.conftest import EVAL_JSON_KEYS, one_error_line, run, run_json

PackMaker = Callable[..., Path]
ANSI = re.compile(r"\x1b\[")


def test_ask_prints_the_answer_with_question_confidence_and_source() -> None:
    result = run("ask", "why did LeCun leave")
    assert result.exit_code == 0, result.output
    assert "Why is Yann LeCun leaving Meta?" in result.stdout
    assert "startup" in result.stdout
    assert re.search(r"confidence \d+", result.stdout)
    assert "source: FAQ" in result.stdout
    assert not ANSI.search(result.stdout)


def test_ask_json_contract() -> None:
    document = run_json("ask", "why did LeCun leave")
    assert set(document) >= {"query", "answered", "match", "alternatives"}
    assert document["query"] == "why did LeCun leave"
    assert document["answered"] is True
    match = document["match"]
    assert set(match) >= {"id", "section", "question", "answer", "score"}
    assert match["id"] == "why-lecun-is-leaving-meta"
    assert match["section"] == "faq"
    assert isinstance(match["score"], int) and 0 <= match["score"] <= 100
    for alternative in document["alternatives"]:
        assert set(alternative) >= {"id", "section", "question", "score"}
        assert 0 <= alternative["score"] <= match["score"]


def test_ask_off_topic_has_no_answer_and_exits_1() -> None:
    result = run("ask", "what is the capital of France")
    assert result.exit_code == 1
    assert "No confident answer" in result.stdout
    document = run_json("ask", "what is the capital of France")
    assert document["answered"] is False and document["match"] is None
    assert len(document["alternatives"]) <= 3


def test_ask_with_one_typo_still_answers() -> None:
    document = run_json("ask", "why did LeCunn leave meta")
    assert document["match"]["id"] == "why-lecun-is-leaving-meta"


def test_ask_answers_from_the_playbook_sections() -> None:
    document = run_json("ask", "how do we mitigate brain drain")
    assert document["match"]["section"] == "risks"
    assert "Mitigation" in run("ask", "how do we mitigate brain drain").stdout


def test_ask_top_lists_more_candidates() -> None:
    result = run("ask", "why did LeCun leave", "--top", "3")
    assert result.exit_code == 0
    assert "Next candidates" in result.stdout
    assert len(run_json("ask", "why did LeCun leave", "--top", "5")["alternatives"]) == 5


def test_playbook_lists_seven_numbered_steps_with_why() -> None:
    result = run("playbook")
    assert result.exit_code == 0
    for number in range(1, 8):
        assert f"{number}. " in result.stdout
    assert result.stdout.count("Why:") == 7


def test_playbook_single_step() -> None:
    result = run("playbook", "3")
    assert result.exit_code == 0
    assert "3. Empower AI Pioneers and Visionaries" in result.stdout
    assert "1. " not in result.stdout
    assert run_json("playbook", "3")["number"] == 3


def test_playbook_json_contract() -> None:
    document = run_json("playbook")
    assert len(document["steps"]) == 7
    assert set(document["steps"][0]) >= {"number", "id", "title", "do", "why"}


@pytest.mark.parametrize("step", ["0", "8"])
def test_playbook_step_out_of_range_is_a_usage_error(step: str) -> None:
    result = run("playbook", step)
    assert result.exit_code == 2
    assert result.stderr.strip() == "leadercli: error: no step " + step + ": the playbook has steps 1 to 7"


def test_risks_table_and_json() -> None:
    result = run("risks")
    assert result.exit_code == 0
    assert "Brain Drain from Big Tech" in result.stdout
    assert result.stdout.count("Mitigation:") == 4
    document = run_json("risks")
    assert [set(risk) >= {"name", "risk", "mitigation"} for risk in document["risks"]] == [True] * 4


def test_risks_on_a_terminal_is_a_table() -> None:
    result = run("risks", env={"FORCE_COLOR": "1", "NO_COLOR": ""}, width=120)
    assert "╭" in result.stdout and "Mitigation" in result.stdout


def test_no_arguments_shows_an_overview() -> None:
    result = run()
    assert result.exit_code == 0
    assert "Yann LeCun Leaves Meta" in result.stdout
    for command in ("ask", "playbook", "risks"):
        assert command in result.stdout


def test_version_and_short_help() -> None:
    assert run("--version").stdout.strip() == f"leadercli {__version__}"
    assert "Usage" in run("-h").stdout
    assert "Usage" in run("ask", "-h").stdout


def test_unknown_command_suggests_the_near_one() -> None:
    result = run("aks", "hello")
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "leadercli: error: No such command 'aks'. Did you mean 'ask'? (see 'leadercli --help')"
    ]


def test_pack_option_before_or_after_the_command_and_from_env(make_pack: PackMaker) -> None:
    directory = str(make_pack())
    for args in (
        ("--pack", directory, "ask", "what is the price"),
        ("ask", "--pack", directory, "what is the price"),
    ):
        assert run_json(*args)["match"]["id"] == "pricing"
    document = run_json("ask", "what is the price", env={"LEADERCLI_PACK": directory})
    assert document["match"]["id"] == "pricing"


def test_broken_pack_is_one_line_exit_2(make_pack: PackMaker) -> None:
    directory = make_pack("entries:\n  - id: a\n    question: Q\n    answer: [1, 2]\n")
    result = run("--pack", str(directory), "ask", "anything")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("leadercli: error: ")
    assert "faq.yaml:4: entry 'a', field 'answer': must be text, not a list" in lines[0]
    assert "Traceback" not in result.output


def test_faq_only_pack_has_no_playbook_exit_2(make_pack: PackMaker) -> None:
    result = run("playbook", "--pack", str(make_pack()))
    assert result.exit_code == 2
    assert "has no playbook steps" in result.stderr


def test_json_flag_prints_exactly_one_document_for_every_command() -> None:
    for args in (("ask", "llama"), ("playbook",), ("playbook", "1"), ("risks",)):
        result = run(*args, "--json")
        assert result.stdout.strip().startswith("{") and result.stdout.strip().endswith("}")


def test_eval_reports_figures_and_writes_errors(make_pack: PackMaker, tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text(
        "- {query: what is the price, expect: pricing}\n"
        "- {query: can i get my money back, expect: refunds}\n"
        "- {query: what is the capital of france, expect: null}\n"
    )
    errors = tmp_path / "errors.jsonl"
    pack = str(make_pack())
    result = run("eval", str(cases), "--pack", pack, "--errors", str(errors))
    assert result.exit_code == 0, result.output
    for label in ("in-scope accuracy", "out-of-scope recall", "throughput", "Top confidence per case"):
        assert label in result.stdout
    assert errors.exists()
    document = run_json("eval", str(cases), "--pack", pack)
    for key in EVAL_JSON_KEYS:
        assert key in document
    assert document["cases"] == 3
    assert all(0 <= document[key] <= 1 for key in ("top1_accuracy", "in_scope_accuracy", "oos_recall"))


def test_eval_calibrate_prints_a_settings_snippet(make_pack: PackMaker, tmp_path: Path) -> None:
    cases = tmp_path / "cases.jsonl"
    cases.write_text(
        '{"query": "what is the price", "expect": "pricing"}\n{"query": "weather", "expect": null}\n'
    )
    result = run("eval", str(cases), "--pack", str(make_pack()), "--calibrate")
    assert result.exit_code == 0, result.output
    assert "settings:\n  threshold: " in result.stdout


def test_eval_missing_cases_file_is_exit_2(tmp_path: Path) -> None:
    result = run("eval", str(tmp_path / "none.yaml"))
    assert result.exit_code == 2
    assert "none.yaml: no such file" in result.stderr


def test_real_process_with_root_options_and_typos(make_pack: PackMaker) -> None:
    """Through `main()`, which keeps only the invoked command: root options and suggestions still work."""
    import subprocess
    import sys

    directory = str(make_pack())
    answered = subprocess.run(
        [sys.executable, "-m", "leadercli", "--pack", directory, "ask", "--json", "what is the price"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert answered.returncode == 0, answered.stderr
    assert '"pricing"' in answered.stdout
    typo = subprocess.run(
        [sys.executable, "-m", "leadercli", "playbok"], capture_output=True, text=True, check=False
    )
    assert typo.returncode == 2
    assert "Did you mean 'playbook'?" in typo.stderr


# --- `help [COMMAND]` ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("words", "flag"),
    [((), ("--help",)), (("ask",), ("ask", "--help")), (("cache", "clear"), ("cache", "clear", "--help"))],
)
def test_help_command_prints_what_help_prints(words: tuple[str, ...], flag: tuple[str, ...]) -> None:
    result = run("help", *words)
    assert result.exit_code == 0, result.output
    assert result.stdout == run(*flag).stdout and "Usage: leadercli" in result.stdout


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (("aks",), "No such command 'aks'. Did you mean 'ask'? (see 'leadercli --help')"),
        (("cache", "clr"), "No such command 'clr'. Did you mean 'clear'? (see 'leadercli cache --help')"),
        (("zzzz",), "No such command 'zzzz'. (see 'leadercli --help')"),
        (("ask", "more"), "'leadercli ask' has no sub-command 'more'. (see 'leadercli ask --help')"),
    ],
)
def test_help_for_an_unknown_command_is_the_unknown_command_error(
    words: tuple[str, ...], expected: str
) -> None:
    result = run("help", *words)
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == f"leadercli: error: {expected}\n"


def test_help_is_a_command_not_a_typo_of_eval() -> None:
    """Through `main()`, which keeps only the invoked command: `help` still sees the others."""
    from tests.conftest import process

    root = process("help")
    assert root.returncode == 0 and "eval" not in root.stderr
    assert "Commands" in root.stdout
    ask = process("help", "ask")
    assert ask.returncode == 0, ask.stderr
    assert "Usage: leadercli ask [OPTIONS] [QUESTION...]" in ask.stdout
    assert "Did you mean 'ask'?" in process("help", "aks").stderr


# --- the overview follows the active pack ------------------------------------------------------------

ZLIB = "tests/fixtures/docs/zlib-faq/FAQ"
SECTION_COMMANDS = ("playbook", "risks", "metrics", "cadence", "tools", "insights")


def _listed_commands(overview: str) -> list[str]:
    table = overview.split("\nCommands\n", 1)[1].split("\n\n", 1)[0]
    return [line.split()[0] for line in table.splitlines() if line.startswith("  ") and line[2] != " "]


@pytest.mark.parametrize("how", ["option", "env"])
def test_overview_of_another_pack_offers_its_own_question_and_commands(how: str) -> None:
    from tests.conftest import REPO

    pack = str(REPO / ZLIB)
    result = run("--pack", pack) if how == "option" else run(env={"LEADERCLI_PACK": pack})
    assert result.exit_code == 0, result.output
    assert "LeCun" not in result.stdout
    assert 'Try: leadercli ask "Is zlib Y2K-compliant?"' in result.stdout
    listed = _listed_commands(result.stdout)
    assert "ask" in listed and "faq" in listed and "show" in listed
    assert not set(SECTION_COMMANDS) & set(listed)
    assert "Not in this pack: playbook, risks, metrics, cadence, tools, insights." in result.stdout


def test_overview_of_the_shipped_pack_lists_every_command() -> None:
    result = run()
    listed = _listed_commands(result.stdout)
    assert set(SECTION_COMMANDS) <= set(listed) and "help" in listed
    assert "Not in this pack" not in result.stdout
    assert 'Try: leadercli ask "Why is Yann LeCun leaving Meta?"' in result.stdout


def test_overview_keeps_the_commands_a_partial_pack_has(make_pack: PackMaker) -> None:
    playbook = "steps:\n  - {title: Hire well, do: Hire., why: People.}\n"
    listed = _listed_commands(run("--pack", str(make_pack(playbook=playbook))).stdout)
    assert "playbook" in listed and "risks" not in listed and "insights" not in listed


def _fixture_packs() -> list[str]:
    from tests.conftest import REPO

    root = REPO / "tests" / "fixtures" / "docs"
    return sorted(
        str(path.relative_to(REPO))
        for path in root.glob("*/*")
        if path.name != "SOURCE.yaml" and path.suffix in {"", ".md", ".rst", ".txt"}
    )


# A page of a folder with no text of its own (a title over a literalinclude of a file outside the folder):
# alone, it is refused in one line, as an empty document is.
NOTHING_OF_ITS_OWN = {"tests/fixtures/docs/markupsafe-sphinx-docs/license.rst"}


@pytest.mark.parametrize("pack", ["data", *_fixture_packs()])
def test_the_overviews_example_question_is_answered(pack: str, tmp_path: Path) -> None:
    import shlex

    from tests.conftest import REPO

    directory = str(REPO / pack)
    if pack in NOTHING_OF_ITS_OWN:
        refused = run("--pack", directory)
        assert refused.exit_code == 2 and "nothing to answer from" in one_error_line(refused)
        return
    overview = run("--pack", directory, width=200).stdout
    line = next(line for line in overview.splitlines() if line.startswith("Try: leadercli ask "))
    words = shlex.split(line.removeprefix("Try: leadercli "))
    answered = run("--pack", directory, *words)
    assert answered.exit_code == 0, f"{pack}: {line}\n{answered.output}"


@pytest.mark.parametrize(
    "value", ["Why?", "Can't I use $HOME?", 'The "best" way', "Back`tick`", "Wow!", "a\\b", "it's $5"]
)
def test_the_example_is_quoted_for_a_shell(value: str) -> None:
    import shlex

    from leadercli.render.answers import shell_quoted

    quoted = shell_quoted(value)
    assert shlex.split(quoted) == [value]
    special = any(character in value for character in '$`!"\\')  # expanded inside double quotes
    assert quoted.startswith("'" if special else '"'), quoted


# --- --color and -V ---------------------------------------------------------------------------------

COLOUR = re.compile(r"\x1b\[([0-9;]*)m")


def coloured(output: str) -> bool:
    """Whether any SGR sequence sets a foreground or background colour (bold alone does not count)."""
    for params in COLOUR.findall(output):
        codes = params.split(";")
        if any(
            code in {"38", "48"} or 30 <= int(code or 0) <= 47 or 90 <= int(code or 0) <= 107
            for code in codes
        ):
            return True
    return False


TERMINAL = {"FORCE_COLOR": "1", "NO_COLOR": ""}


def test_color_always_draws_the_terminal_look_in_colour_even_piped(shipped_cache: None) -> None:
    result = run("--color", "always", "risks", width=120)  # run() sets NO_COLOR=1: --color is stronger
    assert result.exit_code == 0
    assert coloured(result.stdout) and "╭" in result.stdout
    dumb = run("--color=ALWAYS", "risks", env={"TERM": "dumb"}, width=120)
    assert coloured(dumb.stdout)


def test_color_never_keeps_the_terminal_look_without_colour(shipped_cache: None) -> None:
    assert coloured(run("risks", env=TERMINAL, width=120).stdout)  # what never takes away
    result = run("--color", "never", "risks", env=TERMINAL, width=120)
    assert result.exit_code == 0
    assert not coloured(result.stdout) and "╭" in result.stdout


def test_color_auto_follows_the_environment(shipped_cache: None) -> None:
    assert not ANSI.search(run("--color", "auto", "risks").stdout)  # piped
    assert coloured(run("--color", "auto", "risks", env=TERMINAL).stdout)
    assert run("--color", "auto", "risks").stdout == run("risks").stdout


def test_color_after_the_command_as_before_it(shipped_cache: None) -> None:
    assert (
        run("risks", "--color", "always", width=120).stdout
        == run("--color", "always", "risks", width=120).stdout
    )
    assert coloured(run("playbook", "2", "--color=always").stdout)
    assert run("ask", "llama", "--json", "--color", "never").exit_code == 0
    missing = run("risks", "--color")
    assert missing.exit_code == 2 and "Option '--color' requires an argument" in missing.stderr


def test_hoisting_leaves_what_follows_a_double_dash() -> None:
    from leadercli.cli.typer_internals import hoist_root_options

    assert hoist_root_options(["ask", "why", "--color", "never", "--", "--color", "x"]) == [
        "--color", "never", "ask", "why", "--", "--color", "x",
    ]  # fmt: skip
    assert hoist_root_options(["--pack", "p", "faq", "--color=always"]) == [
        "--color=always",
        "--pack",
        "p",
        "faq",
    ]


def test_color_rejects_anything_else() -> None:
    result = run("--color", "sometimes", "risks")
    assert result.exit_code == 2
    assert result.stderr.startswith("leadercli: error: Invalid value for '--color'")
    assert len(result.stderr.splitlines()) == 1


def test_short_v_is_the_version() -> None:
    assert run("-V").stdout == run("--version").stdout == f"leadercli {__version__}\n"


def test_startup_keeps_only_the_command_after_a_color_value() -> None:
    from types import SimpleNamespace

    from typer.models import CommandInfo

    from leadercli.cli.typer_internals import keep_only_the_invoked_command

    fake: Any = SimpleNamespace(
        registered_commands=[CommandInfo(name="risks"), CommandInfo(name="never")], registered_groups=[]
    )
    keep_only_the_invoked_command(fake, ["--color", "never", "risks"])
    assert [info.name for info in fake.registered_commands] == ["risks"]


def test_eval_errors_replaces_a_file_only_with_force(make_pack: PackMaker, tmp_path: Path) -> None:
    cases = tmp_path / "cases.yaml"
    cases.write_text("- {query: what is the capital of france, expect: pricing}\n")
    pack = str(make_pack())
    errors = tmp_path / "errors.jsonl"
    errors.write_text("keep me\n")
    refused = run("eval", str(cases), "--pack", pack, "--errors", str(errors))
    assert refused.exit_code == 2 and "errors.jsonl already exists (use --force" in one_error_line(refused)
    assert refused.stdout == "" and errors.read_text() == "keep me\n"  # refused before the evaluation
    link = tmp_path / "link.jsonl"
    link.symlink_to(tmp_path / "nowhere.jsonl")
    refused = run("eval", str(cases), "--pack", pack, "--errors", str(link))
    assert refused.exit_code == 2 and "already exists as a symbolic link" in one_error_line(refused)
    assert run("eval", str(cases), "--pack", pack, "--errors", str(errors), "--force").exit_code == 0
    assert json.loads(errors.read_text().splitlines()[0])["expect"] == "pricing"
    assert sorted(path.name for path in tmp_path.iterdir() if path.name.startswith(".")) == []
