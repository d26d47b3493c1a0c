"""The review cadence as an iCalendar file (RFC 5545) that calendar apps import as recurring events.

Written by hand rather than with a library: the format needs only a few lines, escaping and folding,
and the CLI should not pay an import for it. Tests parse the output back with `icalendar`.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date, datetime, timedelta, timezone

from leadercli import __version__
from leadercli.errors import LeadercliError
from leadercli.packs.sections import CadenceItem
from leadercli.safetext import strip

# period (casefolded) -> RRULE; a period not listed here gives a single, non-recurring event.
RRULES = {
    "daily": "FREQ=DAILY",
    "weekly": "FREQ=WEEKLY",
    "biweekly": "FREQ=WEEKLY;INTERVAL=2",
    "fortnightly": "FREQ=WEEKLY;INTERVAL=2",
    "monthly": "FREQ=MONTHLY",
    "bimonthly": "FREQ=MONTHLY;INTERVAL=2",
    "quarterly": "FREQ=MONTHLY;INTERVAL=3",
    "semiannual": "FREQ=MONTHLY;INTERVAL=6",
    "semi-annual": "FREQ=MONTHLY;INTERVAL=6",
    "biannual": "FREQ=MONTHLY;INTERVAL=6",
    "half-yearly": "FREQ=MONTHLY;INTERVAL=6",
    "annual": "FREQ=YEARLY",
    "annually": "FREQ=YEARLY",
    "yearly": "FREQ=YEARLY",
}
TIMED_DURATION = "PT1H"  # a timed event (`--start` with a time) lasts an hour; an all-day one a day
_LINE_OCTETS = 75


def rrule(period: str) -> str | None:
    return RRULES.get(period.strip().casefold())


def next_month(today: date) -> date:
    """The first day of the month after `today`: the default start of every event."""
    return date(today.year + today.month // 12, today.month % 12 + 1, 1)


def parse_start(value: str) -> date | datetime:
    """`YYYY-MM-DD` (an all-day event) or `YYYY-MM-DDTHH:MM` / `YYYY-MM-DD HH:MM` (local time)."""
    text = value.strip()
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            if day == date.max:  # an all-day event ends on the next day, which no date can hold
                raise LeadercliError(f"--start {value!r} is too late: an all-day event ends the next day")
            return day
        parsed = datetime.fromisoformat(text)
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is not None:
        raise LeadercliError(
            f"--start {value!r} is not a date (YYYY-MM-DD) or a local date and time (YYYY-MM-DDTHH:MM)"
        )
    return parsed.replace(second=0, microsecond=0)


LAST_SAFE_DAY = 28
"""Every month has a 28th. A monthly rule started on the 29th-31st would skip the months without that
day (RFC 5545 drops dates that do not exist), so such a rule recurs on each month's last day instead."""


def _month_end(rule: str, start: date | datetime) -> str:
    if "FREQ=MONTHLY" in rule and start.day > LAST_SAFE_DAY:
        return f"{rule};BYMONTHDAY=-1"
    return rule


def escape(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newlines escaped; other control and bidi characters
    dropped."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = strip(value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,"))
    return value.replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded at 75 octets (never inside a UTF-8 character), ending in CRLF."""
    data = line.encode("utf-8")
    parts: list[bytes] = []
    limit = _LINE_OCTETS
    while len(data) > limit:
        cut = limit
        while cut > 0 and (data[cut] & 0xC0) == 0x80:  # a continuation byte: step back to the start
            cut -= 1
        parts.append(data[:cut])
        data = data[cut:]
        limit = _LINE_OCTETS - 1  # continuation lines begin with one space
    parts.append(data)
    return "\r\n ".join(part.decode("utf-8") for part in parts) + "\r\n"


def _uid_part(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=5).hexdigest()


def calendar(
    title: str,
    items: Sequence[CadenceItem],
    *,
    start: date | datetime,
    stamp: datetime,
) -> str:
    """A VCALENDAR with one VEVENT per cadence item, recurring by its period.

    UIDs are stable (pack title and record id), so importing a newer export updates the events
    instead of duplicating them.
    """
    utc = stamp.astimezone(timezone.utc) if stamp.tzinfo else stamp.replace(tzinfo=timezone.utc)
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:-//leadercli//leadercli {__version__}//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(f'{title} · review cadence')}",
    ]
    for item in items:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item.id}.{_uid_part(title)}@leadercli",
            f"DTSTAMP:{utc:%Y%m%dT%H%M%SZ}",
            *_when(start),
        ]
        rule = rrule(item.period)
        if rule is not None:
            lines.append(f"RRULE:{_month_end(rule, start)}")
        lines += [
            f"SUMMARY:{escape(item.name)}",
            f"DESCRIPTION:{escape(f'{item.what}{chr(10)}{chr(10)}From: {title}')}",
            f"CATEGORIES:{escape(item.period)}",
            # An all-day reminder should not mark the whole day busy; a timed meeting should.
            f"TRANSP:{'OPAQUE' if isinstance(start, datetime) else 'TRANSPARENT'}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) for line in lines)


def _when(start: date | datetime) -> list[str]:
    if isinstance(start, datetime):  # floating local time: the calendar shows it in the user's own zone
        return [f"DTSTART:{start:%Y%m%dT%H%M%S}", f"DURATION:{TIMED_DURATION}"]
    return [f"DTSTART;VALUE=DATE:{start:%Y%m%d}", f"DTEND;VALUE=DATE:{start + timedelta(days=1):%Y%m%d}"]
