"""Perl's POD (`.pod`): read as the Markdown it stands for, line for line, so every heading keeps its line.

perlpod's three kinds of paragraph: a command (`=head1 Title`, `=over`, `=item`, `=back`, ...), a
verbatim paragraph (indented: code, kept as written) and an ordinary one (text with formatting codes,
`B<bold>`, `C<code>`, `L<text|url>`, `E<gt>`, also written `C<< $a <=> $b >>`). `=headN` is a heading of
level N; `=item` entries are list items of their section, as a man page's options are: a bullet or a
number is a Markdown list item, any other tag a bold term over its text. What a POD renderer does not
show is left out: `=begin`/`=end` and `=for` blocks for other formatters, `=encoding`, `=pod`, and the
code around a `=cut`.
"""

from __future__ import annotations

import html
import re

from leadercli.packs.documents.outline import Outline, code_span, fence_for, plain_words

_COMMAND = re.compile(r"=([a-zA-Z]\w*)(?:[ \t]+(.*))?$")
_CODE = re.compile(r"([BCEFILSXZ])(<+)")
_URL = re.compile(r"(?:[a-z][a-z0-9+.-]*://|mailto:)\S", re.IGNORECASE)
_BULLET = re.compile(r"\*(?:\s+|$)")
_NUMBER = re.compile(r"(\d+)\.?(?:\s+|$)")
_ENTITIES = {"lt": "<", "gt": ">", "verbar": "|", "sol": "/"}


_COMMANDS = re.compile(r"^=(head[1-6]|over|item|back|cut|pod|encoding|begin|end|for)\b", re.MULTILINE)


def looks_like_pod(text: str) -> bool:
    """Whether a file named on its own (a Perl module, `Foo.pm`; a README without an ending) is POD: a
    `=head1` and another POD command at lines' starts."""
    found = {command[:4] for command in _COMMANDS.findall(text[:200_000])}
    return "head" in found and len(found) > 1


def parse_pod(text: str) -> Outline:
    from leadercli.packs.documents.markdown import parse_markdown

    return parse_markdown("\n".join(to_markdown(text)))


def to_markdown(text: str) -> list[str]:
    """The POD document as Markdown lines, as many as it has (and a code block's closing fence)."""
    lines = re.sub(r"\r\n?", "\n", text).split("\n")
    out = [""] * len(lines)
    inside = False  # in POD (a `.pod` file is code until its first command, and again after `=cut`)
    skipping = ""  # the formatter whose `=begin` block is being left out
    code: list[int] = []  # the verbatim run being read: its first and last lines
    bullet = ""  # a bare `=item *` or `=item 1.`: the marker its text paragraph opens with
    listing = False  # inside `=begin :list` (Pod::Weaver's), where a `* ` line is a list item
    for start, stop in _paragraphs(lines):
        first = lines[start]
        command = _COMMAND.match(first) if first.startswith("=") else None
        verbatim = command is None and first[:1] in (" ", "\t")
        if code and not (verbatim and inside and not skipping):
            _close(lines, out, code)
            code = []
        if command:
            inside = command[1] != "cut"
            if skipping and command[1] != "end":
                continue
            argument = " ".join(" ".join([command[2] or "", *lines[start + 1 : stop]]).split())
            formatter = argument.split(" ", 1)[0]
            if formatter.startswith(":") and command[1] in ("for", "begin", "end"):
                # A formatter named with a colon holds POD (perlpodspec): its text is read, not left out.
                listing = command[1] == "begin" and formatter == ":list"
                if command[1] == "for":
                    _ordinary(lines, out, start + 1, stop, "", formatter == ":list")
                continue
            skipping = formatter if command[1] == "begin" else ""
            out[start], bullet = _command(command[1], argument)
        elif not inside or skipping:
            continue
        elif verbatim:
            code = [code[0] if code else start, stop - 1]
        else:
            _ordinary(lines, out, start, stop, bullet, listing)
            bullet = ""
    if code:
        _close(lines, out, code)
    return out


def _paragraphs(lines: list[str]) -> list[tuple[int, int]]:
    """Each paragraph's first line and the line after its last: runs of lines that are not blank."""
    found: list[tuple[int, int]] = []
    start = None
    for number, line in enumerate([*lines, ""]):
        if line.strip():
            start = number if start is None else start
        elif start is not None:
            found.append((start, number))
            start = None
    return found


