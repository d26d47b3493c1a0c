"""An HTML page (`.html`, `.htm`) read as the words a browser shows, cut at its `<h1>`-`<h6>` headings.

The standard library's tolerant HTMLParser reads the page in one pass (unclosed `<p>` and `<li>`,
stray end tags and broken markup included), so no page can make it slow. Each heading's text becomes
Markdown, as every other reader's does: paragraphs, lists, `<pre>` as fenced code, tables, quotes,
links and images. What a browser shows around the content is left out: `<head>` (but its `<title>`),
scripts, styles, forms, navigation (`<nav>`, `role="navigation"`), sidebars (`role="complementary"`),
footers and hidden elements, and a heading's own permalink ("¶").
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from leadercli.packs.documents.outline import (
    LIST_ITEM,
    Heading,
    Outline,
    code_span,
    fence_for,
    introduction_title,
)
from leadercli.packs.documents.questions import QUESTIONS_MIN
from leadercli.packs.sections import markdown_escaped

_SKIPPED = frozenset(
    {"head", "script", "style", "noscript", "template", "svg", "nav", "footer", "form", "button", "select",
     "iframe", "object", "canvas", "audio", "video"}
)  # fmt: skip
# Landmarks around the content: a site's menus, its search, its footer, and a sidebar (MkDocs' theme
# puts the page's own table of contents in a `role="complementary"` column).
_SKIPPED_ROLES = frozenset({"navigation", "search", "contentinfo", "complementary"})
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
)
_BLOCKS = frozenset(
    {"p", "div", "section", "article", "main", "aside", "header", "figure", "figcaption", "address",
     "details", "summary", "center", "dl", "dt", "dd", "hr", "br"}
)  # fmt: skip
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_EMPHASIS = {"strong": "**", "b": "**", "em": "*", "i": "*", "code": "`", "kbd": "`", "samp": "`", "tt": "`"}
# A paragraph that Markdown would read as a heading, list item, quote or rule: its start is escaped.
_MARKDOWN_START = re.compile(r"[#=~>]|[-+*](?:\s|$)|\d{1,9}[.)](?:\s|$)")
_LANGUAGE = re.compile(r"(?:^|\s)(?:language|lang|highlight)-([\w+#-]+)")
_WORD = re.compile(r"\w")
# A definition list's term that asks: `<dt><strong>Why ...?</strong></dt>` (tags inside it allowed); a page
# with QUESTIONS_MIN of them is a FAQ, and each of its terms a section.
_ASKING_TERM = re.compile(
    r"<dt\b[^<>]*>[^<]*(?:<(?!/dt|dd\b|dt\b)[^<]*)*?\?\s*(?:</\w+>\s*)*(?:</dt>|<dd\b)", re.IGNORECASE
)  # (HTML lets a `<dd>` close its `<dt>`; a scan never runs past the next term)
# A `<` that no `>` closes before the next `<` is a character, not a tag: Python's HTML parser looks for
# the end of each such tag to the end of the page ("<div<div<div...": minutes for 300 KB).
_UNCLOSED = re.compile(r"<(?=[^<>]*(?:<|\Z))")
_MARKDOWN_LINK = re.compile(r"!?\[(?:[^\]\\]|\\.)*\]\([^)]*\)")


class _Section:
    """One heading (or the text before the first) and its Markdown blocks."""

    def __init__(self, title: str, level: int, line: int, term: bool = False) -> None:
        self.title, self.level, self.line = title, level, line
        self.term = term  # a question of a definition list (`<dt>`), not a heading
        self.blocks: list[str] = []
        self.anchored = 0  # links to the page's own headings (`#Build`), read as their words


class _Page(HTMLParser):
    def __init__(self, terms_ask: bool = False) -> None:
        super().__init__(convert_charrefs=True)
        self._terms_ask = terms_ask  # a FAQ in definition lists: each `<dt>` is a section
        self._in_term = False  # a FAQ's `<dt>` is open (HTML lets the next `<dd>` close it)
        self.title = ""
        self.sections = [_Section("", 0, 1)]
        self._skipping: list[str] = []  # the skipped element's name, once per nesting of that name
        self._in_title = False
        self._inline: list[str] = []  # the paragraph being read
        self._open = dict.fromkeys(_EMPHASIS.values(), 0)  # how many of each emphasis mark it holds
        self._heading: tuple[int, int] | None = None  # level and line of the heading being read
        self._links: list[tuple[str, int]] = []  # open links: href and where their text starts
        self._lists: list[str] = []  # "ul" / "ol" of each open list
        self._items: list[str] = []  # the outermost open list's items, as lines
        self._mark: str | None = None  # the list item mark waiting for its item's words
        self._quotes: list[int] = []  # where each open blockquote's blocks start
        self._pre: list[str] | None = None
        self._language = ""
        self._rows: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._line = 1  # where the paragraph being read starts
        self._prose = False  # whether a paragraph with words of its own (not only links) was read

    # -- tags ---------------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "title" and self._skipping in ([], ["head"]):  # not an SVG's <title>
            self._in_title = True
        elif self._skipping:
            if tag == self._skipping[0] and tag not in _VOID:
                self._skipping.append(tag)
        elif (
            tag in _SKIPPED
            or "hidden" in found
            or found.get("aria-hidden") == "true"
            or (found.get("role") in _SKIPPED_ROLES)
            or (tag == "details" and "source" in (found.get("class") or "").split())  # pdoc's folded code
        ):
            if tag not in _VOID:
                self._skipping.append(tag)
        elif self._pre is None and not self._open_block(tag, found):
            self._open_inline(tag, found)

    def _open_block(self, tag: str, found: dict[str, str | None]) -> bool:
        """A block starts: the paragraph before it ends. False when `tag` is not a block."""
        if tag in _HEADINGS:
            self._flush()
            self._heading = (_HEADINGS[tag], self.getpos()[0])
        elif tag in _BLOCKS or tag == "blockquote":
            self._before_block()
            # A FAQ's `<dt>`, or an API page's entry with an id of its own (pdoc's `<dt id="pkg.f">`):
            # a section, as a heading is.
            self._in_term = tag == "dt" and (self._terms_ask or bool(found.get("id")))
            if tag == "blockquote":
                self._quotes.append(len(self._blocks()))
            elif "admonition-title" in (found.get("class") or "").split():  # Sphinx's "Note": its title
                self._inline.append("**")
                self._open["**"] += 1
        elif tag in ("ul", "ol", "menu"):
            self._flush()
            self._lists.append("ol" if tag == "ol" else "ul")
        elif tag == "li":
            self._flush()
            depth = max(1, len(self._lists))
            self._mark = "  " * (depth - 1) + ("1. " if self._lists and self._lists[-1] == "ol" else "- ")
        elif tag == "pre":
            self._flush()
            self._pre = []
            self._language = _language(found.get("class") or "")
        elif tag == "table":
            self._flush()
            self._rows = []
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            self._cell = []
        elif tag == "caption":  # a table's title: a paragraph of its own over the table
            self._flush()
        else:
            return False
        return True

    def _open_inline(self, tag: str, found: dict[str, str | None]) -> None:
        if tag == "a":
            self._links.append((found.get("href") or "", len(self._inline)))
        elif tag == "img" and (alt := " ".join((found.get("alt") or "").split())):
            self._inline.append(f"![{markdown_escaped(alt)}]({found.get('src') or ''})")
        elif tag in _EMPHASIS and self._heading is None:
            self._inline.append(_EMPHASIS[tag])
            self._open[_EMPHASIS[tag]] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        elif self._skipping:
            if tag == self._skipping[-1]:
                self._skipping.pop()
        elif self._pre is not None:
            if tag == "pre":
                self._end_pre()
        elif not self._close_block(tag):
            if tag == "a" and self._links:
                self._end_link()
            elif tag in _EMPHASIS and self._heading is None:
                self._close_emphasis(_EMPHASIS[tag])

    def _close_block(self, tag: str) -> bool:
        """A block ends. False when `tag` is not a block's end."""
        if tag in _HEADINGS and self._heading is not None:
            self._end_heading()
        elif tag in _BLOCKS or tag == "li":
            self._end_paragraph(tag)
        elif tag in ("ul", "ol", "menu") and self._lists:
            self._flush()
            self._lists.pop()
            if not self._lists and self._items:
                # Links and nothing else, before the page says anything: the site's navigation.
                if self._prose or any(map(_words_besides_links, self._items)):
                    self._blocks().append("\n".join(self._items))
                self._items = []
        elif tag == "blockquote" and self._quotes:
            self._flush()
            start = self._quotes.pop()
            blocks = self._blocks()
            quoted = "\n>\n".join(_quoted(block) for block in blocks[start:])
            blocks[start:] = [quoted] if quoted else []
        elif tag in ("td", "th") and self._rows is not None and self._cell is not None:
            if self._rows:
                self._rows[-1].append(_cell_text(self._cell))
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self._end_table()
        elif tag == "caption":
            self._flush()
        else:
            return False
        return True

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title = " ".join(f"{self.title} {data}".split())
        elif self._skipping:
            return
        elif self._pre is not None:
            self._pre.append(data)
        elif self._cell is not None:
            self._cell.append(data)
        elif self._heading is not None:
            self._inline.append(data)
        else:
            if data.strip() and not any(map(_WORD.search, self._inline)):  # its first words, after a `<b>`
                self._line = self.getpos()[0]
            # Inside `<code>` the text is code, shown as written: `pygments[windows-terminal]`, not `\[`.
            self._inline.append(data if self._open["`"] else markdown_escaped(data))

    # -- blocks -------------------------------------------------------------------------------------

    def _blocks(self) -> list[str]:
        return self.sections[-1].blocks

    def _flush(self) -> None:
        """The paragraph read so far becomes a block (or a list item, inside a list)."""
        text = " ".join("".join(self._take(0)).split())
        if not _WORD.search(text):
            return
        self._prose = self._prose or (not self._lists and _words_besides_links(text))
        section = self.sections[-1]
        if not section.level and not section.blocks and not self._items:
            section.line = self._line  # the introduction starts at its first words
        if self._lists:  # an item's first words take its mark; more of its text lines up under them
            self._items.append((self._mark or "  " * len(self._lists)) + text)
            self._mark = None
            return
        self._blocks().append("\\" + text if _MARKDOWN_START.match(text) else text)

    def _before_block(self) -> None:
        """What a block's start ends: the paragraph before it, or a FAQ's `<dt>` that HTML lets it close."""
        if self._in_term:
            self._term_section()
        else:
            self._flush()

    def _end_paragraph(self, tag: str) -> None:
        """The paragraph a block held ends; in a FAQ of definition lists, a term is a section."""
        if tag == "dt" and self._in_term:
            self._term_section()
            return
        if self._inline[:1] == ["**"]:  # a bold paragraph (an admonition's title) still open
            self._close_emphasis("**")
        self._flush()

    def _term_section(self) -> None:
        """A `<dt>` of a FAQ written as definition lists ("Should I be concerned by error messages during
        the build process?", HOL's) as a section one level below the heading the list is under."""
        self._in_term = False
        title = " ".join("".join(self._take(0)).split())
        if title.startswith("**") and (end := title.rfind("**")) > 1 and not _WORD.search(title[end + 2 :]):
            title = (title[2:end] + title[end + 2 :]).strip()  # bold but for its "?": the words as they read
        if _WORD.search(title):
            under = next((section.level for section in reversed(self.sections) if not section.term), 0)
            self.sections.append(_Section(title, min(6, under + 1), self._line, term=True))

    def _end_heading(self) -> None:
        assert self._heading is not None
        level, line = self._heading
        self._heading = None
        title = " ".join("".join(self._take(0)).split())
        if _WORD.search(title):  # `<h1></h1>`, a logo's heading: not one
            self.sections.append(_Section(title, level, line))

    def _end_pre(self) -> None:
        assert self._pre is not None
        code = "".join(self._pre).strip("\n")
        self._pre = None
        if code.strip():
            fence = fence_for(code)
            self._blocks().append(f"{fence}{self._language}\n{code}\n{fence}")

    def _end_table(self) -> None:
        assert self._rows is not None
        rows = [row for row in self._rows if any(row)]
        self._rows = None
        if not rows:
            return
        width = max(len(row) for row in rows)
        lines = [f"| {' | '.join(row + [''] * (width - len(row)))} |" for row in rows]
        lines.insert(1, "|" + " --- |" * width)
        self._blocks().append("\n".join(lines))

    def _end_link(self) -> None:
        href, start = self._links.pop()
        words = "".join(self._take(start))
        text = words.strip()
        if href.startswith("#") and not _WORD.search(text):  # a heading's permalink ("¶")
            return
        self.sections[-1].anchored += href.startswith("#")
        if text and href and not href.startswith(("#", "javascript:")) and self._heading is None:
            words = f"[{text}]({href.replace(' ', '%20').replace(')', '%29')})"
        self._inline.append(words)

    def _close_emphasis(self, mark: str) -> None:
        """`**` around words, or nothing: an emphasis of spaces alone would read as a list or a rule.
        An end tag with no start tag open is passed over at once: a page of them is no slower to read."""
        if not self._open[mark]:
            return
        position = next(
            index for index in range(len(self._inline) - 1, -1, -1) if self._inline[index] == mark
        )
        inside = "".join(self._take(position)[1:])
        if mark == "`" and "`" in inside:  # `<code>``MAP ~ x``</code>`: a span that shows its backticks
            self._inline.append(code_span(inside.strip()))
        else:
            self._inline.append(f"{mark}{inside.strip()}{mark}" if inside.strip() else inside)

    def _take(self, start: int) -> list[str]:
        """The paragraph's parts from `start` on, out of it; the marks among them are no longer open."""
        taken = self._inline[start:]
        del self._inline[start:]
        for part in taken:
            if len(part) <= 2 and part in self._open:  # a mark (words are never one: theirs are escaped)
                self._open[part] -= 1
        return taken


