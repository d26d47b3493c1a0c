"""Markdown into an outline, with markdown-it-py (the CommonMark parser Rich already depends on).

A real parser, not line patterns: a `#` line inside a fenced block is code, a setext heading is a
heading, and a section's text is the source between two headings, kept verbatim as Markdown. Front
matter (`frontmatter`) gives the title and source and is never a section. Imported only
when a document is compiled, never on a cached run.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING, Any, NamedTuple

from leadercli.packs.documents.extensions import containers, display_math, heading_attributes
from leadercli.packs.documents.footnotes import footnote_text, take_footnotes
from leadercli.packs.documents.frontmatter import front_matter
from leadercli.packs.documents.jsdoc import jsdoc_links
from leadercli.packs.documents.outline import (
    INLINE_CODE,
    Fences,
    Heading,
    Outline,
    Skipped,
    in_prose,
    introduction_title,
)
from leadercli.packs.documents.questions import bold_titles, question_items, question_paragraphs
from leadercli.packs.documents.rawhtml import (
    GONE,
    block_text,
    details_summary,
    html_heading,
    inline_comments,
    is_pre_block,
    is_table_block,
    pre_block_text,
    prose_images,
    table_block_text,
    tags_only,
    without_comments,
)

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_TOC_BLOCKS = {
    "bullet_list_open", "bullet_list_close", "ordered_list_open", "ordered_list_close", "list_item_open",
    "list_item_close", "paragraph_open", "paragraph_close", "inline",
}  # fmt: skip
# `[text][label]`, `[label][]` or `[label]`, not an inline link `[text](url)` nor a definition `[label]:`;
# a label may go on over a line end (`[extra\nscript]`), not over a blank line.
_LABEL = r"(?:[^\[\]\n]|\n(?![ \t]*\n)){%s,999}"
# (A definition's own `[label]:` line is out of the text by then, so a use may end in a colon:
# "**[Mobile][m]:** an app.")
_REFERENCE_USE = re.compile(rf"(?<!\\)\[({_LABEL % 1})\](?:\[({_LABEL % 0})\])?(?![(\[])")
# HTML's line break inside prose, or an inline code span, whose `<br>` is what it shows.
_BREAK = re.compile(rf"{INLINE_CODE.pattern}|[ \t]*<br\s*/?>[ \t]*", re.IGNORECASE | re.DOTALL)
# What inline Markdown is made of; text without any of it reads as written.
_MARKUP = "\\`*_[]<>&!~"
_RULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$")
# What a contents list has outside its links, a section's number too ("- 1 [Overview](#overview)").
_BETWEEN_LINKS = " -:|.,;()\u2013\u20140123456789"
# A backslash escape or an entity (`\_`, `&lt;`) is a `text_special` token: a character the text shows.
_TEXT = ("text", "text_special", "code_inline")
_TOC_INLINE = {*_TEXT, "link_open", "link_close", "softbreak", "strong_open", "strong_close"}
# A generator's placeholder for a table of contents: kramdown's `{:toc}` (after a one-item list that it
# replaces), Python-Markdown's `[TOC]`, GitLab's `[[_TOC_]]`, markdown-it's `[[toc]]`, `${toc}`.
# kramdown's may stand under a bold title and its own attribute list (a theme's "**Table of Contents**",
# `{: #toc }`, `* TOC`, `{:toc}`).
_TOC_MARKER = re.compile(
    r"\A(?:\*\*[^\n]*\*\*[ \t]*\n)?(?:\{:[^\n}]*\}[ \t]*\n)?(?:\\?[*+-][ \t]+[^\n]*\n)?"
    r"[ \t]*(?:\{:\s*toc\s*\}|\[toc\]|\[\[_?toc_?\]\]|\$\{toc\})\s*\Z",
    re.IGNORECASE,
)


def _commonmark() -> MarkdownIt:
    """CommonMark with GitHub's tables and strikethrough; raw HTML parsed as HTML blocks (kept as text)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])