def _command(name: str, argument: str) -> tuple[str, str]:
    """A command paragraph's line, and the marker a bare `=item`'s text paragraph is to open with."""
    if name.startswith("head") and name[4:].isdigit():
        return "#" * min(6, max(1, int(name[4:]))) + " " + inline(argument), ""
    if name != "item":
        return "", ""
    if bullet := _BULLET.match(argument):
        text = argument[bullet.end() :]
        return ("- " + inline(text), "") if text else ("", "- ")
    if number := _NUMBER.match(argument):
        text = argument[number.end() :]
        return (f"{number[1]}. " + inline(text), "") if text else ("", f"{number[1]}. ")
    term = inline(argument)
    bold = term.startswith("**") and term.endswith("**") and len(term) > 4  # `=item B<--verbose>`
    return (term if bold else f"**{term}**" if term else ""), ""


def _close(lines: list[str], out: list[str], code: list[int]) -> None:
    """A run of verbatim paragraphs (blank lines between them) as one code block, dedented: its fences
    stand on the blank lines around it."""
    first, last = code
    block = lines[first : last + 1]
    indent = min(len(line) - len(line.lstrip()) for line in block if line.strip())
    out[first : last + 1] = [line[indent:].rstrip() for line in block]
    fence = fence_for("\n".join(block))
    out[first - 1] = fence  # a verbatim paragraph follows a command or text, and a blank line
    if last + 1 < len(out):
        out[last + 1] = fence
    else:
        out.append(fence)


def _ordinary(
    lines: list[str], out: list[str], start: int, stop: int, bullet: str, listing: bool = False
) -> None:
    """A paragraph of text: its formatting codes as Markdown, its line breaks where they were (in a
    `:list` region, a line that opens with `* ` is a list item)."""
    if listing:
        for number in range(start, stop):
            line = lines[number]
            out[number] = "- " + inline(line[2:]) if line.startswith(("* ", "- ")) else inline(line)
        return
    shown = (bullet + inline("\n".join(lines[start:stop]))).split("\n")
    out[start:stop] = shown + [""] * (stop - start - len(shown))


def inline(text: str, *, markdown: bool = True) -> str:
    """Text with POD's formatting codes as Markdown (or as the plain words they show)."""
    out: list[str] = []
    position = 0
    while (found := _CODE.search(text, position)) is not None:
        end, inner = _closing(text, found)
        if end < 0:
            break
        out.append(plain_words(text[position : found.start()], markdown))
        out.append(_format(found[1], inner, markdown))
        position = end
    out.append(plain_words(text[position:], markdown))
    return "".join(out)


def _closing(text: str, found: re.Match[str]) -> tuple[int, str]:
    """Where a formatting code ends (-1 when it never does) and what it holds."""
    brackets = len(found[2])
    if brackets > 1:  # `C<< a >> b >>`: closed by as many brackets after a space
        close = re.compile(r"\s" + ">" * brackets)
        ending = close.search(text, found.end())
        if ending is None:
            return -1, ""
        return ending.end(), text[found.end() : ending.start()].strip()
    depth = 1
    for position in range(found.end(), len(text)):
        character = text[position]
        if character == "<" and position and text[position - 1] in "BCEFILSXZ":
            depth += 1
        elif character == ">":
            depth -= 1
            if depth == 0:
                return position + 1, text[found.end() : position]
    return -1, ""


def _format(code: str, inner: str, markdown: bool) -> str:
    if code in "XZ":
        return ""
    if code == "E":
        return plain_words(_entity(inner), markdown)
    if code == "L":
        return _link(inner, markdown)
    shown = inline(inner, markdown=markdown and code != "C")
    if not markdown:
        return shown
    if code == "C":
        return code_span(shown) if shown else ""
    mark = "**" if code == "B" else "*" if code in "IF" else ""
    return f"{mark}{shown}{mark}" if shown.strip() else shown


def _entity(name: str) -> str:
    """`E<gt>`, `E<eacute>`, `E<233>`, `E<0xE9>`, `E<0351>` (octal): the character; one that is no
    printable character (`E<10>`, a number out of range, an unknown name) is shown as written."""
    character = _ENTITIES.get(name, "")
    if not character and name[:1].isdigit():
        base = 16 if name[:2].lower() == "0x" else 8 if name[:1] == "0" and len(name) > 1 else 10
        try:
            character = chr(int(name, base))
        except (ValueError, OverflowError):
            character = ""
    elif not character:
        character = html.unescape(f"&{name};")
        character = "" if character == f"&{name};" else character
    return character if len(character) == 1 and character.isprintable() else f"E<{name}>"


def _link(inner: str, markdown: bool) -> str:
    """`L<text|target>`, `L<name/"section">`, `L<url>`: the words a reader sees, a link when it is a URL."""
    text, bar, target = inner.partition("|")
    if not bar:
        target, text = inner, ""
    if not text:
        name, slash, section = target.partition("/")
        if _URL.match(target):
            text = target
        elif slash:
            section = section.strip('"')
            text = f"{section} in {name}" if name else section
        else:
            text = target
    shown = inline(text, markdown=markdown)
    return f"[{shown}]({target})" if markdown and _URL.match(target) and " " not in target else shown
