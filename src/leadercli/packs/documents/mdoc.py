"""A BSD man page's mdoc source (`bsdcpio.1`, `tmux.1`, most of macOS' and the BSDs' pages) into an
outline, as `man` shows it, in Markdown.

mdoc(7) writes nearly every word through a macro (`.Fl i`, `.Ar file`, `.Op Fl v`, `.Xr tar 1`), so the
man(7) reader, which keeps text lines and a few font macros, kept almost nothing of such a page. Here
`.Sh` titles a section and `.Ss` a sub-section; `.Bl` ... `.El` lists become Markdown lists (a `-tag`
list's `.It` tag in bold over its text); `.Bd -literal` ... `.Ed` and `.Dl` are fenced code; the inline
macros become the words they print: flags and commands bold, arguments italic, `.Op` in brackets,
`.Dq` in quotes, `.Xr tar 1` as "tar(1)", `.Ex -std` as its standard sentence.
"""

from __future__ import annotations

import re

from leadercli.packs.documents.outline import Heading, Outline, Skipped, fence_for
from leadercli.packs.documents.roff import inline as roff_inline
from leadercli.packs.documents.roff import request_arguments
from leadercli.packs.sections import markdown_escaped

_PROLOGUE = re.compile(r"^\.(?:Dd|Dt|Os)\b", re.MULTILINE)
_BOLD = frozenset({"Fl", "Cm", "Nm", "Ic", "Sy", "Fn", "Fo", "Cd", "In"})
_ITALIC = frozenset({"Ar", "Em", "Va", "Fa", "Pa", "Ft", "Vt", "Ev", "Dv", "Er", "Ad", "An", "Mt", "Lk"})
_PLAIN = frozenset({"No", "Li", "Tn", "Sx", "Ms", "Ql"})
# Enclosures: the rest of the line inside a pair (`.Op Fl v` is "[-v]").
_PAIRS = {
    "Op": ("[", "]"), "Dq": ("\u201c", "\u201d"), "Qq": ('"', '"'), "Sq": ("\u2018", "\u2019"),
    "Pq": ("(", ")"), "Bq": ("[", "]"), "Brq": ("{", "}"), "Aq": ("\u27e8", "\u27e9"), "Eo": ("", ""),
}  # fmt: skip
_OPENERS = {"Oo": "[", "Do": "\u201c", "Po": "(", "Qo": '"', "So": "\u2018", "Bro": "{", "Ao": "\u27e8"}
_CLOSERS = {"Oc": "]", "Dc": "\u201d", "Pc": ")", "Qc": '"', "Sc": "\u2019", "Brc": "}", "Ac": "\u27e9"}
_NAMES = {"Bx": "BSD", "Fx": "FreeBSD", "Nx": "NetBSD", "Ox": "OpenBSD", "Dx": "DragonFly", "Ux": "UNIX",
          "At": "AT&T UNIX", "Bsx": "BSD/OS"}  # fmt: skip
_MACROS = frozenset({
    *_BOLD, *_ITALIC, *_PLAIN, *_PAIRS, *_OPENERS, *_CLOSERS, *_NAMES, "Xr", "Ns", "Pf", "Ta", "St", "Ex",
    "Rv", "Xo", "Xc", "Sm",
})  # fmt: skip
_CLOSING = frozenset({".", ",", ":", ";", ")", "]", "?", "!"})
_OPENING = frozenset({"(", "["})
_LAYOUT = frozenset({"Dd", "Dt", "Os", "Ed", "Xc", "Sm", "Bk", "Ek", "Tg", "Sh", "Ss"})  # print nothing
_LIST_ITEM = {"-bullet": "- ", "-dash": "- ", "-hyphen": "- ", "-enum": "1. ", "-item": "- "}


def looks_like_mdoc(text: str) -> bool:
    """A page in mdoc: its prologue (`.Dd`, `.Dt`, `.Os`) near the top."""
    return len(_PROLOGUE.findall(text[:4000])) >= 2


