"""Python-Markdown's extensions (MkDocs, pymdownx), kramdown/Pandoc attribute lists, GitHub's alerts,
Hugo's shortcodes and wiki links, read as the CommonMark a terminal renders: without them a MkDocs page
shows `!!! note "Title"` raw and its indented body as a code block, and a README's `> [!NOTE]` shows as
those characters.

Line for line, like `rawhtml`: every transform keeps the number of lines, so every heading keeps the
line it has in the file. A fenced code block is left alone (a page that documents the syntax shows it).
"""

from __future__ import annotations

import re
from typing import NamedTuple

from leadercli.packs.documents.outline import INLINE_CODE, LIST_ITEM, Fences, leading_spaces, outside

__all__ = ["Attributes", "containers", "display_math", "heading_attributes"]

# `!!! note "Title"`, `??? tip`, `???+ warning inline end "Title"`: type, extra classes, optional title.
_ADMONITION = re.compile(
    r"""(?P<indent>[ \t]*)(?:!!!|\?\?\?\+?)[ \t]+(?P<kind>[\w-]+)(?:[ \t]+[\w-]+)*"""
    r"""(?:[ \t]+(?P<quote>["'])(?P<title>.*)(?P=quote))?[ \t]*$"""
)
# Docusaurus' and VitePress' `:::note Title` / `:::tip[Title]` ... `:::` (more colons to nest), dumi's
# `:::info{title=Heads up}`, and MyST's `:::{warning}`.
_DIRECTIVE = re.compile(
    r"(?P<indent>[ \t]*)(?P<colons>:{3,})[ \t]*(?P<brace>\{)?(?P<kind>[a-z][\w-]*)(?(brace)\})"
    r"(?:\[(?P<bracketed>[^\]]*+)\]|[ \t]++(?P<title>[^{\n]*+))?(?:\{(?P<attributes>[^}]*+)\})?[ \t]*+$"
)
# dumi's attribute is bare to the next one or the brace: `{title=Heads up}`.
_QUOTED_OR_BARE_TITLE = re.compile(r"""\btitle=(?:"([^"]*)"|'([^']*)'|([^"'\s][^"']*))""")
_NEXT_ATTRIBUTE = re.compile(r"\s[\w-]+=")
# GitHub's alerts: a quote that opens with `[!NOTE]` (TIP, IMPORTANT, WARNING, CAUTION) on a line of its own.
_ALERT = re.compile(r"(?P<quote>[ \t]*>[ \t]?)\[!(?P<kind>note|tip|important|warning|caution)\][ \t]*$", re.I)
# Hugo's shortcodes, `{{< name args >}}` and `{{% name args %}}`, with a closing `{{< /name >}}` for a pair.
_SHORTCODE = re.compile(r"\{\{([<%])[ \t]*(?P<close>/?)(?P<name>[\w.-]+)(?P<args>[^{}\n]*?)[ \t]*[>%]\}\}")
_QUOTED = re.compile(r"""(?:\b(?P<key>\w+)=)?(?:"(?P<double>[^"]*)"|'(?P<single>[^']*)')""")
# GitHub's (Gollum's) wiki links; `[[_TOC_]]` is GitLab's table of contents marker, not a link.
# `[[next]](02-setup.md)` is a Markdown link whose words are "[next]", not a wiki link.
_WIKI_LINK = re.compile(r"\[\[(?!_?toc_?\]\])([^\[\]|\n]+)(?:\|[^\[\]\n]+)?\]\](?!\()", re.IGNORECASE)
# Pandoc's bracketed span (`[absolute path]{#absolute-path}`) and an attribute list after a link or an
# image (`![](fig.svg){alt='A tree'}`, kramdown's `{:target="_blank"}`).
_ATTRIBUTE_LIST = r"\{:?[ \t]*(?:[#.][\w-]|[\w-]+=)[^{}\n]*\}"  # `{#id}`, `{.class}`, `{key=...}`
_SPAN = re.compile(rf"(?<![!\]])\[([^\[\]\n]+)\]{_ATTRIBUTE_LIST}")
_ATTRIBUTES_AFTER = re.compile(rf"(?<=\)){_ATTRIBUTE_LIST}")
_MYST_ROLE = re.compile(r"\{[a-z][\w:.-]*\}(`+)([^`\n]+?)(?:\s*<[^<>`\n]*>)?\1(?!`)")
# MyST's directives, in a code fence or a colon fence: ```{note}, ````{admonition} Title, ```{code-block}
# python, :::{tab-item} Label.
_MYST_FENCE = re.compile(
    r"(?P<indent>[ \t]*)(?P<run>`{3,}|~{3,}|:{3,})\{(?P<kind>[a-zA-Z][\w:.-]*)\}"
    r"[ \t]*(?P<argument>[^`\n]*?)[ \t]*$"
)
_CLOSING_FENCE = re.compile(r"[ \t]*(?P<run>`{3,}|~{3,}|:{3,})[ \t]*$")
_HIDDEN_CELL = re.compile(r"[ \t]*#\|[ \t]*(?:echo|include)[ \t]*:[ \t]*false\b")  # Quarto's, R Markdown's
_MYST_OPTION = re.compile(r"[ \t]*:[\w-]+:(?:[ \t].*)?$")  # `:class: tip`, `:linenos:`
_MYST_CODE = {"code": "", "code-block": "", "sourcecode": "", "code-cell": "", "math": "math"}
# What a page shows nothing of, or shows from elsewhere: a contents tree, another file's text.
_MYST_HIDDEN = frozenset({"toctree", "include", "literalinclude", "contents", "tableofcontents"})
_MYST_NOTES = frozenset({
    "note", "tip", "hint", "important", "warning", "caution", "attention", "danger", "error", "seealso",
    "admonition", "dropdown", "sidebar", "topic", "margin", "versionadded", "versionchanged", "deprecated",
})  # fmt: skip
_MYST_LABELS = {
    "seealso": "See also", "versionadded": "New in version", "versionchanged": "Changed in version",
    "deprecated": "Deprecated since version",
}  # fmt: skip
# Directives whose content is text a page shows, with their argument as its title (`{tab-item} Linux`).
_MYST_TEXT = frozenset({
    "figure", "image", "table", "list-table", "csv-table", "glossary", "epigraph", "pull-quote", "highlights",
    "rubric", "centered", "hlist", "container", "div", "only", "eval-rst", "tab-set", "tab-item", "card",
    "grid", "grid-item", "grid-item-card", "card-carousel",
})  # fmt: skip
_MYST_PATHS = frozenset({"figure", "image", "eval-rst"})  # an argument that is a file, not words
_MYST_KNOWN = frozenset({*_MYST_CODE, *_MYST_HIDDEN, *_MYST_NOTES, *_MYST_TEXT})
# Pandoc's and Quarto's fenced divs: `::: {.callout-tip title="Heads up"}`, `:::: {.columns}`.
_PANDOC_DIV = re.compile(
    r"(?P<indent>[ \t]*):{3,}[ \t]*(?:\{(?P<attributes>[^{}\n]*)\}|(?P<bare>callout-[\w-]+))[ \t]*$"
)  # (Quarto writes `::: callout-tip` too: a bare word is the div's class)
_PANDOC_OPEN = re.compile(r"[ \t]*:{3,}[ \t]*\S")  # a div opening: colons and its attributes or class
_PANDOC_CLOSE = re.compile(r"[ \t]*:{3,}[ \t]*$")
_CLASS = re.compile(r"(?:^|\s)\.([\w-]+)")
_TITLE_ATTRIBUTE = re.compile(r"""(?:^|\s)title=(?:"([^"]*)"|'([^']*)')""")
_ATX = re.compile(r"[ \t]{0,3}(?P<hashes>#{1,6})[ \t]+(?P<title>.*?)[ \t#]*$")
GLOSSARY_TERMS = 6
"""A section whose text opens with a definition list of this many terms or more (a glossary: the
Carpentries' has 40) has each term as a sub-section, as a reStructuredText FAQ's does. A shorter list is
part of its section's prose (attrs' five principles under "Philosophy", a typography page's example of
three), which a question about the section as a whole asks for."""
# MyST's lines a page never shows: a target's label (`(glue/main)=`) and a notebook's cell break (`+++`).
_MYST_MARKER = re.compile(r"[ \t]*(?:\([^()\s]+\)=|\+\+\+(?:[ \t]*\{.*\})?)[ \t]*$")
# A definition list's definition (PHP Markdown Extra, kramdown, Pandoc, MyST): `: text` under its term.
_DEFINITION = re.compile(r"(?P<indent> {0,3}):[ \t]+(?P<text>\S.*)$")
_DEFINITION_INDENT = 4  # a definition's later paragraphs, under its `:   `
_CODE_INDENT = 4  # an indented code block's margin
_MATH_LINES = 40  # a display formula between `$$` lines is at most this long, and has no blank line
# Python-Markdown's attribute list on a term (`__text__{: #text }:`), wherever in the term it stands.
_TERM_ATTRIBUTES = re.compile(
    r"\{:[ \t]*(?P<list>(?:[#.][^\s{}]+|[\w-]+=[^\s{}]+)(?:[ \t]+[^\s{}]+)*)[ \t]*\}"
)
# A task list's item (GitHub's, pymdownx's): `- [ ] to do`, `- [x] done`, shown as the boxes a page draws.
_TASK = re.compile(r"^(?P<item>[ \t]*(?:[-*+]|\d{1,9}[.)])[ \t]+)\[(?P<mark>[ xX])\](?=[ \t])")
# Python-Markdown's CodeHilite: an indented code block whose first line names its language.
_CODE_LANGUAGE = re.compile(r"[ \t]+:::[ \t]*[\w+#.-]+[ \t]*$")
# Python-Markdown's (pymdownx) generic blocks, FastAPI's docs in every language: `/// tip | Title` ... `///`.
_SLASH_BLOCK = re.compile(
    r"(?P<indent>[ \t]*)(?P<slashes>/{3,})[ \t]+(?P<kind>[a-z][\w-]*)(?:[ \t]*\|(?P<title>.*))?$"
)
_TAB = re.compile(r"""(?P<indent>[ \t]*)===!?[ \t]+(?P<quote>["'])(?P<title>.*)(?P=quote)[ \t]*$""")
# What every form above opens with: a page holding none of them is left as it is.
_FORMS = (
    ":::",
    "!!!",
    "???",
    "===",
    "[!",
    "{{",
    "[[",
    "}`",
    "`{",
    "~{",
    "\n: ",
    "\n:\t",
    "]{",
    "){",
    ")=",
    "+++",
    "///",
    "[ ]",
    "[x]",
    "[X]",
)
_ICON = re.compile(r":(?:octicons|material|fontawesome|simple)-[\w-]+:")  # an icon's shortcode
# A line that opens a block of its own, so the bold title before it needs no line break to stand apart.
_BLOCK_START = re.compile(r"[ \t]*(?:[-*+][ \t]|\d{1,9}[.)][ \t]|[>#|<]|`{3}|~{3}|!!!|\?\?\?|===|$)")
# `{ id=navigation-path }`, `{#id}`, `{: #id .class }`, `{.unnumbered}`, `{-}` at a heading's end; a
# pair of braces with none of those (`Using {braces}`) is the heading's own words.
_ATTRIBUTE = r"""(?:[#.][^\s{}]+|[\w:-]+=(?:"[^"]*"|'[^']*'|[^\s{}"']+)|-)"""
_ATTRIBUTES = re.compile(
    rf"\{{:?[ \t]*(?P<list>{_ATTRIBUTE}(?:[ \t]+(?:{_ATTRIBUTE}|[\w-]+))*)[ \t]*\}}[ \t]*$"
)
_ID = re.compile(
    r"""(?:^|\s)(?:#(?P<hash>[^\s{}.#]+)|id=(?:"(?P<quoted>[^"]*)"|'(?P<single>[^']*)'|(?P<bare>[^\s{}"']+)))"""
)


