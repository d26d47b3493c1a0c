"""Documents as packs: real documents nobody here wrote (tests/fixtures/docs, sections counted by hand in
each SOURCE.yaml) come through whole, every command works on them, and bad input gets one clean line."""

from __future__ import annotations

import errno
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from leadercli.errors import DataError
from leadercli.packs.documents.load import FORMATS, document_files, load_documents
from leadercli.packs.documents.outline import Fences
from leadercli.packs.loader import load_pack
from leadercli.packs.sections import FAQ
from tests.conftest import one_error_line, run, run_json

DOCS = Path(__file__).parent / "fixtures" / "docs"
CORPUS = sorted(path.name for path in DOCS.iterdir() if (path / "SOURCE.yaml").is_file())


def source(slug: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((DOCS / slug / "SOURCE.yaml").read_text(encoding="utf-8"))
    return loaded


def pack_of(slug: str) -> Path:
    """The document itself for a one-file document, else its folder."""
    meta = source(slug)
    files = meta["paths"]
    folder = DOCS / slug
    return folder / Path(files[0]).name if len(files) == 1 else folder


_LIST_ITEM = re.compile(r"[ \t]*(?:[-*+]|\d+[.)])[ \t]")


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[`*_#]", "", text).split()).casefold()


@pytest.mark.parametrize("slug", CORPUS)
def test_every_real_section_is_a_record_and_nothing_else_is(slug: str) -> None:
    meta = source(slug)
    pack = load_pack(pack_of(slug))
    base = DOCS / slug
    found = {(Path(entry.path).relative_to(base).as_posix(), entry.line) for entry in pack.of(FAQ)}
    # A repeated sub-heading ("Symptom", "Solution") is part of the section above it (`part_of`).
    expected = {(section["file"], section.get("part_of", section["line"])) for section in meta["sections"]}
    assert len(expected) == meta["expected_records"]
    recall = len(found & expected) / len(expected)
    assert recall >= 0.98, f"{slug}: recall {recall:.1%}, missing {sorted(expected - found)[:5]}"
    assert not found - expected, f"{slug}: records that are not sections {sorted(found - expected)[:5]}"


@pytest.mark.parametrize("slug", CORPUS)
def test_no_answer_holds_another_sections_heading(slug: str) -> None:
    meta = source(slug)
    pack = load_pack(pack_of(slug))
    headings: dict[str, set[str]] = {}  # file -> its headings: a page's bold label may be another's title
    for section in meta["sections"]:
        if "part_of" not in section:
            headings.setdefault(section["file"], set()).add(_plain(section["heading"]))
    for entry in pack.of(FAQ):
        # A fence and the code in it are not text: an info string (```bash) or a line of an ini file
        # ("[run]") may read like a heading.
        fences = Fences()
        # A list item is a list's, not a heading swallowed: a page's own contents list may repeat its
        # headings word for word (FastAPI's Japanese "concepts" page, cjkdev).
        lines = {
            _plain(line)
            for line in entry.answer.split("\n")
            if not fences.code(line) and not _LIST_ITEM.match(line)
        }
        own = headings.get(Path(entry.path).relative_to(DOCS / slug).as_posix(), set())
        swallowed = (own - {_plain(entry.question)}) & lines - {""}
        assert not swallowed, f"{slug}: '{entry.question}' holds the heading(s) {sorted(swallowed)[:3]}"


def test_repeated_sub_headings_are_parts_of_the_section_above(tmp_path: Path) -> None:
    problems = "".join(
        f"## {n}) {trouble}\n\n### Symptom\n\n{trouble} happens.\n\n### Solution\n\nRun `fix-{n}`.\n\n"
        for n, trouble in enumerate(["Pull fails", "Ping fails", "Build hangs"], 1)
    )
    (tmp_path / "runbook.md").write_text(
        f"# Runbook\n\n## Symptom\n\nBefore any topic, it stays.\n\n{problems}"
    )
    entries = load_pack(tmp_path / "runbook.md").of(FAQ)
    assert [entry.question for entry in entries] == [
        "Symptom",
        "1) Pull fails",
        "2) Ping fails",
        "3) Build hangs",
    ]
    first = entries[1]
    assert first.line == 7
    assert first.answer == "**Symptom**\n\nPull fails happens.\n\n**Solution**\n\nRun `fix-1`."
    # Twice is a coincidence, not a pattern: both stay sections of their own.
    (tmp_path / "guide.md").write_text("# A\n\n## Usage\n\nOne.\n\n# B\n\n## Usage\n\nTwo.\n")
    assert [entry.question for entry in load_pack(tmp_path / "guide.md").of(FAQ)] == ["Usage", "Usage"]


def test_the_same_heading_in_two_files_is_two_records() -> None:
    pack = load_pack(DOCS / "uv-guides")
    next_steps = [entry for entry in pack.of(FAQ) if entry.question == "Next steps"]
    assert len(next_steps) == 5
    assert len({entry.id for entry in next_steps}) == 5
    assert len({entry.source for entry in next_steps}) == 5  # each names its own file


def test_context_paths_follow_the_headings(tmp_path: Path) -> None:
    document = tmp_path / "guide.md"
    document.write_text(
        "# Guide\n\nIntro.\n\n## Installation\n\n### Linux\n\n#### From source\n\nRun make.\n\n"
        "## Usage\n\nRun it.\n",
        encoding="utf-8",
    )
    entries = {entry.question: entry for entry in load_documents(document).of(FAQ)}
    assert set(entries) == {"Guide", "From source", "Usage"}  # "Installation" and "Linux" have no text
    assert entries["From source"].context == "Installation > Linux"
    assert entries["Usage"].context == ""


def test_in_a_folder_a_document_title_is_the_context_of_its_sections_not_of_itself(tmp_path: Path) -> None:
    (tmp_path / "hook.md").write_text("# Setup\n\nHook it.\n\n## Bash\n\nAdd a line.\n", encoding="utf-8")
    (tmp_path / "install.md").write_text("# Install\n\nUse a package.\n", encoding="utf-8")
    entries = {entry.question: entry for entry in load_documents(tmp_path).of(FAQ)}
    assert entries["Setup"].context == ""
    assert entries["Bash"].context == "Setup"


def test_front_matter_gives_title_and_source_and_is_never_a_record(tmp_path: Path) -> None:
    document = tmp_path / "faq.md"
    document.write_text(
        "---\ntitle: Team FAQ\nurl: https://example.org/faq\n---\n\n## Holiday coverage\n\nAsk Sam.\n"
        "\n## How do I expense a laptop?\n\nUse the form.\n",
        encoding="utf-8",
    )
    pack = load_documents(document)
    assert (pack.title, pack.source) == ("Team FAQ", "https://example.org/faq")
    assert [entry.question for entry in pack.of(FAQ)] == ["Holiday coverage", "How do I expense a laptop?"]


def test_code_blocks_are_code_not_headings(tmp_path: Path) -> None:
    document = tmp_path / "sync.md"
    document.write_text(
        "## Can't sync over SSH\n\nTry this:\n\n```console\n# a comment, not a heading\n$ sync --ssh\n```\n\n"
        "### Error: permission denied\n\nFix the mode.\n",
        encoding="utf-8",
    )
    entries = load_documents(document).of(FAQ)
    assert [entry.question for entry in entries] == ["Can't sync over SSH", "Error: permission denied"]
    assert "```console\n# a comment, not a heading\n$ sync --ssh\n```" in entries[0].answer


# --- every command on a document ------------------------------------------------------------------


@pytest.fixture
def guide(tmp_path: Path) -> Path:
    document = tmp_path / "guide.md"
    document.write_text(
        "# Widget guide\n\n## How do I reset my password?\n\nOpen **Settings**, then:\n\n"
        "```sh\nwidget reset\n```\n\n## Pricing\n\nThe widget costs ten dollars a month.\n\n"
        "## Danger zone\n\nBeware of <script>alert(1)</script> in prose.\n",
        encoding="utf-8",
    )
    return document


def test_ask_a_document_directly(guide: Path) -> None:
    result = run("--pack", str(guide), "ask", "how do i reset my password")
    assert result.exit_code == 0, result.output
    assert "```sh\nwidget reset\n```" in result.stdout  # piped: the Markdown itself, line for line
    document = json.loads(run("--pack", str(guide), "ask", "reset password", "--json").stdout)
    assert document["match"]["answer"].endswith("```sh\nwidget reset\n```")
    assert document["match"]["source"] == "guide.md > How do I reset my password?"
    assert "context" in document["match"]


def test_the_windows_system_is_not_a_window_on_screen(tmp_path: Path) -> None:
    """A README that installs on Windows and has a preview window: "does it work on windows" is about
    the system (it went to the preview window at 86% while "windows" was stemmed to "window")."""
    readme = tmp_path / "README.md"
    readme.write_text(
        "# Tool\n\n## Preview window\n\nThe preview window shows the file under the cursor. The window "
        "opens on the right; hide the window with a key, or set the size of the window.\n\n"
        "## Packages\n\nOn Windows, install it with Scoop or Chocolatey.\n\n"
        "## Building\n\nRun make to build the binary.\n",
        encoding="utf-8",
    )
    reply = run_json("--pack", str(readme), "ask", "does it work on windows")
    assert reply["match"]["question"] == "Packages"
    reply = run_json("--pack", str(readme), "ask", "resize the preview window")
    assert reply["match"]["question"] == "Preview window"


def test_every_command_works_on_a_folder_of_documents() -> None:
    folder = str(DOCS / "uv-guides")
    assert run("--pack", folder, "faq").exit_code == 0
    assert run("--pack", folder, "show", "next-steps").exit_code == 0
    assert run("--pack", folder, "search", "python").exit_code == 0
    exported = run("--pack", folder, "export", "-f", "html")
    assert exported.exit_code == 0 and "<pre><code" in exported.stdout
    assert run("--pack", folder, "about", "--json").exit_code == 0


def test_html_export_shows_a_script_as_text(guide: Path) -> None:
    page = run("--pack", str(guide), "export", "-f", "html").stdout
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_an_edited_document_is_recompiled(tmp_path: Path) -> None:
    document = tmp_path / "notes.md"
    document.write_text("## Lunch\n\nNoon.\n", encoding="utf-8")
    env = {"LEADERCLI_CACHE_DIR": str(tmp_path / "cache")}
    assert json.loads(run("--pack", str(document), "ask", "lunch", "--json", env=env).stdout)["answered"]
    document.write_text("## Lunch\n\nOne o'clock.\n", encoding="utf-8")
    answer = json.loads(run("--pack", str(document), "ask", "lunch", "--json", env=env).stdout)
    assert answer["match"]["answer"] == "One o'clock."


def test_extract_a_folder_writes_one_pack_that_validates(tmp_path: Path) -> None:
    target = tmp_path / "uv"
    result = run("extract", str(DOCS / "uv-guides"), "-o", str(target), "--json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["counts"]["faq"] == 49
    assert [item["file"] for item in report["documents"]][:2] == ["install-python.md", "package.md"]
    assert all(item["skipped"][0]["reason"] == "front matter" for item in report["documents"])
    checked = json.loads(run("validate", str(target), "--json").stdout)
    assert checked["errors"] == 0  # "Next steps" five times over, told apart by their documents
    pack = load_pack(target)
    assert {entry.question for entry in pack.of(FAQ)} >= {"Next steps", "Installing Python"}


# --- bad input -----------------------------------------------------------------------------------------


def _ask(pack: Path) -> Any:
    return run("--pack", str(pack), "ask", "anything")


def test_a_binary_file_is_refused_by_name(tmp_path: Path) -> None:
    binary = tmp_path / "logo.md"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    result = _ask(binary)
    line = one_error_line(result)
    assert result.exit_code == 2 and "logo.md" in line
    # every kind a document may be is named, not only the three the first readers knew
    assert "is a binary file, not a document (Markdown, MDX, reStructuredText, AsciiDoc, Org, RDoc," in line


@pytest.mark.parametrize("locked", [".", "private"], ids=["the folder", "a folder in it"])
def test_a_folder_that_cannot_be_listed_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, locked: str
) -> None:
    """Was: an unreadable --pack folder said it held no documents, and an unreadable sub-folder was
    skipped without a word. As root every folder is readable, so the listing is made to fail as it
    would for another user (`chmod 000`)."""
    (tmp_path / "private").mkdir()
    (tmp_path / "guide.md").write_text("# Guide\n\n## Install\n\nRun the installer.\n")
    (tmp_path / "private" / "notes.md").write_text("# Notes\n\n## Keys\n\nAsk the admin.\n")
    denied = (tmp_path / locked).resolve()
    real = os.scandir

    def scandir(path: Any = ".") -> Any:
        if Path(path).resolve() == denied:
            raise PermissionError(errno.EACCES, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(os, "scandir", scandir)
    result = _ask(tmp_path)
    assert result.exit_code == 2
    expected = str(tmp_path / "private") if locked == "private" else str(tmp_path)
    problem = "cannot list this folder: permission denied"
    assert one_error_line(result) == f"leadercli: error: {expected}: {problem}"


def test_a_document_in_another_scripts_legacy_encoding_is_refused_at_its_line(tmp_path: Path) -> None:
    document = tmp_path / "cyrillic.txt"
    document.write_bytes(b"Title\n=====\n\n\xcf\xf0\xe8\xe2\xe5\xf2 \xec\xe8\xf0\n")  # Windows-1251
    result = _ask(document)
    assert result.exit_code == 2 and "cyrillic.txt:4: not UTF-8" in one_error_line(result)


def test_a_western_legacy_document_is_read_as_windows_1252(tmp_path: Path) -> None:
    """One old Latin-1 page in a folder refused the whole folder."""
    (tmp_path / "new.md").write_text("# New\n\n## Pay\n\nMonthly.\n", encoding="utf-8")
    (tmp_path / "old.txt").write_bytes(b"Menu\n====\n\nCaf\xe9 cr\xe8me, \x93fresh\x94 \x80 4.\n")
    answers = {entry.question: entry.answer for entry in load_documents(tmp_path).of(FAQ)}
    assert answers == {"Pay": "Monthly.", "Menu": "Café crème, “fresh” € 4."}


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_a_document_behind_a_byte_order_mark_is_read_in_its_encoding(tmp_path: Path, codec: str) -> None:
    """What Windows PowerShell's `>` and Notepad's "Unicode" write: it was refused as a binary file."""
    document = tmp_path / "setup.md"
    document.write_bytes(("\ufeff# Setup\n\n## Install\n\nRun the installer.\n").encode(codec))
    assert [(e.question, e.answer) for e in load_documents(document).of(FAQ)] == [
        ("Install", "Run the installer.")
    ]


def test_a_broken_utf16_document_is_refused_as_such(tmp_path: Path) -> None:
    document = tmp_path / "broken.md"
    document.write_bytes(b"\xff\xfe#\x00 \x00\x00\xd8")  # a lone high surrogate
    result = _ask(document)
    assert result.exit_code == 2 and "broken.md: not UTF-16 text" in one_error_line(result)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "nothing to answer from"),
        ("# One\n\n## Two\n", "none with text of its own"),
        ("---\ntitle: Secret\ntoken: abc123\n---\n", "nothing to answer from"),  # metadata is no answer
    ],
    ids=["empty", "headings only", "front matter only"],
)
def test_a_document_with_nothing_to_answer(tmp_path: Path, text: str, expected: str) -> None:
    document = tmp_path / "empty.md"
    document.write_text(text, encoding="utf-8")
    result = _ask(document)
    assert result.exit_code == 2 and expected in one_error_line(result)


