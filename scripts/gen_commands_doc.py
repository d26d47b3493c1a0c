"""Writes docs/commands.md from every command's `--help`, so the reference never drifts from the code.

    python scripts/gen_commands_doc.py          # rewrite docs/commands.md
    python scripts/gen_commands_doc.py --check  # exit 1 if docs/commands.md is out of date

The help is what `leadercli CMD --help` prints (Click's plain text, through leadercli's own help
formatter) at a pinned width of 88 columns and without bold headings, so the output depends only on
the code, not on the terminal that runs the script.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

os.environ["TYPER_USE_RICH"] = "0"  # read by Typer at import: must be set before leadercli loads it
os.environ["NO_COLOR"] = "1"  # no bold headings, even when this script runs on a terminal

REPO = Path(__file__).resolve().parent.parent
DOC = REPO / "docs" / "commands.md"
WIDTH = 88

HEADER = """\
# Command reference

Generated from each command's `--help` by `python scripts/gen_commands_doc.py`; do not edit by
hand (a test fails when this file is out of date). Run `leadercli` with no arguments for an
overview, and see [json.md](json.md) for what `--json` prints.
"""


def render() -> str:
    sys.path.insert(0, str(REPO / "src"))
    import typer
    from typer.core import TyperGroup

    from leadercli.cli import app

    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    settings: dict[str, Any] = {"terminal_width": WIDTH, "max_content_width": WIDTH}
    root = group.context_class(group, info_name="leadercli", **group.context_settings, **settings)
    sections = [HEADER, "## leadercli\n", _block(group.get_help(root))]
    sections += _commands(group, root, settings)
    return "\n".join(sections)


def _commands(group: Any, parent: Any, settings: dict[str, Any]) -> list[str]:
    """Every visible command of `group`, in registration order, recursing into command groups."""
    sections: list[str] = []
    for name in group.list_commands(parent):
        command = group.get_command(parent, name)
        if command is None or command.hidden:
            continue
        context = command.context_class(command, info_name=name, parent=parent, **settings)
        sections += [f"## {context.command_path}\n", _block(command.get_help(context))]
        if hasattr(command, "list_commands"):
            sections += _commands(command, context, settings)
    return sections


def _block(help_text: str) -> str:
    lines = [line.rstrip() for line in help_text.strip("\n").splitlines()]
    return "```text\n" + "\n".join(lines) + "\n```\n"


def main(argv: list[str]) -> int:
    document = render()
    if "--check" in argv:
        current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
        if current != document:
            sys.stderr.write(
                f"{DOC.relative_to(REPO)} is out of date: run python scripts/gen_commands_doc.py\n"
            )
            return 1
        return 0
    DOC.write_text(document, encoding="utf-8")
    print(f"wrote {DOC.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
