"""The Markdown reader (leadercli.packs.documents.markdown): a page read as its reader sees it, its raw HTML,
extensions (MkDocs, Docusaurus, MyST, GitHub alerts, footnotes) and what it shows that is not its text."""

from __future__ import annotations

import json
import re
import time
from pathlib import Path

import pytest

from leadercli.packs.documents.load import load_documents
from leadercli.packs.documents.markdown import parse_markdown, parse_markdown_page
from leadercli.packs.sections import FAQ, FaqEntry, is_markdown
from tests.conftest import SGR, TERMINAL, one_error_line, run

FOOTERS = [
    "<hr>\n\n[**Previous**: 🔍 Differences with Bash and zx](bash.md)\\\n"
    "[**Top**: Table of contents](../readme.md#docs)\n",
    "---\n\n[← Back](index.md) | [Next →](install.md)\n",
    "[Next: Installing](install.md)\n",
]


def _page(folder: Path, text: str, name: str = "page.md") -> Path:
    """Write one page into `folder` and return its path, for a test that also runs the CLI on it."""
    page = folder / name
    page.write_text(text, encoding="utf-8")
    return page


def _entries(folder: Path, text: str, name: str = "page.md") -> tuple[FaqEntry, ...]:
    """The FAQ records of one page written into `folder`: most tests here read a page through the loader,
    from a file, because its name counts (a README's title, a record's source)."""
    return load_documents(_page(folder, text, name)).of(FAQ)


@pytest.mark.parametrize("footer", FOOTERS)
def test_a_sites_previous_and_next_footer_is_not_the_last_sections_text(tmp_path: Path, footer: str) -> None:
    # execa's API reference (blind23): "differences between execa and zx" was answered by its last option.
    text = f"# API\n\n## objectMode\n\nAllow any type.\n\n{footer}"
    (entry,) = _entries(tmp_path, text, "api.md")
    assert entry.answer == "Allow any type."
    assert [skipped.reason for skipped in parse_markdown(text).skipped] == ["page navigation"]


@pytest.mark.parametrize(
    "ending",
    [
        "See [the next section](next.md) for more.\n",  # words around the link: text
        "[Next.js](https://nextjs.org)\n\nMore text after it.\n",  # not the page's last paragraph
        "- [Previous release](old.md)\n",  # a list, not a footer
    ],
)
def test_links_that_are_text_stay(tmp_path: Path, ending: str) -> None:
    (entry,) = _entries(tmp_path, f"# API\n\n## objectMode\n\nAllow any type.\n\n{ending}", "api.md")
    assert entry.answer.endswith(ending.strip())


@pytest.mark.parametrize("marker", ["* Table of Contents\n{:toc}", "[TOC]", "[[_TOC_]]", "[[toc]]"])
def test_a_generated_table_of_contents_marker_is_not_a_record(tmp_path: Path, marker: str) -> None:
    document = _page(tmp_path, f"# FAQ\n\n{marker}\n\n## How do I start?\n\nRun `start`.\n", "faq.md")
    assert [entry.question for entry in load_documents(document).of(FAQ)] == ["How do I start?"]
    result = run("extract", str(document), "-o", str(tmp_path / "pack"))
    assert "faq.md:1: FAQ - table of contents" in result.output, result.output


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_every_line_end_reads_as_a_browser_reads_it(tmp_path: Path, end: str) -> None:
    """markdown-it's own normalising pass is left out for speed; the reader does it instead."""
    document = tmp_path / "ends.md"
    lines = ["# Guide", "", "## First", "", "a  ", "b", "", "Setext", "------", "", "Text.", ""]
    document.write_bytes(end.join(lines).encode("utf-8"))
    entries = load_documents(document).of(FAQ)
    assert [(entry.question, entry.line) for entry in entries] == [("First", 3), ("Setext", 8)]
    assert [entry.answer for entry in entries] == ["a  \nb", "Text."]


def test_a_nul_in_the_text_is_a_replacement_character_not_a_removed_line() -> None:
    (heading,) = parse_markdown("## First\n\na\x00b\n").headings  # a file with one is refused as binary
    assert heading.body == "a\ufffdb"


