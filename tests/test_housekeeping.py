"""`cache info` and `cache clear` whatever the cache directory holds: each odd entry is reported and
passed over, and temporaries left by a killed writer are shown, then removed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from leadercli.store import compiled as cache
from leadercli.store import housekeeping
from tests.conftest import run, run_json

PackMaker = Callable[..., Path]


def odd_cache(make_pack: PackMaker) -> tuple[Path, Path, Path]:
    """A good cache file beside a dangling link and a directory with cache names."""
    directory = make_pack()
    cache.open_pack(directory).close()
    link = cache.cache_dir() / "00000000dangling.pack-cache"
    link.symlink_to(cache.cache_dir() / "nowhere")
    folder = cache.cache_dir() / "00000000a-folder.pack-cache"
    folder.mkdir()
    (folder / "inside").write_text("kept")
    return directory, link, folder


def test_info_reports_odd_entries_and_goes_on(make_pack: PackMaker) -> None:
    directory, link, folder = odd_cache(make_pack)
    entries = {Path(entry["file"]).name: entry for entry in run_json("cache", "info")["entries"]}
    assert entries[link.name]["problem"] == "a link to nothing"
    assert entries[folder.name]["problem"] == "a directory, not a cache file"
    good = entries[cache.cache_file(directory).name]
    assert (good["fresh"], good["problem"], good["pack"]) == (True, None, str(directory.resolve()))
    shown = run("cache", "info", width=200)
    assert shown.exit_code == 0
    assert "a link to nothing" in shown.stdout and "a directory, not a cache file" in shown.stdout


def test_clear_removes_what_it_can_and_names_the_rest(make_pack: PackMaker) -> None:
    directory, link, folder = odd_cache(make_pack)
    result = run("cache", "clear", "--json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["removed"] == 2  # the cache file and the link (never what a link points to)
    assert document["problems"] == [
        {"file": str(folder), "problem": "a directory, not a cache file: left alone"}
    ]
    assert result.stderr == f"leadercli: {folder}: a directory, not a cache file: left alone\n"
    assert not cache.cache_file(directory).exists() and not link.is_symlink()
    assert (folder / "inside").read_text() == "kept"
    plain = run("cache", "clear")
    assert plain.exit_code == 1 and plain.stdout.startswith("Removed 0 cached packs")


def test_a_read_only_cache_directory(make_pack: PackMaker, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every removal refused (as on a read-only directory, which root cannot be shown): each file
    is named, `cache info` is unaffected, and `ask` still answers from the cache."""
    directory = make_pack()
    cache.open_pack(directory).close()
    run_json("search", "price", "--pack", str(directory))

    def refused(path: Path, missing_ok: bool = False) -> None:
        raise PermissionError(30, "Read-only file system")

    monkeypatch.setattr(Path, "unlink", refused)
    result = run("cache", "clear")
    assert result.exit_code == 1
    assert result.stderr.count("cannot remove: Read-only file system") == 2
    assert [entry["fresh"] for entry in run_json("cache", "info")["entries"]] == [True, True]
    assert run_json("ask", "what is the price", "--pack", str(directory))["match"]["id"] == "pricing"


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes whatever the mode")
def test_a_really_read_only_cache_directory(make_pack: PackMaker) -> None:
    directory = make_pack()
    cache.open_pack(directory).close()
    cache.cache_dir().chmod(0o555)
    try:
        result = run("cache", "clear")
        assert result.exit_code == 1 and "cannot remove" in result.stderr
        assert run_json("cache", "info")["entries"][0]["fresh"] is True
    finally:
        cache.cache_dir().chmod(0o755)


