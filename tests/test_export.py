"""export: the pack as Markdown and self-contained HTML, escaped for each format; FAQ grouping by tag."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from leadercli.export import OTHER_TAG, md, style_sheet, tag_groups, tag_index, to_html, to_markdown
from leadercli.packs.loader import load_pack
from leadercli.packs.pack import Pack
from leadercli.packs.sections import FAQ
from tests.conftest import SHIPPED, run

PackMaker = Callable[..., Path]

HOSTILE_FAQ = """\
title: "Evil <script>alert(1)</script> | pack"
entries:
  - id: evil
    question: "What about <img src=x onerror=alert(1)> and *stars* | pipes?"
    answer: "Answer with \\x1b[2J a terminal escape, `code`, [link](http://x) & <b>bold</b>."
    tags: [a]
"""
HOSTILE_PLAYBOOK = """\
risks:
  - name: "Pipe | risk"
    risk: "<script>x</script>"
    mitigation: "a | b"
"""


@pytest.fixture(scope="module")
def shipped() -> Pack:
    return load_pack(SHIPPED)


def test_tag_groups_put_each_entry_once(shipped: Pack) -> None:
    groups = tag_groups(shipped.of(FAQ))
    listed = [entry.id for _, entries in groups for entry in entries]
    assert sorted(listed) == sorted(entry.id for entry in shipped.of(FAQ))  # each entry exactly once
    by_tag = dict(groups)
    assert {entry.id for entry in by_tag["insight"]} == {entry.id for entry in shipped.tagged("insight")}
    sizes = [len(entries) for tag, entries in groups if tag != OTHER_TAG]
    assert sizes == sorted(sizes, reverse=True)
    for tag, entries in groups:
        for entry in entries:
            assert tag == OTHER_TAG or tag in entry.tags


def test_tag_groups_are_topics_of_two_or_more(shipped: Pack) -> None:
    """No group of one question named after a tag that other questions carry (the old "superintelligence"
    group held only the Scale question); each group holds every question left that carries its tag."""
    groups = tag_groups(shipped.of(FAQ))
    placed: set[str] = set()
    for tag, entries in groups:
        if tag != OTHER_TAG:
            assert len(entries) >= 2, tag
            carrying = {entry.id for entry in shipped.of(FAQ) if tag in entry.tags} - placed
            assert {entry.id for entry in entries} == carrying, tag
        placed |= {entry.id for entry in entries}
    other = dict(groups)[OTHER_TAG]
    shared = [tag for entry in other for tag in entry.tags if sum(tag in e.tags for e in other) > 1]
    assert shared == []  # nothing left under "other" could have made a topic


def test_tag_groups_never_leave_one_question_under_a_shared_tag(make_pack: PackMaker) -> None:
    pack = load_pack(
        make_pack(
            "entries:\n"
            "  - {id: a, question: A?, answer: x, tags: [people, money]}\n"
            "  - {id: b, question: B?, answer: x, tags: [people]}\n"
            "  - {id: c, question: C?, answer: x, tags: [people]}\n"
            "  - {id: d, question: D?, answer: x, tags: [money]}\n"
            "  - {id: e, question: E?, answer: x, tags: [place, time]}\n"
            "  - {id: f, question: F?, answer: x, tags: [time, place]}\n"
        )
    )
    assert [(tag, [e.id for e in entries]) for tag, entries in tag_groups(pack.of(FAQ))] == [
        ("people", ["a", "b", "c"]),
        ("place", ["e", "f"]),  # a tie: the tag the pack uses first
        (OTHER_TAG, ["d"]),  # not a "money" group of one while a carries money too
    ]


def test_without_shared_tags_there_is_one_list(make_pack: PackMaker) -> None:
    pack = load_pack(
        make_pack(
            "entries:\n"
            "  - {id: a, question: A?, answer: x, tags: [solo]}\n"
            "  - {id: b, question: B?, answer: x}\n"
        )
    )
    assert [(tag, [e.id for e in entries]) for tag, entries in tag_groups(pack.of(FAQ))] == [
        (OTHER_TAG, ["a", "b"])
    ]
    assert tag_groups(()) == []


def test_tag_groups_send_unshared_tags_to_other(make_pack: PackMaker) -> None:
    pack = load_pack(
        make_pack(
            "entries:\n"
            "  - {id: a, question: A?, answer: x, tags: [money, solo]}\n"
            "  - {id: b, question: B?, answer: x, tags: [money]}\n"
            "  - {id: c, question: C?, answer: x, tags: [alone]}\n"
            "  - {id: d, question: D?, answer: x}\n"
        )
    )
    assert [(tag, [e.id for e in entries]) for tag, entries in tag_groups(pack.of(FAQ))] == [
        ("money", ["a", "b"]),
        (OTHER_TAG, ["c", "d"]),
    ]
    assert tag_index(pack.of(FAQ)) == {"alone": ["c"], "money": ["a", "b"], "solo": ["a"]}


def test_markdown_outline_checklist_and_risk_table(shipped: Pack) -> None:
    document = to_markdown(shipped)
    headings = re.findall(r"^## (.+)$", document, flags=re.M)
    assert headings == [
        "Frequently asked questions",
        "Research findings",
        "Playbook",
        "Risks",
        "Key metrics",
        "Review cadence",
        "Conceptual tools",
    ]
    assert document.startswith("# Yann LeCun Leaves Meta")
    assert len(re.findall(r"^- \[ \] \*\*\d\. ", document, flags=re.M)) == 7
    assert "| Risk | What could go wrong | Mitigation |" in document
    risk_rows = [line for line in document.split("## Risks", 1)[1].split("## ", 1)[0].splitlines() if line]
    assert len(risk_rows) == 2 + 4  # header, rule, four risks
    assert all(row.count(" | ") == 2 for row in risk_rows if not row.startswith("|-"))
    # Research findings are not repeated in the FAQ section.
    faq_part = document.split("## Research findings", 1)[0]
    for entry in shipped.tagged("insight"):
        assert md(entry.question) not in faq_part
    assert document.endswith("\n") and not document.endswith("\n\n")


def test_markdown_escapes_everything_a_renderer_would_act_on(make_pack: PackMaker) -> None:
    pack = load_pack(make_pack(HOSTILE_FAQ, HOSTILE_PLAYBOOK))
    document = to_markdown(pack)
    assert not re.search(r"(?<!\\)[<>]", document)  # every angle bracket is escaped: no raw HTML
    assert "\\<script\\>" in document
    assert "\\*stars\\*" in document
    assert "\x1b" not in document
    risk_row = next(line for line in document.splitlines() if line.startswith("| Pipe"))
    assert risk_row == "| Pipe \\| risk | \\<script\\>x\\</script\\> | a \\| b |"


def test_html_is_self_contained_and_well_formed(shipped: Pack) -> None:
    document = to_html(shipped)
    assert document.startswith("<!DOCTYPE html>")
    assert "<style>" in document
    assert not re.search(r"""(?:src|href)=["']?(?:https?:)?//""", document)  # nothing fetched
    assert "<script" not in document and "<link" not in document
    assert document.count('type="checkbox"') == 7
    assert document.count("<tr>") == 1 + 4 + 1 + 4 + 1 + 3  # risks, metrics, cadence with headers

    class Checker(HTMLParser):
        VOID = frozenset({"meta", "input", "br", "img", "link"})

        def __init__(self) -> None:
            super().__init__()
            self.stack: list[str] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag not in self.VOID:
                self.stack.append(tag)

        def handle_endtag(self, tag: str) -> None:
            assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
            self.stack.pop()

    checker = Checker()
    checker.feed(document)
    assert checker.stack == []


