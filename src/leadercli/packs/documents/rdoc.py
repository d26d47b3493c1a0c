"""RDoc markup (a Ruby gem's `README.rdoc`) into an outline, through Markdown, line for line.

`= Title` / `== Section` become `#` / `##` headings; `label :: text` and `[label] text` labelled lists
become list items with the label in bold; text indented past the margin (RDoc's verbatim) becomes an
indented code block; `+code+`, `*bold*`, `_em_`, `<tt>`, `<b>`, `<em>` and `{text}[url]` / `word[url]`
links become their Markdown. Every line keeps its number, so every heading keeps the line it has in the
file; the Markdown reader does the rest.
"""

from __future__ import annotations

import re

from leadercli.packs.documents.outline import Outline

_HEADING = re.compile(r"^(={1,6})[ \t]*(\S.*)$")
_LABELLED = re.compile(
    r"^(?P<label>[^\s:\[][^:]*?)[ \t]*::[ \t]+(?P<text>\S.*)$|^\[(?P<bracketed>[^\]]+)\][ \t]+(?P<rest>\S.*)$"
)
_LIST = re.compile(r"^[ \t]*(?:[*-]|\d+\.|[a-zA-Z]\.)[ \t]+\S")
_DIRECTIVE = re.compile(r"^[ \t]*:(?:\w+):")  # `:include: file`, `:stopdoc:`: for the generator
_INLINE = (
    (re.compile(r"<(?:tt|code)>(.*?)</(?:tt|code)>"), r"`\1`"),
    (re.compile(r"<(?:b|strong)>(.*?)</(?:b|strong)>"), r"**\1**"),
    (re.compile(r"<(?:em|i)>(.*?)</(?:em|i)>"), r"*\1*"),
    (re.compile(r"(?<![\w+\\])\+([^\s+](?:[^+\n]*?[^\s+])?)\+(?![\w+])"), r"`\1`"),
    (re.compile(r"(?<![\w*\\])\*([^\s*](?:[^*\n]*?[^\s*])?)\*(?![\w*])"), r"**\1**"),
    (re.compile(r"(?<![\w\\])_([^\s_](?:[^_\n]*?[^\s_])?)_(?![\w])"), r"*\1*"),
    (re.compile(r"\{([^{}\n]+)\}\[([^\]\s]+)\]"), r"[\1](\2)"),
    (re.compile(r"(?<![\w\]])([\w.-]+)\[((?:https?:|mailto:|/)[^\]\s]*)\]"), r"[\1](\2)"),
)


def parse_rdoc(text: str) -> Outline:
    from leadercli.packs.documents.markdown import parse_markdown

    return parse_markdown("\n".join(to_markdown(re.sub(r"\r\n?", "\n", text).split("\n"))))


def to_markdown(lines: list[str]) -> list[str]:
    """The document's lines, as many, in Markdown."""
    out: list[str] = []
    in_list = False  # an indented line under a list item continues it; elsewhere it is verbatim
    for line in lines:
        if not line.strip():
            out.append("")
            continue
        indent = len(line) - len(line.lstrip())
        if indent and not in_list:
            out.append("  " + line)  # verbatim: past Markdown's four columns, an indented code block
            continue
        if indent == 0 or _LIST.match(line):
            in_list = bool(_LIST.match(line) or _LABELLED.match(line))
        out.append(_line(line))
    return out


def _line(line: str) -> str:
    if _DIRECTIVE.match(line):
        return ""
    if heading := _HEADING.match(line):
        return f"{'#' * len(heading.group(1))} {_inline(heading.group(2))}"
    if labelled := _LABELLED.match(line):
        label = labelled["label"] or labelled["bracketed"]
        text = labelled["text"] or labelled["rest"]
        return f"- **{_inline(label.strip())}** {_inline(text)}"
    return _inline(line)


def _inline(text: str) -> str:
    for pattern, replacement in _INLINE:
        text = pattern.sub(replacement, text)
    return text
