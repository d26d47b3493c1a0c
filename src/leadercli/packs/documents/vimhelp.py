"""A Vim help file (`doc/plugin.txt`, `*plugin.txt*` on its first line) into an outline.

Vim help has a layout of its own, which the plain-text reader would misread: a section is a line of
`=` (or `-` for a sub-section) followed by its title and its tags (`INSTALLATION  *plugin-install*`);
`Title~` lines are column headings inside a section; a line ending in `>` opens an example that ends at
a line starting with `<`; `*tag*` marks anchors and `|tag|` links to them. Sections become headings,
column headings bold lines, examples fenced code, aligned columns (a command and what it does) a
preformatted block; the table of contents, the tags and the modeline go.
"""

from __future__ import annotations

import re

from leadercli.packs.documents.outline import Heading, Outline, Skipped, fence_for, introduction_title
from leadercli.packs.sections import markdown_escaped

_FIRST_LINE = re.compile(r"\*([^*\s]+)\.txt\*")
_MODELINE_START = re.compile(r"(?:^|\s)vim?:")
_MODELINE_HELP = re.compile(r"\b(?:ft|filetype)=help\b")
_RULE = re.compile(r"(=|-)\1{19,}\s*$")
_TAG = re.compile(r"(?:^|(?<=\s))\*[^*\s]+\*(?=\s|$)")
_LINK = re.compile(r"\|([^|\s]+)\|")
_EXAMPLE_START = re.compile(r"(?:^|\s)>$")
_ALIGNED = re.compile(r"\S {3,}\S|\t")
_CONTENTS = re.compile(r"(?<!\.)\.{4,}\s*\|[^|]+\|")  # a dot leader: read from its first dot only
# An entry of a list of commands, mappings or options: its name, then what it does (aligned or not).
_ENTRY = re.compile(r"(:\S+|<[^>\s]+>\S*|\S+(?=\s{2,}|\t))\s+(\S.*)$")


def looks_like_vim_help(text: str) -> bool:
    """`*name.txt*` on the first line, or a `vim:ft=help` modeline at the end."""
    first = text.lstrip("\ufeff").split("\n", 1)[0]
    return bool(_FIRST_LINE.match(first)) or any(map(_is_modeline, text[-400:].split("\n")))


def parse_vimhelp(text: str) -> Outline:
    lines = re.sub(r"\r\n?", "\n", text.lstrip("\ufeff")).split("\n")
    found = _FIRST_LINE.match(lines[0])
    title = found.group(1) if found else ""
    starts = [
        index
        for index in range(len(lines) - 1)
        if _RULE.match(lines[index]) and lines[index + 1].strip() and not _RULE.match(lines[index + 1])
    ]
    skipped: list[Skipped] = []
    headings: list[Heading] = []
    for number, start in enumerate(starts):
        stop = starts[number + 1] if number + 1 < len(starts) else len(lines)
        heading = " ".join(_TAG.sub("", lines[start + 1]).split()) or title
        own = lines[start + 2 : stop]
        level = 1 if lines[start].lstrip().startswith("=") else 2
        if _is_contents(own):
            skipped.append(Skipped(start + 2, heading, "table of contents"))
            continue
        body = _markdown(own)
        if not body:
            skipped.append(Skipped(start + 2, heading, "empty section"))
            continue
        headings.append(Heading(heading, level, start + 2, body))
    preamble = lines[: starts[0]] if starts else lines
    preamble = [_FIRST_LINE.sub("", preamble[0]), *preamble[1:]] if preamble else []
    intro_body = _markdown(preamble)
    introduction = None
    if intro_body and starts:
        sentence = intro_body.split("\n\n", 1)[0]
        first_line = next(index for index, line in enumerate(lines) if line.strip()) + 1
        introduction = Heading(introduction_title(sentence, title), 0, first_line, intro_body)
    elif intro_body:
        headings.append(Heading(title or "Help", 1, 1, intro_body))
    return Outline(title, "", tuple(headings), tuple(skipped), introduction)


def _is_contents(lines: list[str]) -> bool:
    text = [line for line in lines if line.strip()]
    return bool(text) and sum(1 for line in text if _CONTENTS.search(line)) >= len(text) / 2


def _markdown(lines: list[str]) -> str:
    """A section's lines as Markdown: paragraphs, column headings in bold, examples and aligned
    columns as preformatted blocks; tags, links' bars and the modeline gone."""
    blocks: list[str] = []
    paragraph: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            entry = _ENTRY.match(paragraph[0])
            if entry and all(line[:1] in " \t" for line in paragraph[1:]):
                words = " ".join([entry.group(2), *(line.strip() for line in paragraph[1:])])
                blocks.append(f"`{entry.group(1)}` {markdown_escaped(words)}")
            elif any(_ALIGNED.search(line.strip()) for line in paragraph):
                blocks.append(_fenced([line.rstrip() for line in paragraph]))
            else:
                blocks.append("\n".join(markdown_escaped(line.strip()) for line in paragraph))
            paragraph.clear()

    index = 0
    while index < len(lines):
        line = _LINK.sub(r"\1", _TAG.sub("", lines[index])).rstrip()
        index += 1
        if not line.strip() or _is_modeline(line):
            end_paragraph()
            continue
        if _EXAMPLE_START.search(line):
            before = line[:-1].rstrip()
            if before.strip():
                paragraph.append(before)
            end_paragraph()
            code: list[str] = []
            while index < len(lines) and (not lines[index].strip() or lines[index][0] in " \t"):
                code.append(lines[index].rstrip())
                index += 1
            if index < len(lines) and lines[index].startswith("<"):
                rest = lines[index][1:].strip()
                if rest:  # the words after `<` are the next line
                    lines[index] = rest
                else:
                    index += 1
            if any(line.strip() for line in code):
                blocks.append(_fenced(code))
            continue
        if heading := _column_heading(line):
            end_paragraph()
            blocks.append(f"**{markdown_escaped(heading)}**")
            continue
        paragraph.append(line)
    end_paragraph()
    return "\n\n".join(blocks)


def _is_modeline(line: str) -> bool:
    """`vim:tw=78:ts=8:ft=help:norl:`: the words after the first `vim:` (or `vi:`) name the help type."""
    start = _MODELINE_START.search(line)
    return start is not None and _MODELINE_HELP.search(line, start.end()) is not None


def _column_heading(line: str) -> str:
    """`Mappings~` -> "Mappings"; "" when the line is none."""
    words = line.strip()
    return words[:-1].rstrip() if len(words) > 1 and words.endswith("~") else ""


def _fenced(lines: list[str]) -> str:
    filled = [number for number, line in enumerate(lines) if line.strip()]
    lines = lines[filled[0] : filled[-1] + 1] if filled else []
    indent = min((len(line) - len(line.lstrip()) for line in lines if line.strip()), default=0)
    code = "\n".join(line[indent:] for line in lines)
    fence = fence_for(code)
    return f"{fence}\n{code}\n{fence}"
