"""Raw HTML in a Markdown document, read as the words a browser shows (a README's centred logo,
badges, `<details>`): a terminal renders Markdown, and tags there are noise, or are dropped whole.

Line for line: a block keeps its number of lines, so every heading keeps the line it has in the file.
Every pattern stops at the next `<` (or at a line end inside a quoted attribute), so a document full of
unclosed tags costs one pass, not one pass per tag.
"""

from __future__ import annotations

import html
import re
from typing import NamedTuple

from leadercli.packs.documents.outline import INLINE_CODE, fence_for, outside

__all__ = [
    "GONE",
    "block_text",
    "details_summary",
    "html_heading",
    "inline_comments",
    "is_pre_block",
    "pre_block_text",
    "prose_images",
    "tags_only",
    "without_comments",
]

GONE = "\x00"
"""A line HTML left without text: dropped from the section when its text is cut (NUL never reaches
here: a document holding one is refused as binary, and `parse_markdown` replaces any)."""

_ATTRIBUTES = r"""(?:[^<>"']|"[^"\n<]*"|'[^'\n<]*')*"""  # quoted values may hold ">"
# An end tag may carry attributes too (`</p style="...">`): a browser ignores them, and so does this.
_TAG = re.compile(rf"<(?:/?[A-Za-z][A-Za-z0-9-]*(?:\s{_ATTRIBUTES})?/?)>")
_IMAGE = re.compile(rf"<img\b{_ATTRIBUTES}>", re.IGNORECASE)
_PROSE_IMAGE = re.compile(rf"(?<!\\)<img\b{_ATTRIBUTES}>", re.IGNORECASE)  # `\<img>` is Markdown's text
_LINK = re.compile(rf"<a\b{_ATTRIBUTES}>(?:[^<]|<(?!/?a\b))*</a\s*>", re.IGNORECASE)
_IN_PAGE = re.compile(rf"""<a\b{_ATTRIBUTES}?\bhref\s*=\s*["']?#""", re.IGNORECASE)
_SCRIPT = re.compile(
    r"<(script|style)\b(?:[^<]|<(?!/?(?:script|style)\b))*</(?:script|style)\s*>", re.IGNORECASE
)
_HEADING = re.compile(
    rf"\s*(?:<(?:div|center|header|section)\b{_ATTRIBUTES}>\s*)?"  # a README's `<div align="center">` first
    rf"<h([1-6])(?:\s{_ATTRIBUTES})?>((?:[^<]|<(?!/h[1-6]\s*>))*)</h\1\s*>[ \t]*\n?",
    re.IGNORECASE,
)
# `<details>` then `<summary>Label</summary>` (on one line or two), as GitHub FAQs write a collapsed answer.
_SUMMARY = re.compile(
    rf"\s*<details\b{_ATTRIBUTES}>\s*<summary\b{_ATTRIBUTES}>((?:[^<]|<(?!/summary\s*>))*)"
    r"</summary\s*>[ \t]*\n?",
    re.IGNORECASE,
)
_PAIR = re.compile(r"""([^\s"'=<>/]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")
_PRE = re.compile(r"\s*<pre\b", re.IGNORECASE)
_TABLE = re.compile(r"\s*<table\b", re.IGNORECASE)
_WORD = re.compile(r"\w")
# A line that Markdown would read as markup once the tags around it are gone: a heading, a quote, a
# list item, a rule, a table row, a fence. Such a line is escaped, so it stays the text it was.
_MARKDOWN_START = re.compile(r"[#>=|~`]|[-+*](?:[ \t]|$)|_{3}")
_NUMBERED = re.compile(r"(\d{1,9})[.)](?:[ \t]|$)")


def without_comments(text: str) -> str:
    """HTML comments (notes to editors) out, their line ends kept. An unclosed `<!--` is left as it is:
    found by `str.find`, so a thousand unclosed comments cost one pass."""
    parts: list[str] = []
    position = 0
    while (start := text.find("<!--", position)) >= 0:
        end = text.find("-->", start + 4)
        if end < 0:
            break
        parts += [text[position:start], "\n" * text.count("\n", start, end)]
        position = end + 3
    return "".join(parts) + text[position:] if parts else text


_INLINE_COMMENT = re.compile(r"<!--[ \t]*(?P<words>[^\n]*?)[ \t]*-->")
_NAMESPACE = re.compile(r"\A[\w-]+:(?=\w)")  # `md:` of `md:version 6.2.0`
MARKER_WORDS = 6
"""A comment inside a sentence of at most this many words is a marker that the site generator turns
into words, and keeps them; a longer one is a note to editors, and goes."""


def inline_comments(text: str) -> str:
    """A comment inside a sentence (words before it on its line) as its words, not a hole.

    MkDocs Material writes `Prior to <!-- md:version 6.2.0 -->, navigation tabs ...`, which its site
    shows as a version badge; removed, the sentence would read "Prior to , navigation tabs". Decision:
    a one-line comment of at most MARKER_WORDS words with words before it on the same line is read as
    what it says, its namespace (`md:`) dropped: "Prior to version 6.2.0, navigation tabs". A comment
    on a line of its own, at a line's start, over several lines or longer is a note to editors and goes
    (`without_comments`), as before."""
    if "<!--" not in text:
        return text

    def words(found: re.Match[str]) -> str:
        said = found.group("words")
        before = text[text.rfind("\n", 0, found.start()) + 1 : found.start()]
        if "--" in said or len(said.split()) > MARKER_WORDS or not _WORD.search(before):
            return found.group()
        return _NAMESPACE.sub("", said)

    return _INLINE_COMMENT.sub(words, text)


def prose_images(line: str) -> str:
    """A line of prose with its `<img alt="...">` tags as Markdown images (a button's picture in "Click
    <img alt="Resume"> to jump" is its alt text to a reader); inline code shows the tag as written."""
    if "<img" not in line.lower():
        return line
    return outside(INLINE_CODE, line, lambda part: _PROSE_IMAGE.sub(_markdown_image, part))


def tags_only(block: str) -> bool:
    """Whether a paragraph is nothing but tags (a multi-line `<img ...>`, an anchor `<a name=x></a>`):
    such a paragraph is read like an HTML block; one with words between its tags is prose, left alone."""
    return not _WORD.search(_TAG.sub(" ", without_comments(block)))


def block_text(block: str) -> list[str]:
    """The block's lines as a browser shows their words, one for one, GONE where nothing is left.

    An image becomes a Markdown image when it has alt text (a screenshot's "Gatekeeper unidentified
    developer message") and goes inside a link (a badge). Links to the page's own headings go when
    they are all a line says (a navigation bar); elsewhere a link keeps its words."""
    text = _SCRIPT.sub(_line_ends, without_comments(block))
    text = "\n".join(_without_navigation(line) for line in text.split("\n"))
    text = _LINK.sub(_badges_out, text)
    text = _TAG.sub(_line_ends, _IMAGE.sub(_markdown_image, text))
    kept = [_as_text(line) for line in text.split("\n")]
    return [line if _WORD.search(line) else GONE for line in kept]


class HtmlHeading(NamedTuple):
    level: int
    title: str  # its words
    lines: int  # the lines the element takes (the section's text starts on the next)
    words_at: int  # which of those lines (0-based) its words start on: the heading's line, as elsewhere


def html_heading(block: str) -> HtmlHeading | None:
    """An HTML block that opens with a heading element (`<h3 name="config">\nQuestion?\n</h3>`); None
    when it is not one, or says nothing (`<h1></h1>`)."""
    found = _HEADING.match(block)
    return _labelled(found, int(found.group(1)), found.group(2)) if found else None


def details_summary(block: str) -> HtmlHeading | None:
    """A `<details>` block that opens with its `<summary>` (level 0: the caller places it), None when it
    is not one or the label says nothing. Whether the label is a heading is the caller's to say."""
    found = _SUMMARY.match(block)
    return _labelled(found, 0, found.group(1)) if found else None


def _labelled(found: re.Match[str], level: int, label: str) -> HtmlHeading | None:
    """An element's label as a heading, at the first of its lines that has words; None without words."""
    title = " ".join(html.unescape(_TAG.sub("", label)).split())
    if not _WORD.search(title):
        return None
    element = found.group().split("\n")
    words_at = next((number for number, line in enumerate(element) if _WORD.search(_TAG.sub("", line))), 0)
    return HtmlHeading(level, title, found.group().count("\n") or 1, words_at)


def is_pre_block(block: str) -> bool:
    return bool(_PRE.match(block))


def is_table_block(block: str) -> bool:
    """A block that is one HTML `<table>` (a README's support matrix)."""
    return bool(_TABLE.match(block)) and block.rstrip().lower().endswith("</table>")


def table_block_text(block: str) -> list[str]:
    """An HTML table as a Markdown table, line for line: its rows in the block's first lines (the last
    line holds the rest, when the table has more rows than the block lines), GONE after them. Each cell
    keeps its place, an empty one and one of only a dash included (a "—" means "not supported")."""
    from leadercli.packs.documents.htmlpage import fragment_markdown

    rows = fragment_markdown(block).split("\n")
    count = len(block.split("\n"))
    if len(rows) > count:
        rows[count - 1 :] = ["\n".join(rows[count - 1 :])]
    return rows + [GONE] * (count - len(rows))


def pre_block_text(block: str) -> list[str]:
    """A `<pre>` block as a fenced code block, line for line: the fences share the first and last
    lines with whatever text those hold, and the code inside keeps its indentation."""
    lines = [html.unescape(_TAG.sub(_line_ends, line)) for line in block.split("\n")]
    fence = fence_for("\n".join(lines))
    first, last = lines[0].strip(), lines[-1].rstrip()
    if len(lines) == 1:
        return [f"{fence}\n{first}\n{fence}" if first else GONE]
    return [
        f"{fence}\n{first}" if first else fence,
        *lines[1:-1],
        f"{last}\n{fence}" if last.strip() else fence,
    ]


def _as_text(line: str) -> str:
    """One line's words: entities decoded (a decoded line break is a space), spaces trimmed, and what
    Markdown would read as markup escaped: a start ("&#35; Big" stays text, not a heading) and a `<`
    ("&lt;script&gt;" stays text, not a tag)."""
    words = " ".join(html.unescape(line).replace("\xa0", " ").split()).replace("<", "\\<")
    if numbered := _NUMBERED.match(words):  # "1. one": the escape goes before the dot
        return f"{numbered.group(1)}\\{words[numbered.end(1) :]}"
    return "\\" + words if _MARKDOWN_START.match(words) else words


def _line_ends(found: re.Match[str]) -> str:
    """A removed tag keeps its line ends, so the block keeps its number of lines."""
    return "\n" * found.group().count("\n")


def _without_navigation(line: str) -> str:
    """A line of links to the page's own headings ("Key Features • How To Use •") without them."""
    if not _IN_PAGE.search(line):
        return line
    rest = _LINK.sub(lambda link: "" if _IN_PAGE.match(link.group()) else link.group(), line)
    return line if _WORD.search(_TAG.sub(" ", rest)) else rest


def _badges_out(found: re.Match[str]) -> str:
    return _IMAGE.sub(_line_ends, found.group())


def _markdown_image(found: re.Match[str]) -> str:
    """An `<img>` as a Markdown image, or nothing when it says nothing (no alt text)."""
    tag = found.group()
    alt = " ".join(_attribute(tag, "alt").split()).replace("[", " ").replace("]", " ").strip()
    if not alt:
        return _line_ends(found)
    address = _attribute(tag, "src")
    address = "" if re.search(r"[\s()<>]", address) else address
    return f"![{alt}]({address})" + _line_ends(found)


def _attribute(tag: str, name: str) -> str:
    """An attribute's value (quoted or not), entities decoded; "" when the tag has none. Attributes are
    read in turn, so `title="alt='x'"` is a title, never an alt."""
    for pair in _PAIR.finditer(tag, tag.find(" ") + 1 if " " in tag else len(tag)):
        if pair.group(1).casefold() == name:
            value = next((group for group in pair.groups()[1:] if group is not None), "")
            return html.unescape(value)
    return ""