def parse_html(text: str) -> Outline:
    """The page's headings, each with its text as Markdown; its text before the first heading is its
    introduction; a page without headings is one section, titled by its `<title>`."""
    text = _UNCLOSED.sub("&lt;", text) if "<" in text else text
    page = _Page(terms_ask=len(_ASKING_TERM.findall(text)) >= QUESTIONS_MIN)
    page.feed(text)
    page.close()
    page._flush()
    if page._heading is not None:  # a heading left open at the end
        page._end_heading()
    first, rest = page.sections[0], page.sections[1:]
    title = page.title or next((section.title for section in rest if section.level == 1), "")
    headings = tuple(
        Heading(s.title, s.level, s.line, "" if _contents(s) else "\n\n".join(s.blocks)) for s in rest
    )
    body = "\n\n".join(first.blocks)
    if not headings:
        return Outline(title, "", (Heading(title, 1, 1, body),) if body else ())
    introduction = None
    if _words_besides_links(body):  # a logo's link is no introduction
        sentence = body.split("\n\n", 1)[0]
        introduction = Heading(introduction_title(sentence, title), 0, first.line, body)
    return Outline(title, "", headings, (), introduction)


def _contents(section: _Section) -> bool:
    """Whether a section's text is a table of contents: list items, each a link to one of the page's own
    headings (HOL's FAQ: "Contents" over its seven groups)."""
    lines = [line for block in section.blocks for line in block.split("\n") if line.strip()]
    items = all(LIST_ITEM.match(line) for line in lines)
    return bool(lines) and items and section.anchored >= len(lines)


def fragment_markdown(html: str) -> str:
    """A fragment of HTML (a Markdown page's raw `<table>`) as the Markdown this reader makes of it."""
    page = _Page()
    page.feed(_UNCLOSED.sub("&lt;", html))
    page.close()
    page._flush()
    return "\n\n".join(block for section in page.sections for block in section.blocks)


def _words_besides_links(text: str) -> bool:
    return bool(_WORD.search(_MARKDOWN_LINK.sub("", text)))


def _language(classes: str) -> str:
    found = _LANGUAGE.search(classes)
    return found.group(1) if found else ""


def _quoted(block: str) -> str:
    return "\n".join(f"> {line}" for line in block.split("\n"))


def _cell_text(parts: list[str]) -> str:
    return markdown_escaped(" ".join("".join(parts).split()))
