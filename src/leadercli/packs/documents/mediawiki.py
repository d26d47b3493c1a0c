"""MediaWiki markup (`.mediawiki`, `.wiki`: Wikipedia's, a GitHub wiki's, Bitcoin's BIPs): the page a
reader of the rendered wiki sees, as Markdown, each line keeping the number of the file line it comes from.

`== Title ==` is a heading of level 2 (as many `=` as its level, on both sides); `'''bold'''` and
`''italic''`; `*`/`#` lists (nested by repeating them), `;term : definition`; `[[Page|words]]` and
`[https://url words]` links; `<tt>`/`<code>` code; `<pre>`, `<syntaxhighlight lang=x>` and lines that
open with a space as code blocks; `{| ... |}` tables as Markdown tables. Footnotes (`<ref>...</ref>`)
are shown as the page shows them: a number in the text and the notes listed where `<references />`
stands. Templates (`{{...}}`), comments, magic words (`__TOC__`) and categories are not text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Generator, Iterator

from leadercli.packs.documents.outline import INTRODUCTION, Outline, code_span, fence_for, renumbered
from leadercli.packs.sections import markdown_escaped

_HEADING = re.compile(r"(={1,6})(?=[^=])(.*[^=\s])[ \t]*?(={1,6})[ \t]*+$")
"""`== Title ==`: its level is the fewer of its opening and closing signs (MediaWiki's rule)."""
_REF = re.compile(r"<ref\b([^>]*?)(?:/>|>(.*?)</ref\s*>)", re.IGNORECASE | re.DOTALL)
_REF_CLOSE = re.compile(r"</ref\s*>", re.IGNORECASE)
_REF_NAME = re.compile(r"""name\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s/>]+))""", re.IGNORECASE)
_REFERENCES = re.compile(
    r"\s*(?:<references\s*/>|<references\s*>\s*</references\s*>|\{\{\s*reflist[^}]*\}\})\s*$", re.I
)
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_CODE_OPEN = re.compile(r"\s*<(pre|syntaxhighlight|source)\b([^>]*)>(.*)$", re.IGNORECASE)
_LANGUAGE = re.compile(r"""lang\s*=\s*["']?([\w+#.-]+)""", re.IGNORECASE)
_LIST = re.compile(r"([*#:;]+)[ \t]*(.*)$")
_MAGIC = re.compile(r"__[A-Z]+__")
# Every part is bounded, so an unclosed `[[`, `[http:` or `<tt>` repeated along a long line costs a
# bounded look each, never a scan to the line's end (20,000 `[[a ` took 46 s).
_INLINE = re.compile(
    r"(?P<bold_italic>'''''(?P<bi>.{1,2000}?)''''')"
    r"|(?P<bold>'''(?P<b>.{1,2000}?)''')"
    r"|(?P<italic>''(?P<i>.{1,2000}?)'')"
    r"|\[\[(?P<page>[^\]|\[]{0,256})(?:\|(?P<page_words>[^\]\[]{0,1000}))?\]\]"
    r"|\[(?P<url>(?:https?|ftp|mailto|news|irc)://?[^\s\]\[]{1,2048})"
    r"(?:[ \t]+(?P<url_words>[^\]\[]{0,1000}))?\]"
    r"|<(?P<code_tag>tt|code|kbd|samp)>(?P<code>.{0,2000}?)</(?P=code_tag)\s*>"
    r"|<(?P<tag>b|strong|i|em|sup|sub|small|big|u|s|del|ins|span|font|nowiki)\b[^>]{0,500}>"
    r"(?P<tagged>.{0,2000}?)</(?P=tag)\s*>"
    r"|(?P<br><br\s*/?>)"
    r"|<img\b(?P<img>[^>]{0,1000}?)/?>(?:\s*</img\s*>)?"
    r"|(?P<template>\{\{[^{}]{0,2000}\}\})",
    re.IGNORECASE | re.DOTALL,
)
_HIDDEN_PAGES = ("category:", "file:", "image:", "media:")
_ALT = re.compile(r"""(?<![\w-])alt\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)
_SOURCE = re.compile(r"""(?<![\w-])src\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
_HEADER_TITLE = re.compile(r"^\s*Title:[ \t]*(\S.*?)\s*$", re.MULTILINE)


def parse_mediawiki(text: str) -> Outline:
    from leadercli.packs.documents.markdown import parse_markdown

    lines, origin = to_markdown(text)
    outline = renumbered(parse_markdown("\n".join(lines)), origin)
    title = "" if outline.title else _header_title(text)
    if not title:
        return outline
    introduction = outline.introduction
    if introduction is not None and introduction.title == INTRODUCTION:
        introduction = introduction._replace(title=f"About {title}")
    return outline._replace(title=title, introduction=introduction)


def _header_title(text: str) -> str:
    """The `Title:` of a `<pre>` header that opens the page (a BIP's, a LIP's: "BIP: 173 / Title: ...")."""
    opening = _CODE_OPEN.match(text.lstrip().split("\n", 1)[0])
    if opening is None or opening[1].lower() != "pre":
        return ""
    end = text.lower().find("</pre")
    found = _HEADER_TITLE.search(text[: end if end >= 0 else 2000])
    return html.unescape(found[1]) if found else ""


def to_markdown(text: str) -> tuple[list[str], list[int]]:
    """The page as Markdown lines, and for each the 1-based line of the file it comes from."""
    text = re.sub(r"\r\n?", "\n", text)
    text = _COMMENT.sub(lambda found: "\n" * found.group(0).count("\n"), text)
    lines, origin, notes = _without_references(text)
    out: list[str] = []
    where: list[int] = []
    for shown, line in _blocks(lines, origin, notes):
        out.append(shown)
        where.append(line)
    return out, where


def _without_references(text: str) -> tuple[list[str], list[int], list[str]]:
    """The page's lines with each footnote replaced by its number ("[1]", as the page shows it), each
    line's file line (a footnote over several lines joins them), and the notes' texts in order."""
    notes: list[str] = []
    named: dict[str, int] = {}

    def number(found: re.Match[str]) -> str:
        name = _REF_NAME.search(found[1] or "")
        key = next((part for part in name.groups() if part), "") if name else ""
        text = " ".join((found[2] or "").split())
        if key in named:  # a later use, or the definition of a note used before it: its text fills in
            notes[named[key] - 1] = notes[named[key] - 1] or text
            return f"[{named[key]}]"
        notes.append(text)
        if key:
            named[key] = len(notes)
        return f"[{len(notes)}]"

    lines: list[str] = []
    origin: list[int] = []
    line = start = 1  # the file line read now, and the one the line being built started on
    current = ""
    position = 0
    # A `<ref>` never closed ends the footnotes: the pattern is only tried up to the last `</ref>`,
    # so each unclosed one does not scan the rest of the page (20,000 of them took 29 s).
    closes = [found.end() for found in _REF_CLOSE.finditer(text)]
    last = max(closes[-1] if closes else 0, text.rfind("/>") + 2)
    for found in [*_REF.finditer(text, 0, last), None]:
        *done, rest = text[position : found.start() if found else len(text)].split("\n")
        for part in done:
            lines.append(current + part)
            origin.append(start)
            current, line = "", line + 1
            start = line
        current += rest
        if found:
            current += number(found)
            line += found.group(0).count("\n")
            position = found.end()
    lines.append(current)
    origin.append(start)
    return lines, origin, notes


def _blocks(lines: list[str], origin: list[int], notes: list[str]) -> Iterator[tuple[str, int]]:
    """Each line as Markdown: headings, lists, code blocks and tables, with the file line it came from."""
    number = 0
    while number < len(lines):
        line, at = lines[number], origin[number]
        code = _CODE_OPEN.match(line)
        if code:
            number = yield from _code_block(lines, origin, number, code)
            continue
        if line.startswith("{|"):
            number = yield from _table(lines, origin, number)
            continue
        if line.startswith(" ") and line.strip():  # a line that opens with a space is preformatted
            end = number
            while end < len(lines) and lines[end].startswith(" ") and lines[end].strip():
                end += 1
            block = [html.unescape(text[1:]) for text in lines[number:end]]
            fence = fence_for("\n".join(block))
            yield fence, at
            yield from zip(block, origin[number:end], strict=True)
            yield fence, origin[end - 1]
            number = end
            continue
        if _REFERENCES.match(line):
            yield "", at
            for count, note in enumerate(notes, 1):
                yield f"{count}. {inline(note)}", at
            yield "", at
        else:
            yield _line(line), at
        number += 1


def _line(line: str) -> str:
    """One line of text: a heading, a list item, a rule, or prose."""
    heading = _HEADING.match(line) if line.startswith("=") else None
    if heading:
        level = min(len(heading[1]), len(heading[3]))
        title = "=" * (len(heading[1]) - level) + heading[2].strip() + "=" * (len(heading[3]) - level)
        return "#" * level + " " + inline(title.strip())
    if line.startswith("----"):
        return "***"
    listed = _LIST.match(line)
    if listed:
        return _list_item(listed[1], listed[2])
    return inline(_MAGIC.sub("", line)).rstrip()  # trailing spaces would be a hard line break


def _list_item(marks: str, text: str) -> str:
    """`*`, `#`, `:` and `;` at a line's start: a bullet, a number, an indent, a term (nested as repeated)."""
    indent = "".join("  " if mark in "*:;" else "   " for mark in marks[:-1])
    kind = marks[-1]
    if kind == ";":
        term, colon, definition = text.partition(" : ") if " : " in text else text.partition(":")
        shown = f"**{inline(term.strip())}**"
        return indent + (f"{shown} {inline(definition.strip())}" if colon else shown)
    if kind == ":":
        return indent + inline(text)
    return indent + ("- " if kind == "*" else "1. ") + inline(text)


def _code_block(
    lines: list[str], origin: list[int], number: int, opening: re.Match[str]
) -> Generator[tuple[str, int], None, int]:
    """`<pre>`, `<syntaxhighlight lang=x>` or `<source>` up to its closing tag, as a fenced block."""
    tag = opening[1].lower()
    language = _LANGUAGE.search(opening[2] or "")
    closing = re.compile(rf"</{tag}\s*>", re.IGNORECASE)
    body: list[tuple[str, int]] = []
    first = opening[3]
    end = number
    text = first
    after = ""  # words after the closing tag on its line: text again, on a line of their own
    while True:
        close = closing.search(text)
        if close:
            body.append((text[: close.start()], origin[end]))
            after = text[close.end() :].strip()
            break
        body.append((text, origin[end]))
        end += 1
        if end >= len(lines):
            break
        text = lines[end]
    if body and not body[0][0].strip():
        body = body[1:]
    if body and not body[-1][0].strip():
        body = body[:-1]
    shown = [(html.unescape(text) if tag == "pre" else text) for text, _ in body]
    fence = fence_for("\n".join(shown))
    yield fence + (language[1].lower() if language else ""), origin[number]
    yield from zip(shown, [line for _, line in body], strict=True)
    yield fence, origin[min(end, len(lines) - 1)]
    if after:
        yield _line(after), origin[min(end, len(lines) - 1)]
    return end + 1


def _table(lines: list[str], origin: list[int], number: int) -> Generator[tuple[str, int], None, int]:
    """A `{| ... |}` table as a Markdown table: its first row the header, `!` cells as `|` ones."""
    rows: list[list[str]] = []
    caption = ""
    end = number + 1
    while end < len(lines) and not lines[end].lstrip().startswith("|}"):
        line = lines[end].strip()
        if line.startswith("|+"):
            caption = _cell(line[2:])
        elif line.startswith("|-"):
            rows.append([])
        elif line.startswith(("|", "!")):
            separator = "!!" if line.startswith("!") else "||"
            cells = [_cell(cell) for cell in line[1:].replace("||", separator).split(separator)]
            if not rows:
                rows.append([])
            rows[-1].extend(cells)
        elif line and rows and rows[-1]:  # a cell's text goes on over the next line
            rows[-1][-1] = f"{rows[-1][-1]} {_cell(line)}".strip()
        end += 1
    rows = [row for row in rows if row]
    at = origin[number]
    if caption:
        yield f"**{caption}**", at
        yield "", at
    if rows:
        width = max(len(row) for row in rows)
        padded = [row + [""] * (width - len(row)) for row in rows]
        yield "| " + " | ".join(padded[0]) + " |", at
        yield "|" + " --- |" * width, at
        for row in padded[1:]:
            yield "| " + " | ".join(row) + " |", at
    yield "", origin[min(end, len(lines) - 1)]
    return end + 1


def _cell(cell: str) -> str:
    """A table cell's words as Markdown, its attributes (`style="..." | words`) left out."""
    attributes, bar, words = cell.partition("|")
    if bar and "=" in attributes and "[" not in attributes:
        cell = words
    return inline(cell.strip()).replace("|", "\\|")


def inline(text: str) -> str:
    """A line's inline markup as Markdown: emphasis, links, code, the words of tags; the rest escaped."""
    out: list[str] = []
    position = 0
    for found in _INLINE.finditer(text):
        out.append(_words(text[position : found.start()]))
        out.append(_markup(found))
        position = found.end()
    out.append(_words(text[position:]))
    return "".join(out)


def _markup(found: re.Match[str]) -> str:
    """One piece of inline markup as Markdown (a template: nothing)."""
    for group, render in _RENDER:
        if found[group] is not None:
            return render(found)
    return ""


def _page(found: re.Match[str]) -> str:
    """`[[Page|words]]` shows its words, `[[Page]]` the page's name; a category or a file shows nothing."""
    page = found["page"].strip()
    if page.lower().startswith(_HIDDEN_PAGES):
        return ""
    return inline(found["page_words"] or page.lstrip(":"))


def _code(found: re.Match[str]) -> str:
    code = html.unescape(found["code"])
    return code_span(code) if code.strip() else ""


def _tagged(found: re.Match[str]) -> str:
    """An HTML tag's words: bold or italic as Markdown, a superscript after a caret, others as they are."""
    tag = found["tag"].lower()
    inner = _words(found["tagged"]) if tag == "nowiki" else inline(found["tagged"])
    if tag == "sup":
        return f"^{inner}"
    mark = {"b": "**", "strong": "**", "i": "*", "em": "*"}.get(tag, "")
    return f"{mark}{inner}{mark}" if inner.strip() else inner


_RENDER: tuple[tuple[str, Callable[[re.Match[str]], str]], ...] = (
    ("bold_italic", lambda found: f"***{inline(found['bi'])}***"),
    ("bold", lambda found: f"**{inline(found['b'])}**"),
    ("italic", lambda found: f"*{inline(found['i'])}*"),
    ("page", _page),
    ("url", lambda found: f"[{inline(found['url_words'] or found['url'])}]({found['url']})"),
    ("code_tag", _code),
    ("tag", _tagged),
    ("br", lambda _: "<br>"),
    ("img", lambda found: _image(found["img"])),
)


def _image(attributes: str) -> str:
    """An `<img>` with a description is a Markdown image (its words stay evidence); without one, nothing."""
    alt = _ALT.search(attributes)
    source = _SOURCE.search(attributes)
    words = html.unescape(next((part for part in alt.groups() if part), "")) if alt else ""
    return f"![{_words(words)}]({source[1]})" if words.strip() and source else ""


def _words(text: str) -> str:
    return markdown_escaped(html.unescape(_MAGIC.sub("", text)))
