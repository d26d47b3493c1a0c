"""MDX (`.mdx`, Docusaurus' and Nextra's pages): Markdown with JavaScript imports and JSX components.

What MDX adds is turned into what a reader sees, line for line, before the Markdown reader runs: the
`import` / `export` lines and `{/* comments */}` go, and a `<TabItem label="macOS">` shows its label.
The components' tags themselves are HTML to the Markdown reader, which keeps the words between them.
"""

from __future__ import annotations

import re

from leadercli.packs.documents.outline import Fences, Outline

# A module line opens as JavaScript does, never as prose ("import the key into your keyring"): `import`
# then a brace, a star, a quoted module or a name with `,` or `from` after it; `export` then a keyword.
_MODULE = re.compile(
    r"(?:import[ \t]*[{*'\"]|import[ \t]+[\w$]+[ \t]*(?:,|from\b)"
    r"|export[ \t]+(?:default|const|let|var|function|async|class|\{))"
)
_COMMENT = re.compile(r"\{/\*.*?\*/\}")
_LABELLED = re.compile(r"""<(?:TabItem|Tab|Step|Accordion)\b[^>]*?\b(?:label|title)=(["'])(.*?)\1[^>]*>""")
# What makes a `.md` page MDX: a whole import on one line (`import Tabs from '@theme/Tabs';`), its module
# found from the end of the line, so a line of spaces costs one pass, and a component used (`<Tabs>`).
_FROM_MODULE = re.compile(r"[ \t]from[ \t]+(['\"])[^'\"\n]+\1;?[ \t]*$")
_IMPORTED = re.compile(r"import[ \t][\w${}, \t*]*")
_COMPONENT = re.compile(r"<[A-Z][A-Za-z0-9]*[\s/>]")


def looks_like_mdx(text: str) -> bool:
    """Whether a `.md` page is MDX, as Docusaurus reads every page: it imports a component (`import Tabs
    from '@theme/Tabs';`, at the margin, outside code) and uses one (`<Tabs>`)."""
    if "import" not in text or not _COMPONENT.search(text):
        return False
    fences = Fences()
    return any(not fences.code(line) and _imports(line) for line in text.split("\n"))


def _imports(line: str) -> bool:
    if not line.startswith("import"):
        return False
    module = _FROM_MODULE.search(line)
    return module is not None and _IMPORTED.fullmatch(line[: module.start()]) is not None


def parse_mdx(text: str) -> Outline:
    from leadercli.packs.documents.markdown import parse_markdown

    return parse_markdown("\n".join(to_markdown(re.sub(r"\r\n?", "\n", text).split("\n"))))


def to_markdown(lines: list[str]) -> list[str]:
    """The page's lines, as many, with its module lines blanked and its tabs' labels shown."""
    out: list[str] = []
    fences = Fences()
    statement = False  # inside an import or export that spans lines
    fresh = True  # the line opens a block: the page's first, or one after a blank line, code or a statement
    for line in lines:
        if not statement and fences.code(line):
            out.append(line)
            fresh = not fences.inside
            continue
        if statement or (fresh and not line.startswith((" ", "\t")) and _MODULE.match(line)):
            out.append("")
            statement = not _ends_statement(line)
            fresh = not statement
            continue
        shown = _COMMENT.sub("", line)
        out.append(_LABELLED.sub(lambda found: f"**{found.group(2)}** ", shown))
        fresh = not line.strip()
    return out


def _ends_statement(line: str) -> bool:
    """An import or export ends on a line that closes it: `from '...'`, a `;`, or a closing brace."""
    stripped = line.rstrip()
    return stripped.endswith((";", "'", '"', "}", ")")) or not stripped