def test_old_mac_line_ends_and_text_before_the_first_heading(tmp_path: Path) -> None:
    document = tmp_path / "cr.md"
    document.write_bytes(b"Intro words.\r\r# A\r\rx\ry\r\r## B\r\rbody B\r")
    entries = load_documents(document).of(FAQ)
    assert [(entry.question, entry.answer) for entry in entries] == [
        ("About A", "Intro words."), ("A", "x\ny"), ("B", "body B")
    ]  # fmt: skip


def test_the_text_before_the_first_heading_is_the_introduction(tmp_path: Path) -> None:
    readme = _page(
        tmp_path,
        '<p align="center"><a href="https://ci.example"><img src="b.svg" alt="Build Status"></a></p>\n\n'
        "**fzf** is a general-purpose command-line fuzzy finder.\n\n## Installation\n\nbrew install fzf\n",
        "README.md",
    )
    first = load_documents(readme).of(FAQ)[0]
    assert (first.id, first.question, first.answer, first.line, first.context) == (
        "about-fzf", "About fzf", "**fzf** is a general-purpose command-line fuzzy finder.", 1, ""
    )  # fmt: skip
    answer = json.loads(run("--pack", str(readme), "ask", "what is fzf", "--json").stdout)
    assert answer["answered"] and answer["match"]["id"] == "about-fzf"


def test_raw_html_becomes_the_words_a_browser_shows(tmp_path: Path) -> None:
    (entry,) = _entries(
        tmp_path,
        "## Page\n\n"
        '<p align="center">\n  <a href="#page">Page</a> •\n  <a href="#other">Other</a>\n</p>\n\n'
        '<img src="shot.png" alt="The &quot;unidentified developer&quot; dialog">\n\n'
        "<details>\n<summary>Older&nbsp;systems</summary>\n\n"
        "Use the legacy build.\n\n</details>\n\n<pre>\n  kept  as  is\n</pre>\n\n"
        "<script>steal()</script>\n\nPress <kbd>Enter</kbd> in prose.\n",
    )
    assert entry.answer == (
        '![The "unidentified developer" dialog](shot.png)\n\nOlder systems\n\nUse the legacy build.\n\n'
        "```\n  kept  as  is\n```\n\nPress <kbd>Enter</kbd> in prose."
    )
    assert entry.line == 1


@pytest.mark.parametrize(
    ("markdown", "answer"),
    [
        # Prose with tags in it is prose: nothing of it goes, code spans least of all.
        (
            '<b>Note:</b> see <a href="#install">the install section</a>, run `cp <src> <dst>`.',
            '<b>Note:</b> see <a href="#install">the install section</a>, run `cp <src> <dst>`.',
        ),
        # What a browser shows as text stays text: not a heading, a quote, a list or a tag.
        (
            "<div>\n&#35; Big\n&gt; quoted\n1. one\nUse &lt;script&gt; here\n</div>",
            "\\# Big\n\\> quoted\n1\\. one\nUse \\<script> here",
        ),
        # An emptied block does not join the code block after it to the paragraph before it.
        (
            'Run this:\n<p align="center"><img src="shot.png"></p>\n\n    $ make install',
            "Run this:\n\n    $ make install",
        ),
        # A quoted ">" is part of the attribute; an unquoted alt is an alt; a title is never an alt.
        (
            '<img alt="Speed > size" src="s.png">\n\n<img alt=Plain src=p.png>\n\n'
            '<img title="alt=\'x\'" src="t.png">\n\nText.',
            "![Speed > size](s.png)\n\n![Plain](p.png)\n\nText.",
        ),
        # A line of links to the page's headings is a navigation bar; a link elsewhere keeps its words.
        (
            '<p>\n<a href="#a">A</a> •\n<a href="#b">B</a>\n'
            '<a href="https://x.org/ja">日本語</a> and <a href="#a">see A</a>\n</p>\n\nText.',
            "日本語 and see A\n\nText.",
        ),
        ("<pre>\nif a &lt; b:\n    run(`x`)\n</pre>", "```\nif a < b:\n    run(`x`)\n```"),
        # In prose, a line of nothing but tags goes; the tags among words stay.
        ("A simple UI\n<br/>\nfor <b>git</b>\n</div>", "A simple UI\nfor <b>git</b>"),
    ],
)
def test_raw_html_is_read_without_losing_or_inventing_text(
    tmp_path: Path, markdown: str, answer: str
) -> None:
    (entry,) = _entries(tmp_path, f"## Page\n\n{markdown}\n")
    assert entry.answer == answer