def test_odd_but_valid_documents_make_sensible_packs(tmp_path: Path) -> None:
    cases = {
        "long-heading.md": "## " + "word " * 2000 + "\n\nText.\n",
        "unterminated-fence.md": "## Setup\n\n```sh\nmake\n\n## Not a heading: still code\n",
        "unterminated-front-matter.md": "---\ntitle: x\n\n## Real\n\nText.\n",
        "really-yaml.md": "entries:\n  - id: a\n    question: Q?\n    answer: A.\n",
        "html.md": "## Page\n\n<div><script>steal()</script></div>\n\nWords.\n",
    }
    for name, text in cases.items():
        document = tmp_path / name
        document.write_text(text, encoding="utf-8")
        pack = load_documents(document)
        assert pack.of(FAQ), name
        assert run("--pack", str(document), "faq").exit_code == 0, name
    fenced = load_documents(tmp_path / "unterminated-fence.md").of(FAQ)
    assert [entry.question for entry in fenced] == ["Setup"]


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_folder_with_a_link_loop_and_many_files(tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    (folder / "deep").mkdir(parents=True)
    (folder / "deep" / "loop").symlink_to(folder, target_is_directory=True)
    for number in range(10_000):
        note = folder / f"{number:05d}.txt"
        note.write_text(f"Note {number}\n\nWhat note {number} says.\n", encoding="utf-8")
    pack = load_documents(folder)
    assert len(pack.of(FAQ)) == 10_000


def test_a_projects_installed_dependencies_are_not_its_documents(tmp_path: Path) -> None:
    """`--pack .` in a project: node_modules' READMEs and a virtual environment's are not its documents."""
    (tmp_path / "README.md").write_text("# Tool\n\nIt works.\n", encoding="utf-8")
    for folder in ("node_modules/left-pad", "venv/lib/python3.11/site-packages/x", "docs/__pycache__"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "README.md").write_text("# Dependency\n\nNot ours.\n", encoding="utf-8")
    (tmp_path / "venv" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    (tmp_path / "env").mkdir()
    (tmp_path / "env" / "pyvenv.cfg").write_text("home = /usr/bin\n", encoding="utf-8")
    (tmp_path / "env" / "notes.md").write_text("# Env notes\n\nNot ours either.\n", encoding="utf-8")
    (tmp_path / "docs" / "guide.md").write_text("# Guide\n\nOurs.\n", encoding="utf-8")
    assert [path.relative_to(tmp_path).as_posix() for path in document_files(tmp_path)] == [
        "README.md",
        "docs/guide.md",
    ]


def test_a_file_that_is_not_there(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="no such directory or document"):
        load_pack(tmp_path / "missing.md")


def test_chat_and_the_environment_variable_take_documents_too(guide: Path) -> None:
    answered = run("chat", env={"LEADERCLI_PACK": str(guide)}, input="what is the pricing\n")
    assert answered.exit_code == 0, answered.output
    assert "ten dollars a month" in answered.stdout


# --- found in review -----------------------------------------------------------------------------------


def test_a_backslash_cannot_undo_the_escaping_of_raw_html_in_the_markdown_export(tmp_path: Path) -> None:
    document = tmp_path / "x.md"
    document.write_text(
        "## A\n\nx\n\\<img src=x onerror=alert(1)> <b>b</b>\n\n<div>\\<img src=y onerror=alert(2)></div>\n",
        encoding="utf-8",
    )
    exported = run("--pack", str(document), "export", "-f", "markdown").stdout
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark", {"html": True}).render(exported)
    assert "<img" not in rendered and "<b>" not in rendered and "<div>" not in rendered


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_or_a_device_is_refused_not_read(tmp_path: Path) -> None:
    fifo = tmp_path / "notes.md"
    os.mkfifo(fifo)
    for path in (fifo, Path("/dev/zero")):
        result = run("extract", str(path), "-o", str(tmp_path / "out"))
        assert result.exit_code == 2 and "not a regular file" in one_error_line(result)


def test_a_document_without_headings_is_its_text_not_its_source(tmp_path: Path) -> None:
    document = tmp_path / "notes.md"
    document.write_text(
        "---\ntitle: Notes\nsecret: x\n---\n<!-- editor note -->\nJust words.\n", encoding="utf-8"
    )
    (entry,) = load_documents(document).of(FAQ)
    assert (entry.question, entry.answer) == ("Notes", "Just words.")


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_link_to_a_file_outside_the_folder_is_not_followed(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("Secret\n\nthe password is hunter2\n", encoding="utf-8")
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "guide.md").write_text("## Guide\n\nHello.\n", encoding="utf-8")
    (folder / "leak.txt").symlink_to(secret)
    assert [entry.question for entry in load_documents(folder).of(FAQ)] == ["Guide"]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("gui.rst", "Reset\n=====\n\nDelete the **<user>** and **<password>** tags.\n"),
        ("gui.txt", "RESET\n=====\n\nDelete the <user> and <password> tags.\n"),
    ],
)
def test_angle_brackets_in_rst_and_text_are_characters_not_html(tmp_path: Path, name: str, text: str) -> None:
    """Rich's Markdown would drop them as raw HTML: they are escaped as the Markdown they are written into."""
    document = tmp_path / name
    document.write_text(text, encoding="utf-8")
    (entry,) = load_documents(document).of(FAQ)
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark", {"html": True}).render(entry.answer)
    assert "&lt;user&gt;" in rendered and "<user>" not in rendered


