"""Jupyter notebooks (leadercli.packs.documents.notebook): before this reader an `.ipynb` file was read
as plain text, one record of JSON, and a folder of notebooks held no documents at all."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leadercli.errors import DataError
from leadercli.packs.documents.load import load_documents, parse
from leadercli.packs.documents.notebook import OUTPUT_LINES
from leadercli.packs.sections import FAQ


def _notebook(cells: list[object], **metadata: object) -> str:
    """A notebook as nbformat writes it: indent 1, each source line a string of its own."""
    return json.dumps({"cells": cells, "metadata": metadata, "nbformat": 4, "nbformat_minor": 5}, indent=1)


def _markdown(*lines: str) -> dict[str, object]:
    return {"cell_type": "markdown", "metadata": {}, "source": list(lines)}


def _code(source: str, *outputs: dict[str, object]) -> dict[str, object]:
    return {"cell_type": "code", "metadata": {}, "outputs": list(outputs), "source": source.splitlines(True)}


TUTORIAL = _notebook(
    [
        _markdown("# Loading data\n", "\n", "This notebook loads **a CSV file**."),
        _code(
            "import pandas as pd\nprint(len(pd.read_csv('x.csv')))",
            {"name": "stdout", "output_type": "stream", "text": ["42\n"]},
            {
                "data": {"image/png": "iVBOR", "text/plain": ["<Figure size 640x480>"]},
                "output_type": "display_data",
            },
        ),
        _markdown("## Cleaning rows\n", "\n", "Drop the empty rows with `dropna`."),
        _code(
            "df.dropna(", {"ename": "SyntaxError", "evalue": "'(' was never closed", "output_type": "error"}
        ),
    ],
    kernelspec={"language": "python", "name": "python3"},
)


def _write(tmp_path: Path, text: str, name: str = "tutorial.ipynb") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_cells_become_the_page_a_reader_sees(tmp_path: Path) -> None:
    entries = {entry.question: entry for entry in load_documents(_write(tmp_path, TUTORIAL)).of(FAQ)}
    assert list(entries) == ["Loading data", "Cleaning rows"]
    first = entries["Loading data"].answer
    assert first.startswith("This notebook loads **a CSV file**.")
    assert "```python\nimport pandas as pd\nprint(len(pd.read_csv('x.csv')))\n```" in first
    assert "```text\n42\n```" in first  # what the cell printed, under it
    assert "<Figure" not in first and "iVBOR" not in first  # a plot is not words
    assert entries["Cleaning rows"].answer.endswith("```text\nSyntaxError: '(' was never closed\n```")
    assert '"cell_type"' not in first


def test_a_record_points_at_its_heading_line_in_the_file(tmp_path: Path) -> None:
    path = _write(tmp_path, TUTORIAL)
    lines = path.read_text(encoding="utf-8").split("\n")
    for entry in load_documents(path).of(FAQ):
        assert entry.question in lines[entry.line - 1], entry


def test_the_kernel_names_the_code_language_and_fences_outlast_backticks(tmp_path: Path) -> None:
    text = _notebook(
        [_markdown("# Plots\n", "\n", "Some text."), _code("x <- '```'\nplot(x)")],
        kernelspec={"language": "R", "name": "ir"},
    )
    (entry,) = load_documents(_write(tmp_path, text)).of(FAQ)
    assert "````r\nx <- '```'\nplot(x)\n````" in entry.answer


def test_nbformat_3_worksheets_and_heading_cells(tmp_path: Path) -> None:
    text = json.dumps(
        {
            "nbformat": 3,
            "metadata": {},
            "worksheets": [
                {
                    "cells": [
                        {"cell_type": "heading", "level": 2, "source": ["Setup"]},
                        {"cell_type": "markdown", "source": ["Install it first."]},
                        {
                            "cell_type": "code",
                            "input": ["1 + 1"],
                            "outputs": [{"output_type": "pyout", "text": ["2"]}],
                        },
                    ]
                }
            ],
        },
        indent=1,
    )
    (entry,) = load_documents(_write(tmp_path, text)).of(FAQ)
    assert entry.question == "Setup"
    assert entry.answer == "Install it first.\n\n```python\n1 + 1\n```\n\n```text\n2\n```"


def test_a_folder_reads_its_notebooks_and_not_their_checkpoints(tmp_path: Path) -> None:
    _write(tmp_path, TUTORIAL)
    (tmp_path / ".ipynb_checkpoints").mkdir()
    _write(tmp_path / ".ipynb_checkpoints", TUTORIAL, "tutorial-checkpoint.ipynb")
    entries = load_documents(tmp_path).of(FAQ)
    assert sorted(entry.question for entry in entries) == ["Cleaning rows", "Loading data"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"cells": [1,', ":1:14: not a Jupyter notebook: Expecting value"),
        ("[1, 2]", ":1: not a Jupyter notebook: no list of cells"),
        ('{"cells": "no"}', ":1: not a Jupyter notebook: no list of cells"),
    ],
)
def test_a_file_that_is_not_a_notebook_is_one_error_naming_its_line(
    tmp_path: Path, text: str, message: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(DataError) as raised:
        parse(text, path)
    assert str(raised.value) == f"{path}{message}"


def test_cells_of_the_wrong_shape_are_passed_over(tmp_path: Path) -> None:
    text = _notebook(
        [7, {"cell_type": "markdown", "source": ["# Title\n", 3, "Words."]}, {"cell_type": "raw"}]
    )
    (entry,) = load_documents(_write(tmp_path, text)).of(FAQ)
    assert (entry.question, entry.answer) == ("Title", "Words.")


def test_a_long_output_shows_its_start_and_how_much_more_there_is(tmp_path: Path) -> None:
    printed: dict[str, object] = {
        "name": "stdout",
        "output_type": "stream",
        "text": [f"{n}\n" for n in range(500)],
    }
    text = _notebook([_markdown("# Loop\n", "\n", "Count."), _code("for i in range(500): print(i)", printed)])
    (entry,) = load_documents(_write(tmp_path, text)).of(FAQ)
    shown = entry.answer.split("```text\n", 1)[1].split("\n")
    assert shown[: OUTPUT_LINES + 1] == [
        *map(str, range(OUTPUT_LINES)),
        f"[... {500 - OUTPUT_LINES} more lines of output]",
    ]


@pytest.mark.parametrize(
    "text",
    [
        '{"worksheets": [{"cells": 5}]}',
        '{"cells": null}',
        '{"cells": [{"cell_type": "code", "source": "x", "outputs": [{"output_type": []}]}]}',
        '{"cells": [], "n": ' + "9" * 5000 + "}",
    ],
)
def test_a_notebook_of_odd_json_is_one_error_or_read_never_an_internal_error(
    tmp_path: Path, text: str
) -> None:
    path = _write(tmp_path, text)
    try:
        load_documents(path)
    except DataError as error:
        assert str(error).startswith(str(path))


def test_a_notebook_on_one_line_keeps_its_sections_and_a_cell_s_open_fence_ends_with_it(
    tmp_path: Path,
) -> None:
    """A notebook saved as compact JSON put every heading on line 1 (one section survived), and a cell
    whose code fence is never closed ran on into the next cells (the review)."""
    cells = [_markdown("# Title\n", "```python\n", "x=1\n"), _markdown("## Install\n", "Run it.\n")]
    path = _write(tmp_path, json.dumps({"cells": cells, "nbformat": 4}))
    entries = load_documents(path).of(FAQ)
    assert [entry.question for entry in entries] == ["Title", "Install"]
    assert entries[0].answer == "```python\nx=1\n```"
