"""reStructuredText into an outline, with docutils as the parser (imported only when a file is compiled).

docutils knows the grammar (nested sections, literal blocks, directives) far better than line patterns;
what it does not know are Sphinx's roles and directives, so each parse registers stand-ins that keep their
text. Heading lines are found in the source, because docutils' own line numbers for titles are unreliable.
"""

from __future__ import annotations

import re
import threading
from typing import Any

from leadercli.packs.documents.outline import (
    Heading,
    Outline,
    Skipped,
    code_span,
    fence_for,
    introduction_title,
)
from leadercli.packs.sections import markdown_escaped

_ROLE = re.compile(r"(?<![\w`]):([A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)*):`")
_DIRECTIVE = re.compile(r"^[ \t]*\.\.[ \t]+([A-Za-z][\w.+-]*(?::[A-Za-z][\w.+-]*)*)[ \t]?::(?=\s|$)", re.M)
_TARGET_TEXT = re.compile(r"^(.*?)\s*<([^<>]*)>$", re.S)
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")  # in a table cell (text has its `|` escaped already)
_PUNCTUATION = r"[!-/:-@\[-`{-~]"  # what a title's underline may be made of (any ASCII punctuation)
_ADORNMENT = re.compile(rf"^({_PUNCTUATION})\1+\s*$")
_CODE_ROLES = {
    "kbd", "file", "samp", "command", "program", "envvar", "option", "makevar", "regexp", "mailheader",
}  # fmt: skip
# sphinx-issues' and its kin's roles (`:pr:\`372\``, `:issue:\`74\``): a built page links "#372".
_TRACKER = {"issue", "pr", "ghissue", "ghpull", "gh", "bug", "ticket"}
_XREF_CODE = {"func", "meth", "class", "attr", "mod", "obj", "data", "const", "exc", "type", "member", "var"}
_CODE_DIRECTIVES = {
    "code", "code-block", "sourcecode", "prompt", "doctest", "testcode", "testoutput", "code-tab",
}  # fmt: skip
_TABS = {"tab", "group-tab"}  # sphinx-tabs: a tab's argument is its label, its body prose
_LABELS = {
    "seealso": "See also", "versionadded": "New in version", "versionchanged": "Changed in version",
    "deprecated": "Deprecated since version", "versionremoved": "Removed in version", "todo": "Todo",
}  # fmt: skip
_VERSIONED = {"versionadded", "versionchanged", "deprecated", "versionremoved"}
_OWN_BLOCK = re.compile(r"(?:[-*+] |\d+[.)] |```|~~~)")  # a definition that opens with a list or code
_CONDITIONS = {"only", "ifconfig", "index", "highlight", "literalinclude", "currentmodule", "module"}
# Sphinx's description directives (`.. class:: File(name, mode='r')`, `.. py:method:: close()`): the
# object's kind and its signature, as code, over its description. Sphinx takes `class` for the Python
# domain's (docutils' own `class` directive is Sphinx's `rst-class`), so it is one of them here too.
_DESCRIPTIONS = {
    "class", "function", "method", "classmethod", "staticmethod", "attribute", "data", "exception",
    "decorator", "decoratormethod", "property", "type", "var", "macro", "member", "struct", "enum",
}  # fmt: skip
# Sphinx's command-line and configuration entries (`.. option:: --max-line-length=<n>`), drawn as the
# option in code over its description.
_OPTIONS = {"option", "cmdoption", "envvar", "confval"}
_ADMONITIONS = {"attention", "caution", "danger", "error", "hint", "important", "note", "tip", "warning"}
_DROPPED = {
    "target", "comment", "substitution_definition", "pending", "raw", "decoration", "meta", "transition",
    "title", "system_message",
}  # fmt: skip
_NOT_PREAMBLE = {"section", "field_list", "docinfo"}
_LOCK = threading.Lock()  # the stand-ins live in docutils' global registries for the length of one parse


_TITLE = re.compile(rf"^(\S.*)\n(({_PUNCTUATION})\3{{2,}})[ \t]*$", re.M)  # a title, its underline
_TARGET = re.compile(r"^\.\.[ \t]+_[^:\n]+:(?:[ \t]|$)", re.M)
MARKUP_SIGNS = 3
"""Directives, roles and link targets a `.txt` file needs (besides an underlined title) to be read as
reStructuredText, as Django's and many Python projects' docs are kept: prose with an underlined title
and a stray `:` reads as plain text still."""


