"""HTML pages as documents (leadercli.packs.documents.htmlpage): what a browser shows, cut at headings."""

from __future__ import annotations

import time
from pathlib import Path

from leadercli.packs.documents.htmlpage import fragment_markdown, parse_html
from leadercli.packs.loader import load_pack
from leadercli.packs.sections import FAQ
from tests.conftest import one_error_line, run, run_json

PAGE = """<!DOCTYPE html>
<html lang="en">
<head><title>Widget FAQ &mdash; docs</title>
<script>var secret = "never shown";</script>
<style>body { color: red }</style>
</head>
<body>
<nav><a href="/">Home</a> <a href="/blog">Blog</a></nav>
<div role="navigation" class="sphinxsidebar"><ul><li><a href="#install">Install</a></li></ul></div>
<h1>Widget FAQ<a class="headerlink" href="#widget-faq">&para;</a></h1>
<p>Widget is a tool that makes widgets &amp; gadgets.</p>
<h2 id="install">How do I install it?<a class="headerlink" href="#install">¶</a></h2>
<p>Run <code>pip install widget</code>. On Windows use the <a href="https://x.org/setup.exe">installer</a>.
<h2>Why is it slow?</h2>
<p>Large inputs take time, and 2*3*4 is <em>still</em> small.
<ul>
<li>Use <b>--fast</b>.
<li><p>Or split the input:</p>
  <ol><li>one</li><li>two</li></ol>
</ul>
<pre class="language-shell">widget --fast big.txt
  &lt;indented&gt; line
</pre>
<h3>Options</h3>
<table><tr><th>Option</th><th>Meaning</th></tr><tr><td>-v</td><td>verbose | loud</td></tr></table>
<blockquote><p>Fast is relative.</p></blockquote>
<footer>Copyright 2026 Widget Inc.</footer>
</body>
</html>
"""


def test_a_page_is_cut_at_its_headings_and_read_as_a_browser_shows_it() -> None:
    outline = parse_html(PAGE)
    assert outline.title == "Widget FAQ — docs"
    assert [(h.title, h.level, h.line) for h in outline.headings] == [
        ("Widget FAQ", 1, 10),
        ("How do I install it?", 2, 12),
        ("Why is it slow?", 2, 14),
        ("Options", 3, 24),
    ]
    first, install, slow, options = (h.body for h in outline.headings)
    assert first == "Widget is a tool that makes widgets \\& gadgets."
    assert install == ("Run `pip install widget`. On Windows use the [installer](https://x.org/setup.exe).")
    assert slow.split("\n\n") == [
        "Large inputs take time, and 2\\*3\\*4 is *still* small.",
        "- Use **--fast**.\n- Or split the input:\n  1. one\n  1. two",
        "```shell\nwidget --fast big.txt\n  <indented> line\n```",
    ]
    assert options == "| Option | Meaning |\n| --- | --- |\n| -v | verbose \\| loud |\n\n> Fast is relative."
    everything = "\n".join(h.body for h in outline.headings)
    for hidden in ("secret", "color: red", "Home", "Blog", "Copyright", "¶"):
        assert hidden not in everything


def test_text_before_the_first_heading_is_the_introduction() -> None:
    outline = parse_html("<html><body>\n<p>Gizmo is a library for gizmos.</p>\n<h2>Usage</h2><p>Call it.</p>")
    assert outline.introduction is not None
    assert (outline.introduction.title, outline.introduction.line) == ("About Gizmo", 2)
    assert [h.title for h in outline.headings] == ["Usage"]


def test_a_page_without_headings_is_one_section_named_by_its_title() -> None:
    outline = parse_html("<title>Release notes</title><p>Version 2 fixes the parser.</p>")
    assert [(h.title, h.body) for h in outline.headings] == [("Release notes", "Version 2 fixes the parser.")]


def test_broken_markup_is_read_and_never_slow() -> None:
    """Unclosed tags, stray end tags and deep nesting: one pass, whatever the page."""
    outline = parse_html("</div></p><h2>A <b>bold<h2>B</h2><p>text <i>unclosed")
    assert [h.title for h in outline.headings][-1] == "B"
    deep = "<div>" * 50_000 + "<h2>Deep</h2><p>words</p>" + "</div>" * 50_000
    started = time.perf_counter()
    assert [h.title for h in parse_html(deep).headings] == ["Deep"]
    assert time.perf_counter() - started < 5
    # Tags that never close: Python's parser looked for each one's end to the end of the page (70 s here).
    unclosed = "<h2>Open</h2><p>" + "<div" * 100_000 + "<dt>why?" * 20_000
    started = time.perf_counter()
    assert [h.title for h in parse_html(unclosed).headings] == ["Open"]
    assert fragment_markdown("<table" * 100_000).startswith("\\<table\\<table")
    assert time.perf_counter() - started < 5
    (compared,) = parse_html("<h2>T</h2><p>if a < b and c<d then</p>").headings
    assert compared.body == "if a \\< b and c\\<d then"


