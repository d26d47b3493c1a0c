"""Turn an article's plain text or Markdown into a pack: FAQ, playbook, risks, tools, metrics, cadence.

`extract(text)` is pure: it finds the sections by their headings, splits each into records by the shapes
documented in docs/pack-format.md ("Extracting a pack from an article"), and reports every line of a
section it could not place. Text is kept verbatim (only Markdown markup and whitespace are removed):
extract never invents words, not even the apostrophes a plain-text export may have lost.
`pack_files` turns the result into the YAML to write; `write_pack` writes a pack's files all or nothing.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

from leadercli.packs import wordlists
from leadercli.packs.loader import slugify
from leadercli.packs.sections import FAQ, FAQ_FILE, PLAYBOOK_FILE, SECTIONS
from leadercli.safetext import unsafe, visible

PERIODS = ("daily", "weekly", "biweekly", "fortnightly", "monthly", "quarterly", "annual", "yearly")
YAML_WIDTH = 100

# Which section a heading opens: the earliest keyword in the heading (before its first ':') wins, so
# "Tools, Metrics, and Cadence: ..." opens tools and its sub-headings pick metrics and cadence.
_KEYWORDS = {
    "faq": r"faqs?|frequently asked questions|questions and answers|q\s*&\s*a",
    "playbook": r"playbook|action plan",
    "risks": r"risks?|trade-offs?|pitfalls",
    "tools": r"tools?|tool ?stack",
    "metrics": r"metrics|kpis?",
    "cadence": r"cadence|review rhythm",
    "references": r"references|sources|bibliography|further reading",
}
_KEYWORD = re.compile("|".join(f"(?P<{name}>\\b(?:{words})\\b)" for name, words in _KEYWORDS.items()), re.I)
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_BOLD_LINE = re.compile(r"^(?:\*\*|__)(.+?)(?:\*\*|__)\s*(:?)$")
_BULLET = re.compile(r"^(?:[-*+•]|\d{1,3}[.)])\s+(.*)$")
_BOLD_LEAD = re.compile(r"^(?:\*\*|__)(.+?)(?:\*\*|__)\s*[:.\u2013\u2014-]?\s*(.*)$")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)[^)]*\)")
_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1|(?<![\w*])[*_](\S(?:.*?\S)?)[*_](?![\w*])")
_NUMBERING = re.compile(r"^(?:step\s+\d+\s*[:.\u2013\u2014-]\s*|\d{1,3}[.)]\s+)", re.I)
_QUESTION_PREFIX = re.compile(r"^(?:q|question)\s*[:.]\s*", re.I)
_ANSWER_PREFIX = re.compile(r"^(?:a|answer)\s*[:.]\s*", re.I)
_MITIGATION = re.compile(r"\bmitigations?\s*[:\u2013\u2014-]\s*", re.I)
_NAMED = re.compile(r"^(?P<name>[^:]{2,80}?)\s*(?::|\s[\u2013\u2014-])\s*(?P<rest>.*)$")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“])")

# Names are Capitalised Phrases ("Talent Retention Rate (AI)", "External Collaboration and Partnership
# ROI"), optionally after an article, introduced by a measuring verb.
_CAP_WORD = r"(?:[A-Z][\w'\u2019&/-]*|\([A-Z][\w &/-]*\))"
_CAP_PHRASE = rf"{_CAP_WORD}(?:\s+(?:(?:and|of|for|in|on|to|&)\s+)?{_CAP_WORD})*"
_CUE = (
    r"(?:to\s+(?:measure|track|assess|evaluate|monitor|gauge|quantify|capture)"
    r"|measures|tracks|assesses|evaluates|monitors|gauges|quantifies|captures)"
)
_METRIC = re.compile(
    rf"(?:\b(?:[Aa]n?|[Tt]he|[Oo]ur|[Yy]our)\s+)?(?!(?:An?|The|Our|Your)\b)(?P<name>{_CAP_PHRASE})"
    rf"\s+(?:(?:which|that)\s+)?(?P<cue>{_CUE})\b"
)
_CAPITALISED = re.compile(_CAP_PHRASE)
_TRAILING_JOINER = re.compile(r"(?:[\s,;]+(?:and|while|whereas|but|plus|as well as))?[\s,;]*$", re.I)
_PERIOD = re.compile(r"\b(" + "|".join(PERIODS) + r"|annually|bi-weekly)\b", re.I)
_NAME_STOP = re.compile(r"[,;:.()]|\s(?:of|between|with|to|for|that|which|where|on|in|across|by|and then)\s")


@dataclass(frozen=True, slots=True)
class Unplaced:
    """A line inside a recognised section that extract could not turn into (part of) a record."""

    line: int
    section: str
    text: str
    reason: str


@dataclass(frozen=True, slots=True)
class FileSummary:
    """One document of `extract DOCUMENTS`: how many headings it has, how many became records, and
    every heading that did not, with its line and why."""

    name: str
    headings: int
    records: int
    skipped: tuple[Unplaced, ...]
    how: str = ""  # how the numbers add up, when they do not at a glance (an introduction, folded parts)


@dataclass(frozen=True, slots=True)
class Extraction:
    """The pack extract found: the YAML documents' data, counts per section and what it left out."""

    title: str
    source: str
    faq_heading: str
    sections: dict[str, list[dict[str, Any]]]
    unplaced: tuple[Unplaced, ...]
    notes: tuple[str, ...]
    skipped_lines: int
    files: tuple[FileSummary, ...] = ()  # documents read section by section (empty for an article)

    @property
    def counts(self) -> dict[str, int]:
        return {name: len(self.sections.get(name, [])) for name in SECTIONS}

    @property
    def has_playbook(self) -> bool:
        return any(self.sections.get(name) for name in SECTIONS if name != FAQ.name)


