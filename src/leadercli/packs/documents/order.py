"""The order a folder's own table of contents gives its pages: a book is read in the book's order.

A folder is read in name order, which is not the order its authors wrote it in: mdBook's
`installation.md` would come after `contributing.md`. When the folder holds its own contents (MkDocs'
`nav` in `mkdocs.yml`, mdBook's or GitBook's `SUMMARY.md`, Sphinx's `toctree` from its root `index`
page down, an AsciiDoc book's `include::` lines), the pages it lists take that order among themselves;
a page it does not list keeps its place. The order is what `faq` lists and what breaks a tie, never
what answers: a contents file that cannot be read leaves the name order, without a word.
"""

from __future__ import annotations

import fnmatch
import posixpath
import re
from collections.abc import Sequence
from pathlib import PurePosixPath

__all__ = [
    "INCLUDE",
    "MKDOCS_FILES",
    "book_order",
    "contents_order",
    "included",
    "mkdocs_order",
    "sphinx_order",
    "summary_order",
]

MKDOCS_FILES = ("mkdocs.yml", "mkdocs.yaml")
"""MkDocs' configuration, at the top of the folder read: its `nav` is the site's order."""
MAX_NAV_NODES = 10_000
"""A `nav` bigger than this is not read (a YAML alias can make a small file an endless tree)."""

_SUMMARY = "summary.md"
# A line of a book's contents: a heading, a list item or line holding one relative link, or `---`.
_SUMMARY_LINE = re.compile(
    r"[ \t]*(?:#{1,6}[ \t].*|(?:(?:[-*+]|\d+[.)])[ \t]+)?\[[^\]\n]*\]\([^)\s]*\)[ \t]*|-{3,}[ \t]*)?"
)
_LINK_TARGET = re.compile(r"\]\(([^)\s]*)\)")
_EXTERNAL = re.compile(r"[a-z][\w+.-]*:|//", re.IGNORECASE)  # `https://...`, `mailto:`, `//host/...`
_OWN_PAGES = ("index", "contents")  # Sphinx's root document, by its usual names
# `.. toctree::` (reStructuredText, its entries indented under it) or a MyST fence holding one.
_TOCTREE = re.compile(r"(?P<indent>[ \t]*)\.\. toctree::")
_MYST_TOCTREE = re.compile(r"[ \t]*(?P<run>`{3,}|:{3,})[ \t]*\{toctree\}")
_TITLED_ENTRY = re.compile(r".*<([^<>]+)>")  # `Getting started <usage/start>`
_ASCIIDOC = (".adoc", ".asciidoc")
INCLUDE = re.compile(r"include::(?P<target>[^\[\s]+)\[[^\]\n]*\][ \t]*$")
"""AsciiDoc's `include::chapter.adoc[]`, at the margin."""


def contents_order(pages: Sequence[tuple[str, str]], mkdocs: str | None = None) -> list[int]:
    """The reading order of `pages` (each its path below the folder, `/`-separated, and its text), as
    indices into it: the pages a contents lists in its order, in the places those pages held; `mkdocs`
    is the text of the folder's `mkdocs.yml`, if it has one."""
    paths = [path for path, _ in pages]
    listed = mkdocs_order(mkdocs, paths) if mkdocs is not None else []
    listed = listed or summary_order(pages) or sphinx_order(pages) or book_order(pages)
    position = {path: index for index, path in enumerate(paths)}
    wanted = [position[path] for path in dict.fromkeys(listed) if path in position]
    placed = dict(zip(sorted(wanted), wanted, strict=True))
    return [placed.get(index, index) for index in range(len(paths))]


# ---------------------------------------------------------------------------------------------------
# MkDocs


