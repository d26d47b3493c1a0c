"""The public JSON shapes of every command, built from records: scripts rely on these field names.

Pure data: no Rich, no Typer, so `--json` runs never import a terminal library. Fields may be added;
never renamed or dropped (see docs/json.md).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from leadercli.pack import CadenceItem, FaqEntry, Metric, Pack, Record, Risk, Step, Tool

if TYPE_CHECKING:
    from leadercli.matcher import Decision, Match

# JSON escapes C0 controls itself; C1 controls (e.g. \x9b, a one-byte CSI) would pass through raw.
_C1_ESCAPES = {code: f"\\u{code:04x}" for code in range(0x7F, 0xA0)}


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


def ask(pack: Pack, decision: Decision) -> dict[str, Any]:
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


def candidate(pack: Pack, match: Match) -> dict[str, Any]:
    found = _found(pack, match)
    return {"id": found.id, "section": found.section, "question": found.heading, "score": _score(match.score)}


def playbook(pack: Pack) -> dict[str, Any]:
    return {"reference": pack.reference, "steps": [record(step) for step in pack.steps]}


def risks(pack: Pack) -> dict[str, Any]:
    return {"reference": pack.reference, "risks": [record(risk) for risk in pack.risks]}


def _found(pack: Pack, match: Match) -> Record:
    found = pack.find(match.id)
    if found is None:  # the matcher was built from this pack, so this is a programming error
        raise LookupError(f"matcher returned unknown id {match.id!r}")
    return found


def _score(score: float) -> int:
    return max(0, min(100, round(score)))
