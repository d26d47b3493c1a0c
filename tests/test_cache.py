"""The compiled pack cache: never stale, never fatal, rebuilt silently when it cannot be trusted."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from leadercli.errors import DataError
from leadercli.matching import Matcher
from leadercli.packs.bridge import documents
from leadercli.packs.loader import load_pack
from leadercli.packs.sections import RISKS
from leadercli.store import compiled as cache
from tests.conftest import SHIPPED, run, run_json

PackMaker = Callable[..., Path]


def cached_ok(pack_dir: Path) -> bool:
    """Whether the next open is served from the cache (no YAML read, no matcher built)."""
    compiled = cache.open_pack(pack_dir)
    served = compiled._pack is None
    compiled.close()
    return served


def test_second_open_is_served_from_the_cache(make_pack: PackMaker) -> None:
    directory = make_pack()
    assert not cached_ok(directory)
    assert cached_ok(directory)


def test_a_relative_and_an_absolute_path_share_one_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`--pack docs` then `--pack /abs/docs` (or a document given both ways) must not rebuild each
    other's cache: the files are recorded by their resolved paths, as the cache file is named."""
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "guide.md").write_text("# Guide\n\nReset a password.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for relative, absolute in (
        (Path("docs"), tmp_path / "docs"),
        (Path("docs/guide.md"), tmp_path / "docs" / "guide.md"),
    ):
        assert not cached_ok(relative)
        assert cached_ok(absolute)
        assert cached_ok(relative)


def test_cached_pack_equals_the_yaml_and_ranks_the_same() -> None:
    cache.open_pack(SHIPPED)
    compiled = cache.open_pack(SHIPPED)
    fresh = load_pack(SHIPPED)
    assert compiled._pack is None
    assert compiled.find("turing-award") == fresh.find("turing-award")
    assert compiled.find("no-such-id") is None
    assert list(compiled.pack().records()) == list(fresh.records())
    built = Matcher.build(documents(fresh))
    for question in ("why did LeCun leave", "metas ai stratgy", "brain drain mitigation"):
        assert compiled.matcher().rank(question, 5) == built.rank(question, 5)


def test_an_edit_is_never_served_stale(make_pack: PackMaker) -> None:
    directory = make_pack()
    cache.open_pack(directory)
    faq = directory / "faq.yaml"
    stat = faq.stat()
    # Same size, same mtime: only the content (and the ctime the kernel keeps) says it changed.
    faq.write_text(faq.read_text().replace("ten dollars", "six dollars"))
    os.utime(faq, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert faq.stat().st_size == stat.st_size
    compiled = cache.open_pack(directory)
    assert compiled._pack is not None
    entry = compiled.find("pricing")
    assert entry is not None and "six dollars" in entry.answer


def test_touched_but_unchanged_files_stay_fresh(make_pack: PackMaker) -> None:
    directory = make_pack()
    cache.open_pack(directory)
    os.utime(directory / "faq.yaml")
    assert cached_ok(directory)


def test_adding_a_playbook_invalidates(make_pack: PackMaker) -> None:
    directory = make_pack()
    cache.open_pack(directory)
    (directory / "playbook.yaml").write_text("risks:\n  - {name: N, risk: R, mitigation: M}\n")
    compiled = cache.open_pack(directory)
    assert compiled._pack is not None and len(compiled.pack().of(RISKS)) == 1


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # truncated
        lambda data: data[:40] + bytes(b ^ 0xFF for b in data[40:80]) + data[80:],  # corrupt blob
        lambda data: b"not a cache at all",
        lambda data: data.replace(b"leadercli-cache\n", b"leadercli-cachX\n"),
        lambda data: b"",
    ],
)
def test_damaged_cache_is_rebuilt_silently(make_pack: PackMaker, damage: Callable[[bytes], bytes]) -> None:
    directory = make_pack()
    cache.open_pack(directory)
    target = cache.cache_file(directory)
    target.write_bytes(damage(target.read_bytes()))
    compiled = cache.open_pack(directory)
    assert compiled.find("pricing") is not None
    assert compiled.matcher().rank("what is the price", 1)[0].id == "pricing"
    assert cached_ok(directory)  # and the rebuilt file is good again


