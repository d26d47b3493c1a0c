"""AsciiDoc (`.adoc`, `.asciidoc`) read by turning it into Markdown, line for line, for the Markdown reader.

A README.adoc's `== Installation` is a heading, its `[source,shell]` + `----` block is code, a `NOTE:`
paragraph a note, a `|===` table a table; the document header's attributes (`:toc:`), comments and
`include::` lines go. Each AsciiDoc line becomes one Markdown line (a table is written in its first
lines and padded with blank ones), so every heading keeps its line in the file. No AsciiDoc library is
used: the Python ones are GPL-licensed or unmaintained, and this subset is what documents use.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from leadercli.packs.documents.outline import Outline, fence_for, outside

_TITLE = re.compile(r"(={1,6})[ \t]+(\S.*)$")  # `== Title` or `== Title ==`: see _title
_ATTRIBUTE = re.compile(r":(!?[\w][\w-]*!?):(?:[ \t]+(.*))?$")
_ANCHOR = re.compile(r"\[\[[^\]]*\]\]|\[#[^\]]*\]")
_BLOCK_ATTRIBUTES = re.compile(r"\[([^\]]*)\][ \t]*$")
_BLOCK_TITLE = re.compile(r"\.([^.\s].*)$")
_ADMONITION = re.compile(r"(NOTE|TIP|IMPORTANT|WARNING|CAUTION):[ \t]+(.*)$")
_ADMONITIONS = {"NOTE", "TIP", "IMPORTANT", "WARNING", "CAUTION"}
_UNORDERED = re.compile(r"[ \t]*(\*{1,5}|-)[ \t]+(.*)$")
_ORDERED = re.compile(r"[ \t]*(\.{1,5})[ \t]+(.*)$")
_TERM = re.compile(r"(\S.*?)(:{2,4}|;;)(?:[ \t]+(.*))?$")
_IMAGE_BLOCK = re.compile(r"image::([^\[\s]+)\[([^\],]*)[^\]]*\][ \t]*$")
_DROPPED_MACRO = re.compile(r"(?:include|toc|ifdef|ifndef|ifeval|endif)::[^\[]*\[[^\]]*\][ \t]*$")
# Delimited blocks: the delimiter's first character says the kind; a closing line repeats the opening one.
_DELIMITER = re.compile(r"(-{4,}|\.{4,}|={4,}|\*{4,}|_{4,}|\+{4,}|/{4,}|--|\|={3,})[ \t]*$")
_VERBATIM = {"-": "listing", ".": "literal", "+": "passthrough", "/": "comment"}
_DEEPEST = 32  # blocks nested deeper than this are read as the lines they hold: no input runs out of stack

# Macros start a word (`_START`) and their targets are taken whole (`*+`): a line of "http:http:..."
# is one failed try, not one a colon (it took minutes).
_START = r"(?<![^\s(<>\"'])"
_LINK = re.compile(
    _START + r"(?:link:)?((?:https?|ftp|mailto|file):[^\s\[]*+|(?<=link:)[^\s\[]++)\[([^\]]*+)\]"
)
_BARE_LINK = re.compile(_START + r"link:([^\s\[]++)\[\]")
_XREF = re.compile(_START + r"xref:[^\[\s]*+\[([^\]]*+)\]|<<([^,<>]+)(?:,\s*([^<>]+))?>>")
_INLINE_IMAGE = re.compile(_START + r"image:([^\[\s:][^\[\s]*+)\[([^\],]*+)[^\]]*+\]")
_KBD = re.compile(r"(kbd|btn):\[([^\[\]]*)\]")
_FOOTNOTE = re.compile(r"footnote:[\w-]*\[([^\[\]]*)\]")
_BOLD = re.compile(r"(?<![\w*\\])\*(?=\S)([^*\n]*?\S)\*(?![\w*])")
_PASSTHROUGH = re.compile(r"`\+([^`]+?)\+`|(?<![\w+])\+(?=\S)([^+\n]*?\S)\+(?![\w+])")
_REFERENCE = re.compile(r"\{([\w-]+)\}")
_BUILT_IN = {"nbsp": "\xa0", "empty": "", "sp": " ", "plus": "+", "amp": "&", "lt": "<", "gt": ">",
             "startsb": "[", "endsb": "]", "vbar": "|", "apos": "'", "quot": '"', "deg": "°"}  # fmt: skip
_MARKUP = re.compile(r"<(?!https?:|mailto:)")
_CURVED = re.compile(r"""(["'])`([^`\n]+?)`\1""")  # "`text`" and '`text`': typographic quotes
_CURVES = {'"': "\u201c{}\u201d", "'": "\u2018{}\u2019"}


def parse_asciidoc(text: str) -> Outline:
    """The document's outline, from its Markdown reading (`to_markdown`)."""
    from leadercli.packs.documents.markdown import parse_markdown

    return parse_markdown(to_markdown(text))


def to_markdown(text: str) -> str:
    """The AsciiDoc document as Markdown with as many lines."""
    return "\n".join(_Converter(re.sub(r"\r\n?", "\n", text).split("\n")).run())


class _Converter:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.out: list[str] = []
        self.attributes: dict[str, str] = {}
        self.style = ""  # the pending block attributes' first value: "source", "NOTE", "quote", ...
        self.language = ""
        self.quoting = 0  # open quote blocks
        self.depth = 0  # open blocks whose lines are read as any others (example, sidebar, quote, open)
        self.limit = len(lines)  # the end of the block being read: no block inside it reads past it
        # "term" after a term alone on its line (`Batch::`), "definition" in the paragraph defining it
        self.defining = ""

    def run(self) -> list[str]:
        position = self._header()
        while position < len(self.lines):
            position = self._line(position)
        assert len(self.out) == len(self.lines), "one Markdown line for each AsciiDoc line"
        return self.out

    def _emit(self, line: str) -> None:
        self.out.append("> " * self.quoting + line if line and self.quoting else line)

    def _header(self) -> int:
        """`= Title`, then author, revision and attribute lines up to the first blank line."""
        position = 0
        while position < len(self.lines) and self.lines[position].startswith("//"):
            self.out.append("")
            position += 1
        if position >= len(self.lines) or not (found := _TITLE.match(self.lines[position])):
            return position
        if len(found.group(1)) != 1:
            return position
        self.out.append(f"# {self._inline(_title(found.group(2)))}")
        position += 1
        while position < len(self.lines) and self.lines[position].strip():
            if attribute := _ATTRIBUTE.match(self.lines[position]):
                self.attributes[attribute.group(1)] = attribute.group(2) or ""
            self.out.append("")  # author, revision, attributes: not content
            position += 1
        return position

    def _line(self, position: int) -> int:
        line = self.lines[position]
        if (delimiter := _DELIMITER.match(line)) and self.depth < _DEEPEST:
            return self._block(position, delimiter.group(1))
        if line.startswith("//"):
            self._emit("")
        elif attribute := _ATTRIBUTE.match(line):
            self.attributes[attribute.group(1)] = attribute.group(2) or ""
            self._emit("")
        elif _ANCHOR.fullmatch(line.strip()) or _DROPPED_MACRO.match(line):
            self._emit("")
        elif found := _BLOCK_ATTRIBUTES.match(line):
            first, _, rest = found.group(1).partition(",")
            self.style, self.language = first.strip(), rest.split(",")[0].strip()
            if self.style.startswith("source") and not self.language and "=" not in rest:
                self.language = rest.strip()
            self._emit("")
            return position + 1  # the attributes belong to the next block: not reset below
        elif found := _TITLE.match(line):
            self._emit(f"{'#' * len(found.group(1))} {self._inline(_title(found.group(2)))}")
        elif found := _BLOCK_TITLE.match(line):
            self._emit(f"**{self._inline(found.group(1))}**")
            return position + 1
        else:
            self._emit(self._paragraph_line(line))
        self.style = self.language = ""
        return position + 1

    def _paragraph_line(self, line: str) -> str:  # noqa: PLR0911 (one return per kind of line)
        pending, self.defining = self.defining, ""  # what the line before left open, for this line only
        if not line.strip():
            return ""
        if line.strip() == "+":  # a list continuation
            return ""
        if found := _ADMONITION.match(line):
            return f"**{found.group(1).capitalize()}:** {self._inline(found.group(2))}"
        if found := _IMAGE_BLOCK.match(line):
            return f"![{found.group(2).strip()}]({found.group(1)})"
        if found := _UNORDERED.match(line):
            return "  " * (len(found.group(1)) - 1) + "- " + self._inline(found.group(2))
        if found := _ORDERED.match(line):
            return "  " * (len(found.group(1)) - 1) + "1. " + self._inline(found.group(2))
        if (found := _TERM.match(line)) and not line.startswith((" ", "\t")):
            definition = f": {self._inline(found.group(3))}" if found.group(3) else ""
            self.defining = "" if definition else "term"  # its definition below: a definition list's
            return f"**{self._inline(found.group(1))}**{definition}"  # `: text` in Markdown
        if pending:  # the definition's first line, then the rest of its paragraph, unindented
            self.defining = "definition"
            return f"{': ' if pending == 'term' else ''}{self._inline(line.strip())}"
        if self.style.upper() in _ADMONITIONS:
            return f"**{self.style.capitalize()}:** {self._inline(line)}"
        return self._inline(line)

    def _block(self, position: int, delimiter: str) -> int:
        """A delimited block, from its opening line to the line that repeats it (or the end)."""
        end = position + 1
        while end < self.limit and self.lines[end].rstrip() != delimiter:
            end += 1
        inner = self.lines[position + 1 : end]
        kind = "table" if delimiter.startswith("|") else _VERBATIM.get(delimiter[0], "compound")
        style, language = self.style, self.language
        self.style = self.language = ""
        if kind in ("listing", "literal"):
            language = language if style.startswith("source") or style == "" else ""
            fence = fence_for("\n".join(inner))
            self._emit(fence + language)
            for line in inner:
                self._emit(line)
            closing = [fence]
        elif kind == "passthrough":
            self._emit("")
            for line in inner:
                self._emit(line)
            closing = [""]
        elif kind == "comment":
            self.out.extend([""] * (len(inner) + 1))
            closing = [""]
        elif kind == "table":  # its rows in its first lines, blank ones after: as many lines as it had
            rows = _table(inner, self._inline, len(inner) + 1)
            slots = ["", *rows] if len(rows) <= len(inner) else rows
            for line in slots + [""] * (len(inner) + 1 - len(slots)):
                self._emit(line)
            closing = [""]
        else:  # example, sidebar, quote, open: their lines are read as any others
            quote = delimiter.startswith("_") or style == "quote"
            heading = f"**{style.capitalize()}:**" if style.upper() in _ADMONITIONS else ""
            self._emit(heading)
            self.quoting += quote
            self.depth += 1
            outer, self.limit = self.limit, end
            stop = position + 1
            while stop < end:
                stop = self._line(stop)
            self.quoting -= quote
            self.depth -= 1
            self.limit = outer
            closing = [""]
        if end < self.limit:
            self._emit(closing[0])
        return end + 1

    def _inline(self, text: str) -> str:
        """AsciiDoc's inline markup as Markdown's: links, cross references, bold, passthroughs."""
        text = _REFERENCE.sub(self._reference, text)
        text = _XREF.sub(_xref, text)
        text = _INLINE_IMAGE.sub(lambda found: f"![{found.group(2).strip()}]({found.group(1)})", text)
        text = _BARE_LINK.sub(lambda found: f"<{found.group(1)}>", text)
        text = _LINK.sub(lambda found: f"[{found.group(2) or found.group(1)}]({found.group(1)})", text)
        text = _KBD.sub(_key_or_button, text)
        text = _FOOTNOTE.sub(lambda found: f" ({found.group(1)})", text)
        if "`" in text:  # "`text`" is typographic quotes, but in a passthrough, shown as typed
            text = outside(_PASSTHROUGH, text, lambda part: _CURVED.sub(_curved, part))
        text = _PASSTHROUGH.sub(lambda found: f"`{found.group(1) or found.group(2)}`", text)
        text = _BOLD.sub(r"**\1**", text)
        text = _MARKUP.sub(r"\\<", text)
        return text[:-2] if text.endswith(" +") else text

    def _reference(self, found: re.Match[str]) -> str:
        name = found.group(1)
        if name in self.attributes:
            return self.attributes[name]
        return _BUILT_IN.get(name, found.group())


def _curved(found: re.Match[str]) -> str:
    return _CURVES[found.group(1)].format(found.group(2))


def _title(text: str) -> str:
    """A title without the closing `=` signs some write after it (`== Usage ==`) and trailing blanks."""
    text = text.rstrip(" \t")
    words = text.rstrip("=")
    return words.rstrip(" \t") if words != text and words.endswith((" ", "\t")) else text


def _key_or_button(found: re.Match[str]) -> str:
    return f"`{found.group(2)}`" if found.group(1) == "kbd" else f"**{found.group(2)}**"


def _xref(found: re.Match[str]) -> str:
    if found.group(1) is not None:
        return found.group(1)
    return (found.group(3) or found.group(2).replace("_", " ").replace("-", " ")).strip()


def _table(inner: list[str], inline: Callable[[str], str], room: int) -> list[str]:
    """A `|===` table's cells as Markdown rows (the first row the header), at most one line each and
    at most `room` lines: rows beyond it (more cells than lines, when later lines hold more cells than
    the first) are joined into the last row that fits, cell by cell."""
    cells: list[str] = []
    width = 0
    for line in inner:
        if not line.strip():
            continue
        if line.lstrip().startswith("|"):
            found = [cell.strip() for cell in line.strip().split("|")[1:]]
            width = width or len(found)
            cells.extend(found)
        elif cells:
            cells[-1] = f"{cells[-1]} {line.strip()}"
    if not width:
        return []
    rows = [cells[start : start + width] for start in range(0, len(cells), width)]
    rows[-1] += [""] * (width - len(rows[-1]))
    fits = max(1, room - 1)  # the header and the rows; the separator line besides
    if len(rows) > fits:
        rows[fits - 1 :] = [
            ["; ".join(filter(None, column)) for column in zip(*rows[fits - 1 :], strict=True)]
        ]
    lines = ["| " + " | ".join(inline(cell).replace("|", "\\|") for cell in row) + " |" for row in rows]
    return [lines[0], "|" + " --- |" * width, *lines[1:]]
