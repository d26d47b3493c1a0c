"""The whole pack as one document a person can share: Markdown or a self-contained HTML page.

Pure functions from a Pack to text: no Typer, no Rich, no I/O (the CLI writes the file atomically).
The outline is the same in both formats: the FAQ, the research findings, the playbook as a checklist,
the risks as a table, then metrics, review cadence and tools. Pack text is untrusted: it is escaped
for the target format and stripped of control characters, so a pack cannot inject markup or script.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from collections.abc import Sequence
from datetime import date
from functools import cache
from pathlib import Path
from typing import NamedTuple

from leadercli import __version__
from leadercli.packs.pack import Pack
from leadercli.packs.sections import (
    FAQ,
    INSIGHT_TAG,
    MARKDOWN_SPECIAL,
    SECTIONS,
    FaqEntry,
    Record,
    Step,
    is_markdown,
)
from leadercli.safetext import strip

OTHER_TAG = "other"
_UNSAFE_LINK = re.compile(r"\]\(\s*(?:javascript|vbscript|data|file):", re.I)
"""A link that would run or read something where the exported Markdown is rendered: made inert."""


def tag_groups(entries: Sequence[FaqEntry]) -> list[tuple[str, tuple[FaqEntry, ...]]]:
    """Topics from the tags the author set, each entry once, so related questions sit together.

    Entries carry several tags; listing an entry under each would repeat most of the FAQ. The tag
    carried by the most entries not yet placed becomes a group of all of them (on a tie, the tag the
    pack uses first), and so on while a tag still gathers two: a group never holds one question while
    others carrying its tag sit elsewhere. What is left goes under "other". Without a tag two entries
    share (documents, a pack without tags) there are no topics: one group, "other", of every entry.
    Groups come largest first, "other" last; entries keep the pack's order.
    """
    first_use = {tag: -rank for rank, tag in enumerate(dict.fromkeys(t for e in entries for t in e.tags))}
    counts = Counter(tag for entry in entries for tag in dict.fromkeys(entry.tags))
    remaining = list(entries)
    groups: dict[str, tuple[FaqEntry, ...]] = {}
    while counts:
        tag, count = max(counts.items(), key=lambda item: (item[1], first_use[item[0]]))
        if count < 2:  # a topic of one question is no topic
            break
        groups[tag] = tuple(entry for entry in remaining if tag in entry.tags)
        remaining = [entry for entry in remaining if tag not in entry.tags]
        counts.subtract(t for entry in groups[tag] for t in dict.fromkeys(entry.tags))
        counts = +counts  # drops the tags no entry left carries
    if remaining:
        groups[OTHER_TAG] = groups.get(OTHER_TAG, ()) + tuple(remaining)
    return sorted(groups.items(), key=lambda item: item[0] == OTHER_TAG)


def tag_index(entries: Sequence[FaqEntry]) -> dict[str, list[str]]:
    """Every tag with the ids of all the entries that carry it, tags sorted."""
    index: dict[str, list[str]] = {}
    for entry in entries:
        for tag in dict.fromkeys(entry.tags):
            index.setdefault(tag, []).append(entry.id)
    return dict(sorted(index.items()))


def plain_faq(pack: Pack) -> tuple[FaqEntry, ...]:
    """The FAQ without the research findings, which a document shows in a section of their own."""
    return tuple(entry for entry in pack.of(FAQ) if INSIGHT_TAG not in entry.tags)


# --- Markdown -------------------------------------------------------------------------------------------


def md(value: str) -> str:
    """Inline Markdown text: every character a renderer would act on is backslash-escaped."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", strip(value))


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


class Part(NamedTuple):
    """One part of an exported document: a section (or the research findings) and how it is laid out.

    `layout` is "entries" (a heading and an answer each), "checklist" (numbered, with a why), "table"
    (one row a record, `columns` as (header, field)) or "list" (name: description).
    """

    key: str
    title: str
    layout: str
    records: tuple[Record, ...]
    columns: tuple[tuple[str, str], ...] = ()


_TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "risks": (("Risk", "name"), ("What could go wrong", "risk"), ("Mitigation", "mitigation")),
    "metrics": (("Metric", "name"), ("What it measures", "measures")),
    "cadence": (("When", "period"), ("Meeting", "name"), ("What it covers", "what")),
}
_LAYOUTS = {"faq": "entries", "playbook": "checklist", "tools": "list"}
_ORDER = ("faq", "insights", "playbook", "risks", "metrics", "cadence", "tools")
"""The outline of a document: questions first, then the playbook and what supports it."""


