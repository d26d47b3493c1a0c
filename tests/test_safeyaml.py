from __future__ import annotations

import time
from pathlib import Path

import pytest

from leadercli.errors import DataError
from leadercli.packs import safeyaml
from tests.conftest import run


def load(tmp_path: Path, text: str | bytes) -> safeyaml.Value:
    path = tmp_path / "x.yaml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return safeyaml.load(path)


def error_of(tmp_path: Path, text: str | bytes) -> str:
    with pytest.raises(DataError) as caught:
        load(tmp_path, text)
    return str(caught.value)


def test_plain_data_keeps_line_numbers(tmp_path: Path) -> None:
    value = load(tmp_path, "a: 1\nitems:\n  - x\n  - y\nmap: {k: v}\n")
    assert value == {"a": 1, "items": ["x", "y"], "map": {"k": "v"}}
    assert isinstance(value, safeyaml.YamlMap)
    assert value.line_of("items") == 2
    items = value["items"]
    assert isinstance(items, safeyaml.YamlList)
    assert items.item_lines == [3, 4]


def test_syntax_error_names_line_and_column(tmp_path: Path) -> None:
    message = error_of(tmp_path, "a: [1, 2\nb: c\n")
    assert "x.yaml:" in message
    assert "invalid YAML" in message


def test_duplicate_keys_are_refused(tmp_path: Path) -> None:
    assert "x.yaml:2: duplicate key 'a' (first on line 1)" in error_of(tmp_path, "a: 1\na: 2\n")


@pytest.mark.parametrize("tag", ["!!python/object:os.system", "!!python/name:os.system", "!custom"])
def test_tags_are_refused_not_constructed(tmp_path: Path, tag: str) -> None:
    assert "is not allowed" in error_of(tmp_path, f"a: {tag} x\n")


def test_billion_laughs_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        refs = ", ".join([f"*{previous}"] * 9)
        lines.append(f"{name}: &{name} [{refs}]")
    started = time.perf_counter()
    assert "billion laughs" in error_of(tmp_path, "\n".join(lines) + "\n")
    assert time.perf_counter() - started < 5  # generous: it is refused after ~10,000 nodes


def test_small_aliases_are_fine(tmp_path: Path) -> None:
    assert load(tmp_path, "a: &x [1, 2]\nb: *x\n") == {"a": [1, 2], "b": [1, 2]}


def test_not_utf8(tmp_path: Path) -> None:
    """A pack file is UTF-8: unlike a document, it is never guessed to be Windows-1252."""
    assert "not UTF-8" in error_of(tmp_path, b"a: caf\xe9\n")


def test_utf16_behind_its_byte_order_mark_is_yaml_too(tmp_path: Path) -> None:
    assert load(tmp_path, "a: café\n".encode("utf-16")) == {"a": "café"}  # the encoder writes the mark


def test_empty_file(tmp_path: Path) -> None:
    assert "file is empty" in error_of(tmp_path, "")


def test_missing_and_directory(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such file"):
        safeyaml.load(tmp_path / "absent.yaml")
    with pytest.raises(DataError, match="is a directory"):
        safeyaml.load(tmp_path)


def test_size_limit_refuses_before_parsing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 2_000_000 + "\n")
    monkeypatch.setenv("LEADERCLI_MAX_PACK_MB", "1")
    with pytest.raises(DataError, match="over the 1 MB limit"):
        safeyaml.load(path)
    monkeypatch.setenv("LEADERCLI_MAX_PACK_MB", "lots")
    with pytest.raises(DataError, match="LEADERCLI_MAX_PACK_MB must be a number"):
        safeyaml.load(path)


def compact_pack(directory: Path, entries: int) -> Path:
    directory.mkdir()
    lines = (f"- {{id: e{n}, question: q{n}, answer: a{n}}}\n" for n in range(entries))
    (directory / "faq.yaml").write_text("entries:\n" + "".join(lines))
    return directory


def test_more_entries_than_the_limit_are_refused_in_one_line(tmp_path: Path) -> None:
    directory = compact_pack(tmp_path / "pack", 5)
    result = run("ask", "q1", "--pack", str(directory), env={"LEADERCLI_MAX_ENTRIES": "3"})
    assert result.exit_code == 2
    where = f"{directory / 'faq.yaml'}:5"  # the fourth entry's line
    assert (
        result.stderr
        == f"leadercli: error: {where}: more than 3 entries (raise the limit with LEADERCLI_MAX_ENTRIES)\n"
    )
    assert run("ask", "q1", "--pack", str(directory), env={"LEADERCLI_MAX_ENTRIES": "5"}).exit_code == 0
    other = compact_pack(tmp_path / "other", 5)  # not compiled yet: the limit is read when a pack is parsed
    bad = run("ask", "q1", "--pack", str(other), env={"LEADERCLI_MAX_ENTRIES": "many"})
    assert (
        bad.exit_code == 2
        and "LEADERCLI_MAX_ENTRIES must be a whole number above 0, not 'many'" in bad.stderr
    )


def test_the_entry_limit_is_met_before_the_memory_is_spent(tmp_path: Path) -> None:
    """250,000 compact entries (10 MB, well under the size limit) would take ~1 GB to compose: refused
    by the default limit within seconds, the process growing by a small fraction of that."""
    import resource

    directory = compact_pack(tmp_path / "pack", 250_000)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    started = time.monotonic()
    result = run("ask", "q1", "--pack", str(directory))
    assert result.exit_code == 2 and "more than 200,000 entries" in result.stderr
    assert time.monotonic() - started < 20
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 - before < 150 * 1024 * 1024