def parse_mdoc(text: str) -> Outline:
    lines = re.sub(r"\r\n?", "\n", text.lstrip("\ufeff")).split("\n")
    name, title = "", ""
    marks: list[tuple[int, int, str]] = []  # (line number, level, title)
    for number, line in enumerate(lines):
        macro, arguments = _request(line)
        if macro == "Dt" and arguments:
            title = f"{arguments[0].lower()}({arguments[1]})" if len(arguments) > 1 else arguments[0].lower()
        elif macro == "Nm" and arguments and not name:
            name = arguments[0]
        elif macro in ("Sh", "Ss"):
            marks.append((number + 1, 1 if macro == "Sh" else 2, " ".join(arguments)))
    reader = _Page(name)
    headings: list[Heading] = []
    skipped: list[Skipped] = []
    for index, (at, level, heading) in enumerate(marks):
        stop = marks[index + 1][0] - 1 if index + 1 < len(marks) else len(lines)
        body = reader.markdown(lines[at:stop], synopsis=heading.upper() == "SYNOPSIS")
        if body:  # `man` prints `.Sh NAME` in capitals; read, it is a title ("Exit Status")
            headings.append(Heading(heading.title() if heading.isupper() else heading, level, at, body))
        else:
            skipped.append(Skipped(at, heading, "empty section"))
    return Outline(title, "", tuple(headings), tuple(skipped))


def _request(line: str) -> tuple[str, list[str]]:
    """A macro line's name and arguments ("" for a text line or a comment)."""
    if not line.startswith((".", "'")) or line.startswith(('.\\"', "'\\\"")):
        return "", []
    words = request_arguments(line[1:])
    return (words[0], words[1:]) if words else ("", [])


class _Page:
    """Reads a page's sections; knows the page's name, which `.Nm` alone prints."""

    def __init__(self, name: str) -> None:
        self.name = name

    def markdown(self, lines: list[str], *, synopsis: bool = False) -> str:
        """A section's mdoc as Markdown blocks: paragraphs (a macro line is a few words of a sentence,
        so a paragraph is one line), lists nested by indentation, code. In a SYNOPSIS each `.Nm` starts
        a usage of its own, as `man` prints it."""
        self.blocks: list[str] = []
        self.paragraph: list[str] = []
        self.lists: list[str] = []  # the kind of each open list, innermost last
        number = 0
        while number < len(lines):
            line = lines[number]
            number += 1
            macro, arguments = _request(line)
            if not macro:
                if line.strip() and not line.startswith((".", "'")):
                    self.paragraph.append(markdown_escaped(roff_inline(line, markdown=False)))
            elif macro in ("Pp", "Lp", "Bl", "El", "It", "Bd", "Dl"):
                self._flush()
                number = self._block(macro, arguments, lines, number)
            elif synopsis and macro == "Nm":
                self._flush()
                self.paragraph.append(self.phrase([macro, *arguments]))
            elif macro == "Nd":
                self.paragraph.append("\u2014 " + self.phrase(arguments))
            elif macro not in _LAYOUT and (text := self.phrase([macro, *arguments])):
                self.paragraph.append(text)
        self._flush()
        return "\n\n".join(block for block in self.blocks if block.strip()).strip()

    def _flush(self) -> None:
        if self.paragraph:
            self.blocks.append("  " * len(self.lists) + " ".join(self.paragraph))
            self.paragraph.clear()

    def _block(self, macro: str, arguments: list[str], lines: list[str], number: int) -> int:
        """A list's start, end or item, or a display; the line after what it took."""
        indent = "  " * max(0, len(self.lists) - 1)
        if macro == "Bl":
            self.lists.append(next((word for word in arguments if word.startswith("-")), "-tag"))
        elif macro == "El":
            self.lists = self.lists[:-1]
        elif macro == "It":
            kind = self.lists[-1] if self.lists else "-tag"
            text = self.phrase(arguments)
            if kind in _LIST_ITEM:  # the item's text follows on its own lines, indented under it
                self.blocks.append(f"{indent}{_LIST_ITEM[kind]}{text}".rstrip())
            elif kind == "-column":
                self.blocks.append(f"{indent}- " + " | ".join(part.strip() for part in text.split("\t")))
            else:  # a tag over its text: the tag as printed (a flag is bold already)
                self.blocks.append(f"{indent}- {text}".rstrip())
        elif macro in ("Bd", "Dl"):
            code, number = (
                _display(lines, number) if macro == "Bd" else ([self.phrase(arguments, plain=True)], number)
            )
            fence = fence_for("\n".join(code))
            inside = "  " * len(self.lists)
            self.blocks.append("\n".join(f"{inside}{row}" for row in (fence, *code, fence)))
        return number

    def phrase(self, words: list[str], *, plain: bool = False) -> str:
        """A macro line's words as the text they print."""
        pieces: list[tuple[str, str]] = []  # (text, how it joins the text before: " " or "")
        self._read(words, 0, pieces, plain)
        return _joined(pieces)

    def _read(self, words: list[str], start: int, pieces: list[tuple[str, str]], plain: bool) -> None:
        """Appends the words from `start` to the end of the line as pieces."""
        number = start
        glue = " "
        while number < len(words):
            word = words[number]
            if word == "Ns":
                glue, number = "", number + 1
                continue
            if word not in _MACROS:  # text, or punctuation that closes up to the word before
                attached = "" if word in _CLOSING or (pieces and pieces[-1][0] in _OPENING) else glue
                pieces.append((_text(word, plain), attached))
                glue, number = " ", number + 1
                continue
            number += 1
            if word in _PAIRS:
                inner: list[tuple[str, str]] = []
                end = len(words)
                while end > number and words[end - 1] in _CLOSING:
                    end -= 1  # `.Op Fl v ,`: the comma goes after the bracket
                self._read(words[:end], number, inner, plain)
                opening, closing = _PAIRS[word]
                pieces.append((f"{opening}{_joined(inner)}{closing}", glue))
                number, glue = end, " "
            elif word in _OPENERS:
                pieces.append((_OPENERS[word], glue))
                glue = ""
            elif word in _CLOSERS:
                pieces.append((_CLOSERS[word], ""))
                glue = " "
            else:
                taken, number = self._macro(word, words, number, plain)
                if taken:
                    pieces.append((taken, glue))
                glue = " "

    def _macro(self, name: str, words: list[str], number: int, plain: bool) -> tuple[str, int]:
        """A macro that prints its own arguments (up to the next macro or punctuation); the text and
        the index after them."""
        if name == "Fl" and words[number : number + 1] == ["Fl"]:  # `.Fl Fl null`: "--null"
            name, number, dashes = "Fl", number + 1, "--"
        else:
            dashes = "-"
        arguments: list[str] = []
        while number < len(words) and words[number] not in _MACROS and words[number] not in _CLOSING:
            arguments.append(words[number])
            number += 1
        special = self._special(name, arguments)
        if special is not None:
            return special, number
        if name == "Fl":
            arguments = [f"{dashes}{word}" for word in arguments] or [dashes]
        elif name == "Nm":
            arguments = arguments or [self.name]
        elif name == "Ar":
            arguments = arguments or ["file ..."]
        text = " ".join(_text(word, plain) for word in arguments)
        mark = "" if plain or not text else "**" if name in _BOLD else "*" if name in _ITALIC else ""
        return f"{mark}{text}{mark}", number

    def _special(self, name: str, arguments: list[str]) -> str | None:
        """What a macro prints that is not its arguments in a font; None for the others."""
        if name == "Xr":
            return f"{arguments[0]}({arguments[1]})" if len(arguments) > 1 else " ".join(arguments)
        if name in _NAMES:
            return " ".join([_NAMES[name], *arguments])
        if name == "Ex":
            return f"The {self.name or 'utility'} utility exits 0 on success, and >0 if an error occurs."
        if name == "Rv":
            return "The function returns the value 0 if successful; otherwise -1 is returned."
        if name == "St":
            return " ".join(_standard(argument) for argument in arguments)
        return {
            "Ta": "\t",
            "Pf": "".join(arguments),
            "Xo": "",
            "Xc": "",
            "Sm": "",
        }.get(name)