@pytest.mark.parametrize(
    "body",
    [
        "> " * 10_000 + "deep\n",
        "- " * 10_000 + "deep\n",
        "".join(" " * min(level, 3) + "> " * level + "x\n" for level in range(0, 3000, 7)),
        "*" * 10_000 + "deep" + "*" * 10_000 + "\n",
        "[" * 10_000 + "deep" + "]" * 10_000 + "\n",
    ],
    ids=["blockquotes", "lists", "staircase", "emphasis", "brackets"],
)
def test_markdown_nested_10000_deep_is_answered_or_refused_never_an_internal_error(
    tmp_path: Path, body: str
) -> None:
    document = tmp_path / "deep.md"
    document.write_text(f"# Deep\n\n## Plain section\n\nSome text.\n\n## Nested section\n\n{body}")
    for args in (
        ("faq",),
        ("show", "nested-section"),
        ("export", "-f", "html"),
        ("export", "-f", "markdown"),
    ):
        result = run("--pack", str(document), *args)
        assert result.exit_code in (0, 1, 2), (args, result.output)
        assert "internal error" not in result.output


def test_a_large_rst_document_with_deep_sections_and_deep_quotes(tmp_path: Path) -> None:
    marks = "=-~^\"+*#<>_:.`'!$%&(),/;?@[]{|}"
    sections = [f"Title {n}\n{mark * 12}\n\nText of section {n}.\n" for n, mark in enumerate(marks * 2)]
    sections[len(marks) :] = [
        f"{mark * 12}\nOver {n}\n{mark * 12}\n\nText {n}.\n" for n, mark in enumerate(marks)
    ]
    quotes = "".join(" " * level + "quoted\n\n" for level in range(1500))
    document = tmp_path / "deep.rst"
    document.write_text("\n".join(sections) + "\n" + quotes)
    result = run("--pack", str(document), "faq")
    assert result.exit_code == 0, result.output
    assert "Title 1" in result.stdout and "internal error" not in result.output


