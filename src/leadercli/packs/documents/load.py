"""A document, or a folder of them, read as a pack: `leadercli --pack docs/ ask "how do I ..."`.

Markdown (`.md`, `.markdown`, `.mdx`), reStructuredText (`.rst`), AsciiDoc (`.adoc`), Org (`.org`), RDoc
(`.rdoc`), HTML pages (`.html`), man pages' roff (`.1` ... `.9`) and plain text (`.txt`, or a file given
by name whatever its ending; a Vim help file, a man page or reStructuredText by its own layout) are
parsed into outlines, and every section with text becomes a FAQ entry. A folder is read recursively, in
name order with each folder's own page (`index.md`, `README.md`) first, or in the order its own contents
give (`documents.order`: MkDocs' nav, a book's SUMMARY.md, Sphinx's toctree), without following links to
other folders (so a link loop cannot trap it); hidden folders are skipped. Every file goes through the same
limits as a pack file (size, UTF-8), and a binary file is refused with its name.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
from collections.abc import Callable, Iterator
from importlib import import_module
from pathlib import Path, PurePosixPath

from leadercli.errors import DataError
from leadercli.packs import safeyaml
from leadercli.packs.documents.order import MKDOCS_FILES, contents_order, included
from leadercli.packs.documents.outline import Heading, Outline, Skipped, apart, introduction_title, stacked
from leadercli.packs.documents.records import Document, Found, entries
from leadercli.packs.pack import Pack, Settings

FORMATS = {
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown", ".mkdn": "markdown",
    ".mkdown": "markdown", ".mdwn": "markdown", ".mdtext": "markdown", ".mdtxt": "markdown",
    ".livemd": "markdown", ".qmd": "markdown", ".rmd": "markdown",  # Quarto's and R Markdown's pages
    ".mdx": "mdx", ".rst": "rst", ".rest": "rst", ".txt": "text", ".text": "text",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".adoc": "asciidoc", ".asciidoc": "asciidoc", ".org": "org", ".man": "roff", ".rdoc": "rdoc",
    ".ipynb": "notebook", ".pod": "pod", ".mediawiki": "mediawiki", ".wiki": "mediawiki",
    **{f".{section}": "roff" for section in range(1, 10)},  # a man page's section: `age.1`, `sshd.8`
}  # fmt: skip
"""The endings a folder is searched for (a file named on its own is read whatever its ending)."""
NO_DOCUMENTS = (
    "no documents (.md, .mdx, .rst, .adoc, .org, .rdoc, .pod, .wiki, .ipynb, .txt, .html, man pages) in this "
    "folder"
)
KINDS = (
    "Markdown, MDX, reStructuredText, AsciiDoc, Org, RDoc, POD, MediaWiki, a notebook, HTML, a man page or "
    "plain text"
)
"""What a document may be, as an error names it."""
_READERS: dict[str, tuple[str, str, bool]] = {
    "markdown": ("markdown", "parse_markdown_page", True), "mdx": ("mdx", "parse_mdx", True),
    "asciidoc": ("asciidoc", "parse_asciidoc", True), "org": ("org", "parse_org", True),
    "html": ("htmlpage", "parse_html", True), "rst": ("rst", "parse_rst", False),
    "vimhelp": ("vimhelp", "parse_vimhelp", False), "text": ("text", "parse_text", False),
    "roff": ("roff", "parse_roff", True), "mdoc": ("mdoc", "parse_mdoc", True),
    "rdoc": ("rdoc", "parse_rdoc", True), "notebook": ("notebook", "parse_notebook", True),
    "pod": ("pod", "parse_pod", True), "mediawiki": ("mediawiki", "parse_mediawiki", True),
}  # fmt: skip
"""Each kind's reader (a module of this package, imported when a document of its kind is read, and its
function) and whether it makes a document without headings one section itself. The Markdown readers
do, from the text a reader sees (a page of nothing but logos and scripts is nothing to answer from);
for the others that section is the document's text as it is. Front matter is never an answer."""
DEPENDENCIES = frozenset(
    {"node_modules", "bower_components", "site-packages", "dist-packages", "__pycache__"}
)
"""Folders of installed dependencies, never read in a folder walk (nor a virtual environment, told by
its `pyvenv.cfg`): `--pack .` in a project means its documents, not every package's README."""
MAX_FILES = 20_000
"""More document files than this in one folder is refused (say which folder to narrow it to)."""