class Attributes(NamedTuple):
    """A heading's text without its attribute list, and the id that list names ("" when none)."""

    text: str
    anchor: str


def heading_attributes(text: str) -> Attributes:
    """`Navigation path { id=navigation-path }` -> ("Navigation path", "navigation-path")."""
    found = _ATTRIBUTES.search(text)
    if found is None or not text[: found.start()].strip():
        return Attributes(text, "")
    return Attributes(text[: found.start()].rstrip(" \t"), _anchor(found.group("list")))


def containers(lines: list[str]) -> list[str]:
    """Admonitions and content tabs as Markdown, line for line: `!!! note "Title"` becomes a quote that
    opens with **Title** (the type, capitalised, when it has no title; nothing for `""`), `=== "Tab"`
    becomes **Tab**; the 4-space-indented body follows de-indented, read as Markdown (nested ones too)."""
    out = [line.expandtabs(4) if "\t" in line else line for line in lines]
    text = "\n".join(out)
    if not any(all(char in text for char in form) and form in text for form in _FORMS):  # fast scans
        return out
    fences = Fences()
    definitions: set[int] = set()  # the lines that were a definition list's `: text`
    terms: dict[int, tuple[str, str]] = {}  # and the lines of their terms: each term's words and its id
    number = 0
    while number < len(out):
        line = out[number]
        if not fences.inside and (myst := _MYST_FENCE.match(line)):
            number = _myst_fence(out, number, myst)
            continue
        if fences.code(line):
            number += 1
            continue
        if _MYST_MARKER.match(line) or (_CODE_LANGUAGE.match(line) and _opens_indented_code(out, number)):
            out[number] = ""  # and Python-Markdown's `:::python` over an indented code block: its language
            number += 1
            continue
        out[number] = line = _shown(out, number)
        if (definition := _DEFINITION.match(line)) and _definition(out, number, definitions, terms):
            out[number] = definition["indent"] + definition["text"]
            definitions.add(number)
            _definition_paragraphs(out, number + 1)
            number += 1
            continue
        if div := _PANDOC_DIV.match(line):
            number = _pandoc_div(out, number, div)
            continue
        if container := _DIRECTIVE.match(line) or _SLASH_BLOCK.match(line):
            number = (_directive if container.re is _DIRECTIVE else _slash_block)(out, number, container)
            continue
        if alert := _ALERT.match(line):
            following = out[number + 1].lstrip(" \t>") if number + 1 < len(out) else ""
            broken = following.strip() and not _BLOCK_START.match(following)
            out[number] = f"{alert['quote']}**{alert['kind'].capitalize()}**" + ("\\" if broken else "")
            number += 1
        elif found := _ADMONITION.match(line) or _TAB.match(line):
            number = _indented(out, number, found)
        else:
            number += 1
    if len(terms) >= GLOSSARY_TERMS or any(anchor for _, anchor in terms.values()):
        _glossaries(out, terms)
    return out


