"""search: every record and field, typo-tolerant at the word level, ranked, with spans to highlight."""

from __future__ import annotations

import json
import signal
from collections.abc import Callable
from pathlib import Path

import pytest

from leadercli.packs.loader import load_pack
from leadercli.packs.pack import Pack
from leadercli.packs.sections import PLAYBOOK, RISKS, Record
from leadercli.search import FieldMatch, Hit, Results, SearchIndex, fields, search, terms, window, word_match
from tests.conftest import SHIPPED, run

PackMaker = Callable[..., Path]


def search_pack(pack: Pack, query: str, limit: int | None = None) -> Results:
    """Search a loaded pack as the CLI searches a compiled one: through its postings."""
    return search(SearchIndex.build(pack.records()), pack.find, query, limit)


@pytest.fixture(scope="module")
def shipped() -> Pack:
    return load_pack(SHIPPED)


def test_terms_drop_stop_words_unless_nothing_else_is_left() -> None:
    assert terms("What is the Talent retention, talent?") == ("talent", "retention")
    assert terms("the") == ("the",)
    assert terms("  ,;  ") == ()


@pytest.mark.parametrize(
    ("term", "word", "matches"),
    [
        ("talent", "talent", True),
        ("ethic", "ethical", True),  # a prefix
        ("retension", "retention", True),  # one substitution
        ("ethcial", "ethical", True),  # two letters swapped count as one typo
        ("lecunn", "lecun", True),
        ("meta", "beta", False),  # a typo in a four-letter word would match too much
        ("roi", "rio", False),  # short words must match exactly or as a prefix
        ("talent", "latent", False),
    ],
)
def test_word_match_tolerates_one_typo_in_words_of_five_letters_or_more(
    term: str, word: str, matches: bool
) -> None:
    assert (word_match(term, word) > 0) is matches


def test_exact_beats_prefix_beats_typo() -> None:
    assert word_match("talent", "talent") > word_match("talent", "talents") > word_match("talnet", "talent")


def test_every_record_field_is_searchable(shipped: Pack) -> None:
    step = shipped.of(PLAYBOOK)[0]
    names = [field.name for field in fields(step)]
    assert names[:3] == ["title", "do", "why"]
    assert names.count("alternates") == len(step.alternates)
    assert names.count("tags") == len(step.tags)
    risk = shipped.of(RISKS)[0]
    assert {"name", "risk", "mitigation"} <= {field.name for field in fields(risk)}


def test_typo_finds_the_metric_first_with_the_right_spans(shipped: Pack) -> None:
    results = search_pack(shipped, "talent retension")
    assert results.terms == ("talent", "retension")
    best = results.hits[0]
    assert best.record.id == "metric-talent-retention-rate"
    heading = best.heading
    assert [heading.text[start:end] for start, end in heading.spans] == ["Talent", "Retention"]
    assert "Retention" in best.matched or "retention" in best.matched
    scores = [hit.score for hit in results.hits]
    assert scores == sorted(scores, reverse=True)
    assert all(1 <= score <= 100 for score in scores)


def test_search_reaches_every_section(shipped: Pack) -> None:
    sections = {
        "lecun": "faq",
        "monoculture": "risks",
        "portfolio": "tools",
        "quarterly": "cadence",
        "compliance": "metrics",
        "pioneers": "playbook",
    }
    for query, section in sections.items():
        assert search_pack(shipped, query).hits[0].record.section == section, query


def test_snippet_prefers_the_answer_and_its_spans_point_at_matched_words(shipped: Pack) -> None:
    hit = next(hit for hit in search_pack(shipped, "persistent memory").hits if hit.record.section == "faq")
    snippet = hit.snippet
    assert snippet.name == "answer"
    found = [snippet.text[start:end].casefold() for start, end in snippet.spans]
    assert set(found) <= {"persistent", "memory"} and found