def test_unreadable_text_before_the_first_heading_is_not_an_introduction(tmp_path: Path) -> None:
    cases = {
        "toc.md": ("- [Install](#install)\n- [Usage](#usage)\n", "table of contents"),
        "logo.md": ('<img src="logo.png">\n\n---\n', "text before the first heading"),
        "badges.md": (
            "[![Build](https://ci/b.svg)](https://ci) [![PyPI](https://p/v.svg)](https://p)\n",
            "text before the first heading",
        ),
    }
    for name, (preamble, reason) in cases.items():
        document = _page(tmp_path, f"{preamble}\n## Install\n\nA.\n\n## Usage\n\nB.\n", name)
        assert [entry.question for entry in load_documents(document).of(FAQ)] == ["Install", "Usage"], name
        result = run("extract", str(document), "-o", str(tmp_path / f"out-{name}"), "--json")
        assert reason in [item["reason"] for item in json.loads(result.stdout)["unplaced"]], name
    first = _entries(
        tmp_path,
        "[![Build](https://ci/b.svg)](https://ci)\n\n**widgetd** is a daemon that syncs widgets.\n\n"
        "# Widget manual\n\n## Install\n\npip install widgetd\n",
        "widgetd.md",
    )[0]
    assert (first.question, first.answer) == ("About widgetd", "**widgetd** is a daemon that syncs widgets.")
    only_html = _page(
        tmp_path, '<p align="center"><img src="logo.png"></p>\n<script>track()</script>\n', "only.md"
    )
    result = run("--pack", str(only_html), "faq")
    assert result.exit_code == 2 and "nothing to answer from" in one_error_line(result)


def test_headings_inside_quotes_and_lists_are_not_sections(tmp_path: Path) -> None:
    (entry,) = _entries(tmp_path, "## Real\n\n> ## Quoted\n> text\n\n- ## In a list\n\nmore\n", "q.md")
    assert entry.question == "Real" and "Quoted" in entry.answer


def test_html_headings_are_headings(tmp_path: Path) -> None:
    """ripgrep's FAQ writes its questions as `<h3 name="config">`: each is a section, as a browser shows
    it, not one 40 KB answer to everything. An HTML heading without words is not a heading."""
    document = _page(
        tmp_path,
        '<h3 name="config">\nDoes it read a configuration file?\n</h3>\n\nYes, see the guide.\n\n'
        "<h3>How is it <em>licensed</em>?</h3>\nMIT or the Unlicense.\n\n"
        "<h1></h1>\n\nDual, at your choice.\n",
        "FAQ.md",
    )
    entries = load_documents(document).of(FAQ)
    assert [(entry.question, entry.line, entry.answer) for entry in entries] == [
        ("Does it read a configuration file?", 2, "Yes, see the guide."),  # the line of its words
        ("How is it licensed?", 7, "MIT or the Unlicense.\n\nDual, at your choice."),
    ]
    answer = json.loads(run("--pack", str(document), "ask", "what licence is it under", "--json").stdout)
    assert answer["match"]["id"] == "how-is-it-licensed"


def test_a_section_carries_the_reference_links_it_uses(tmp_path: Path) -> None:
    """mkdocs' pages define `[site_url]: ...` at their end: each section gets the definitions it uses,
    so it renders on its own, and the last section no longer ends with all of them."""
    document = _page(
        tmp_path,
        "## Deploy\n\nSet [site_url] and read [the docs][Internal  Links], or [inline](https://x.org).\n\n"
        "## Other\n\nNothing here.\n\n"
        '[site_url]: ./configuration.md#site_url\n[internal links]: ./w.md "W"\n',
        "deploy.md",
    )
    deploy, other = load_documents(document).of(FAQ)
    assert deploy.answer.endswith(
        '\n\n[site_url]: <./configuration.md#site_url>\n[Internal  Links]: <./w.md> "W"'
    )
    assert other.answer == "Nothing here."
    page = run("--pack", str(document), "export", "-f", "html").stdout
    assert 'href="./configuration.md#site_url"' in page and "[site_url]" not in page


