"""Org-mode (`.org`) read by turning it into Markdown, line for line, for the Markdown reader.

A README.org's `* Installation` is a heading, its `#+BEGIN_SRC shell` block is code, `[[url][text]]`
a link, `=verbatim=` and `~code~` code, `*bold*` bold, a `|---+---|` rule a table's separator; the
`#+TITLE:` line is the title and other `#+KEYWORD:` lines, comments and `:PROPERTIES:` drawers go.
Each Org line becomes one Markdown line, so every heading keeps its line in the file.
"""

from __future__ import annotations

import re

from leadercli.packs.documents.outline import Outline, fence_for

# `** TODO [#A] Title   :tag:`: the stars, then the title without its keyword, priority and tags.
_HEADING = re.compile(
    r"(\*+)[ \t]+(?:(?:TODO|DONE)[ \t]+)?(?:\[#[A-C]\][ \t]+)?(.*?)(?:[ \t]+:[\w@#%:]+:)?[ \t]*$"
)
_KEYWORD = re.compile(r"[ \t]*#\+(\w+):[ \t]*(.*)$")
_BLOCK_START = re.compile(r"[ \t]*#\+begin_(\w+)(?:[ \t]+(\S+))?.*$", re.IGNORECASE)
_BLOCK_END = re.compile(r"[ \t]*#\+end_(\w+)[ \t]*$", re.IGNORECASE)
_COMMENT = re.compile(r"[ \t]*#(?:[ \t]|$)")
_DRAWER = re.compile(r"[ \t]*:[\w-]+:[ \t]*$")
_DRAWER_END = re.compile(r"[ \t]*:END:[ \t]*$", re.IGNORECASE)
_TABLE_RULE = re.compile(r"[ \t]*\|[-+]+\|?[ \t]*$")
_LIST = re.compile(r"([ \t]*)([-+]|\d+[.)])[ \t]+(.*)$")
_DEFINITION = re.compile(r"(- )(.+?) ::(?:[ \t]+(.*))?$")
_LINK = re.compile(r"\[\[([^\]]+)\](?:\[([^\]]+)\])?\]")
_VERBATIM = re.compile(r"(?<![\w=~])([=~])(?=\S)([^\n]*?\S)\1(?![\w=~])")
_BOLD = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]*?\S)\*(?![\w*])")
_ITALIC = re.compile(r"(?<![\w/:])/(?=[^\s/])([^/\n]*?[^\s/])/(?![\w/])")
_SCHEMES = {"http", "https", "ftp", "file", "mailto"}
_VERBATIM_BLOCKS = {"src", "example"}


def parse_org(text: str) -> Outline:
    """The document's outline, from its Markdown reading (`to_markdown`); `#+TITLE:` is its title."""
    from leadercli.packs.documents.markdown import parse_markdown

    lines = re.sub(r"\r\n?", "\n", text).split("\n")
    outline = parse_markdown("\n".join(to_markdown(lines)))
    title = next((found.group(2).strip() for line in lines if (found := _KEYWORD.match(line))
                  and found.group(1).lower() == "title"), "")  # fmt: skip
    return outline._replace(title=title) if title else outline


def to_markdown(lines: list[str]) -> list[str]:
    """The Org lines as Markdown lines, as many."""
    out: list[str] = []
    block = ""  # the open #+BEGIN_ block's kind
    fence = ""  # the open verbatim block's code fence
    drawer = False
    for number, line in enumerate(lines):
        if block:
            if _ends(line, block):
                out.append(fence)
                block = fence = ""
            elif fence:
                out.append(line)
            else:
                out.append(("> " if block == "quote" else "") + _inline(line.strip()))
            continue
        if drawer:
            drawer = not _DRAWER_END.match(line)
            out.append("")
            continue
        out.append(_line(line))
        if found := _BLOCK_START.match(line):
            block = found.group(1).lower()
            language = found.group(2) or "" if block == "src" else ""
            if block in _VERBATIM_BLOCKS:
                fence = fence_for("\n".join(_block_lines(lines[number + 1 :], block)))
            out[-1] = fence + language if fence else ""
        elif _DRAWER.match(line) and not _DRAWER_END.match(line):
            drawer = True
    return out


def _block_lines(lines: list[str], block: str) -> list[str]:
    """The lines of a block up to its `#+END_`, or to the end of the document when it has none."""
    end = next((number for number, line in enumerate(lines) if _ends(line, block)), len(lines))
    return lines[:end]


def _ends(line: str, block: str) -> bool:
    return bool((end := _BLOCK_END.match(line)) and end.group(1).lower() == block)


def _line(line: str) -> str:  # noqa: PLR0911 (one return per kind of line)
    if found := _HEADING.match(line):
        level = min(len(found.group(1)), 6)
        return f"{'#' * level} {_inline(found.group(2))}" if found.group(2) else ""
    if _KEYWORD.match(line) or _COMMENT.match(line) or _DRAWER.match(line):
        return ""
    if _TABLE_RULE.match(line):
        return "|" + " --- |" * max(1, line.count("+") + 1)
    if line.lstrip().startswith("|"):
        return _inline(line.strip())
    if found := _LIST.match(line):
        mark = "-" if found.group(2) in "-+" else "1."
        item = f"{found.group(1)}{mark} {found.group(3)}"
        if definition := _DEFINITION.match(item.lstrip()):
            text = f": {_inline(definition.group(3))}" if definition.group(3) else ""
            return f"{found.group(1)}- **{_inline(definition.group(2))}**{text}"
        return f"{found.group(1)}{mark} {_inline(found.group(3))}"
    return _inline(line)


def _link(found: re.Match[str]) -> str:
    """`[[url][text]]` a link; `[[url]]` a link to itself; `[[doom-package:dumb-jump]]`, a link of the
    document's own kind that no reader can follow, its name."""
    target, text = found.group(1), found.group(2)
    scheme, colon, rest = target.partition(":")
    if colon and scheme.lower() not in _SCHEMES and not rest.startswith("//"):
        return text or rest.lstrip(":") or target
    return f"[{text or target}]({target})"


def _inline(text: str) -> str:
    text = _LINK.sub(_link, text)
    text = _VERBATIM.sub(lambda found: f"`{found.group(2)}`", text)
    text = _BOLD.sub(r"**\1**", text)
    return _ITALIC.sub(r"*\1*", text)