def looks_like_rst(text: str) -> bool:
    """Whether a text file (`quickstart.txt`) is reStructuredText: a title underlined at least as long
    as it, and MARKUP_SIGNS directives, roles or link targets."""
    head = text[:200_000]
    if not any(len(found[2]) >= len(found[1].rstrip()) for found in _TITLE.finditer(head)):
        return False
    signs = 0
    for pattern in (_DIRECTIVE, _ROLE, _TARGET):
        for _ in pattern.finditer(head):
            signs += 1
            if signs >= MARKUP_SIGNS:
                return True
    return False


_HEADER_FIELD = re.compile(r"([A-Z][A-Za-z0-9-]*):[ \t]+(\S.*)$")
HEADER_FIELDS = 3
"""Fields an RFC 2822 header opening a document needs, `Title` among them, to be one (a PEP's)."""


def pep_header(lines: list[str]) -> tuple[int, str]:
    """The number of lines of the RFC 2822 header that opens a PEP ("PEP: 8", "Title: ...", "Author:
    ...", continuation lines indented, up to a blank line) and its title; (0, "") when there is none."""
    named: dict[str, str] = {}
    number = 0
    while number < len(lines) and lines[number].strip():
        if not (found := _HEADER_FIELD.match(lines[number])):
            if not named or lines[number][:1] not in " \t":
                return 0, ""
        else:
            named[found[1]] = found[2].strip()
        number += 1
    title = named.get("Title", "")
    if named.get("PEP"):  # as python.org shows it: "PEP 723", an en dash, "Inline script metadata"
        title = f"PEP {named['PEP']} \N{EN DASH} {title}"
    return (number, title) if "Title" in named and len(named) >= HEADER_FIELDS else (0, "")


def parse_rst(text: str) -> Outline:
    """Parse with docutils; if docutils itself fails on some input, fall back to the plain-text heuristics.
    A PEP's header is read as the field list its page shows as a table, under the PEP's title."""
    lines = text.split("\n")
    header, title = pep_header(lines)
    if header:
        fields = [line if line[:1] in " \t" else f":{line}" for line in lines[:header]]
        text = "\n".join([*fields, *lines[header:]])
    try:
        with _LOCK:
            document = _doctree(text)
        return _outline(document, text, title)
    except Exception:  # docutils (or a node kind not foreseen here) failed: never lose the document
        from leadercli.packs.documents.text import parse_text

        return parse_text(text)


def _outline(document: Any, text: str, header_title: str = "") -> Outline:
    _refs_as_titles(document)
    lines = [" ".join(line.expandtabs(8).split()) for line in re.split(r"\r\n|\r|\n", text)]
    renderer = _Renderer(lines)
    headings: list[Heading] = []
    cursor = 0
    for section, depth in _sections(document, 1):
        title = section.children[0] if section.children and section.children[0].tagname == "title" else None
        raw = " ".join(str(title.rawsource if title is not None else "").split())
        line = _locate(lines, raw, cursor) if raw else 0
        cursor = line or cursor
        first_sub = next((i for i, c in enumerate(section.children) if c.tagname == "section"), None)
        own = list(section.children[1:first_sub] if first_sub is not None else section.children[1:])
        plain = _inline(title, plain=True).strip() if title is not None else ""
        terms = _term_sections(own)
        entries = [] if terms else _entry_sections(own)
        at_list = own.index(terms[0].parent) if terms else own.index(entries[0]) if entries else len(own)
        headings.append(Heading(plain, depth, line or _line(section, cursor), renderer.blocks(own[:at_list])))
        for number, entry in enumerate(entries):  # each entry of a reference that is the section's body
            stop = own.index(entries[number + 1]) if number + 1 < len(entries) else len(own)
            signature = str(entry["entry"])
            at = _locate_entry(lines, signature, cursor)
            cursor = at or cursor
            body = renderer.blocks([*entry.children[1:], *own[own.index(entry) + 1 : stop]])
            headings.append(Heading(signature, depth + 1, at or _line(entry, cursor), body))
        for number, item in enumerate(terms):  # each term of a list that is the section's body: a section
            after = own[at_list + 1 :] if number == len(terms) - 1 else []  # what closes the list: the last's
            term = " ".join(_inline(child, plain=True).strip() for child in item.children[:-1])
            at = _locate_term(lines, " ".join(str(item.children[0].rawsource).split()), cursor)
            cursor = at or cursor
            definition = [child for child in item.children if child.tagname == "definition"]
            body = renderer.blocks([*(node for part in definition for node in part.children), *after])
            headings.append(Heading(term, depth + 1, at or _line(item, cursor), body))
    content = [c for c in document.children if c.tagname not in _DROPPED and "contents" not in c["classes"]]
    single = len(content) == 1 and content[0].tagname == "section" and bool(headings)
    title = header_title or (headings[0].title if single else "")
    # Before the first heading: metadata (`:orphan:`, a field list, docinfo) is not text of the document;
    # a PEP's header is (its page shows it, and who wrote it or whether it is final is asked).
    children = document.children
    preamble = [child for child in children if child.tagname not in _NOT_PREAMBLE]
    if header_title and children and children[0].tagname == "field_list":
        preamble.insert(0, children[0])
    introduction = None
    if preamble and headings:
        line = _line(preamble[0], 1)
        if text_before := renderer.blocks(preamble):
            first = next((child.astext() for child in preamble if child.tagname == "paragraph"), "")
            introduction = Heading(introduction_title(first, title), 0, line, text_before)
        elif any(child.tagname not in _DROPPED for child in preamble):  # badges (images): said, not kept
            renderer.skipped.append(Skipped(line, "", "text before the first heading"))
    return Outline(title, "", tuple(headings), tuple(sorted(renderer.skipped)), introduction)