@dataclass(slots=True)
class _Line:
    number: int
    raw: str  # stripped, markup kept (bold leads and headings are read from it)
    text: str  # markup removed
    heading: int | None = None  # Markdown level 1-6, 7 for a bold line, 0 for a plain-text heading
    bullet: bool = False


@dataclass(slots=True)
class _Section:
    name: str
    heading: str
    level: int
    lines: list[_Line] = field(default_factory=list)


def extract(text: str) -> Extraction:
    """Find the sections of an article by their headings and split each into records."""
    lines = [_classify(number, raw) for number, raw in enumerate(text.splitlines(), start=1)]
    lines = [line for line in lines if line.text]
    title = lines[0].text if lines else ""
    sections, skipped = _sections(lines[1:])
    found: dict[str, list[dict[str, Any]]] = {name: [] for name in SECTIONS}
    unplaced: list[Unplaced] = []
    notes: list[str] = []
    references: list[str] = []
    faq_heading = ""
    for section in sections:
        if section.name == "references":
            references.extend(line.text for line in section.lines)
            continue
        if section.name == "faq" and not faq_heading:
            faq_heading = section.heading
        parse = _PARSERS[section.name]
        for item in parse(section, unplaced, notes):
            found[section.name].append(item)
    _assign_ids(found)
    return Extraction(
        title=title,
        source="; ".join(references),
        faq_heading=faq_heading,
        sections=found,
        unplaced=tuple(unplaced),
        notes=tuple(notes),
        skipped_lines=skipped,
    )


# ---------------------------------------------------------------------------------------------------
# Lines and sections


def _clean(value: str) -> str:
    value = _LINK.sub(r"\1", value).replace("`", "")
    value = _EMPHASIS.sub(lambda found: found.group(2) or found.group(3) or "", value)
    return " ".join(value.split())


def _classify(number: int, raw: str) -> _Line:
    stripped = raw.strip()
    if heading := _MD_HEADING.match(stripped):
        return _Line(number, stripped, _clean(heading.group(2)), heading=len(heading.group(1)))
    if bold := _BOLD_LINE.match(stripped):
        return _Line(number, stripped, _clean(bold.group(1)) + bold.group(2), heading=7)
    if bullet := _BULLET.match(stripped):
        return _Line(number, bullet.group(1), _clean(bullet.group(1)), bullet=True)
    text = _clean(stripped)
    line = _Line(number, stripped, text)
    if _plain_heading(text):
        line.heading = 0
    return line


def _title_case(text: str) -> bool:
    words = re.findall(r"[^\W\d_][\w'\u2019.&-]*|\d\w*", text)
    small = wordlists.words("small_words.txt")
    significant = [word for word in words if word.casefold() not in small]
    if not words or not significant or not (words[0][0].isupper() or words[0][0].isdigit()):
        return False
    capitalised = sum(1 for word in significant if word[0].isupper() or word[0].isdigit())
    return capitalised / len(significant) >= 0.75


def _plain_heading(text: str) -> bool:
    """A plain-text heading: a short Title Case line without closing punctuation."""
    short = bool(text) and len(text) <= 120 and len(text.split()) <= 16
    return short and text[-1] not in ".?!:;," and _title_case(text)


def _section_of(text: str) -> str | None:
    lead = text.split(":", 1)[0]
    found = _KEYWORD.search(lead)
    return found.lastgroup if found else None