def _glossaries(out: list[str], terms: dict[int, tuple[str, str]]) -> None:
    """Each term of a definition list that opens a section with GLOSSARY_TERMS terms or more, and each
    term with an id of its own (`__text__{: #text }`: a target the page links to, as a heading is), as a
    heading one level below the section's (the Carpentries' glossary: 40 terms were one record)."""
    fences = Fences()
    headings = [
        (number, len(found["hashes"]))
        for number, line in enumerate(out)
        if not fences.code(line) and (found := _ATX.match(line))
    ]
    if not headings:  # a page of terms without headings: no section to put them under
        return
    for (start, level), (stop, _) in zip(headings, [*headings[1:], (len(out), 0)], strict=True):
        first = _first_text(out, start + 1, stop)
        inside = [number for number in terms if start < number < stop]
        if level >= 6:
            continue
        if first not in terms or len(inside) < GLOSSARY_TERMS:
            inside = [number for number in inside if terms[number][1]]
        for number in inside:
            if number - 1 not in terms and out[number - 1].endswith("\\"):
                out[number - 1] = out[number - 1][:-1]  # no line break before a heading
            words, anchor = terms[number]
            out[number] = f"{'#' * (level + 1)} {words}" + (f" {{#{anchor}}}" if anchor else "")


def _indented(out: list[str], number: int, found: re.Match[str]) -> int:
    """`!!! note "Title"` or `=== "Tab"` and its 4-space-indented body, line for line; the number of
    the line after it."""
    indent = found.group("indent")
    inner = len(indent) + 4
    end = number + 1
    while end < len(out) and (not out[end].strip() or leading_spaces(out[end]) >= inner):
        end += 1
    while end > number + 1 and not out[end - 1].strip():
        end -= 1
    body = containers([text[inner:] if text.strip() else "" for text in out[number + 1 : end]])
    title = found.group("title")
    if title is None:
        title = _kind_title(found.group("kind"))
    title = " ".join(_ICON.sub("", title).split())  # `=== ":octicons-file-code-16: shortcuts.js"`
    if found.re is _ADMONITION:
        out[number:end] = _quote(indent, title, body)
        return end
    head = f"**{title}**" if title else ""
    if head and body and not _BLOCK_START.match(body[0]):
        head += "\\"  # a line break: the title stands on a line of its own above the body's first
    out[number] = f"{indent}{head}"
    out[number + 1 : end] = [f"{indent}{text}" if text else "" for text in body]
    return end