def _refs_as_titles(document: Any) -> None:
    """A `:ref:` to a label on a section of this document shows the section's title, as Sphinx does;
    to a label elsewhere (another document, a figure), it keeps the label."""
    from docutils import nodes  # type: ignore[import-untyped, unused-ignore]

    titles: dict[str, str] = {}
    for section in document.findall(nodes.section):
        if section.children and section.children[0].tagname == "title":
            for name in section["names"]:
                titles.setdefault(name, _inline(section.children[0], plain=True).strip())
    for ref in document.findall(lambda node: node.tagname == "inline" and "reflabel" in node.attributes):
        if title := titles.get(ref["reflabel"]):
            ref.children = [nodes.Text(title)]


def _doctree(text: str) -> Any:
    """The docutils document, parsed with settings that never print, never halt and never read files."""
    import io

    from docutils.core import publish_doctree  # type: ignore[import-untyped, unused-ignore]
    from docutils.parsers.rst import directives, roles  # type: ignore[import-untyped, unused-ignore]
    from docutils.parsers.rst.languages import en  # type: ignore[import-untyped, unused-ignore]

    unknown_roles = {name.lower() for name in _ROLE.findall(text)} - set(roles._roles) - set(en.roles)
    unknown = {name.lower() for name in _DIRECTIVE.findall(text)} - set(directives._directives)
    saved = dict(roles._roles), dict(directives._directives)
    for name in unknown_roles:
        roles.register_local_role(name, _role)
    described = {name.lower() for name in _DIRECTIVE.findall(text)} & {
        *_DESCRIPTIONS,
        *_OPTIONS,
        *(name for name in unknown if name.split(":")[-1] in _DESCRIPTIONS | _OPTIONS),
    }
    # docutils' `code` refuses Sphinx's options, and its `class` is not Sphinx's
    for name in _CODE_DIRECTIVES | described | (unknown - set(en.directives)):
        directives.register_directive(name, _directive_class(name))
    settings = {
        "report_level": 5, "halt_level": 5, "warning_stream": io.StringIO(), "traceback": True,
        "file_insertion_enabled": False, "raw_enabled": False, "_disable_config": True,
        "doctitle_xform": False, "docinfo_xform": False, "sectsubtitle_xform": False,
        "syntax_highlight": "none", "smart_quotes": False, "language_code": "en",
        "line_length_limit": max(10_000, len(text) + 1), "input_encoding": "unicode",
    }  # fmt: skip
    try:
        return publish_doctree(text, settings_overrides=settings)
    finally:
        for registry, before in zip((roles._roles, directives._directives), saved, strict=True):
            registry.clear()
            registry.update(before)