def test_html_escapes_pack_text(make_pack: PackMaker) -> None:
    document = to_html(load_pack(make_pack(HOSTILE_FAQ, HOSTILE_PLAYBOOK)))
    assert "<script>" not in document and "<img" not in document and "<b>bold" not in document
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in document
    assert "&lt;img src=x onerror=alert(1)&gt;" in document
    assert "\x1b" not in document


def test_sections_a_pack_lacks_are_left_out(make_pack: PackMaker) -> None:
    pack = load_pack(make_pack())
    document = to_markdown(pack)
    assert "## Frequently asked questions" in document
    assert "## Playbook" not in document and "## Risks" not in document
    assert 'aria-label="Contents"' not in to_html(pack)  # one section needs no table of contents


class _Visible(HTMLParser):
    """The text a reader sees: no tags, no attributes, nothing of the head."""

    def __init__(self) -> None:
        super().__init__()
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._hidden += tag in {"head", "style", "title"}

    def handle_endtag(self, tag: str) -> None:
        self._hidden -= tag in {"head", "style", "title"}

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.text.append(data)


def test_html_has_landmarks_and_labelled_navigation(shipped: Pack) -> None:
    document = to_html(shipped)
    body = document.split("<body>", 1)[1]
    assert (
        body.index("<header>")
        < body.index('<nav class="contents" aria-label="Contents">')
        < body.index("<main>")
    )
    assert document.count("<main>") == document.count("</main>") == 1
    navs = re.findall(r"<nav\b([^>]*)>", document)
    labels = [re.search(r'aria-label="([^"]+)"', attributes) for attributes in navs]
    assert all(labels) and len({label[1] for label in labels if label}) == len(navs) == 3
    for key, heading in re.findall(r'<section id="([^"]+)" aria-labelledby="([^"]+)">', document):
        assert f'<h2 id="{heading}">' in document and heading == f"{key}-title"