def _kind_title(kind: str) -> str:
    """A note's kind as the title it shows when it has none of its own: `see-also` reads "See also"."""
    return kind.replace("-", " ").capitalize()


def _quote(indent: str, title: str, body: list[str]) -> list[str]:
    """A note as Markdown, line for line: a quote that opens with its title in bold (a line break after
    it when the body's first line would run on into it) and holds the body."""
    head = f"**{' '.join(title.split())}**" if title.strip() else ""
    if head and body and not _BLOCK_START.match(body[0]):
        head += "\\"
    last = max((number for number, line in enumerate(body) if line.strip()), default=-1)
    quoted = [f"{indent}> {line}".rstrip() for line in (head, *body[: last + 1])]
    return quoted + [""] * (len(body) - last - 1)  # blank lines after its text are outside it


def _inline_forms(line: str) -> str:
    """Hugo's shortcodes (`_shortcode`), a wiki's links (`[[Python Tracker]]`, `[[text|Page]]`: their
    words), Pandoc's spans and attributes (`[term]{#id}`, `![](x.svg){alt='...'}`: the words) and MyST's
    roles as a reader sees them; inline code (`` `[[runners]]` ``) is left as written."""
    if "}`" in line:  # MyST's roles: {class}`set` is `set`, {term}`dunder ones <dunder methods>` its words
        code = [span.span() for span in INLINE_CODE.finditer(line)]  # a role shown as code stays as typed

        def role(found: re.Match[str]) -> str:
            if any(start < found.start() < end for start, end in code):
                return found.group()
            return f"{found[1]}{found[2]}{found[1]}"

        line = _MYST_ROLE.sub(role, line)
    if "{{" not in line and "[[" not in line and "]{" not in line and "){" not in line:
        return line
    return outside(INLINE_CODE, line, _text_forms)  # the text between code spans read, the code as written