def _role(name: str, rawtext: str, text: str, lineno: int, inliner: Any, *_: Any, **__: Any) -> Any:
    """A Sphinx role as the words it shows: `text <label>` gives text, `~a.b` gives b, code roles are code."""
    from docutils import nodes, utils  # type: ignore[import-untyped, unused-ignore]

    shown = utils.unescape(text)
    match = _TARGET_TEXT.match(shown)
    if match and match.group(1):
        shown = match.group(1)
    short = name.rsplit(":", 1)[-1].lower()
    if short in _XREF_CODE or name.lower().startswith(("py:", "c:", "cpp:", "js:")):
        shown = shown.lstrip("!")
        shown = shown[1:].rsplit(".", 1)[-1] if shown.startswith("~") else shown
        return [nodes.literal(rawtext, shown)], []
    if short in _CODE_ROLES:
        return [nodes.literal(rawtext, shown)], []
    if short in _TRACKER and shown.isdigit():
        return [nodes.inline(rawtext, f"#{shown}")], []
    if short == "ref" and not (match and match.group(1)):  # its section's title, once the parse is done
        return [nodes.inline(rawtext, shown, reflabel=" ".join(shown.lower().split()))], []
    return [nodes.inline(rawtext, shown)], []


class _AnyOption(dict[str, Any]):
    """An option spec that accepts every option (Sphinx's `:emphasize-lines:`, `:caption:`, ...)."""

    def __missing__(self, key: str) -> Any:
        return lambda value: value

    def __bool__(self) -> bool:
        return True


def _directive_class(name: str) -> Any:
    """A stand-in directive keeping its text: code as a literal block, the rest as a labelled box or text."""
    from docutils import nodes
    from docutils.parsers.rst import Directive  # type: ignore[import-untyped, unused-ignore]

    def run(self: Any) -> list[Any]:
        argument = self.arguments[0] if self.arguments else ""
        if name in _CODE_DIRECTIVES:  # a code-tab's argument is its language, then its tab's label
            code = "\n".join(self.content).strip("\n")
            if not code:
                return []
            language, label = [*argument.split(None, 1), "", ""][:2]
            block = nodes.literal_block(code, code, language=language)
            caption = str(self.options.get("caption") or (label if name == "code-tab" else "")).strip()
            shown = [nodes.paragraph(caption, "", nodes.strong(caption, caption))] if caption else []
            return [*shown, block]
        if name in _TABS and argument:
            box = nodes.container("", nodes.paragraph(argument, "", nodes.strong(argument, argument)))
            self.state.nested_parse(self.content, self.content_offset, box)
            return [box]
        if (kind := name.rsplit(":", maxsplit=1)[-1]) in _DESCRIPTIONS or kind in _OPTIONS:
            signature = " ".join(argument.replace("\\\n", " ").split())
            head = [nodes.emphasis(kind, kind), nodes.Text(" "), nodes.literal(signature, signature)]
            box = nodes.container("", nodes.paragraph(signature, "", *(head if signature else head[:1])))
            if kind in _OPTIONS and signature:  # `--max-line-length=<n>`, shown as written: with enough of
                box.children[0].children = [nodes.literal(signature, signature)]  # them, a section each
                box["entry"] = signature
            self.state.nested_parse(self.content, self.content_offset, box)
            return [box]
        # A table of contents of other pages by their file names (the site's navigation, as MyST's
        # `{toctree}`: a section of nothing else is no section), or a marker of one word and no text
        # (Django's `.. setting:: NAME`, a cross-reference target; `.. highlightlang:: html`): not shown.
        # autodoc's `.. autofunction:: escape` stands for the object's documentation: its name is kept.
        # (`_CONDITIONS` show nothing either, but as an empty box: that keeps the page's title off its
        # records' context, as measured since.)
        marker = not self.content and len(argument.split()) <= 1 and not name.startswith("auto")
        if name == "toctree" or (marker and name not in _LABELS and name not in _CONDITIONS):
            return []
        box = nodes.admonition(classes=[name]) if name in _LABELS else nodes.container()
        if name in _LABELS:
            version, argument = [*argument.split(None, 1), ""][:2] if name != "seealso" else ("", argument)
            label = f"{_LABELS[name]} {version}".strip()
            box += nodes.title(label, label)
        if argument and name not in _CONDITIONS:
            inline, messages = self.state.inline_text(argument, self.lineno)
            box += [nodes.paragraph(argument, "", *inline), *messages]
        self.state.nested_parse(self.content, self.content_offset, box)
        return [box]

    spec = {"optional_arguments": 1, "final_argument_whitespace": True, "has_content": True}
    action = (lambda self: [_glossary(self)]) if name == "glossary" else run
    return type(f"StandIn_{name}", (Directive,), {**spec, "option_spec": _AnyOption(), "run": action})