def outline(pack: Pack) -> list[Part]:
    """The non-empty parts of the document, in the order both formats show them."""
    parts = {"insights": Part("insights", "Research findings", "entries", pack.tagged(INSIGHT_TAG))}
    for name, section in SECTIONS.items():
        records = plain_faq(pack) if section is FAQ else pack.sections.get(name, ())
        layout = _LAYOUTS.get(name, "table")
        parts[name] = Part(name, section.title, layout, records, _TABLES.get(name, ()))
    return [parts[key] for key in _ORDER if parts[key].records]


def _cell(record: Record, field: str) -> str:
    value: str = getattr(record, field)
    return value.capitalize() if field == "period" else value


def to_markdown(pack: Pack) -> str:
    lines = [f"# {md(pack.title)}", ""]
    if pack.source:
        lines += [f"Source: {md(pack.source)}", ""]
    lines += [f"_Exported by leadercli {__version__}._", ""]
    for part in outline(pack):
        lines += [f"## {part.title}", ""]
        if part.layout == "entries":
            for entry in part.records:
                assert isinstance(entry, FaqEntry)
                lines += [f"### {md(entry.question)}", "", md_block(entry.answer), "", _md_meta(entry), ""]
        elif part.layout == "checklist":
            for step in part.records:
                assert isinstance(step, Step)
                lines += [
                    f"- [ ] **{step.number}. {md(step.title)}**: {md(step.do)}\\",  # a hard line break
                    f"  _Why:_ {md(step.why)}",
                ]
            lines.append("")
        elif part.layout == "table":
            header = [title for title, _ in part.columns]
            lines += _md_table(header, [[_cell(item, f) for _, f in part.columns] for item in part.records])
        else:
            lines += [f"- **{md(item.heading)}**: {md(item.answer)}" for item in part.records]
            lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def md_block(value: str) -> str:
    """An answer: one line of prose escaped like any text; a document's Markdown kept as Markdown, with
    its raw HTML written as text (so a shared file runs no `<script>` a document held)."""
    if not is_markdown(value):
        return md(value)
    return _UNSAFE_LINK.sub("](#", _without_raw_html(strip(value)))


def _without_raw_html(markdown: str) -> str:
    """The Markdown with `<` escaped wherever a renderer would read raw HTML (never inside code)."""
    from leadercli.packs.documents.markdown import parser

    lines = markdown.split("\n")
    tokens = parser().parse(markdown)
    for token in tokens:
        if token.type == "html_block" and token.map:
            for number in range(*token.map):
                lines[number] = lines[number].replace("<", "&lt;").replace(">", "&gt;")
        elif (
            token.type == "inline"
            and token.map
            and any(c.type == "html_inline" for c in token.children or ())
        ):
            for number in range(*token.map):
                lines[number] = _escape_inline_html(lines[number])
    return "\n".join(lines)


def _escape_inline_html(line: str) -> str:
    """`<` and `>` outside backtick code spans as entities, which a backslash before them cannot undo."""
    parts = re.split(r"(`+[^`]*`+)", line)
    return "".join(
        part if part.startswith("`") else part.replace("<", "&lt;").replace(">", "&gt;") for part in parts
    )


def _md_meta(entry: FaqEntry) -> str:
    source = f"source: {md(entry.source)} · " if entry.source else ""
    source = f"in: {md(entry.context)} · {source}" if entry.context else source
    return f"_{source}id `{strip(entry.id)}`_"


# --- HTML -----------------------------------------------------------------------------------------------


@cache
def style_sheet() -> str:
    """The page's CSS (export.css beside this module, less its opening comment for maintainers), inlined
    so the page needs nothing else."""
    text = Path(__file__).with_name("export.css").read_text(encoding="utf-8")
    return text.split("*/", 1)[1].strip() if text.startswith("/*") else text.strip()


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="{policy}">
<meta name="generator" content="leadercli {version}">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
{body}
</body>
</html>
"""
CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'"
"""Nothing is fetched and nothing runs, even if a document's Markdown carried an image or a link."""


def h(value: str) -> str:
    return html.escape(strip(value), quote=True)


def html_block(value: str) -> str:
    """An answer as HTML: one line of prose a paragraph; a document's Markdown rendered, its raw HTML
    escaped (markdown-it with `html` off), links only where markdown-it deems them safe."""
    if not is_markdown(value):
        return f"<p>{h(value)}</p>"
    from markdown_it import MarkdownIt

    rendered: str = (
        MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"]).render(strip(value))
    )
    return rendered