def _text_forms(part: str) -> str:
    """Shortcodes, wiki links, spans and attribute lists in text that is not code."""
    if "{{" in part:
        part = _SHORTCODE.sub(_shortcode, part)
    if "[[" in part:
        part = _WIKI_LINK.sub(lambda found: found.group(1).strip(), part)
    if "]{" in part or "){" in part:
        part = _ATTRIBUTES_AFTER.sub("", _SPAN.sub(r"\1", part))
    return part


def _shortcode(found: re.Match[str]) -> str:
    """What a Hugo page shows for a shortcode, as near as a document without its site can say: a
    parameter's name as code (`{{% param "hugoMinVersion" %}}`), a reference's target, a pair's title
    in bold (`{{% alert title="Note" %}}`), and nothing for the rest (their content stays)."""
    if found["close"]:
        return ""
    values = {
        (match["key"] or ""): match["double"] or match["single"] or ""
        for match in _QUOTED.finditer(found["args"])
    }
    name = found["name"].casefold()
    if name == "param" and values.get(""):
        return f"`{values['']}`"
    if name in ("ref", "relref") and values.get(""):
        return values[""]
    return f"**{values['title']}**" if values.get("title") else ""


def _directive(out: list[str], number: int, found: re.Match[str]) -> int:
    """A `:::kind Title` container, line for line: a quote that opens with **Title** (the kind,
    capitalised, when it has none) and ends where a line of colons alone closes it (the closing line is
    left blank); the number of the line after it. One that opens with a heading (the Carpentries'
    `::::: solution` over `### Windows`) is its text: the heading titles it, as a section of its own."""
    end = _div_end(out, number)
    if end < len(out):
        out[end] = ""
    if _opens_with_heading(out, number + 1, end):
        return _unwrapped(out, number, end)
    body = containers(out[number + 1 : end])
    named = _QUOTED_OR_BARE_TITLE.search(found.group("attributes") or "")
    bare = named[3] if named and named[3] else ""
    if bare:  # to the next `key=` (one linear search: a lookahead there was quadratic in long blanks)
        after = _NEXT_ATTRIBUTE.search(bare)
        bare = (bare[: after.start()] if after else bare).strip()
    title = (
        found.group("bracketed")
        or found.group("title")
        or (named and (named[1] or named[2]))
        or bare
        or _kind_title(found.group("kind"))
    )
    out[number:end] = _quote(found.group("indent"), title, body)
    return end + 1


