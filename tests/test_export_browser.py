"""export -f html, judged in a real headless Chromium: on a phone, on a desktop, dark, and printed.

How: tests/chromium.py drives Debian's `chromium` over the DevTools protocol on a pipe (no new
dependency). Each page is the file `leadercli export -f html -o FILE` wrote, loaded as it is, content
security policy included; the measuring script is evaluated through the protocol, which that policy
does not govern. Overflow is geometry, not pixels: at 390 CSS pixels no element may end past the right
edge of the body's content box (unless it sits inside a box that scrolls or clips it, as a wide code
block does) and the page may not scroll sideways. Print is read back from the PDF Chromium prints:
its structure tree says on which page every run of text lies, so a heading whose next line is on the
next page is found exactly; several paper heights move the page breaks around the FAQ.

The browser is found, or installed with apt-get when running as root, once per session in a fixture,
so the install is not part of any test's own time; every apt-get and protocol step has a timeout.
Where there is no browser and none can be installed the tests are skipped, saying why.
"""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from leadercli.export import CONTENT_SECURITY_POLICY
from tests.chromium import Browser, _run_bounded, find_or_install, stranded_headings
from tests.conftest import run

PHONE, DESKTOP = 390, 1280
DOCS = Path(__file__).parent / "fixtures" / "docs"
DOT_PNG = (
    "data:image/png;base64,"
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)
LONG_WORDS = """\
title: A pack with Supercalifragilisticexpialidociousnessandthensomemorelettersstill words
source: https://example.com/a/very/long/address/without/any/space/in/it/at/all/to/break/on/anywhere
entries:
  - id: one
    question: What about Pneumonoultramicroscopicsilicovolcanoconiosisandmorelettersstill?
    answer: A https://example.com/another/very/long/address/that/does/not/break/naturally/anywhere/x
  - id: two
    question: And a second?
    answer: Yes.
"""
LONG_RISKS = """\
risks:
  - name: Hippopotomonstrosesquippedaliophobiaandthensomemorelettersstill
    risk: short
    mitigation: https://example.com/mitigation/with/a/very/long/address/that/has/no/space/anywhere/x
"""

OVERFLOW = """(() => {
  const body = document.body;
  const edge = body.getBoundingClientRect().right - parseFloat(getComputedStyle(body).paddingRight);
  const contained = (element) => {
    for (let up = element.parentElement; up && up !== body; up = up.parentElement)
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    return false;
  };
  const past = [];
  for (const element of body.querySelectorAll('*')) {
    const box = element.getBoundingClientRect();
    if (box.width > 0 && box.right > edge + 0.5 && !contained(element))
      past.push(`<${element.localName}> "${element.textContent.trim().slice(0, 40)}" ends at ${box.right}`);
  }
  const root = document.documentElement;
  return {viewport: root.clientWidth, scrolls: root.scrollWidth, edge, past};
})()"""

CELLS = """[...document.querySelectorAll('table.records')].flatMap(table => {
  const names = [...table.querySelectorAll('th')].map(th => th.textContent);
  return [...table.querySelectorAll('tbody tr')].flatMap(row => [...row.cells].map((cell, column) => ({
    display: getComputedStyle(table).display,
    label: getComputedStyle(cell, '::before').content,
    column: names[column],
    right: cell.getBoundingClientRect().right,
    height: cell.getBoundingClientRect().height,
  })));
})"""

CONTRAST = """(() => {
  const rgb = (text) => text.match(/[\\d.]+/g).slice(0, 3).map(Number);
  const linear = (c) => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  const luminance = (text) => {
    const [r, g, b] = rgb(text).map(linear);
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const ground = getComputedStyle(document.documentElement).backgroundColor;
  const ratio = (text) => { const [a, b] = [luminance(text), luminance(ground)].sort((x, y) => y - x);
                            return (a + 0.05) / (b + 0.05); };
  const parts = ['body', 'h1', 'h2', 'h3', '.meta', '.source', 'nav.index a', 'td', '.why'];
  const colour = (part) => getComputedStyle(document.querySelector(part)).color;
  const ratios = Object.fromEntries(parts.map(part => [part, ratio(colour(part))]));
  return {ground: luminance(ground), ratios};
})()"""

HEADINGS = "[...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => h.textContent)"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    executable, reason = find_or_install()
    if executable is None:
        pytest.skip(f"no headless browser for the HTML export tests: {reason}")
    launched = Browser(executable)
    yield launched
    launched.close()


def _export(target: Path, *pack: str) -> Path:
    result = run(*pack, "export", "-f", "html", "-o", str(target))
    assert result.exit_code == 0, result.output
    return target


@pytest.fixture(scope="module")
def shipped_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _export(tmp_path_factory.mktemp("export") / "shipped.html")


def _page(name: str, tmp_path: Path, make_pack: object) -> Path:
    if name == "long words":
        assert callable(make_pack)
        return _export(tmp_path / "long.html", "--pack", str(make_pack(LONG_WORDS, LONG_RISKS)))
    return _export(tmp_path / "page.html", "--pack", str(DOCS / name))


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_the_shipped_page_fits_the_screen(browser: Browser, shipped_page: Path, width: int) -> None:
    """On a phone the risks table ran off the right edge (Mitigation unseen); the cadence table touched it."""
    measured = browser.page(shipped_page, width=width).evaluate(OVERFLOW)
    assert measured["past"] == [], f"past the {measured['edge']} px margin at {width} px"
    assert measured["scrolls"] <= measured["viewport"]  # a desktop's scroll bar takes a few pixels