def _glossary(directive: Any) -> Any:
    """Sphinx's `.. glossary::` as the definition list it draws: each entry's terms (lines at the margin
    of its content, one or more in a row) over its definition (the lines indented under them, blank
    lines between allowed, which docutils' own definition lists do not allow)."""
    from docutils import nodes
    from docutils.statemachine import StringList  # type: ignore[import-untyped, unused-ignore]

    lines = [str(line) for line in directive.content]
    margin = min((_margin(line) for line in lines if line.strip()), default=0)
    listed = nodes.definition_list()
    number = 0
    while number < len(lines):
        if not lines[number].strip() or _margin(lines[number]) > margin:
            number += 1
            continue
        item = nodes.definition_list_item()
        while number < len(lines) and lines[number].strip() and _margin(lines[number]) == margin:
            term = lines[number].strip()
            inline, _ = directive.state.inline_text(term, directive.lineno)
            item += nodes.term(term, "", *inline)
            number += 1
        start = number
        while number < len(lines) and (not lines[number].strip() or _margin(lines[number]) > margin):
            number += 1
        body = lines[start:number]
        inner = min((_margin(line) for line in body if line.strip()), default=0)
        definition = nodes.definition()
        text = StringList([line[inner:] for line in body], "glossary")
        directive.state.nested_parse(text, directive.content_offset + start, definition)
        item += definition
        listed += item
    return listed


def _margin(line: str) -> int:
    return len(line) - len(line.lstrip())


TERM_SECTIONS_MIN = 3
"""A definition list of at least this many items that makes up most of a section's own text (Sphinx's
FAQ: "... create PDF files without LaTeX?" over its answer, "Read the Docs" over what it says of it) is
that section's sub-sections, each term a title over its definition."""


def _term_sections(own: list[Any]) -> list[Any]:
    """The items of the section's definition list that are its sub-sections (TERM_SECTIONS_MIN), or none."""
    lists = [node for node in own if node.tagname == "definition_list"]
    if len(lists) != 1 or len(lists[0].children) < TERM_SECTIONS_MIN:
        return []
    return list(lists[0].children) if _most_of(lists, own) else []


def _most_of(part: list[Any], own: list[Any]) -> bool:
    """Whether `part` (a definition list, a run of options) holds two thirds or more of a section's text."""
    listed = sum(len(node.astext()) for node in part)
    return listed * 3 >= 2 * sum(len(node.astext()) for node in own if node.tagname not in _DROPPED)


def _entry_sections(own: list[Any]) -> list[Any]:
    """The options of a reference (`.. option:: --version`) that are the section's sub-sections:
    TERM_SECTIONS_MIN or more side by side making up most of its own text, as flake8's 37 do. Each has
    its own link on the page and is asked about alone ("raise the line length limit"); an API's entries
    (`.. function::`, a class's methods) stay part of their section, as their pages group them."""
    entries = [node for node in own if node.tagname == "container" and node.get("entry")]
    if len(entries) < TERM_SECTIONS_MIN:
        return []
    return entries if _most_of(entries, own) else []


def _locate_entry(lines: list[str], signature: str, cursor: int) -> int:
    """The 1-based line after `cursor` of the directive that opens the entry (`.. option:: --version`)."""
    opening = re.compile(
        rf"\.\. (?:[\w-]+:)?(?:{'|'.join(_OPTIONS)}):: ?{re.escape(signature.split(' ', 1)[0])}"
    )
    return next((index + 1 for index in range(cursor, len(lines)) if opening.match(lines[index])), 0)


def _locate_term(lines: list[str], raw: str, cursor: int) -> int:
    """The 1-based line after `cursor` that is the term's text, or 0."""
    return next((index + 1 for index in range(cursor, len(lines)) if lines[index] == raw), 0)


def _sections(node: Any, depth: int) -> list[tuple[Any, int]]:
    found: list[tuple[Any, int]] = []
    for child in node.children:
        if child.tagname == "section":
            found.append((child, depth))
            found += _sections(child, depth + 1)
    return found