def _slash_block(out: list[str], number: int, found: re.Match[str]) -> int:
    """A `/// kind | Title` block, line for line: a quote that opens with **Title** (the kind, capitalised,
    when it has none) up to its `///` line, which is left blank; a `details` block is one too."""
    closing = found.group("slashes")  # `////` over a `///` block: each closes on its own run of slashes
    end = next((at for at in range(number + 1, len(out)) if out[at].strip() == closing), len(out))
    if end < len(out):
        out[end] = ""
    body = containers(out[number + 1 : end])
    title = (found.group("title") or "").strip() or _kind_title(found.group("kind"))
    out[number:end] = _quote(found.group("indent"), title, body)
    return end + 1


def _div_end(out: list[str], number: int) -> int:
    """Where the colon fence opened at `number` closes: divs nest, and a line of colons alone closes
    the innermost one open, however many colons either has (Pandoc's rule; the Carpentries open with 41
    and close with 50)."""
    end, depth = number + 1, 1
    while end < len(out):
        if _PANDOC_CLOSE.match(out[end]):
            depth -= 1
            if not depth:
                break
        elif _PANDOC_OPEN.match(out[end]):
            depth += 1
        end += 1
    return end


def _unwrapped(out: list[str], number: int, end: int) -> int:
    """A div as its text alone: its fences go (the closing one is blank already); the line after it."""
    out[number] = ""
    out[number + 1 : end] = containers(out[number + 1 : end])
    return end + 1


def _opens_with_heading(out: list[str], start: int, end: int) -> bool:
    first = _first_text(out, start, end)
    return first < end and _ATX.match(out[first]) is not None


def _first_text(out: list[str], start: int, end: int) -> int:
    """The first line from `start` on that is not blank (`end` when there is none before it)."""
    return next((number for number in range(start, end) if out[number].strip()), end)


def _pandoc_div(out: list[str], number: int, found: re.Match[str]) -> int:
    """A Pandoc or Quarto fenced div, line for line: a callout (`{.callout-warning}`) as a quote that opens
    with its title (its `title=` attribute, else a heading on its first line, else its kind), any other
    div (`{.columns}`, `{.panel-tabset}`) as its text; the number of the line after it. Divs nest: a
    line of colons alone closes the innermost one open."""
    end = _div_end(out, number)
    attributes, indent = found["attributes"] or "", found["indent"]
    classes = _CLASS.findall(attributes) or [found["bare"] or ""]
    callout = next((name[len("callout-") :] for name in classes if name.startswith("callout-")), None)
    if end < len(out):
        out[end] = ""
    if callout is None:
        return _unwrapped(out, number, end)
    start = _first_text(out, number + 1, end)
    named = _TITLE_ATTRIBUTE.search(attributes)
    heading = _ATX.match(out[start]) if start < end else None
    title = (named.group(1) or named.group(2)) if named else heading["title"] if heading else ""
    if heading is not None:
        out[start] = ""  # the callout's title, not a section of the document
    body = containers(out[number + 1 : end])
    out[number:end] = _quote(indent, title or _kind_title(callout), body)
    return end + 1