def is_document(path: Path) -> bool:
    return path.suffix.lower() in FORMATS


def document_files(root: Path) -> list[Path]:
    """The files a document pack is made of: the file itself, or the documents below a folder."""
    if not root.is_dir():
        return [root]
    found = sorted(itertools.islice(_walk(root), MAX_FILES + 1), key=lambda item: item[0])
    if len(found) > MAX_FILES:
        raise DataError(
            f"{len(found):,} documents below this folder, more than {MAX_FILES:,}: point --pack at a "
            "smaller folder",
            path=root,
        )
    # A link to a document of the same folder is that document once, not a second copy of each section.
    # Only a link needs resolving: the walk follows no linked folder, so a file is where its path says.
    inside = root.resolve()
    unique: dict[Path, Path] = {}
    for path, target in sorted(found, key=lambda item: (item[1] is not None, item[0])):
        unique.setdefault(target or inside / path.relative_to(root), path)
    return sorted(unique.values(), key=lambda path: _reading_order(path.relative_to(root)))


_OWN_PAGE = frozenset({"index", "readme", "_index"})
"""A folder's own page (`index.md`, `README.md`, Hugo's `_index.md`): read before the rest of it."""


def _reading_order(path: Path) -> tuple[tuple[bool, str, str], ...]:
    """Name order, as a reader of the folder would take it: in each folder its own page first
    (`index.md` before `developer/`, `developer/index.md` before `developer/handling-comments.md`)."""
    *folders, name = path.parts
    stem = name.split(".", 1)[0].casefold()
    return (
        *((True, part.casefold(), part) for part in folders),
        (stem not in _OWN_PAGE, name.casefold(), name),
    )


def _walk(root: Path) -> Iterator[tuple[Path, Path | None]]:
    """Document files below `root`, each with what it links to (None for a file); a link to a file
    outside it is not followed (an untrusted checkout must not pull `~/.ssh/...` into a pack someone
    then exports)."""
    inside = root.resolve()
    for folder, subfolders, files in os.walk(root, followlinks=False, onerror=_unlisted):
        if "pyvenv.cfg" in files and Path(folder) != root:  # a virtual environment: installed packages
            subfolders[:] = []
            continue
        subfolders[:] = sorted(
            name for name in subfolders if not name.startswith(".") and name not in DEPENDENCIES
        )
        for name in files:
            path = Path(folder) / name
            if not is_document(path) or name.startswith(".") or not path.is_file():
                continue
            target = path.resolve() if path.is_symlink() else None
            if target is not None and not target.is_relative_to(inside):
                continue
            yield path, target


def _unlisted(error: OSError) -> None:
    """A folder that cannot be listed (no permission) is named, as an unreadable document is: skipping it
    in silence would answer from part of the documents, or say the folder holds none."""
    why = (error.strerror or str(error)).lower()
    raise DataError(f"cannot list this folder: {why}", path=error.filename)


def read(root: Path) -> list[Document]:
    """Every document below `root` (or `root` itself), parsed, in the order the folder's own contents
    give them (`documents.order`), else in name order."""
    files = document_files(root)
    base = root if root.is_dir() else root.parent
    pages = []
    for path in files:
        text = safeyaml.read_text(path, expected=f"a document ({KINDS})", legacy=True)
        pages.append((path.relative_to(base).as_posix(), text))
    if root.is_dir() and len(pages) > 1:
        pages = [pages[index] for index in contents_order(pages, _mkdocs_config(root))]
    documents = [Document(name, str(base / name), parse(text, base / name)) for name, text in pages]
    return _with_included_preambles(documents, dict(pages)) if root.is_dir() else documents


def _untitled(name: str) -> str:
    """What a document without a title or headings is called: its file's name, as words."""
    return PurePosixPath(name).stem.replace("_", " ").replace("-", " ")