def _locate(lines: list[str], raw: str, cursor: int) -> int:
    """The 1-based line after `cursor` holding the title text with an adornment line under it, or 0."""
    for index in range(cursor, len(lines) - 1):
        if lines[index] == raw and _ADORNMENT.match(lines[index + 1]):
            return index + 1
    return 0


def _line(node: Any, default: int) -> int:
    line = getattr(node, "line", None)
    return line if isinstance(line, int) and line > 0 else default


def _inline(node: Any, plain: bool = False) -> str:  # noqa: PLR0911 - one return per kind of markup
    """Inline markup as Markdown (or as bare words for a heading title)."""
    tag = node.tagname
    if tag == "#text":  # reStructuredText's text is literal: a `*` or `<` in it is not Markdown
        text = str(node.astext())
        return text if plain else markdown_escaped(text)
    if tag in {"system_message", "target"} and not node.children:
        return ""
    if tag == "problematic":
        return _unmark(node.astext()) if plain else markdown_escaped(_unmark(node.astext()))
    inner = "".join(_inline(child, plain) for child in node.children)
    if tag == "image":
        return str(node.get("alt", "")) if plain else markdown_escaped(str(node.get("alt", "")))
    if plain:
        return inner
    if tag == "literal":
        return code_span(node.astext())
    if tag in {"emphasis", "strong"}:
        mark = "*" if tag == "emphasis" else "**"
        return f"{mark}{inner}{mark}" if inner.strip() else inner
    if tag == "math":
        return f"${inner}$"
    if tag in {"footnote_reference", "citation_reference"}:
        return f"[{inner}]"
    uri = node.get("refuri", "") if tag == "reference" else ""
    return f"[{inner}]({uri})" if uri and uri != node.astext() and inner else inner


def _unmark(raw: str) -> str:
    """What a reader sees in markup docutils could not resolve: `:role:\\`text <x>\\`` gives text."""
    if raw.startswith("|") and raw.rstrip("_").endswith("|"):  # a substitution defined elsewhere: its name
        return raw.rstrip("_").strip("|")
    text = re.sub(r"^:[\w.:+-]+:(?=`)|(?<=`):[\w.:+-]+:$", "", raw).strip("`_")
    match = _TARGET_TEXT.match(text)
    return match.group(1) if match and match.group(1) else text


def _indent(text: str, first: str, rest: str) -> str:
    lines = text.split("\n")
    return "\n".join([first + lines[0], *[(rest + line) if line else "" for line in lines[1:]]])


