"""The records a pack holds and the one registry of its sections.

A section is a list of records of one kind: the FAQ, the playbook steps, the risks... Everything that
walks a pack (loading, the cache, JSON, search, rendering, export, extract, validate, chat) iterates over
`SECTIONS` rather than naming the kinds, so a new kind of record is one registry entry plus its renderer.

Records are NamedTuples rather than dataclasses: a frozen dataclass costs ~1 ms to create at import
(it exec()s its generated methods), a NamedTuple a tenth of that, and `ask` starts in ~0.1 s. Every
record has `id`, `alternates`, `tags`, `path`, `line`, a constant `section` (always the last field: the
cache stores a record as its plain tuple and relies on it), and two views: `heading` (its question or
title, what `ask` shows as the matched question) and `answer` (prose).
"""

from __future__ import annotations

import re
from typing import Any, Generic, NamedTuple, TypeVar, Union

FAQ_FILE = "faq.yaml"
PLAYBOOK_FILE = "playbook.yaml"
INSIGHT_TAG = "insight"
"""FAQ entries with this tag are the article's research findings (`leadercli insights`)."""


class FaqEntry(NamedTuple):
    id: str
    question: str
    answer: str  # Markdown: a document's section keeps its code blocks, lists and links
    source: str = ""
    context: str = ""  # the headings above it in its document ("Installation > Linux"), if any
    alternates: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    path: str = ""
    line: int = 0
    # A document's own ids for it (`## Title { #id }`): the page's links `#id` reach the entry by them.
    anchors: tuple[str, ...] = ()
    section: str = "faq"

    @property
    def heading(self) -> str:
        return self.question


class Step(NamedTuple):
    id: str
    number: int
    title: str
    do: str
    why: str
    alternates: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    path: str = ""
    line: int = 0
    section: str = "playbook"

    @property
    def heading(self) -> str:
        return self.title

    @property
    def answer(self) -> str:
        return f"{self.do} Why: {self.why}"


class Risk(NamedTuple):
    id: str
    name: str
    risk: str
    mitigation: str
    alternates: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    path: str = ""
    line: int = 0
    section: str = "risks"

    @property
    def heading(self) -> str:
        return self.name

    @property
    def answer(self) -> str:
        return f"{self.risk} Mitigation: {self.mitigation}"


class Tool(NamedTuple):
    id: str
    name: str
    description: str
    alternates: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    path: str = ""
    line: int = 0
    section: str = "tools"

    @property
    def heading(self) -> str:
        return self.name

    @property
    def answer(self) -> str:
        return self.description


class Metric(NamedTuple):
    id: str
    name: str
    measures: str
    alternates: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    path: str = ""
    line: int = 0
    section: str = "metrics"

    @property
    def heading(self) -> str:
        return self.name

    @property
    def answer(self) -> str:
        return self.measures


class CadenceItem(NamedTuple):
    id: str
    period: str
    name: str
    what: str
    alternates: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    path: str = ""
    line: int = 0
    section: str = "cadence"

    @property
    def heading(self) -> str:
        return self.name

    @property
    def answer(self) -> str:
        return self.what


Record = Union[FaqEntry, Step, Risk, Tool, Metric, CadenceItem]  # noqa: UP007 (a runtime alias on 3.10)
R = TypeVar("R", FaqEntry, Step, Risk, Tool, Metric, CadenceItem)


class Section(Generic[R]):
    """One kind of record: how it is written in YAML, what its fields mean, and what to call it.

    `fields` are the record's own text fields in YAML order (their YAML names are their attribute
    names); `heading` is the one shown as its question, `body` the ones searched as its text, `labels`
    the body fields a reader sees introduced by a word ("Why: ..."), `lead` one whose value introduces
    the answer ("Monthly: ...").
    """

    __slots__ = (
        "body", "fields", "file", "heading", "id_required", "key", "kind", "label", "labels", "lead",
        "markdown", "name", "numbered", "optional", "plural", "title",
    )  # fmt: skip

    def __init__(
        self,
        name: str,
        kind: type[R],
        *,
        file: str,
        key: str,
        fields: tuple[str, ...],
        heading: str,
        body: tuple[str, ...],
        label: str,
        plural: str,
        title: str,
        optional: tuple[str, ...] = (),
        labels: tuple[tuple[str, str], ...] = (),
        numbered: bool = False,
        id_required: bool = False,
        lead: str = "",
        markdown: tuple[str, ...] = (),
    ) -> None:
        self.name: str = name  # as commands, JSON and the cache call it
        self.kind: type[R] = kind
        self.file: str = file
        self.key: str = key  # the list in the YAML file
        self.fields: tuple[str, ...] = fields
        self.optional: tuple[str, ...] = optional  # fields that may be left out (the others are required)
        self.heading: str = heading
        self.body: tuple[str, ...] = body
        self.labels: dict[str, str] = dict(labels)
        self.label: str = label  # one record: "playbook step"
        self.plural: str = plural  # several: "playbook steps"
        self.title: str = title  # a document's heading for the whole section: "Playbook"
        self.numbered: bool = numbered  # records are numbered 1, 2, ... in the order written
        self.id_required: bool = id_required  # else a record without `id` gets one made from its heading
        self.lead: str = lead  # a body field shown before the answer as its label ("Monthly: ...")
        self.markdown: tuple[str, ...] = markdown  # fields whose line breaks are Markdown, kept as written

    def __repr__(self) -> str:
        return f"Section({self.name!r})"