@functools.cache
def parser() -> MarkdownIt:
    return _commonmark()


@functools.cache
def _blocks() -> MarkdownIt:
    """The same parser for blocks only: inline text is parsed on demand, for the few places read
    (a heading's title, the start of a section), which halves the time of a large document. Line ends
    and NULs are made plain before (`parse_markdown`), so markdown-it's own pass over them, which
    replaces every line end of the text, is left out too."""
    return _commonmark().disable(["normalize", "inline"])


def _children(token: Token) -> list[Token]:
    """An inline token's parsed children (parsed now if the block pass left them out)."""
    if not token.children and token.content:  # the block pass leaves an inline token's children empty
        children: list[Token] = []
        markdown = parser()
        markdown.inline.parse(token.content, markdown, {}, children)
        token.children = children
    return token.children or []


def parse_markdown_page(text: str) -> Outline:
    """A Markdown file (`.md`): a page Python-Markdown or MkDocs may have written, MultiMarkdown's
    meta-data block included (the other formats read through `parse_markdown` have no such block)."""
    return parse_markdown(text, meta_data=True)


def parse_markdown(text: str, *, meta_data: bool = False) -> Outline:
    # markdown-it ends a line at a lone CR too; a NUL would read as rawhtml.GONE (what markdown-it's own
    # `normalize` pass would do, done here where it is cheaper; `_blocks` leaves that pass out)
    text = text.replace(GONE, "\ufffd") if GONE in text else text
    lines = (text.replace("\r\n", "\n").replace("\r", "\n") if "\r" in text else text).split("\n")
    title, source, skipped, end = front_matter(lines, meta_data)
    if end:  # blanked, not cut: line numbers stay those of the file
        lines[:end] = [""] * end
    written = lines[:]  # as in the file, for what is said skipped
    lines = bold_titles(question_items(question_paragraphs(containers(display_math(lines)))))
    lines, footnotes, definitions = take_footnotes(lines) if "[^" in text else (lines, {}, [])
    footnotes = {label: _trim(text) for label, text in footnotes.items()}
    env: dict[str, Any] = {}
    tokens = _blocks().parse("\n".join(lines), env)
    for number in definitions:  # each section gets the footnotes it cites, after its text
        lines[number] = GONE
    _html_as_text(tokens, lines)
    _without_page_navigation(tokens, lines, written, skipped)
    references: dict[str, dict[str, Any]] = env.get("references", {})
    for definition in references.values():  # `[site_url]: ./x.md` lines: each section gets those it uses
        start, stop = definition["map"]
        lines[start:stop] = [GONE] * (stop - start)
    marks = _headings(tokens)
    introduction = _introduction(tokens, marks, lines, written, skipped)
    headings: list[Heading] = []
    for number, mark in enumerate(marks):
        later = marks[number + 1] if number + 1 < len(marks) else None
        text = _trim("\n".join(lines[mark.start : later.top if later else None]))
        body = footnote_text(_with_references(text, references), footnotes)
        heading = Heading(mark.title, mark.level, mark.line, body, mark.anchor)
        following = tokens[mark.following : later.at if later else None]
        if heading.body and not _has_text(following):
            skipped.append(
                Skipped(heading.line, heading.title, "no text of its own (images, rules or comments)")
            )
            heading = heading._replace(body="")
        elif heading.body and (_TOC_MARKER.match(heading.body) or _is_table_of_contents(following)):
            skipped.append(Skipped(heading.line, heading.title, "table of contents"))
            heading = heading._replace(body="")
        headings.append(heading)
    if not title:
        title = next((heading.title for heading in headings if heading.level == 1), "")
    if not marks and (whole := _trim("\n".join(lines))):  # no headings: one section, its text
        headings.append(
            Heading(title, 1, end + 1, footnote_text(_with_references(whole, references), footnotes))
        )
    if introduction is not None:
        sentence = next((text for token in tokens[: marks[0].at] if (text := _prose(token))), "")
        introduction = Heading(
            introduction_title(sentence, title),
            0,
            introduction.line,
            footnote_text(_with_references(introduction.body, references), footnotes),
        )
    return Outline(title, source, tuple(headings), tuple(skipped), introduction)