def test_another_versions_cache_is_rebuilt(make_pack: PackMaker, monkeypatch: pytest.MonkeyPatch) -> None:
    directory = make_pack()
    cache.open_pack(directory)
    monkeypatch.setattr(cache, "__version__", "0.0.0-other")
    assert not cached_ok(directory)


def test_unwritable_cache_directory_means_no_cache(
    make_pack: PackMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = make_pack() / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("LEADERCLI_CACHE_DIR", str(blocker / "cache"))  # a path under a regular file
    directory = make_pack()
    assert run_json("ask", "what is the price", "--pack", str(directory))["match"]["id"] == "pricing"
    assert not cached_ok(directory)


def test_broken_pack_is_still_an_error_with_a_cache(make_pack: PackMaker) -> None:
    directory = make_pack()
    cache.open_pack(directory)
    (directory / "faq.yaml").write_text("entries: [1, 2\n")
    with pytest.raises(DataError, match="invalid YAML"):
        cache.open_pack(directory)


def test_concurrent_builds_leave_a_valid_cache(make_pack: PackMaker, tmp_path: Path) -> None:
    directory = make_pack()
    env = {**os.environ, "LEADERCLI_CACHE_DIR": os.environ["LEADERCLI_CACHE_DIR"]}
    command = [
        sys.executable,
        "-m",
        "leadercli",
        "ask",
        "--json",
        "--pack",
        str(directory),
        "what is the price",
    ]
    workers = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for _ in range(4)
    ]
    for worker in workers:
        out, err = worker.communicate(timeout=60)
        assert worker.returncode == 0, err
        assert b'"pricing"' in out
    assert cached_ok(directory)
    leftovers = [p for p in cache.cache_dir().iterdir() if not p.name.endswith(cache.SUFFIX)]
    assert leftovers == []


def test_cache_info_and_clear(make_pack: PackMaker) -> None:
    directory = make_pack()
    cache.open_pack(directory)
    document = run_json("cache", "info")
    assert [entry["pack"] for entry in document["entries"]] == [str(directory.resolve())]
    assert document["entries"][0]["fresh"] is True
    assert "fresh" in run("cache", "info").stdout
    assert run_json("cache", "clear")["removed"] == 1
    assert run_json("cache", "info")["entries"] == []


def test_every_record_kind_ends_with_its_section() -> None:
    """The cache stores records as plain tuples and reads the kind back from the last field."""
    from leadercli.packs.sections import SECTIONS

    for name, section in SECTIONS.items():
        assert section.kind._fields[-1] == "section"
        assert section.kind._field_defaults["section"] == name