def test_a_reference_link_before_a_colon_brings_its_definition(tmp_path: Path) -> None:
    """AnythingLLM's README (blind8): "- **[Mobile][m]:** an app." showed as Markdown source, its
    definition left behind (a use followed by ":" was taken for a definition) and the one line, bold
    and all, not drawn as Markdown."""
    (entry,) = _entries(
        tmp_path, "# T\n\n## More\n\n- **[Mobile][m]:** an app.\n\n[m]: https://x.org/m\n", "README.md"
    )
    assert entry.answer == "- **[Mobile][m]:** an app.\n\n[m]: <https://x.org/m>"
    assert is_markdown("- **Mobile:** an app.") and is_markdown("[Mobile][m] app")
    assert not is_markdown("Costs rose 5% (see above).")


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("## Navigation path <small>Breadcrumbs</small> { id=navigation-path }", "navigation-path"),
        ("## Navigation path Breadcrumbs {#navigation-path}", "navigation-path"),
        ("## Navigation path Breadcrumbs {: #navigation-path .wide }", "navigation-path"),
        ("Navigation path Breadcrumbs {#navigation-path}\n----", "navigation-path"),
        ("## Navigation path Breadcrumbs {.unnumbered}", ""),
    ],
)
def test_a_headings_attribute_list_is_not_its_title(tmp_path: Path, heading: str, anchor: str) -> None:
    text = f"# Nav\n\n{heading}\n\nBreadcrumbs above the title.\n"
    [entry] = [entry for entry in _entries(tmp_path, text, "nav.md") if entry.line == 3]
    assert (entry.question, entry.id) == ("Navigation path Breadcrumbs", "navigation-path-breadcrumbs")
    assert entry.anchors == ((anchor,) if anchor else ())


def test_braces_that_are_no_attribute_list_stay_in_the_title(tmp_path: Path) -> None:
    entries = _entries(tmp_path, "# T\n\n## Using {braces}\n\nText.\n", "t.md")
    assert [entry.question for entry in entries] == ["Using {braces}"]


def test_a_heading_with_a_long_run_of_blanks_is_read_in_linear_time(tmp_path: Path) -> None:
    # The attribute list was looked for after every blank, each look reading all the blanks after it.
    document = _page(tmp_path, "# T\n\n## a" + " " * 200_000 + "b {#id}\n\nText.\n", "s.md")
    started = time.perf_counter()
    [entry] = [entry for entry in load_documents(document).of(FAQ) if entry.line == 3]
    assert time.perf_counter() - started < 2
    assert (entry.question, entry.anchors) == ("a b", ("id",))


def test_a_reference_label_over_two_lines_keeps_its_definition(tmp_path: Path) -> None:
    entries = _entries(
        tmp_path,
        "# D\n\n## One\n\nUse the [extra\nScript].\n\n## Two\n\nText.\n\n  [extra   script]: https://x.org\n",
        "r.md",
    )
    entry = next(entry for entry in entries if entry.id == "one")
    assert entry.answer == "Use the [extra\nScript].\n\n[extra Script]: <https://x.org>"


def test_mkdocs_admonitions_and_tabs_read_as_markdown_not_code(tmp_path: Path) -> None:
    text = (
        '# M\n\n## Setup\n\nIntro.\n\n!!! info "Limits apply"\n\n    Previews are **experimental**.\n\n'
        "??? tip\n    Fold me.\n\n    ``` yaml\n    a: 1\n    ```\n\n"
        '=== "With tabs"\n\n    Tabbed text.\n\n=== "Without"\n\n    Plain.\n\n'
        "- item\n\n    !!! warning\n\n        Careful.\n\n"
        '``` markdown\n!!! note "Shown as code"\n    body\n```\n\n## Next\n\nOn line 39.\n'
    )
    entries = {entry.id: entry for entry in _entries(tmp_path, text, "m.md")}
    assert entries["setup"].answer == (
        "Intro.\n\n> **Limits apply**\n>\n> Previews are **experimental**.\n\n"
        "> **Tip**\\\n> Fold me.\n>\n> ``` yaml\n> a: 1\n> ```\n\n"
        "**With tabs**\n\nTabbed text.\n\n**Without**\n\nPlain.\n\n"
        "- item\n\n    > **Warning**\n    >\n    > Careful.\n\n"
        '``` markdown\n!!! note "Shown as code"\n    body\n```'
    )
    assert entries["next"].line == 37  # line for line: headings keep their lines