def test_a_cache_directory_that_cannot_be_listed_is_not_cleared(
    make_pack: PackMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Was: with the cache directory at chmod 000, `cache clear` said "Removed 0 cached packs" and exited
    0 with every file still there. As root every directory is listable, so the listing is made to fail."""
    directory = make_pack()
    cache.open_pack(directory).close()
    assert cache.cache_file(directory).exists()
    real = Path.iterdir

    def iterdir(path: Path) -> Any:
        if path == cache.cache_dir():
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    result = run("cache", "clear")
    assert result.exit_code == 1
    assert result.stderr == f"leadercli: {cache.cache_dir()}: cannot list: Permission denied\n"
    monkeypatch.setattr(Path, "iterdir", real)
    assert cache.cache_file(directory).exists()
    assert run("cache", "clear").exit_code == 0
    assert not cache.cache_file(directory).exists()


def test_files_deleted_while_listing(make_pack: PackMaker, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file listed and then deleted by another process before it is read is simply not there."""
    directory = make_pack()
    cache.open_pack(directory).close()
    listed = housekeeping._names

    monkeypatch.setattr(housekeeping, "_names", lambda path: [*listed(path), "0123456789abcdef.pack-cache"])
    assert len(run_json("cache", "info")["entries"]) == 1
    assert run_json("cache", "clear")["removed"] == 1


def test_info_and_clear_while_another_process_deletes(make_pack: PackMaker) -> None:
    """Another process deleting and rewriting cache files all the while: every run exits 0."""
    packs = [make_pack() for _ in range(3)]
    stop = threading.Event()

    def churn() -> None:
        while not stop.is_set():
            for pack in packs:
                cache.open_pack(pack).close()
                for path in cache.cache_dir().glob("*-cache"):
                    path.unlink(missing_ok=True)

    worker = threading.Thread(target=churn)
    worker.start()
    try:
        for _ in range(25):
            assert run("cache", "info", "--json").exit_code == 0
            assert run("cache", "clear", "--json").exit_code == 0
    finally:
        stop.set()
        worker.join()


def temporary(name: str, age: float) -> Path:
    """A temporary file of a cache write, as write_atomic names them, last written `age` seconds ago."""
    cache.cache_dir().mkdir(parents=True, exist_ok=True)
    path = cache.cache_dir() / f".{name}.k3j4h5x1.tmp"
    path.write_bytes(b"leadercli-cache\npartial")
    then = time.time() - age
    os.utime(path, (then, then))
    return path


def test_temporaries_are_shown_and_stale_ones_removed(make_pack: PackMaker) -> None:
    stale = temporary("0123456789abcdef.pack-cache", age=120)
    fresh = temporary("fedcba9876543210.search-cache", age=0)
    unrelated = cache.cache_dir() / ".someone-else.tmp"
    unrelated.write_text("")
    listed = {Path(item["file"]).name: item["stale"] for item in run_json("cache", "info")["temporaries"]}
    assert listed == {stale.name: True, fresh.name: False}
    assert "left by an interrupted one" in run("cache", "info", width=200).stdout
    assert run_json("cache", "clear")["temporaries_removed"] == 1
    assert not stale.exists() and fresh.exists() and unrelated.exists()


def test_the_next_compile_removes_stale_temporaries(make_pack: PackMaker) -> None:
    stale = temporary("0123456789abcdef.pack-cache", age=120)
    fresh = temporary("fedcba9876543210.pack-cache", age=0)
    cache.open_pack(make_pack()).close()
    assert not stale.exists() and fresh.exists()


def test_a_writer_killed_mid_write(make_pack: PackMaker) -> None:
    """kill -9 while the cache file is being written: the temporary it leaves is shown by `cache info`
    and, once older than a minute, removed by `cache clear`; the cache itself is simply absent."""
    directory = make_pack()
    script = (
        "import os, sys, time\n"
        "from pathlib import Path\n"
        "from leadercli.store import compiled\n"
        "def stall(fd):\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(60)\n"
        "os.fsync = stall\n"
        "compiled.open_pack(Path(sys.argv[1]))\n"
    )
    writer = subprocess.Popen(
        [sys.executable, "-c", script, str(directory)], stdout=subprocess.PIPE, text=True
    )
    assert writer.stdout is not None and writer.stdout.readline() == "writing\n"
    writer.kill()
    writer.wait()
    (left,) = run_json("cache", "info")["temporaries"]
    assert left["stale"] is False and run_json("cache", "info")["entries"] == []
    then = time.time() - 61
    os.utime(left["file"], (then, then))
    assert run_json("cache", "clear")["temporaries_removed"] == 1
    assert run_json("cache", "info")["temporaries"] == []
    assert run_json("ask", "what is the price", "--pack", str(directory))["match"]["id"] == "pricing"
