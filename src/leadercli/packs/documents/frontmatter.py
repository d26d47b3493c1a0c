"""A Markdown page's front matter: YAML between `---` lines, TOML between `+++` lines, or MultiMarkdown's
`key: value` lines. It gives the page's title and source and is never a section.
"""

from __future__ import annotations

import re
from typing import Any

from leadercli.packs.documents.outline import Skipped

__all__ = ["front_matter"]

_FRONT_MATTER = {"---": "---", "+++": "+++"}
_SENTENCE = re.compile(r"[.!?](?:\s+\S|\s*$)")  # a value that says something: text, not meta-data
_META_LINE = re.compile(r"(?P<key>[A-Za-z][\w-]*)[ \t]*:(?:[ \t]+(?P<value>.*)|[ \t]*$)")
_META_KEYS = frozenset({
    "title", "summary", "description", "authors", "author", "date", "tags", "template", "hide", "status",
    "icon", "subtitle", "keywords", "search", "source", "url",
})  # fmt: skip
"""The keys a MultiMarkdown meta-data block opens with, in MkDocs' and Python-Markdown's pages."""
_TOML_STRING = re.compile(r"""^\s*(\w+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)')\s*$""")


def front_matter(lines: list[str], meta_data: bool) -> tuple[str, str, list[Skipped], int]:
    """(title, source, skipped, lines it takes): YAML between `---` lines, TOML between `+++` lines, or
    with `meta_data` MultiMarkdown's `key: value` lines (`_meta_data`)."""
    fence = _FRONT_MATTER.get(lines[0].strip()) if lines else None
    if fence is None:
        return _meta_data(lines) if meta_data else ("", "", [], 0)
    closing = next((i for i in range(1, len(lines)) if lines[i].strip() == fence), None)
    if closing is None:  # unterminated: not front matter at all, but text (CommonMark reads `---` as a rule)
        return "", "", [], 0
    block = "\n".join(lines[1:closing])
    values = _toml(block) if fence == "+++" else _yaml(block)
    title = _first_text(values, "title", "name")
    source = _first_text(values, "source", "url", "canonical_url", "permalink", "link")
    skipped = [Skipped(1, f"{fence} ... {fence} (lines 1-{closing + 1})", "front matter")]
    return title, source, skipped, closing + 1


def _meta_data(lines: list[str]) -> tuple[str, str, list[Skipped], int]:
    """MultiMarkdown's meta-data, which Python-Markdown and MkDocs read: `key: value` lines from the
    first (a value may go on over indented lines) to a blank line, the page never showing them. Only a
    block that opens with a key such pages use (`title:`, `summary:`, ...), and a title or more than
    one key if it is a sentence: a README's first line "Status: no longer maintained. Use foo." is its
    text."""
    first = _META_LINE.match(lines[0]) if lines else None
    if first is None or first["key"].casefold() not in _META_KEYS:
        return "", "", [], 0
    end = next((number for number, line in enumerate(lines) if not line.strip()), None)
    if end is None:
        return "", "", [], 0  # nothing after it: a page of one paragraph
    values: dict[str, Any] = {}
    key = ""
    for line in lines[:end]:
        if (found := _META_LINE.match(line)) is not None:
            key = found["key"].casefold()
            values[key] = (found["value"] or "").strip()
        elif line.startswith("    ") and key:
            values[key] = f"{values[key]} {line.strip()}"
        else:
            return "", "", [], 0  # a line that is neither: a paragraph, not meta-data
    if len(values) == 1 and "title" not in values and _SENTENCE.search(next(iter(values.values()))):
        return "", "", [], 0  # one line that says something ("Status: no longer maintained. Use foo.")
    title, source = _first_text(values, "title"), _first_text(values, "source", "url")
    return title, source, [Skipped(1, f"{lines[0].strip()} (lines 1-{end})", "front matter")], end


def _yaml(block: str) -> dict[str, Any]:
    import yaml

    try:
        value = yaml.safe_load(block)
    except (yaml.YAMLError, ValueError, RecursionError):
        return {}
    return value if isinstance(value, dict) else {}


def _toml(block: str) -> dict[str, Any]:
    """The top-level `key = "text"` pairs of TOML front matter (all a title and source need)."""
    found: dict[str, Any] = {}
    for line in block.split("\n"):
        if line.strip().startswith("["):
            break
        if matched := _TOML_STRING.match(line):
            found[matched.group(1)] = matched.group(2) if matched.group(2) is not None else matched.group(3)
    return found


def _first_text(values: dict[str, Any], *keys: str) -> str:
    for key in keys:
        value = values.get(key)
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return ""