def test_window_cuts_long_text_around_the_first_match_and_shifts_spans() -> None:
    text = " ".join(f"word{i}" for i in range(100)) + " needle " + " ".join(f"tail{i}" for i in range(50))
    start = text.index("needle")
    cut = window(FieldMatch("answer", text, ((start, start + 6),), 1.0), width=60)
    assert cut.text.startswith("…") and cut.text.endswith("…")
    assert len(cut.text) <= 62
    (span,) = cut.spans
    assert cut.text[span[0] : span[1]] == "needle"


def test_a_markdown_snippet_reads_as_text(tmp_path: Path) -> None:
    """Was: a document's snippet showed its fences and links as written (Cortex's playbooks, blind7:
    "google-compute-engine ``` 2. Download `gsutil` ``` wget"). A match in a link's target goes too."""
    document = tmp_path / "guide.md"
    document.write_text(
        "# Install gsutil\n\nFirst:\n\n```sh\napt install google-cloud\n```\n\n"
        "2. Download **`gsutil`** from [the bucket](https://storage.example/gsutil.tar.gz) \\*now\\*.\n",
        encoding="utf-8",
    )
    (hit,) = search_pack(load_pack(document), "gsutil").hits
    snippet = hit.snippet
    assert snippet.text == "First: apt install google-cloud 2. Download gsutil from the bucket *now*."
    assert [snippet.text[start:end] for start, end in snippet.spans] == ["gsutil"]
    # code keeps its characters (h5py's page, blind10: `f(a, **kwds)` read "f(a, kwds)")
    document.write_text("# T\n\n## Call\n\nUse `f(a, **kwds)`:\n\n```python\ng(**kwds)\n```\n")
    (hit,) = search_pack(load_pack(document), "kwds").hits
    assert hit.snippet.text == "Use f(a, **kwds): g(**kwds)"


def test_a_snippet_hides_inline_html_tags_but_code_keeps_them(tmp_path: Path) -> None:
    """A runbook's table (blind15) showed `<nobr>`backup-fetch`</nobr>` in its snippet."""
    document = tmp_path / "runbook.md"
    document.write_text(
        "# Backups\n\n| Command | What |\n|---|---|\n| <nobr>`backup-fetch`</nobr> | Press <kbd>Y</kbd> |\n\n"
        "Write `<br>` for a break.\n",
        encoding="utf-8",
    )
    (hit,) = search_pack(load_pack(document), "fetch").hits
    assert (
        hit.snippet.text == "| Command | What | |---|---| | backup-fetch | Press Y | Write <br> for a break."
    )


def test_a_word_inside_a_camelcase_identifier_is_found_and_marked(tmp_path: Path) -> None:
    """Cortex's playbooks (blind7) name each alert `CortexIngesterHasNotShippedBlocks`: `search shipped`
    finds it and marks the word inside it. A name of two parts ("LeCun", "GitHub") and a hash are not
    identifiers."""
    document = tmp_path / "playbooks.md"
    document.write_text(
        "# Alerts\n\n## CortexIngesterHasNotShippedBlocks\n\nAn ingester uploads nothing.\n\n"
        "## Tokens\n\nThe key wst5qhBgk2LuShipped and GitHub.\n"
    )
    results = search_pack(load_pack(document), "shipped")
    assert [hit.record.id for hit in results.hits] == ["cortexingesterhasnotshippedblocks"]
    heading = results.hits[0].heading
    assert [heading.text[start:end] for start, end in heading.spans] == ["Shipped"]
    assert not search_pack(load_pack(document), "hub").hits


def test_no_hits_and_empty_query(shipped: Pack) -> None:
    assert search_pack(shipped, "xyzzy plugh").hits == ()
    assert search_pack(shipped, "").hits == ()


def test_ranking_is_deterministic_in_pack_order_on_ties(make_pack: PackMaker) -> None:
    pack = load_pack(
        make_pack(
            "entries:\n"
            "  - {id: b, question: Budget one, answer: x}\n"
            "  - {id: a, question: Budget two, answer: x}\n"
        )
    )
    assert [hit.record.id for hit in search_pack(pack, "budget").hits] == ["b", "a"]
    assert [hit.record.id for hit in search_pack(pack, "budget", limit=1).hits] == ["b"]