def test_the_id_ask_gives_a_whole_heading_is_one_show_takes(tmp_path: Path) -> None:
    guide = tmp_path / "guide.md"
    guide.write_text(
        "# Tool\n\nA tool.\n\n## Troubleshooting\n\n### Permission denied\n\nRun it as yourself.\n\n"
        "### Slow start\n\nClear the cache.\n",
        encoding="utf-8",
    )
    match = json.loads(run("--pack", str(guide), "ask", "troubleshooting", "--json").stdout)["match"]
    assert match["kind"] == "overview"
    shown = run("--pack", str(guide), "show", match["id"].upper(), "--json")
    assert shown.exit_code == 0, shown.output
    assert json.loads(shown.stdout) == match
    listed = run("--pack", str(guide), "show", match["id"])
    assert "Permission denied" in listed.stdout and "slow-start" in listed.stdout


SPEC = (
    "# Widget protocol\n\n## 1. Introduction\n\nIt moves widgets.\n\n## 2. Framing\n\n"
    "### 2.1 Header\n\nA four-byte header.\n\n### 2.2 Body\n\nCompressed with zstd.\n\n## 4. Security\n\n"
    "### 4.2 Encryption\n\nAll traffic uses TLS 1.3.\n\n### 4.3 Auditing\n\nEvery request is logged.\n"
)