def test_end_tags_of_emphasis_never_opened_are_passed_over_quickly() -> None:
    # Each </i> once looked back through the whole paragraph for an <i> that was never there.
    page = "<p>" + "<b>x</i>" * 100_000 + "</p><p>A <b>bold <i>and</i></b> word.</p>"
    started = time.perf_counter()
    outline = parse_html(page)
    assert time.perf_counter() - started < 3
    assert outline.headings[0].body.endswith("A **bold *and*** word.")


def test_an_html_page_answers_and_a_folder_reads_its_pages(tmp_path: Path) -> None:
    page = tmp_path / "faq.html"
    page.write_text(PAGE, encoding="utf-8")
    reply = run_json("--pack", str(page), "ask", "why is widget so slow")
    assert reply["match"]["question"] == "Why is it slow?"
    assert "--fast" in reply["match"]["answer"]
    (tmp_path / "guide.md").write_text("# Guide\n\n## Colours\n\nSet the colour.\n", encoding="utf-8")
    ids = {entry.id for entry in load_pack(tmp_path).of(FAQ)}
    assert {"why-is-it-slow", "colours"} <= ids


def test_a_page_of_only_scripts_is_nothing_to_answer(tmp_path: Path) -> None:
    page = tmp_path / "app.html"
    page.write_text("<html><head><script>app()</script></head><body><div id=root></div></body></html>")
    result = run("--pack", str(page), "ask", "anything")
    assert result.exit_code == 2
    assert "app.html" in one_error_line(result)


def test_a_sidebar_of_the_pages_own_contents_is_left_out() -> None:
    """A page built by MkDocs (RELOG's, blind18) holds its table of contents in a `role="complementary"`
    column before the `role="main"` one: it was a record of its own."""
    page = (
        '<title>Data Format - RELOG</title><div class="col-md-3"><div role="complementary"><ul>'
        '<li><a href="#format">Input Data Format</a></li><li><a href="#plants">Plants</a></li>'
        "</ul></div></div>\n"
        '<div role="main"><h1 id="format">Input Data Format</h1><p>A JSON file.</p>\n'
        '<h2 id="plants">Plants</h2><p>Each plant.</p></div>\n'
    )
    outline = parse_html(page)
    assert outline.introduction is None
    assert [(h.title, h.body) for h in outline.headings] == [
        ("Input Data Format", "A JSON file."),
        ("Plants", "Each plant."),
    ]


def test_a_sites_navigation_before_the_content_is_left_out() -> None:
    """LuaJIT's pages: a logo link, then a nested list of links to the other pages, then the text."""
    page = (
        '<div id="site"><a href="https://luajit.org">LuaJIT</a></div>\n'
        "<h1>Installation</h1>\n"
        '<div id="nav"><ul><li><a href="a.html">LuaJIT</a><ul><li><a href="b.html">Download</a></li>'
        '</ul></li><li><a href="c.html">FAQ</a></li></ul></div>\n'
        "<p>LuaJIT is distributed as source code.</p>\n"
        '<h2>See also</h2><ul><li><a href="x.html">The manual</a></li></ul>\n'
    )
    outline = parse_html(page)
    assert outline.introduction is None  # a logo's link is no introduction
    assert [(h.title, h.body) for h in outline.headings] == [
        ("Installation", "LuaJIT is distributed as source code."),
        ("See also", "- [The manual](x.html)"),  # after the text: a list of links is content
    ]


def test_inline_code_is_shown_as_written() -> None:
    """Pygments' built page (blind9) showed `pip install pygments\\[windows-terminal\\]`: inside `<code>`
    the Markdown characters are code, not text to escape; outside it they still are."""
    outline = parse_html(
        "<h2>Install</h2><p>Run <code>pip install pygments[windows-terminal]</code> or <code>a*b</code>,"
        " not [x] *y*.</p>"
    )
    assert outline.headings[0].body == (
        "Run `pip install pygments[windows-terminal]` or `a*b`, not \\[x\\] \\*y\\*."
    )


def test_a_sphinx_admonitions_title_is_bold() -> None:
    """Pygments' built page (blind9): `<p class="admonition-title">Note</p>` read as a bare "Note"."""
    outline = parse_html(
        '<h2>Install</h2><div class="admonition note"><p class="admonition-title">Note</p>'
        "<p>Use <b>pip</b>.</p></div>"
    )
    assert outline.headings[0].body == "**Note**\n\nUse **pip**."


