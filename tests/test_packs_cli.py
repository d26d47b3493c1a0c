"""about, init, validate and extract through the CLI, plain and --json."""

from __future__ import annotations

import errno
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from typer.testing import Result

from leadercli.store import files as files_module
from tests.conftest import MINI_FAQ, REPO, SHIPPED, interrupted_after_first, run, run_json, terminal

PackMaker = Callable[..., Path]
ARTICLE = REPO.parent / "shared" / "source" / "article.txt"
MARKDOWN = Path(__file__).parent / "fixtures" / "markdown_article.md"


@pytest.fixture
def article() -> Path:
    if not ARTICLE.is_file():
        pytest.skip(f"the source article is not checked out beside the repository ({ARTICLE})")
    return ARTICLE


def one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("leadercli: error: "), stderr
    assert "Traceback" not in stderr
    return lines[0]


# about ------------------------------------------------------------------------------------------------


def test_about_names_the_shipped_pack() -> None:
    result = run("about")
    assert result.exit_code == 0
    assert str(SHIPPED) in result.stdout and "(shipped)" in result.stdout
    assert "Yann LeCun Leaves Meta" in result.stdout
    assert "Playbook steps   7" in result.stdout
    document = run_json("about")
    assert document["directory"] == str(SHIPPED) and document["shipped"] is True
    assert document["counts"]["playbook"] == 7 and document["source"].startswith("Yann LeCun leaves Meta")


def test_about_another_pack(make_pack: PackMaker) -> None:
    pack = make_pack()
    document = run_json("about", "--pack", str(pack))
    assert document == {
        "directory": str(pack),
        "title": "Mini pack",
        "source": "A test article",
        "counts": {"faq": 2, "playbook": 0, "risks": 0, "tools": 0, "metrics": 0, "cadence": 0},
        "shipped": False,
    }
    assert "(shipped)" not in run("about", "--pack", str(pack)).stdout


# init -------------------------------------------------------------------------------------------------


def test_init_writes_a_pack_that_validates_clean(tmp_path: Path) -> None:
    target = tmp_path / "new" / "pack"
    result = run("init", str(target))
    assert result.exit_code == 0, result.output
    assert "Created an example pack" in result.stdout
    assert sorted(path.name for path in target.iterdir()) == ["faq.yaml", "playbook.yaml"]
    assert "# faq.yaml" in (target / "faq.yaml").read_text(encoding="utf-8")  # commented
    assert run("validate", str(target)).exit_code == 0
    answered = run_json("--pack", str(target), "ask", "how many remote days")
    assert answered["match"]["id"] == "remote-days"


def test_init_json_and_an_empty_existing_directory(tmp_path: Path) -> None:
    assert run_json("init", str(tmp_path)) == {
        "directory": str(tmp_path),
        "files": ["faq.yaml", "playbook.yaml"],
    }