@pytest.mark.parametrize(
    ("question", "kind", "name"),
    [
        ("section 4.3", "record", "4-3-auditing"),  # not 4.2, whose text says "1.3"
        ("what does 2.1 say", "record", "2-1-header"),
        ("4.3", "record", "4-3-auditing"),
        ("show me chapter 2", "overview", "2. Framing"),
        ("§ 4", "overview", "4. Security"),
        ("framing", "overview", "2. Framing"),  # a numbered heading is asked by its words, as any is
        ("section 2 framing", "overview", "2. Framing"),
    ],
)
def test_a_numbered_section_is_asked_for_by_its_number(
    tmp_path: Path, question: str, kind: str, name: str
) -> None:
    spec = tmp_path / "spec.md"
    spec.write_text(SPEC, encoding="utf-8")
    answer = run_json("--pack", str(spec), "ask", question)
    assert (answer["query"], answer["answered"], answer["match"]["kind"], answer["match"]["id"]) == (
        question, True, kind, name,
    )  # fmt: skip


@pytest.mark.parametrize("question", ["section 3", "section 4.3 timeout", "section 2.1 and 2.2"])
def test_a_number_no_section_has_or_a_question_saying_more_is_left_to_the_words(
    tmp_path: Path, question: str
) -> None:
    from leadercli.packs.overview import heading_numbered

    spec = tmp_path / "spec.md"
    spec.write_text(SPEC, encoding="utf-8")
    assert heading_numbered(question, tuple(load_documents(spec).records())) is None


