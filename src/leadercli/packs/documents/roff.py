"""A man page's roff source (`age.1`, `git-commit.1`: the man(7) macros) into an outline.

What `man` would show, as Markdown: `.SH` titles sections and `.SS` sub-sections; `.TP` and `.IP` items
become list items whose tag is their first line; `.nf` ... `.fi` (and `.EX` ... `.EE`) stay as written,
fenced; `.B`, `.I` and the alternating `.BR`-style macros, and the `\\fB` ... `\\fR` font escapes, become
bold and italics; the character escapes (`\\-`, `\\(em`, `\\e`) become their characters. Comments,
`.TH` (the page's title) and the requests that only lay the page out (`.ad`, `.in`, `.RS`) go.
"""

from __future__ import annotations

import re

from leadercli.packs.documents.outline import Heading, Outline, Skipped, fence_for, plain_words
from leadercli.packs.sections import markdown_escaped

_REQUEST = re.compile(r"^[.'][ \t]*(?P<name>[A-Za-z]{1,3}|\\\")(?:[ \t]+(?P<args>.*))?$")
_ARGUMENT = re.compile(r'"((?:[^"]|"")*)"|(\S+)')
_CHARACTERS = {
    "-": "-", ".": ".", "e": "\\", "\\": "\\", " ": " ", "~": " ", "0": " ", "'": "'", "`": "`",
    "|": "", "^": "", "&": "", ")": "", "c": "", "%": "", ":": "",
}  # fmt: skip
# `\(xx` named characters: the common ones of groff_char(7); any other reads as nothing.
_NAMED = {
    "bu": "\u2022", "em": "\u2014", "en": "\u2013", "aq": "'", "dq": '"', "lq": "\u201c", "rq": "\u201d",
    "oq": "\u2018", "cq": "\u2019", "co": "\u00a9", "rg": "\u00ae", "tm": "\u2122", "hy": "-", "mi": "-",
    "pl": "+", "mu": "\u00d7", "di": "\u00f7", "ti": "~", "ha": "^", "rs": "\\", "sl": "/", "ga": "`",
    "aa": "\u00b4", "de": "\u00b0", "->": "\u2192", "<-": "\u2190", "Fo": "\u00ab", "Fc": "\u00bb",
    "fo": "\u2039", "fc": "\u203a", "at": "@", "sh": "#", "Do": "$", "eu": "\u20ac",
}  # fmt: skip
_ESCAPE = re.compile(
    r"\\(?:f(?:\[(?P<font_long>[^\]]*)\]|\((?P<font_two>..)|(?P<font>.))"  # a font change
    r"|\((?P<two>..)|\[(?P<long>[^\]]*)\]"  # named characters
    r"|\*(?:\((?P<string_two>..)|\[[^\]]*\]|.)"  # strings
    r"|s[-+]?\d+|s\([-+]?\d\d|[nkgz]\(?..?|[hvwlLoxbHSDNXZR]'[^']*'"  # sizes, registers, motions: no text
    r"|\"(?P<comment>.*)|(?P<char>.))",
    re.DOTALL,
)
_FONTS = {"B": "**", "I": "*", "BI": "***", "CB": "**", "CI": "*"}
_ALTERNATING = frozenset({"BR", "RB", "IR", "RI", "BI", "IB"})  # `.BR bold roman ...`: fonts by turns


# `.TH NAME SECTION ...`: the page's name, then its section (1-9, or n, l, x...).
_TITLE = re.compile(r'^\.TH[ \t]+"?[^\s"]+"?[ \t]+"?[1-9nlx]\w*"?', re.MULTILINE)


def looks_like_roff(text: str) -> bool:
    """A man page: a `.TH` request naming the page and its section, or two `.SH` ones, near the top (a
    file named `.1` ... `.9` is read as one whatever else it holds)."""
    head = text[:4000]
    return bool(_TITLE.search(head)) or len(re.findall(r"^\.S[HS][ \t]", head, re.MULTILINE)) >= 2