_NAVIGATION_LINK = re.compile(
    r"(?:[\s|\u00b7\u2022\\]*+\[[*_\s\u2190\u2192<>\u00ab\u00bb]*+(?:previous|prev|next|top|back|up|home)\b"
    r"[^\]\n]*+\]\([^()\s]*+\))++[\s|\u00b7\u2022\\]*+",
    re.IGNORECASE,
)
"""A line of links whose words open with where each goes in a site ("**Previous**: Differences with
Bash", "<- Back | Next ->")."""


def _without_page_navigation(
    tokens: list[Token], lines: list[str], written: list[str], skipped: list[Skipped]
) -> None:
    """A page's last paragraph that is nothing but links to the pages before and after it (a docs
    site's "Previous / Top / Next" footer), and the rule above it, is the site's navigation, not the
    last section's text (execa's API reference ended its last option with "Previous: Differences with
    Bash and zx")."""
    closing = len(tokens) - 1
    if (
        closing < 2
        or tokens[closing].type != "paragraph_close"
        or tokens[closing - 2].type != "paragraph_open"
    ):
        return
    paragraph = tokens[closing - 2]
    if not paragraph.map or not all(
        _NAVIGATION_LINK.fullmatch(line) for line in tokens[closing - 1].content.split("\n")
    ):
        return
    start, stop = paragraph.map
    rule = tokens[closing - 3] if closing >= 3 else None
    if (
        rule is not None
        and rule.map
        and (rule.type == "hr" or rule.content.strip().lower().startswith("<hr"))
    ):
        start = rule.map[0]
    skipped.append(Skipped(paragraph.map[0] + 1, written[paragraph.map[0]].strip()[:80], "page navigation"))
    lines[start:stop] = [GONE] * (stop - start)


def _introduction(
    tokens: list[Token], marks: list[_Mark], lines: list[str], written: list[str], skipped: list[Skipped]
) -> Heading | None:
    """The text before the first heading, when a reader can read it (its title is chosen later, once
    the document's is known); badges, rules and a table of contents there are said skipped."""
    if not marks or not (before := tokens[: marks[0].at]):
        return None
    _without_badges(before, lines)
    preamble = _trim("\n".join(lines[: marks[0].top]))
    start = _line_of(before[0])
    if _is_table_of_contents(before) or _TOC_MARKER.match(preamble):
        skipped.append(Skipped(start, written[start - 1].strip()[:80], "table of contents"))
    elif preamble and _has_text(before):
        return Heading("", 0, start, preamble)
    else:  # logos, badges and rules: said, not kept
        skipped.append(Skipped(start, written[start - 1].strip()[:80], "text before the first heading"))
    return None


class _Mark(NamedTuple):
    """Where a heading is: its token (`at`), level, title, the line of its words (1-based), its first
    line and the first line of its text (0-based: the text before it ends at `top`), its first token
    after the heading's own, and the id its attribute list names."""

    at: int
    level: int
    title: str
    line: int
    top: int
    start: int
    following: int
    anchor: str = ""


