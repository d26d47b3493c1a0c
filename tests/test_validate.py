"""validate: each finding on a small broken pack, naming file and line; exit codes 0 / 1 / 2."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from leadercli.errors import DataError
from leadercli.packs.findings import Finding
from leadercli.packs.template import FILES
from leadercli.packs.validate import NEAR_DUPLICATE, near_duplicate_score, validate
from tests.conftest import MINI_FAQ, SHIPPED, write_pack

PackMaker = Callable[..., Path]


def only(findings: tuple[Finding, ...], code: str) -> Finding:
    matching = [finding for finding in findings if finding.code == code]
    assert len(matching) == 1, findings
    return matching[0]


def test_a_clean_pack_has_no_findings_and_exit_0(make_pack: PackMaker) -> None:
    report = validate(make_pack())
    assert report.findings == ()
    assert report.exit_code == 0
    assert report.records == 2 and report.phrasings == 6 and report.ranked == 4


def test_the_init_template_is_clean(tmp_path: Path) -> None:
    for name, content in FILES.items():
        (tmp_path / name).write_text(content, encoding="utf-8")
    report = validate(tmp_path)
    assert report.findings == () and report.exit_code == 0


def test_schema_error_names_file_line_entry_and_field(make_pack: PackMaker) -> None:
    pack = make_pack(MINI_FAQ.replace("    answer: Refunds are given within thirty days.\n", ""))
    report = validate(pack)
    finding = only(report.findings, "invalid")
    assert finding.severity == "error"
    assert finding.file == str(pack / "faq.yaml") and finding.line == 9  # the entry (the field is absent)
    assert finding.message == "entry 'refunds', field 'answer': is missing"
    assert finding.ids == ("refunds",)
    assert report.exit_code == 2


def test_empty_field_is_an_error(make_pack: PackMaker) -> None:
    pack = make_pack(MINI_FAQ.replace("question: Can I get a refund?", 'question: "  "'))
    finding = only(validate(pack).findings, "invalid")
    assert (finding.line, finding.message) == (10, "entry 'refunds', field 'question': is empty")


def test_duplicate_id_is_an_error_at_the_second_definition(make_pack: PackMaker) -> None:
    pack = make_pack(MINI_FAQ.replace("id: refunds", "id: pricing"))
    report = validate(pack)
    finding = only(report.findings, "duplicate-id")
    assert finding.line == 9 and "faq.yaml:4" in finding.message and finding.ids == ("pricing",)
    assert report.exit_code == 2


def test_invalid_yaml_is_an_error_with_its_line(make_pack: PackMaker) -> None:
    pack = make_pack(MINI_FAQ + "  - id: [unclosed\n")
    finding = only(validate(pack).findings, "invalid")
    assert finding.file.endswith("faq.yaml") and finding.line in (13, 14)  # the bad line, or the end
    assert finding.message.startswith("invalid YAML")


def test_unknown_field_is_a_warning_with_file_and_line(make_pack: PackMaker) -> None:
    pack = make_pack(MINI_FAQ.replace("    tags: [price]\n", "    tags: [price]\n    colour: blue\n"))
    report = validate(pack)
    finding = only(report.findings, "unknown-field")
    assert finding.severity == "warning"
    assert (finding.file, finding.line) == (str(pack / "faq.yaml"), 9)
    assert finding.message == "entry 'pricing': unknown field 'colour' (ignored)"
    assert finding.ids == ("pricing",)
    assert report.exit_code == 1


MISSPELT_PLAYBOOK = """\
title: T
refrence: R
steps:
  - {title: S, do: D, why: W, tgas: [x]}
risks:
  - {name: Risk, risk: R, mitigation: M, alternate: [a risk]}
tools:
  - {name: Tool, description: D, Description: D}
metrics:
  - {name: Metric, measures: M, measure: M}
cadence:
  - {period: monthly, name: Review, what: W, wat: W}
