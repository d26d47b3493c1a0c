"""A loaded knowledge pack: its metadata, its settings and its records, section by section."""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import NamedTuple, Protocol

from leadercli.errors import DataError
from leadercli.packs.findings import Finding
from leadercli.packs.sections import FAQ, FAQ_FILE, PLAYBOOK_FILE, SECTIONS, FaqEntry, R, Record, Section

PACK_ENV = "LEADERCLI_PACK"
EXAMPLE_LENGTH = 60  # an example question longer than this does not fit beside `leadercli ask` on a line
_NUMBERING = re.compile(r"^\s*(?:step\s+)?\d+[.)]\s+", re.IGNORECASE)  # "1. ", "2) ", "Step 1. "


class RecordSource(Protocol):
    """Anything that finds records by id: a loaded Pack, or a compiled pack reading one record at a time."""

    def find(self, record_id: str) -> Record | None: ...


class Settings(NamedTuple):
    """Matcher settings a pack may override (`settings:` in faq.yaml); None means the matcher's default."""

    threshold: float | None = None
    margin: float | None = None
    min_confidence: float | None = None  # percent: answer when the confidence reaches it


class Pack:
    """A loaded pack, read-only once made. A plain class with slots rather than a frozen dataclass:
    every `ask` imports it, and building a dataclass (and importing `dataclasses`) cost ~2 ms of a
    ~0.1 s start."""

    __slots__ = (
        "_by_id", "directory", "findings", "has_playbook", "phrasing_lines", "sections", "settings",
        "source", "title",
    )  # fmt: skip

    def __init__(
        self,
        directory: Path,
        title: str,
        source: str,
        settings: Settings,
        sections: Mapping[str, tuple[Record, ...]],
        has_playbook: bool = False,
        findings: tuple[Finding, ...] = (),
        phrasing_lines: Mapping[str, tuple[int, ...]] | None = None,
    ) -> None:
        self.directory = directory
        self.title = title
        self.source = source  # where the pack's facts come from (shown as "reference" in JSON too)
        self.settings = settings
        self.sections = sections  # section name -> its records, in the order written
        self.has_playbook = has_playbook
        self.findings = findings  # warnings found while loading
        # Record id -> the line of its heading and of each alternate (known when read from YAML).
        self.phrasing_lines: Mapping[str, tuple[int, ...]] = phrasing_lines or {}
        self._by_id: dict[str, Record] = {}

    def of(self, section: Section[R]) -> tuple[R, ...]:
        """The records of one section, typed: `pack.of(PLAYBOOK)` is the steps."""
        return self.sections.get(section.name, ())  # type: ignore[return-value]

    def records(self) -> Iterator[Record]:
        """Every answerable record, section by section in the registry's order."""
        for name in SECTIONS:
            yield from self.sections.get(name, ())

    def find(self, record_id: str) -> Record | None:
        if not self._by_id:
            self._by_id.update((record.id, record) for record in self.records())
        return self._by_id.get(record_id)

    def tagged(self, tag: str) -> tuple[FaqEntry, ...]:
        return tuple(entry for entry in self.of(FAQ) if tag in entry.tags)

    def counts(self) -> dict[str, int]:
        return {name: len(self.sections.get(name, ())) for name in SECTIONS}

    def example_question(self) -> str | None:
        """A question this pack answers, to show a newcomer (the overview's "Try:"): the first short
        heading that is a question, else of several words, else any; a document's numbering dropped."""
        headings = [_NUMBERING.sub("", record.heading).strip() for record in self.records()]
        short = [heading for heading in headings if heading and len(heading) <= EXAMPLE_LENGTH]
        several = [heading for heading in short if len(heading.split()) >= 2]
        questions = [heading for heading in several if heading.endswith("?") and len(heading.split()) >= 3]
        return next(iter(questions or several or short or [heading for heading in headings if heading]), None)


def shipped_pack_dir() -> Path:
    """The pack inside the installed package; in a source checkout, the repository's own `data/`."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "data"
    if (packaged / FAQ_FILE).is_file():
        return packaged
    return here.parent.parent / "data"


def resolve_pack_dir(option: Path | None) -> Path:
    """`--pack` wins over LEADERCLI_PACK, which wins over the shipped pack."""
    if option is not None:
        return refuse_link_loop(option)
    from_env = os.environ.get(PACK_ENV, "").strip()
    return refuse_link_loop(Path(from_env)) if from_env else shipped_pack_dir()


def is_documents(path: Path) -> bool:
    """Documents rather than a YAML pack: a file that is not YAML, or a folder without faq.yaml."""
    if path.is_file():
        return path.suffix.lower() not in (".yaml", ".yml")
    # lexists: a faq.yaml that is a dangling or looping link is a broken YAML pack, not a folder of documents
    return path.is_dir() and not any(os.path.lexists(path / name) for name in (FAQ_FILE, PLAYBOOK_FILE))


def refuse_link_loop(path: Path) -> Path:
    """`path`, unless it is a loop of symbolic links: refused by name here, before anything (the cache's
    `resolve()`, say) meets it as an internal error."""
    try:
        path.stat()
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise DataError("is a loop of symbolic links", path=path) from None
    except ValueError:  # a NUL in the name: load_pack says it is not there
        pass
    return path
