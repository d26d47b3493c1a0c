"""The compiled pack cache: never stale, never fatal, rebuilt silently when it cannot be trusted."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from leadercli import cache
from leadercli.errors import DataError
from leadercli.matching import Matcher
from leadercli.pack import load_pack
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


def test_cached_pack_equals_the_yaml_and_ranks_the_same() -> None:
    cache.open_pack(SHIPPED)
    compiled = cache.open_pack(SHIPPED)
    fresh = load_pack(SHIPPED)
    assert compiled._pack is None
    assert compiled.find("turing-award") == fresh.find("turing-award")
    assert compiled.find("no-such-id") is None
    assert list(compiled.pack().records()) == list(fresh.records())
    built = Matcher.build(fresh.documents())
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
    assert compiled._pack is not None and len(compiled.pack().risks) == 1


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
    from leadercli.pack import RECORD_KINDS

    for section, kind in RECORD_KINDS.items():
        assert kind._fields[-1] == "section"
        assert kind._field_defaults["section"] == section


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
