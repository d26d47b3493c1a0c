"""Nothing half-written, nothing replaced without --force: interrupted writes of the cache, exported
files and packs leave the old file (or none)."""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from leadercli.errors import LeadercliError
from leadercli.store import compiled as cache
from leadercli.store import files
from leadercli.store.files import write_atomic
from tests.conftest import fail_fsync, interrupted_after_first, leftovers, one_error_line, run

PackMaker = Callable[..., Path]


@pytest.mark.parametrize(
    "error",
    [KeyboardInterrupt(), OSError(errno.ENOSPC, "No space left on device")],
    ids=["interrupted", "disk-full"],
)
def test_an_interrupted_cache_write_keeps_the_old_cache(
    make_pack: PackMaker, monkeypatch: pytest.MonkeyPatch, error: BaseException
) -> None:
    directory = make_pack()
    cache.open_pack(directory).close()
    target = cache.cache_file(directory)
    before = target.read_bytes()
    faq = directory / "faq.yaml"
    faq.write_text(faq.read_text().replace("ten dollars", "eleven dollars"))  # stale: the next open rebuilds
    fail_fsync(monkeypatch, error)
    if isinstance(error, KeyboardInterrupt):
        with pytest.raises(KeyboardInterrupt):
            cache.open_pack(directory)
    else:
        found = cache.open_pack(directory).find("pricing")
        assert found is not None and "eleven dollars" in found.answer  # answered, just not cached
    assert target.read_bytes() == before
    assert leftovers(cache.cache_dir()) == [target.name]
    monkeypatch.undo()
    found = cache.open_pack(directory).find("pricing")
    assert found is not None and "eleven dollars" in found.answer  # the old cache was never served stale


def test_an_interrupted_cache_write_exits_130(make_pack: PackMaker, monkeypatch: pytest.MonkeyPatch) -> None:
    fail_fsync(monkeypatch, KeyboardInterrupt())
    result = run("ask", "what is the price", "--pack", str(make_pack()))
    assert result.exit_code == 130
    assert "Traceback" not in result.output
    assert leftovers(cache.cache_dir()) == []


@pytest.fixture
def interrupted_replace(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[Path, BaseException], None]]:
    """Make the final rename onto one path fail, as a Ctrl-C or a full disk at the last moment would."""
    real = os.replace

    def arm(target: Path, error: BaseException) -> None:
        def replace(source: Any, destination: Any, **options: Any) -> None:
            if Path(destination) == target:
                raise error
            real(source, destination, **options)

        monkeypatch.setattr(os, "replace", replace)

    yield arm


@pytest.mark.parametrize(
    "command", [("export", "-f", "html"), ("export", "-f", "json"), ("cadence", "--ics")], ids=" ".join
)
@pytest.mark.parametrize(
    ("error", "code"),
    [(KeyboardInterrupt(), 130), (OSError(errno.ENOSPC, "No space left on device"), 2)],
    ids=["interrupted", "disk-full"],
)
@pytest.mark.usefixtures("shipped_cache")
def test_an_interrupted_file_write_keeps_the_old_file(
    tmp_path: Path,
    interrupted_replace: Callable[[Path, BaseException], None],
    command: tuple[str, ...],
    error: BaseException,
    code: int,
) -> None:
    target = tmp_path / "out" / "document"
    target.parent.mkdir()
    target.write_text("keep me")
    refused = run(*command, "-o", str(target))
    assert refused.exit_code == 2 and "already exists (use --force" in one_error_line(refused)
    interrupted_replace(target, error)
    result = run(*command, "-o", str(target), "--force")
    assert result.exit_code == code
    if code == 2:
        assert "No space left on device" in one_error_line(result)
    assert target.read_text() == "keep me"
    assert leftovers(target.parent) == ["document"]  # no temporary file beside it


@pytest.mark.parametrize("exists", [False, True], ids=["new", "empty"])
def test_an_interrupted_init_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, exists: bool
) -> None:
    target = tmp_path / "new-pack"
    if exists:
        target.mkdir()
    failing, written = interrupted_after_first(files._write_synced, KeyboardInterrupt())
    monkeypatch.setattr(files, "_write_synced", failing)
    result = run("init", str(target))
    assert result.exit_code == 130
    assert written == ["faq.yaml"]
    assert leftovers(tmp_path) == (["new-pack"] if exists else [])  # no staging directory left
    assert leftovers(target) == []


def test_write_atomic_refuses_existing_files_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "file.txt"
    files.write_atomic(target, "one")
    with pytest.raises(LeadercliError, match="already exists"):
        files.write_atomic(target, "two")
    with pytest.raises(LeadercliError, match="is a directory"):
        files.write_atomic(tmp_path, "x", overwrite=True)
    fail_fsync(monkeypatch, OSError(errno.ENOSPC, "No space left on device"))
    with pytest.raises(LeadercliError, match=r"cannot write .*file\.txt: No space left on device"):
        files.write_atomic(target, "two", overwrite=True)
    assert target.read_text() == "one" and leftovers(tmp_path) == ["file.txt"]
    monkeypatch.undo()
    files.write_atomic(target, "caf\udce9", overwrite=True)  # an undecodable name goes back as its bytes
    assert target.read_bytes() == b"caf\xe9"


# --- permissions: what a user shares follows their umask; only the cache is private -------------------


@pytest.fixture(params=[0o022, 0o027], ids=["umask-022", "umask-027"])
def umask(request: pytest.FixtureRequest) -> Iterator[int]:
    previous = os.umask(request.param)
    try:
        yield int(request.param)
    finally:
        os.umask(previous)


def mode(path: Path) -> int:
    return path.stat().st_mode & 0o777