def _sections(lines: list[_Line]) -> tuple[list[_Section], int]:
    """Group lines under the section headings extract knows; count the lines outside them."""
    sections: list[_Section] = []
    current: _Section | None = None
    skipped = 0
    for line in lines:
        opened = _opens(line, current)
        if opened is not None:
            level = line.heading if line.heading is not None else 8
            current = _Section(opened, line.text.rstrip(":"), level)
            sections.append(current)
            continue
        if current is not None and line.heading is not None and not _inside(line, current):
            current = None
        if current is None:
            skipped += 1
        else:
            current.lines.append(line)
    return sections, skipped


def _opens(line: _Line, current: _Section | None) -> str | None:
    """The section this line opens, if it is a heading (or a 'Sub-heading:' line) naming one."""
    if line.bullet or len(line.text.split()) > 16:
        return None
    name = _section_of(line.text)
    if name is None:
        return None
    if line.heading is not None and not (
        current is not None and _inside(line, current) and name == current.name
    ):
        return name
    colon = line.text.endswith(":") and _title_case(line.text)
    if colon and (current is None or name != current.name):
        return name
    return None


def _inside(line: _Line, section: _Section) -> bool:
    """Whether a heading line belongs to the section (a question, a step title, a deeper heading)."""
    level = line.heading
    if level is None:
        return True
    if section.name == "faq" and line.text.endswith("?"):
        return True
    if level == 0:
        return False
    return level > section.level or (level == 7 and section.level != 7)


# ---------------------------------------------------------------------------------------------------
# Section parsers: each yields the section's records and reports the lines it could not place


def _faq(section: _Section, unplaced: list[Unplaced], notes: list[str]) -> Iterator[dict[str, Any]]:
    question: _Line | None = None
    answer: list[str] = []

    def finish() -> Iterator[dict[str, Any]]:
        if question is None:
            return
        if answer:
            yield {
                "question": _QUESTION_PREFIX.sub("", question.text),
                "answer": " ".join(answer),
                "source": section.heading,
            }
        else:
            unplaced.append(Unplaced(question.number, "faq", question.text, "a question without an answer"))

    for line in section.lines:
        if line.text.endswith("?"):
            yield from finish()
            question, answer = line, []
        elif question is None:
            unplaced.append(Unplaced(line.number, "faq", line.text, "before the first question"))
        else:
            answer.append(_ANSWER_PREFIX.sub("", line.text) if not answer else line.text)
    yield from finish()


def _step_title(line: _Line) -> tuple[str, str] | None:
    """(title, rest of the line) when the line starts a playbook step."""
    if line.bullet or line.heading == 7:
        bold = _BOLD_LEAD.match(line.raw)
        if bold and _title_case(_clean(bold.group(1))) and len(bold.group(1).split()) <= 12:
            return _clean(_NUMBERING.sub("", bold.group(1))).rstrip(".:"), _clean(bold.group(2))
    text = _NUMBERING.sub("", line.text)
    words = len(text.split())
    if not words:
        return None
    if line.heading is not None and line.heading > 0 and words <= 12 and text[-1] not in "?":
        return text.rstrip(".:"), ""
    one_sentence = not _SENTENCE.search(text)
    if words <= 10 and text.endswith(".") and one_sentence and _title_case(text):
        return text.rstrip("."), ""
    return None


def _playbook(section: _Section, unplaced: list[Unplaced], notes: list[str]) -> Iterator[dict[str, Any]]:
    title: tuple[_Line, str] | None = None
    body: list[str] = []

    def finish() -> Iterator[dict[str, Any]]:
        if title is None:
            return
        line, name = title
        if not body:
            unplaced.append(Unplaced(line.number, "playbook", line.text, "a step title without explanation"))
            return
        do, why = _do_why(body)
        if why == do:
            notes.append(f"step '{name}' (line {line.number}) has one sentence: used as both 'do' and 'why'")
        yield {"title": name, "do": do, "why": why}

    for line in section.lines:
        step = _step_title(line)
        if step is not None:
            yield from finish()
            title, body = (line, step[0]), [step[1]] if step[1] else []
        elif title is None:
            unplaced.append(Unplaced(line.number, "playbook", line.text, "before the first step title"))
        else:
            body.append(line.text)
    yield from finish()


def _do_why(body: list[str]) -> tuple[str, str]:
    """The last explanation line (or sentence) is the step's why; what comes before it, the do."""
    if len(body) > 1:
        return " ".join(body[:-1]), body[-1]
    sentences = _SENTENCE.split(body[0])
    if len(sentences) > 1:
        return " ".join(sentences[:-1]), sentences[-1]
    return body[0], body[0]


