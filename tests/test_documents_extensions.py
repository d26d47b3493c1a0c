"""Markdown's extensions read as a reader sees them (leadercli.packs.documents.extensions): MyST's
directives in code fences and definition lists, line for line, so every heading keeps its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from leadercli.packs.documents.extensions import containers
from leadercli.packs.documents.load import load_documents
from leadercli.packs.sections import FAQ


def _answers(tmp_path: Path, text: str) -> dict[str, str]:
    document = tmp_path / "page.md"
    document.write_text(text, encoding="utf-8")
    return {entry.question: entry.answer for entry in load_documents(document).of(FAQ)}


def test_a_myst_note_in_a_code_fence_is_a_note_not_code(tmp_path: Path) -> None:
    answers = _answers(
        tmp_path,
        "# Guide\n\n## Hashing\n\n```{note}\n:class: dropdown\nNever set it.\n```\n\n"
        "````{admonition} Be careful\nRead this.\n```{code-block} sh\n:linenos:\nls -l\n```\n````\n\n"
        "```{versionadded} 2.1\nThe flag.\n```\n",
    )
    assert answers["Hashing"] == (
        "> **Note**\\\n> Never set it.\n\n"
        "> **Be careful**\\\n> Read this.\n>\n> ```sh\n> ls -l\n> ```\n\n"
        "> **New in version 2.1**\\\n> The flag."
    )


def test_myst_colon_fences_read_by_kind_too(tmp_path: Path) -> None:
    """MyST's `:::{x}` fences: a tab set is its tabs, each titled; a note a note; options go."""
    answers = _answers(
        tmp_path,
        "# Guide\n\n## Install\n\n::::{tab-set}\n\n"
        ":::{tab-item} Linux\n:sync: linux\n\napt install x\n:::\n\n"
        ":::{tab-item} macOS\nbrew install x\n:::\n\n::::\n\n:::{tip}\n:class: dropdown\nUse a venv.\n:::\n",
    )
    assert answers["Install"] == (
        "**Linux**\\\napt install x\n\n**macOS**\\\nbrew install x\n\n> **Tip**\\\n> Use a venv."
    )


def test_myst_code_keeps_its_language_and_loses_its_options(tmp_path: Path) -> None:
    answers = _answers(
        tmp_path, "# Guide\n\n## Run\n\n```{code-block} python\n:linenos:\n:caption: x\nprint(1)\n```\n"
    )
    assert answers["Run"] == "```python\nprint(1)\n```"


def test_a_contents_tree_or_an_included_file_shows_nothing(tmp_path: Path) -> None:
    answers = _answers(
        tmp_path,
        "# Guide\n\n## Start\n\nRead on.\n\n```{toctree}\n:maxdepth: 2\nintro\nusage\n```\n\n"
        "```{include} ../README.md\n:start-after: '<!-- begin -->'\n```\n\n## Next\n\nMore.\n",
    )
    assert answers == {"Start": "Read on.", "Next": "More."}


def test_a_figure_shows_its_caption_not_its_file(tmp_path: Path) -> None:
    answers = _answers(
        tmp_path, "# Guide\n\n## Look\n\n```{figure} img/arch.png\n---\nwidth: 50%\n---\nThe parts.\n```\n"
    )
    assert answers["Look"] == "The parts."


def test_a_myst_directive_shown_as_code_stays_code() -> None:
    lines = ["````md", "```{note}", "shown as typed", "```", "````"]
    assert containers(lines) == lines


def test_every_line_keeps_its_number_so_headings_keep_theirs(tmp_path: Path) -> None:
    document = tmp_path / "page.md"
    document.write_text(
        "# Guide\n\n```{note}\n:class: x\nA.\n```\n\n## Second\n\nB.\n\nTerm\n: def\n\n## Third\n\nC.\n",
        encoding="utf-8",
    )
    assert [(entry.question, entry.line) for entry in load_documents(document).of(FAQ)] == [
        ("Guide", 1),
        ("Second", 8),
        ("Third", 15),
    ]