def test_html_indexes_every_question(shipped: Pack) -> None:
    """24 questions (the FAQ and the research findings) each have a link in their section's index."""
    document = to_html(shipped)
    anchors = re.findall(r'<h3 id="([^"]+)">', document)
    indexes = re.findall(r'<nav class="index" aria-label="[^"]+"><ol>(.*?)</ol></nav>', document)
    links = [link for index in indexes for link in re.findall(r'<li><a href="#([^"]+)">', index)]
    assert len(indexes) == 2 and links == anchors and len(anchors) == len(shipped.of(FAQ)) == 24


def test_html_shows_no_internal_ids(shipped: Pack) -> None:
    visible = _Visible()
    visible.feed(to_html(shipped))
    text = "".join(visible.text)
    assert "Why is Yann LeCun leaving Meta?" in text
    shown = [record.id for record in shipped.records() if record.id in text]
    assert shown == []
    assert "id why-lecun-is-leaving-meta" not in text and "<code>" not in to_html(shipped)


def test_html_is_dated(shipped: Pack) -> None:
    document = to_html(shipped, generated=date(2026, 1, 5))
    assert 'Generated on <time datetime="2026-01-05">2026-01-05</time> by leadercli' in document
    before = date.today()
    exported = run("export", "-f", "html").stdout
    assert any(f'<time datetime="{day}">' in exported for day in {before, date.today()})
    assert "Generated" not in to_markdown(shipped)  # the Markdown export is unchanged


def _media(query: str) -> str:
    """The rules of `@media query` in the page's style sheet."""
    block = style_sheet().split(f"@media {query} {{", 1)[1]
    depth, end = 1, 0
    while depth:
        depth += {"{": 1, "}": -1}.get(block[end], 0)
        end += 1
    return block[: end - 1]


def test_html_style_sheet_reflows_tables_and_keeps_headings_with_their_text() -> None:
    """What the browser tests (tests/test_export_browser.py) measure, stated where they cannot run."""
    narrow = _media("(max-width: 40rem)")
    assert "table.records td { display: block" in narrow.replace(
        ", table.records tbody, table.records tr", ""
    )
    assert "content: attr(data-label)" in narrow
    printed = _media("print")
    assert re.search(r"h1, h2, h3 \{ break-after: avoid;", printed)
    assert "color-scheme: light" in printed
    assert "screen and (prefers-color-scheme: dark)" in style_sheet()
    assert f"<style>{style_sheet()}</style>" in to_html(load_pack(SHIPPED))


def test_a_documents_own_links_point_at_its_entries_in_the_page(tmp_path: Path) -> None:
    """A README's `[Install](#install)` and `(#vimneovim-plugin)` (GitHub's anchors) lead to the entries
    in the exported page, instead of nowhere."""
    document = tmp_path / "README.md"
    document.write_text(
        "## Install\n\nRun make.\n\n## Vim/Neovim plugin\n\nSee [Install](#install) first.\n\n"
        "## Usage\n\nRead [the plugin](#vimneovim-plugin) and [elsewhere](#nowhere).\n",
        encoding="utf-8",
    )
    page = run("--pack", str(document), "export", "-f", "html").stdout
    assert '<a href="#entry-install">Install</a>' in page
    assert '<a href="#entry-vim-neovim-plugin">the plugin</a>' in page
    assert '<a href="#nowhere">elsewhere</a>' in page  # no such heading: left as written


def test_an_explicit_heading_id_leads_to_its_entry_in_the_page(tmp_path: Path) -> None:
    """`### Navigation path { id=navigation-path }` (an attribute list): the page's `#navigation-path`
    links lead to the entry, whose id follows the visible title."""
    document = tmp_path / "nav.md"
    document.write_text(
        "## Navigation path <small>Breadcrumbs</small> { id=navigation-path }\n\nCrumbs.\n\n"
        "## Hiding\n\nSee [the path](#navigation-path).\n",
        encoding="utf-8",
    )
    page = run("--pack", str(document), "export", "-f", "html").stdout
    assert '<a href="#entry-navigation-path-breadcrumbs">the path</a>' in page
    assert "id=navigation-path" not in page
