"""Jupyter notebooks (`.ipynb`): the page a reader of the rendered notebook sees, as Markdown.

A notebook is JSON: its Markdown cells are the text, its code cells are code blocks in the kernel's
language, and what a cell printed (a stream, a result's plain text) follows it as a text block, as a
rendered notebook shows it. Images, HTML outputs and tracebacks are left out (an error shows its one
line, `NameError: x`). The Markdown reader then makes the sections, and every line keeps the number
of the file line that holds it, so a record points into the `.ipynb` file itself. nbformat 4 and the
older 3 (worksheets, heading cells) are read; anything else is a one-line error.
"""

from __future__ import annotations

import json
from typing import Any

from leadercli.errors import DataError
from leadercli.packs.documents.outline import Fences, Outline, fence_for, renumbered

_OUTPUT_TYPES = ("text/plain",)
"""The outputs shown, besides streams: plain text only (an image or a page of HTML is not words); a
result drawn as an image has only its placeholder as text, and is left out whole."""


OUTPUT_LINES = 30
"""A cell's printed output longer than this shows its first lines and how many more there are: a
training log or a loop's 500 numbers is not what a question about the notebook is answered with."""


def parse_notebook(text: str) -> Outline:
    from leadercli.packs.documents.markdown import parse_markdown

    lines, origin = notebook_markdown(text)
    return renumbered(parse_markdown("\n".join(lines)), origin)


def notebook_markdown(text: str) -> tuple[list[str], list[int]]:
    """The notebook as Markdown lines, and for each the 1-based line of the file that holds it."""
    try:
        notebook = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataError(
            f"not a Jupyter notebook: {error.msg}", line=error.lineno, column=error.colno
        ) from None
    except ValueError as error:  # a number of more than 4,300 digits
        raise DataError(f"not a Jupyter notebook: {error}", line=1) from None
    cells = _cells(notebook)
    language = _language(notebook)
    finder = _Finder(text)
    lines: list[str] = []
    origin: list[int] = []

    def add(new: list[str], line: int | list[int]) -> None:
        lines.extend(new)
        origin.extend(line if isinstance(line, list) else [line] * len(new))
        lines.append("")
        origin.append(origin[-1] if origin else 1)

    for cell in cells:
        kind = cell.get("cell_type")
        source, where = finder.source(cell.get("source", cell.get("input", "")))
        if kind == "markdown":  # a fence left open ends with its cell, as Jupyter draws each cell alone
            closing = _unclosed(source)
            add(source + closing, where + [where[-1]] * len(closing))
        elif kind == "heading":  # nbformat 3
            level = cell.get("level")
            marks = "#" * (level if isinstance(level, int) and 1 <= level <= 6 else 1)
            add([f"{marks} {' '.join(source)}"], where[0])
        elif kind == "code" and any(line.strip() for line in source):
            add(_fenced(source, language), [where[0], *where, where[-1]])
            printed = _printed(cell.get("outputs"))
            if printed:
                add(_fenced(printed, "text"), where[-1])
    return lines, origin


def _cells(notebook: Any) -> list[dict[str, Any]]:
    """The cells of an nbformat 4 notebook, or of nbformat 3's worksheets."""
    if isinstance(notebook, dict):
        cells = notebook.get("cells")
        if cells is None and isinstance(notebook.get("worksheets"), list):
            sheets = [sheet.get("cells") for sheet in notebook["worksheets"] if isinstance(sheet, dict)]
            cells = [cell for found in sheets if isinstance(found, list) for cell in found]
        if isinstance(cells, list):
            return [cell for cell in cells if isinstance(cell, dict)]
    raise DataError("not a Jupyter notebook: no list of cells", line=1)