def _definition(
    out: list[str], number: int, definitions: set[int], terms: dict[int, tuple[str, str]]
) -> bool:
    """Whether the `: text` line at `number` defines a term (the one-line paragraph just above it, or
    above one blank line), and if so the term, line for line, as a bold title over its definition; a
    second definition of the same term, and the next term, each start a line of their own."""
    above = number - 1
    if above in definitions:  # `: another meaning` under the first
        out[above] += "\\"
        return True
    if above >= 0 and not out[above].strip():
        above -= 1  # kramdown and Pandoc allow a blank line between a term and its definition
    if above < 0 or not out[above].strip() or above in definitions or _BLOCK_START.match(out[above]):
        return False
    before = above - 1
    if before >= 0 and out[before].strip() and before not in definitions:
        return False  # the last line of a paragraph, not a term
    if before in definitions:
        out[before] += "\\"  # `Apple` / `: a fruit` / `Orange` / `: a colour`: each term on its line
    term, anchor = _term(out[above].strip())
    terms[above] = (term, anchor)
    if not (term.startswith(("**", "__")) and term.endswith(("**", "__"))):  # bold already
        term = f"**{term}**"
    out[above] = f"{out[above][: len(out[above]) - len(out[above].lstrip())]}{term}"
    out[above] += "\\" if above == number - 1 else ""
    return True


def _shown(out: list[str], number: int) -> str:
    """A line's inline forms as a reader sees them (`_inline_forms`), and a task item's box."""
    line = _inline_forms(out[number])
    if "]" in line and _TASK.match(line) and _in_list(out, number):
        line = _TASK.sub(_checkbox, line)
    return line


def _checkbox(found: re.Match[str]) -> str:
    return f"{found['item']}{'☐' if found['mark'] == ' ' else '☑'}"


def _term(text: str) -> tuple[str, str]:
    """A term without the attribute list Python-Markdown lets it carry (`__text__{: #text }:`), and the
    id that list gives it ("" when none)."""
    found = _TERM_ATTRIBUTES.search(text)
    if found is None:
        return text, ""
    return " ".join(f"{text[: found.start()]}{text[found.end() :]}".split()), _anchor(found.group("list"))


def _anchor(attributes: str) -> str:
    """The id an attribute list names (`#text`, `id="text"`), "" when none."""
    named = _ID.search(attributes)
    return next((group for group in named.groups() if group), "") if named else ""


def _definition_paragraphs(out: list[str], start: int) -> None:
    """A definition's later lines, indented four spaces under its `:` (Python-Markdown, Pandoc), a
    level less: left as they are, its paragraphs would be code blocks (and its code blocks text)."""
    end = start
    while end < len(out) and (not out[end].strip() or leading_spaces(out[end]) >= _DEFINITION_INDENT):
        end += 1
    while end > start and not out[end - 1].strip():
        end -= 1
    for number in range(start, end):
        out[number] = out[number][_DEFINITION_INDENT:] if out[number].strip() else ""


def _opens_indented_code(out: list[str], number: int) -> bool:
    """Whether the line at `number` is the first of an indented code block (four spaces or more, a
    blank line or the start above it, no line of colons closing it): a `:::python` there is code's."""
    if leading_spaces(out[number]) < _CODE_INDENT or (number and out[number - 1].strip()):
        return False
    return _div_end(out, number) >= len(out)


def display_math(lines: list[str]) -> list[str]:
    """Display math between `$$` lines (GitHub's, pymdownx's arithmatex, MathJax pages) as a fenced block
    of its LaTeX, line for line: a paragraph would fold a formula into one line of backslashes."""
    if not any(line.strip() == "$$" for line in lines):
        return lines
    out = lines[:]
    fences = Fences()
    number = 0
    while number < len(out):
        if not fences.code(out[number]) and out[number].strip() == "$$" and (end := _math_end(out, number)):
            out[number], out[end] = "```math", "```"
            number = end
        number += 1
    return out


def _math_end(out: list[str], number: int) -> int:
    """The line of the `$$` that closes the display math opened at `number` (a few lines below), or 0: a
    formula is shown as its LaTeX, line for line, where a paragraph would fold it into one line."""
    for end in range(number + 1, min(len(out), number + _MATH_LINES + 1)):
        if out[end].strip() == "$$":
            return end
        if not out[end].strip():
            return 0
    return 0