def parse_roff(text: str) -> Outline:
    lines = re.sub(r"\r\n?", "\n", text.lstrip("\ufeff")).split("\n")
    title = ""
    marks: list[tuple[int, int, str]] = []  # (line number, level, title)
    number = 0
    while number < len(lines):
        request = _REQUEST.match(lines[number])
        if request and request["name"] == "TH":
            arguments = request_arguments(request["args"] or "")
            title = f"{arguments[0]}({arguments[1]})" if len(arguments) > 1 else "".join(arguments[:1])
        elif request and request["name"] in ("SH", "SS"):
            words = " ".join(request_arguments(request["args"] or ""))
            if not words and number + 1 < len(lines):  # `.SH` alone: the title is the next line
                number += 1
                words = lines[number]
            marks.append((number + 1, 1 if request["name"] == "SH" else 2, _plain(words)))
        number += 1
    skipped: list[Skipped] = []
    headings: list[Heading] = []
    for index, (line, level, heading) in enumerate(marks):
        stop = marks[index + 1][0] - 1 if index + 1 < len(marks) else len(lines)
        body = _markdown(lines[line:stop])
        if body:
            headings.append(Heading(heading, level, line, body))
        else:
            skipped.append(Skipped(line, heading, "empty section"))
    if not marks:
        body = _markdown(lines)
        headings = [Heading(title or "Manual", 1, 1, body)] if body else []
    return Outline(title, "", tuple(headings), tuple(skipped))


def request_arguments(text: str) -> list[str]:
    """A request's arguments: words, or "quoted words" ("" inside is a quote)."""
    return [quoted.replace('""', '"') if quoted else bare for quoted, bare in _ARGUMENT.findall(text)]


def _plain(text: str) -> str:
    """Roff text as plain words (a title): escapes read, fonts dropped."""
    return " ".join(inline(text, markdown=False).split())


def inline(text: str, *, markdown: bool = True) -> str:
    """One line of roff text as Markdown (or plain text): characters escaped for Markdown, fonts as
    emphasis, each one closed by the line's end."""
    out: list[str] = []
    mark = ""  # the emphasis now open
    position = 0
    for found in _ESCAPE.finditer(text):
        out.append(plain_words(text[position : found.start()], markdown))
        position = found.end()
        font = found["font_long"] or found["font_two"] or found["font"]
        if font is not None:
            wanted = _FONTS.get(font, "") if markdown else ""
            if wanted != mark:
                out.append(_closed(out, mark) + wanted)
                mark = wanted
            continue
        if found["comment"] is not None:
            position = len(text)
            break
        name = found["two"] or found["long"] or found["string_two"]
        if name is not None:
            out.append(plain_words(_NAMED.get(name, ""), markdown))
        elif found["char"] is not None:
            out.append(plain_words(_CHARACTERS.get(found["char"], found["char"]), markdown))
    out.append(plain_words(text[position:], markdown))
    if mark:
        out.append(_closed(out, mark))
    return "".join(out)


def _closed(out: list[str], mark: str) -> str:
    """The mark that ends an emphasis, or, when nothing was written inside it, its opening taken back."""
    if not mark:
        return ""
    if out and out[-1].endswith(mark):
        out[-1] = out[-1][: -len(mark)]
        return ""
    return mark


