"""The public JSON shapes of every command, built from records: scripts rely on these field names.

Pure data: no Rich, no Typer, so `--json` runs never import a terminal library. Fields may be added;
never renamed or dropped (see docs/json.md).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from leadercli.pack import CadenceItem, FaqEntry, Metric, Pack, Record, RecordSource, Risk, Step, Tool

if TYPE_CHECKING:
    from leadercli.extract import Extraction
    from leadercli.matching import Decision, Match
    from leadercli.search import Results
    from leadercli.validate import Report as ValidationReport

# JSON escapes C0 controls itself; C1 controls (e.g. \x9b, a one-byte CSI) and bidi controls would pass
# through raw, and a lone surrogate (an undecodable byte of argv, PEP 383) would not even encode: all are
# written as \uXXXX escapes, so a parser reads back the same string.
_C1_ESCAPES = {
    code: f"\\u{code:04x}"
    for code in (
        *range(0x7F, 0xA0),
        0x061C,
        0x200E,
        0x200F,
        *range(0x202A, 0x202F),
        *range(0x2066, 0x206A),
        *range(0xD800, 0xE000),
    )
}


def dumps(document: object) -> str:
    """Exactly one JSON document, readable, with nothing a terminal would act on."""
    return json.dumps(document, ensure_ascii=False, indent=2).translate(_C1_ESCAPES)


def dumps_line(document: object) -> str:
    """One JSON document on one line, for JSON Lines files."""
    return json.dumps(document, ensure_ascii=False).translate(_C1_ESCAPES)


def record(item: Record) -> dict[str, Any]:
    """A record with its own fields, plus `id`, `section` and the `question`/`answer` every record has."""
    view: dict[str, Any] = {"id": item.id, "section": item.section, "question": item.heading}
    if isinstance(item, FaqEntry):
        view |= {"answer": item.text, "source": item.source}
    elif isinstance(item, Step):
        view |= {"number": item.number, "title": item.title, "do": item.do, "why": item.why}
    elif isinstance(item, Risk):
        view |= {"name": item.name, "risk": item.risk, "mitigation": item.mitigation}
    elif isinstance(item, Tool):
        view |= {"name": item.name, "description": item.description}
    elif isinstance(item, Metric):
        view |= {"name": item.name, "measures": item.measures}
    elif isinstance(item, CadenceItem):
        view |= {"period": item.period, "name": item.name, "what": item.what}
    view.setdefault("answer", item.answer)
    view |= {"alternates": list(item.alternates), "tags": list(item.tags)}
    return view


def ask(pack: RecordSource, decision: Decision) -> dict[str, Any]:
    """`ask --json`: {query, answered, match, alternatives, truncated}."""
    match = None
    if decision.answered and decision.best is not None:
        best = _found(pack, decision.best)
        match = {
            "id": best.id,
            "section": best.section,
            "question": best.heading,
            "answer": best.answer,
            "score": _score(decision.best.score),
            "source": best.source if isinstance(best, FaqEntry) else best.section,
        }
    return {
        "query": decision.query,
        "answered": match is not None,
        "match": match,
        "alternatives": [candidate(pack, item) for item in decision.alternatives],
        "truncated": decision.truncated,
    }


def candidate(pack: RecordSource, match: Match) -> dict[str, Any]:
    found = _found(pack, match)
    return {"id": found.id, "section": found.section, "question": found.heading, "score": _score(match.score)}


def playbook(pack: Pack) -> dict[str, Any]:
    return {"reference": pack.reference, "steps": [record(step) for step in pack.steps]}


def risks(pack: Pack) -> dict[str, Any]:
    return {"reference": pack.reference, "risks": [record(risk) for risk in pack.risks]}


def faq(pack: Pack) -> dict[str, Any]:
    """`faq --json`: the entries grouped by their most shared tag, plus every tag with all its ids."""
    from leadercli.export import tag_groups, tag_index

    return {
        "reference": pack.reference,
        "count": len(pack.faq),
        "groups": [
            {"tag": tag, "entries": [record(entry) for entry in entries]}
            for tag, entries in tag_groups(pack.faq)
        ],
        "tags": tag_index(pack.faq),
    }


def section(pack: Pack, name: str, items: tuple[Record, ...]) -> dict[str, Any]:
    """`metrics`, `cadence`, `tools`, `insights --json`: {reference, <name>: [record, ...]}."""
    return {"reference": pack.reference, name: [record(item) for item in items]}


def search(results: Results) -> dict[str, Any]:
    """`search --json`: every hit with where it matched and the spans to highlight in its snippet."""
    hits = []
    for hit in results.hits:
        snippet, heading = hit.snippet, hit.heading
        hits.append(
            {
                "id": hit.record.id,
                "section": hit.record.section,
                "question": hit.record.heading,
                "score": _score(hit.score),
                "field": snippet.name,
                "snippet": snippet.text,
                "spans": [list(span) for span in snippet.spans],
                "question_spans": [list(span) for span in heading.spans],
                "fields": list(dict.fromkeys(match.name for match in hit.fields)),
                "matched": list(hit.matched),
            }
        )
    return {
        "query": results.query,
        "terms": list(results.terms),
        "count": len(hits),
        "total": results.total,
        "results": hits,
    }


def export(pack: Pack) -> dict[str, Any]:
    """`export --format json`: the whole pack, every record in full, grouped by section."""
    return {
        "title": pack.title,
        "source": pack.source,
        "reference": pack.reference,
        "counts": pack.counts(),
        "sections": {
            name: [record(item) for item in items]
            for name, items in (
                ("faq", pack.faq),
                ("playbook", pack.steps),
                ("risks", pack.risks),
                ("tools", pack.tools),
                ("metrics", pack.metrics),
                ("cadence", pack.cadence),
            )
        },
    }


def written(path: str, kind: str, size: int, **extra: Any) -> dict[str, Any]:
    """`export -o FILE --json`, `cadence --ics -o FILE --json`: what was written where."""
    return {"path": path, "format": kind, "bytes": size, **extra}


def content(kind: str, text: str) -> dict[str, Any]:
    """`export --format markdown|html --json` without -o: the document as one JSON string."""
    return {"format": kind, "content": text}


def about(pack: Pack, *, shipped: bool) -> dict[str, Any]:
    """`about --json`: which pack is active, what it is and how much it holds."""
    return {
        "directory": str(pack.directory),
        "title": pack.title,
        "source": pack.source,
        "counts": pack.counts(),
        "shipped": shipped,
    }


def validation(report: ValidationReport) -> dict[str, Any]:
    """`validate --json`: every finding (file, line, severity, code, message, ids, similarity, related)."""
    return {
        "directory": str(report.directory),
        "ok": not report.findings,
        "exit_code": report.exit_code,
        "errors": report.errors,
        "warnings": report.warnings,
        "findings": [finding.to_json() for finding in report.findings],
        "checked": {
            "records": report.records,
            "phrasings": report.phrasings,
            "comparisons": report.comparisons,
            "alternates_ranked": report.ranked,
        },
        "notes": list(report.notes),
    }


def extraction(result: Extraction, article: str, directory: str, files: list[str]) -> dict[str, Any]:
    """`extract --json`: what was found per section, what could not be placed, and what was written."""
    return {
        "article": article,
        "directory": directory,
        "files": files,
        "title": result.title,
        "source": result.source,
        "counts": result.counts,
        "unplaced": [
            {"line": item.line, "section": item.section, "text": item.text, "reason": item.reason}
            for item in result.unplaced
        ],
        "notes": list(result.notes),
        "skipped_lines": result.skipped_lines,
    }


def initialised(directory: str, files: list[str]) -> dict[str, Any]:
    """`init DIR --json`: the new pack's directory and files."""
    return {"directory": directory, "files": files}


def _found(pack: RecordSource, match: Match) -> Record:
    found = pack.find(match.id)
    if found is None:  # the matcher was built from this pack, so this is a programming error
        raise LookupError(f"matcher returned unknown id {match.id!r}")
    return found


def _score(score: float) -> int:
    return max(0, min(100, round(score)))