class _Renderer:
    """docutils body elements as Markdown; notes what looked like a heading and was not made one."""

    def __init__(self, lines: list[str]) -> None:
        self.lines = lines  # the source, to give a misplaced title its own line
        self.skipped: list[Skipped] = []

    def blocks(self, nodes: Any) -> str:
        parts = [self.block(node) for node in nodes]
        return "\n\n".join(part for part in parts if part.strip()).strip("\n")

    def block(self, node: Any) -> str:  # noqa: PLR0911, PLR0912 - one branch per kind of element
        tag = node.tagname
        if tag == "system_message":
            return self._system_message(node)
        if tag in _DROPPED:
            return ""
        if tag in {"paragraph", "rubric", "line", "term", "caption", "attribution"}:
            text = re.sub(r"[ \t]*\n[ \t]*", " ", _inline(node)).strip()
            if tag == "rubric":
                self.skipped.append(Skipped(_line(node, 0), text, "rubric: a heading that is not a section"))
            return f"**{text}**" if tag == "rubric" and text else text
        if tag in {"literal_block", "doctest_block", "math_block"}:
            classes = node.get("classes", [])
            language = node.get("language") or (classes[1] if classes[:1] == ["code"] and classes[1:] else "")
            language = "pycon" if tag == "doctest_block" else "math" if tag == "math_block" else language
            code = node.astext().rstrip("\n")
            fence = fence_for(code)
            return f"{fence}{language}\n{code}\n{fence}"
        if tag in {"bullet_list", "enumerated_list"}:
            start = int(node.get("start", 1)) if tag == "enumerated_list" else 0
            items = []
            for number, item in enumerate(node.children, start):
                mark = f"{number}. " if tag == "enumerated_list" else "- "
                items.append(_indent(self.blocks(item.children) or "", mark, " " * len(mark)))
            return "\n".join(items)
        if tag in {"definition_list", "field_list", "option_list"}:
            return "\n".join(self._term_item(item) for item in node.children)
        if tag == "topic" and "contents" in node.get("classes", []):
            self.skipped.append(Skipped(_line(node, 0), "contents", "table of contents"))
            return ""
        if tag in _ADMONITIONS or tag in {"admonition", "topic", "sidebar"}:
            has_title = bool(node.children) and node.children[0].tagname == "title"
            label = _inline(node.children[0]).strip() if has_title else tag.capitalize()
            body = self.blocks(node.children[1:] if has_title else node.children)
            if tag in {"topic", "sidebar"}:
                return "\n\n".join(part for part in (f"**{label}**" if has_title else "", body) if part)
            if not body and _VERSIONED.intersection(node["classes"]):  # "New in version 4.0."
                return f"{label}."
            joiner = " " if body and not body.startswith(("- ", "1. ", "```", ">")) else "\n"
            return f"{label}:{joiner}{body}".strip()
        if tag == "block_quote":
            return "\n".join(f"> {line}".rstrip() for line in self.blocks(node.children).split("\n"))
        if tag == "line_block":
            return "\n".join(self.block(child) for child in node.children)
        if tag == "table":
            return self._table(node)
        if tag in {"footnote", "citation"}:
            label = node.children[0].astext() if node.children and node.children[0].tagname == "label" else ""
            return (f"[{label}] " if label else "") + self.blocks(node.children[1 if label else 0 :])
        if tag in {"#text", "inline", "literal", "reference", "emphasis", "strong", "image"}:
            return _inline(node).strip()
        return self.blocks(node.children)

    def _term_item(self, item: Any) -> str:
        """`term: definition` (definition lists, field lists, option lists) as a list item."""
        heads = [child for child in item.children if child.tagname not in {"definition", "field_body"}]
        bodies = [child for child in item.children if child.tagname in {"definition", "field_body"}]
        if item.tagname == "option_list_item":
            heads, bodies = item.children[:1], item.children[1:]
        head = " ".join(_inline(child).strip() for child in heads if child.tagname != "classifier")
        body = self.blocks(bodies)
        if item.tagname == "option_list_item":
            head = code_span(heads[0].astext()) if heads else ""
        colon = "" if head.endswith(":") else ":"  # `backing_store:` as written is a term with its colon
        bold = head if head.startswith("**") and head.endswith("**") else f"**{head}**"  # bold already
        if _OWN_BLOCK.match(body):  # a list or code under the term (conda's pip advice): below it, apart
            return _indent(f"{bold}{colon}\n\n{body}", "- ", "  ")
        return _indent(f"{bold}{colon} {body}" if body else bold, "- ", "  ")

    def _table(self, node: Any) -> str:
        rows = node.findall(lambda n: n.tagname == "row")
        cells = [
            [_UNESCAPED_PIPE.sub(r"\\|", " ".join(self.blocks(cell.children).split())) for cell in row]
            for row in rows
        ]
        if not cells:
            return ""
        width = max(len(row) for row in cells)
        cells = [row + [""] * (width - len(row)) for row in cells]
        lines = ["| " + " | ".join(row) + " |" for row in cells]
        return "\n".join([lines[0], "|" + " --- |" * width, *lines[1:]])

    def _system_message(self, node: Any) -> str:
        """docutils' report of what it could not parse, with the source it kept (level 3 and up; below,
        the element was made). A title it could not make a section (inside a block, inconsistent level)
        is kept as bold text; anything else (a malformed table, a broken directive) as the text it was,
        in a code block: a reader should not lose it."""
        message = node.children[0].astext() if node.children else ""
        source = [child for child in node.children if child.tagname == "literal_block"]
        if not source or node.get("level", 0) < 3:
            return ""
        if "title" not in message.lower():
            return self.block(source[0])
        title = next((line.strip() for line in source[0].astext().split("\n") if line.strip()
                      and not _ADORNMENT.match(line.strip())), "")  # fmt: skip
        near = max(0, int(node.get("line") or _line(node, 1)) - 3)
        line = _locate(self.lines, title, near) or _line(node, 0)
        self.skipped.append(Skipped(line, title, message.rstrip(".:").lower()))
        return f"**{markdown_escaped(title)}**" if title else ""
