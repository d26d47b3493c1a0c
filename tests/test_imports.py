"""Startup is a feature: guard what each path imports, so a stray top-level import fails CI.

Times vary by machine and belong in benchmarks/perf.py; the import list does not.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json, sys
sys.argv = ["leadercli", *json.loads(sys.argv[1])]
try:
    from leadercli.cli import main
    main()
except SystemExit:
    pass
sys.stderr.write("\\nMODULES " + json.dumps(sorted(sys.modules)) + "\\n")
"""


def modules_after(args: list[str], cache_dir: Path, **env: str) -> set[str]:
    result = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "LEADERCLI_CACHE_DIR": str(cache_dir), **env},
    )
    line = result.stderr.rsplit("MODULES ", 1)[1]
    names: list[str] = json.loads(line)
    return {name.split(".")[0] for name in names} | set(names)


def test_ask_json_on_a_fresh_cache_loads_neither_rich_nor_yaml(tmp_path: Path) -> None:
    modules_after(["ask", "--json", "warm the cache"], tmp_path)
    loaded = modules_after(["ask", "--json", "why did LeCun leave"], tmp_path)
    assert "leadercli" in loaded
    for heavy in (
        "rich",
        "yaml",
        "numpy",
        "pydantic",
        "platformdirs",
        "tempfile",
        "hashlib",
        "random",
        "dataclasses",
    ):
        assert heavy not in loaded, f"`ask --json` imported {heavy}"
    # the YAML reader (and difflib, textwrap behind it) is for building a pack, not for reading its cache
    assert "leadercli.packs.loader" not in loaded


def test_the_default_cache_folder_is_platformdirs_without_importing_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs

    from leadercli.store.compiled import cache_dir

    monkeypatch.delenv("LEADERCLI_CACHE_DIR", raising=False)
    for xdg in (None, str(tmp_path / "xdg"), "  "):
        if xdg is None:
            monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
        else:
            monkeypatch.setenv("XDG_CACHE_HOME", xdg)
        assert cache_dir() == Path(platformdirs.user_cache_dir("leadercli", appauthor=False)), xdg
    home = tmp_path / "home"
    loaded = modules_after(
        ["ask", "--json", "why did LeCun leave"],
        tmp_path,
        HOME=str(home),
        LEADERCLI_CACHE_DIR="",
        XDG_CACHE_HOME="",
    )
    assert (home / ".cache" / "leadercli").is_dir()  # the default folder was used
    assert sys.platform == "darwin" or "platformdirs" not in loaded


def test_help_loads_no_pack(tmp_path: Path) -> None:
    loaded = modules_after(["--help"], tmp_path)
    for heavy in ("yaml", "rapidfuzz", "numpy"):
        assert heavy not in loaded, f"`--help` imported {heavy}"


def test_help_is_plain_text_without_rich(tmp_path: Path) -> None:
    """Help is Click's plain text on a terminal as in a pipe: a terminal library would double its cost."""
    for args in (["--help"], ["ask", "-h"], ["cache", "info", "--help"]):
        loaded = modules_after(args, tmp_path, FORCE_COLOR="1")
        assert "rich" not in loaded, f"`{' '.join(args)}` imported rich"