def _language(notebook: dict[str, Any]) -> str:
    """The code cells' language, as the notebook's metadata names it (Python when it does not)."""
    metadata = notebook.get("metadata")
    if isinstance(metadata, dict):
        for key, field in (("kernelspec", "language"), ("language_info", "name")):
            found = metadata.get(key)
            if isinstance(found, dict) and isinstance(found.get(field), str) and found[field].isidentifier():
                return str(found[field]).lower()
    return "python"


def _text(value: Any) -> str:
    """A notebook's multi-line string: one string, or a list of lines each ending in its newline."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(part for part in value if isinstance(part, str))
    return ""


def _printed(outputs: Any) -> list[str]:
    """What a code cell printed, as a reader sees it under the cell: streams, plain-text results, and an
    error's one line."""
    shown: list[str] = []
    for output in outputs if isinstance(outputs, list) else ():
        if not isinstance(output, dict):
            continue
        kind = output.get("output_type")
        kind = kind if isinstance(kind, str) else ""
        if kind == "stream":
            shown.append(_text(output.get("text")))
        elif kind in {"error", "pyerr"}:
            shown.append(f"{_text(output.get('ename'))}: {_text(output.get('evalue'))}")
        elif isinstance(output.get("data"), dict):
            data = output["data"]
            if not any(str(kind).startswith("image/") for kind in data):  # a plot's text is "<Figure ...>"
                shown.extend(_text(data.get(kind)) for kind in _OUTPUT_TYPES)
        elif kind == "pyout":  # nbformat 3 keeps the plain text on the output itself
            shown.append(_text(output.get("text")))
    printed = "".join(part if part.endswith("\n") else part + "\n" for part in shown if part).splitlines()
    if len(printed) > OUTPUT_LINES:  # Jupyter scrolls such an output; an answer shows its start
        return [*printed[:OUTPUT_LINES], f"[... {len(printed) - OUTPUT_LINES} more lines of output]"]
    return printed


def _unclosed(lines: list[str]) -> list[str]:
    """The closing fence a cell's text leaves open ([] when none is open)."""
    fences = Fences()
    opened = ""
    for line in lines:
        was_inside = fences.inside
        fences.code(line)
        if fences.inside and not was_inside:
            opened = line.strip()
    return [opened[: len(opened) - len(opened.lstrip("`~"))]] if fences.inside else []


def _fenced(lines: list[str], language: str) -> list[str]:
    """A code block, its fence longer than any run of backticks inside."""
    fence = fence_for("\n".join(lines))
    return [fence + language, *lines, fence]


class _Finder:
    """Finds where each source string sits in the file, in order, so a line keeps its file line.

    nbformat writes each line of a cell's source as one JSON string on a line of its own; a string not
    found as written (another writer's escapes) keeps the line of the one before it."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._at = 0  # where the next search starts
        self._line = 1  # the file line at `_at`
        self._lost = False  # a source string was not found as written: stop looking

    def source(self, value: Any) -> tuple[list[str], list[int]]:
        """A cell's source lines, and each one's file line."""
        parts = [value] if isinstance(value, str) else [part for part in value if isinstance(part, str)] \
            if isinstance(value, list) else []  # fmt: skip
        lines: list[str] = []
        where: list[int] = []
        for part in parts:
            line = self._find(part)
            pieces = part.split("\n")
            if pieces and pieces[-1] == "" and len(pieces) > 1:
                pieces.pop()
            lines.extend(piece.rstrip("\r") for piece in pieces)
            where.extend([line] * len(pieces))
        return lines or [""], where or [self._line]

    def _find(self, part: str) -> int:
        if self._lost:
            return self._line
        for encoded in (json.dumps(part, ensure_ascii=False), json.dumps(part)):
            found = self._text.find(encoded, self._at)
            if found >= 0:
                self._line += self._text.count("\n", self._at, found)
                self._at = found + len(encoded)
                return self._line
        # Another writer's escapes (`\u00E9`): the rest will not be found either, and each search would
        # read the rest of the file (20,000 such lines took 8 s). The lines keep the last one found.
        self._lost = True
        return self._line