def test_docusaurus_and_vitepress_admonitions_read_as_notes(tmp_path: Path) -> None:
    """`:::note` ... `:::` (typescript-eslint's .mdx pages, VitePress' `::: tip`) showed raw."""
    text = (
        "# D\n\n## Setup\n\n:::note\nInstall it first.\n:::\n\n::::tip[Nested tips]\nOuter.\n\n"
        ":::warning Be careful\n```bash\nrm -rf /\n```\n:::\n::::\n\n::: tip\nVitePress.\n:::\n\n"
        "## Next\n\nOn line 23.\n"
    )
    entries = {entry.id: entry for entry in _entries(tmp_path, text, "d.md")}
    assert re.sub(r"\n{3,}", "\n\n", entries["setup"].answer) == (
        "> **Note**\\\n> Install it first.\n\n> **Nested tips**\\\n> Outer.\n>\n> > **Be careful**\n"
        "> > ```bash\n> > rm -rf /\n> > ```\n\n> **Tip**\\\n> VitePress."
    )
    assert entries["next"].line == 23  # line for line


@pytest.mark.parametrize(
    ("opening", "title"),
    [(":::info{title=Heads up}", "Heads up"), (':::warning{title="A title" open=true}', "A title")],
)
def test_dumi_admonitions_take_their_title_attribute(tmp_path: Path, opening: str, title: str) -> None:
    """antd's docs (blind25) write dumi's `:::success{title=...}`: its title read "Success"."""
    (entry,) = _entries(tmp_path, f"# D\n\n## Q\n\n{opening}\nSome text.\n:::\n", "d.md")
    assert entry.answer == f"> **{title}**\\\n> Some text."


def test_a_badge_in_a_heading_is_not_part_of_its_title(tmp_path: Path) -> None:
    """textlint-ja's README (blind25) was titled "textlint-rule-preset-ja-technical-writing test"."""
    entries = _entries(
        tmp_path,
        "# tool [![test](https://ci/badge.svg)](https://ci)\n\nIt lints.\n\n"
        "## Icons ![gear](gear.svg)\n\nSet.\n",
        "README.md",
    )
    assert [entry.question for entry in entries] == ["tool", "Icons gear"]
    entries = _entries(tmp_path, "# [![Acme Widgets](logo.png)](https://acme.io)\n\nWidgets.\n", "README.md")
    assert [entry.question for entry in entries] == ["Acme Widgets"]  # a logo alone


def test_python_markdown_slash_blocks_read_as_notes(tmp_path: Path) -> None:
    """FastAPI's docs (cjkdev) write pymdownx's `/// tip` ... `///`: they showed as written."""
    first, second = _entries(
        tmp_path,
        "# A\n\n## Q\n\n/// tip\n\nRestart it.\n\n///\n\n/// details | Why?\nBecause.\n///\n\n"
        "After.\n\n## R\n\nOn 17.\n",
        "d.md",
    )
    assert first.answer == "> **Tip**\n>\n> Restart it.\n\n> **Why?**\\\n> Because.\n\nAfter."
    assert second.line == 17  # line for line


def test_footnotes_go_with_the_section_that_cites_them(tmp_path: Path) -> None:
    text = (
        "# F\n\n## Tabs\n\nTabs show on wide screens.[^1] Add them.\n\n  [^1]:\n"
        "    Before 6.2.0 they were\n    grouped.\n\n## Other\n\nNothing cited.\n"
    )
    entries = {entry.id: entry for entry in _entries(tmp_path, text, "f.md")}
    assert entries["tabs"].answer == (
        "Tabs show on wide screens.[^1] Add them.\n\n\\[^1\\]: Before 6.2.0 they were\ngrouped."
    )
    assert entries["other"].answer == "Nothing cited."


def test_a_marker_comment_inside_a_sentence_leaves_its_words_not_a_hole(tmp_path: Path) -> None:
    """Decision (rawhtml.inline_comments): a short one-line comment with words before it on its line
    is read as its words, its `md:` namespace dropped; any other comment is a note to editors, and goes."""
    text = (
        "# C\n\n## Tabs\n\n<!-- md:version 6.2.0 -->\n\nPrior to <!-- md:version 6.2.0 -->, tabs differed."
        " <!-- TODO: this note to editors is much too long to be a marker -->\n"
    )
    [entry] = [entry for entry in _entries(tmp_path, text, "c.md") if entry.id == "tabs"]
    assert entry.answer == "Prior to version 6.2.0, tabs differed."