def test_first_use_shows_a_progress_bar_on_a_terminal_only(make_pack: PackMaker) -> None:
    import pexpect

    directory = str(make_pack())
    env = {**os.environ, "COLUMNS": "100"}
    child = pexpect.spawn(
        sys.executable,
        ["-m", "leadercli", "ask", "--pack", directory, "what is the price"],
        env=env,
        timeout=60,
    )
    child.expect("Compiling the pack \\(first use\\)")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    piped = subprocess.run(
        [sys.executable, "-m", "leadercli", "ask", "--pack", str(make_pack()), "what is the price"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert piped.stderr == ""  # not a terminal: no bar, nothing on stderr


def _answer(directory: Path) -> str:
    answer: str = run_json("ask", "what is the price", "--pack", str(directory))["match"]["answer"]
    return answer


def _edit_in_place(faq: Path) -> None:
    faq.write_text(faq.read_text().replace("ten dollars", "six dollars"))  # same size


def _edit_by_rename(faq: Path) -> None:
    """As `sed -i` and most editors save: a new file renamed over the old one."""
    new = faq.with_name("faq.yaml.new")
    new.write_text(faq.read_text().replace("ten dollars", "six dollars"))
    new.replace(faq)


@pytest.mark.parametrize("edit", [_edit_in_place, _edit_by_rename])
@pytest.mark.parametrize("when", ["after the read", "before the read"])
def test_an_edit_during_the_compile_is_never_served_stale(
    make_pack: PackMaker, monkeypatch: pytest.MonkeyPatch, edit: Callable[[Path], None], when: str
) -> None:
    """The build is paused just before (or after) it reads the pack, the pack is edited (same size),
    and the build resumes: whatever that run answered, every later run answers from the new text."""
    directory = make_pack()
    faq = directory / "faq.yaml"
    real = load_pack

    def paused(pack_dir: Path) -> Any:
        if when == "before the read":
            edit(faq)
        pack = real(pack_dir)
        if when == "after the read":
            edit(faq)
        return pack

    monkeypatch.setattr("leadercli.packs.loader.load_pack", paused)
    cache.open_pack(directory).close()
    monkeypatch.setattr("leadercli.packs.loader.load_pack", real)
    assert "six dollars" in _answer(directory)
    os.utime(faq)  # a touch changes nothing either
    assert "six dollars" in _answer(directory)
    assert run_json("cache", "info")["entries"][0]["fresh"] is True
    assert cached_ok(directory)


def test_an_edit_within_the_clock_tick_of_the_compile_is_seen(
    make_pack: PackMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a file system whose timestamps tick once a second (as FAT's and HFS+'s do), a pack compiled
    and edited again within that second keeps its size, mtime and ctime: only the content hash can
    tell, and a file changed that recently is always checked by it."""
    tick = time.time_ns() // 10**9 * 10**9  # both writes fall within this second

    def coarse(path: Path) -> tuple[str, int, int, int]:
        return str(path), path.stat().st_size, tick, tick

    monkeypatch.setattr(cache, "_identity", coarse)
    directory = make_pack()
    cache.open_pack(directory).close()
    _edit_in_place(directory / "faq.yaml")
    assert "six dollars" in _answer(directory)


def test_a_fifo_at_the_cache_path_is_passed_over(make_pack: PackMaker) -> None:
    """A FIFO where the cache file (or the search file) should be: nothing waits on it, every command
    answers (the cache file is written over it), and `cache info` / `cache clear` name and remove it."""
    directory = make_pack()

    def fifos() -> None:
        cache.cache_dir().mkdir(parents=True, exist_ok=True)
        for path in (cache.cache_file(directory), cache.search_file(directory)):
            path.unlink(missing_ok=True)
            os.mkfifo(path)

    def leadercli(*command: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "leadercli", *command, "--json"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert (done.returncode, done.stderr) == (0, ""), command
        return done.stdout

    fifos()
    entries = json.loads(leadercli("cache", "info"))["entries"]
    assert {entry["problem"] for entry in entries} == {"not a regular file (a FIFO, socket or device)"}
    assert len(entries) == 2
    assert (
        json.loads(leadercli("ask", "--pack", str(directory), "what is the price"))["match"]["id"]
        == "pricing"
    )
    fifos()
    assert json.loads(leadercli("search", "--pack", str(directory), "price"))["results"]
    fifos()
    assert json.loads(leadercli("cache", "clear"))["removed"] == 2
    assert not cache.cache_file(directory).exists()


@pytest.mark.parametrize("failure", [MemoryError(), ValueError("unmarshallable object")])
def test_a_cache_that_cannot_be_written_never_costs_the_answer(
    make_pack: PackMaker, monkeypatch: pytest.MonkeyPatch, failure: Exception
) -> None:
    """Under a tight memory limit marshal fails ("unmarshallable object", or MemoryError): the answer
    comes from memory, with one warning, and the next run simply compiles again."""
    import marshal

    def out_of_memory(value: object) -> bytes:
        raise failure

    monkeypatch.setattr(marshal, "dumps", out_of_memory)
    monkeypatch.setattr(cache, "_warned", [])
    directory = make_pack()
    result = run("ask", "what is the price", "--pack", str(directory), "--json")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["match"]["id"] == "pricing"
    assert result.stderr.count("\n") == 1 and "not caching the pack (out of memory)" in result.stderr
    again = run("search", "price", "--pack", str(directory), "--json")  # the search file fails too
    assert again.exit_code == 0 and again.stderr == ""  # warned once per process
    assert not cache.cache_file(directory).exists()