def _html_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A table whose cells carry their column's name, which a narrow screen shows above each value."""
    lines = ['<table class="records">', "<thead><tr>"]
    lines[-1] += "".join(f'<th scope="col">{h(cell)}</th>' for cell in header) + "</tr></thead>"
    lines.append("<tbody>")
    for row in rows:
        cells = (f'<td data-label="{h(name)}">{h(cell)}</td>' for name, cell in zip(header, row, strict=True))
        lines.append("<tr>" + "".join(cells) + "</tr>")
    return [*lines, "</tbody>", "</table>"]


_IN_PAGE_LINK = re.compile(r'href="#([^"]+)"')


def _github_anchor(heading: str) -> str:
    """The anchor GitHub gives a heading ("Vim/Neovim plugin" -> "vimneovim-plugin"): a document's own
    links (`[see Install](#install)`) point there, and the page points them at the entry instead."""
    return re.sub(r"[^\w\- ]", "", heading.casefold()).replace(" ", "-")


def _html_entries(part: Part) -> list[str]:
    """Questions and answers, after an index of the questions when there are several. Ids are for
    anchors only: a reader sees where an answer comes from, not the pack's internal names."""
    entries = [entry for entry in part.records if isinstance(entry, FaqEntry)]
    lines: list[str] = []
    if len(entries) > 1:
        label = h(f"Index of {part.title.lower()}")
        links = (f'<li><a href="#entry-{h(e.id)}">{h(e.question)}</a></li>' for e in entries)
        lines.append(f'<nav class="index" aria-label="{label}"><ol>' + "".join(links) + "</ol></nav>")
    anchors = {
        anchor: entry.id
        for entry in entries
        for anchor in (entry.id, _github_anchor(entry.question), *entry.anchors)  # `## Title { #id }`
    }
    for entry in entries:
        answer = _IN_PAGE_LINK.sub(
            lambda link: (
                f'href="#entry-{h(anchors[link.group(1)])}"' if link.group(1) in anchors else link.group()
            ),
            html_block(entry.answer).rstrip("\n"),
        )
        lines += [f'<h3 id="entry-{h(entry.id)}">{h(entry.question)}</h3>', answer]
        where = [f"in: {h(entry.context)}"] if entry.context else []
        where += [f"source: {h(entry.source)}"] if entry.source else []
        if where:
            lines.append(f'<p class="meta">{" · ".join(where)}</p>')
    return lines


def to_html(pack: Pack, generated: date | None = None) -> str:
    """One self-contained page: inline CSS, no script, no external asset, every text escaped; dated
    `generated` (default today) so a printed copy says how current it is."""
    day = (generated or date.today()).isoformat()
    sections = [(part.key, part.title, _html_part(part)) for part in outline(pack)]
    body = [f"<header><h1>{h(pack.title)}</h1>"]
    if pack.source:
        body.append(f'<p class="source">Source: {h(pack.source)}</p>')
    body.append(
        f'<p class="meta">Generated on <time datetime="{day}">{day}</time> by leadercli {h(__version__)}.</p>'
    )
    body.append("</header>")
    if len(sections) > 1:
        links = "".join(f'<li><a href="#{key}">{h(name)}</a></li>' for key, name, _ in sections)
        body.append(f'<nav class="contents" aria-label="Contents"><ul>{links}</ul></nav>')
    body.append("<main>")
    for key, name, content in sections:
        heading = f'<h2 id="{key}-title">{h(name)}</h2>'
        body += [f'<section id="{key}" aria-labelledby="{key}-title">', heading, *content, "</section>"]
    body.append("</main>")
    return _PAGE.format(
        policy=CONTENT_SECURITY_POLICY,
        version=h(__version__),
        title=h(pack.title),
        css=style_sheet(),
        body="\n".join(body),
    )


def _html_part(part: Part) -> list[str]:
    if part.layout == "entries":
        return _html_entries(part)
    if part.layout == "checklist":
        items = ['<ul class="checklist">']
        for step in part.records:
            assert isinstance(step, Step)
            items += [
                f'<li><label><input type="checkbox"> {step.number}. {h(step.title)}</label>',
                f"<p>{h(step.do)}</p>",
                f'<p class="why">Why: {h(step.why)}</p></li>',
            ]
        return [*items, "</ul>"]
    if part.layout == "table":
        header = [title for title, _ in part.columns]
        return _html_table(header, [[_cell(item, f) for _, f in part.columns] for item in part.records])
    items = ["<ul>"]
    items += [f"<li><strong>{h(item.heading)}</strong>: {h(item.answer)}</li>" for item in part.records]
    return [*items, "</ul>"]
