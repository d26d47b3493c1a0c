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

from leadercli import __version__
from leadercli.pack import FaqEntry, Pack

INSIGHT_TAG = "insight"
OTHER_TAG = "other"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&~])")


def tag_groups(entries: Sequence[FaqEntry]) -> list[tuple[str, tuple[FaqEntry, ...]]]:
    """Each entry once, under its most shared tag, so related questions sit together.

    Entries carry several tags; listing an entry under each would repeat most of the FAQ. An entry
    goes under the tag it shares with the most other entries (its first such tag on a tie), or under
    "other" when none of its tags is shared. Groups come largest first, then by name; entries keep
    the pack's order.
    """
    counts = Counter(tag for entry in entries for tag in dict.fromkeys(entry.tags))
    groups: dict[str, list[FaqEntry]] = {}
    for entry in entries:
        shared = [tag for tag in entry.tags if counts[tag] > 1]
        tag = max(shared, key=lambda name: counts[name]) if shared else OTHER_TAG
        groups.setdefault(tag, []).append(entry)
    ordered = sorted(groups.items(), key=lambda item: (item[0] == OTHER_TAG, -len(item[1]), item[0]))
    return [(tag, tuple(members)) for tag, members in ordered]


def tag_index(entries: Sequence[FaqEntry]) -> dict[str, list[str]]:
    """Every tag with the ids of all the entries that carry it, tags sorted."""
    index: dict[str, list[str]] = {}
    for entry in entries:
        for tag in dict.fromkeys(entry.tags):
            index.setdefault(tag, []).append(entry.id)
    return dict(sorted(index.items()))


def plain_faq(pack: Pack) -> tuple[FaqEntry, ...]:
    """The FAQ without the research findings, which a document shows in a section of their own."""
    return tuple(entry for entry in pack.faq if INSIGHT_TAG not in entry.tags)


def clean(value: str) -> str:
    """Text without control or bidi-override characters (they would act on a terminal or an editor)."""
    return _CONTROL.sub("", value)


# --- Markdown -------------------------------------------------------------------------------------------


