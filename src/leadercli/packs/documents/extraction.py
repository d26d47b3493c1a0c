"""`extract` of documents: the sections a reader sees, each an entry with an empty list of alternates to
fill in, and a summary per file of what became a record and what did not (with its line and why)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from leadercli.errors import DataError
from leadercli.packs.documents.records import Document, entries
from leadercli.packs.extract import Extraction, FileSummary, Unplaced
from leadercli.packs.sections import FAQ, SECTIONS, FaqEntry


def from_documents(documents: list[Document]) -> Extraction:
    """Documents read as they are: every section with text an entry, every other heading said."""
    found = entries(documents)
    by_file: dict[str, list[FaqEntry]] = {}
    for entry in found.entries:
        by_file.setdefault(entry.path, []).append(entry)
    files = []
    for document in documents:
        skipped = tuple(
            Unplaced(item.line, "faq", item.text, item.reason)
            for name, item in found.skipped
            if name == document.name
        )
        records = len(by_file.get(document.path, []))
        how = _how_they_add_up(document, records, skipped)
        files.append(FileSummary(document.name, len(document.outline.headings), records, skipped, how))
    single = documents[0].outline if len(documents) == 1 else None
    faq: list[dict[str, Any]] = [
        {"id": e.id, "question": e.question, "answer": e.answer, "source": e.source}
        | ({"context": e.context} if e.context else {})
        | {"alternates": []}
        for e in found.entries
    ]
    return Extraction(
        title=single.title if single else "",
        source=single.source if single else "",
        faq_heading="",
        sections={name: faq if name == FAQ.name else [] for name in SECTIONS},
        unplaced=tuple(item for summary in files for item in summary.skipped),
        notes=(),
        skipped_lines=0,
        files=tuple(files),
    )


def extract_path(path: Path) -> Extraction:
    """A pack's worth of records from an article or documents: a folder is read as documents; a file
    both as an article (FAQ, playbook, risks... found by their headings) and as a document (every
    section with text), and the reading that accounts for more of it wins (the seed article reads as
    an article, a project's FAQ with statement headings as a document)."""
    from leadercli.packs.documents.load import NO_DOCUMENTS, read
    from leadercli.packs.extract import extract

    documents = read(path)
    as_documents = from_documents(documents) if documents else None
    if path.is_dir():
        if as_documents is None:
            raise DataError(NO_DOCUMENTS, path=path)
        return as_documents
    from leadercli.packs.safeyaml import read_text

    as_article = extract(read_text(path, legacy=True))
    article_records = sum(as_article.counts.values()) if as_article.sections[FAQ.name] else 0
    document_records = len(as_documents.sections[FAQ.name]) if as_documents else 0
    if article_records == 0 and document_records == 0:
        raise DataError("no sections with text to make records of (headings only, or empty)", path=path)
    if as_documents is None or article_records >= document_records:
        return as_article
    return as_documents


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _how_they_add_up(document: Document, records: int, skipped: tuple[Unplaced, ...]) -> str:
    """How headings, records and what is not a record relate, when they do not add up at a glance:
    the text before the first heading is a record without a heading, repeated sub-headings ("Symptom")
    join the record above, and front matter or a row of badges is not a heading. "" when headings =
    records + not records."""
    headings = len(document.outline.headings)
    lines = {heading.line for heading in document.outline.headings}
    introduction = int(document.outline.introduction is not None)
    not_headings = sum(item.line not in lines for item in skipped)
    from_headings = records - introduction
    folded = headings - from_headings - (len(skipped) - not_headings)
    if not (introduction or folded or not_headings):
        return ""
    said = f"{_plural(headings, 'heading')} = {from_headings} records"
    said += f" + {folded} folded into the section above" if folded else ""
    said += f" + {len(skipped) - not_headings} not records"
    if introduction:
        said += "; 1 more record: the text before the first heading"
    if not_headings:
        verb = "is" if not_headings == 1 else "are"
        said += f"; {not_headings} of the not records {verb} no heading (front matter, text before the first)"
    return said
