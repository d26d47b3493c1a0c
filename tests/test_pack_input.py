"""Whatever a pack file holds (broken YAML, the wrong encoding, huge or hostile content): one line that
names the file and line, exit 2, and nothing constructed or expanded without bound."""

from __future__ import annotations

import errno
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from leadercli.errors import DataError
from leadercli.packs.loader import load_pack
from tests.conftest import assert_neutralised, one_error_line, run

PackMaker = Callable[..., Path]


@pytest.mark.parametrize(
    ("faq", "where", "problem"),
    [
        ("entries:\n  - id: a\n    question: [Q\n", "faq.yaml:4:1: invalid YAML", "expected ',' or ']'"),
        (
            "entries:\n  - id: a\n   question: Q\n",
            "faq.yaml:3:4: invalid YAML",
            "did not find expected '-' indicator",
        ),
        ("title: x\n\tentries: []\n", "faq.yaml:2:1: invalid YAML", "tab"),
        ("title: ok\nsource: bad \x1b[2J here\n", "faq.yaml:2:13: invalid YAML", "U+001B is not allowed"),
    ],
)
def test_yaml_syntax_errors_name_file_line_and_column(
    make_pack: PackMaker, faq: str, where: str, problem: str
) -> None:
    result = run("ask", "q", "--pack", str(make_pack(faq)))
    assert result.exit_code == 2
    line = one_error_line(result)
    assert where in line and problem in line
    assert_neutralised(line)


def _not_utf8(directory: Path) -> None:
    (directory / "faq.yaml").write_bytes(b"title: caf\xe9\nentries: []\n")


def _empty(directory: Path) -> None:
    (directory / "faq.yaml").write_text("")


def _comments_only(directory: Path) -> None:
    (directory / "faq.yaml").write_text("# nothing here yet\n")


def _a_directory(directory: Path) -> None:
    (directory / "faq.yaml").mkdir()


def _no_faq(directory: Path) -> None:
    (directory / "notes.csv").write_text("not a pack, and not a document")


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (_not_utf8, "faq.yaml:1: not UTF-8 text (byte 10)"),
        (_empty, "faq.yaml: file is empty"),
        (_comments_only, "faq.yaml: file is empty"),
        (_a_directory, "faq.yaml: is a directory, not a file"),
        (_no_faq, "no faq.yaml, and no documents (.md, .markdown, .rst, .txt) in this folder"),
    ],
)
def test_unusable_pack_files_are_one_line_exit_2(
    tmp_path: Path, damage: Callable[[Path], None], expected: str
) -> None:
    directory = tmp_path / "pack"
    directory.mkdir()
    damage(directory)
    for args in (("ask", "q"), ("playbook",), ("about", "--json")):
        result = run(*args, "--pack", str(directory))
        assert result.exit_code == 2
        assert expected in one_error_line(result)
    missing = run("ask", "q", "--pack", str(tmp_path / "nowhere"))
    assert missing.exit_code == 2 and "nowhere: no such directory" in one_error_line(missing)


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads files whatever their mode"
)
def test_unreadable_pack_file_for_real(make_pack: PackMaker) -> None:
    directory = make_pack()
    (directory / "faq.yaml").chmod(0)
    try:
        result = run("ask", "q", "--pack", str(directory))
    finally:
        (directory / "faq.yaml").chmod(0o644)
    assert result.exit_code == 2
    assert "faq.yaml: permission denied" in one_error_line(result)


def test_unreadable_pack_file_simulated(make_pack: PackMaker, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root a chmod 000 file stays readable, so the read itself is made to fail as it would."""
    directory = make_pack()
    real = os.open

    def denied(path: Any, flags: int, *args: Any) -> int:
        if Path(path).name == "faq.yaml":
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real(path, flags, *args)

    monkeypatch.setattr(os, "open", denied)
    result = run("ask", "q", "--pack", str(directory))
    assert result.exit_code == 2
    assert f"{directory / 'faq.yaml'}: permission denied" in one_error_line(result)


def test_an_oversized_pack_is_refused_before_parsing(
    make_pack: PackMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The 200 MB case scaled down: the limit is set to 1 MB and the file is just above it."""
    from leadercli.packs import safeyaml

    directory = make_pack()
    faq = directory / "faq.yaml"
    faq.write_text(faq.read_text() + "# " + "x" * (1024 * 1024) + "\n")

    def never(*args: object) -> None:
        raise AssertionError("an oversized file must be refused before it is parsed")

    monkeypatch.setattr(safeyaml, "parse", never)
    result = run("ask", "q", "--pack", str(directory), env={"LEADERCLI_MAX_PACK_MB": "1"})
    assert result.exit_code == 2
    line = one_error_line(result)
    assert "faq.yaml: file is 1.0 MB, over the 1 MB limit (raise it with LEADERCLI_MAX_PACK_MB)" in line
    monkeypatch.undo()
    assert (
        run(
            "ask", "what is the price", "--pack", str(directory), env={"LEADERCLI_MAX_PACK_MB": "2"}
        ).exit_code
        == 0
    )


@pytest.mark.parametrize("value", ["lots", "0", "-5", "nan", "inf", "1e400"])
def test_the_size_limit_setting_is_checked(make_pack: PackMaker, value: str) -> None:
    result = run("ask", "q", "--pack", str(make_pack()), env={"LEADERCLI_MAX_PACK_MB": value})
    assert result.exit_code == 2
    assert "LEADERCLI_MAX_PACK_MB must be a number of megabytes above 0" in one_error_line(result)


def test_aliases_repeating_long_texts_are_refused_quickly(make_pack: PackMaker) -> None:
    """A 100 KB text aliased by 2,000 entries: 190 KB of YAML that would be 200 MB of answers."""
    lines = [f'blob: &a "{"lol " * 25_000}"', "entries:"]
    lines += [f"  - {{id: e{n}, question: q{n}, answer: *a}}" for n in range(2_000)]
    directory = make_pack("\n".join(lines) + "\n")
    started = time.perf_counter()
    with pytest.raises(DataError, match="billion laughs"):
        load_pack(directory)
    # The issue asks for under a second; 5 s keeps a loaded CI machine from failing a correct build.
    assert time.perf_counter() - started < 5
    result = run("ask", "q", "--pack", str(directory))
    assert result.exit_code == 2 and "possible 'billion laughs'" in one_error_line(result)


def test_python_tags_are_never_constructed(make_pack: PackMaker, tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    faq = (
        "entries:\n"
        "  - id: a\n"
        "    question: Q\n"
        f"    answer: !!python/object/apply:os.system ['touch {marker}']\n"
    )
    result = run("ask", "q", "--pack", str(make_pack(faq)))
    assert result.exit_code == 2
    assert "faq.yaml:4: YAML tag '!!python/object/apply:os.system' is not allowed" in one_error_line(result)
    assert not marker.exists()