def test_show_takes_a_section_name_as_its_command_prints_it() -> None:
    assert run("show", "risks", "--json").stdout == run("risks", "--json").stdout
    assert run("show", "Playbook").stdout == run("playbook").stdout


def test_faq_tells_apart_two_sections_with_the_same_heading(tmp_path: Path) -> None:
    guide = tmp_path / "guide.md"
    guide.write_text(
        "# Tool\n\nA tool.\n\n## Check the variables\n\n### Unix or macOS\n\nRun `env`.\n\n"
        "## Check the version\n\n### Unix or macOS\n\nRun `tool -V`.\n\n## Install\n\nUse pip.\n",
        encoding="utf-8",
    )
    listed = run("--pack", str(guide), "faq").stdout
    assert "Unix or macOS (Check the variables)" in listed
    assert "Unix or macOS (Check the version)" in listed
    assert "Install (" not in listed  # a heading of its own is listed as it is


def test_a_link_to_a_document_of_the_same_folder_is_read_once(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "guide.md").write_text("# Guide\n\nReset a password.\n", encoding="utf-8")
    (tmp_path / "link.md").symlink_to(Path("a") / "guide.md")
    entries = load_documents(tmp_path).of(FAQ)
    assert [(entry.id, Path(entry.path).name) for entry in entries] == [("guide", "guide.md")]
    assert run("validate", str(tmp_path)).exit_code == 0