def _joined(pieces: list[tuple[str, str]]) -> str:
    """The pieces as one text, each after the space it asks for (none before the first)."""
    return "".join((space if index else "") + text for index, (text, space) in enumerate(pieces))


def _standard(name: str) -> str:
    """`.St -p1003.1-2001` as `man` prints it: "IEEE Std 1003.1-2001 ("POSIX.1")"."""
    if found := re.fullmatch(r"-p(1003\.(\d))(.*)", name):
        return f"IEEE Std {found[1]}{found[3]} (\u201cPOSIX.{found[2]}\u201d)"
    if found := re.fullmatch(r"-susv(\d)", name):
        return f"Version {found[1]} of the Single UNIX Specification (\u201cSUSv{found[1]}\u201d)"
    return name.lstrip("-")


def _text(word: str, plain: bool) -> str:
    text = roff_inline(word, markdown=False)
    return text if plain else markdown_escaped(text)


def _display(lines: list[str], number: int) -> tuple[list[str], int]:
    """A `.Bd` display's lines up to `.Ed`, as shown (macro lines read as their words); the line after."""
    code: list[str] = []
    page = _Page("")
    while number < len(lines):
        macro, arguments = _request(lines[number])
        number += 1
        if macro == "Ed":
            break
        if macro:
            code.append(page.phrase([macro, *arguments], plain=True) if macro not in ("Pp", "Bd") else "")
        else:
            code.append(roff_inline(lines[number - 1], markdown=False))
    return code, number