@pytest.mark.parametrize(
    "command",
    [
        ("export", "-f", "html", "-o"),
        ("export", "-f", "md", "-o"),
        ("cadence", "--ics", "-o"),
        ("eval", "--errors"),
    ],
    ids=" ".join,
)
def test_a_written_document_follows_the_umask(
    tmp_path: Path, umask: int, shipped_cache: None, command: tuple[str, ...]
) -> None:
    target = tmp_path / "shared" / "document"
    if command[0] == "eval":
        cases = tmp_path / "cases.yaml"
        cases.write_text("- {query: what is the weather on mars, expect: why-lecun-is-leaving-meta}\n")
        command = ("eval", str(cases), *command[1:])
    result = run(*command, str(target))
    assert result.exit_code == 0, result.output
    assert target.stat().st_size > 0
    assert mode(target) == 0o666 & ~umask  # 0644 under umask 022, not 0600
    assert mode(target.parent) == 0o777 & ~umask  # a directory it had to make, too


@pytest.mark.parametrize("command", ["init", "extract"])
def test_a_new_pack_follows_the_umask(tmp_path: Path, umask: int, command: str) -> None:
    target = tmp_path / "pack"
    article = Path(__file__).parent / "fixtures" / "markdown_article.md"
    result = (
        run("init", str(target)) if command == "init" else run("extract", str(article), "-o", str(target))
    )
    assert result.exit_code == 0, result.output
    assert mode(target) == 0o777 & ~umask  # drwxr-xr-x under umask 022, not drwx------
    written = sorted(target.iterdir())
    assert written and all(mode(path) == 0o666 & ~umask for path in written)


def test_a_replaced_document_keeps_its_mode(tmp_path: Path, umask: int, shipped_cache: None) -> None:
    target = tmp_path / "calendar.ics"
    target.write_text("old")
    target.chmod(0o640)
    assert run("cadence", "--ics", "-o", str(target), "--force").exit_code == 0
    assert mode(target) == 0o640 and target.read_text().startswith("BEGIN:VCALENDAR")
    pack = tmp_path / "pack"
    assert run("init", str(pack)).exit_code == 0
    (pack / "faq.yaml").chmod(0o600)
    article = Path(__file__).parent / "fixtures" / "markdown_article.md"
    assert run("extract", str(article), "-o", str(pack), "--force").exit_code == 0
    assert mode(pack / "faq.yaml") == 0o600 and mode(pack / "playbook.yaml") == 0o666 & ~umask


def test_the_cache_stays_private_whatever_the_umask(
    tmp_path: Path, umask: int, make_pack: PackMaker, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEADERCLI_CACHE_DIR", str(tmp_path / "new" / "cache"))
    directory = make_pack()
    assert run("search", "price", "--pack", str(directory)).exit_code == 0  # the pack's cache and search file
    written = sorted(cache.cache_dir().iterdir())
    assert len(written) == 2 and all(mode(path) == 0o600 for path in written)
    assert mode(cache.cache_dir()) == 0o700


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_dangling_link_is_an_existing_path(tmp_path: Path) -> None:
    """Renaming onto a link replaces the link, so a link to nothing is refused like any file."""
    link = tmp_path / "out.md"
    link.symlink_to(tmp_path / "nowhere.md")
    with pytest.raises(LeadercliError, match=r"out\.md already exists as a symbolic link"):
        files.write_atomic(link, "x")
    assert link.is_symlink() and not (tmp_path / "nowhere.md").exists()
    result = run("export", "-o", str(link))
    assert result.exit_code == 2 and "already exists as a symbolic link" in one_error_line(result)
    assert link.is_symlink()
    assert run("export", "-o", str(link), "--force").exit_code == 0
    assert not link.is_symlink() and link.read_text().startswith("#")
    pack = tmp_path / "pack"
    pack.symlink_to(tmp_path / "nowhere")
    with pytest.raises(LeadercliError, match="exists and is not a directory"):
        files.write_pack(pack, {"faq.yaml": "entries: []\n"})
    (tmp_path / "real").mkdir()
    (tmp_path / "real" / "faq.yaml").symlink_to(tmp_path / "gone.yaml")
    with pytest.raises(LeadercliError, match="already holds a pack"):
        files.write_pack(tmp_path / "real", {"faq.yaml": "entries: []\n"})


def test_what_force_cannot_replace_is_not_offered_force(tmp_path: Path) -> None:
    """Was: `export -o DIR` (or a FIFO) said "already exists (use --force to replace it)", and --force
    then failed with another error; now the one that holds with --force too comes first."""
    folder = tmp_path / "out"
    folder.mkdir()
    os.mkfifo(folder / "pipe")
    for target, problem in ((folder, "is a directory"), (folder / "pipe", "is not a regular file")):
        for force in ((), ("--force",)):
            result = run("export", "-o", str(target), *force)
            assert result.exit_code == 2 and problem in one_error_line(result)
            assert "--force" not in result.stderr
    assert sorted(path.name for path in folder.iterdir()) == ["pipe"]


def test_a_fifo_or_a_device_is_never_replaced_even_with_overwrite(tmp_path: Path) -> None:
    """The rename would put a file where the node was: as root, `export -o /dev/null --force` would
    have replaced /dev/null itself."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(LeadercliError, match="not a regular file"):
        write_atomic(fifo, "text", overwrite=True)
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    result = run("export", "-o", str(fifo), "--force")
    assert result.exit_code == 2 and "not a regular file" in result.stderr
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    if os.geteuid() == 0:  # only root may make a device node
        device = tmp_path / "null"
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
        assert run("export", "-o", str(device), "--force").exit_code == 2
        assert stat.S_ISCHR(device.lstat().st_mode)