FAQ: Section[FaqEntry] = Section(
    "faq", FaqEntry, file=FAQ_FILE, key="entries", fields=("question", "answer", "source", "context"),
    optional=("source", "context"), markdown=("answer",), heading="question", body=("answer",),
    label="FAQ entry", plural="FAQ entries",
    title="Frequently asked questions", id_required=True,
)  # fmt: skip
PLAYBOOK: Section[Step] = Section(
    "playbook", Step, file=PLAYBOOK_FILE, key="steps", fields=("title", "do", "why"), heading="title",
    body=("do", "why"), labels=(("why", "Why"),), label="playbook step", plural="playbook steps",
    title="Playbook", numbered=True,
)  # fmt: skip
RISKS: Section[Risk] = Section(
    "risks", Risk, file=PLAYBOOK_FILE, key="risks", fields=("name", "risk", "mitigation"), heading="name",
    body=("risk", "mitigation"), labels=(("mitigation", "Mitigation"),), label="risk", plural="risks",
    title="Risks",
)  # fmt: skip
TOOLS: Section[Tool] = Section(
    "tools", Tool, file=PLAYBOOK_FILE, key="tools", fields=("name", "description"), heading="name",
    body=("description",), label="tool", plural="tools", title="Conceptual tools",
)  # fmt: skip
METRICS: Section[Metric] = Section(
    "metrics", Metric, file=PLAYBOOK_FILE, key="metrics", fields=("name", "measures"), heading="name",
    body=("measures",), label="metric", plural="metrics", title="Key metrics",
)  # fmt: skip
CADENCE: Section[CadenceItem] = Section(
    "cadence", CadenceItem, file=PLAYBOOK_FILE, key="cadence", fields=("period", "name", "what"),
    heading="name", body=("what", "period"), label="review cadence", plural="review cadences",
    title="Review cadence", lead="period",
)  # fmt: skip

SECTIONS: dict[str, Section[Any]] = {
    section.name: section for section in (FAQ, PLAYBOOK, RISKS, TOOLS, METRICS, CADENCE)
}
"""Every section, in the order a pack lists them: the FAQ, then the playbook file's in the article's order."""


def section_of(record: Record) -> Section[Any]:
    """The registry entry of a record's kind."""
    return SECTIONS[record.section]


MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|#&~])")
"""Every character a Markdown renderer would act on: text written into Markdown has each backslash-escaped
(an export's prose, a reStructuredText document's words)."""
_MARKDOWN_ESCAPE = re.compile(r"\\[!-/:-@\[-`{-~]")
_WORD_UNDERSCORE = re.compile(r"(?<=[^\W_])\\_(?=[^\W_])")  # `exclude_also`: never emphasis


def markdown_escaped(text: str) -> str:
    """Words as Markdown that shows them as written: every character Markdown acts on backslash-escaped
    (MARKDOWN_SPECIAL), but an underscore inside a word, which CommonMark never reads as emphasis. The
    one escape of every reader that turns another format's text into Markdown (rst, HTML, Vim help)."""
    return _WORD_UNDERSCORE.sub("_", MARKDOWN_SPECIAL.sub(r"\\\1", text))


def is_markdown(text: str) -> bool:
    """Whether an answer is a document's Markdown, drawn and exported as such, rather than one line of
    prose escaped like any text: several lines (paragraphs, code, lists), a quote (`>This Design System is
    only meant ...`, a section of one quoted line), inline code, a link (inline or by reference), bold, or
    a character escaped so that it shows as written (`\\*args`)."""
    return (
        "\n" in text
        or text.startswith(">")
        or "`" in text
        or "](" in text
        or "][" in text
        or "**" in text
        or _MARKDOWN_ESCAPE.search(text) is not None
    )


CONTEXT_SEPARATOR = " > "
"""Between the headings of a context path ("Installation > Linux")."""


def location(record: Record) -> str:
    """Where a record is defined, as `file:line`."""
    return f"{record.path}:{record.line}"