def _headings(tokens: list[Token]) -> list[_Mark]:
    """The document's own headings (one inside a quote or a list item belongs to its container): Markdown's,
    and HTML's `<h3 name="config">Question?</h3>` blocks (ripgrep's FAQ), which a browser shows as
    headings too. An HTML heading without words (`<h1></h1>`, a spacer) is not one. A `<details>`
    label is a heading one level below the section it is in when it asks a question (bolt.diy's FAQ:
    `<summary>What are the best models?</summary>`) or holds headings; a label of neither kind
    ("Linux" over that platform's install steps) stays a part of its section."""
    marks: list[_Mark] = []
    outer = 0  # the level of the last heading outside a `<details>` that is a heading itself
    in_details = False
    for index, token in enumerate(tokens):
        if token.level or not token.map:
            continue
        top = token.map[0]
        if token.type == "heading_open":
            inline = tokens[index + 1]
            inline.content, anchor = heading_attributes(inline.content)  # `## Title { #id }`
            level = int(token.tag[1:])
            marks.append(
                _Mark(index, level, inline_text(inline), top + 1, top, token.map[1], index + 3, anchor)
            )
            outer = outer if in_details else level
            continue
        if token.type != "html_block":
            continue
        found = html_heading(token.content)
        if found is None and (found := details_summary(token.content)) is not None:
            if not (found.title.endswith("?") or _holds_heading(tokens, index + 1)):
                continue  # a collapsed part of its section ("Linux", "Windows"), not a question
            found, in_details = found._replace(level=outer + 1), True
        elif "</details" in token.content.lower():
            in_details = False
        if found is not None:
            rest = index if found.lines < token.map[1] - top else index + 1  # text in the block too
            line = top + 1 + found.words_at  # `<h3 name="config">` on a line of its own: the words' line
            marks.append(_Mark(index, found.level, found.title, line, top, top + found.lines, rest))
    return marks


def _holds_heading(tokens: list[Token], start: int) -> bool:
    """Whether a `<details>` opened before `start` holds a heading before it closes: its label is then
    the title of those headings ("Common Errors and Troubleshooting" over one heading an error)."""
    for token in tokens[start:]:
        if token.level:
            continue
        if token.type == "heading_open":
            return True
        if token.type == "html_block" and "</details" in token.content.lower():
            return False
    return False


def _with_references(body: str, references: dict[str, dict[str, Any]]) -> str:
    """A section's text with the definitions of the reference links it uses (`[documented][internal
    links]`, defined at the document's end) after it, so the section renders on its own."""
    if not references or not body:
        return body
    from markdown_it.common.utils import normalizeReference

    used: dict[str, str] = {}
    for found in _REFERENCE_USE.finditer(body):
        label = found.group(2) or found.group(1)
        label = " ".join(label.split()) if "\n" in label else label  # a definition's label is one line
        key = normalizeReference(label)
        if key in references and key not in used:
            used[key] = label
    definitions = []
    for key, label in used.items():
        title = " ".join(str(references[key]["title"]).split()).replace('"', "'")
        definitions.append(f"[{label}]: <{references[key]['href']}>" + (f' "{title}"' if title else ""))
    return body + "\n\n" + "\n".join(definitions) if definitions else body


def _html_as_text(tokens: list[Token], lines: list[str]) -> None:
    """Raw HTML blocks of the document, and paragraphs that are nothing but tags, become the words a
    browser shows (`rawhtml`), line for line; a `<pre>` block becomes a fenced code block. In prose, a
    line after the first that is nothing but tags (`<br/>`, `</div>`) goes."""
    for token in tokens:
        if token.level or not token.map or token.type not in ("html_block", "paragraph_open"):
            continue
        start, stop = token.map
        block = "\n".join(lines[start:stop])
        if token.type == "paragraph_open" and not (block.lstrip().startswith("<") and tags_only(block)):
            for number in range(start, stop):  # prose keeps its tags, but a line of only `<br/>` goes,
                if number > start and lines[number].lstrip().startswith("<") and tags_only(lines[number]):
                    lines[number] = GONE
                else:  # and an image in it says its alt text
                    lines[number] = prose_images(lines[number])
            continue
        if is_pre_block(block):
            text = pre_block_text(block)
        else:
            text = table_block_text(block) if is_table_block(block) else block_text(block)
        lines[start:stop] = text
        blank_before = start == 0 or not lines[start - 1].strip() or lines[start - 1] == GONE
        if (
            all(line == GONE for line in text)
            and blank_before
            and stop < len(lines)
            and not lines[stop].strip()
        ):
            lines[stop] = GONE  # nothing left: nor the blank line that ended it (unless it ends a paragraph)


