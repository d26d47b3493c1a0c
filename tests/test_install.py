"""A real wheel, installed into a fresh venv, answers from any directory: the packaged data is found."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from tests.conftest import REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    return next(out.glob("leadercli-*.whl"))


def test_wheel_carries_the_pack(wheel: Path) -> None:
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert "leadercli/data/faq.yaml" in names
    assert "leadercli/data/playbook.yaml" in names
    # the word lists read at compile and question time travel with the code
    for name in (
        "matching/data/stop_words.txt",
        "packs/data/small_words.txt",
        "packs/data/overview_words.txt",
        "export.css",  # the HTML export's style sheet
    ):
        assert f"leadercli/{name}" in names, name


def test_wheel_installs_and_answers_from_anywhere(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "venv"
    venv.create(target, with_pip=True)
    bin_dir = target / "bin"
    # Dependencies come from this environment (offline, fast) through a .pth file; leadercli itself only
    # from the wheel: .pth lines add directories, and this env's own editable leadercli hook is not read.
    site = next((target / "lib").glob("python3*/site-packages"))
    (site / "deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [bin_dir / "python", "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [bin_dir / "python", "-c", "import leadercli.packs.pack as p; print(p.shipped_pack_dir())"],
        cwd=elsewhere,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    assert Path(where).is_relative_to(target)
    result = subprocess.run(
        [bin_dir / "leadercli", "ask", "--json", "why did LeCun leave"],
        cwd=elsewhere,
        capture_output=True,
        text=True,
        check=False,
        env={"PATH": str(bin_dir)},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["match"]["id"] == "why-lecun-is-leaving-meta"