def _risk_name(line: _Line) -> tuple[str, str] | None:
    if line.heading is not None and line.heading > 0:
        return line.text.rstrip(":"), ""
    named = _NAMED.match(line.text)
    if named is None:
        return None
    name = named.group("name").strip()
    if _MITIGATION.match(name + ":") or len(name.split()) > 10 or not _title_case(name):
        return None
    return name, named.group("rest")


def _risks(section: _Section, unplaced: list[Unplaced], notes: list[str]) -> Iterator[dict[str, Any]]:
    current: tuple[_Line, str] | None = None
    body: list[str] = []

    def finish() -> Iterator[dict[str, Any]]:
        if current is None:
            return
        line, name = current
        parts = _MITIGATION.split(" ".join(body), maxsplit=1)
        risk, mitigation = (parts[0].strip(), parts[1].strip()) if len(parts) == 2 else (parts[0], "")
        mitigation = mitigation[:1].upper() + mitigation[1:]
        if risk and mitigation:
            yield {"name": name, "risk": risk, "mitigation": mitigation}
            return
        reason = "a risk without a 'Mitigation:' line" if risk else "a risk without a description"
        unplaced.append(Unplaced(line.number, "risks", line.text, reason))

    for line in section.lines:
        named = None if _MITIGATION.match(line.text) else _risk_name(line)
        if named is not None:
            yield from finish()
            current, body = (line, named[0]), [named[1]] if named[1] else []
        elif current is None:
            unplaced.append(Unplaced(line.number, "risks", line.text, "before the first 'Name:' line"))
        else:
            body.append(line.text)
    yield from finish()


def _bullets(section: _Section, unplaced: list[Unplaced]) -> Iterator[_Line]:
    """The section's list items; a non-bullet line continues the previous item or is unplaced."""
    items: list[_Line] = []
    for line in section.lines:
        if line.text.endswith(":") and _section_of(line.text) == section.name and _title_case(line.text):
            continue  # "Conceptual Tools Stack:" under "Tools, Metrics, and Cadence"
        if line.bullet or (line.heading == 7 and not items):
            items.append(_Line(line.number, line.raw, line.text, bullet=True))
        elif items and line.heading is None:
            items[-1].text += " " + line.text
        else:
            unplaced.append(Unplaced(line.number, section.name, line.text, "not a list item ('- ...')"))
    yield from items


def _split_named(line: _Line) -> tuple[str, str] | None:
    """'**Name**: text', 'Name: text' or 'Name - text' (any dash): the name and its description."""
    bold = _BOLD_LEAD.match(line.raw)
    if bold and _clean(bold.group(2)):
        return _clean(bold.group(1)).rstrip(":."), _clean(bold.group(2))
    named = _NAMED.match(line.text)
    if named and len(named.group("name").split()) <= 8 and _title_case(named.group("name")):
        return named.group("name").strip(), named.group("rest").strip()
    return None


def _tools(section: _Section, unplaced: list[Unplaced], notes: list[str]) -> Iterator[dict[str, Any]]:
    for item in _bullets(section, unplaced):
        named = _split_named(item)
        if named is not None and named[1]:
            yield {"name": named[0], "description": _sentence(named[1])}
            continue
        phrase = _longest_name(item.text)
        if phrase is None:
            unplaced.append(Unplaced(item.number, "tools", item.text, "no Capitalised Name in the item"))
            continue
        yield {"name": phrase, "description": item.text}


def _longest_name(text: str) -> str | None:
    phrases = [found.group() for found in _CAPITALISED.finditer(text)]
    phrases = [phrase for phrase in phrases if len(phrase.split()) >= 2]
    return max(phrases, key=lambda phrase: len(phrase.split()), default=None)


def _metrics(section: _Section, unplaced: list[Unplaced], notes: list[str]) -> Iterator[dict[str, Any]]:
    for item in _bullets(section, unplaced):
        found = list(_METRIC.finditer(item.text))
        if not found:
            named = _split_named(item)
            if named is not None and named[1]:
                yield {"name": named[0], "measures": _sentence(named[1])}
            else:
                reason = "no 'a Name to measure/track ...' or 'Name: description' in the item"
                unplaced.append(Unplaced(item.number, "metrics", item.text, reason))
            continue
        for match, following in zip(found, [*found[1:], None], strict=True):
            end = following.start() if following is not None else len(item.text)
            measures = _TRAILING_JOINER.sub("", item.text[match.end("cue") : end]).strip()
            if measures:
                yield {"name": match.group("name"), "measures": _sentence(measures)}


