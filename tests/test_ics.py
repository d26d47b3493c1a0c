"""The review cadence as RFC 5545 iCalendar, checked by parsing it back with the icalendar library."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

import icalendar
import pytest

from leadercli.errors import LeadercliError
from leadercli.ics import calendar, escape, fold, next_month, parse_start, rrule
from leadercli.packs.loader import load_pack
from leadercli.packs.sections import CADENCE, CadenceItem
from tests.conftest import SHIPPED

STAMP = datetime(2025, 3, 14, 15, 9, 26, tzinfo=timezone.utc)


def events(document: str) -> list[Any]:
    """The VEVENTs, untyped: icalendar's property values are a wide union that tests only read."""
    parsed = icalendar.Calendar.from_ical(document)
    return list(parsed.walk("VEVENT"))


def test_shipped_cadence_becomes_three_recurring_events() -> None:
    pack = load_pack(SHIPPED)
    document = calendar(pack.title, pack.of(CADENCE), start=date(2025, 4, 1), stamp=STAMP)
    found = events(document)
    assert [str(event["SUMMARY"]) for event in found] == [item.name for item in pack.of(CADENCE)]
    rules = [dict(event["RRULE"]) for event in found]
    assert rules == [{"FREQ": ["MONTHLY"]}, {"FREQ": ["MONTHLY"], "INTERVAL": [3]}, {"FREQ": ["YEARLY"]}]
    for event, item in zip(found, pack.of(CADENCE), strict=True):
        assert event.decoded("DTSTART") == date(2025, 4, 1)
        assert event.decoded("DTEND") == date(2025, 4, 2)
        assert event.decoded("DTSTAMP") == STAMP
        assert str(event["DESCRIPTION"]).startswith(item.what)
        assert str(event["UID"]).startswith(f"{item.id}.") and str(event["UID"]).endswith("@leadercli")
    assert len({str(event["UID"]) for event in found}) == 3


def test_lines_are_crlf_and_folded_at_75_octets() -> None:
    item = CadenceItem(id="x", period="monthly", name="Ré" * 80, what="ü, ; \\ and\nnewline " * 20)
    document = calendar("Title", (item,), start=date(2025, 1, 1), stamp=STAMP)
    assert document.endswith("\r\n")
    lines = document.split("\r\n")[:-1]
    assert all("\n" not in line and "\r" not in line for line in lines)
    assert all(len(line.encode("utf-8")) <= 75 for line in lines)
    (event,) = events(document)
    assert str(event["SUMMARY"]) == item.name  # unfolded without breaking a UTF-8 character
    assert str(event["DESCRIPTION"]).startswith(item.what)


def test_escape_and_fold_units() -> None:
    assert escape("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert escape("bell\x07") == "bell"
    assert fold("A" * 75) == "A" * 75 + "\r\n"
    assert fold("A" * 76) == "A" * 75 + "\r\n A\r\n"
    folded = fold("é" * 40)  # 80 octets: the cut falls inside no character
    assert folded.replace("\r\n ", "").removesuffix("\r\n") == "é" * 40


def test_timed_start_is_a_floating_one_hour_event() -> None:
    item = CadenceItem(id="x", period="quarterly", name="Q", what="W")
    start = parse_start("2025-06-02T09:30")
    (event,) = events(calendar("T", (item,), start=start, stamp=STAMP))
    assert event.decoded("DTSTART") == datetime(2025, 6, 2, 9, 30)
    assert event.decoded("DTSTART").tzinfo is None
    assert str(event["TRANSP"]) == "OPAQUE"
    assert "DTEND" not in event and event.decoded("DURATION").total_seconds() == 3600


def test_unknown_period_is_a_single_event() -> None:
    item = CadenceItem(id="x", period="whenever needed", name="Ad hoc", what="W")
    (event,) = events(calendar("T", (item,), start=date(2025, 1, 1), stamp=STAMP))
    assert "RRULE" not in event
    assert rrule("Annually") == "FREQ=YEARLY" and rrule(" Weekly ") == "FREQ=WEEKLY"


def test_default_start_is_the_first_of_next_month() -> None:
    assert next_month(date(2025, 1, 31)) == date(2025, 2, 1)
    assert next_month(date(2025, 12, 5)) == date(2026, 1, 1)


@pytest.mark.parametrize("value", ["tomorrow", "2025-13-01", "2025-01-01T09:00+02:00", ""])
def test_bad_start_is_a_usage_error(value: str) -> None:
    with pytest.raises(LeadercliError, match="--start"):
        parse_start(value)


def test_the_last_possible_date_is_refused_not_an_internal_error() -> None:
    with pytest.raises(LeadercliError, match="--start '9999-12-31' is too late"):
        parse_start("9999-12-31")
    late = calendar("T", load_pack(SHIPPED).of(CADENCE), start=parse_start("9999-12-30"), stamp=STAMP)
    assert "DTEND;VALUE=DATE:99991231" in late


def test_parse_start_accepts_a_date_or_a_local_time() -> None:
    assert parse_start("2025-05-01") == date(2025, 5, 1)
    assert parse_start("2025-05-01 08:15") == datetime(2025, 5, 1, 8, 15)


@pytest.mark.parametrize("day", [29, 30, 31])
def test_a_monthly_rule_started_late_in_a_month_never_skips_a_month(day: int) -> None:
    pack = load_pack(SHIPPED)
    document = calendar(pack.title, pack.of(CADENCE), start=date(2026, 1, day), stamp=STAMP)
    rules = [dict(event["RRULE"]) for event in events(document)]
    assert rules[0] == {"FREQ": ["MONTHLY"], "BYMONTHDAY": [-1]}  # the last day of every month
    assert rules[1] == {"FREQ": ["MONTHLY"], "INTERVAL": [3], "BYMONTHDAY": [-1]}
    assert rules[2] == {"FREQ": ["YEARLY"]}
    on_the_28th = calendar(pack.title, pack.of(CADENCE), start=date(2026, 1, 28), stamp=STAMP)
    assert dict(events(on_the_28th)[0]["RRULE"]) == {"FREQ": ["MONTHLY"]}