@pytest.mark.parametrize(
    ("lines", "shown"),
    [
        (["Term", ": A meaning.", ": Another."], ["**Term**\\", "A meaning.\\", "Another."]),
        (
            ["Apple", ":   A fruit.", "Orange", ":   A colour."],
            ["**Apple**\\", "A fruit.\\", "**Orange**\\", "A colour."],
        ),
        (["Spaced", "", ": after a blank line"], ["**Spaced**", "", "after a blank line"]),
        (["**Bold**", ": kept as it is"], ["**Bold**\\", "kept as it is"]),
        (
            ["Prose that goes", "on over lines", ": no term"],
            ["Prose that goes", "on over lines", ": no term"],
        ),
        (["- an item", ": no term"], ["- an item", ": no term"]),
        (["```", "Term", ": code", "```"], ["```", "Term", ": code", "```"]),
    ],
)
def test_a_definition_list_is_each_term_in_bold_over_its_meaning(lines: list[str], shown: list[str]) -> None:
    assert containers(["Intro.", "", *lines]) == ["Intro.", "", *shown]


def test_a_notebook_cell_stays_code_without_its_braces_or_options() -> None:
    """R Markdown's and Quarto's ```{r} cells are code, not a directive's text."""
    lines = ["```{r}", "x <- 1", "```", "```{python}", "#| label: fig-plot", "print(1)", "```"]
    assert containers(lines) == ["```r", "x <- 1", "```", "", "```python", "print(1)", "```"]
    assert containers(["```{r, echo=FALSE}", "y", "```"]) == ["```{r, echo=FALSE}", "y", "```"]


def test_quarto_callouts_are_notes_titled_by_attribute_heading_or_kind(tmp_path: Path) -> None:
    answers = _answers(
        tmp_path,
        "# Guide\n\n## Callouts\n\n::: callout-important\n## This is Important\n\nDanger.\n:::\n\n"
        '::: {.callout-tip title="Heads up"}\nCareful.\n:::\n\n::: {.callout-note}\nPlain.\n:::\n\n'
        ':::: {.columns}\n::: {.column width="50%"}\nLeft\n:::\n::::\n',
    )
    assert answers == {
        "Callouts": "> **This is Important**\n>\n>\n> Danger.\n\n> **Heads up**\\\n> Careful.\n\n"
        "> **Note**\\\n> Plain.\n\nLeft"
    }  # the callout's heading is its title, never a section of its own


def test_quarto_and_r_markdown_pages_are_markdown_in_a_folder(tmp_path: Path) -> None:
    (tmp_path / "intro.qmd").write_text("# Intro\n\n## Setup\n\nInstall R.\n", encoding="utf-8")
    (tmp_path / "report.Rmd").write_text("# Report\n\n## Plots\n\nUse ggplot.\n", encoding="utf-8")
    entries = load_documents(tmp_path).of(FAQ)
    assert sorted((entry.question, entry.answer) for entry in entries) == [
        ("Plots", "Use ggplot."),
        ("Setup", "Install R."),
    ]


def test_pandoc_divs_close_on_any_colon_line_and_a_div_opening_with_a_heading_is_its_section(
    tmp_path: Path,
) -> None:
    """The Carpentries' setup page (blind14) opens callouts with 41 colons and closes them with 50: the
    whole page was one record, its `::: solution` panels' headings inside a quote."""
    colons = ":" * 41
    answers = _answers(
        tmp_path,
        f"# Setup\n\n## Download\n\nGet the zip.\n\n{colons}  callout\n\nUnzip it twice on Windows.\n\n"
        f"{':' * 50}\n\n## Install\n\nInstall a shell.\n\n:::::::: solution\n\n### Windows {{#windows}}\n\n"
        "Use Git for Windows.\n\n::::::::\n",
    )
    assert answers == {
        "Download": "Get the zip.\n\n> **Callout**\n>\n> Unzip it twice on Windows.",
        "Install": "Install a shell.",
        "Windows": "Use Git for Windows.",
    }


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("[absolute path]{#absolute-path}", "absolute path"),  # a Pandoc span: its words
        ("![](fig/tree.svg){alt='A tree'}", "![](fig/tree.svg)"),  # an image's attributes
        ('[docs](https://x.org){:target="_blank"}', "[docs](https://x.org)"),  # kramdown's
        ("the `[[runners]]` section and [[Wiki Page]]", "the `[[runners]]` section and Wiki Page"),
        ("call f(x){return 1} as written", "call f(x){return 1} as written"),  # no attribute list
        ("[[back]](01-intro.md) [[next]](03-run.md)", "[[back]](01-intro.md) [[next]](03-run.md)"),  # links
        ("Use {glue}`key` as `` {glue}`key` ``.", "Use `key` as `` {glue}`key` ``."),  # a role shown as code
        ("* `{type}` is `path` or `line`", "* `{type}` is `path` or `line`"),  # ripgrep's FAQ lost `{type}`
        ("(glue/main)=", ""),  # MyST's target label and cell break: nothing on the page
        ('+++ {"tags": ["hide"]}', ""),
    ],
)
def test_spans_attributes_and_wiki_links_read_as_words_but_never_inside_code(line: str, shown: str) -> None:
    assert containers([line]) == [shown]