def test_details_questions_are_sections_and_other_details_stay_in_theirs(tmp_path: Path) -> None:
    """bolt.diy's FAQ (blind7) asks its questions in `<details><summary>`: each is a section, and a
    label over headings is their parent. starship's "Linux" / "macOS" labels are parts of an install
    step, as before."""
    entries = _entries(
        tmp_path,
        "# FAQ\n\n<details>\n<summary><strong>How do I pick a model?</strong></summary>\n\nUse a big one.\n\n"
        "</details>\n\n<details><summary>Common errors</summary>\n\n### Blank preview\n\nCheck the console."
        "\n\n</details>\n\n## Install\n\n<details>\n<summary>Linux</summary>\n\nRun the script.\n\n</details>"
        "\n",
        "FAQ.md",
    )
    assert [(entry.question, entry.line, entry.context) for entry in entries] == [
        ("How do I pick a model?", 4, ""),  # the document's title is no context
        ("Blank preview", 12, "Common errors"),
        ("Install", 18, ""),
    ]
    assert entries[0].answer == "Use a big one."
    assert entries[2].answer == "Linux\n\nRun the script."


def test_hard_line_breaks_are_kept_outside_code(tmp_path: Path) -> None:
    """Was: trailing spaces were trimmed from every line and `<br />` shown raw (Cortex's playbooks,
    bolt.diy's FAQ, blind7), so "**Increase the limit**<br />" ran into the sentence under it."""
    (entry,) = _entries(
        tmp_path,
        "# Fix\n\n1. **Increase the limit**<br />\n   Then restart.\n2. **Label**:  \n   text<br>more\n\n"
        "```\ncode<br>  \n```\n\n| a<br>b | c |\n|---|---|\n",
        "guide.md",
    )
    assert entry.answer.split("\n")[:5] == [
        "1. **Increase the limit**  ", "   Then restart.", "2. **Label**:  ", "   text  ", "more",
    ]  # fmt: skip
    assert "```\ncode<br>\n```" in entry.answer and "| a b | c |" in entry.answer


def test_github_alerts_and_hugo_shortcodes_read_as_a_reader_sees_them(tmp_path: Path) -> None:
    """Was: `> [!NOTE]` and `{{% param "hugoMinVersion" %}}` showed as written (fzf's README, Docsy's
    pages, blind8). In code they stay as written: a page about the syntax shows it."""
    (entry,) = _entries(
        tmp_path,
        "# Install\n\n> [!IMPORTANT]\n> Set up the shell too.\n\n"
        'Use version {{% param "hugoMinVersion" %}} or later ([guide]({{< relref "guide.md" >}})).\n\n'
        '{{% alert title="Careful" color="warning" %}}\nBack up first.\n{{% /alert %}}\n\n'
        '```\n> [!NOTE]\n{{< param "x" >}}\n```\n',
        "install.md",
    )
    assert entry.answer.startswith("> **Important**\\\n> Set up the shell too.")
    assert "Use version `hugoMinVersion` or later ([guide](guide.md))." in entry.answer
    assert "**Careful**\nBack up first." in entry.answer and "/alert" not in entry.answer
    assert entry.answer.endswith('```\n> [!NOTE]\n{{< param "x" >}}\n```')


def test_a_table_of_contents_inside_a_wrapper_tag_is_still_one(tmp_path: Path) -> None:
    """HTTPie's manual (blind11) wraps its generated install section in `<div data-...>`: the list of
    links under "Installation" read as that section's answer, a record of nothing but links."""
    entries = _entries(
        tmp_path,
        "# T\n\n## Installation\n\n<div data-x>\n\n<!-- generated -->\n\n- [Universal](#universal)\n"
        "- [macOS](#macos)\n\n### Universal\n\nText.\n\n### macOS\n\nMore.\n\n</div>\n",
        "manual.md",
    )
    assert [entry.question for entry in entries] == ["Universal", "macOS"]


def test_an_end_tag_with_attributes_is_a_tag(tmp_path: Path) -> None:
    """cookiecutter-uv's index (blind11) opens with `</p style = "margin-bottom: 2rem;">`, which showed
    as text: a browser ignores an end tag's attributes."""
    intro = _entries(
        tmp_path,
        '<p align="center">\n  <img src="x.svg">\n</p style = "margin-bottom: 2rem;">\n\nA template.\n\n'
        "## Use\n\nRun it.\n",
        "index.md",
    )[0]
    assert intro.answer == "A template."


