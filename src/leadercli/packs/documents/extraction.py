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
        files.append(FileSummary(document.name, len(document.outline.headings), records, skipped))
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

    as_article = extract(read_text(path))
    article_records = sum(as_article.counts.values()) if as_article.sections[FAQ.name] else 0
    document_records = len(as_documents.sections[FAQ.name]) if as_documents else 0
    if article_records == 0 and document_records == 0:
        raise DataError("no sections with text to make records of (headings only, or empty)", path=path)
    if as_documents is None or article_records >= document_records:
        return as_article
    return as_documents