def _markdown(lines: list[str]) -> str:
    """A section's roff as Markdown blocks: paragraphs, items (a `.TP` tag, then its text indented
    under it, `.IP` paragraphs too), bullets, code."""
    blocks: list[str] = []
    paragraph: list[str] = []
    in_item = False  # paragraphs are an item's text, indented under its tag
    bullet = False  # an `.IP \(bu` item: its first paragraph opens the list item itself

    def flush() -> None:
        nonlocal bullet
        if paragraph:
            text = "\n".join(paragraph).replace("\n", "\n  " if bullet or in_item else "\n")
            blocks.append(f"- {text}" if bullet else f"  {text}" if in_item else text)
            paragraph.clear()
            bullet = False

    number = 0
    while number < len(lines):
        line = lines[number]
        number += 1
        request = _REQUEST.match(line)
        if request is None:
            if not line.startswith((".", "'")):  # else a request this reader does not know: layout
                paragraph.append(inline(line))
            continue
        name, arguments = request["name"], request_arguments(request["args"] or "")
        if name in ("P", "PP", "LP", "sp", "TP", "HP", "IP", "nf", "EX"):
            flush()
        if name in ("P", "PP", "LP", "HP"):
            in_item = False
        elif name in ("TP", "IP"):
            head, number, in_item, bullet = _item(name, arguments, lines, number, in_item)
            blocks += [head] if head else []
        elif name in ("nf", "EX"):
            code, number = _no_fill(lines, number)
            if code:
                blocks.append(code)
        elif name == "br" and paragraph:
            paragraph[-1] += "  "
        elif text := _macro_line(line):  # `.B word`, `.BR bold roman`, `.UR address`
            paragraph.append(text)
    flush()
    return "\n\n".join(block for block in blocks if block.strip()).strip()


def _item(
    name: str, arguments: list[str], lines: list[str], number: int, in_item: bool
) -> tuple[str, int, bool, bool]:
    """An item's first line ("- tag", or "" when its text opens it), the line after the request, and
    whether paragraphs are now an item's text and the next one opens a bullet. `.TP` then its tag line;
    `.IP tag` an item; `.IP \\(bu` a bullet; `.IP` alone the item's next paragraph; `.IP "" 0` none."""
    if name == "TP":
        tag, number = _tag(lines, number)
        return (f"- {tag}" if tag else ""), number, bool(tag), False
    tag = arguments[0] if arguments else ""
    if _plain(tag) in ("\u2022", "-", "*", "o"):
        return "", number, False, True
    if tag:
        return f"- {inline(tag)}", number, True, False
    return "", number, in_item and arguments[1:2] != ["0"], False


def _tag(lines: list[str], number: int) -> tuple[str, int]:
    """A `.TP` item's tag: the next text or font-macro line (after any `.PD`); the line after it."""
    while number < len(lines) and re.match(r"^[.'][ \t]*(?:PD|TQ|\\\")", lines[number]):
        number += 1
    if number >= len(lines):
        return "", number
    return _macro_line(lines[number]).strip(), number + 1


def _no_fill(lines: list[str], number: int) -> tuple[str, int]:
    """The lines of a `.nf` (or `.EX`) block up to `.fi` (`.EE`), fenced, as written; the line after."""
    code: list[str] = []
    while number < len(lines) and not re.match(r"^[.'][ \t]*(?:fi|EE)\b", lines[number]):
        if not _REQUEST.match(lines[number]):
            code.append(inline(lines[number], markdown=False))
        number += 1
    if not any(line.strip() for line in code):
        return "", number + 1
    fence = fence_for("\n".join(code))
    return f"{fence}\n" + "\n".join(code) + f"\n{fence}", number + 1


def _macro_line(line: str) -> str:
    """A text line, or a font macro's (`.B word`, `.BR bold roman ...`) as Markdown."""
    request = _REQUEST.match(line)
    if request is None:
        return inline(line)
    name, arguments = request["name"], request_arguments(request["args"] or "")
    if name in ("B", "I", "SB"):
        mark = "**" if name in ("B", "SB") else "*"
        words = " ".join(arguments)
        return f"{mark}{inline(words, markdown=True)}{mark}" if words else ""
    if name == "SM":
        return inline(" ".join(arguments))
    if name in ("UR", "MT") and arguments:
        return markdown_escaped(arguments[0])
    if name in _ALTERNATING:
        parts = []
        for index, argument in enumerate(arguments):
            font = name[index % 2]
            text = inline(argument)
            mark = {"B": "**", "I": "*"}.get(font, "") if text else ""
            parts.append(f"{mark}{text}{mark}")
        return "".join(parts)
    return ""