def test_wiki_links_read_as_words_and_a_numbered_contents_list_is_one(tmp_path: Path) -> None:
    """Snowplow's wiki page (blind12): `[[Python Tracker]]` kept its brackets, and its contents list,
    "- 1 [Overview](#overview)", was a record of nothing but links."""
    entries = _entries(
        tmp_path,
        "# Tracker\n\n## Contents\n\n- 1 [Overview](#overview)\n- 2 [Setup](#setup)\n\n"
        "## Overview\n\nLike the [[Python Tracker]] and [[its setup|Tracker Setup]].\n\n"
        "## Setup\n\nRun it.\n",
        "Tracker.md",
    )
    assert [entry.question for entry in entries] == ["Overview", "Setup"]
    assert entries[0].answer == "Like the Python Tracker and its setup."


def test_an_accented_headings_id_keeps_its_letters(tmp_path: Path) -> None:
    """A Spanish guide (blind12) had ids like `c-digo-de-conducta`: an accented letter is its letter."""
    entries = _entries(tmp_path, "# Guía\n\n## Código de Conducta\n\nSé amable.\n", "CONTRIBUTING-es.md")
    assert [entry.id for entry in entries] == ["codigo-de-conducta"]


def test_a_headings_escapes_and_entities_are_the_characters_they_stand_for(tmp_path: Path) -> None:
    """The typography page (blind13) wrote `### &lt;kbd&gt;`: it read "kbd"; `\\_\\_init\\_\\_`, "init"."""
    entries = _entries(
        tmp_path,
        "# Page\n\n### &lt;kbd&gt;\n\nKeys.\n\n## The \\_\\_init\\_\\_ method &amp; you\n\nText.\n",
    )
    questions = [entry.question for entry in entries]
    assert questions == ["<kbd>", "The __init__ method & you"]


def test_myst_directives_and_roles_read_as_a_reader_sees_them(tmp_path: Path) -> None:
    """attrs' MyST pages (blind13): `:::{warning}` ran into the paragraph and `{class}`set`` showed as
    typed."""
    (entry,) = _entries(
        tmp_path,
        "# Hashing\n\n## Hash\n\n:::{warning}\nNever set it.\n:::\n\n"
        "Put them in a {class}`set` or see {term}`dunder ones <dunder methods>`.\n",
        "hashing.md",
    )
    assert entry.answer.startswith("> **Warning**\\\n> Never set it.")
    assert entry.answer.endswith("Put them in a `set` or see `dunder ones`.")


def test_an_html_comment_in_code_is_code_and_stays(tmp_path: Path) -> None:
    """DSFR's README (blind29) lost its `<!-- ... -->` lines from an ```html fence; in prose they go."""
    text = (
        "## Setup\n\n<!-- a note to editors -->\nAdd this:\n\n```html\n<head>\n  <!-- the theme colour -->\n"
        '  <meta name="theme-color"><!-- 180x180 -->\n</head>\n```\n'
    )
    (entry,) = _entries(tmp_path, text)
    assert entry.answer == (
        "Add this:\n\n```html\n<head>\n  <!-- the theme colour -->\n"
        '  <meta name="theme-color"><!-- 180x180 -->\n</head>\n```'
    )


def test_a_books_summary_is_its_navigation_not_a_page(tmp_path: Path) -> None:
    """mdBook's SUMMARY.md (typeshare's book, blind29) was a record of the sidebar's links."""
    book = tmp_path / "src"
    (book / "usage").mkdir(parents=True)
    _page(book, "# Summary\n\n- [Overview](./overview.md)\n- [Usage](./usage/usage.md)\n---\n", "SUMMARY.md")
    _page(book, "# Overview\n\nTypeshare shares types.\n", "overview.md")
    _page(book / "usage", "# Usage\n\nRun `typeshare .`.\n", "usage.md")
    assert [entry.question for entry in load_documents(book).of(FAQ)] == ["Overview", "Usage"]
    written = _page(tmp_path, "# Summary\n\nThe release in one paragraph.\n", "SUMMARY.md")
    assert [entry.question for entry in load_documents(written).of(FAQ)] == ["Summary"]