def test_search_and_ask_share_one_typo_policy() -> None:
    """A word `ask` would correct is a word `search` finds, and the other way round (matching.speller)."""
    from leadercli.matching.speller import within_budget

    pairs = [
        ("retension", "retention"), ("ethcial", "ethical"), ("lecunn", "lecun"), ("meta", "beta"),
        ("talent", "latent"), ("stratgy", "strategy"), ("apple", "apply"), ("philosophcal", "philosophical"),
        ("researchers", "reserchers"), ("invest", "invent"), ("bread", "read"),
    ]  # fmt: skip
    for term, word in pairs:
        typo = within_budget(term, word)
        assert (word_match(term, word) > 0) is (typo is not None), (term, word)


def test_postings_find_exactly_what_a_scan_of_every_record_finds(shipped: Pack) -> None:
    """Candidates come from postings, not a scan: for any query the hits must be the scan's, in order."""
    every = list(shipped.records())
    index = SearchIndex.build(every)
    for query in ("talent retension", "meta", "ai safty board", "monthly", "lecun startup", "zzz", "the"):
        wanted = terms(query)
        scanned = [hit for record in every if (hit := _scan(record, wanted)) is not None]
        scanned.sort(key=lambda hit: -hit.score)  # stable: pack order on ties
        found = search(index, shipped.find, query).hits
        assert [(hit.record.id, hit.score) for hit in found] == [(h.record.id, h.score) for h in scanned], (
            query
        )


def _scan(record: Record, wanted: tuple[str, ...]) -> Hit | None:
    from leadercli.search import _score

    return _score(record, wanted)


def test_a_compiled_pack_searches_from_its_search_file(make_pack: PackMaker, tmp_path: Path) -> None:
    """The first search writes the search file; the next one reads only it and the records it shows."""
    import os

    from leadercli.store.compiled import open_pack, search_file

    os.environ["LEADERCLI_CACHE_DIR"] = str(tmp_path / "cache")
    try:
        directory = make_pack()
        first = open_pack(directory)
        assert [hit.record.id for hit in search(first.search_index(), first.find, "price").hits] == [
            "pricing"
        ]
        assert search_file(directory).is_file()
        second = open_pack(directory)
        assert second._pack is None  # served from the cache: nothing loaded whole
        again = search(second.search_index(), second.find, "price").hits
        assert [hit.record.id for hit in again] == ["pricing"] and second._pack is None
        second.close()
    finally:
        del os.environ["LEADERCLI_CACHE_DIR"]


def test_an_identifier_finds_the_places_that_write_it_not_its_words(tmp_path: Path) -> None:
    """`GITHUB_ENV` is one term when the pack writes it; a compound the pack never writes is its words."""
    guide = tmp_path / "ci.md"
    guide.write_text(
        "# CI\n\nRun it in CI.\n\n## GitHub Actions\n\nUse the GitHub runner and set env vars.\n\n"
        "## Exporting\n\nWrite to `$GITHUB_ENV` so later steps see the variables.\n\n"
        "## Files\n\nKeep `uv.lock` next to pyproject.\n",
        encoding="utf-8",
    )
    found = json.loads(run("--pack", str(guide), "search", "GITHUB_ENV", "--json").stdout)
    assert found["terms"] == ["github_env"]
    assert [hit["id"] for hit in found["results"]] == ["exporting"]
    snippet, spans = found["results"][0]["snippet"], found["results"][0]["spans"]
    assert [snippet[start:end] for start, end in spans] == ["GITHUB_ENV"]
    assert (
        json.loads(run("--pack", str(guide), "search", "uv.lock", "--json").stdout)["results"][0]["id"]
        == "files"
    )
    parts = json.loads(run("--pack", str(guide), "search", "GITHUB_RUNNER", "--json").stdout)
    assert parts["terms"] == ["github", "runner"]
    assert parts["results"][0]["id"] == "github-actions"


