"""render.layout: column widths that never cut a word, listings that never break an id, the measure."""

from __future__ import annotations

import io
import re
import signal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from leadercli.render import MEASURE, Renderer, without_trailing_blanks
from leadercli.render.layout import MIN_COLUMN, Column, framed_table, listing, widths


def _renderer(width: int, *, terminal: bool = True, plain: bool = False) -> tuple[Renderer, io.StringIO]:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width, force_terminal=terminal, color_system=None, highlight=False)
    return Renderer(console, plain=plain), buffer


def _cells(*values: str) -> list[Text]:
    return [Text(value) for value in values]


def test_a_column_never_gets_narrower_than_its_longest_word() -> None:
    columns = [
        Column("Risk", _cells("Commercialization vs. Safety", "Brain Drain"), 2),
        Column("What could go wrong", _cells("The intense race for commercial superintelligence"), 4),
        Column("Mitigation", _cells("Establish independent AI ethics boards"), 4),
    ]
    sizes = widths(80, columns, 10)
    assert sizes is not None
    assert sizes[0] == len("Commercialization")  # its ratio's share (14) would cut the word
    assert sum(sizes) == 70  # the rest shared by ratio: the table fills the width
    assert sizes[1] >= len("superintelligence")


def test_columns_share_the_width_by_ratio_when_every_word_fits() -> None:
    columns = [Column("a", _cells("word " * 40), 1), Column("b", _cells("word " * 40), 3)]
    assert widths(104, columns, 4) == [25, 75]


def test_no_layout_when_the_words_do_not_fit() -> None:
    columns = [Column("", _cells("superintelligence"), 1), Column("", _cells("organizations"), 1)]
    assert widths(30, columns, 7) is None
    assert widths(40, columns, 7) is not None


def test_fixed_columns_keep_their_widest_cell_and_do_not_wrap() -> None:
    columns = [Column("", _cells("short heading"), 1), Column("", _cells("an-id-that-is-long"), None)]
    sizes = widths(60, columns, 2, expand=False)
    assert sizes == [len("short heading"), len("an-id-that-is-long")]  # without expand: no wider than needed


def test_a_narrow_column_of_prose_is_at_least_min_column() -> None:
    columns = [Column("", _cells("a b c d e f g h i j k l m n o p"), 1), Column("", _cells("x" * 30), None)]
    sizes = widths(80, columns, 2)
    assert sizes is not None and sizes[0] >= MIN_COLUMN
    assert widths(30 + 2 + MIN_COLUMN - 1, columns, 2) is None


def test_a_framed_table_needs_a_wide_enough_terminal() -> None:
    columns = [
        Column("Metric", _cells("Talent Retention Rate"), 2),
        Column("What", _cells("The retention"), 5),
    ]
    assert framed_table("title", columns, 40) is None  # narrow: the caller stacks records instead
    table = framed_table("title", columns, 80)
    assert table is not None and table.width == 80


def test_listing_puts_ids_beside_headings_when_they_fit_else_under_them_whole() -> None:
    rows = [(Text("How is Meta's AI strategy changing?"), "insight-philosophy-disagreements-cause-exits")]
    wide, buffer = _renderer(120)
    listing(wide, rows)
    assert buffer.getvalue().splitlines()[0].split() == [
        "How", "is", "Meta's", "AI", "strategy", "changing?", "insight-philosophy-disagreements-cause-exits"
    ]  # fmt: skip
    narrow, buffer = _renderer(40)
    listing(narrow, rows, lead=["71"])
    lines = [line.rstrip() for line in buffer.getvalue().splitlines()]
    assert "      insight-philosophy-disagreements-cause-exits" in lines  # longer than 40: whole, unwrapped
    assert lines[0].startswith("  71  How is Meta's AI strategy")


def test_prose_is_printed_at_the_measure_and_tables_may_be_wider() -> None:
    out, buffer = _renderer(200)
    assert out.measure == MEASURE
    out.print(Text("word " * 60))
    assert max(len(line.rstrip()) for line in buffer.getvalue().splitlines()) <= MEASURE
    out.print(Text("x" * 150), wide=True)
    assert "x" * 150 in buffer.getvalue()


def test_plain_on_a_terminal_is_the_piped_look_without_trailing_spaces() -> None:
    out, buffer = _renderer(80, plain=True)
    assert not out.fancy
    out.print(out.block(Text("Title"), Text("Body text"), Text("source: FAQ")))
    assert buffer.getvalue() == "Title\nBody text\nsource: FAQ\n"


FAST = settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])

# The expression `Renderer.print` used before: right, but it backtracked for minutes over a long run of
# spaces inside a line (a code block's); `without_trailing_blanks` must give exactly its result.
_OLD_TRAILING_BLANKS = re.compile(r"[^\S\n]+(?=(?:\x1b\[[0-9;]*m|[^\S\n])*$)", re.MULTILINE)


@FAST
@given(st.lists(st.sampled_from(["a", "b", " ", "\t", "\u00a0", "\n", "\x1b[1m", "\x1b[0m", "\x1b[38;5;1m"])))
def test_trailing_blanks_go_and_style_codes_stay_as_before(parts: list[str]) -> None:
    text = "".join(parts)
    assert without_trailing_blanks(text) == _OLD_TRAILING_BLANKS.sub("", text)