def test_a_notebook_cell_its_page_hides_is_not_shown() -> None:
    lines = ["```{python}", "#| echo: false", "import pandas", "```", "Text."]
    assert containers(lines) == ["", "", "", "", "Text."]


def test_a_glossary_opening_its_section_is_one_section_a_term(tmp_path: Path) -> None:
    """The Carpentries' reference page (blind14): a Pandoc definition list of 40 `[term]{#id}` terms was
    one record of 178 lines; a short list stays part of its section's text."""
    glossary = "".join(f"[term {n}]{{#t{n}}}\n:   Meaning {n}.\n\n" for n in range(1, 7))
    answers = _answers(
        tmp_path,
        f"# Reference\n\n## Glossary\n\n{glossary}## Philosophy\n\n**Small**\n: Keep it small.\n\n"
        "**Plain**\n: Keep it plain.\n",
    )
    assert answers == {
        **{f"term {n}": f"Meaning {n}." for n in range(1, 7)},
        "Philosophy": "**Small**\\\nKeep it small.\n\n**Plain**\\\nKeep it plain.",
    }


def test_a_definitions_later_paragraphs_are_prose_and_its_code_language_line_goes() -> None:
    """Python-Markdown's reference (blind31): paragraphs indented under `:   ` were shown as code, and an
    indented code block's `:::python` opened a container that never closed, nesting the rest of the page."""
    lines = [
        "Intro.", "", "__text__", "", ":   The source string.", "", "    More about it, *emphasised*.", "",
        "        :::python", "        text = read()", "", "Back at the margin.",
    ]  # fmt: skip
    assert containers(lines) == [
        "Intro.", "", "__text__", "", "The source string.", "", "More about it, *emphasised*.", "",
        "", "    text = read()", "", "Back at the margin.",
    ]  # fmt: skip


def test_a_colon_container_that_closes_is_still_a_note_when_indented() -> None:
    lines = ["1. Step", "", "    :::note", "    Careful.", "    :::"]
    assert containers(lines)[2].strip() == "> **Note**\\"


def test_terms_with_ids_are_sections_with_those_ids(tmp_path: Path) -> None:
    """A term carrying its own id (`__text__{: #text }`) is a link target, as a heading is: a section,
    one level under the heading above it, even in a list too short to be a glossary."""
    page = (
        "# Reference\n\n## markdown()\n\nThe options:\n\n__text__{: #text }\n\n:   The source.\n\n"
        "__output_format__{: #output_format }:\n\n:   Format of output.\n\n## Other\n\nPlain.\n"
    )
    document = tmp_path / "reference.md"
    document.write_text(page, encoding="utf-8")
    entries = {entry.question: entry for entry in load_documents(document).of(FAQ)}
    assert [(question, entry.answer) for question, entry in entries.items()] == [
        ("markdown()", "The options:"),
        ("text", "The source."),
        ("output_format:", "Format of output."),
        ("Other", "Plain."),
    ]
    assert entries["text"].anchors == ("text",)
    assert entries["text"].context == "markdown()"


@pytest.mark.parametrize(
    ("line", "shown"),
    [
        ("- [ ] to do", "- ☐ to do"),
        ("  * [x] done", "  * ☑ done"),
        ("3. [X] checked", "3. ☑ checked"),
        ("- [link](x) [ ] not a box", "- [link](x) [ ] not a box"),
        ("[ ] not an item", "[ ] not an item"),
    ],
)
def test_task_list_items_show_their_boxes(line: str, shown: str) -> None:
    assert containers([line]) == [shown]


def test_terms_in_a_page_without_headings_stay_terms(tmp_path: Path) -> None:
    """A term with an id, or a glossary's six, in a page with no heading had no section to go under:
    an internal error (found in review)."""
    glossary = "".join(f"Term {n}\n: Meaning {n}.\n\n" for n in range(6))
    for page in ("Some text.\n\n__Widget__{: #widget }\n: A small part.\n", glossary):
        assert list(_answers(tmp_path, page).values()) != []


def test_a_task_item_in_an_indented_code_block_is_code() -> None:
    lines = ["Text.", "", "    - [ ] tests added", "", "- [ ] real", "    - [x] nested deep"]
    assert containers(lines) == ["Text.", "", "    - [ ] tests added", "", "- ☐ real", "    - ☑ nested deep"]