def test_init_refuses_a_non_empty_directory(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    result = run("init", str(tmp_path))
    assert result.exit_code == 2
    assert "is not empty" in one_error_line(result.stderr)
    assert [path.name for path in tmp_path.iterdir()] == ["notes.txt"]


def test_init_names_a_file_and_a_directory_it_cannot_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Was: `init FILE` said the file "is not empty", and a directory it may not list (chmod 000) was
    "internal error: PermissionError" (exit 70). As root every directory is listable, so the listing is
    made to fail as it would for another user."""
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    a_file = run("init", str(tmp_path / "notes.txt"))
    assert a_file.exit_code == 2 and "notes.txt is a file: init only writes" in one_error_line(a_file.stderr)
    locked = tmp_path / "locked"
    locked.mkdir()
    real = Path.iterdir

    def iterdir(self: Path) -> Any:
        if self == locked:
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    result = run("init", str(locked))
    assert result.exit_code == 2
    assert one_error_line(result.stderr) == f"leadercli: error: cannot read {locked}: Permission denied"


# validate ---------------------------------------------------------------------------------------------


def test_validate_clean_pack_exits_0(make_pack: PackMaker) -> None:
    pack = make_pack()
    result = run("validate", str(pack), width=300)
    assert result.exit_code == 0
    assert "no problems found" in result.stdout
    document = run_json("validate", str(pack))
    assert document["ok"] is True and document["findings"] == [] and document["exit_code"] == 0
    assert document["checked"] == {"records": 2, "phrasings": 6, "comparisons": 0, "alternates_ranked": 4}


def test_validate_warnings_exit_1_and_name_file_and_line(make_pack: PackMaker) -> None:
    pack = make_pack(MINI_FAQ.replace("    tags: [price]\n", "    tags: [price]\n    colour: blue\n"))
    result = run("validate", str(pack), width=200)
    assert result.exit_code == 1
    assert f"{pack / 'faq.yaml'}:9: warning: entry 'pricing': unknown field 'colour'" in result.stdout
    assert "0 errors, 1 warning" in result.stdout
    document = json.loads(run("validate", str(pack), "--json").stdout)
    assert document["warnings"] == 1 and document["errors"] == 0 and document["exit_code"] == 1
    (finding,) = document["findings"]
    keys = {"severity", "code", "file", "line", "message", "ids", "similarity", "related", "column"}
    assert set(finding) == keys
    assert (finding["file"], finding["line"], finding["ids"]) == (str(pack / "faq.yaml"), 9, ["pricing"])


def test_validate_shows_progress_on_a_terminal_only(make_pack: PackMaker) -> None:
    """A bar on stderr while the alternates are ranked (seconds held out), as compiling has: in a
    pseudo-terminal, in colour unless --color never; piped, nothing on stderr."""
    import io
    import os
    import re

    import pexpect

    pack = str(make_pack())
    environment = {key: value for key, value in os.environ.items() if key != "NO_COLOR"}
    for color in ("auto", "never"):
        child = terminal(
            "--color",
            color,
            "validate",
            "--held-out",
            pack,
            env={**environment, "TERM": "xterm"},
            columns=100,
        )
        child.logfile_read = transcript = io.StringIO()
        child.expect("Validating: ")
        child.expect("no problems found")
        child.expect(pexpect.EOF)
        child.close()
        assert child.exitstatus == 0
        colours = re.findall(r"\x1b\[(?:[0-9]+;)*(?:3[0-7]|9[0-7])m", transcript.getvalue())
        assert bool(colours) == (color == "auto"), transcript.getvalue()
    piped = run("validate", "--held-out", pack)
    assert piped.exit_code == 0 and piped.stderr == ""


def test_validate_errors_exit_2(make_pack: PackMaker) -> None:
    pack = make_pack(MINI_FAQ.replace("id: refunds", "id: pricing"))
    result = run("validate", str(pack), width=200)
    assert result.exit_code == 2
    assert f"{pack / 'faq.yaml'}:9: error: entry 'pricing', field 'id': duplicate id" in result.stdout
    assert run("validate", str(pack), "--json").exit_code == 2


def test_validate_defaults_to_the_active_pack(make_pack: PackMaker) -> None:
    pack = make_pack()
    assert run_json("--pack", str(pack), "validate")["directory"] == str(pack)
    assert run_json("validate", env={"LEADERCLI_PACK": str(pack)})["directory"] == str(pack)


def test_validate_a_directory_that_is_not_a_pack(tmp_path: Path) -> None:
    result = run("validate", str(tmp_path / "missing"))
    assert result.exit_code == 2
    assert "no such directory" in one_error_line(result.stderr)


# extract ----------------------------------------------------------------------------------------------


def only_missing_alternates(result: Result) -> bool:
    """An extracted pack is clean but for one thing: it has no alternates yet (exit 1, warnings only)."""
    report = json.loads(result.stdout)
    codes = {finding["code"] for finding in report["findings"]}
    return result.exit_code == 1 and report["errors"] == 0 and codes == {"no-alternates"}


def test_extract_the_article_validates_and_answers_without_edits(article: Path, tmp_path: Path) -> None:
    target = tmp_path / "lecun"
    result = run("extract", str(article), "-o", str(target), width=300)
    assert result.exit_code == 0, result.output
    for label, count in (("FAQ entries", 6), ("playbook steps", 7), ("risks", 4), ("metrics", 4)):
        assert f"{label} " in result.stdout and str(count) in result.stdout
    assert "line 57 (playbook)" in result.stdout  # what it could not place
    assert f"Wrote {target}/faq.yaml, {target}/playbook.yaml" in result.stdout
    assert only_missing_alternates(run("validate", str(target), "--json"))
    answer = run_json("--pack", str(target), "ask", "why did LeCun leave")
    assert answer["answered"] is True
    assert answer["match"]["id"] == "why-is-yann-lecun-leaving-meta"
    assert answer["match"]["question"] == "Why is Yann LeCun leaving Meta?"


def test_extract_json(article: Path, tmp_path: Path) -> None:
    document = run_json("extract", str(article), "-o", str(tmp_path / "p"))
    assert document["counts"] == {"faq": 6, "playbook": 7, "risks": 4, "tools": 3, "metrics": 4, "cadence": 3}
    assert document["files"] == ["faq.yaml", "playbook.yaml"]
    assert document["directory"] == str(tmp_path / "p")
    assert document["source"].startswith("Yann LeCun leaves Meta")
    assert [item["line"] for item in document["unplaced"]] == [57, 58, 84]
    assert set(document["unplaced"][0]) == {"line", "section", "text", "reason"}


def test_extract_defaults_to_a_directory_named_after_the_article(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run("extract", str(MARKDOWN)).exit_code == 0
    assert sorted(path.name for path in (tmp_path / "markdown-article").iterdir()) == [
        "faq.yaml",
        "playbook.yaml",
    ]
    assert only_missing_alternates(run("validate", "markdown-article", "--json"))


def test_extract_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    target = tmp_path / "p"
    assert run("extract", str(MARKDOWN), "-o", str(target)).exit_code == 0
    (target / "faq.yaml").write_text("# edited by hand\n", encoding="utf-8")
    result = run("extract", str(MARKDOWN), "-o", str(target))
    assert result.exit_code == 2
    assert "already holds a pack" in one_error_line(result.stderr) and "--force" in result.stderr
    assert (target / "faq.yaml").read_text(encoding="utf-8") == "# edited by hand\n"
    assert run("extract", str(MARKDOWN), "-o", str(target), "--force").exit_code == 0
    assert (target / "faq.yaml").read_text(encoding="utf-8").startswith("# leadercli knowledge pack")


def old_pack(directory: Path) -> dict[str, str]:
    directory.mkdir()
    files = {"faq.yaml": "# old faq\n", "playbook.yaml": "# old playbook\n", "notes.txt": "mine\n"}
    for name, content in files.items():
        (directory / name).write_text(content, encoding="utf-8")
    return files


def contents(directory: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in directory.iterdir()}


def test_an_interrupted_commit_leaves_the_old_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "p"
    before = old_pack(target)
    failing, placed = interrupted_after_first(files_module._place, OSError(28, "No space left on device"))
    monkeypatch.setattr(files_module, "_place", failing)
    result = run("extract", str(MARKDOWN), "-o", str(target), "--force")
    assert result.exit_code == 2
    assert "No space left on device" in one_error_line(result.stderr)
    assert placed == ["faq.yaml"]  # the first file was in place when the second failed ...
    assert contents(target) == before  # ... and was rolled back
    assert [path.name for path in tmp_path.iterdir()] == ["p"]  # no temporary directory left behind


def test_an_interrupted_write_leaves_the_old_pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "p"
    before = old_pack(target)
    failing, _ = interrupted_after_first(files_module._write_synced, KeyboardInterrupt())
    monkeypatch.setattr(files_module, "_write_synced", failing)
    result = run("extract", str(MARKDOWN), "-o", str(target), "--force")
    assert result.exit_code == 130
    assert contents(target) == before
    assert [path.name for path in tmp_path.iterdir()] == ["p"]


def test_a_faq_only_article_replaces_an_old_playbook(tmp_path: Path) -> None:
    article = tmp_path / "faq.md"
    article.write_text("# Title\n\n## FAQ\n\nIs it new?\n\nYes, it is.\n", encoding="utf-8")
    target = tmp_path / "p"
    old_pack(target)
    assert run_json("extract", str(article), "-o", str(target), "--force")["files"] == ["faq.yaml"]
    assert sorted(contents(target)) == ["faq.yaml", "notes.txt"]  # no stale playbook.yaml mixed in
    assert only_missing_alternates(run("validate", str(target), "--json"))


def test_extract_of_prose_without_a_faq_is_one_entry(tmp_path: Path) -> None:
    """A document without an FAQ is read as a document: headless prose is one section (issue 11)."""
    article = tmp_path / "essay.txt"
    article.write_text("An Essay\nJust prose.\n", encoding="utf-8")
    result = run("extract", str(article), "-o", str(tmp_path / "p"), "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["counts"]["faq"] == 1


def test_extract_of_headings_without_text_writes_nothing(tmp_path: Path) -> None:
    article = tmp_path / "outline.md"
    article.write_text("# Title\n\n## One\n\n## Two\n", encoding="utf-8")
    result = run("extract", str(article), "-o", str(tmp_path / "p"))
    assert result.exit_code == 2
    assert "no sections with text" in one_error_line(result.stderr)
    assert not (tmp_path / "p").exists()


def test_extract_a_missing_article(tmp_path: Path) -> None:
    result = run("extract", str(tmp_path / "nope.txt"))
    assert result.exit_code == 2
    assert "no such file" in one_error_line(result.stderr)