def test_a_long_run_of_spaces_inside_a_line_costs_linear_time() -> None:
    """20,000 spaces between two words: the old expression would take hours; this must return at all
    (the alarm turns a hang into a failure)."""
    line = "alpha" + " " * 20_000 + "omega   \x1b[0m  "
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("without_trailing_blanks hung"))
    signal.alarm(10)
    try:
        assert without_trailing_blanks(line) == "alpha" + " " * 20_000 + "omega\x1b[0m"
    finally:
        signal.alarm(0)


def test_an_answer_that_opens_with_a_list_has_no_blank_first_line() -> None:
    from leadercli.packs.sections import FaqEntry
    from leadercli.render import record_body

    out, buffer = _renderer(60)
    entry = FaqEntry(id="flags", question="Flags", answer="- The flags:\n  - `one`\n  - `two`\n\nDone.")
    out.print(out.block(Text("Flags"), record_body(entry, fancy=True)))
    lines = buffer.getvalue().splitlines()
    assert "The flags:" in lines[1], lines


def test_no_word_after_an_inline_image_is_lost_when_the_paragraph_wraps() -> None:
    """Rich 15 drew `![logo](x.svg) A clone with ... Git integration.` as "... Git int" and lost the
    rest of the line (bat's README, the awesome Node.js list): images are drawn as text instead."""
    from leadercli.packs.sections import FaqEntry
    from leadercli.render import record_body

    out, buffer = _renderer(60)
    answer = (
        "![bat - a cat clone](x.svg) ![license](y.svg) A cat(1) clone with syntax highlighting and Git "
        "integration."
    )
    out.print(
        out.block(
            Text("Intro"), record_body(FaqEntry(id="intro", question="Intro", answer=answer), fancy=True)
        )
    )
    words = " ".join(line.strip("│ ") for line in buffer.getvalue().splitlines()).split()
    assert "highlighting and Git integration." in " ".join(words)
    assert "\U0001f306 license" in " ".join(words)


def _drawn(answer: str, width: int = 60) -> list[str]:
    from leadercli.packs.sections import FaqEntry
    from leadercli.render import record_body

    console = Console(width=width, force_terminal=True, color_system=None)
    with console.capture() as captured:
        console.print(record_body(FaqEntry(id="x", question="x", answer=answer), fancy=True))
    return [line.rstrip() for line in captured.get().splitlines()]


def test_a_code_block_has_one_blank_line_above_and_below_not_two() -> None:
    assert _drawn("Run:\n\n```sh\nls -l\n```\n\nDone.") == ["Run:", "", " ls -l", "", "Done."]


def test_a_quotes_paragraphs_stay_apart() -> None:
    assert _drawn("> One.\n>\n> Two.") == ["▌ One.", "▌", "▌ Two."]


def test_a_link_whose_words_are_its_address_shows_it_once() -> None:
    drawn = _drawn("See <https://x.org/a> or [https://y.org](https://y.org) or [site](https://z.org).", 80)
    assert drawn == ["See https://x.org/a or https://y.org or site (https://z.org)."]


def test_a_table_cell_too_long_for_its_column_goes_on_over_the_next_line() -> None:
    """A runbook's table (blind15) showed `/var/log/wal-g/wal-g_bac…`: the path could not be read."""
    drawn = "".join(
        _drawn("| Command | Log |\n|---|---|\n| push | /var/log/wal-g/wal-g_backup_push.log.2026 |", 40)
    )
    assert "…" not in drawn
    assert "wal-g_backup_push.log.2026" in drawn.replace(" ", "").replace("\n", "")


def test_a_link_to_the_page_itself_shows_its_words_even_with_brackets_in_them() -> None:
    """jsdoc2md's member index (blind18): `[.render([options])](#module_x+render)` showed its anchor."""
    assert _drawn("* [.render([options])](#render) and [.clear()](#clear)", 80) == [
        " • .render([options]) and .clear()"
    ]


@pytest.mark.parametrize(
    ("address", "shown"),
    [
        ("theme.zh-CN.md#基础变量seed-token", "(theme.zh-CN.md#基础变量seed-token)"),
        ("a.md#x%1b%5B2J", "(a.md#x%1b%5B2J)"),  # an escape stays encoded: never a control character
        ("https://g.io/group%2Fproject", "(https://g.io/group%2Fproject)"),  # %2F means what it says
    ],
)
def test_a_link_address_is_shown_as_written_not_percent_encoded(address: str, shown: str) -> None:
    """antd's Chinese FAQ (blind25) showed `#%E5%9F%BA%E7%A1%80...` where the page says `#基础变量`."""
    from leadercli.packs.sections import FaqEntry
    from leadercli.render import record_body

    out, buffer = _renderer(100)
    entry = FaqEntry(id="t", question="Tokens", answer=f"See [the seed tokens]({address}) first.\n\nMore.")
    out.print(out.block(Text("Tokens"), record_body(entry, fancy=True)))
    assert shown in "".join(line.strip("│ ") for line in buffer.getvalue().splitlines())