def mkdocs_order(config: str, paths: Sequence[str]) -> list[str]:
    """The pages of an `mkdocs.yml`'s `nav`, in its order, as paths below the folder it sits in."""
    import yaml  # only a folder with an mkdocs.yml needs it

    try:
        # Composed, never constructed: a configuration's `!!python/name:` and `!ENV` tags are no data.
        root = yaml.compose(config, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except (yaml.YAMLError, RecursionError, ValueError):
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    settings = {key.value: value for key, value in root.value if isinstance(key, yaml.ScalarNode)}
    docs_dir = settings.get("docs_dir")
    folder = docs_dir.value if isinstance(docs_dir, yaml.ScalarNode) and docs_dir.value else "docs"
    nav = settings.get("nav")
    targets: list[str] = []
    stack, budget = [nav] if nav is not None else [], MAX_NAV_NODES
    while stack and budget:  # `- page.md`, `- Title: page.md`, `- Section: [...]`: the leaves, in order
        node, budget = stack.pop(), budget - 1
        if isinstance(node, yaml.ScalarNode):
            targets.append(str(node.value))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            stack.extend(reversed([value for _, value in node.value]))
    if stack:
        return []
    known = set(paths)
    found = (_resolved(posixpath.join(folder, page), known) for page in targets if not _EXTERNAL.match(page))
    return [path for path in found if path]


# ---------------------------------------------------------------------------------------------------
# mdBook and GitBook


def summary_order(pages: Sequence[tuple[str, str]]) -> list[str]:
    """The pages a book's `SUMMARY.md` links to, in its order (the shallowest one that is nothing but
    headings and links: a page about a summary is not a book's contents)."""
    summaries = sorted(
        (path for path, text in pages if PurePosixPath(path).name.lower() == _SUMMARY and _is_summary(text)),
        key=lambda path: path.count("/"),
    )
    if not summaries:
        return []
    path = summaries[0]
    text = dict(pages)[path]
    known = {page for page, _ in pages}
    folder = posixpath.dirname(path)
    targets = (target for target in _LINK_TARGET.findall(text) if target and not _EXTERNAL.match(target))
    found = (_resolved(posixpath.join(folder, target.split("#", 1)[0]), known) for target in targets)
    return [path, *(page for page in found if page)]


def _is_summary(text: str) -> bool:
    lines = text.lstrip("\ufeff").split("\n")
    linked = any("](" in line for line in lines)
    return linked and all(_SUMMARY_LINE.fullmatch(line.rstrip()) for line in lines)


# ---------------------------------------------------------------------------------------------------
# Sphinx


def sphinx_order(pages: Sequence[tuple[str, str]]) -> list[str]:
    """Sphinx's order: its root page (the shallowest `index` or `contents` holding a `toctree`), then
    each page its toctrees list, depth first, each followed by the pages its own toctrees list."""
    texts = dict(pages)
    roots = sorted(
        (path for path, text in pages if _stem(path) in _OWN_PAGES and _toctrees(text)),
        key=lambda path: (path.count("/"), _OWN_PAGES.index(_stem(path))),
    )
    if not roots:
        return []
    source = posixpath.dirname(roots[0])  # what a toctree's `/absolute` entry starts from
    order: list[str] = []
    pending = [roots[0]]
    while pending and len(order) <= len(texts):
        path = pending.pop()
        if path in order:
            continue
        order.append(path)
        listed = _toctree_pages(texts[path], posixpath.dirname(path), source, texts)
        pending.extend(reversed(listed))
    return order


def _stem(path: str) -> str:
    return PurePosixPath(path).name.split(".", 1)[0].lower()


def _toctrees(text: str) -> list[str]:
    """The bodies of a page's toctrees (reStructuredText's directive, or MyST's fenced one), line by
    line: an unclosed fence costs one pass, and any line ending does."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    bodies: list[str] = []
    number = 0
    while number < len(lines):
        end = number + 1
        if directive := _TOCTREE.match(lines[number]):
            margin = len(directive["indent"])
            while end < len(lines) and (not lines[end].strip() or _margin(lines[end]) > margin):
                end += 1
        elif fence := _MYST_TOCTREE.match(lines[number]):
            run = fence["run"]
            while end < len(lines) and not _closes(lines[end], run):
                end += 1
        else:
            number += 1
            continue
        bodies.append("\n".join(lines[number + 1 : end]))
        number = end
    return bodies


def _margin(line: str) -> int:
    return len(line) - len(line.lstrip())


def _closes(line: str, run: str) -> bool:
    """Whether a line closes a fence opened by `run` (the same character, as many times or more)."""
    text = line.strip()
    return len(text) >= len(run) and text == run[0] * len(text)


def _toctree_pages(text: str, folder: str, source: str, texts: dict[str, str]) -> list[str]:
    """The pages one page's toctrees list, in order: entries `name` or `Title <name>`, relative to the
    page (`/name` to the root page's folder), or patterns under `:glob:`; `self` and addresses skipped."""
    known = set(texts)
    pages: list[str] = []
    for body in _toctrees(text):
        lines = [line.strip() for line in body.split("\n") if line.strip()]
        glob = ":glob:" in lines
        for entry in lines:
            if entry.startswith(":") or entry == "self":
                continue
            titled = _TITLED_ENTRY.fullmatch(entry)
            target = (titled.group(1) if titled else entry).strip()
            if not target or _EXTERNAL.match(target):
                continue
            start, target = (source, target[1:]) if target.startswith("/") else (folder, target)
            name = posixpath.normpath(posixpath.join(start, target))
            if glob and any(sign in target for sign in "*?["):
                pages.extend(sorted(path for path in known if fnmatch.fnmatch(_without_suffix(path), name)))
            elif found := _resolved(name, known):
                pages.append(found)
    return pages


# ---------------------------------------------------------------------------------------------------
# AsciiDoc


def book_order(pages: Sequence[tuple[str, str]]) -> list[str]:
    """An AsciiDoc book's order: its main file (the shallowest that includes other pages of the folder),
    then each page it includes (`include::overview.adoc[]`), depth first, in the order it includes them."""
    texts = dict(pages)
    books = sorted(
        (path for path, text in pages if included(path, text, texts)),
        key=lambda path: path.count("/"),
    )
    order: list[str] = []
    pending = books[:1]
    while pending:
        path = pending.pop()
        if path in order:
            continue
        order.append(path)
        pending.extend(reversed([page for _, page in included(path, texts[path], texts)]))
    return order


def included(path: str, text: str, texts: dict[str, str]) -> list[tuple[int, str]]:
    """The pages of the folder an AsciiDoc page includes, each with the 0-based line of its `include::`
    (relative to the page, as Asciidoctor resolves them; a file outside the folder is not read)."""
    if "include::" not in text or not path.endswith(_ASCIIDOC):
        return []
    folder = posixpath.dirname(path)
    known = set(texts)
    found: list[tuple[int, str]] = []
    for number, line in enumerate(text.replace("\r\n", "\n").split("\n")):
        if (include := INCLUDE.match(line)) and (
            page := _resolved(posixpath.join(folder, include["target"]), known)
        ):
            found.append((number, page))
    return found


# ---------------------------------------------------------------------------------------------------


def _without_suffix(path: str) -> str:
    head, _, name = path.rpartition("/")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{head}/{stem}" if head else stem


def _resolved(target: str, known: set[str]) -> str | None:
    """The page a contents entry names: its path as written, or with the ending left off (Sphinx)."""
    if target.endswith("/"):
        target += "index"
    target = posixpath.normpath(target)
    if target in known:
        return target
    matches = sorted(path for path in known if _without_suffix(path) == target)
    return matches[0] if matches else None