def _line_of(token: Token) -> int:
    assert token.map is not None
    return token.map[0] + 1


def _without_badges(tokens: list[Token], lines: list[str]) -> None:
    """Paragraphs of nothing but images (`[![Build](...)](...)` badges), or of nothing but links (a row
    of translations: `[中文版](./README-zh.md) | [日本語版](./README-ja.md)`), out of the text before
    the first heading: they are not what the document is about."""
    for number, token in enumerate(tokens[:-1]):
        if (
            token.type == "paragraph_open"
            and not token.level
            and token.map
            and (not _prose(tokens[number + 1]) or _links_only(tokens[number + 1]))
        ):
            start, stop = token.map
            lines[start:stop] = [GONE] * (stop - start)


def _links_only(token: Token) -> bool:
    """Whether an inline token is two links or more with nothing but separators between them."""
    if token.type != "inline" or "](" not in token.content:
        return False
    links, inside = 0, False
    for child in _children(token):
        if child.type == "link_open":
            links, inside = links + 1, True
        elif child.type == "link_close":
            inside = False
        elif not inside and child.type in _TEXT and child.content.strip(_BETWEEN_LINKS + "\u00b7\u2022"):
            return False
    return links >= 2


def _prose(token: Token) -> str:
    """The words of an inline token outside its images ("" for a row of badges)."""
    if token.type != "inline":
        return ""
    parts = [
        child.content if child.type in _TEXT else " "
        for child in _children(token)
        if child.type in (*_TEXT, "softbreak", "hardbreak")
    ]
    return " ".join("".join(parts).split())


def _plain(token: Token) -> bool:
    """Whether an inline token not yet parsed is plain words (most prose): nothing to parse in it.
    (Each `in` is a fast scan; one regular expression's character class is several times slower.)"""
    return not token.children and not any(mark in token.content for mark in _MARKUP)


def inline_text(token: Token) -> str:
    """A heading's text as a reader sees it: emphasis, code and links reduced to their words, a badge
    (an image inside a link: `# tool [![test](badge.svg)](ci)`) left out as the title's decoration."""
    if token.type == "inline" and _plain(token):
        return " ".join(token.content.split())  # plain words (most headings): nothing to parse
    parts: list[str] = []
    badges: list[str] = []  # a heading of nothing but a linked logo is titled by its words
    links = 0  # links open around the child
    for child in _children(token) if token.type == "inline" else token.children or ():
        if child.type in _TEXT:
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type in ("link_open", "link_close"):
            links += 1 if child.type == "link_open" else -1
        elif child.type == "image":
            (badges if links else parts).append(inline_text(child))
    return " ".join("".join(parts).split()) or " ".join(" ".join(badges).split())


def _without_notes(prose: str) -> str:
    """HTML comments (notes to editors) out of text that is not code, JSDoc's links as their labels."""
    prose = without_comments(inline_comments(prose))
    return jsdoc_links(prose) if "{@" in prose else prose


def _trim(body: str) -> str:
    """Blank lines, rules (`---`) and trailing spaces off the edges, HTML comments (notes to editors)
    out, and the lines an HTML block left empty (`_html_as_text`) gone."""
    text = in_prose(body, _without_notes) if "<!--" in body or "{@" in body else body
    lines = [line for line in text.split("\n") if line != GONE] if GONE in text else text.split("\n")
    if "  \n" in text or text.endswith("  ") or ("<" in text and "<br" in text.lower()):
        lines = _line_breaks(lines)
    else:  # most sections: no line break to keep
        lines = [line.rstrip() for line in lines]
    while lines and (not lines[0].strip() or _RULE.match(lines[0])):
        lines.pop(0)
    while lines and (not lines[-1].strip() or _RULE.match(lines[-1])):
        lines.pop()
    text = "\n".join(lines)
    return _single_blank_lines(lines) if "\n\n\n" in text else text