def _with_included_preambles(documents: list[Document], texts: dict[str, str]) -> list[Document]:
    """An AsciiDoc book's pages as its reader sees them: the text an included page opens with, before
    its first heading (a licence block under the book's title), is the text of the section that includes
    it, not a section of its own; its headed sections stay its own."""
    outlines = {document.name: document.outline for document in documents}
    for document in documents:
        for line, page in included(document.name, texts[document.name], texts):
            outline = outlines[page]
            headless = len(outline.headings) == 1 and outline.headings[0].title == _untitled(page)
            preamble = outline.headings[0] if headless and not outline.title else outline.introduction
            if page == document.name or preamble is None or not preamble.body:
                continue
            kept = () if preamble in outline.headings else outline.headings
            outlines[page] = outline._replace(introduction=None, headings=kept)
            outlines[document.name] = _appended(outlines[document.name], line + 1, preamble.body)
    return [document._replace(outline=outlines[document.name]) for document in documents]


def _appended(outline: Outline, line: int, body: str) -> Outline:
    """The outline with `body` added to the section that holds line `line` (1-based)."""
    above = [number for number, heading in enumerate(outline.headings) if heading.line < line]
    if above:
        heading = outline.headings[above[-1]]
        joined = f"{heading.body}\n\n{body}" if heading.body else body
        headings = (
            *outline.headings[: above[-1]],
            heading._replace(body=joined),
            *outline.headings[above[-1] + 1 :],
        )
        return outline._replace(headings=headings)
    introduction = outline.introduction
    if introduction is None:
        return outline._replace(introduction=Heading(introduction_title(body, outline.title), 0, line, body))
    return outline._replace(introduction=introduction._replace(body=f"{introduction.body}\n\n{body}"))


def contents_files(root: Path) -> list[Path]:
    """The files besides its documents that decide a folder's order (its `mkdocs.yml`): a change to
    them is a change to the pack."""
    return [path for name in MKDOCS_FILES if (path := root / name).is_file()] if root.is_dir() else []


def _mkdocs_config(root: Path) -> str | None:
    """The folder's `mkdocs.yml`, if it has one that reads (it only orders pages: one that does not
    read leaves the name order)."""
    for path in contents_files(root):
        with contextlib.suppress(DataError):
            return safeyaml.read_text(path, expected="MkDocs' configuration (mkdocs.yml)", legacy=True)
    return None


_ATX_HEADINGS = re.compile(r"(?:\A|\n[ \t]*\n)(#{1,6})[ \t]+\S[^\n]*\n[ \t]*\n")
"""A Markdown heading standing alone between blank lines. Two of them, one of level 2 or deeper, make a
`.txt` (or an ending-less) file Markdown: a script's or a CMakeLists.txt's `# comment` lines are level 1
and mostly run on into code."""


def _kind(text: str, path: Path) -> str:
    """What a document is: its ending says, and a text file's layout (`_text_kind`), a man page's macros
    (man or mdoc) or a Sphinx source's double ending (`index.rst.txt`) may say more."""
    name = path.name.lower()
    kind = FORMATS.get(path.suffix.lower(), "text")
    sphinx_source = name.endswith((".rst.txt", ".md.txt")) and len(path.suffixes) > 1  # `_sources/x.rst.txt`
    if kind == "text" and sphinx_source:
        return FORMATS[path.suffixes[-2].lower()]
    if kind == "text":  # a text file, or one without an ending: its layout may say what it is
        kind = _text_kind(text)
    if kind == "markdown":  # a Docusaurus `.md` page that imports components is MDX, as Docusaurus reads it
        from leadercli.packs.documents.mdx import looks_like_mdx

        kind = "mdx" if looks_like_mdx(text) else kind
    if kind in ("roff", "text"):  # man(7) or mdoc(7): the BSDs' pages, macOS' and many tools' are mdoc
        from leadercli.packs.documents.mdoc import looks_like_mdoc

        kind = "mdoc" if looks_like_mdoc(text) else kind
    return kind