def md(value: str) -> str:
    """Inline Markdown text: every character a renderer would act on is backslash-escaped."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", clean(value))


def _md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(md(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def to_markdown(pack: Pack) -> str:
    lines = [f"# {md(pack.title)}", ""]
    if pack.source:
        lines += [f"Source: {md(pack.source)}", ""]
    lines += [f"_Exported by leadercli {__version__}._", ""]
    faq = plain_faq(pack)
    if faq:
        lines += ["## Frequently asked questions", ""]
        for entry in faq:
            lines += [f"### {md(entry.question)}", "", md(entry.text), "", _md_meta(entry), ""]
    insights = pack.tagged(INSIGHT_TAG)
    if insights:
        lines += ["## Research findings", ""]
        for entry in insights:
            lines += [f"### {md(entry.question)}", "", md(entry.text), "", _md_meta(entry), ""]
    if pack.steps:
        lines += ["## Playbook", ""]
        for step in pack.steps:
            lines += [
                f"- [ ] **{step.number}. {md(step.title)}**: {md(step.do)}\\",  # a hard line break
                f"  _Why:_ {md(step.why)}",
            ]
        lines.append("")
    if pack.risks:
        lines += ["## Risks", ""]
        lines += _md_table(
            ("Risk", "What could go wrong", "Mitigation"),
            [(risk.name, risk.risk, risk.mitigation) for risk in pack.risks],
        )
    if pack.metrics:
        lines += ["## Key metrics", ""]
        lines += _md_table(("Metric", "What it measures"), [(m.name, m.measures) for m in pack.metrics])
    if pack.cadence:
        lines += ["## Review cadence", ""]
        lines += _md_table(
            ("When", "Meeting", "What it covers"),
            [(item.period.capitalize(), item.name, item.what) for item in pack.cadence],
        )
    if pack.tools:
        lines += ["## Conceptual tools", ""]
        lines += [f"- **{md(tool.name)}**: {md(tool.description)}" for tool in pack.tools]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _md_meta(entry: FaqEntry) -> str:
    source = f"source: {md(entry.source)} · " if entry.source else ""
    return f"_{source}id `{clean(entry.id)}`_"


# --- HTML -----------------------------------------------------------------------------------------------

_CSS = """
:root { color-scheme: light dark; --accent: #0e7490; --rule: #d4d4d8; --muted: #52525b; }
@media (prefers-color-scheme: dark) { :root { --accent: #22d3ee; --rule: #3f3f46; --muted: #a1a1aa; } }
body { font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 52rem;
       margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.8rem; line-height: 1.25; margin-bottom: .25rem; }
h2 { color: var(--accent); border-bottom: 1px solid var(--rule); padding-bottom: .2rem; margin-top: 2.5rem; }
h3 { font-size: 1.05rem; margin: 1.5rem 0 .3rem; }
p { margin: .3rem 0; }
.meta, .source { color: var(--muted); font-size: .9rem; }
code { font-size: .85rem; }
ul.checklist { list-style: none; padding-left: 0; }
ul.checklist li { margin: .8rem 0; }
ul.checklist label { font-weight: 600; }
ul.checklist p { margin-left: 1.6rem; }
.why { font-style: italic; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
th, td { border: 1px solid var(--rule); padding: .4rem .6rem; text-align: left; vertical-align: top; }
th { background: color-mix(in srgb, var(--accent) 12%, transparent); }
nav ul { columns: 2; padding-left: 1.2rem; }
@media print { body { max-width: none; margin: 0; } h2 { break-after: avoid; }
               tr, li { break-inside: avoid; } }
"""

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="generator" content="leadercli {version}">
<title>{title}</title>
<style>{css}</style>
</head>
<body>
{body}
</body>
</html>
"""


def h(value: str) -> str:
    return html.escape(clean(value), quote=True)


def _html_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["<table>", "<thead><tr>" + "".join(f"<th>{h(cell)}</th>" for cell in header) + "</tr></thead>"]
    lines.append("<tbody>")
    lines += ["<tr>" + "".join(f"<td>{h(cell)}</td>" for cell in row) + "</tr>" for row in rows]
    return [*lines, "</tbody>", "</table>"]


def _html_entries(entries: Sequence[FaqEntry]) -> list[str]:
    lines: list[str] = []
    for entry in entries:
        source = f"source: {h(entry.source)} · " if entry.source else ""
        lines += [
            f'<h3 id="entry-{h(entry.id)}">{h(entry.question)}</h3>',
            f"<p>{h(entry.text)}</p>",
            f'<p class="meta">{source}id <code>{h(entry.id)}</code></p>',
        ]
    return lines


def to_html(pack: Pack) -> str:
    """One self-contained page: inline CSS, no script, no external asset, every text escaped."""
    sections: list[tuple[str, str, list[str]]] = []
    faq = plain_faq(pack)
    if faq:
        sections.append(("faq", "Frequently asked questions", _html_entries(faq)))
    insights = pack.tagged(INSIGHT_TAG)
    if insights:
        sections.append(("insights", "Research findings", _html_entries(insights)))
    if pack.steps:
        items = ['<ul class="checklist">']
        for step in pack.steps:
            items += [
                f'<li><label><input type="checkbox"> {step.number}. {h(step.title)}</label>',
                f"<p>{h(step.do)}</p>",
                f'<p class="why">Why: {h(step.why)}</p></li>',
            ]
        sections.append(("playbook", "Playbook", [*items, "</ul>"]))
    if pack.risks:
        risk_rows = [(risk.name, risk.risk, risk.mitigation) for risk in pack.risks]
        header = ("Risk", "What could go wrong", "Mitigation")
        sections.append(("risks", "Risks", _html_table(header, risk_rows)))
    if pack.metrics:
        rows = [(metric.name, metric.measures) for metric in pack.metrics]
        sections.append(("metrics", "Key metrics", _html_table(("Metric", "What it measures"), rows)))
    if pack.cadence:
        cadence_rows = [(item.period.capitalize(), item.name, item.what) for item in pack.cadence]
        sections.append(
            ("cadence", "Review cadence", _html_table(("When", "Meeting", "What it covers"), cadence_rows))
        )
    if pack.tools:
        items = ["<ul>"]
        items += [f"<li><strong>{h(tool.name)}</strong>: {h(tool.description)}</li>" for tool in pack.tools]
        sections.append(("tools", "Conceptual tools", [*items, "</ul>"]))
    body = [f"<header><h1>{h(pack.title)}</h1>"]
    if pack.source:
        body.append(f'<p class="source">Source: {h(pack.source)}</p>')
    body.append("</header>")
    if len(sections) > 1:
        body.append(
            "<nav><ul>" + "".join(f'<li><a href="#{key}">{name}</a></li>' for key, name, _ in sections)
        )
        body[-1] += "</ul></nav>"
    for key, name, content in sections:
        body += [f'<section id="{key}">', f"<h2>{name}</h2>", *content, "</section>"]
    body.append(f'<footer><p class="meta">Exported by leadercli {h(__version__)}.</p></footer>')
    return _PAGE.format(version=h(__version__), title=h(pack.title), css=_CSS.strip(), body="\n".join(body))