def test_a_markdown_pages_raw_html_table_is_a_table_with_every_cell_in_its_place(tmp_path: Path) -> None:
    """Bootstrap's support matrix (blind20): its cells were one a line, the empty corner and the dashes
    ("not supported") gone, so "v6.0+" stood under Safari. A caption titles the table, over it."""
    document = tmp_path / "browsers.md"
    document.write_text(
        "# Browsers\n\n## Mobile devices\n\nWe support these.\n\n<table>\n<caption>Support</caption>\n"
        "  <thead><tr><td></td><th>Chrome</th><th>Safari</th></tr></thead>\n"
        "  <tbody><tr><th>Android</th><td>Supported</td><td>&mdash;</td></tr>\n"
        "  <tr><th>iOS</th><td>Supported</td><td>Supported</td></tr></tbody>\n</table>\n\n## Next\n\nMore.\n",
        encoding="utf-8",
    )
    entries = {entry.question: (entry.answer, entry.line) for entry in load_pack(document).of(FAQ)}
    assert entries["Mobile devices"][0] == (
        "We support these.\n\nSupport\n\n|  | Chrome | Safari |\n| --- | --- | --- |\n"
        "| Android | Supported | \u2014 |\n| iOS | Supported | Supported |"
    )
    assert entries["Next"][1] == 14  # line for line: the heading after the table keeps its line


def test_a_minified_page_keeps_every_section(tmp_path: Path) -> None:
    """A page on one line put every heading at line 1, and each section took the one before's place."""
    page = tmp_path / "min.html"
    page.write_text("<h1>T</h1><p>intro</p><h2>A</h2><p>alpha</p><h2>B</h2><p>beta</p>", encoding="utf-8")
    entries = load_pack(page).of(FAQ)
    assert [(entry.question, entry.answer) for entry in entries] == [
        ("T", "intro"),
        ("A", "alpha"),
        ("B", "beta"),
    ]
    assert [entry.line for entry in entries] == [1, 2, 3]  # a line apart, after the one before


HOL_STYLE = """<html><body><h1>FAQ</h1>
<h2>Contents</h2>
<ul><li><a href="#build">Build failures</a><li><a href="#parsing">Parsing</a></ul>
<h2 id="build">Build failures</h2>
<dl>
<dt><strong>Why does the build stop
 at HolBdd?</strong></dt>
<dd><p>Dynamic linking is off.</p></dd>
<dt><strong>Should I worry about <code>warnings</code></strong>?
<dd>No.
<dt>Can I build it on Windows?</dt><dd>Yes.</dd>
<dt>I'd like old versions.</dt><dd>Check out a tag.</dd>
</dl>
<h2 id="parsing">Parsing</h2>
<p>Why can't I write <code>``MAP ~ x``</code>?</p>
</body></html>"""


def test_a_faq_of_definition_lists_has_a_section_per_term_under_its_heading() -> None:
    """HOL's FAQ (blind30): its questions were `<dt>` terms, so each group was one record."""
    headings = [
        (heading.title, heading.level, heading.line, heading.body)
        for heading in parse_html(HOL_STYLE).headings
    ]
    assert headings[1:7] == [
        ("Contents", 2, 2, ""),  # links to the page's own headings: its table of contents, no record
        ("Build failures", 2, 4, ""),
        ("Why does the build stop at HolBdd?", 3, 6, "Dynamic linking is off."),  # at its first words
        ("Should I worry about `warnings`?", 3, 9, "No."),  # a `<dt>` left open, closed by its `<dd>`
        ("Can I build it on Windows?", 3, 11, "Yes."),
        ("I'd like old versions.", 3, 12, "Check out a tag."),  # in a FAQ, a term that does not ask too
    ]


def test_code_holding_backticks_shows_them() -> None:
    (*_, parsing) = parse_html(HOL_STYLE).headings
    assert parsing.body == "Why can't I write ``` ``MAP ~ x`` ```?"


def test_definition_lists_that_do_not_ask_are_terms_of_their_section() -> None:
    page = "<h2>Words</h2><dl><dt>Apple</dt><dd>A fruit.</dd><dt>Pear</dt><dd>Another.</dd></dl>"
    (words,) = parse_html(page).headings
    assert (words.title, words.body) == ("Words", "Apple\n\nA fruit.\n\nPear\n\nAnother.")


def test_an_api_pages_entries_with_ids_are_sections_and_its_folded_source_is_not_shown(
    tmp_path: Path,
) -> None:
    """wpscan_out_parse's pdoc page (blind38): its functions and methods, `<dt id="...">` entries, were
    folded into "Functions" and "Methods", each answer carrying the page's hidden source code."""
    entries = "".join(
        f'<dt id="pkg.{name}"><code>def {name}(x)</code></dt><dd><p>Does {name}.</p>'
        f'<details class="source"><summary>Expand source code</summary><pre>def {name}(x): pass</pre>'
        "</details></dd>"
        for name in ("load", "save")
    )
    page = tmp_path / "index.html"
    page.write_text(
        f"<h1>Package pkg</h1><p>A package.</p><h2>Functions</h2><dl>{entries}</dl>", encoding="utf-8"
    )
    answers = {entry.question: entry.answer for entry in load_pack(page).of(FAQ)}
    assert answers == {
        "Package pkg": "A package.",
        "`def load(x)`": "Does load.",
        "`def save(x)`": "Does save.",
    }