"""


@pytest.mark.parametrize(
    ("where", "key", "meant"),
    [
        ("faq.yaml:2", "setings", "settings"),
        ("faq.yaml:1", "treshold", "threshold"),
        ("faq.yaml:6", "anwser", "answer"),
        ("faq.yaml:7", "alternate", "alternates"),
        ("playbook.yaml:2", "refrence", "reference"),
        ("playbook.yaml:4", "tgas", "tags"),
        ("playbook.yaml:6", "alternate", "alternates"),
        ("playbook.yaml:8", "Description", "description"),
        ("playbook.yaml:10", "measure", "measures"),
        ("playbook.yaml:12", "wat", "what"),
    ],
)
def test_a_misspelt_field_is_a_warning_that_says_what_was_meant(
    make_pack: PackMaker, where: str, key: str, meant: str
) -> None:
    """In every section, the settings and at the top level of both files; `anwser` beside an answer."""
    faq = (
        "settings: {treshold: 50}\nsetings: {}\nentries:\n  - id: a\n    question: Q\n"
        "    anwser: A\n    alternate: [a question]\n    answer: A\n"
    )
    report = validate(make_pack(faq, playbook=MISSPELT_PLAYBOOK))
    found = [
        finding
        for finding in report.findings
        if finding.code == "unknown-field"
        and f"unknown field '{key}'" in finding.message
        and f"{Path(finding.file).name}:{finding.line}" == where
    ]
    assert len(found) == 1, report.findings
    assert found[0].severity == "warning"
    assert found[0].message.endswith(f"unknown field '{key}' (ignored; did you mean '{meant}'?)")
    assert report.exit_code == 1


@pytest.mark.parametrize(
    ("faq", "message"),
    [
        (
            "entries:\n  - id: a\n    question: Q\n    anwser: A\n",
            "entry 'a', field 'answer': is missing (line 4 has 'anwser': did you mean 'answer'?)",
        ),
        (
            "entries:\n  - idd: a\n    question: Q\n    answer: A\n",
            "entry #1 in 'entries', field 'id': is missing (line 2 has 'idd': did you mean 'id'?)",
        ),
        (
            "title: T\nentires:\n  - {id: a}\n",
            "missing top-level key 'entries' (line 2 has 'entires': did you mean 'entries'?)",
        ),
        ("entries:\n  - id: a\n    question: Q\n    colour: A\n", "entry 'a', field 'answer': is missing"),
    ],
    ids=["field", "id", "top-level", "not-alike"],
)
def test_a_required_field_misspelt_is_an_error_that_says_what_was_meant(
    make_pack: PackMaker, faq: str, message: str
) -> None:
    finding = only(validate(make_pack(faq)).findings, "invalid")
    assert finding.message == message


def test_unknown_top_level_field_in_the_playbook(make_pack: PackMaker) -> None:
    pack = make_pack(playbook="title: T\nextra: 1\n")
    finding = only(validate(pack).findings, "unknown-field")
    assert (Path(finding.file).name, finding.line, finding.ids) == ("playbook.yaml", 2, ())


def test_near_duplicate_phrasings_name_both_ids_places_and_similarity(make_pack: PackMaker) -> None:
    # "retrun policy" (a typo) in pricing is a near-duplicate of refunds' "return policy".
    faq = MINI_FAQ.replace(
        "[what is the price, monthly fee]", "[what is the price, monthly fee, retrun policy]"
    )
    pack = make_pack(faq)
    report = validate(pack)
    finding = only(report.findings, "near-duplicate")
    assert finding.severity == "warning"
    assert finding.ids == ("pricing", "refunds")
    assert finding.similarity is not None and NEAR_DUPLICATE <= finding.similarity < 100
    assert (finding.line, finding.related) == (7, ((str(pack / "faq.yaml"), 12),))
    assert '"retrun policy" / "return policy"' in finding.message
    assert report.exit_code == 1


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("report exclude", "report include"),  # coverage's "[report] exclude_also" / "[report] include"
        ("about prometheus 3 0 migration guide", "prometheus 2 0 migration guide"),
    ],
)
def test_a_number_or_a_real_word_apart_is_not_a_near_duplicate(first: str, second: str) -> None:
    assert near_duplicate_score(first, second) == 0.0
    assert near_duplicate_score("retrun policy", "return policy") >= NEAR_DUPLICATE  # a typo still is


def test_identical_phrasings_in_two_records_are_an_error(make_pack: PackMaker) -> None:
    faq = MINI_FAQ.replace("[money back, return policy]", "[money back, return policy, What is the price?]")
    pack = make_pack(faq)
    report = validate(pack)
    finding = only(report.findings, "duplicate-phrasing")
    assert finding.severity == "error" and finding.similarity == 100
    assert finding.ids == ("pricing", "refunds")
    assert (finding.line, finding.related[0][1]) == (7, 12)
    assert report.exit_code == 2


def test_an_alternate_ask_would_answer_with_another_record_is_reported(make_pack: PackMaker) -> None:
    # The same phrasing in both records: the matcher can answer it with at most one of them.
    faq = MINI_FAQ.replace("[money back, return policy]", "[money back, return policy, what is the price]")
    findings = validate(make_pack(faq)).findings
    routed = [f for f in findings if f.code in {"misrouted-alternate", "unanswered-alternate"}]
    assert routed, findings
    assert all(set(f.ids) == {"pricing", "refunds"} and f.line in {7, 12} for f in routed)
    wrong = [f for f in routed if f.code == "misrouted-alternate"]
    assert all("ask would answer it wrongly" in f.message for f in wrong)


def test_playbook_phrasings_are_located_on_their_own_lines(make_pack: PackMaker) -> None:
    playbook = """\
        steps:
          - title: Check the Price
            do: Look it up.
            why: It matters.
            alternates:
              - retrun policy
        """
    pack = make_pack(playbook=playbook)
    finding = only(validate(pack).findings, "near-duplicate")
    assert set(finding.ids) == {"check-the-price", "refunds"}
    places = {(Path(finding.file).name, finding.line), *((Path(f).name, line) for f, line in finding.related)}
    assert places == {("faq.yaml", 12), ("playbook.yaml", 6)}


def test_not_a_pack_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"no faq\.yaml"):
        validate(tmp_path)
    with pytest.raises(DataError, match="no such directory"):
        validate(tmp_path / "missing")


def test_the_shipped_pack_validates_without_errors() -> None:
    report = validate(SHIPPED)
    assert report.errors == 0
    assert report.exit_code == 0
    assert all(finding.file and finding.line > 0 for finding in report.findings)


def test_write_pack_helper_is_reused(tmp_path: Path) -> None:
    """The conftest helper and validate agree on what a pack directory is."""
    assert validate(write_pack(tmp_path / "p")).exit_code == 0


def test_held_out_check_finds_alternates_that_lean_towards_another_record(make_pack: PackMaker) -> None:
    # "monthly fee amount" belongs to refunds here, but its words are the pricing entry's: a reader asking
    # it that way, unlisted, would get the price (and pricing's own "monthly fee", held out, now lands on
    # refunds). Only the held-out check can see that; on the whole pack each alternate is its own.
    faq = MINI_FAQ.replace("[money back, return policy]", "[money back, return policy, monthly fee amount]")
    directory = make_pack(faq)
    assert not [f for f in validate(directory).findings if f.code == "misrouted-alternate"]
    held = [f for f in validate(directory, held_out=True).findings if f.code == "misrouted-alternate"]
    assert {f.ids for f in held} == {("refunds", "pricing"), ("pricing", "refunds")}
    leaning = next(f for f in held if f.ids[0] == "refunds")
    assert "monthly fee amount" in leaning.message
    assert "when 'refunds' does not list it" in leaning.message
    assert leaning.line == 12


def test_an_answer_longer_than_a_screen_is_flagged(make_pack: PackMaker) -> None:
    """A sign of merged sections: an answer that does not fit a screen."""
    long = "\n".join(f"      line {number}" for number in range(60))
    faq = (
        f"entries:\n  - id: long\n    question: Q?\n    answer: |\n{long}\n"
        "  - id: short\n    question: R?\n    answer: A.\n"
    )
    report = validate(make_pack(faq))
    (found,) = [finding for finding in report.findings if finding.code == "long-answer"]
    assert found.ids == ("long",) and "60 lines" in found.message


def test_a_wide_tables_padding_is_not_a_long_answer(tmp_path: Path) -> None:
    """docker ps' options table (blind8) was "4,869 characters", most of them its columns' padding."""
    rows = "\n".join(f"| `--flag{number}` {' ' * 120}| Does {number}. {' ' * 120}|" for number in range(20))
    document = tmp_path / "ps.md"
    header = f"| Name {' ' * 120}| Description {' ' * 120}|\n|---|---|"
    document.write_text(f"# ps\n\n## Options\n\n{header}\n{rows}\n")
    report = validate(document)
    assert not [finding for finding in report.findings if finding.code == "long-answer"]


def test_a_long_code_example_is_not_a_long_answer(tmp_path: Path) -> None:
    example = "\n".join(f"step_{number}()" for number in range(80))
    document = tmp_path / "guide.md"
    document.write_text(f"# Guide\n\n## Example\n\nThe whole workflow:\n\n```python\n{example}\n```\n")
    report = validate(document)
    assert not [finding for finding in report.findings if finding.code == "long-answer"]


def test_a_section_and_the_sections_under_it_are_not_near_duplicates(tmp_path: Path) -> None:
    """A child's phrasing holds its parent's heading as context: alike, but not one question twice."""
    document = tmp_path / "guide.md"
    document.write_text(
        "# Guide\n\n## Warning: found a space in the home path\n\nSpaces break scripts.\n\n"
        "### How to fix\n\nMove the home folder.\n\n## Install\n\nUse pip.\n"
    )
    report = validate(document)
    assert not [finding for finding in report.findings if "duplicate" in finding.code]


def test_sibling_sections_are_compared_by_their_own_headings(tmp_path: Path) -> None:
    """Was: "Writing good CL descriptions > Good" and "... > Generated CL descriptions" were 91% alike,
    the shared parent doing all of it (blind6); two siblings that differ in a word or two still are."""
    document = tmp_path / "guide.md"
    document.write_text(
        "# Guide\n\n## Writing good CL descriptions\n\nIntro.\n\n### Good\n\nA.\n\n"
        "### Generated CL descriptions\n\nB.\n\n### Bad CL Descriptions\n\nC.\n\n"
        "### Good CL Descriptions\n\nD.\n\n### Review tooling\n\nE.\n\n### Reviw tooling\n\nF.\n\n"
        "### before\n\nG.\n\n### since\n\nH.\n"  # docker ps' filters: stop words, and titles
    )
    found = [finding for finding in validate(document).findings if finding.code == "near-duplicate"]
    assert [finding.ids for finding in found] == [("review-tooling", "reviw-tooling")]


def test_records_without_alternates_are_named_where_alternates_pay(make_pack: PackMaker) -> None:
    sparse = (
        "entries:\n  - {id: a, question: A?, answer: a.}\n"
        "  - {id: b, question: B?, answer: b., alternates: [bee]}\n"
    )
    report = validate(make_pack(sparse))  # 3 phrasings for 2 records: fewer than two a record
    assert [finding.ids for finding in report.findings if finding.code == "no-alternates"] == [("a",)]
    rich = (
        "entries:\n  - {id: a, question: A?, answer: a., alternates: [ay, aa]}\n"
        "  - {id: b, question: B?, answer: b.}\n"
    )
    assert not [finding for finding in validate(make_pack(rich)).findings if finding.code == "no-alternates"]


@pytest.mark.parametrize("held_out", [False, True], ids=["whole", "held-out"])
def test_progress_goes_from_0_to_1_through_each_stage(make_pack: PackMaker, held_out: bool) -> None:
    told: list[tuple[str, float]] = []
    report = validate(make_pack(), held_out=held_out, progress=lambda stage, done: told.append((stage, done)))
    assert report.ranked == 4
    fractions = [done for _, done in told]
    assert fractions[0] == 0.0 and fractions[-1] == 1.0 and fractions == sorted(fractions)
    stages = list(dict.fromkeys(stage for stage, _ in told))
    ranking = (
        [f"ranking 4 alternates held out ({n} of 5)" for n in range(1, 6)]
        if held_out
        else ["ranking 4 alternates"]
    )
    assert stages == ["reading the pack", "looking for near-duplicates", *ranking, "done"]


def test_progress_on_a_pack_that_does_not_load_still_starts(make_pack: PackMaker) -> None:
    told: list[str] = []
    pack = make_pack(MINI_FAQ.replace("    answer: Refunds are given within thirty days.\n", ""))
    assert validate(pack, progress=lambda stage, done: told.append(stage)).exit_code == 2
    assert told == ["reading the pack"]  # the CLI's bar stops when validate returns, whatever it told