@pytest.mark.parametrize("name", ["long words", "uv-guides", "starship-readme", "bat-readme"])
def test_nothing_overflows_a_phone(browser: Browser, tmp_path: Path, make_pack: object, name: str) -> None:
    """Long unbroken words and addresses wrap; documents' code blocks and tables scroll inside themselves."""
    measured = browser.page(_page(name, tmp_path, make_pack), width=PHONE).evaluate(OVERFLOW)
    assert measured["past"] == [], f"past the {measured['edge']} px margin at {PHONE} px"
    assert measured["scrolls"] <= measured["viewport"] == PHONE


def test_tables_reflow_into_labelled_cards_on_a_phone(browser: Browser, shipped_page: Path) -> None:
    phone = browser.page(shipped_page, width=PHONE).evaluate(CELLS)
    assert len(phone) == 3 * 4 + 2 * 4 + 3 * 3  # risks, metrics, cadence
    for cell in phone:
        assert cell["display"] == "block"
        assert cell["label"] == f'"{cell["column"]}"'  # every value says which column it came from
        assert cell["right"] <= PHONE and cell["height"] > 0
    desktop = browser.page(shipped_page, width=DESKTOP).evaluate(CELLS)
    assert {cell["display"] for cell in desktop} == {"table"}
    assert {cell["label"] for cell in desktop} == {"none"}


@pytest.mark.parametrize(("media", "dark"), [("screen", False), ("screen", True), ("print", True)])
def test_text_is_legible_light_dark_and_printed(
    browser: Browser, shipped_page: Path, media: str, dark: bool
) -> None:
    """WCAG AA (4.5:1) for every kind of text against the page; print is dark on light even when the
    reader's screen is dark, since paper is white and backgrounds are not printed."""
    measured = browser.page(shipped_page, width=DESKTOP, media=media, dark=dark).evaluate(CONTRAST)
    on_dark = dark and media == "screen"
    assert (measured["ground"] < 0.05) if on_dark else (measured["ground"] > 0.9)
    low = {part: round(ratio, 2) for part, ratio in measured["ratios"].items() if ratio < 4.5}
    assert low == {}


def test_print_keeps_every_heading_with_what_follows(browser: Browser, shipped_page: Path) -> None:
    page = browser.page(shipped_page, width=DESKTOP, media="print")
    headings = page.evaluate(HEADINGS)
    assert len(headings) == 1 + 7 + 24
    stranded: dict[str, list[str]] = {}
    for height in (5, 5.5, 6, 6.5, 7, 7.5, 8, 8.5, 9, 9.5, 10, 10.5, 11):
        seen, positions = stranded_headings(page.pdf(paper_height=height))
        assert seen == len(headings)  # the PDF is tagged: every heading is found in it
        if positions:
            stranded[f"{height} in"] = [headings[position] for position in positions]
    assert stranded == {}
    assert page.evaluate("getComputedStyle(document.querySelector('nav.contents')).display") == "none"


def test_the_content_security_policy_holds_in_the_browser(browser: Browser, tmp_path: Path) -> None:
    """A document's Markdown image is rendered as <img>, and the policy keeps it from loading: without
    the policy the very same page shows it."""
    guide = tmp_path / "guide.md"
    guide.write_text(f"## Logo\n\nOur logo:\n\n![dot]({DOT_PNG})\n\n## Other\n\nWords.\n", encoding="utf-8")
    page = _export(tmp_path / "page.html", "--pack", str(guide))
    text = page.read_text(encoding="utf-8")
    assert f'content="{CONTENT_SECURITY_POLICY}"' in text
    loaded = "[...document.images].map(image => image.naturalWidth)"
    assert browser.page(page, width=DESKTOP).evaluate(loaded) == [0]
    unguarded = tmp_path / "unguarded.html"
    unguarded.write_text(text.replace("Content-Security-Policy", "X-Removed"), encoding="utf-8")
    assert browser.page(unguarded, width=DESKTOP).evaluate(loaded) == [1]


def test_without_a_browser_or_the_right_to_install_one_the_reason_is_given(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("LEADERCLI_CHROMIUM", str(tmp_path / "no-such-browser"))
    assert find_or_install() == (
        None,
        f"LEADERCLI_CHROMIUM={tmp_path / 'no-such-browser'} is not an executable",
    )
    monkeypatch.delenv("LEADERCLI_CHROMIUM")
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(os, "geteuid", lambda: 1000)
    found, reason = find_or_install()
    assert found is None and reason.startswith("chromium is not installed (apt-get install chromium, as root")


def test_a_stalled_install_is_stopped_with_everything_it_started(tmp_path: Path) -> None:
    """apt-get hands downloads to child processes: the whole process group goes at the deadline."""
    marker = tmp_path / "child.pid"
    started = time.monotonic()
    failure = _run_bounded(["sh", "-c", f"sleep 60 & echo $! > {marker}; wait"], dict(os.environ), 1.0)
    assert failure == "no result after 1 s" and time.monotonic() - started < 10
    time.sleep(0.2)
    assert not _running(int(marker.read_text()))
    assert _run_bounded(["sh", "-c", "echo first; echo 'E: Unable to locate package'; exit 100"], {}, 5) == (
        "E: Unable to locate package"
    )


def _running(pid: int) -> bool:
    """Whether a process runs (a killed one nobody has reaped yet is a zombie, state Z, not running)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="utf-8")
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"