def _in_list(out: list[str], number: int) -> bool:
    """Whether a line that reads as a list item is one: at the margin, or under another item (nested);
    indented four spaces after prose it is an indented code block's line, shown as written."""
    if leading_spaces(out[number]) < _CODE_INDENT:
        return True
    above = next((out[at] for at in range(number - 1, -1, -1) if out[at].strip()), "")
    return bool(LIST_ITEM.match(above))


def _myst_fence(out: list[str], number: int, found: re.Match[str]) -> int:
    """A MyST directive in a code or colon fence, line for line, as its page shows it: a note (`{note}`,
    `{admonition} Title`, `{versionadded} 2.1`) as a quote that opens with its title, code (`{code-block}
    python`) as a plain fence of that language, a contents tree or an included file as nothing, and any
    directive that holds text (`{figure}`, `{list-table}`, `{tab-item} Title`, any in a colon fence) as
    its text. Its options (`:class: tip` lines or a `---` block) go. A backtick fence of another kind is
    code (R Markdown's and Quarto's ```` ```{r} ```` cells). The number of the line after it."""
    run, indent, argument = found["run"], found["indent"], found["argument"]
    kind = found["kind"].casefold()
    end = number + 1
    while end < len(out) and not _closes(out[end], run):
        end += 1
    if run[0] != ":" and kind not in _MYST_KNOWN:  # ```{r}, ```{python}: a notebook's code, left as it is
        options = number + 1  # but for the braces, which no highlighter knows, and the cell's options
        while options < end and out[options].lstrip().startswith("#|"):  # (Quarto's `#| echo: false`)
            options += 1
        if any(_HIDDEN_CELL.match(line) for line in out[number + 1 : options]):  # its page shows no code
            out[number : end + 1] = [""] * (min(end + 1, len(out)) - number)
            return end + 1
        out[number:options] = [""] * (options - number - 1) + [f"{indent}{run}{found['kind']}"]
        return end + 1
    start = _options_end(out, number + 1, end)  # the first line of the directive's own text
    out[number:start] = [""] * (start - number)
    top = start - 1  # the last line before the text: where its title or its fence goes
    if kind in _MYST_CODE:  # the code as it is, in a plain fence
        fence = "```" if run[0] == ":" else run
        out[top] = f"{indent}{fence}{_MYST_CODE[kind] or argument.split(' ')[0]}"
        if end < len(out):
            out[end] = f"{indent}{fence}"
        return end + 1
    body = containers(out[start:end])
    if end < len(out):
        out[end] = ""
    if kind in _MYST_HIDDEN:
        out[top:end] = [""] * (end - top)
    elif kind in _MYST_NOTES:
        label = _MYST_LABELS.get(kind) or _kind_title(kind)
        titled = kind in ("admonition", "dropdown", "sidebar", "topic", "margin") and argument
        title = argument if titled else f"{label} {argument}".strip() if kind in _MYST_LABELS else label
        out[top:end] = _quote(indent, title, body)
    else:
        shown = argument and kind not in _MYST_PATHS
        broken = shown and body and body[0].strip() and not _BLOCK_START.match(body[0])
        out[top] = f"{indent}**{' '.join(argument.split())}**" + ("\\" if broken else "") if shown else ""
        out[start:end] = body
    return end + 1


def _closes(line: str, run: str) -> bool:
    """Whether `line` closes a fence opened by `run`: the same character, as many or more, alone."""
    found = _CLOSING_FENCE.match(line)
    return found is not None and found["run"][0] == run[0] and len(found["run"]) >= len(run)


def _options_end(out: list[str], start: int, end: int) -> int:
    """Where a MyST directive's text begins, after its options: `:key: value` lines, or YAML between
    two `---` lines."""
    if start < end and out[start].strip() == "---":
        closing = next((n for n in range(start + 1, end) if out[n].strip() == "---"), None)
        return closing + 1 if closing is not None else start
    first = start
    while start < end and _MYST_OPTION.match(out[start]):
        start += 1
    return start + 1 if first < start < end and not out[start].strip() else start  # and a blank line after
