"""The public JSON shapes of every command, built from records: scripts rely on these field names.

Pure data: no Rich, no Typer, so `--json` runs never import a terminal library. Fields may be added;
never renamed or dropped (see docs/json.md).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from leadercli.packs.pack import Pack, RecordSource
from leadercli.packs.sections import FAQ, SECTIONS, Record

if TYPE_CHECKING:
    from leadercli.answering import Reply
    from leadercli.matching import Match
    from leadercli.matching.evaluate import Failure
    from leadercli.matching.evaluate import Report as EvalReport
    from leadercli.packs.extract import Extraction
    from leadercli.packs.findings import Finding
    from leadercli.packs.overview import Overview
    from leadercli.packs.validate import Report as ValidationReport
    from leadercli.search import Results
    from leadercli.store.housekeeping import Cleared, Temporary
    from leadercli.store.housekeeping import Entry as CacheEntry


def dumps(document: object, indent: int | None = 2) -> str:
    """Exactly one JSON document, readable, with nothing a terminal would act on."""
    import json  # ~2 ms: only when JSON is printed

    text = json.dumps(document, ensure_ascii=False, indent=indent)
    if text.isascii() and "\x7f" not in text:  # json.dumps escaped C0: nothing else unsafe is ASCII
        return text  # (most answers: the escape table is ~2,000 entries to build)
    from leadercli.safetext import json_escapes

    return text.translate(json_escapes())


def dumps_line(document: object) -> str:
    """One JSON document on one line, for JSON Lines files."""
    return dumps(document, indent=None)


def record(item: Record) -> dict[str, Any]:
    """A record with its own fields, plus `id`, `section` and the `question`/`answer` every record has."""
    section = SECTIONS[item.section]
    view: dict[str, Any] = {"id": item.id, "section": item.section, "question": item.heading}
    if section.numbered:
        view["number"] = item.number  # type: ignore[union-attr]
    view |= {name: getattr(item, name) for name in section.fields}
    view.setdefault("answer", item.answer)
    view |= {"alternates": list(item.alternates), "tags": list(item.tags)}
    return view


def overview(whole: Overview) -> dict[str, Any]:
    """A whole section (or a document heading with sub-sections) as `ask`'s `match` and `show --json`
    give it: the fields of a record, `kind` "overview" and its `records`."""
    return {
        "id": whole.name,
        "section": whole.records[0].section if whole.records else whole.name,
        "question": whole.title,
        "answer": "\n".join(f"- {item.heading}" for item in whole.records),
        "score": 100,
        "confidence": 1.0,  # the section itself was asked for
        "source": whole.name,
        "context": "",
        "kind": "overview",  # a whole section (or a document heading) asked for: see `records`
        "records": [record(item) for item in whole.records],
    }


def ask(pack: RecordSource, reply: Reply) -> dict[str, Any]:
    """`ask --json`: {query, answered, match, alternatives, truncated, places}.

    A section asked for whole ("what are the risks") is a match whose `id` and `section` name the
    section, with its records (added field `records`)."""
    decision, places = reply.decision, reply.places
    match: dict[str, Any] | None = None
    if reply.overview is not None:
        match = overview(reply.overview)
    elif decision.answered and decision.best is not None:
        best = _found(pack, decision.best)
        match = {
            "id": best.id,
            "section": best.section,
            "question": best.heading,
            "answer": best.answer,
            "score": _score(decision.best.score),
            "confidence": None if decision.confidence is None else round(decision.confidence, 4),
            "source": getattr(best, "source", best.section),  # a FAQ entry's own source, else its section
            "context": getattr(best, "context", ""),
            "kind": "record",
        }
    return {
        "query": decision.query,
        "answered": match is not None,
        "match": match,
        "alternatives": [candidate(pack, item) for item in decision.alternatives],
        "truncated": decision.truncated,
        "places": [
            {
                "id": hit.record.id,
                "section": hit.record.section,
                "question": hit.record.heading,
                "score": hit.score,
            }
            for hit in places
        ],
    }


def candidate(pack: RecordSource, match: Match) -> dict[str, Any]:
    found = _found(pack, match)
    return {"id": found.id, "section": found.section, "question": found.heading, "score": _score(match.score)}


def faq(pack: Pack) -> dict[str, Any]:
    """`faq --json`: the entries grouped by their most shared tag, plus every tag with all its ids."""
    from leadercli.export import tag_groups, tag_index

    return {
        "reference": pack.source,
        "count": len(pack.of(FAQ)),
        "groups": [
            {"tag": tag, "entries": [record(entry) for entry in entries]}
            for tag, entries in tag_groups(pack.of(FAQ))
        ],
        "tags": tag_index(pack.of(FAQ)),
    }


def section(pack: Pack, name: str, items: tuple[Record, ...]) -> dict[str, Any]:
    """`playbook` (as "steps"), `risks`, `metrics`, `cadence`, `tools`, `insights --json`:
    {reference, <name>: [record, ...]}."""
    return {"reference": pack.source, name: [record(item) for item in items]}


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
        "reference": pack.source,
        "counts": pack.counts(),
        "sections": {name: [record(item) for item in pack.sections.get(name, ())] for name in SECTIONS},
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
        "findings": [finding(item) for item in report.findings],
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
        "documents": [
            {
                "file": summary.name,
                "headings": summary.headings,
                "records": summary.records,
                "how": summary.how,
                "skipped": [
                    {"line": item.line, "text": item.text, "reason": item.reason} for item in summary.skipped
                ],
            }
            for summary in result.files
        ],
    }


def finding(item: Finding) -> dict[str, Any]:
    """One finding of `validate --json`."""
    return {
        "severity": item.severity,
        "code": item.code,
        "file": item.file,
        "line": item.line,
        "message": item.message,
        "ids": list(item.ids),
        "similarity": item.similarity,
        "related": [{"file": file, "line": line} for file, line in item.related],
        "column": item.column,
    }


def evaluation(report: EvalReport) -> dict[str, Any]:
    """`eval --json`: rates as fractions, confusions as objects, failures with scores."""
    return {
        "cases": report.cases,
        "top1_accuracy": report.top1_accuracy,
        "in_scope_accuracy": report.in_scope_accuracy,
        "oos_recall": report.oos_recall,
        "oos_precision": report.oos_precision,
        "false_rejections": report.false_rejections,
        "questions_per_second": round(report.questions_per_second, 1),
        "threshold": report.threshold,  # null when the confidence decided (see min_confidence)
        "margin": report.margin,
        "min_confidence": report.min_confidence,
        "confusions": [
            {"expect": expect, "got": got, "count": count} for expect, got, count in report.confusions
        ],
        "histogram": report.histogram,
        "failures": [failure(item) for item in report.failures],
    }


def failure(item: Failure) -> dict[str, Any]:
    """One failed case, in `eval --json` and in each line of `eval --errors FILE`."""
    return {"query": item.query, "expect": item.expect, "got": item.got, "score": round(item.score, 2)}


def cache_info(
    directory: str, entries: list[CacheEntry], temporaries: list[Temporary] | None = None
) -> dict[str, Any]:
    """`cache info --json`: the cache directory and every file in it (`problem` says why an entry
    cannot be read at all; `temporaries` are writes in progress or, when stale, left by a killed one)."""
    return {
        "directory": directory,
        "entries": [
            {
                "file": str(e.path),
                "bytes": e.size,
                "pack": e.pack_dir,
                "fresh": e.fresh,
                "kind": e.kind,
                "problem": e.problem or None,
            }
            for e in entries
        ],
        "total_bytes": sum(e.size for e in entries),
        "temporaries": [{"file": str(t.path), "bytes": t.size, "stale": t.stale} for t in temporaries or []],
    }


def cache_cleared(directory: str, cleared: Cleared) -> dict[str, Any]:
    """`cache clear --json`: how many compiled packs were removed from where, and what had to stay."""
    return {
        "directory": directory,
        "removed": cleared.removed,
        "temporaries_removed": cleared.temporaries,
        "problems": [{"file": str(path), "problem": problem} for path, problem in cleared.problems],
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