def test_a_version_the_pack_never_writes_is_not_searched_for_its_digits() -> None:
    """ "14.3" finds the Scale investment; "4.3" and "6.2.0" are in no place, though "3", "2" and "0" are."""
    known = {"14.3"}.__contains__
    assert terms("14.3", known) == ("14.3",)
    assert terms("4.3", known) == ()
    assert terms("mkdocs 6.2.0", known) == ("mkdocs",)
    assert terms("python3.12-slim", known) == ("python3", "slim")  # words, not numbers, are kept
    found = json.loads(run("search", "14.3", "--json").stdout)["results"]
    assert "scale-investment" in [hit["id"] for hit in found]
    assert json.loads(run("search", "4.3", "--json").stdout)["results"] == []


def test_a_pasted_page_is_searched_for_its_first_words_only() -> None:
    """14,000 distinct words (98 KB) once cost ask's places minutes of typo matching; the first
    MAX_TERMS words are what a search looks for."""
    from leadercli.search import MAX_TERMS

    words = [f"w{number:05d}x" for number in range(14_000)]
    assert terms(" ".join(words)) == tuple(words[:MAX_TERMS])
    signal.signal(signal.SIGALRM, lambda *_: pytest.fail("ask on a 98 KB question hung"))
    signal.alarm(60)
    try:
        result = run("ask", " ".join(words), "--json")
    finally:
        signal.alarm(0)
    assert result.exit_code == 1 and json.loads(result.stdout)["answered"] is False


def test_a_word_is_found_in_its_other_spelling(tmp_path: Path) -> None:
    """ "catalogue" is two letters from "catalog", beyond a typo's budget, and one word all the same."""
    from leadercli.search import SearchIndex

    pack = tmp_path / "notes.md"
    pack.write_text(
        "## Shop\n\nThe catalog lists items at the center desk.\n\n## Other\n\nNothing.\n", encoding="utf-8"
    )
    index = SearchIndex.build(load_pack(pack).records())
    assert index.matches("catalogue") == {"catalog": 0.8} and index.matches("centre") == {"center": 0.8}
    result = run("--pack", str(pack), "search", "catalogue", "--json")
    assert [hit["id"] for hit in json.loads(result.stdout)["results"]] == ["shop"]


def test_a_huge_word_is_one_pass_not_a_hang() -> None:
    """A hash or a data URI of 300,000 letters: COMPOUND once scanned to its end from every letter."""
    from leadercli.search import tokens

    found = [match.group() for match in tokens("x" * 300_000 + " uv.lock and GITHUB_ENV")]
    assert found[-2:] == ["uv.lock", "GITHUB_ENV"] and len(found) == 8  # 6 words, 2 compounds


def test_a_word_is_found_in_its_other_forms(tmp_path: Path) -> None:
    """`search configure` finds "Configuration" and `search installing` finds "install", as `ask` does."""
    pack = tmp_path / "notes.md"
    pack.write_text("## Configuration\n\nEdit the file.\n\n## Setup\n\nRun make install.\n", encoding="utf-8")
    for term, expected in (("configure", "configuration"), ("installing", "setup")):
        result = run("--pack", str(pack), "search", term, "--json")
        assert [hit["id"] for hit in json.loads(result.stdout)["results"]] == [expected], term


def test_accents_are_folded_on_both_sides(tmp_path: Path) -> None:
    """A Spanish guide (blind12): `search codigo` found nothing where `código` found five places."""
    document = tmp_path / "guia.md"
    document.write_text("# Guía\n\n## Código de Conducta\n\nSé amable.\n", encoding="utf-8")
    for query in ("codigo", "código", "CÓDIGO"):
        (hit,) = search_pack(load_pack(document), query).hits
        assert [hit.heading.text[start:end] for start, end in hit.heading.spans] == ["Código"]