def _text_kind(text: str) -> str:
    """What a text file is by its layout: POD (a Perl module, whose code has `#` comments), Markdown,
    Vim help, a man page, reStructuredText (Django's docs are `.txt`), or plain text."""
    from leadercli.packs.documents.pod import looks_like_pod
    from leadercli.packs.documents.roff import looks_like_roff
    from leadercli.packs.documents.rst import looks_like_rst
    from leadercli.packs.documents.vimhelp import looks_like_vim_help

    if looks_like_pod(text):
        return "pod"
    levels = _ATX_HEADINGS.findall(text, 0, 200_000) if "\n#" in text or text.startswith("#") else []
    if len(levels) >= 2 and any(len(level) > 1 for level in levels):
        return "markdown"
    if looks_like_vim_help(text):
        return "vimhelp"
    return "roff" if looks_like_roff(text) else "rst" if looks_like_rst(text) else "text"


def parse(text: str, path: Path) -> Outline:
    """The outline of one document, by its ending; a document without headings is one section."""
    kind = _kind(text, path)
    module, function, own_sections = _READERS[kind]
    reader: Callable[[str], Outline] = getattr(import_module(f"leadercli.packs.documents.{module}"), function)
    try:
        outline = reader(text)
    except DataError as error:  # a reader knows the line, not the file
        if error.path is not None:
            raise
        raise DataError(error.problem, path=path, line=error.line, column=error.column) from None
    except RecursionError:  # `B<B<B<...>>>` or `[[[[...` thousands deep: refused, never an internal error
        raise DataError("markup nested too deeply to read", path=path) from None
    if kind in ("markdown", "mdx", "notebook"):  # an API page's aliases; an Org outline's items are not
        outline = outline._replace(headings=stacked(outline.headings))
    outline = apart(outline)
    if path.name.lower() == "summary.md":
        outline = _book_contents(outline)
    front_matter_only = any(skipped.reason == "front matter" for skipped in outline.skipped)
    if not own_sections and not outline.headings and text.strip() and not front_matter_only:
        whole = Heading("", 1, 1, "\n".join(line.rstrip() for line in text.strip().split("\n")))
        outline = outline._replace(headings=(whole,))
    if len(outline.headings) == 1 and not outline.headings[0].title:  # a document without headings
        title = outline.title or _untitled(path.name)
        outline = outline._replace(headings=(outline.headings[0]._replace(title=title),))
    return outline


# A line of a book's contents: `- [Usage](./usage/usage.md)` (a relative link, in a list or not) or `---`.
_CONTENTS_LINE = re.compile(
    r"[ \t]*(?:(?:[-*+]|\d+[.)])[ \t]+)?\[[^\]\n]*\]\((?![a-z][\w+.-]*:)[^)\s]*\)[ \t]*|[ \t]*-{3,}[ \t]*"
)


def _book_contents(outline: Outline) -> Outline:
    """mdBook's and GitBook's `SUMMARY.md`, when it is nothing but links to the book's own pages (and
    `---` separators): the book's sidebar, which no reader reads as a page; its pages are the records."""
    parts = [*outline.headings, *([outline.introduction] if outline.introduction else [])]
    lines = [line for part in parts for line in part.body.split("\n") if line.strip()]
    if not lines or not all(_CONTENTS_LINE.fullmatch(line) for line in lines):
        return outline
    said = tuple(Skipped(part.line, part.title, "a book's table of contents (SUMMARY.md)") for part in parts)
    headings = tuple(heading._replace(body="") for heading in outline.headings)
    return outline._replace(headings=headings, introduction=None, skipped=outline.skipped + said)


def load_documents(root: Path) -> Pack:
    """The documents as a pack; one line naming the place when there is nothing to answer from."""
    documents = read(root)
    if not documents:
        raise DataError(f"no faq.yaml, and {NO_DOCUMENTS}", path=root)
    found: Found = entries(documents)
    if not found.entries:
        headings = sum(len(document.outline.headings) for document in documents)
        raise DataError(
            f"nothing to answer from: {headings} heading(s), none with text of its own", path=root
        )
    single = documents[0].outline if len(documents) == 1 else None
    return Pack(
        directory=root,
        title=(single.title if single else "") or (root.stem if root.is_file() else root.name) or str(root),
        # The document's own name, however it was typed (a relative path, an absolute one): the cache is
        # shared by both, and a shared export should not carry the reader's own folders.
        source=(single.source if single else "") or root.resolve().name or str(root),
        settings=Settings(),
        sections={"faq": found.entries},
        phrasing_lines={entry.id: (entry.line,) for entry in found.entries},
    )