def _cadence(section: _Section, unplaced: list[Unplaced], notes: list[str]) -> Iterator[dict[str, Any]]:
    for item in _bullets(section, unplaced):
        period = _PERIOD.search(item.text)
        if period is None:
            reason = "no period (weekly, monthly, quarterly, annual, ...) in the item"
            unplaced.append(Unplaced(item.number, "cadence", item.text, reason))
            continue
        word = period.group(1).casefold().replace("-", "")
        word = {"annually": "annual"}.get(word, word)
        phrase = item.text[period.start() :]
        stop = _NAME_STOP.search(phrase)
        name = " ".join((phrase[: stop.start()] if stop else phrase).split()[:6])
        yield {"period": word, "name": name[:1].upper() + name[1:], "what": item.text}


def _sentence(text: str) -> str:
    text = text.strip()
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


_Parser = Callable[[_Section, list[Unplaced], list[str]], Iterator[dict[str, Any]]]
_PARSERS: dict[str, _Parser] = {
    "faq": _faq,
    "playbook": _playbook,
    "risks": _risks,
    "tools": _tools,
    "metrics": _metrics,
    "cadence": _cadence,
}


def _assign_ids(found: dict[str, list[dict[str, Any]]]) -> None:
    """Slugs of the questions and titles, unique across the pack with -2, -3, ... suffixes."""
    taken: set[str] = set()
    for name in SECTIONS:
        for index, item in enumerate(found[name]):
            base = slugify(item[SECTIONS[name].heading]) or f"{name}-{index + 1}"
            candidate, suffix = base, 2
            while candidate in taken:
                candidate = f"{base[: 60 - len(str(suffix)) - 1]}-{suffix}"
                suffix += 1
            taken.add(candidate)
            found[name][index] = {"id": candidate, **item, "alternates": []}


# ---------------------------------------------------------------------------------------------------
# YAML


class _Dumper(yaml.SafeDumper):
    """SafeDumper that indents list items under their key, as people write YAML by hand, and writes a
    text of several lines (a document's Markdown) as a literal `|` block, line for line. A text with an
    unsafe character (safetext's table) is written double-quoted, where that character is an escape."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    if unsafe().search(value) is None:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)
    # A lone surrogate cannot come from a UTF-8 file, and YAML has no escape a parser would read back.
    value = re.sub("[\ud800-\udfff]", "\ufffd", value)
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"')


_Dumper.add_representer(str, _text)


def _dump(document: Mapping[str, Any]) -> str:
    text = yaml.dump(
        dict(document), Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=YAML_WIDTH, indent=2
    )
    # PyYAML (allow_unicode) escapes only what YAML cannot hold, and writes a bidi override or a
    # zero-width space raw: an editor would show the pack's text in another order than it is stored.
    # Every text holding one is double-quoted (see _text), where `\uXXXX` reads back as the character.
    text = unsafe().sub(lambda found: f"\\u{ord(found.group()):04x}", text)
    lines = text.splitlines()
    spaced: list[str] = []
    for previous, line in zip(["", *lines], lines, strict=False):
        top_key = previous.startswith(" ") and line != "" and not line.startswith(" ")
        if (line.startswith("  - ") and not previous.endswith(":")) or top_key:
            spaced.append("")
        spaced.append(line)
    return "\n".join(spaced) + "\n"


def pack_files(result: Extraction, article: str, version: str) -> dict[str, str | None]:
    """{file name: YAML text}, with None for a file the pack must not have (no playbook sections)."""
    name = visible(article).replace("\n", "\\n")  # a comment line stays one line, whatever the name
    header = (
        f"# leadercli knowledge pack extracted from {name} by `leadercli extract` (leadercli {version}).\n"
        "# Alternates are empty: add the other ways people ask, then check with `leadercli validate DIR`.\n"
    )
    faq: dict[str, Any] = {}
    if result.title:
        faq["title"] = result.title
    if result.source:
        faq["source"] = result.source
    faq[FAQ.key] = result.sections[FAQ.name]
    files: dict[str, str | None] = {FAQ_FILE: header + _dump(faq), PLAYBOOK_FILE: None}
    if result.has_playbook:
        playbook: dict[str, Any] = {}
        if result.title:
            playbook["title"] = result.title
        if result.source:
            playbook["reference"] = result.source
        for name, section in SECTIONS.items():
            if section.file == PLAYBOOK_FILE and result.sections[name]:
                playbook[section.key] = result.sections[name]
        files[PLAYBOOK_FILE] = header + _dump(playbook)
    return files