def _single_blank_lines(lines: list[str]) -> str:
    """One blank line where the text has several (what a removed comment, directive or HTML block
    leaves): Markdown draws them alike, and piped or in JSON the answer reads as written. Code keeps
    its own."""
    fences = Fences()
    kept: list[str] = []
    for line in lines:
        if not fences.code(line) and not line and kept and not kept[-1]:
            continue
        kept.append(line)
    return "\n".join(kept)


def _line_breaks(lines: list[str]) -> list[str]:
    """Trailing spaces off every line but a hard line break's: two spaces before a line of text, as
    written or for a `<br>` (bolt.diy's "**Be specific**:  ", Cortex's "1. Increase the limit<br />").
    Code keeps its text as it is, but for the spaces at its ends; in a table row a `<br>` is a space
    (docker ps' "'table'<br>'table TEMPLATE'" ran together)."""
    fences = Fences()
    out: list[str] = []
    for line in lines:
        if fences.code(line):
            out.append(line.rstrip())
            continue
        parts = _between_breaks(line)
        if line.lstrip().startswith("|"):  # a table row: a cell is one line, and its `<br>` a space
            out.append(" ".join(parts).rstrip())
            continue
        ends_in_break = line.endswith("  ") or (len(parts) > 1 and not parts[-1].strip())
        if len(parts) > 1 and not parts[-1].strip():
            parts.pop()  # `text<br>`: the break at the line's end
        out += [part.rstrip() + "  " for part in parts[:-1]]
        out.append(parts[-1].rstrip() + ("  " if ends_in_break else ""))
    for number, line in enumerate(out):  # a break before a blank line, or at the end, breaks nothing
        if line.endswith("  ") and (number + 1 == len(out) or not out[number + 1].strip()):
            out[number] = line.rstrip()
    return out


def _between_breaks(line: str) -> list[str]:
    """The line's text between its `<br>` tags, those in inline code (`` `<br>` ``) kept as code."""
    parts, start = [], 0
    for found in _BREAK.finditer(line):
        if not found.group(1):
            parts.append(line[start : found.start()])
            start = found.end()
    return [*parts, line[start:]]


def _has_text(tokens: list[Token]) -> bool:
    """Words a reader can read: not only a badge image, a rule (`---`) or an HTML comment."""
    for token in tokens:
        if token.type in ("fence", "code_block") and token.content.strip():
            return True
        if token.type == "html_block" and not tags_only(token.content):
            return True
        if token.type == "inline" and _plain(token):
            if token.content.strip():  # plain words: no image, tag or entity to look into
                return True
            continue
        for child in _children(token) if token.type == "inline" else ():
            if child.type in _TEXT and child.content.strip():
                return True
    return False


def _is_table_of_contents(tokens: list[Token]) -> bool:
    """A section whose whole text is a list of links to the document's own headings."""
    links, lists = 0, 0
    for token in tokens:
        if token.type == "html_block" and tags_only(token.content):
            continue  # a generator's marker comment (doctoc), a wrapper's tag (`<div data-x>`)
        if token.type not in _TOC_BLOCKS:
            return False
        lists += token.type in ("bullet_list_open", "ordered_list_open")
        if token.type == "inline" and _plain(token):
            if token.content.strip(_BETWEEN_LINKS + "\n"):
                return False  # plain words, no link: prose
            continue
        inside = False
        for child in _children(token) if token.type == "inline" else ():
            if child.type not in _TOC_INLINE:
                return False
            if child.type == "link_open":
                if not str(child.attrs.get("href", "")).startswith("#"):
                    return False
                inside, links = True, links + 1
            elif child.type == "link_close":
                inside = False
            elif child.type in _TEXT and not inside and child.content.strip(_BETWEEN_LINKS):
                return False  # words outside the links (not a section's number): prose that links to them
    return links > 0 and lists > 0
