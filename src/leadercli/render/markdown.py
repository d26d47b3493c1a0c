"""Rich's Markdown for a document's answer, with four things drawn as a reader expects them.

Imported only when a document's answer is drawn on a terminal (Rich's Markdown pulls in markdown-it and
Pygments). Rich 15 pads a code block with a blank row above and below, so with the blank line between
blocks every snippet stood between two; runs a quote's paragraphs together; and cuts a table cell too
long for its column with "…", so a path or an address in a runbook's table could not be read; and
prints a link's address as markdown-it stores it, percent-encoded, so a Chinese page's `#基础变量` read
`#%E5%9F%BA%E7%A1%80%E5%8F%98%E9%87%8F`.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, ClassVar

from rich.markdown import BlockQuote, CodeBlock, Markdown, TableDataElement
from rich.syntax import Syntax
from rich.text import Text

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, JustifyMethod, RenderResult
    from rich.markdown import MarkdownContext, MarkdownElement


class _CodeBlock(CodeBlock):
    """Code with a space of margin at its sides, none above or below."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        code = str(self.text).rstrip()
        yield Syntax(code, self.lexer_name, theme=self.theme, word_wrap=True, padding=(0, 1))


class _BlockQuote(BlockQuote):
    """A quote whose paragraphs, lists and code are apart, as they are outside a quote."""

    def __init__(self) -> None:
        super().__init__()
        self._children = 0

    def on_child_close(self, context: MarkdownContext, child: MarkdownElement) -> bool:
        if self._children:
            self.elements.append(Text())
        self.elements.append(child)
        self._children += 1
        return False


class _TableCell(TableDataElement):
    """A cell whose words wrap, and a word longer than its column goes on over the next line."""

    def __init__(self, justify: JustifyMethod) -> None:
        super().__init__(justify)
        self.content = Text("", justify=justify, overflow="fold")


_NON_ASCII_ESCAPES = re.compile(r"(?:%[89a-fA-F][0-9a-fA-F])+")
"""Percent-escaped bytes of characters beyond ASCII (markdown-it's for `#基础变量`); `%2F` and `%20` mean
what they say in an address and stay as written."""


def _written(found: re.Match[str]) -> str:
    """The characters a run of escapes stands for, when they are printable UTF-8; else the escapes."""
    try:
        shown = bytes.fromhex(found.group().replace("%", "")).decode("utf-8")
    except UnicodeDecodeError:
        return found.group()
    return shown if shown.isprintable() else found.group()


class AnswerMarkdown(Markdown):
    """Rich's Markdown with the elements above, and links' addresses as they were written."""

    def __init__(self, markup: str, **options: Any) -> None:
        super().__init__(markup, **options)
        for token in self.parsed:
            for child in token.children or ():
                href = child.attrs.get("href") if child.type == "link_open" else None
                if isinstance(href, str) and "%" in href:
                    child.attrs["href"] = _NON_ASCII_ESCAPES.sub(_written, href)

    elements: ClassVar[dict[str, type[MarkdownElement]]] = {
        **Markdown.elements,
        "fence": _CodeBlock,
        "code_block": _CodeBlock,
        "blockquote_open": _BlockQuote,
        "td_open": _TableCell,
        "th_open": _TableCell,
    }