def test_a_documents_source_is_its_name_however_it_was_typed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The cache is shared by `--pack notes.md` and `--pack /abs/notes.md`; the source it shows (and an
    export carries) must not depend on which came first, nor show the reader's folders."""
    document = tmp_path / "notes.md"
    document.write_text("## Lunch\n\nNoon.\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    env = {"LEADERCLI_CACHE_DIR": str(tmp_path / "cache")}
    first = json.loads(run("--pack", str(document), "about", "--json", env=env).stdout)
    second = json.loads(run("--pack", "notes.md", "about", "--json", env=env).stdout)
    assert first["source"] == second["source"] == "notes.md"


def test_a_folder_is_read_with_each_folders_own_page_first(tmp_path: Path) -> None:
    """Was: plain name order put `developer/cl-descriptions.md` before the top `index.md` (blind6's
    code-review pages), so `faq` and `export` opened in the middle of the guide."""
    for name in ("index.md", "developer/cl-descriptions.md", "developer/index.md", "about.md", "README.md"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(f"# {name}\n\nText.\n", encoding="utf-8")
    order = [path.relative_to(tmp_path).as_posix() for path in document_files(tmp_path)]
    assert order == [
        "index.md", "README.md", "about.md", "developer/index.md", "developer/cl-descriptions.md",
    ]  # fmt: skip


@pytest.mark.parametrize(
    "ending", sorted(end for end, kind in FORMATS.items() if kind in ("markdown", "html"))
)
def test_every_markdown_and_html_ending_is_read_in_a_folder(tmp_path: Path, ending: str) -> None:
    text = "<h1>Setup</h1><p>Install it.</p>" if FORMATS[ending] == "html" else "# Setup\n\nInstall it.\n"
    (tmp_path / f"guide{ending}").write_text(text, encoding="utf-8")
    (entry,) = load_documents(tmp_path).of(FAQ)
    assert (entry.question, entry.answer) == ("Setup", "Install it.")


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("deep.ipynb", '{"cells": ' + "[" * 100_000 + "]" * 100_000 + "}"),
        ("deep.pod", "=head1 A\n\n" + "B<" * 5000 + "x" + ">" * 5000 + "\n"),
    ],
)
def test_markup_nested_thousands_deep_is_refused_by_name_not_an_internal_error(
    tmp_path: Path, name: str, text: str
) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    result = run("--pack", str(path), "faq")
    assert (result.exit_code, result.stderr) == (
        2,
        f"leadercli: error: {path}: markup nested too deeply to read\n",
    )