def test_a_section_of_one_quoted_line_is_drawn_as_a_quote(tmp_path: Path) -> None:
    """DSFR's README (blind29): ">This Design System is only meant ..." showed its `>` on a terminal."""
    (entry,) = _entries(tmp_path, "# T\n\n## Prohibited use\n\n>Only for official websites.\n")
    assert entry.answer == ">Only for official websites." and is_markdown(entry.answer)
    page = str(tmp_path / "page.md")
    shown = SGR.sub("", run("--pack", page, "show", "prohibited-use", env=TERMINAL).stdout)
    assert ">Only" not in shown and "Only for official websites." in shown  # drawn as a quote on a terminal


@pytest.mark.parametrize(
    ("page", "meta"),
    [
        ("title: Library Reference\nsummary: How to\n    call it.\n\n# Using it\n\nText.\n", True),
        ("Note: this project moved.\n\n# Old\n\nText.\n", False),  # a README's first sentence
        ("title: a line of prose\nthat goes on.\n\n# Old\n\nText.\n", False),
        ("Status: no longer maintained. Use foo instead.\n\n# Old\n\nText.\n", False),  # a sentence
    ],
)
def test_multimarkdown_meta_data_is_the_pages_title_never_its_text(page: str, meta: bool) -> None:
    assert parse_markdown(page).skipped == ()  # an AsciiDoc's, a notebook's Markdown has no meta-data
    outline = parse_markdown_page(page)
    assert (outline.title, outline.introduction is None) == (
        ("Library Reference", True) if meta else ("Old", False)
    )
    assert [skipped.reason for skipped in outline.skipped] == (["front matter"] if meta else [])


def test_an_image_tag_in_prose_says_its_alt_text_and_code_shows_the_tag(tmp_path: Path) -> None:
    """Babel's CONTRIBUTING (blind32): "Click Resume <img alt="Resume script execution button."> to jump"
    lost the picture's words; in inline code the tag is the text."""
    entries = _entries(
        tmp_path,
        '# Debugging\n\nClick Resume <img src="b.png" alt="Resume button." width="16"> to jump.\n'
        'Write `<img alt="x">` to show one.\n',
    )
    assert [(entry.question, entry.answer) for entry in entries] == [
        ("Debugging", 'Click Resume ![Resume button.](b.png) to jump.\nWrite `<img alt="x">` to show one.')
    ]


def test_an_escaped_image_tag_stays_text(tmp_path: Path) -> None:
    entries = _entries(tmp_path, '# Logo\n\nWrite \\<img alt="Logo" src="l.png"> for it.\n')
    assert [entry.answer for entry in entries] == ['Write \\<img alt="Logo" src="l.png"> for it.']


def test_a_row_of_translation_links_above_the_title_is_not_the_introduction(tmp_path: Path) -> None:
    entries = _entries(
        tmp_path, "[中文版](./README-zh.md)\n| [日本語版](./README-ja.md)\n\n# Guide\n\nRules.\n"
    )
    assert [(entry.question, entry.answer) for entry in entries] == [("Guide", "Rules.")]


def test_a_title_in_a_centred_div_is_the_pages_title_and_display_math_keeps_its_lines(tmp_path: Path) -> None:
    """brutils' README (blind37): `<div align="center"><h1>` was read as text under an "About" record;
    the quantization guide's `$$` formulas were folded into one line of prose."""
    page = '<div align="center">\n<h1>Brazilian Utils</h1>\n\n<p>Utils.</p>\n\n</div>\n\n# Intro\n\nText.\n'
    entries = _entries(tmp_path, page + "\n$$\nS = \\frac{a}{b}\n$$\n")
    assert [(entry.question, entry.line) for entry in entries] == [("Brazilian Utils", 2), ("Intro", 8)]
    assert entries[1].answer == "Text.\n\n```math\nS = \\frac{a}{b}\n```"


def test_korean_is_read_as_pairs_of_syllables(tmp_path: Path) -> None:
    """khaiii's README (blind38): Korean attaches its particles to words ("문장을"), so a question saying
    "문장" met nothing; read as pairs of syllables, as Lucene's CJK analyser reads Hangul, it does."""
    from leadercli.matching.text import normalize

    assert {"문장", "장을"} <= set(normalize("문장을 분석"))
